"""Co-creation workshop reports: one numbered proposal per table row, grouped by domain and outcome.

The tables (``headers_cocreation.csv``) print a proposal number, its subject, its domain and its
outcome (what became of it). Columns are found by their header labels, never by position, so a table
printed with its columns reversed (Tétouan's last table, French labels on the left) reads the same.

How the tables are read:
- workshop: the heading printed before the table (its Arabic part: the longest run of words without
  Latin letters). A table printed right after another one, with the same header and numbers that go
  on, continues it (the PDF's one table per page). A table with no heading of its own whose numbering
  restarts is a workshop the document does not name: it is labelled with the domains it covers, as
  printed (its domain cells, else the bilingual label paragraphs printed right after it), " / "-joined.
  Two tables printed one after the other with nothing between them come out of a PDF as one table
  with the second header in the middle: the table is cut there and each part read by its own labels;
- the heading is the last Arabic run of the paragraph before the table (a PDF that spaces all lines
  alike gives the cover's lines and the heading as one paragraph);
- domain and outcome are printed once per group (DOCX: vertically merged, arriving as
  ``continues_above``; text: empty cells). A group starts where a domain is printed and runs to the
  next one; its outcome is the outcome text printed inside the group, so a group printed without an
  outcome keeps NULL instead of inheriting the group above. One ``carry-down`` repair per carried
  value and group;
- a merged cell split over a page break (PDF) prints the rest of its text on the next page's first
  row: an outcome fragment inside a group, or a subject on a row without a number, is joined to the
  text above (``join-wrapped`` repair);
- when a table's domain and outcome cells are all empty and their texts are printed as paragraphs
  after it, they are attached only when a paragraph says what it is ("المجال: ..."), and only to a
  table with a single group; otherwise they stay NULL and a note lists them;
- cited commitments: "التزام رقم N", "الالتزام رقم N" (with attached prefixes: "بالالتزام"), and the
  published misspelling "التزم رقم N", matched on ``fold_key`` text (alef and digit variants).
The report states no proposal counts: no StatedMeasure is emitted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from interpret.base import TITLE_SEARCH_BLOCKS, Interpreter, find_period, plan_record
from normalizers.arabic import fold_digits, fold_key, is_arabic, normalize_text
from normalizers.bilingual import split_bilingual
from normalizers.dates import parse_year_range
from normalizers.headers import header_fields, recognise_header
from plans.model import (
    Cell,
    ExtractedDocument,
    InterpretedDocument,
    Location,
    Paragraph,
    Proposal,
    Repair,
    SourceRef,
    Table,
)

PROPOSAL_NO = "proposal_no"
SUBJECT = "subject"
DOMAIN = "domain"
OUTCOME = "outcome"
GROUP_FIELDS = (DOMAIN, OUTCOME)
HEADER_ROWS_SEARCHED = 3
# A bilingual label paragraph (a domain name printed outside its table) is this short.
MAX_LABEL_WORDS = 4
WORKSHOP_SEPARATOR = " / "

# "التزام رقم 5", "الالتزام رقم 2", "بالالتزام رقم 9", misspelt "التزم رقم 3" (on fold_key text).
_CITATION = re.compile(r"(?:التزام|التزم)\s+رقم\s+(\d+)")
_NUMBER = re.compile(r"\s*(\d+)\s*[-.)]?\s*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")
_LABEL_SEPARATOR = re.compile(r"\s*[::]\s*")


# --------------------------------------------------------------------------- small readers


def cited_commitments(text: str | None) -> tuple[int, ...]:
    """Commitment numbers an outcome cites, in order of first citation."""
    if not text:
        return ()
    found = [int(n) for n in _CITATION.findall(fold_key(text))]
    return tuple(dict.fromkeys(found))


def proposal_number(text: str) -> int | None:
    """The printed proposal number ("12", "12.", "١٢"), or None when the cell is not a number."""
    match = _NUMBER.fullmatch(fold_digits(normalize_text(text)))
    return int(match.group(1)) if match else None


def arabic_runs(text: str) -> list[str]:
    """The runs of words without Latin letters that hold Arabic words, in order."""
    runs: list[list[str]] = [[]]
    for word in normalize_text(text).split():
        if _LATIN.search(word):
            runs.append([])
        else:
            runs[-1].append(word)
    return [" ".join(run).strip(" :;,.-–—/*") for run in runs if any(is_arabic(w) for w in run)]


def arabic_part(text: str) -> str:
    """The Arabic part of a bilingual line: its longest run of words without Latin letters."""
    return max(arabic_runs(text), key=lambda run: len(run.split()), default="")


def is_printed(cell: Cell | None) -> bool:
    """A cell that prints text here (not empty, not the continuation of a merged cell)."""
    return cell is not None and not cell.continues_above and bool(cell.text.strip())


def header_columns(cells: Sequence[str]) -> dict[int, str] | None:
    """Column -> field when the cells are a proposals header (a number and a subject column)."""
    fields = header_fields(cells)
    return fields if {PROPOSAL_NO, SUBJECT} <= set(fields.values()) else None


# --------------------------------------------------------------------------- logical tables


@dataclass(frozen=True)
class SourceRow:
    """One data row: where it is printed and its cells by field."""

    table: int
    row: int
    location: Location
    cells: dict[str, Cell]
    page_start: bool = False  # the first data row of a physical table that continues another one

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.text if cell is not None else ""

    def printed(self, name: str) -> bool:
        return is_printed(self.cells.get(name))

    @property
    def ref(self) -> str:
        return f"row {self.row} of table {self.table}"


@dataclass
class ProposalTable:
    """A logical proposals table: one or more physical tables (pages) under one heading."""

    heading: str | None
    columns: dict[int, str]
    width: int  # cells per row of its first page
    rows: list[SourceRow] = field(default_factory=list)
    after: list[Paragraph] = field(default_factory=list)  # paragraphs printed after it
    heading_fr: str | None = None  # the heading's French translation, when printed

    @property
    def first_table(self) -> int:
        return self.rows[0].table if self.rows else -1

    def numbers(self) -> list[int]:
        return [n for r in self.rows if (n := proposal_number(r.text(PROPOSAL_NO))) is not None]


def find_header(table: Table) -> tuple[dict[int, str], int] | None:
    for i, row in enumerate(table.rows[:HEADER_ROWS_SEARCHED]):
        columns = header_columns(row.texts)
        if columns is not None:
            return columns, i + 1
    return None


def sections(
    table: Table, columns: dict[int, str], start: int
) -> list[tuple[dict[int, str], list[SourceRow]]]:
    """The table's data rows from ``start``, cut where a header row is printed again: each part
    with the columns of the header above it. Two tables printed one after the other with nothing
    between them come out of a PDF as one table; the second one's header (its columns possibly in
    another order) is then a row in the middle, and the rows below it are read by its labels."""
    parts: list[tuple[dict[int, str], list[SourceRow]]] = [(columns, [])]
    for i, row in enumerate(table.rows):
        if i < start:
            continue
        header = header_columns(row.texts)
        if header is not None:
            parts.append((header, []))
            continue
        current, rows = parts[-1]
        cells = {f: row.cells[c] for c, f in current.items() if c < len(row.cells)}
        rows.append(SourceRow(table.index, i, row.location, cells))
    return [parts[0], *(part for part in parts[1:] if part[1])]


def continues(previous: ProposalTable | None, columns: dict[int, str], rows: list[SourceRow]) -> bool:
    """Same columns and numbering that goes on (a restart at 1 is a new workshop)."""
    if previous is None or previous.columns != columns:
        return False
    before = previous.numbers()
    first = next((n for r in rows if (n := proposal_number(r.text(PROPOSAL_NO))) is not None), None)
    return not before or first is None or first > before[-1]


def heading_start(paragraphs: Sequence[Paragraph]) -> int:
    """Index of the heading (last Arabic paragraph) among the paragraphs before a table."""
    for i in range(len(paragraphs) - 1, -1, -1):
        if is_arabic(normalize_text(paragraphs[i].text), threshold=0.0):
            return i
    return len(paragraphs)


def heading_of(paragraphs: Sequence[Paragraph]) -> str | None:
    """The last Arabic run of the last Arabic paragraph printed before a table, if any: the text
    printed nearest the table. (A PDF that spaces every line alike gives the cover's lines and the
    heading as one paragraph, bilingual: "... أكتوبر 2022 : Cocréation ... الورشة ... Atelier ...".)"""
    at = heading_start(paragraphs)
    if at == len(paragraphs):
        return None
    runs = arabic_runs(paragraphs[at].text)
    words = runs[-1].split() if runs else []
    # the words before its first Arabic one end the text above it ("Octobre 2022 الورشة ...")
    while words and not is_arabic(words[0]):
        words.pop(0)
    return " ".join(words) or None


def heading_fr(paragraphs: Sequence[Paragraph]) -> str | None:
    """The French part of the heading printed before a table (on its line or the lines after it)."""
    at = heading_start(paragraphs)
    return split_bilingual(" ".join(p.text for p in paragraphs[at:])).french if at < len(paragraphs) else None


def table_columns(
    table: Table, previous: ProposalTable | None, between: Sequence[Paragraph]
) -> tuple[dict[int, str], int] | None:
    """Its own header, or, for a page printed without one right after a proposals table, that
    table's columns when the widths agree."""
    found = find_header(table)
    if found is not None:
        return found
    width = max((len(r.cells) for r in table.rows), default=0)
    if previous is not None and not between and width == previous.width:
        return previous.columns, 0
    return None


