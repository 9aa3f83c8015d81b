"""PAC project names: carried down from merged cells, or joined from fragments scattered over rows.

In a merged layout (DOCX/PDF continuation cells, or names printed on their group's first row only)
a project name is carried down over its actions (``carry-down``). The text export prints it one
fragment per line around the middle of its actions' rows: the fragments are joined
(``split-name-join``) and each name gets the rows it is centred on
(``normalizers.repair_cells.scattered_spans``).
"""

from __future__ import annotations

from interpret.pac.grid import Grid
from interpret.pac.rows import Action, Line, Name, Reading, build_actions, lines_of, resolve_duplicates, where
from normalizers.arabic import normalize_text
from normalizers.columns import carry_down
from normalizers.repair_cells import continues_name, join_fragments, scattered_spans, split_names
from plans.model import Repair


def is_merged_layout(lines: list[Line], names: list[Name]) -> bool:
    """Names carried by merged cells (marked, or printed on their group's first row only)."""
    if any(line.project_merged for line in lines):
        return True
    return bool(lines) and bool(lines[0].project.strip()) and all(n.first == n.last for n in names)


def scattered_names(lines: list[Line]) -> list[Name]:
    """Name fragments as names: consecutive lines whose fragment continues the one above form a run,
    a run too long for one name is split (``split_names``)."""
    runs: list[list[Line]] = []
    for line in lines:
        if not line.project.strip():
            continue
        if runs and runs[-1][-1].pos == line.pos - 1 and continues_name(runs[-1][-1].project, line.project):
            runs[-1].append(line)
        else:
            runs.append([line])
    names: list[Name] = []
    for run in runs:
        offset = 0
        for fragments in split_names([line.project for line in run]):
            members = run[offset : offset + len(fragments)]
            offset += len(fragments)
            names.append(
                Name(join_fragments(fragments), fragments, members[0].pos, members[-1].pos, members[0])
            )
    return names


def assign_scattered(
    actions: list[Action], names: list[Name], total: int, table: int, reading: Reading
) -> None:
    starts = sorted({a.start for a in actions})
    if not names or not starts:
        return
    spans = scattered_spans([(n.first, n.last) for n in names], starts, total)
    for action in actions:
        action.project = next((k for k, (lo, hi) in enumerate(spans) if lo <= action.start <= hi), None)
    for name, (lo, hi) in zip(names, spans, strict=True):
        members = [a for a in actions if lo <= a.start <= hi]
        lines = f"{where(members[0].first)}-{where(members[-1].lines[-1])}" if members else "no rows"
        if len(name.fragments) > 1 or members:
            reading.repairs.append(
                Repair(
                    table,
                    name.line.row,
                    "split-name-join",
                    " | ".join(normalize_text(f) for f in name.fragments),
                    name.title,
                    f"fragments printed around the middle of the rows {lines}",
                )
            )


def assign_carried(actions: list[Action], table: int, reading: Reading) -> list[Name]:
    filled, runs = carry_down([a.first.project for a in actions])
    names: list[Name] = []
    for action, value in zip(actions, filled, strict=True):
        if not value or not value.strip():
            continue
        if not names or action.first.project.strip():
            names.append(
                Name(normalize_text(value), [value], action.first.pos, action.first.pos, action.first)
            )
        action.project = len(names) - 1
    for run in runs:
        reading.repairs.append(
            Repair(
                table,
                actions[run.first].first.row,
                "carry-down",
                "",
                normalize_text(run.value),
                f"rows {actions[run.first].first.row}-{actions[run.last].first.row} continue the merged "
                f"project cell of row {actions[run.source].first.row}",
            )
        )
    return names


def read_actions(grid: Grid, merged: bool | None = None) -> Reading:
    """Actions and project names of one detail grid, with the repairs that produced them; ``merged``:
    the layout of the names when known (a table continued over a page break keeps its layout, and
    its first rows go on under a name printed on the page before)."""
    table = grid.table.index
    reading = Reading([], [])
    lines = lines_of(grid, reading)
    names = scattered_names(lines)
    if merged is None:
        merged = is_merged_layout(lines, names)
    reading.merged = merged
    actions = build_actions(resolve_duplicates(lines, table, reading), merged, table, reading)
    if merged:
        names = assign_carried(actions, table, reading)
    else:
        assign_scattered(actions, names, len(lines), table, reading)
    reading.actions, reading.names = actions, names
    return reading
