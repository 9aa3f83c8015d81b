"""The open plan's matrices as rows on a column grid, with each column's meaning read from its header.

An open plan (REMACTO programme) prints three wide matrices: objectives/activities/partners,
annual financial programming, monitoring (indicators and dates). A renderer may split one matrix
into several tables (one per page in a PDF, one per repeated header in a DOCX) or keep it as one
table whose header rows come back inside it (the text export). Both are read the same way: the
rows of every table, in document order, form one stream; a header block (a recognised header row
and the header rows under it) sets the column meanings for the rows that follow it, until the
next header block.

Spans: a DOCX/PDF cell spanning n grid columns is expanded to n columns (its text in the first,
empty text in the others; in header rows the label is repeated, so "للبرمجة" covers both of its
year columns). The text export has no spans: its cells are already one per column, except the
summary rows of the financial matrix, which have fewer cells and are aligned by their amounts
(see ``summary_amounts``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from normalizers.codes import find_project_codes
from normalizers.dates import parse_date
from normalizers.headers import header_fields, header_score, joined_rows, recognise_header
from normalizers.numbers import parse_amount
from plans.model import ExtractedDocument, Location, Row

MatrixKind = Literal["objectives", "financial", "monitoring"]

# Canonical header fields (normalizers/lexicons/headers_open_plan_matrices.csv).
CODE = "project_code"
AXIS = "axis"
TITLE = "project_title"
OBJECTIVES = "objectives"
ACTIVITY = "project_activities"
YEAR = "completion_year"
PAC_LINK = "pac_link"
PARTNERS = "partners"
CONTRIBUTION = "partner_contribution"
PROJECT_COST = "project_cost"
ACTIVITY_COST = "activity_cost"
PROGRAMMING = "annual_programming"
MOBILISED = "budget_mobilised"
TO_PROGRAMME = "budget_to_programme"
START = "start_date"
END = "end_date"
FOLLOW_UP = "follow_up_indicators"
IMPACT = "impact_indicators"
MAX_PCT = "indicator_max_pct"
ACHIEVED = "achieved_rate"
MATRIX_FIELDS = frozenset(
    {CODE, AXIS, TITLE, OBJECTIVES, ACTIVITY, YEAR, PAC_LINK, PARTNERS, CONTRIBUTION, PROJECT_COST}
    | {ACTIVITY_COST, PROGRAMMING, MOBILISED, TO_PROGRAMME, START, END, FOLLOW_UP, IMPACT, MAX_PCT, ACHIEVED}
)
# Labels of the financial matrix's summary rows (a row label, not a column header).
SUMMARY_FIELDS = frozenset({"plan_total_row", "project_subtotal_row"})

# A header row names at least this many fields, and most of its non-empty cells are labels.
MIN_HEADER_FIELDS = 3
MIN_HEADER_SCORE = 0.5
# A table without its own header continues the previous matrix when its grid is this close in width
# (the monitoring matrix's first header row is one cell narrower than its data rows).
WIDTH_TOLERANCE = 1
# A column no label names is the code column when at least this many of its cells print codes.
MIN_CODE_CELLS = 1
# A column no label names is named by its values (amounts, dates) when at least this many cells give them.
MIN_VALUE_CELLS = 2

_YEAR = re.compile(r"(?:19|20)\d\d")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")
_CODE_TAIL = re.compile(r"[A-Z]{2,}-?\d{1,2}")
INDICATOR_KINDS: dict[str, Literal["follow_up", "impact"]] = {FOLLOW_UP: "follow_up", IMPACT: "impact"}


@dataclass(frozen=True)
class GridRow:
    """One extracted row on the table's column grid, with its lineage."""

    table: int
    row: int
    location: Location
    texts: tuple[str, ...]
    cell_columns: tuple[int, ...]  # grid column where each extracted cell starts
    read_by_ocr: bool = False  # its cells carry Tesseract's confidence


