"""PAC tables as logical grids: cells in reading order, header rows found, columns named.

A PAC detail table prints, in reading order, the project, the action (الأهداف المراد بلوغها), its
total cost and one planned-completion column per year. Columns are named by their header labels
(``headers_pac.csv``) where the header is readable and by their content where the export garbled
it: the years row names the year columns, the column of figures is the cost, the column with the
longest texts holds the actions, the other column of words the projects. A text export of the
PDF gives the cells mirrored (visual order); the order is read from the year header
(``normalizers.repair_cells.detect_column_order``) and restored with the shared ``reverse_columns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from normalizers.columns import reverse_columns
from normalizers.headers import header_fields, joined_rows
from normalizers.numbers import AmountUnit, amount_unit, parse_amount
from normalizers.repair_cells import (
    MIN_YEAR_COLUMNS,
    ColumnOrder,
    detect_column_order,
    is_words,
    year_columns,
)
from plans.model import Row, Table

PROJECT = "project"
ACTION = "objectives_to_reach"
COST_MILLIONS = "cost_million_mad"
COST = "total_cost"
PROGRESS = "progress_by_year"
DOMAIN = "domain"
COUNTS = ("axis_count", "project_count", "activity_count")
DETAIL_FIELDS = frozenset({PROJECT, ACTION, COST_MILLIONS, COST, PROGRESS})
# Header rows (labels split over two lines, the years, a wrapped unit) sit within the first rows.
HEADER_ROWS_SEARCHED = 5
# A detail table names at least this many PAC fields in readable header labels.
MIN_LABELLED_FIELDS = 2


@dataclass(frozen=True)
class Grid:
    """A table in reading order: ``rows[i]`` are the texts of ``table.rows[i]``, one per grid column."""

    table: Table
    rows: list[list[str]]
    continues: list[list[bool]]
    header_end: int  # rows before it are header rows
    order: ColumnOrder | None
    columns: dict[str, int]  # field -> column
    years: dict[int, int]  # column -> year
    unit: AmountUnit | None  # what the cost header states (None: no unit printed)
    labelled: frozenset[str]  # fields named by a readable header label
    # data rows already read into the table before (the rest of a row split by a page break)
    skip: frozenset[int] = frozenset()

    @property
    def millions(self) -> bool:
        return self.unit == "million_mad"

    def field_order(self) -> list[str]:
        """The columns' names in cell order (a year column by its year)."""
        names = {c: f for f, c in self.columns.items() if f != COST_MILLIONS} | {
            c: str(y) for c, y in self.years.items()
        }
        return [names.get(c, "?") for c in range(max(names, default=-1) + 1)]

    def cell(self, row: int, field: str) -> str:
        col = self.columns.get(field)
        return self.rows[row][col] if col is not None and col < len(self.rows[row]) else ""


def grid_cells(row: Row) -> tuple[list[str], list[bool]]:
    """A row's texts and continuation marks, one per grid column (a spanned cell fills its columns)."""
    texts: list[str] = []
    continues: list[bool] = []
    for cell in row.cells:
        texts.extend([cell.text] + [""] * (cell.col_span - 1))
        continues.extend([cell.continues_above] * cell.col_span)
    return texts, continues


def padded(rows: Sequence[list[str]], width: int, fill: str | bool) -> list[list]:
    return [list(r) + [fill] * (width - len(r)) for r in rows]


