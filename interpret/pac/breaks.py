"""PAC detail tables split by a page break: the row cut in two, and the project carried over.

A layout whose columns are narrow makes rows tall, and a page break then falls inside a row: the
PDF prints the start of its texts (and all its figures) at the foot of one page and the rest of its
texts at the top of the next, where the table goes on (its header repeated or not). Read as it
prints, the rest would be an action of its own with no cost or planned rate, and a project name cut
the same way a project of its own. So the first data row after the break is joined to the last row
before it (``page-break-join``, one repair per cell joined) when:

- it is on a later page than that row (a page break separates them, not a line of the same page);
- it prints no cost and no planned rate: the figures of a row sit on its first line, before the break;
- it prints an action text, and either no project name or one that continues the name printed on the
  row before the break (a project name printed after a carried one opens a project: not joined).

Actions printed after the break before any project name belong to the project running at the break
(``carry-down``): the merged project cell goes on over the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from interpret.pac.grid import ACTION, COST, PROJECT, Grid, is_header_again
from normalizers.arabic import normalize_text
from plans.model import Activity, InterpretedDocument, Project, Repair

PAGE_BREAK_JOIN = "page-break-join"


@dataclass(frozen=True)
class Split:
    """The row after a page break that is the rest of the row before it."""

    row: int  # data row of the table after the break
    page: int
    last_row: int  # last data row of the table before the break
    last_page: int
    action: str
    project: str  # empty when the row prints no project name


def data_rows(grid: Grid) -> list[int]:
    """Rows of the grid that print data: after the header, repeated header rows and blank rows out."""
    return [
        i
        for i in range(grid.header_end, len(grid.rows))
        if i not in grid.skip and not is_header_again(grid.rows[i]) and any(t.strip() for t in grid.rows[i])
    ]


def page_of(grid: Grid, row: int) -> int | None:
    return grid.table.rows[row].location.page


def has_figures(grid: Grid, row: int) -> bool:
    return bool(grid.cell(row, COST).strip()) or any(grid.rows[row][c].strip() for c in grid.years)


def crosses_page(grid: Grid, previous: Grid) -> bool:
    """Whether ``grid`` starts on a later page than ``previous`` ends (both pages printed)."""
    rows, before = data_rows(grid), data_rows(previous)
    if not rows or not before:
        return False
    page, last_page = page_of(grid, rows[0]), page_of(previous, before[-1])
    return page is not None and last_page is not None and page > last_page


def split_row(grid: Grid, previous: Grid) -> Split | None:
    """The first data row of ``grid`` when it is the rest of the last data row of ``previous``."""
    if not crosses_page(grid, previous):
        return None
    first, last = data_rows(grid)[0], data_rows(previous)[-1]
    page, last_page = page_of(grid, first), page_of(previous, last)
    assert page is not None and last_page is not None
    if has_figures(grid, first):
        return None
    action, project = grid.cell(first, ACTION), grid.cell(first, PROJECT)
    if not action.strip():
        return None
    if project.strip() and not previous.cell(last, PROJECT).strip():
        return None  # a name printed after a carried one opens a project of its own
    return Split(first, page, last, last_page, action, project)


def joined(first: str, rest: str) -> str:
    return normalize_text(f"{first} {rest}")


def join_split(
    split: Split, grid: Grid, previous: Grid, result: InterpretedDocument
) -> tuple[Activity, Project | None] | None:
    """Join the split row's texts to the last action (and project name) read before the break.

    Returns the records joined, or None when no action of ``previous`` was read to join to.
    """
    activity = last_of(result.activities, previous)
    if activity is None:
        return None
    project = next((p for p in result.projects if p.key == activity.project_key), None)
    where = f"table {grid.table.index} row {split.row} (page {split.page})"
    above = f"table {previous.table.index} row {split.last_row} (page {split.last_page})"
    evidence = (
        f"{where} is the first row after the page break, prints no cost and no planned rate"
        f"{'' if split.project.strip() else ' and no project name'}: the rest of {above}"
    )
    after = joined(activity.title, split.action)
    result.repairs.append(
        Repair(
            grid.table.index,
            split.row,
            PAGE_BREAK_JOIN,
            f"{activity.title} | {normalize_text(split.action)}",
            after,
            evidence,
        )
    )
    activity.title = after
    if activity.source is not None:
        raw = f"{activity.source.raw_text or ''}\n{split.action}"
        activity.source = replace(activity.source, raw_text=raw)
    if split.project.strip() and project is not None:
        name = joined(project.title, split.project)
        result.repairs.append(
            Repair(
                grid.table.index,
                split.row,
                PAGE_BREAK_JOIN,
                f"{project.title} | {normalize_text(split.project)}",
                name,
                f"project name: {evidence}, whose project name starts there",
            )
        )
        project.title = name
        if project.source is not None:
            raw = f"{project.source.raw_text or ''}\n{split.project}"
            project.source = replace(project.source, raw_text=raw)
    return activity, project


def last_of(activities: list[Activity], grid: Grid) -> Activity | None:
    """The last action read from ``grid``'s table."""
    return next(
        (a for a in reversed(activities) if a.source is not None and a.source.table == grid.table.index),
        None,
    )


def carried_project(result: InterpretedDocument, previous: Grid) -> Project | None:
    """The project running at the end of ``previous`` (that of its last action)."""
    activity = last_of(result.activities, previous)
    if activity is None or activity.project_key is None:
        return None
    return next((p for p in result.projects if p.key == activity.project_key), None)
