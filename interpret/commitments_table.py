"""OGP local action plans: the commitments table (commitment -> group -> activity, with two weights).

The table (``headers_commitments.csv``) prints per row a numbered item ("المشروع / النشاط / الاجراء"),
a component text ("المكون"), the row's share of its group ("النسبة / النشاط") and of its commitment
("النسبة / الالتزام"); the commitment label and its 100% total ("مجموع") are printed once per
commitment (a vertically merged cell). Columns are found by their header labels, never by position,
so the visual-order text export, the DOCX and the PDF (one table per page, header repeated) read alike.

How the rows are read:
- page breaks: in a layout of tall rows a page break cuts a row; the first row after the break that
  prints only text (no item number, weight, total or label) is the rest of the row before it and is
  joined to it, one ``page-break-join`` repair per cell;
- shift: when the component text repeats the item of another row at a fixed offset, the component
  and its two weights belong with that item (``normalizers.repair_shift``); they are moved there,
  one ``shift`` repair each. Pairs whose text does not repeat the item are kept by position and noted;
- groups are not labelled: the document's arithmetic finds them (consecutive weights-in-group that
  sum to 100). Each group is a Project (key ``C<n>/G<m>``, title: the component text of its first
  row); a group whose weights do not add up is loaded as printed and noted;
- commitments: labels are carried down, then the weights-in-commitment decide where each commitment
  starts (at a group boundary, sums closest to 100, ties to the printed label). A label printed
  elsewhere is moved (``shift`` repair, with the sums as evidence);
- the printed ``مجموع`` is a StatedMeasure ``weight_in_commitment_sum_pct`` per commitment;
- an unnamed column is read only when its cells are commitment labels, or, in a header that names
  no total, when it is the one column whose cells are all percentages (a ``header-by-content``
  repair: OCR misreads the short bold "مجموع"); the item's number is the one printed in the item
  cell (Tétouan's unnamed number column does not match the items: left unread).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from interpret.base import Interpreter, find_period, plan_record
from normalizers.arabic import fold_digits, fold_key, normalize_text
from normalizers.columns import carry_down
from normalizers.dates import parse_year_range
from normalizers.headers import header_fields, recognise_header
from normalizers.numbers import parse_percent
from normalizers.repair_shift import SAME_TEXT_SIMILARITY, aligned_pairs, detect_shift, text_similarity
from plans.model import (
    Activity,
    ExtractedDocument,
    InterpretedDocument,
    Location,
    Project,
    Repair,
    SourceRef,
    StatedMeasure,
    Table,
)

ITEM = "item"
COMPONENT = "component"
IN_GROUP = "weight_in_group"
IN_COMMITMENT = "weight_in_commitment"
TOTAL = "commitment_total"
COMMITMENT = "commitment"
CHARACTERISTIC = frozenset({ITEM, COMPONENT, IN_GROUP, IN_COMMITMENT, TOTAL})
HEADER_ROWS_SEARCHED = 3
# Whole-number percentages: a group may miss 100 by one point through rounding.
GROUP_TOLERANCE = Decimal(1)
# A text repeated at least this similar is "the same"; below it a pair is "worded differently".
VERBATIM = 0.95
HUNDRED = Decimal(100)
_NUMBERED = re.compile(r"^\s*(\d+)\s*[-.)–]?\s*(.*)$", re.DOTALL)
_LABEL_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class SourceRow:
    """One data row of the logical table: its place in the document and its cells by field."""

    table: int
    row: int
    location: Location
    cells: dict[str, str]

    def text(self, field: str) -> str:
        return self.cells.get(field, "")

    @property
    def ref(self) -> str:
        return f"table {self.table} row {self.row}"


@dataclass
class AlignedRow:
    item: SourceRow | None  # where the numbered item is printed
    weights: SourceRow | None  # where the component and its weights are printed
    in_group: Decimal | None = None
    in_commitment: Decimal | None = None
    group: int = -1
    commitment: int = -1


# --------------------------------------------------------------------------- reading the table


def header_columns(cells: Sequence[str]) -> dict[int, str] | None:
    """Column -> field when the cells are this table's header (an item column and a weight)."""
    fields = header_fields(cells)
    found = set(fields.values())
    if ITEM in found and found & {IN_GROUP, IN_COMMITMENT}:
        return fields
    return None


