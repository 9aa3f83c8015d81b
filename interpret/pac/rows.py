"""PAC detail grids -> lines and actions, with every repair logged (project names: ``pac_names``).

The text export of a PAC table is one line per printed line, so a table row can take several
lines and some lines are OCR copies of others:
- OCR duplicates: a line with garbled figures (``1000/``) or unreadable text beside a clean line
  with the same years is one row read twice; the clean line is kept, an empty field taken from the
  OCR line (``dedupe-ocr-row``). Two clean lines with the same figures whose texts start alike are
  merged into the longer text. A line whose figures are readable but whose text is not takes the
  clean text printed on the next line without figures;
- wrapped actions: a line without figures continues the action above when the cues of
  ``normalizers.repair_cells.continuation_reason`` say so (``join-wrapped``), otherwise it is an
  action of its own (some actions have no cost and no planned rate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from interpret.pac.grid import ACTION, COST, PROJECT, Grid, is_header_again
from normalizers.arabic import fold_key, normalize_text
from normalizers.numbers import parse_amount
from normalizers.repair_cells import (
    continuation_reason,
    is_garbled,
    is_noise,
    merge_overlap,
    read_percent_series,
    similarity,
)
from plans.model import Location, Repair

# Two clean lines with the same figures whose texts start this alike are one row read twice.
SAME_START = 0.8
# Costs of an OCR line and its clean copy differ by at most this share (OCR misreads a digit).
COST_TOLERANCE = Decimal("0.5")


@dataclass
class Line:
    """One data line of a grid, cells by field; ``pos`` is its place among the grid's data lines."""

    pos: int
    row: int
    location: Location
    project: str
    project_merged: bool
    text: str
    cost: str
    years: dict[int, str]
    text_noise: bool = False

    @property
    def has_values(self) -> bool:
        return bool(self.cost.strip()) or any(t.strip() for t in self.years.values())

    @property
    def garbled(self) -> list[str]:
        return [t for t in self.years.values() if t.strip() and is_garbled(t)]

    @property
    def year_set(self) -> set[int]:
        return {y for y, t in self.years.items() if t.strip()}

    @property
    def is_ocr(self) -> bool:
        return bool(self.garbled) or self.text_noise


@dataclass
class Action:
    lines: list[Line]
    parts: list[str]
    title: str
    reasons: list[str] = field(default_factory=list)
    project: int | None = None

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def start(self) -> int:
        return min(line.pos for line in self.lines)


@dataclass
class Name:
    title: str
    fragments: list[str]
    first: int
    last: int
    line: Line