@dataclass(frozen=True)
class Columns:
    """What each column of a matrix holds, read from one header block."""

    kind: MatrixKind
    fields: dict[str, int]  # field -> first column that names it
    budget: dict[int, str]  # column -> budget key ("mobilised", "2024", ...)
    indicators: dict[int, tuple[Literal["follow_up", "impact"], int | None]]  # text col -> (kind, weight col)
    width: int
    header: GridRow = field(compare=False)
    # Fields named by their column's content because no header label names them (an OCR'd header
    # misread beyond recognition): field -> the header text as read.
    by_content: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class MatrixRow:
    grid: GridRow
    columns: Columns

    def text(self, field_name: str) -> str:
        """Raw text of the row's cell in the column a field names ('' when absent)."""
        col = self.columns.fields.get(field_name)
        if col is None or col >= len(self.grid.texts):
            return ""
        return self.grid.texts[col]


# --------------------------------------------------------------------------- cells


def is_blank(text: str) -> bool:
    """Empty or whitespace only (a lone NBSP is a real but empty cell)."""
    return not text.strip()


def is_year(text: str) -> bool:
    return bool(_YEAR.fullmatch(text.strip()))


def amount_or_none(text: str) -> Decimal | None:
    """The amount a cell holds; None for blank cells and for text that is not an amount."""
    try:
        return parse_amount(text)
    except ValueError:
        return None


def grid_row(table: int, index: int, row: Row, repeat_spans: bool = False) -> GridRow:
    """Expand spanned cells onto the grid (text in the first column, or repeated in every one)."""
    texts: list[str] = []
    starts: list[int] = []
    for cell in row.cells:
        starts.append(len(texts))
        span = max(cell.col_span, 1)
        texts.extend([cell.text] * span if repeat_spans else [cell.text] + [""] * (span - 1))
    ocr = any(cell.confidence is not None for cell in row.cells)
    return GridRow(table, index, row.location, tuple(texts), tuple(starts), ocr)


# --------------------------------------------------------------------------- headers


def is_header_row(texts: Sequence[str]) -> bool:
    """A row printing the matrix's column labels (the first one, or one repeated on a new page)."""
    return len(header_fields(texts)) >= MIN_HEADER_FIELDS and header_score(texts) >= MIN_HEADER_SCORE


def is_header_continuation(texts: Sequence[str], read_by_ocr: bool = False) -> bool:
    """A row under a header row that only holds labels or years (or nothing): still the header.
    Read by OCR, a label misread beyond recognition ("للبريحجة" for "للبرمجة" over its years)
    does not end the header when it prints no digit and the row names as many labels or years as
    it has such cells (a data row prints codes, amounts or dates)."""
    named = [t for t in texts if is_year(t) or recognise_header(t) is not None]
    unread = [t for t in texts if not is_blank(t) and not is_year(t) and recognise_header(t) is None]
    if not unread:
        return True
    return read_by_ocr and len(named) >= len(unread) and not any(ch.isdigit() for t in unread for ch in t)


def stacked_fields(header_rows: Sequence[Sequence[str]]) -> dict[int, str]:
    """Column -> field from stacked header rows: the deepest label wins; a year reads as 'year:YYYY'."""
    fields: dict[int, str] = {}
    for texts in header_rows:
        for col, text in enumerate(texts):
            if is_year(text):
                fields[col] = f"year:{text.strip()}"
                continue
            found = recognise_header(text)
            if found is not None:
                fields[col] = found
    # A summary row's label over a column is that column's name: "تكلفة المشروع" (project cost) is
    # what OCR left of "التكلفة التقديرية للمشروع" in a header ("التكلفة" / "المشروع").
    summary_cols = [col for col, name in fields.items() if name in SUMMARY_FIELDS]
    if len(summary_cols) == 1 and PROJECT_COST not in fields.values():
        fields[summary_cols[0]] = PROJECT_COST
    return fields


def budget_columns(fields: dict[int, str]) -> dict[int, str]:
    """Budget columns and their keys: mobilised credits, and one column per programmed year."""
    budget: dict[int, str] = {}
    for col, name in fields.items():
        if name.startswith("year:"):
            budget[col] = name.removeprefix("year:")
        elif name == MOBILISED:
            budget[col] = "mobilised"
    return budget