def proposal_tables(doc: ExtractedDocument) -> list[ProposalTable]:
    """The document's logical proposals tables, in order, with their headings and trailing text."""
    logical: list[ProposalTable] = []
    between: list[Paragraph] = []  # paragraphs since the last table
    previous: ProposalTable | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                between.append(block)
            continue
        found = table_columns(block, previous, between)
        if previous is not None:
            # What follows a table up to the next table's heading is printed "after" it.
            previous.after.extend(between[: heading_start(between)] if found else between)
        if found is None:
            previous, between = None, []
            continue
        width = max((len(r.cells) for r in block.rows), default=0)
        for n, (part_columns, rows) in enumerate(sections(block, *found)):
            if previous is not None and not between and continues(previous, part_columns, rows):
                previous.rows.extend(replace(r, page_start=n == 0 and i == 0) for i, r in enumerate(rows))
            else:
                previous = ProposalTable(
                    heading_of(between), part_columns, width, rows, heading_fr=heading_fr(between)
                )
                logical.append(previous)
            between = []
    if previous is not None:
        previous.after.extend(between)
    return logical


# --------------------------------------------------------------------------- groups


@dataclass
class Group:
    """Rows sharing one printed domain (and the outcome printed with it)."""

    leader: SourceRow
    rows: list[SourceRow]
    domain: str | None
    outcome_parts: list[str]

    @property
    def outcome(self) -> str | None:
        return normalize_text(" ".join(self.outcome_parts)) or None


