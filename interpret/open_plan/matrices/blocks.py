"""Rows of one open-plan matrix grouped into projects and activities, with the repairs that took.

Group cells are printed once, on the first row of their group (vertically merged in the original);
the text export leaves the rows below empty. Projects are delimited by the project-code column
(carried down with ``normalizers.columns.carry_down``); within a project:

- single-valued project columns (axis, title, year, cost, ...) take the group's value; rows under it
  that were empty received it (one ``carry-down`` repair per column and group); a second text lower
  in the same group is the rest of a cell a page break cut in two (PDF) and is joined to it
  (``join-wrapped``);
- list columns (objectives, partners, link with the action programme) may hold several values on
  several rows of one project: they are collected, not carried;
- an activity starts at each non-empty activity cell, except in a matrix whose activity rows carry
  their own values (costs, dates): there a title with none of them is the wrapped end of the title
  above. The monitoring matrix spreads one activity over its indicator rows: the activity and its
  dates are carried down over them (``carry-down``).

Summary rows (subtotal per project, final total) are kept apart: they are not activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from interpret.open_plan.matrices.grid import (
    ACTIVITY,
    ACTIVITY_COST,
    AXIS,
    CODE,
    CONTRIBUTION,
    END,
    OBJECTIVES,
    PAC_LINK,
    PARTNERS,
    PROJECT_COST,
    START,
    SUMMARY_FIELDS,
    TITLE,
    YEAR,
    MatrixKind,
    MatrixRow,
    is_blank,
    summary_amounts,
)
from normalizers.codes import normalize_project_code
from normalizers.columns import carry_down
from normalizers.headers import recognise_header
from plans.model import Repair

SINGLE_FIELDS = (CODE, AXIS, TITLE, YEAR, CONTRIBUTION, PROJECT_COST)
LIST_FIELDS = (OBJECTIVES, PARTNERS, PAC_LINK)
# Activity-level group columns of the monitoring matrix (merged over the activity's indicator rows).
ACTIVITY_GROUP_FIELDS = (ACTIVITY, START, END)


@dataclass
class ActivityBlock:
    title: str  # raw text, wrapped parts joined by a space
    rows: list[MatrixRow]


@dataclass
class ProjectBlock:
    code: str | None
    rows: list[MatrixRow]
    values: dict[str, str] = field(default_factory=dict)  # single fields, raw text
    lists: dict[str, list[str]] = field(default_factory=dict)  # list fields, raw texts in order
    activities: list[ActivityBlock] = field(default_factory=list)
    subtotal: MatrixRow | None = None


@dataclass
class MatrixBlocks:
    kind: MatrixKind
    projects: list[ProjectBlock]
    total: MatrixRow | None
    repairs: list[Repair]
    notes: list[str]


def row_span_text(rows: Sequence[MatrixRow]) -> str:
    """'table 7 rows 3-9' or 'table 7 row 40 to table 8 row 5' for evidence strings."""
    first, last = rows[0].grid, rows[-1].grid
    if first.table == last.table:
        return f"table {first.table} rows {first.row}-{last.row}"
    return f"table {first.table} row {first.row} to table {last.table} row {last.row}"


def where(row: MatrixRow) -> str:
    line = f", line {row.grid.location.line}" if row.grid.location.line else ""
    page = f", page {row.grid.location.page}" if row.grid.location.page else ""
    return f"table {row.grid.table} row {row.grid.row}{line}{page}"


def carried_repair(rows: Sequence[MatrixRow], field_name: str, value: str) -> Repair:
    first = rows[0].grid
    return Repair(
        table=first.table,
        row=first.row,
        kind="carry-down",
        before="",
        after=value,
        evidence=f"empty cells below a group value in column {field_name}, {row_span_text(rows)}",
    )


def code_repair(row: MatrixRow, raw: str, code: str) -> Repair | None:
    """A repair when the printed code is not the canonical one (wrapped, misordered, mistyped)."""
    compact = "".join(raw.split())
    if compact == code:
        if raw.strip() == code:
            return None
        kind, why = "join-wrapped", "project code broken over lines"
    else:
        kind, why = "normalise-code", "project code printed out of the PO-YY-YY-AXIS-NN pattern"
    return Repair(row.grid.table, row.grid.row, kind, raw, code, f"{why} ({where(row)})")


# --------------------------------------------------------------------------- projects


def split_projects(rows: Sequence[MatrixRow], notes: list[str]) -> list[ProjectBlock]:
    """Consecutive rows under one printed project code, the code carried down over its rows."""
    carried, _ = carry_down([r.text(CODE) for r in rows])
    projects: list[ProjectBlock] = []
    for row, own, code_text in zip(rows, (r.text(CODE) for r in rows), carried, strict=True):
        if code_text is None or is_blank(code_text):
            notes.append(f"row before any project code ignored ({where(row)})")
            continue
        if not is_blank(own) and not (projects and continues_code(projects[-1], own)):
            projects.append(ProjectBlock(code=None, rows=[row]))
            continue
        if not projects:
            projects.append(ProjectBlock(code=None, rows=[row]))
            continue
        projects[-1].rows.append(row)
    return projects


def has_code(text: str) -> bool:
    try:
        return normalize_project_code(text) is not None
    except ValueError:
        return True  # two codes: a complete cell all the same


def continues_code(block: ProjectBlock, text: str) -> bool:
    """A code cell cut by a page break: the project's code so far is incomplete, this part is not a code."""
    so_far = "\n".join(r.text(CODE) for r in block.rows if not is_blank(r.text(CODE)))
    return not has_code(so_far) and not has_code(text)