def indicator_columns(fields: dict[int, str]) -> dict[int, tuple[Literal["follow_up", "impact"], int | None]]:
    """Indicator text columns with the max-weight column printed after each (before the next one)."""
    indicators: dict[int, tuple[Literal["follow_up", "impact"], int | None]] = {}
    current: int | None = None
    for col in sorted(fields):
        name = fields[col]
        if name in INDICATOR_KINDS:
            current = col
            indicators[col] = (INDICATOR_KINDS[name], None)
        elif name == MAX_PCT and current is not None and indicators[current][1] is None:
            indicators[current] = (indicators[current][0], col)
    return indicators


def matrix_kind(fields: Iterable[str]) -> MatrixKind | None:
    """Which matrix a header describes: every one has project codes and activities."""
    names = set(fields)
    if not {CODE, ACTIVITY} <= names:
        return None
    if names & {FOLLOW_UP, IMPACT}:
        return "monitoring"
    if names & {ACTIVITY_COST, MOBILISED, PROGRAMMING} or any(n.startswith("year:") for n in names):
        return "financial"
    if names & {OBJECTIVES, PARTNERS, PAC_LINK}:
        return "objectives"
    return None


def code_column_by_content(fields_by_col: dict[int, str], body: Sequence[GridRow]) -> int | None:
    """The one column no matrix label names whose filled body cells mostly print project codes (at least
    MIN_CODE_CELLS of them): the code column of a matrix whose code header was misread ("رص المشروع"
    for "رمز المشروع" on a scan). None when no column, or more than one, is so."""
    found = []
    width = max((len(r.texts) for r in body), default=0)
    for col in range(width):
        if fields_by_col.get(col) in MATRIX_FIELDS:
            continue  # named by a label of the matrices (a PAC label such as "المشروع" may remain)
        # A summary row's label ("تكلفة المشروع 10 حسب البرمجة", misread) spans this column: words,
        # not a code. A code's tail printed alone on the next page ("PC-10") is a code.
        filled = [
            t
            for r in body
            if col < len(r.texts) and not is_blank(t := r.texts[col]) and len(_ARABIC_WORD.findall(t)) < 3
        ]
        codes = sum(bool(find_project_codes(t) or _CODE_TAIL.fullmatch(t.strip())) for t in filled)
        if codes >= MIN_CODE_CELLS and codes * 2 > len(filled):
            found.append(col)
    return found[0] if len(found) == 1 else None


def unnamed_columns(
    fields_by_col: dict[int, str], body: Sequence[GridRow], is_value: Callable[[str], bool]
) -> list[int]:
    """Columns no matrix label names whose filled body cells are mostly values ``is_value`` accepts
    (at least MIN_VALUE_CELLS of them), in column order."""
    found = []
    width = max((len(r.texts) for r in body), default=0)
    for col in range(width):
        name = fields_by_col.get(col, "")
        if name in MATRIX_FIELDS or name.startswith("year:"):
            continue  # named by a label of the matrices or a programmed year (a PAC label may remain)
        filled = [r.texts[col] for r in body if col < len(r.texts) and not is_blank(r.texts[col])]
        values = sum(is_value(t) for t in filled)
        if values >= MIN_VALUE_CELLS and values * 2 > len(filled):
            found.append(col)
    return found


def is_amount(text: str) -> bool:
    return amount_or_none(text) is not None and parse_date(text) is None


def is_date(text: str) -> bool:
    return parse_date(text) is not None


def dates_in_order(body: Sequence[GridRow], first: int, second: int) -> bool:
    """Whether, in every row giving both, the date in ``first`` is on or before the one in ``second``
    (and at least one row gives both)."""
    pairs = [
        (parse_date(r.texts[first]), parse_date(r.texts[second]))
        for r in body
        if max(first, second) < len(r.texts)
    ]
    both = [(a, b) for a, b in pairs if a is not None and b is not None]
    return bool(both) and all(a <= b for a, b in both)