def group_rows(rows: Sequence[SourceRow], repairs: list[Repair]) -> list[Group | None]:
    """For each row, its group: a group starts where the domain is printed (or, in a table that
    prints no domain, where the outcome is). Rows before any group get None."""
    leader_field = DOMAIN if any(r.printed(DOMAIN) for r in rows) else OUTCOME
    groups: list[Group | None] = []
    current: Group | None = None
    for row in rows:
        if row.printed(leader_field):
            domain = normalize_text(row.text(DOMAIN)) if leader_field == DOMAIN else ""
            outcome = [row.text(OUTCOME)] if row.printed(OUTCOME) else []
            current = Group(row, [row], domain or None, outcome)
        elif current is not None:
            current.rows.append(row)
            if row.printed(OUTCOME):
                repairs.append(outcome_join(current, row))
                current.outcome_parts.append(row.text(OUTCOME))
        groups.append(current)
    return groups


def outcome_join(group: Group, row: SourceRow) -> Repair:
    fragment = normalize_text(row.text(OUTCOME))
    where = "the first row of a page" if row.page_start else "a row"
    return Repair(
        row.table,
        row.row,
        "join-wrapped",
        fragment,
        normalize_text(" ".join([*group.outcome_parts, row.text(OUTCOME)])),
        f"outcome text printed on {where} ({row.ref}) where no new group starts: it continues the "
        f"outcome printed at {group.leader.ref} (a merged cell split over a page break)",
    )


def row_spans(rows: Sequence[SourceRow]) -> str:
    """'rows 2-9 of table 0 and rows 1-4 of table 1' for rows in document order."""
    spans: dict[int, list[int]] = {}
    for row in rows:
        spans.setdefault(row.table, []).append(row.row)
    return " and ".join(f"rows {min(r)}-{max(r)} of table {t}" for t, r in spans.items())


