"""Open plans printed as matrices (Aït Melloul's "خطة انفتاح"): projects, activities, budget, indicators.

Three matrices, recognised by their header labels (``headers_open_plan_matrices.csv``), are read
into blocks (``matrices.blocks``) and joined per project code:

- objectives/activities/partners (07): project title, axis, objectives, partners, year, cost;
- annual financial programming (08): the activity list, each activity's cost and budget columns
  (mobilised credits, one column per programmed year), a subtotal row per project, a total row;
- monitoring (09): each activity's start/end dates and its follow-up and impact indicators.

Decisions:
- the project's fields come from the objectives matrix first (it has them all), then the
  financial, then the monitoring matrix; a project cost printed differently in two matrices is
  noted, the first one is kept;
- a column may hold several values for one project (objectives, partners): each cell paragraph is
  one value, stored one per line;
- axes are numbered in their order of first appearance in the matrices (the document prints no
  axis numbers); a project's number is its code's trailing number;
- activities: ``matrices.activities``; stated figures: ``matrices.stated``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from interpret.base import Interpreter, find_period, plan_record
from interpret.open_plan.matrices.activities import (
    MATRIX_NAMES,
    PROJECT_ORDER,
    amount_in,
    build_activities,
    check_sums,
    first_value,
    source_of,
)
from interpret.open_plan.matrices.blocks import MatrixBlocks, ProjectBlock, read_matrix
from interpret.open_plan.matrices.grid import (
    AXIS,
    OBJECTIVES,
    PARTNERS,
    PROJECT_COST,
    TITLE,
    MatrixKind,
    MatrixRow,
    matrix_kinds_present,
    matrix_rows,
)
from interpret.open_plan.matrices.match import display_text
from interpret.open_plan.matrices.stated import plan_title, prose_measures, total_row_measures
from normalizers.arabic import normalize_text
from normalizers.dates import parse_year_range
from plans.model import Activity, Axis, ExtractedDocument, InterpretedDocument, Project, Repair

SCORE_BY_MATRICES = {1: 0.7, 2: 0.9, 3: 0.95}
_TRAILING_NUMBER = re.compile(r"(\d+)$")


# --------------------------------------------------------------------------- small helpers


def listed_values(texts: Sequence[str]) -> str | None:
    """Distinct lines of several cells (several values per project), bullets off, one per line."""
    lines: list[str] = []
    for text in texts:
        for line in normalize_text(text, keep_newlines=True).split("\n"):
            shown = display_text(line)
            if shown and shown not in lines:
                lines.append(shown)
    return "\n".join(lines) or None


def project_number(code: str | None) -> int | None:
    match = _TRAILING_NUMBER.search(code or "")
    return int(match.group(1)) if match else None


def blocks_by_code(matrix: MatrixBlocks | None) -> dict[str, ProjectBlock]:
    if matrix is None:
        return {}
    return {block.code: block for block in matrix.projects if block.code is not None}


# --------------------------------------------------------------------------- projects


# What each matrix alone gives a project's activities: left NULL when the matrix does not give it.
MATRIX_FACTS: dict[MatrixKind, str] = {
    "objectives": "objectives, partners and year",
    "financial": "costs and budget columns",
    "monitoring": "start and end dates and indicators",
}


def project_codes(
    matrices: dict[MatrixKind, MatrixBlocks], notes: list[str], defects: list[str]
) -> list[str]:
    """Codes in the order the first matrix prints them; a code missing from a matrix is noted, and
    flagged as a defect: the facts only that matrix prints are left NULL for the project."""
    codes: list[str] = []
    for kind in PROJECT_ORDER:
        for code in blocks_by_code(matrices.get(kind)):
            if code not in codes:
                codes.append(code)
    for kind, matrix in matrices.items():
        missing = [c for c in codes if c not in blocks_by_code(matrix)]
        if missing:
            notes.append(f"projects absent from the {MATRIX_NAMES[kind]}: {', '.join(missing)}")
            defects.append(
                f"the {MATRIX_NAMES[kind]} gives no row for {', '.join(missing)}: their "
                f"{MATRIX_FACTS[kind]} are left NULL"
            )
    return codes


def project_cost(blocks: dict[MatrixKind, ProjectBlock], code: str, notes: list[str]) -> Decimal | None:
    costs = {
        kind: amount_in(block.values[PROJECT_COST], f"cost of project {code}", notes)
        for kind, block in blocks.items()
        if PROJECT_COST in block.values
    }
    printed = {k: v for k, v in costs.items() if v is not None}
    if len(set(printed.values())) > 1:
        shown = ", ".join(f"{MATRIX_NAMES[k]} {v}" for k, v in printed.items())
        notes.append(f"project {code}: cost printed differently ({shown})")
    return next(iter(printed.values()), None)


def build_project(
    code: str, blocks: dict[MatrixKind, ProjectBlock], axes: list[Axis], notes: list[str]
) -> Project:
    ordered = [blocks[k] for k in PROJECT_ORDER if k in blocks]
    title = first_value(ordered, TITLE)
    axis = first_value(ordered, AXIS)
    axis_label = normalize_text(axis[0]) if axis else None
    if axis_label and axis_label not in [a.label for a in axes]:
        axes.append(Axis(label=axis_label, number=len(axes) + 1))
    anchor = title[1] if title else ordered[0]
    raw_title = title[0] if title else ""
    return Project(
        key=code,
        code=code,
        number=project_number(code),
        title=normalize_text(raw_title),
        axis_label=axis_label,
        axis_number=next((a.number for a in axes if a.label == axis_label), None),
        objectives=listed_values([t for b in ordered for t in b.lists.get(OBJECTIVES, [])]),
        partners=listed_values([t for b in ordered for t in b.lists.get(PARTNERS, [])]),
        cost_mad=project_cost(blocks, code, notes),
        source=source_of(anchor.rows[0], raw_title),
    )


# --------------------------------------------------------------------------- interpreter


# What the cells of a column named by its content print (the evidence a header-by-content repair gives).
CONTENT_EVIDENCE = {
    "project_code": "project codes",
    "activity_cost": "amounts, in the one amount column no label names",
    "start_date": "dates on or before those of the end column",
    "end_date": "dates on or after those of the start column",
}


def columns_named_by_content(rows: Sequence[MatrixRow]) -> list[Repair]:
    """A ``header-by-content`` repair for each header block whose column a label did not name."""
    seen = {id(r.columns): r.columns for r in rows}
    return [
        Repair(
            columns.header.table,
            columns.header.row,
            "header-by-content",
            header,
            field_name,
            f"header {header!r} names no field; the cells under it print "
            + CONTENT_EVIDENCE.get(field_name, field_name),
        )
        for columns in seen.values()
        for field_name, header in columns.by_content.items()
    ]


def score(doc: ExtractedDocument) -> float:
    """0.7 / 0.9 / 0.95 for one / two / three of the open plan's matrices recognised by their headers."""
    return SCORE_BY_MATRICES.get(len(matrix_kinds_present(doc)), 0.0)


