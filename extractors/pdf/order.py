"""Reading order of a PDF page's blocks: a right-to-left XY-cut over their bounding boxes."""

from __future__ import annotations

from collections.abc import Sequence

from plans.model import Block

Bbox = tuple[float, float, float, float]


def column_gaps(items: Sequence[tuple[Bbox, Block]]) -> list[tuple[float, float]]:
    """(width, x) of every blank vertical strip between the items, x its middle."""
    spans = sorted((bbox[0], bbox[2]) for bbox, _ in items)
    gaps: list[tuple[float, float]] = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > reach:
            gaps.append((x0 - reach, (x0 + reach) / 2))
        reach = max(reach, x1)
    return gaps


def row_gaps(items: Sequence[tuple[Bbox, Block]]) -> list[tuple[float, float]]:
    """(height, y) of every blank horizontal strip between the items, y the top of the item below it.

    Blocks overlapping by up to half a point still count as stacked (a strip of negative height):
    producers let the descenders of one text box reach into the next one. The strip's lower edge,
    not its middle, separates the items: with an overlap the middle lies below the lower block's top.
    """
    spans = sorted((bbox[1], bbox[3]) for bbox, _ in items)
    gaps: list[tuple[float, float]] = []
    reach = spans[0][1]
    for top, bottom in spans[1:]:
        if top >= reach - 0.5 and top > spans[0][0]:
            gaps.append((top - reach, top))
        reach = max(reach, bottom)
    return gaps


def reading_order(items: Sequence[tuple[Bbox, Block]], column_gap: float) -> list[tuple[Bbox, Block]]:
    """Right-to-left XY-cut: split at the widest blank strip, recursively.

    A vertical strip (at least ``column_gap`` wide) separates columns, read right one first; a
    horizontal strip separates rows, read top one first. The widest strip wins, so a slide's
    side-by-side boxes are read box by box, while a title far above them stays first.
    """
    if len(items) <= 1:
        return list(items)
    column = max((g for g in column_gaps(items) if g[0] >= column_gap), default=None)
    row = max(row_gaps(items), default=None)
    if column is not None and (row is None or column[0] > row[0]):
        right = [item for item in items if item[0][0] >= column[1]]
        left = [item for item in items if item[0][0] < column[1]]
        return reading_order(right, column_gap) + reading_order(left, column_gap)
    if row is not None:
        # Every item above the strip starts before its lower edge (the first item always does).
        above = [item for item in items if item[0][1] < row[1]]
        below = [item for item in items if item[0][1] >= row[1]]
        return reading_order(above, column_gap) + reading_order(below, column_gap)
    return sorted(items, key=lambda item: (item[0][1], -item[0][2]))