def carry_repairs(group: Group) -> list[Repair]:
    """One carry-down repair per value the group's later rows inherit from its first row."""
    carried = group.rows[1:]
    if not carried:
        return []
    repairs: list[Repair] = []
    for name, value in ((DOMAIN, group.domain), (OUTCOME, group.outcome)):
        if value:
            repairs.append(
                Repair(
                    carried[0].table,
                    carried[0].row,
                    "carry-down",
                    "",
                    value,
                    f"{row_spans(carried)} empty under the {name} printed at {group.leader.ref} "
                    "(one cell for the group)",
                )
            )
    return repairs


# --------------------------------------------------------------------------- text after a table


def labelled_value(paragraph: Paragraph) -> tuple[str, str] | None:
    """(field, value) for a paragraph that names what it is: "المجال: الإعاقة"."""
    parts = _LABEL_SEPARATOR.split(normalize_text(paragraph.text), maxsplit=1)
    if len(parts) != 2 or len(parts[0].split()) > MAX_LABEL_WORDS or not parts[1]:
        return None
    name = recognise_header(parts[0])
    return (name, parts[1]) if name in GROUP_FIELDS else None


def label_paragraphs(paragraphs: Sequence[Paragraph]) -> list[str]:
    """Arabic parts of bilingual labels: a short Arabic paragraph followed by its Latin translation."""
    texts = [normalize_text(p.text) for p in paragraphs]
    labels: list[str] = []
    for text, following in pairwise(texts):
        short = len(text.split()) <= MAX_LABEL_WORDS and not _DIGIT.search(text)
        if short and is_arabic(text) and following and not is_arabic(following, threshold=0.0):
            labels.append(arabic_part(text))
    return labels


def attach_paragraphs(table: ProposalTable, proposals: list[Proposal], result: InterpretedDocument) -> None:
    """Domain/outcome printed after a table whose cells for them are all empty."""
    if any(r.printed(f) for r in table.rows for f in GROUP_FIELDS) or not table.after:
        return
    labelled = [v for p in table.after if (v := labelled_value(p)) is not None]
    values = {name: [v for n, v in labelled if n == name] for name in GROUP_FIELDS}
    if labelled and all(len(v) <= 1 for v in values.values()):
        for name, found in values.items():
            for proposal in proposals if found else []:
                setattr(proposal, name, found[0])
                if name == OUTCOME:
                    proposal.cited_commitments = cited_commitments(found[0])
            if found:
                result.repairs.append(
                    Repair(
                        table.first_table,
                        table.rows[0].row,
                        "attach-paragraph",
                        "",
                        found[0],
                        f"the {name} cells of {row_spans(table.rows)} are empty; a paragraph after the "
                        f"table is labelled as its {name}",
                    )
                )
        return
    labels = label_paragraphs(table.after)
    result.defects.append(
        f"{row_spans(table.rows)}: domain and outcome cells are empty; {len(table.after)} paragraphs "
        f"printed after the table (labels: {WORKSHOP_SEPARATOR.join(labels) or 'none'}) do not say "
        "which proposals they belong to: domain and outcome left NULL"
    )


# --------------------------------------------------------------------------- proposals


def workshop_label(table: ProposalTable) -> str:
    """The printed heading; for a table without one, the domains it covers (cells, else labels)."""
    if table.heading:
        return table.heading
    domains = [arabic_part(r.text(DOMAIN)) for r in table.rows if r.printed(DOMAIN)]
    if not domains and not any(r.printed(OUTCOME) for r in table.rows):
        domains = label_paragraphs(table.after)
    return WORKSHOP_SEPARATOR.join(dict.fromkeys(d for d in domains if d))