def group_value(rows: Sequence[MatrixRow], field_name: str, repairs: list[Repair]) -> str | None:
    """The single value of a group column: first text, later texts joined to it (wrapped cell).

    A code's parts are joined as lines of one cell (a code wrapped in a narrow cell and cut by a
    page break reads like a code wrapped over lines); other texts with a space."""
    texts = [(i, r.text(field_name)) for i, r in enumerate(rows)]
    filled = [(i, t) for i, t in texts if not is_blank(t)]
    if not filled:
        return None
    value = filled[0][1]
    separator = "\n" if field_name == CODE else " "
    for i, text in filled[1:]:
        joined = f"{value.rstrip()}{separator}{text.strip()}"
        repairs.append(
            Repair(
                rows[i].grid.table,
                rows[i].grid.row,
                "join-wrapped",
                text,
                joined,
                f"second text in the group column {field_name} of one project: rest of a cell cut by "
                f"a page break ({where(rows[i])})",
            )
        )
        value = joined
    if len(filled) < len(rows):
        repairs.append(carried_repair(rows, field_name, value))
    return value


def read_project(block: ProjectBlock, kind: MatrixKind, repairs: list[Repair], notes: list[str]) -> None:
    """Fill a project block's values, lists and activities from its rows."""
    for name in SINGLE_FIELDS:
        if name in block.rows[0].columns.fields:
            value = group_value(block.rows, name, repairs)
            if value is not None:
                block.values[name] = value
    raw_code = block.values.get(CODE, "")
    try:
        block.code = normalize_project_code(raw_code)
    except ValueError as exc:
        notes.append(f"{exc} ({where(block.rows[0])})")
    if block.code is None:
        notes.append(f"no project code in {raw_code!r} ({where(block.rows[0])})")
    else:
        repair = code_repair(block.rows[0], raw_code, block.code)
        if repair is not None:
            repairs.append(repair)
    for name in LIST_FIELDS:
        block.lists[name] = [r.text(name) for r in block.rows if not is_blank(r.text(name))]
    block.activities = split_activities(block.rows, kind, repairs)


# --------------------------------------------------------------------------- activities


def has_own_values(row: MatrixRow, kind: MatrixKind) -> bool:
    """Whether a row carries an activity's own values (costs or dates) besides its title."""
    if kind == "financial":
        cols = [row.columns.fields.get(ACTIVITY_COST), *row.columns.budget]
    elif kind == "monitoring":
        cols = [row.columns.fields.get(START), row.columns.fields.get(END)]
    else:
        return True
    return any(c is not None and c < len(row.grid.texts) and not is_blank(row.grid.texts[c]) for c in cols)