def label_column(rows: Sequence[Sequence[str]], known: dict[int, str]) -> int | None:
    """The unnamed column whose printed cells are commitment labels ("إلتزام رقم 1")."""
    width = max((len(r) for r in rows), default=0)
    for col in range(width):
        if col in known:
            continue
        texts = [r[col] for r in rows if col < len(r) and r[col].strip()]
        if texts and all(recognise_header(t) == COMMITMENT for t in texts):
            return col
    return None


def total_column(rows: Sequence[Sequence[str]], known: dict[int, str]) -> int | None:
    """The one unnamed column whose printed cells are all percentages, in a header that names no
    total: the printed total whose label OCR misread ("مجموع" read "ف" or "حت"). Two such
    columns name none."""
    if TOTAL in known.values():
        return None
    width = max((len(r) for r in rows), default=0)
    found = []
    for col in range(width):
        texts = [r[col] for r in rows if col < len(r) and r[col].strip()]
        if col not in known and texts and all(_is_percentage(t) for t in texts):
            found.append(col)
    return found[0] if len(found) == 1 else None


def _is_percentage(text: str) -> bool:
    try:
        return "%" in text and parse_percent(text) is not None
    except ValueError:
        return False


def with_total_by_content(
    table: Table, columns: dict[int, str], start: int
) -> tuple[dict[int, str], Repair | None]:
    """The header's columns, with the total column named by its cells when its label names nothing
    (and the ``header-by-content`` repair that says so)."""
    data = [row.texts for i, row in enumerate(table.rows) if i >= start and header_columns(row.texts) is None]
    col = total_column(data, columns)
    if col is None:
        return columns, None
    header = table.rows[start - 1].texts[col] if start > 0 and col < len(table.rows[start - 1].texts) else ""
    repair = Repair(
        table.index,
        start - 1,
        "header-by-content",
        header,
        TOTAL,
        f"header {header!r} names no field; the cells under it print percentages, in the one such "
        "column no label names",
    )
    return columns | {col: TOTAL}, repair


def _rows_of(table: Table, columns: dict[int, str], start: int) -> list[SourceRow]:
    """The table's data rows from ``start``, repeated header rows skipped, cells by field."""
    data = [(i, row) for i, row in enumerate(table.rows) if i >= start and header_columns(row.texts) is None]
    label = label_column([row.texts for _, row in data], columns)
    fields = dict(columns) | ({label: COMMITMENT} if label is not None else {})
    return [
        SourceRow(
            table.index, i, row.location, {f: row.texts[c] for c, f in fields.items() if c < len(row.texts)}
        )
        for i, row in data
    ]


def commitment_tables(doc: ExtractedDocument, repairs: list[Repair]) -> list[list[SourceRow]]:
    """Logical commitments tables: a table with the header, plus the tables that continue it
    (its header printed again on the next page, or no header and the same number of columns).
    A total column named by its cells adds its repair to ``repairs``."""
    logical: list[list[SourceRow]] = []
    previous: tuple[dict[int, str], int] | None = None
    for table in doc.tables:
        found = next(
            (
                (cols, i + 1)
                for i, row in enumerate(table.rows[:HEADER_ROWS_SEARCHED])
                if (cols := header_columns(row.texts)) is not None
            ),
            None,
        )
        width = max((len(r.cells) for r in table.rows), default=0)
        if found is not None:
            columns, by_content = with_total_by_content(table, *found)
            found = (columns, found[1])
            repairs.extend([by_content] if by_content else [])
            rows = _rows_of(table, found[0], found[1])
            # The total's label may be misread on one page and not another (OCR): it does not decide.
            continues = previous is not None and set(previous[0].values()) - {TOTAL} == set(
                found[0].values()
            ) - {TOTAL}
            previous = (found[0], width)
        elif previous is not None and previous[1] == width:
            rows, continues = _rows_of(table, previous[0], 0), True
        else:
            previous = None
            continue
        if continues and logical:
            logical[-1].extend(rows)
        else:
            logical.append(rows)
    return logical


PAGE_BREAK_JOIN = "page-break-join"
# The fields whose text a row split by a page break carries on the next page.
TEXT_FIELDS = (ITEM, COMPONENT)
FIGURE_FIELDS = (IN_GROUP, IN_COMMITMENT, TOTAL, COMMITMENT)


