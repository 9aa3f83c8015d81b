"""Ruled tables on a page image: grid lines found by morphology, cells as the areas they enclose.

A scanned table keeps its rules: long horizontal and vertical runs of ink, far longer than any
stroke of a letter, are the grid. The blank areas the grid encloses are the cells (a merged cell is
one area), placed on the grid their edges make exactly as the PDF extractor places pdfplumber's cell
boxes (``extractors.pdf.tables``), so interpreters get the same model Table from a scan as from the
born-digital file. OpenCV's morphology does the line finding (img2table does the same on top of it,
with a heavier dependency tree and no access to Tesseract's per-word confidences we keep).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.ocr.engine import Word
from extractors.ocr.lines import mean_word_confidence, right_to_left_order
from extractors.ocr.settings import OcrSettings
from extractors.pdf.tables import GridCell, is_rtl_table, logical_rows, place_cell_boxes, snapped_edges
from plans.model import Location, Row, Table

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class ScannedTable:
    """One ruled table of a page image: its box, its grid mask and its cells (pixels)."""

    box: Box
    rules: np.ndarray  # the grid lines, 255 on 0, page-sized
    cells: tuple[GridCell, ...]
    shape: tuple[int, int]  # rows, columns


def rule_masks(ink: np.ndarray, settings: OcrSettings) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules: ink runs at least this long (a share of the page's width or
    height); letters' strokes and baselines are far shorter."""
    height, width = ink.shape
    across = max(40, int(width * settings.min_rule_share_of_width))
    down = max(30, int(height * settings.min_rule_share_of_height))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    # A rule broken by noise or a light scan is joined along its own direction.
    horizontal = cv2.morphologyEx(
        horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1))
    )
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 15)))
    return horizontal, cv2.bitwise_or(vertical, row_rules(ink, horizontal, settings))


# A rule is a few pixels thick at 150 dpi; a wider vertical run is a filled bar or a glyph's body.
MAX_RULE_THICKNESS = 4
# How near (pixels) a short vertical run's ends must come to a horizontal rule to be a row's rule.
RULE_END_TOLERANCE = 3


def row_rules(ink: np.ndarray, horizontal: np.ndarray, settings: OcrSettings) -> np.ndarray:
    """Vertical rules of a single low row, too short for the page-scale test: the Aït Melloul
    scan's last financial row (30 px high, under a summary row whose cells span the table) had
    its five cells read as one. A vertical run counts when it is thin and both its ends meet a
    horizontal rule: a letter's stroke between two rules touches neither."""
    kept = np.zeros_like(ink)
    rows = np.flatnonzero(horizontal.any(axis=1))
    if len(rows) < 2:
        return kept  # no two horizontal rules: no row to close (a slide, a page of prose)
    cols = np.flatnonzero(horizontal.any(axis=0))
    y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    short = cv2.morphologyEx(
        ink[y0:y1, x0:x1],
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, settings.min_cell_pixels)),
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(short, connectivity=8)
    reach = RULE_END_TOLERANCE
    near = cv2.dilate(horizontal[y0:y1, x0:x1], np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    region = kept[y0:y1, x0:x1]
    for label in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[label])
        if w > MAX_RULE_THICKNESS:
            continue
        if near[y, x : x + w].any() and near[y + h - 1, x : x + w].any():
            region[labels == label] = 255
    return kept


def enclosed_cells(rules: np.ndarray, box: Box, min_cell_pixels: int) -> list[Box]:
    """The blank areas the rules enclose inside ``box``: each is a cell (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    region = cv2.dilate(rules[y0:y1, x0:x1], np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(255 - region, connectivity=4)
    height, width = region.shape
    cells = []
    for x, y, w, h, _ in stats[1:count]:
        touches_edge = x == 0 or y == 0 or x + w >= width or y + h >= height
        if touches_edge or w < min_cell_pixels or h < min_cell_pixels:
            continue
        cells.append((int(x0 + x), int(y0 + y), int(x0 + x + w), int(y0 + y + h)))
    return cells


def find_tables(ink: np.ndarray, settings: OcrSettings) -> list[ScannedTable]:
    """Every ruled table of the page: grids at least this wide with two rows or columns of cells."""
    horizontal, vertical = rule_masks(ink, settings)
    rules = cv2.bitwise_or(horizontal, vertical)
    joined = cv2.dilate(rules, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    page_width = ink.shape[1]
    tables = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < page_width * settings.min_table_share_of_width:
            continue
        box = (int(x), int(y), int(x + w), int(y + h))
        if (ink[y : y + h, x : x + w] > 0).mean() > settings.max_table_ink_share:
            continue  # a filled box (a slide's title bar): its light letters are no cells
        own = np.where(labels == label, rules, 0).astype(np.uint8)
        cells = enclosed_cells(own, box, settings.min_cell_pixels)
        if len(cells) < 2:
            continue
        placed, rows, cols = place_cell_boxes(cells, settings.cell_snap_pixels)
        if rows * cols < 2:
            continue
        tables.append(ScannedTable(box, own, tuple(placed), (rows, cols)))
    return sorted(tables, key=lambda t: t.box[1])


def centre_in(word: Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]


def words_in(words: Sequence[Word], cell: GridCell) -> list[Word]:
    return [w for w in words if centre_in(w, cell.bbox)]


def text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """A cell's words as printed lines, top to bottom: a word whose middle lies below the current
    line's lowest point starts the next line."""
    lines: list[list[Word]] = []
    bottom = -1
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        middle = (word.box[1] + word.box[3]) / 2
        if not lines or middle > bottom:
            lines.append([])
            bottom = word.box[3]
        lines[-1].append(word)
        bottom = max(bottom, word.box[3]) if len(lines[-1]) == 1 else bottom
    return lines


def cell_text(words: Sequence[Word]) -> str:
    """A cell's text: its lines in reading order, joined by newlines as the PDF extractor does."""
    return "\n".join(" ".join(w.text for w in right_to_left_order(line)) for line in text_lines(words))


def to_table(
    table: ScannedTable,
    words: Sequence[Word],
    read_again: dict[GridCell, list[Word]],
    page: int,
    dpi: int,
    snap: int,
) -> tuple[Table, set[int]]:
    """The model Table of one scanned table (logical column order, spans), and the ids of the
    page's words it took. ``read_again`` holds cells read on their own, which replace the page
    pass's words there."""
    taken = {id(w) for w in words if centre_in(w, table.box)}  # rules' specks included
    found = {cell: read_again.get(cell, words_in(words, cell)) for cell in table.cells}
    texts = {cell: cell_text(found[cell]) for cell in table.cells}
    bolds = dict.fromkeys(table.cells, False)
    header = [texts[c] for c in table.cells if c.row == 0]
    right_to_left = is_rtl_table(header, list(texts.values()))
    confidences = {c: round(mean_word_confidence(found[c]), 1) for c in table.cells if found[c]}
    rows = logical_rows(table.cells, texts, bolds, table.shape, right_to_left, confidences)
    scale = 72 / dpi
    row_tops = snapped_edges((c.bbox[1] for c in table.cells), snap)
    model_rows = tuple(
        Row(tuple(row), Location(page=page, top=round(top * scale, 1)))
        for row, top in zip(rows, row_tops, strict=True)
    )
    location = Location(page=page, top=round(table.box[1] * scale, 1))
    return Table(index=0, rows=model_rows, location=location, right_to_left=right_to_left), taken