def date_columns_by_content(fields_by_col: dict[int, str], body: Sequence[GridRow]) -> dict[int, str]:
    """Start and end columns of a monitoring matrix whose date headers were misread, named by their
    dates: one unnamed date column is the missing one of the two when the other is named (and its
    dates agree with start <= end); two unnamed ones are start then end when every row's dates say
    so (and no row says otherwise). Anything else: nothing named (left unread and flagged)."""
    named = set(fields_by_col.values())
    if {START, END} <= named:
        return {}
    found = unnamed_columns(fields_by_col, body, is_date)
    if len(found) == 1 and (START in named) != (END in named):
        (col,) = found
        other = next(c for c, f in fields_by_col.items() if f in (START, END))
        missing = END if START in named else START
        start, end = (other, col) if missing == END else (col, other)
        return {col: missing} if dates_in_order(body, start, end) else {}
    if len(found) == 2 and not named & {START, END}:
        first, second = found
        if dates_in_order(body, first, second) and not dates_in_order(body, second, first):
            return {first: START, second: END}
        if dates_in_order(body, second, first) and not dates_in_order(body, first, second):
            return {second: START, first: END}
    return {}


def cost_column_by_content(fields_by_col: dict[int, str], body: Sequence[GridRow]) -> dict[int, str]:
    """The activity cost column of a financial matrix whose cost header was misread: the one unnamed
    column whose cells are amounts, when the matrix's other amount columns (mobilised credits, the
    programmed years) are all named. None when no column, or more than one, is so."""
    if ACTIVITY_COST in fields_by_col.values():
        return {}
    found = unnamed_columns(fields_by_col, body, is_amount)
    return {found[0]: ACTIVITY_COST} if len(found) == 1 else {}


def header_text(rows: Sequence[GridRow], col: int) -> str:
    return next((r.texts[col] for r in rows if col < len(r.texts) and r.texts[col]), "")


def columns_from_header(rows: Sequence[GridRow], body: Sequence[GridRow] = ()) -> Columns | None:
    """What each column holds, from a header block; ``body`` (the table's rows under it) names the
    code column, and then a financial matrix's cost column and a monitoring matrix's date columns,
    by their content when no label does (``code_column_by_content``, ``cost_column_by_content``,
    ``date_columns_by_content``)."""
    fields_by_col = stacked_fields([r.texts for r in rows])
    by_content: dict[str, str] = {}
    if CODE not in fields_by_col.values() and ACTIVITY in fields_by_col.values():
        col = code_column_by_content(fields_by_col, body)
        if col is not None:
            fields_by_col[col] = CODE
            by_content[CODE] = header_text(rows, col)
    named = {}
    kind_before = matrix_kind(fields_by_col.values())
    if kind_before == "financial":
        named = cost_column_by_content(fields_by_col, body)
    elif kind_before == "monitoring":
        named = date_columns_by_content(fields_by_col, body)
    for col, name in named.items():
        fields_by_col[col] = name
        by_content[name] = header_text(rows, col)
    kind = matrix_kind(fields_by_col.values())
    if kind is None:
        return None
    fields: dict[str, int] = {}
    for col in sorted(fields_by_col):
        fields.setdefault(fields_by_col[col], col)
    width = max(len(r.texts) for r in rows)
    return Columns(
        kind,
        fields,
        budget_columns(fields_by_col),
        indicator_columns(fields_by_col),
        width,
        rows[0],
        by_content,
    )


# --------------------------------------------------------------------------- row stream


def header_depth(rows: Sequence[GridRow], i: int) -> int:
    """Rows the header row at ``i`` takes: 1, 2 when its labels are split over two rows (a narrow
    layout wraps them; joined cell by cell they are a header row), 0 when no header starts here."""
    alone = is_header_row(rows[i].texts)
    if i + 1 < len(rows) and not is_header_row(rows[i + 1].texts):
        joined = joined_rows([rows[i].texts, rows[i + 1].texts])
        # joined, more columns are named than by the row alone: the labels were split
        if is_header_row(joined) and len(header_fields(joined)) > len(header_fields(rows[i].texts)):
            return 2
    return 1 if alone else 0


def joined_row(rows: Sequence[GridRow]) -> GridRow:
    first = rows[0]
    return replace(first, texts=tuple(joined_rows([r.texts for r in rows])))


