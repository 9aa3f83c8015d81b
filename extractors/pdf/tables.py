"""Ruled tables of a PDF page: pdfplumber's cell boxes -> grid with spans -> model Table.

pdfplumber lists a merged cell once with its full box; cells are placed on the table's grid, their
glyphs read as logical-order lines, and columns put in logical order (right to left for Arabic).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pdfplumber.table import Table as PlumberTable

from extractors.bidi import has_rtl
from extractors.pdf.text import Char, cell_text, is_bold
from plans.model import Cell, Location, Row, Table

if TYPE_CHECKING:
    from extractors.pdf import PdfSettings


@dataclass(frozen=True)
class GridCell:
    """A real (non-covered) table cell placed on the table's grid, in visual column numbers."""

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: tuple[float, float, float, float]


# --------------------------------------------------------------------------- tables


def snapped_edges(values: Iterable[float], snap: float) -> list[float]:
    """Sorted distinct coordinates, values closer than ``snap`` merged into the first of them."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > snap:
            edges.append(value)
    return edges


def band_index(edges: Sequence[float], value: float, snap: float) -> int:
    """Index of the band (between consecutive edges) that starts at or just before ``value``."""
    return max(bisect_right(edges, value + snap) - 1, 0)


def grid_cells(table: PlumberTable, snap: float) -> tuple[list[GridCell], int, int]:
    """Place every real cell of a pdfplumber table on its grid; also return row and column counts.

    pdfplumber lists a merged cell once, with its full bounding box: spans are the number of row
    tops and column lefts that the box covers.
    """
    return place_cell_boxes(list(table.cells), snap)


def place_cell_boxes(
    boxes: Sequence[tuple[float, float, float, float]], snap: float
) -> tuple[list[GridCell], int, int]:
    """Cell boxes (x0, top, x1, bottom; a merged cell once, with its full box) placed on the grid
    their edges make; also the row and column counts. Used for scanned tables too (``ocr.grid``)."""
    col_edges = snapped_edges((b[0] for b in boxes), snap)
    row_edges = snapped_edges((b[1] for b in boxes), snap)
    placed: list[GridCell] = []
    for x0, top, x1, bottom in boxes:
        col = band_index(col_edges, x0, snap)
        row = band_index(row_edges, top, snap)
        col_span = max(band_index(col_edges, x1 - 2 * snap, snap) - col + 1, 1)
        row_span = max(band_index(row_edges, bottom - 2 * snap, snap) - row + 1, 1)
        placed.append(GridCell(row, col, row_span, col_span, (x0, top, x1, bottom)))
    return placed, len(row_edges), len(col_edges)


# Glyphs compared with every cell at once, this many at a time: the comparison's matrices stay a few
# MB whatever the page (a hostile page can hold 100 000 glyphs and a table thousands of cells).
CHARS_PER_COMPARISON = 2048


def chars_by_cell(chars: Sequence[Char], cells: Sequence[GridCell]) -> dict[GridCell, list[Char]]:
    """Assign each glyph to the first cell (in ``cells`` order) that holds its centre; a glyph in no
    cell is left out. The glyphs are compared with every cell at once (numpy): a loop over cells
    for each glyph was 3 % of the sample PDFs' extraction."""
    found: dict[GridCell, list[Char]] = {cell: [] for cell in cells}
    if not chars or not cells:
        return found
    x0, top, x1, bottom = np.array([cell.bbox for cell in cells], dtype=float).T
    for start in range(0, len(chars), CHARS_PER_COMPARISON):
        block = chars[start : start + CHARS_PER_COMPARISON]
        cx = np.array([(c["x0"] + c["x1"]) / 2 for c in block])[:, None]
        cy = np.array([(c["top"] + c["bottom"]) / 2 for c in block])[:, None]
        inside = (x0 <= cx) & (cx < x1) & (top <= cy) & (cy < bottom)
        first = inside.argmax(axis=1)
        held = inside[np.arange(len(block)), first]
        for char, index, is_held in zip(block, first.tolist(), held.tolist(), strict=True):
            if is_held:
                found[cells[index]].append(char)
    return found


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_rtl_table(header_texts: Sequence[str], all_texts: Sequence[str]) -> bool:
    """Right-to-left when the header row's words are Arabic; when the header prints no word (empty,
    or only figures: a table continued over a page break), when most cells with words are Arabic.
    Figures, dates and percentages have no direction of their own, so they do not vote."""
    worded_header = [t for t in header_texts if has_letters(t)]
    if worded_header:
        return any(has_rtl(text) for text in worded_header)
    worded = [t for t in all_texts if has_letters(t)]
    return sum(has_rtl(t) for t in worded) * 2 > len(worded)


def logical_rows(
    cells: Sequence[GridCell],
    texts: dict[GridCell, str],
    bolds: dict[GridCell, bool],
    shape: tuple[int, int],
    right_to_left: bool,
    confidences: dict[GridCell, float] | None = None,
) -> list[list[Cell]]:
    """Rows of model Cells in logical column order, with spans and merge continuations (and each
    cell's OCR confidence, for scanned tables)."""
    n_rows, n_cols = shape
    owner: dict[tuple[int, int], GridCell] = {}
    for cell in cells:
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                owner.setdefault((r, c), cell)
    columns = range(n_cols - 1, -1, -1) if right_to_left else range(n_cols)
    rows: list[list[Cell]] = []
    for r in range(n_rows):
        row: list[Cell] = []
        seen: set[GridCell] = set()
        for c in columns:
            cell = owner.get((r, c))
            if cell is None:
                row.append(Cell(""))
            elif cell in seen:
                continue
            elif cell.row == r:
                confidence = confidences.get(cell) if confidences else None
                row.append(
                    Cell(texts[cell], cell.col_span, cell.row_span, bold=bolds[cell], confidence=confidence)
                )
            else:
                row.append(Cell("", cell.col_span, continues_above=True))
            if cell is not None:
                seen.add(cell)
        rows.append(row)
    return rows


def build_table(
    table: PlumberTable, chars: Sequence[Char], page_number: int, index: int, settings: PdfSettings
) -> Table:
    """One pdfplumber table as a model Table in logical order."""
    cells, n_rows, n_cols = grid_cells(table, settings.span_snap)
    found = chars_by_cell(chars, cells)
    texts = {cell: cell_text(found[cell], settings) for cell in cells}
    bolds = {cell: is_bold(found[cell]) for cell in cells}
    header = [texts[c] for c in cells if c.row == 0]
    right_to_left = is_rtl_table(header, list(texts.values()))
    rows = logical_rows(cells, texts, bolds, (n_rows, n_cols), right_to_left)
    row_tops = snapped_edges((c.bbox[1] for c in cells), settings.span_snap)
    return Table(
        index=index,
        rows=tuple(
            Row(tuple(row), Location(page=page_number, top=round(top, 1)))
            for row, top in zip(rows, row_tops, strict=True)
        ),
        location=Location(page=page_number, top=round(table.bbox[1], 1)),
        right_to_left=right_to_left,
    )


def inside_any(char: Char, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    """True when the glyph's centre lies in one of the boxes."""
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)