def years_row(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the first header row that prints the years (at least MIN_YEAR_COLUMNS of them)."""
    for i, row in enumerate(rows[:HEADER_ROWS_SEARCHED]):
        if len(year_columns(row)) >= MIN_YEAR_COLUMNS:
            return i
    return None


def is_unit_row(cells: Sequence[str]) -> bool:
    """A header line that only carries the wrapped end of the cost unit ("درهم")."""
    filled = [t for t in cells if t.strip()]
    return bool(filled) and all(
        amount_unit([t]) is not None and not any(c.isdigit() for c in t) for t in filled
    )


def header_end_of(rows: Sequence[Sequence[str]], first_years: int) -> int:
    """The first data row: after the last years row near the top and any unit-only lines below it."""
    end = first_years + 1
    for i in range(first_years + 1, min(len(rows), first_years + HEADER_ROWS_SEARCHED)):
        if len(year_columns(rows[i])) >= MIN_YEAR_COLUMNS or is_unit_row(rows[i]):
            end = i + 1
        else:
            break
    return end


def labelled_columns(header: Sequence[Sequence[str]]) -> dict[str, int]:
    """Field -> column for the header labels that are readable (the first column naming a field)."""
    columns: dict[str, int] = {}
    # each row alone, then the rows joined cell by cell (a label split or wrapped over lines)
    for row in [*header, joined_rows(header)] if len(header) > 1 else header:
        for col, field in header_fields(row).items():
            columns.setdefault(field, col)
    if COST_MILLIONS in columns:
        columns.setdefault(COST, columns[COST_MILLIONS])
    return columns


def _amount_share(texts: Sequence[str]) -> float:
    def reads(text: str) -> bool:
        try:
            parse_amount(text)
        except ValueError:
            return False
        return True

    return sum(reads(t) for t in texts) / len(texts) if texts else 0.0


def content_columns(body: Sequence[Sequence[str]], taken: set[int], missing: Sequence[str]) -> dict[str, int]:
    """The ``missing`` fields (cost, action, project) from what the data cells of unnamed columns hold."""
    width = max((len(r) for r in body), default=0)
    filled = {c: [r[c] for r in body if c < len(r) and r[c].strip()] for c in range(width) if c not in taken}
    found: dict[str, int] = {}
    figures = [c for c, texts in filled.items() if texts and _amount_share(texts) >= 0.8]
    if figures and COST in missing:
        found[COST] = max(figures, key=lambda c: len(filled[c]))
    wordy = sorted(
        (
            c
            for c, texts in filled.items()
            if texts and c not in figures and sum(map(is_words, texts)) > len(texts) / 2
        ),
        key=lambda c: -sum(len(t) for t in filled[c]),
    )
    for field, col in zip([f for f in (ACTION, PROJECT) if f in missing], wordy, strict=False):
        found[field] = col
    return found


def read_grid(table: Table, header_above: Table | None = None) -> Grid | None:
    """The table as a PAC detail grid, or None when it has no year header.

    ``header_above``: a table printing only the first header rows of this one (cut from it by a page
    break, ``orphan_header``); its labels and cost unit head this table's columns.
    """
    texts, continues = zip(*(grid_cells(r) for r in table.rows), strict=True) if table.rows else ((), ())
    above = [grid_cells(r)[0] for r in header_above.rows] if header_above is not None else []
    width = max((len(r) for r in [*texts, *above]), default=0)
    rows, marks = padded(texts, width, ""), padded(continues, width, False)
    first_years = years_row(rows)
    if first_years is None:
        return None
    above = padded(above, width, "")
    order = detect_column_order([*above, *rows[: first_years + 1]], rows[first_years + 1 :])
    if order is not None and order.mirrored:
        rows, marks, above = reverse_columns(rows), reverse_columns(marks), reverse_columns(above)
    years = year_columns(rows[first_years])
    header_end = header_end_of(rows, first_years)
    header = [*above, *rows[:header_end]]
    labels = labelled_columns(header)
    columns = {f: c for f, c in labels.items() if c not in years}
    named = {columns[f] for f in (COST, ACTION, PROJECT) if f in columns}
    missing = [f for f in (COST, ACTION, PROJECT) if f not in columns]
    columns.update(content_columns(rows[header_end:], set(years) | named, missing))
    cost_col = columns.get(COST)
    unit = amount_unit([r[cost_col] for r in header]) if cost_col is not None else None
    return Grid(table, rows, marks, header_end, order, columns, years, unit, frozenset(labels))


def is_header_only(table: Table) -> bool:
    """A table printing nothing but header labels (no years, no data): the head of a table whose body
    a page break carried to the next page."""
    texts = [grid_cells(r)[0] for r in table.rows]
    return bool(texts) and years_row(texts) is None and all(map(is_header_again, texts))


def orphan_header(table: Table, above: Table | None) -> Grid | None:
    """``table`` read under the header rows of ``above`` when ``above`` prints only a header, just
    before it on an earlier page, of the same width, and ``table``'s own header names too few fields
    to be read alone (its labels were printed above the break). None otherwise."""
    if above is None or not table.rows or not is_header_only(above):
        return None
    own = read_grid(table)
    foot, top = above.rows[-1].location.page, table.rows[0].location.page
    if own is None or foot is None or top is None or top <= foot:
        return None
    if len(own.labelled & DETAIL_FIELDS) >= MIN_LABELLED_FIELDS or len(own.rows[0]) != len(
        grid_cells(above.rows[0])[0]
    ):
        return None
    grid = read_grid(table, above)
    return grid if grid is not None and len(grid.labelled & DETAIL_FIELDS) >= MIN_LABELLED_FIELDS else None


def continued_grid(table: Table, previous: Grid) -> Grid | None:
    """A table printed without a header right after a detail table of the same width (a page break
    in a narrow layout): its rows under the previous table's columns, years and unit."""
    texts, continues = zip(*(grid_cells(r) for r in table.rows), strict=True) if table.rows else ((), ())
    width = len(previous.rows[0]) if previous.rows else 0
    if not texts or max(len(r) for r in texts) != width or years_row(texts) is not None:
        return None
    rows, marks = padded(texts, width, ""), padded(continues, width, False)
    if previous.order is not None and previous.order.mirrored:
        rows, marks = reverse_columns(rows), reverse_columns(marks)
    return replace(
        previous, table=table, rows=rows, continues=marks, header_end=0, order=None, skip=frozenset()
    )


def is_header_again(cells: Sequence[str]) -> bool:
    """A header row printed again inside a table (a page break): years, or two header labels."""
    if len(year_columns(cells)) >= MIN_YEAR_COLUMNS:
        return True
    return len(set(header_fields([c for c in cells if c.strip()]).values()) & DETAIL_FIELDS) >= 2


def summary_grid(table: Table) -> tuple[list[list[str]], dict[str, int], int, ColumnOrder | None] | None:
    """The domains summary (domain, axes, projects, actions per row) in reading order, or None.

    Returns the rows, field -> column, the first data row and the detected column order.
    """
    texts = [grid_cells(r)[0] for r in table.rows]
    width = max((len(r) for r in texts), default=0)
    rows = padded(texts, width, "")
    for i in range(min(len(rows), HEADER_ROWS_SEARCHED)):
        for depth in (1, 2, 3):  # the header on one row, or split over two or three
            fields = header_fields(joined_rows(rows[i : i + depth]))
            if DOMAIN in fields.values() and len(set(fields.values()) & set(COUNTS)) >= 2:
                start = i + depth
                order = detect_column_order([], rows[start:])
                if order is not None and order.mirrored:
                    rows = reverse_columns(rows)
                    fields = header_fields(joined_rows(rows[i:start]))
                return rows, {f: c for c, f in fields.items()}, start, order
    return None
