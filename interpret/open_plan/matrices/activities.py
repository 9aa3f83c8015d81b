"""An open-plan project's activities joined across the matrices: cost, budget, dates, indicators.

The activity list comes from the financial matrix (every activity there has a row with its cost,
no blank rows, and subtotals close each project); without it, from the objectives matrix, then
the monitoring matrix. The other matrices' activities are paired with it per project by title
similarity in order (``matrices.match.align``); an activity paired with nothing is named
in the notes, never dropped silently. Sums that do not add up are noted, never changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from interpret.open_plan.matrices.blocks import ActivityBlock, ProjectBlock, amounts_in, where
from interpret.open_plan.matrices.grid import (
    ACTIVITY,
    ACTIVITY_COST,
    END,
    START,
    YEAR,
    MatrixKind,
    MatrixRow,
    is_blank,
)
from interpret.open_plan.matrices.match import align, display_text, title_key, title_similarity
from normalizers.arabic import normalize_text
from normalizers.dates import parse_date
from normalizers.numbers import parse_amount, parse_percent
from plans.model import Activity, Indicator, Project, Repair, SourceRef

PRIMARY_ORDER: tuple[MatrixKind, ...] = ("financial", "objectives", "monitoring")
PROJECT_ORDER: tuple[MatrixKind, ...] = ("objectives", "financial", "monitoring")
MATRIX_NAMES: dict[MatrixKind, str] = {
    "objectives": "objectives matrix",
    "financial": "financial matrix",
    "monitoring": "monitoring matrix",
}
_LABEL_NUMBER = re.compile(r"(?<!\d)(\d{1,3})(?!\d)")


def source_of(row: MatrixRow, raw_text: str | None) -> SourceRef:
    grid = row.grid
    return SourceRef(grid.table, grid.row, grid.location.line, grid.location.page, raw_text)


def cell_of(row: MatrixRow, col: int) -> str:
    return row.grid.texts[col] if col < len(row.grid.texts) else ""


def amount_in(text: str, what: str, notes: list[str]) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        notes.append(f"{what}: not an amount {text!r}")
        return None


def first_value(blocks: Sequence[ProjectBlock], name: str) -> tuple[str, ProjectBlock] | None:
    for block in blocks:
        if name in block.values:
            return block.values[name], block
    return None


def is_wrapped_rest(primary: ActivityBlock, before: ActivityBlock, rest: ActivityBlock) -> bool:
    """Whether ``rest`` is the end of ``before``'s title cut off by a page break (PDF).

    Joined to the activity above it, it must bring that title at least as close to the paired
    title of the activity list as it was without it.
    """
    target = title_key(primary.title)
    joined = title_key(f"{before.title} {rest.title}")
    return title_similarity(target, joined) >= title_similarity(target, title_key(before.title))


def paired(
    primary: Sequence[ActivityBlock],
    other: Sequence[ActivityBlock],
    code: str,
    kind: MatrixKind,
    found: tuple[list[Repair], list[str]],
) -> dict[int, ActivityBlock]:
    """Primary index -> the other matrix's activity; the other's unpaired activities are noted."""
    repairs, notes = found
    pairs = align([title_key(a.title) for a in primary], [title_key(a.title) for a in other])
    matched = {j: i for i, j in pairs}
    for j, activity in enumerate(other):
        above = matched.get(j - 1)
        if j not in matched and above is not None and is_wrapped_rest(primary[above], other[j - 1], activity):
            row = activity.rows[0]
            joined = f"{other[j - 1].title.rstrip()} {activity.title.strip()}"
            evidence = f"rest of the activity title above, cut off by a page break ({where(row)})"
            repairs.append(
                Repair(row.grid.table, row.grid.row, "join-wrapped", activity.title, joined, evidence)
            )
            other[j - 1].title = joined
            matched[j] = above
        elif j not in matched:
            notes.append(
                f"project {code}: activity {display_text(activity.title)!r} of the {MATRIX_NAMES[kind]} "
                f"({where(activity.rows[0])}) matches no activity of the activity list"
            )
    return {i: other[j] for i, j in pairs}


def cost_and_budget(activity: ActivityBlock, notes: list[str]) -> tuple[Decimal | None, dict[str, Decimal]]:
    row = activity.rows[0]
    cost_col = row.columns.fields.get(ACTIVITY_COST)
    what = f"activity cost ({where(row)})"
    cost = amount_in(cell_of(row, cost_col), what, notes) if cost_col is not None else None
    budget: dict[str, Decimal] = {}
    for col, key in row.columns.budget.items():
        value = amount_in(cell_of(row, col), f"budget {key} ({where(row)})", notes)
        if value is not None:
            budget[key] = value
    return cost, budget


def indicators_of(activity: ActivityBlock, found_so_far: tuple[list[Repair], list[str]]) -> list[Indicator]:
    """Follow-up and impact indicators of an activity's rows, each with its max weight.

    An indicator text without a weight on the first row of a new table (page), under an indicator
    of the same kind, is the rest of that indicator's cell cut by the page break: it is joined.
    """
    repairs, notes = found_so_far
    found: list[Indicator] = []
    last: dict[str, tuple[Indicator, MatrixRow]] = {}
    for row in activity.rows:
        for text_col, (kind, weight_col) in row.columns.indicators.items():
            text = cell_of(row, text_col)
            weight_text = cell_of(row, weight_col) if weight_col is not None else ""
            if is_blank(text):
                if not is_blank(weight_text):
                    notes.append(f"{kind} weight {weight_text!r} without an indicator ({where(row)})")
                continue
            above = last.get(kind)
            if above is not None and is_blank(weight_text) and above[1].grid.table != row.grid.table:
                joined = f"{above[0].text} {display_text(text)}"
                evidence = f"{kind} indicator text without weight at the top of a new page ({where(row)})"
                repairs.append(Repair(row.grid.table, row.grid.row, "join-wrapped", text, joined, evidence))
                above[0].text = joined
                continue
            try:
                weight = parse_percent(weight_text)
            except ValueError:
                notes.append(f"{kind} indicator weight not a percentage: {weight_text!r} ({where(row)})")
                weight = None
            found.append(Indicator(kind, display_text(text), weight, source_of(row, text)))
            last[kind] = (found[-1], row)
    return found


# A date written in full: ISO with two-digit month and day, or day/month/year with two-digit parts.
FULL_DATE = re.compile(r"\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4}")


def apply_dates(activity: Activity, block: ActivityBlock, repairs: list[Repair]) -> None:
    row = block.rows[0]
    for name, date_attr, text_attr in ((START, "start_date", "start_text"), (END, "end_date", "end_text")):
        col = row.columns.fields.get(name)
        text = cell_of(row, col) if col is not None else ""
        if is_blank(text):
            continue
        parsed = parse_date(text)
        # OCR drops digits: a date not written in full in an OCR'd row, or in a column named by its
        # dates (its header misread), ("2024-12-1" for "2024-12-31") is kept as read.
        by_content = name in row.columns.by_content or row.grid.read_by_ocr
        unsure = by_content and not FULL_DATE.fullmatch(text.strip())
        if parsed is not None and not unsure:
            setattr(activity, date_attr, parsed)
            continue
        setattr(activity, text_attr, normalize_text(text))
        if by_content and any(ch.isdigit() for ch in text):  # a date lost, not a textual schedule
            repairs.append(
                Repair(
                    row.grid.table,
                    row.grid.row,
                    "unreadable",
                    text,
                    "",
                    f"{name}: not a date written in full, read by OCR or in a column named by its dates;"
                    " kept raw",
                )
            )


def build_activities(
    project: Project, blocks: dict[MatrixKind, ProjectBlock], found: tuple[list[Repair], list[str]]
) -> list[Activity]:
    repairs, notes = found
    primary_kind = next(k for k in PRIMARY_ORDER if k in blocks)
    primary = blocks[primary_kind].activities
    others = {
        kind: paired(primary, blocks[kind].activities, project.key, kind, (repairs, notes))
        for kind in PRIMARY_ORDER
        if kind in blocks and kind != primary_kind
    }
    others[primary_kind] = dict(enumerate(primary))
    year = first_value([blocks[k] for k in PROJECT_ORDER if k in blocks], YEAR)
    activities: list[Activity] = []
    for i, block in enumerate(primary):
        activity = Activity(
            key=f"{project.key}/A{i + 1:02d}",
            project_key=project.key,
            title=display_text(block.title),
            axis_label=project.axis_label,
            year_label=normalize_text(year[0]) if year else None,
            source=source_of(block.rows[0], block.rows[0].text(ACTIVITY)),
        )
        for kind, mapping in others.items():
            if i not in mapping:
                notes.append(
                    f"project {project.key}: activity {activity.title!r} "
                    f"has no row in the {MATRIX_NAMES[kind]}"
                )
                continue
            if kind == "financial":
                activity.cost_mad, activity.budget = cost_and_budget(mapping[i], notes)
            elif kind == "monitoring":
                apply_dates(activity, mapping[i], repairs)
                activity.indicators = indicators_of(mapping[i], (repairs, notes))
        activities.append(activity)
    return activities


def check_sums(
    project: Project, activities: Sequence[Activity], block: ProjectBlock | None, notes: list[str]
) -> None:
    """Note (never fix) a project cost or subtotal that its activities do not add up to."""
    costs = [a.cost_mad for a in activities if a.cost_mad is not None]
    if project.cost_mad is not None and costs and sum(costs) != project.cost_mad:
        notes.append(
            f"project {project.key}: cost {project.cost_mad} but its activities add up to {sum(costs)}"
        )
    if block is None or block.subtotal is None:
        return
    subtotal = block.subtotal
    printed = amounts_in(subtotal, subtotal.columns.budget)
    for key, value in printed.items():
        computed = sum((a.budget.get(key, Decimal(0)) for a in activities), Decimal(0))
        if computed != value:
            notes.append(
                f"project {project.key}: subtotal {key} {value} but its activities add up to {computed}"
            )
    label_numbers = _LABEL_NUMBER.findall(normalize_text(next(t for t in subtotal.grid.texts if t.strip())))
    if label_numbers and project.number is not None and int(label_numbers[0]) != project.number:
        notes.append(
            f"project {project.key}: its subtotal row names project {label_numbers[0]} ({where(subtotal)})"
        )