def split_activities(
    rows: Sequence[MatrixRow], kind: MatrixKind, repairs: list[Repair]
) -> list[ActivityBlock]:
    activities: list[ActivityBlock] = []
    for row in rows:
        title = row.text(ACTIVITY)
        if is_blank(title):
            if activities and kind == "monitoring":
                activities[-1].rows.append(row)
            continue
        if activities and not has_own_values(row, kind):
            joined = f"{activities[-1].title.rstrip()} {title.strip()}"
            repairs.append(
                Repair(
                    row.grid.table,
                    row.grid.row,
                    "join-wrapped",
                    title,
                    joined,
                    f"activity text without the activity's own values: "
                    f"rest of the title above ({where(row)})",
                )
            )
            activities[-1].title = joined
            activities[-1].rows.append(row)
            continue
        activities.append(ActivityBlock(title, [row]))
    if kind == "monitoring":
        for activity in activities:
            record_activity_carry(activity, repairs)
    return activities


def record_activity_carry(activity: ActivityBlock, repairs: list[Repair]) -> None:
    """One carry-down repair per activity-level column filled over the activity's indicator rows."""
    if len(activity.rows) < 2:
        return
    for name in ACTIVITY_GROUP_FIELDS:
        if name not in activity.rows[0].columns.fields:
            continue
        values, runs = carry_down([r.text(name) for r in activity.rows])
        for run in runs:
            if run.source == 0:
                repairs.append(
                    carried_repair(activity.rows[run.first : run.last + 1], name, values[run.first] or "")
                )


# --------------------------------------------------------------------------- matrix


def read_matrix(kind: MatrixKind, rows: Sequence[MatrixRow]) -> MatrixBlocks:
    """Projects, activities and summary rows of one matrix (rows of that kind, in order)."""
    repairs: list[Repair] = []
    notes: list[str] = []
    data: list[MatrixRow] = []
    summaries: list[tuple[int, MatrixRow]] = []  # (number of data rows before it, row)
    after_summary = False
    for row in rows:
        if kind == "financial" and summary_amounts(row, after_summary) is not None:
            summaries.append((len(data), row))
            after_summary = True
        elif kind == "financial" and (label := summary_row_label(row)) is not None:
            # A summary row whose amounts are not all read ("996.00 2461" for "2 461 996.00" on a
            # scan) is no activity: its figures are kept raw and flagged, none is loaded.
            repairs.append(unreadable_summary(row, label))
            notes.append(f"summary row {label!r} with amounts not read ignored ({where(row)})")
            after_summary = True
        else:
            data.append(row)
            after_summary = after_summary and is_blank(row.text(CODE))
    projects = split_projects(data, notes)
    for block in projects:
        read_project(block, kind, repairs, notes)
    total = attach_summaries(projects, summaries, notes)
    return MatrixBlocks(kind, projects, total, repairs, notes)


def summary_row_label(row: MatrixRow) -> str | None:
    """The summary label a row prints ("التكلفة التقديرية للمشاريع", "تكلفة المشروع"), if any."""
    return next((t for t in row.grid.texts if recognise_header(t) in SUMMARY_FIELDS), None)


def unreadable_summary(row: MatrixRow, label: str) -> Repair:
    figures = " | ".join(t for t in row.grid.texts if t.strip() and t != label)
    return Repair(
        row.grid.table,
        row.grid.row,
        "unreadable",
        figures,
        "",
        f"summary row {label!r} ({where(row)}): not every figure is an amount; kept raw, not loaded",
    )


def attach_summaries(
    projects: Sequence[ProjectBlock], summaries: Sequence[tuple[int, MatrixRow]], notes: list[str]
) -> MatrixRow | None:
    """Subtotal rows go to the project they close; the row covering the activity-cost column is the total."""
    ends: list[int] = []
    count = 0
    for block in projects:
        count += len(block.rows)
        ends.append(count)
    total: MatrixRow | None = None
    for before, row in summaries:
        amounts = summary_amounts(row, after_summary=True) or {}
        cost_col = row.columns.fields.get(ACTIVITY_COST)
        if cost_col is not None and cost_col in amounts:
            if total is not None:
                notes.append(f"second total row ignored ({where(row)})")
                continue
            total = row
            continue
        closed = [i for i, end in enumerate(ends) if end == before]
        if not closed or projects[closed[0]].subtotal is not None:
            notes.append(f"subtotal row not right after a project ignored ({where(row)})")
            continue
        projects[closed[0]].subtotal = row
    return total


def amounts_in(row: MatrixRow, columns: dict[int, str]) -> dict[str, Decimal]:
    """Budget key -> amount for a summary row's amounts in the given columns."""
    amounts = summary_amounts(row, after_summary=True) or {}
    return {key: amounts[col] for col, key in columns.items() if col in amounts}
