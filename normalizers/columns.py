"""Column repairs shared by every interpreter: pure functions on lists of cell texts.

Each returns the repaired values and what it did, so the caller can log one ``Repair`` per change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CarriedRun:
    """``value`` was carried from row ``source`` down over rows ``first``..``last`` (inclusive)."""

    value: str
    source: int
    first: int
    last: int


def carry_down(values: Sequence[str | None]) -> tuple[list[str | None], list[CarriedRun]]:
    """Fill empty cells with the last non-empty value above (a vertically merged group cell).

    Empty means None or whitespace only. Cells before the first value stay empty.
    """
    filled: list[str | None] = []
    runs: list[CarriedRun] = []
    current: str | None = None
    source = -1
    for i, value in enumerate(values):
        if value is not None and value.strip():
            current, source = value, i
            filled.append(value)
            continue
        if current is None:
            filled.append(value)  # nothing above to carry
            continue
        filled.append(current)
        if runs and runs[-1].source == source and runs[-1].last == i - 1:
            runs[-1] = CarriedRun(current, source, runs[-1].first, i)
        else:
            runs.append(CarriedRun(current, source, i, i))
    return filled, runs


def reverse_columns(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Mirror each row: columns extracted in visual (left-to-right) order of a right-to-left table."""
    return [list(reversed(row)) for row in rows]