def interpret(doc: ExtractedDocument, commune: str) -> InterpretedDocument:
    rows = matrix_rows(doc)
    kinds = list(dict.fromkeys(r.columns.kind for r in rows))
    matrices = {kind: read_matrix(kind, [r for r in rows if r.columns.kind == kind]) for kind in kinds}
    repairs: list[Repair] = [r for m in matrices.values() for r in m.repairs]
    repairs.extend(columns_named_by_content(rows))
    notes: list[str] = [f"{MATRIX_NAMES[k]}: {n}" for k, m in matrices.items() for n in m.notes]
    axes: list[Axis] = []
    projects: list[Project] = []
    activities: list[Activity] = []
    by_code = {kind: blocks_by_code(m) for kind, m in matrices.items()}
    defects: list[str] = []
    for code in project_codes(matrices, notes, defects):
        blocks = {kind: found[code] for kind, found in by_code.items() if code in found}
        project = build_project(code, blocks, axes, notes)
        own = build_activities(project, blocks, (repairs, notes))
        check_sums(project, own, blocks.get("financial"), notes)
        projects.append(project)
        activities.extend(own)
    total = matrices["financial"].total if "financial" in matrices else None
    stated = total_row_measures(total) if total is not None else []
    stated_total = next((s.value for s in stated if s.measure == "total_cost_mad"), None)
    stated.extend(prose_measures(doc, stated_total, notes))
    title = plan_title(doc)
    period = find_period(doc) or (parse_year_range(title) if title else None)
    return plan_record(
        commune,
        "open_plan",
        title,
        period,
        axes=axes,
        projects=projects,
        activities=activities,
        stated=stated,
        repairs=repairs,
        notes=notes,
        defects=defects,
    )


INTERPRETER = Interpreter(name="open_plan_matrices", kind="open_plan", score=score, interpret=interpret)
