"""Cell accounting: every printed cell of a recognised table is read into a fact or listed as unread.

Interpreters read tables by headers and content; a layout they do not expect can make them skip
cells without an error. This pass checks the result against the printed cells, after
interpretation and independently of how each interpreter works: a cell counts as read when what it
prints reaches the warehouse:

- a header label the lexicons know (``normalizers.headers``), a unit label, a year a fact carries;
- a figure (amount, percentage, date, number) equal to a value of a fact, in MAD or million MAD;
- a text the facts carry (titles, labels, outcomes, raw texts, repairs' before/after), compared on
  ``fold_key`` text without spaces so a text wrapped over several cells still matches.

A cell without a letter or digit ("-", "*") prints no value and is not counted. A recognised table is
one a fact or repair cites, or whose first rows hold two known header labels. The unread cells
(text and place) are loaded as ``unread-cell`` rows of ``quality_repair`` (``v_unread_cells``), the
counts per document in ``dim_document`` (``v_documents.cell_coverage``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from normalizers.arabic import fold_digits, fold_key, normalize_text
from normalizers.dates import find_dates
from normalizers.headers import header_fields, header_lexicon, recognise_header
from normalizers.numbers import amount_unit, find_amounts, parse_percent
from plans.model import CellAccount, ExtractedDocument, InterpretedDocument, Table, UnreadCell

# Rows searched for header labels when no fact cites a table.
HEADER_ROWS_SEARCHED = 5
MIN_HEADER_FIELDS = 2
MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class FactValues:
    """What the facts of one document carry, in forms a printed cell can be compared with."""

    text: str  # fold_key of every fact text, spaces removed, one blob
    numbers: frozenset[Decimal]
    dates: frozenset[date]


def _squeeze(text: str) -> str:
    return fold_key(text).replace(" ", "")


def fact_texts(plan: InterpretedDocument) -> Iterator[str | None]:
    yield plan.title
    for axis in plan.axes:
        yield from (axis.label, axis.domain)
    for p in plan.projects:
        yield from (p.code, p.title, p.axis_label, p.domain, p.objectives, p.partners)
        yield p.source.raw_text if p.source else None
    for a in plan.activities:
        yield from (a.title, a.domain, a.axis_label, a.group_label, a.year_label, a.start_text, a.end_text)
        yield a.source.raw_text if a.source else None
        yield from (i.text for i in a.indicators)
    for pr in plan.proposals:
        yield from (pr.workshop, pr.workshop_fr, pr.subject, pr.domain, pr.outcome)
        yield pr.source.raw_text if pr.source else None
    for s in plan.stated:
        yield s.source.raw_text
    for r in plan.repairs:
        yield from (r.before, r.after)


def fact_numbers(plan: InterpretedDocument) -> Iterator[Decimal | int | None]:
    for axis in plan.axes:
        yield axis.number
    for p in plan.projects:
        yield from (p.number, p.axis_number, p.cost_mad)
    for a in plan.activities:
        yield from (a.number, a.domain_no, a.commitment_no, a.cost_mad)
        yield from (a.weight_in_project_pct, a.weight_in_commitment_pct)
        yield from a.budget.values()
        yield from (i.max_weight_pct for i in a.indicators)
        yield from a.progress.values()
        yield from a.progress.keys()
    for pr in plan.proposals:
        yield pr.number
        yield from pr.cited_commitments
    for s in plan.stated:
        yield s.value
    yield from (plan.period_start_year, plan.period_end_year)


def fact_values(plan: InterpretedDocument) -> FactValues:
    numbers: set[Decimal] = set()
    for value in fact_numbers(plan):
        if value is not None:
            number = Decimal(value).normalize()
            numbers.update({number, (number / MILLION).normalize()})
    days = {d for a in plan.activities for d in (a.start_date, a.end_date) if d is not None}
    blob = "\x1f".join(_squeeze(t) for t in fact_texts(plan) if t)
    return FactValues(blob, frozenset(numbers), frozenset(days))


def _figures(text: str) -> list[Decimal]:
    figures = list(find_amounts(text))
    try:
        percent = parse_percent(text)
    except (ValueError, InvalidOperation):
        percent = None
    if percent is not None:
        figures.append(percent)
    digits = fold_digits(normalize_text(text)).strip(" .-)(")
    if digits.isdigit():
        figures.append(Decimal(digits))
    return [f.normalize() for f in figures]


def cell_is_read(text: str, facts: FactValues) -> bool:
    if recognise_header(text) is not None or is_unit_label(text):
        return True
    squeezed = _squeeze(text)
    if squeezed and squeezed in facts.text:
        return True
    if any(d in facts.dates for d in find_dates(text)):
        return True
    figures = _figures(text)
    if figures and all(f in facts.numbers for f in figures):
        return True
    lines = [ln for ln in text.splitlines() if has_value(ln)]
    return len(lines) > 1 and all(cell_is_read(ln, facts) for ln in lines)


def is_unit_label(text: str) -> bool:
    """A header cell that only states a unit ("بمليون درهم"): read by the interpreter for the column."""
    return amount_unit([text]) is not None and not any(ch.isdigit() for ch in text)


def has_value(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _text_at(table: Table, row: int, column: int) -> str:
    if 0 <= row < len(table.rows) and column < len(table.rows[row].cells):
        return table.rows[row].cells[column].text.strip()
    return ""


def is_split_label(table: Table, row: int, column: int) -> bool:
    """Half of a header label printed over two rows: joined with the cell above or below, a label."""
    if row >= HEADER_ROWS_SEARCHED:
        return False
    here = _text_at(table, row, column)
    pairs = ((_text_at(table, row - 1, column), here), (here, _text_at(table, row + 1, column)))
    return any(a and b and straddles_label(fold_key(a), fold_key(b)) for a, b in pairs)


def straddles_label(upper: str, lower: str) -> bool:
    """A lexicon label that starts in the upper text and ends in the lower one (neither holds it)."""
    joined = f" {upper} {lower} "
    return any(
        f" {label} " in joined and f" {label} " not in f" {upper} " and f" {label} " not in f" {lower} "
        for label, _ in header_lexicon()
    )


def cited_tables(plan: InterpretedDocument) -> set[int]:
    sources = [p.source for p in plan.projects] + [a.source for a in plan.activities]
    sources += [p.source for p in plan.proposals] + [s.source for s in plan.stated]
    tables = {s.table for s in sources if s is not None and s.table is not None}
    return tables | {r.table for r in plan.repairs if r.table is not None}


def has_header(table: Table) -> bool:
    return any(
        len(set(header_fields(row.texts).values())) >= MIN_HEADER_FIELDS
        for row in table.rows[:HEADER_ROWS_SEARCHED]
    )


def recognised_tables(doc: ExtractedDocument, plan: InterpretedDocument) -> Iterable[Table]:
    cited = cited_tables(plan)
    return (t for t in doc.tables if t.index in cited or has_header(t))


def account_cells(doc: ExtractedDocument, plan: InterpretedDocument) -> CellAccount:
    """Printed cells of the recognised tables, and those no fact reads (with their text and place)."""
    facts = fact_values(plan)
    printed = 0
    unread: list[UnreadCell] = []
    for table in recognised_tables(doc, plan):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell.continues_above or not has_value(cell.text):
                    continue
                printed += 1
                if not cell_is_read(cell.text, facts) and not is_split_label(table, r, c):
                    where = row.location
                    unread.append(UnreadCell(table.index, r, c, cell.text.strip(), where.page, where.line))
    return CellAccount(printed, tuple(unread))