def header_block(
    plain: Sequence[GridRow], spanned: Sequence[GridRow], start: int
) -> tuple[int, list[GridRow]]:
    """Index after the header block starting at ``start`` (``header_depth`` > 0 there), and its rows
    (spanned texts), rows split over two joined back into one."""
    depth = header_depth(plain, start)
    block = [joined_row(spanned[start : start + depth])]
    end = start + depth
    while end < len(plain) and not is_header_row(plain[end].texts):
        if is_header_continuation(plain[end].texts, plain[end].read_by_ocr):
            block.append(spanned[end])
            end += 1
        elif end + 1 < len(plain) and is_header_continuation(
            joined_rows([r.texts for r in plain[end : end + 2]]), plain[end].read_by_ocr
        ):
            block.append(joined_row(spanned[end : end + 2]))
            end += 2
        else:
            break
    return end, block


def matrix_rows(doc: ExtractedDocument) -> list[MatrixRow]:
    """Every data row of every recognised matrix, in document order, with its column meanings.

    Header rows and blank rows are left out; tables that no header describes are ignored.
    """
    result: list[MatrixRow] = []
    current: Columns | None = None
    for table in doc.tables:
        plain = [grid_row(table.index, i, r) for i, r in enumerate(table.rows)]
        spanned = [grid_row(table.index, i, r, repeat_spans=True) for i, r in enumerate(table.rows)]
        if current is not None and not (plain and header_depth(plain, 0)):
            widths = {len(r.texts) for r in plain}
            if not widths or max(widths) > current.width + WIDTH_TOLERANCE:
                current = None
        i = 0
        while i < len(plain):
            if header_depth(plain, i):
                end, block = header_block(plain, spanned, i)
                current = columns_from_header(block, plain[end:])
                i = end
                continue
            if current is not None and not all(is_blank(t) for t in plain[i].texts):
                result.append(MatrixRow(plain[i], current))
            i += 1
    return result


def matrix_kinds_present(doc: ExtractedDocument) -> set[MatrixKind]:
    """The matrices whose header appears in the document (cheap: header rows only)."""
    kinds: set[MatrixKind] = set()
    for table in doc.tables:
        plain = [grid_row(table.index, i, r) for i, r in enumerate(table.rows)]
        rows = [grid_row(table.index, i, r, repeat_spans=True) for i, r in enumerate(table.rows)]
        for i in range(len(rows)):
            if header_depth(plain, i):
                end, block = header_block(plain, rows, i)
                columns = columns_from_header(block, plain[end:])
                if columns is not None:
                    kinds.add(columns.kind)
    return kinds


# --------------------------------------------------------------------------- summary rows


def summary_amounts(row: MatrixRow, after_summary: bool = False) -> dict[int, Decimal] | None:
    """Amounts of a subtotal/total row by grid column, or None when the row is not one.

    A summary row is one label followed by amounts only. A continuation row of the financial
    matrix has that shape too (an activity title and its amounts), so the label must also be
    outside the activity column (the label spans the first columns), or be a summary label of the
    lexicon ("تكلفة المشروع", "التكلفة التقديرية للمشاريع"), or come right after another summary
    row (``after_summary``: no project is open there). Its cells may be fewer than the header's
    columns (the text export drops the label's span): the amounts are aligned on the matrix's
    last columns, in reading order.
    """
    texts = row.grid.texts
    filled = [(col, t) for col, t in enumerate(texts) if not is_blank(t)]
    amounts = [(col, amount_or_none(t)) for col, t in filled]
    labels = [col for col, value in amounts if value is None]
    values = [value for _, value in amounts if value is not None]
    if len(labels) != 1 or not values:
        return None
    if labels[0] > min(col for col, value in amounts if value is not None):
        return None  # a label after an amount: not the shape of a summary row
    in_activity_column = labels[0] == row.columns.fields.get(ACTIVITY)
    if in_activity_column and not after_summary and recognise_header(texts[labels[0]]) not in SUMMARY_FIELDS:
        return None
    last = max(row.columns.width, len(texts))
    return {last - len(values) + k: value for k, value in enumerate(values)}


def summary_label(row: MatrixRow) -> str:
    return next(t for t in row.grid.texts if not is_blank(t) and amount_or_none(t) is None)