def is_rest_of_row(row: SourceRow, above: SourceRow) -> bool:
    """Whether ``row`` is the rest of ``above``, cut by a page break in a layout of tall rows.

    The row is on a later page than ``above``, prints no item number, no weight, no total and no
    commitment label (those sit on the row's first line, before the break), only text.
    """
    page, before = row.location.page, above.location.page
    if page is None or before is None or page <= before:
        return False
    if any(row.text(f).strip() for f in FIGURE_FIELDS):
        return False
    item = row.text(ITEM)
    return split_number(item)[0] is None and any(row.text(f).strip() for f in TEXT_FIELDS)


def join_split_rows(rows: list[SourceRow]) -> tuple[list[SourceRow], list[Repair]]:
    """The rows with each one split by a page break joined again (one ``page-break-join`` per text)."""
    out: list[SourceRow] = []
    repairs: list[Repair] = []
    for row in rows:
        if not out or not is_rest_of_row(row, out[-1]):
            out.append(row)
            continue
        above = out[-1]
        cells = dict(above.cells)
        for field in TEXT_FIELDS:
            rest = row.text(field)
            if not rest.strip():
                continue
            cells[field] = f"{above.text(field)}\n{rest}" if above.text(field).strip() else rest
            what = "item" if field == ITEM else "component"
            repairs.append(
                Repair(
                    row.table,
                    row.row,
                    PAGE_BREAK_JOIN,
                    f"{normalize_text(above.text(field))} | {normalize_text(rest)}",
                    normalize_text(cells[field]),
                    f"{row.ref} (page {row.location.page}) is the first row after the page break and "
                    f"prints only text, no item number, weight or commitment: the rest of the {what} "
                    f"of {above.ref} (page {above.location.page})",
                )
            )
        out[-1] = SourceRow(above.table, above.row, above.location, cells)
    return out, repairs


def split_number(text: str) -> tuple[int | None, str]:
    """The item's printed number and its text: ``'12 نشر التقارير'`` -> (12, 'نشر التقارير')."""
    clean = normalize_text(text)
    match = _NUMBERED.match(fold_digits(clean))
    if match is None or not match.group(2):
        return None, clean
    return int(match.group(1)), clean[match.start(2) :].strip()


def read_percent(row: SourceRow | None, field: str, notes: list[str]) -> Decimal | None:
    """The cell as a percentage; an unreadable cell is kept raw in the notes, not guessed."""
    if row is None:
        return None
    try:
        return parse_percent(row.text(field))
    except ValueError:
        notes.append(f"{row.ref}: {field} cell unreadable, kept raw: {row.text(field)!r}")
        return None


# --------------------------------------------------------------------------- the arithmetic


def partition_groups(weights: Sequence[Decimal], tolerance: Decimal = GROUP_TOLERANCE) -> list[range]:
    """Consecutive groups of weights that each sum to 100, as many of them as possible.

    Fewest groups that miss 100, then least total miss: a run that cannot make 100 stays one group.
    """
    n = len(weights)
    best: list[tuple[int, Decimal, int] | None] = [None] * (n + 1)
    best[0] = (0, Decimal(0), 0)
    for end in range(1, n + 1):
        for start in range(end):
            before = best[start]
            if before is None:
                continue
            miss = abs(sum(weights[start:end], Decimal(0)) - HUNDRED)
            bad = miss > tolerance
            cost = (before[0] + bad, before[1] + (miss if bad else 0), start)
            current = best[end]
            if current is None or cost[:2] < current[:2]:
                best[end] = cost
    groups: list[range] = []
    end = n
    while end > 0:
        start = best[end][2]  # type: ignore[index]
        groups.append(range(start, end))
        end = start
    return groups[::-1]