@dataclass
class Reading:
    actions: list[Action]
    names: list[Name]
    repairs: list[Repair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    merged: bool = False  # project names carried by merged cells (not scattered fragments)


def where(line: Line) -> str:
    return f"line {line.location.line}" if line.location.line else f"row {line.row}"


# --------------------------------------------------------------------------- lines


# Kind of the log row that flags a cell kept out unread (nothing guessed in its place).
UNREADABLE = "unreadable"


def lines_of(grid: Grid, reading: Reading) -> list[Line]:
    """The grid's data lines; repeated header rows skipped, unreadable texts blanked and flagged."""
    lines: list[Line] = []
    project_col = grid.columns.get(PROJECT)
    for i in range(grid.header_end, len(grid.rows)):
        if i in grid.skip or is_header_again(grid.rows[i]):
            continue
        row = grid.table.rows[i]
        line = Line(
            pos=len(lines),
            row=i,
            location=row.location,
            project=grid.cell(i, PROJECT),
            project_merged=project_col is not None and grid.continues[i][project_col],
            text=grid.cell(i, ACTION),
            cost=grid.cell(i, COST),
            years={year: grid.rows[i][col] for col, year in grid.years.items()},
        )
        for name in ("text", "project"):
            raw = getattr(line, name)
            if raw.strip() and is_noise(raw):
                reading.notes.append(
                    f"table {grid.table.index} {where(line)}: unreadable {name} kept out: {raw!r}"
                )
                reading.repairs.append(
                    Repair(
                        grid.table.index,
                        i,
                        UNREADABLE,
                        raw,
                        "",
                        f"{where(line)}: {name} cell is OCR debris (no Arabic words, stray letters or one "
                        "repeated guess): kept out, nothing guessed",
                    )
                )
                setattr(line, name, "")
                line.text_noise = line.text_noise or name == "text"
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- OCR duplicates


def _cost_close(a: str, b: str) -> bool:
    try:
        x, y = parse_amount(a), parse_amount(b)
    except ValueError:
        return True
    return x is None or y is None or abs(x - y) <= COST_TOLERANCE * max(x, y)


def duplicate_evidence(a: Line, b: Line) -> str | None:
    """Why adjacent lines a and b are one row read twice, or None."""
    if not (a.has_values and b.has_values) or not (a.year_set <= b.year_set or b.year_set <= a.year_set):
        return None
    if a.is_ocr != b.is_ocr and _cost_close(a.cost, b.cost):
        ocr = a if a.is_ocr else b
        what = f"garbled figures {', '.join(ocr.garbled)}" if ocr.garbled else "unreadable text"
        return f"OCR line ({what}) beside a clean line with the same years"
    if a.is_ocr or b.is_ocr or a.cost.strip() != b.cost.strip() or a.years != b.years:
        return None
    shorter = min(len(fold_key(a.text)), len(fold_key(b.text)))
    if shorter and similarity(fold_key(a.text)[:shorter], fold_key(b.text)[:shorter]) >= SAME_START:
        return "same figures, texts start alike"
    return None


def merged_pair(a: Line, b: Line) -> tuple[Line, Line]:
    """The kept line (the clean one, or the first of two clean ones) with empty fields filled."""
    keep, drop = (b, a) if a.is_ocr else (a, b)
    text = keep.text or drop.text
    if not keep.is_ocr and not drop.is_ocr:
        text = merge_overlap(keep.text, drop.text)
    kept = Line(
        keep.pos, keep.row, keep.location, keep.project, keep.project_merged, text, keep.cost, keep.years
    )
    kept.cost = keep.cost if keep.cost.strip() else drop.cost
    kept.pos = min(a.pos, b.pos)
    return kept, drop


def garbage_repairs(table: int, line: Line, kept: Line) -> list[Repair]:
    """The OCR line's figures read from garbage (logged, then set aside for its clean copy)."""
    years = sorted(line.years)
    reading = read_percent_series([line.years[y] for y in years])
    return [
        Repair(
            table,
            line.row,
            "garbage-to-number",
            line.years[years[i]],
            str(reading.values[i]),
            f"{reading.evidence()}; OCR copy of {where(kept)}, which is kept",
        )
        for i in sorted(reading.repaired)
    ]


def resolve_duplicates(lines: list[Line], table: int, reading: Reading) -> list[Line]:
    """Lines with OCR duplicates resolved and unreadable texts replaced by the clean line after them."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        a = lines[i]
        b = lines[i + 1] if i + 1 < len(lines) else None
        evidence = duplicate_evidence(a, b) if b else None
        if evidence and not a.is_ocr and i + 2 < len(lines) and duplicate_evidence(b, lines[i + 2]):
            evidence = None  # the OCR line b is the copy of the line after it, not of a
        if b is not None and evidence:
            kept, drop = merged_pair(a, b)
            reading.repairs.extend(garbage_repairs(table, drop, kept) if drop.garbled else [])
            before = " | ".join(t for t in (drop.cost, *drop.years.values(), drop.text) if t.strip())
            after = " | ".join(t for t in (kept.cost, *kept.years.values(), kept.text) if t.strip())
            reading.repairs.append(
                Repair(table, drop.row, "dedupe-ocr-row", before, after, f"{evidence}; kept {where(kept)}")
            )
            out.append(kept)
            i += 2
            continue
        if b is not None and a.text_noise and a.has_values and b.text.strip() and not b.has_values:
            figures = " | ".join(t for t in (a.cost, *a.years.values()) if t.strip())
            a.text = b.text
            reading.repairs.append(
                Repair(
                    table,
                    b.row,
                    "dedupe-ocr-row",
                    figures,
                    f"{figures} | {normalize_text(b.text)}",
                    f"figures of {where(a)} printed with unreadable text; its clean text is {where(b)}",
                )
            )
            out.append(a)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# --------------------------------------------------------------------------- actions


def build_actions(lines: list[Line], merged_layout: bool, table: int, reading: Reading) -> list[Action]:
    """Actions from the lines: a line with figures opens one, a line of text continues or opens one."""
    actions: list[Action] = []
    joined_at = -2
    for line in lines:
        opens_group = merged_layout and bool(line.project.strip()) and not line.project_merged
        if not line.has_values and not line.text.strip():
            continue
        if actions and not line.has_values and not opens_group:
            current = actions[-1]
            merged = merge_overlap(current.title, line.text)
            if fold_key(merged) == fold_key(current.title):
                reading.repairs.append(
                    Repair(
                        table,
                        line.row,
                        "join-wrapped",
                        normalize_text(line.text),
                        current.title,
                        f"{where(line)} repeats the end of the line above (OCR echo): dropped",
                    )
                )
                joined_at = line.pos
                continue
            reason = continuation_reason(current.title, line.text)
            if reason is None and joined_at == line.pos - 1:
                reason = "the line above continued this cell too"
            if reason:
                current.parts.append(line.text)
                current.reasons.append(f"{where(line)}: {reason}")
                current.title = merged
                current.lines.append(line)
                joined_at = line.pos
                continue
        actions.append(Action([line], [line.text], normalize_text(line.text)))
    for action in actions:
        if len(action.parts) > 1:
            reading.repairs.append(
                Repair(
                    table,
                    action.first.row,
                    "join-wrapped",
                    " | ".join(normalize_text(p) for p in action.parts),
                    action.title,
                    "; ".join(action.reasons),
                )
            )
    return actions