def read_table(table: ProposalTable, workshop: str, result: InterpretedDocument) -> list[Proposal]:
    groups = group_rows(table.rows, result.repairs)
    unique = {id(g): g for g in groups if g is not None}  # groups compare by value: key by identity
    for group in unique.values():
        result.repairs.extend(carry_repairs(group))
    proposals: list[Proposal] = []
    for row, group in zip(table.rows, groups, strict=True):
        number = proposal_number(row.text(PROPOSAL_NO))
        subject = normalize_text(row.text(SUBJECT))
        if number is None:
            if row.text(PROPOSAL_NO).strip():
                result.notes.append(f"{row.ref}: proposal number unreadable {row.text(PROPOSAL_NO)!r}")
            if subject and proposals:
                join_subject(proposals[-1], row, result.repairs)
            continue
        outcome = group.outcome if group else None
        proposals.append(
            Proposal(
                workshop=workshop,
                workshop_fr=table.heading_fr,
                number=number,
                subject=subject,
                domain=group.domain if group else None,
                outcome=outcome,
                cited_commitments=cited_commitments(outcome),
                source=SourceRef(row.table, row.row, row.location.line, row.location.page, row.text(SUBJECT)),
            )
        )
    attach_paragraphs(table, proposals, result)
    result.notes.extend(numbering_notes(workshop, [p.number for p in proposals]))
    return proposals


def join_subject(proposal: Proposal, row: SourceRow, repairs: list[Repair]) -> None:
    fragment = normalize_text(row.text(SUBJECT))
    proposal.subject = normalize_text(f"{proposal.subject} {fragment}")
    repairs.append(
        Repair(
            row.table,
            row.row,
            "join-wrapped",
            fragment,
            proposal.subject,
            f"{row.ref} prints no proposal number: its subject continues proposal {proposal.number} "
            "(a cell split over a page break)",
        )
    )


def numbering_notes(workshop: str, numbers: Sequence[int]) -> list[str]:
    notes: list[str] = []
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        notes.append(f"workshop {workshop}: proposal numbers printed twice: {repeated}")
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if missing:
        notes.append(f"workshop {workshop}: proposal numbers not printed: {missing}")
    return notes


def column_order_repairs(tables: Sequence[ProposalTable]) -> list[Repair]:
    """Tables whose columns come in another order than the first table's: read by their header
    labels, each logged as a reorder-columns repair (printed order -> the first table's order)."""
    if not tables:
        return []

    def order(t: ProposalTable) -> list[str]:
        return [f for _, f in sorted(t.columns.items())]

    first = order(tables[0])
    return [
        Repair(
            t.first_table,
            None,
            "reorder-columns",
            ", ".join(order(t)),
            ", ".join(first),
            "header labels recognised in another order than the first table's; columns read by "
            "their labels, not their position",
        )
        for t in tables[1:]
        if order(t) != first
    ]


# --------------------------------------------------------------------------- document


def cover_title(doc: ExtractedDocument) -> str | None:
    """The Arabic title lines printed just above the period on the cover, and the subtitle just
    below it (up to the date line): "الاعداد المشتركة لخطة العمل: ... — حصيلة الورشات ..."."""
    texts: list[str] = []
    for block in doc.blocks[:TITLE_SEARCH_BLOCKS]:
        if isinstance(block, Table):
            break
        if text := normalize_text(block.text):
            texts.append(text)
    at = next((i for i, t in enumerate(texts) if parse_year_range(t) is not None), None)
    if at is None:
        return None
    before: list[str] = []
    for text in reversed(texts[:at]):
        if not is_arabic(text):
            break
        before.insert(0, text)
    after: list[str] = []
    for text in texts[at + 1 :]:
        if not is_arabic(text) or _DIGIT.search(text):
            break
        after.append(text)
    parts = [" ".join(before), " ".join(after)]
    return " — ".join(p for p in parts if p) or None


def score(doc: ExtractedDocument) -> float:
    best = 0.0
    for table in doc.tables:
        for row in table.rows[:HEADER_ROWS_SEARCHED]:
            found = set(header_fields(row.texts).values())
            if {PROPOSAL_NO, SUBJECT} <= found:
                best = max(best, 0.95 if found & {DOMAIN, OUTCOME} else 0.7)
    return best


def interpret(doc: ExtractedDocument, commune: str) -> InterpretedDocument:
    result = plan_record(commune, "cocreation", cover_title(doc), find_period(doc))
    tables = proposal_tables(doc)
    result.repairs.extend(column_order_repairs(tables))
    for table in tables:
        workshop = workshop_label(table)
        if not table.heading:
            result.notes.append(
                f"table {table.first_table}: a proposals table without a workshop heading of its own "
                f"(numbering restarts); labelled by the domains it covers: {workshop or '(none printed)'}"
            )
        result.proposals.extend(read_table(table, workshop, result))
    return result


INTERPRETER = Interpreter(name="cocreation_proposals", kind="cocreation", score=score, interpret=interpret)