def partition_commitments(
    group_sums: Sequence[Decimal], group_starts: Sequence[int], label_rows: Sequence[int]
) -> list[range]:
    """Consecutive runs of groups, one per printed label, whose sums come closest to 100.

    Ties go to the runs starting nearest the printed labels. Without labels, as many commitments
    as the weights make hundreds.
    """
    n = len(group_sums)
    total = sum(group_sums, Decimal(0))
    count = len(label_rows) or max(1, int((total / HUNDRED).to_integral_value()))
    count = min(count, n)
    inf = (Decimal("Infinity"), 0)
    # best[k][end]: (miss, distance) of k runs covering groups[:end], and the last run's start.
    best = [[(inf, -1)] * (n + 1) for _ in range(count + 1)]
    best[0][0] = ((Decimal(0), 0), -1)
    for k in range(1, count + 1):
        for end in range(k, n + 1):
            for start in range(k - 1, end):
                (miss, dist), _ = best[k - 1][start]
                if miss == inf[0]:
                    continue
                run_miss = abs(sum(group_sums[start:end], Decimal(0)) - HUNDRED)
                run_dist = abs(group_starts[start] - label_rows[k - 1]) if label_rows else 0
                cost = (miss + run_miss, dist + run_dist)
                if cost < best[k][end][0]:
                    best[k][end] = (cost, start)
    runs: list[range] = []
    end = n
    for k in range(count, 0, -1):
        start = best[k][end][1]
        runs.append(range(start, end))
        end = start
    return runs[::-1]


# --------------------------------------------------------------------------- repairs and notes


def _describe_item(row: SourceRow | None) -> str:
    if row is None:
        return "no item"
    number, title = split_number(row.text(ITEM))
    return f"item {number} {title[:60]}" if number is not None else f"item {title[:60]}"


def shift_repair(line: AlignedRow, offset: int, support: float) -> Repair:
    moved = line.weights
    assert moved is not None
    before = (
        f"{moved.ref}: component {normalize_text(moved.text(COMPONENT))[:60]}, "
        f"{moved.text(IN_GROUP)}, {moved.text(IN_COMMITMENT)}"
    )
    after = f"{line.item.ref} ({_describe_item(line.item)})" if line.item else "its own row (no item)"
    title = split_number(line.item.text(ITEM))[1] if line.item else ""
    similarity = text_similarity(moved.text(COMPONENT), title)
    if line.item and similarity >= SAME_TEXT_SIMILARITY:
        evidence = (
            f"component text of {moved.ref} repeats the item of {line.item.ref} (similarity {similarity:.2f})"
        )
    else:
        evidence = (
            f"the table's components repeat the item {offset:+d} row(s) away on {support:.0%} of rows; "
            f"this one does not (similarity {similarity:.2f}): moved by position"
        )
    return Repair(moved.table, moved.row, "shift", before, after, evidence)


def pairing_notes(lines: Sequence[AlignedRow]) -> list[str]:
    """Items with no counterpart, texts worded differently or repeated, gaps in the numbering."""
    notes: list[str] = []
    previous_component = ""
    numbers = []
    for line in lines:
        item, moved = line.item, line.weights
        component = moved.text(COMPONENT) if moved else ""
        if item is not None:
            number, title = split_number(item.text(ITEM))
            if number is not None:
                numbers.append(number)
            if moved is None:
                notes.append(f"{item.ref}: {_describe_item(item)} has no component or weights")
            elif component.strip():
                similarity = text_similarity(component, title)
                if similarity < SAME_TEXT_SIMILARITY:
                    notes.append(
                        f"{item.ref}: {_describe_item(item)} paired by position with the component "
                        f"of {moved.ref} '{normalize_text(component)[:60]}' (similarity {similarity:.2f})"
                    )
                elif similarity < VERBATIM:
                    notes.append(f"{moved.ref}: component worded differently from {_describe_item(item)}")
        elif moved is not None:
            notes.append(f"{moved.ref}: component '{normalize_text(component)[:60]}' has no item")
        if moved is not None and component.strip() and fold_key(component) == fold_key(previous_component):
            notes.append(f"{moved.ref}: component text repeated from the row above")
        previous_component = component
    missing = sorted(set(range(min(numbers, default=1), max(numbers, default=0) + 1)) - set(numbers))
    if missing:
        notes.append(f"item numbers not printed: {', '.join(map(str, missing))}")
    return notes


# --------------------------------------------------------------------------- interpretation


def align(rows: list[SourceRow]) -> tuple[list[AlignedRow], list[Repair]]:
    """Pair each item with its component and weights, moving them when the data shows a shift."""
    anchors = [split_number(r.text(ITEM))[1] for r in rows]
    shift = detect_shift(anchors, [r.text(COMPONENT) for r in rows])
    offset = shift.offset if shift else 0
    lines: list[AlignedRow] = []
    repairs: list[Repair] = []
    for a, m in aligned_pairs(len(rows), len(rows), offset):
        item = rows[a] if a is not None and rows[a].text(ITEM).strip() else None
        weights = rows[m] if m is not None else None
        if weights is not None and not any(
            weights.text(f).strip() for f in (COMPONENT, IN_GROUP, IN_COMMITMENT)
        ):
            weights = None
        if item is None and weights is None:
            continue
        line = AlignedRow(item, weights)
        if shift and weights is not None and item is not weights:
            repairs.append(shift_repair(line, offset, shift.support))
        lines.append(line)
    return lines, repairs


def label_of(row: SourceRow) -> str:
    return normalize_text(row.text(COMMITMENT))


def commitment_number(label: str, ordinal: int) -> int:
    match = _LABEL_NUMBER.search(fold_digits(label))
    return int(match.group(1)) if match else ordinal


def carry_labels(rows: list[SourceRow]) -> list[Repair]:
    _, runs = carry_down([r.text(COMMITMENT) for r in rows])
    return [
        Repair(
            rows[run.first].table,
            rows[run.first].row,
            "carry-down",
            f"{rows[run.first].ref} to {rows[run.last].ref}: commitment cell empty",
            normalize_text(run.value),
            f"label printed once at {rows[run.source].ref} (merged cell) for the rows below it",
        )
        for run in runs
    ]


def interpret_rows(rows: list[SourceRow], result: InterpretedDocument) -> None:
    rows, joins = join_split_rows(rows)
    result.repairs.extend(joins)
    lines, repairs = align(rows)
    result.repairs.extend(repairs)
    result.repairs.extend(carry_labels(rows))
    result.notes.extend(pairing_notes(lines))
    for line in lines:
        line.in_group = read_percent(line.weights, IN_GROUP, result.notes)
        line.in_commitment = read_percent(line.weights, IN_COMMITMENT, result.notes)
    weighted = [i for i, line in enumerate(lines) if line.in_group is not None]
    groups = partition_groups([lines[i].in_group or Decimal(0) for i in weighted])
    for g, members in enumerate(groups):
        for k in members:
            lines[weighted[k]].group = g
    for i, line in enumerate(lines):  # rows without weights join the group printed above them
        if line.group < 0:
            line.group = lines[i - 1].group if i > 0 else 0
    position = {id(r): n for n, r in enumerate(rows)}
    count = max((ln.group for ln in lines), default=-1) + 1
    group_lines = [[ln for ln in lines if ln.group == g] for g in range(count)]
    starts = [position[id(gl[0].weights or gl[0].item)] for gl in group_lines]
    printed = [(n, r) for n, r in enumerate(rows) if r.text(COMMITMENT).strip()]
    sums = [sum((ln.in_commitment or Decimal(0) for ln in gl), Decimal(0)) for gl in group_lines]
    runs = partition_commitments(sums, starts, [n for n, _ in printed])
    build_records(rows, lines, group_lines, runs, printed, result)


def build_records(
    rows: list[SourceRow],
    lines: list[AlignedRow],
    group_lines: list[list[AlignedRow]],
    runs: list[range],
    printed: list[tuple[int, SourceRow]],
    result: InterpretedDocument,
) -> None:
    position = {id(r): n for n, r in enumerate(rows)}
    for c, run in enumerate(runs):
        label = label_of(printed[c][1]) if c < len(printed) else f"commitment {c + 1}"
        number = commitment_number(label, c + 1)
        first_row = group_lines[run.start][0]
        start = first_row.weights or first_row.item
        assert start is not None
        if c < len(printed) and printed[c][0] != position[id(start)]:
            result.repairs.append(label_shift_repair(printed[c][1], start, label, group_lines, run))
            result.notes.append(
                f"commitment {number}: label printed at {printed[c][1].ref}, its weights start at {start.ref}"
            )
        members = [ln for g in run for ln in group_lines[g]]
        check_commitment(number, members, result.notes)
        for ln in members:
            ln.commitment = number
        for m, g in enumerate(run, start=1):
            add_group(number, m, group_lines[g], result)
    for row in rows:
        total = row.text(TOTAL)
        if not total.strip():
            continue
        owner = next((ln.commitment for ln in lines if ln.weights is row or ln.item is row), None)
        value = read_percent(row, TOTAL, result.notes)
        if owner is not None and value is not None:
            ref = SourceRef(row.table, row.row, row.location.line, row.location.page, total)
            result.stated.append(
                StatedMeasure("weight_in_commitment_sum_pct", value, ref, f"commitment {owner}")
            )


def label_shift_repair(
    printed: SourceRow, start: SourceRow, label: str, group_lines: list[list[AlignedRow]], run: range
) -> Repair:
    first_group = sum((ln.in_group or Decimal(0) for ln in group_lines[run.start]), Decimal(0))
    total = sum((ln.in_commitment or Decimal(0) for g in run for ln in group_lines[g]), Decimal(0))
    return Repair(
        printed.table,
        printed.row,
        "shift",
        f"{printed.ref}: commitment label {label}",
        f"{start.ref} (first row of its weights)",
        f"the group starting at {start.ref} sums to {first_group}% in its group; the commitment's "
        f"weights from there sum to {total}%",
    )


def check_commitment(number: int, members: list[AlignedRow], notes: list[str]) -> None:
    weights = [ln.in_commitment for ln in members if ln.in_commitment is not None]
    total = sum(weights, Decimal(0))
    # Each whole-number weight is rounded by up to half a point.
    slack = Decimal("0.5") * len(weights)
    if abs(total - HUNDRED) > slack:
        notes.append(f"commitment {number}: weights in commitment sum to {total}%, not 100% (as printed)")
    elif total != HUNDRED:
        notes.append(f"commitment {number}: weights in commitment sum to {total}% (rounded percentages)")


def add_group(commitment: int, ordinal: int, members: list[AlignedRow], result: InterpretedDocument) -> None:
    key = f"C{commitment}/G{ordinal}"
    head = members[0].weights or members[0].item
    assert head is not None
    raw = head.text(COMPONENT) or head.text(ITEM)
    title = normalize_text(raw) if head.text(COMPONENT) else split_number(raw)[1]
    total = sum((ln.in_group or Decimal(0) for ln in members), Decimal(0))
    if abs(total - HUNDRED) > GROUP_TOLERANCE:
        result.notes.append(
            f"group {key} ({head.ref}): weights in group sum to {total}%, not 100% (as printed)"
        )
    elif len(members) > 1:
        result.repairs.append(
            Repair(
                head.table,
                head.row,
                "carry-down",
                f"the {len(members) - 1} rows after {head.ref}: no group cell printed",
                title,
                f"their weights in group and those of {head.ref} sum to {total}%",
            )
        )
    source = SourceRef(head.table, head.row, head.location.line, head.location.page, raw)
    result.projects.append(Project(key=key, code=None, number=ordinal, title=title, source=source))
    for i, ln in enumerate(members, start=1):
        row = ln.item or ln.weights
        assert row is not None
        raw_title = ln.item.text(ITEM) if ln.item else row.text(COMPONENT)
        number, text = split_number(raw_title) if ln.item else (None, normalize_text(raw_title))
        result.activities.append(
            Activity(
                key=f"{key}/A{i:02d}",
                project_key=key,
                title=text,
                number=number,
                commitment_no=commitment,
                group_label=title,
                weight_in_project_pct=ln.in_group,
                weight_in_commitment_pct=ln.in_commitment,
                source=SourceRef(row.table, row.row, row.location.line, row.location.page, raw_title),
            )
        )


def plan_title(doc: ExtractedDocument) -> str | None:
    """The heading line that names the plan with its period, when the document prints one."""
    for paragraph in doc.paragraphs:
        text = normalize_text(paragraph.text)
        if parse_year_range(text) is not None:
            return text
    return None


def score(doc: ExtractedDocument) -> float:
    best = 0.0
    for table in doc.tables:
        for row in table.rows[:HEADER_ROWS_SEARCHED]:
            found = set(header_fields(row.texts).values()) & CHARACTERISTIC
            has_core = ITEM in found and bool(found & {IN_GROUP, IN_COMMITMENT})
            if has_core and len(found) >= 4:
                best = max(best, 0.95)
            elif has_core:
                best = max(best, 0.8)
            elif len(found) >= 2:
                best = max(best, 0.5)
    return best


def interpret(doc: ExtractedDocument, commune: str) -> InterpretedDocument:
    result = plan_record(commune, "action_plan", plan_title(doc), find_period(doc))
    for rows in commitment_tables(doc, result.repairs):
        interpret_rows(rows, result)
    return result


INTERPRETER = Interpreter(name="commitments_table", kind="action_plan", score=score, interpret=interpret)
