"""Where a PDF page's tables are: ruled grids first, then drawn frames, then text alignment.

All three come from pdfplumber's own table finder with different ``table_settings``; this module
only decides which result to trust, in this order:

1. ruled: stroked lines only ("lines_strict"), how LibreOffice draws table borders. When these
   give a table, nothing else is tried, so the corpus' ruled tables are read as before.
2. drawn: rectangle edges and curves too ("lines"), how Word, spreadsheets and report generators
   draw cells. Kept only when the frame holds a real grid (two rows and two columns at least) and
   is not the page's background (slide backgrounds are page-sized rectangles); a
   frame whose body rows are not ruled (rows told apart by text alone, or by shading every few
   rows) is read again by text alignment inside the frame.
3. text-aligned ("text" strategies): only on pages where several visual lines break into three
   or more segments at wide gaps, which running text and slides never do.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable

from extractors.pdf.text import Char

if TYPE_CHECKING:
    from extractors.pdf import PdfSettings


def is_grid(table: PlumberTable, min_rows: int, min_columns: int) -> bool:
    """True when the table has at least the given rows and columns (a lone frame is no table)."""
    return len(table.rows) >= min_rows and len(table.columns) >= min_columns


def is_page_background(table: PlumberTable, page: Page) -> bool:
    """True for a "table" reaching all four page edges: slide backgrounds and page frames."""
    x0, top, x1, bottom = table.bbox
    margin = 1.0
    return x0 <= margin and top <= margin and x1 >= page.width - margin and bottom >= page.height - margin


def line_counts(row: Sequence[str | None]) -> list[int]:
    """Number of text lines in each cell of an extracted row (0 for a covered or empty cell)."""
    return [len(cell.splitlines()) if cell else 0 for cell in row]


def has_unruled_rows(table: PlumberTable, min_lines: int) -> bool:
    """True when one drawn row holds several printed rows.

    Either three cells or more hold the same number (at least ``min_lines``) of lines side by side
    (rows shaded in bands, as in NICS), or one cell spanning most of the table holds that many lines
    (a framed body without row or column rules, as in the Senate expenditures).
    """
    n_columns = len(table.columns)
    for row in table.extract():
        counts = [n for n in line_counts(row) if n >= min_lines]
        if len(counts) >= 3 and max(counts) == min(counts):
            return True
        spanning = len(row) - sum(cell is None for cell in row) <= max(n_columns // 3, 1)
        if counts and spanning and n_columns >= 3:
            return True
    return False


def segmented_lines(chars: Sequence[Char], gap_in_font_sizes: float, min_segments: int) -> int:
    """How many visual lines break into ``min_segments`` or more pieces at wide horizontal gaps."""
    by_line: dict[int, list[Char]] = defaultdict(list)
    for char in chars:
        if char["text"].strip():
            by_line[round(char["top"])].append(char)
    count = 0
    for line in by_line.values():
        line.sort(key=lambda c: c["x0"])
        gaps = sum(
            1 for a, b in itertools.pairwise(line) if b["x0"] - a["x1"] > gap_in_font_sizes * b["size"]
        )
        count += gaps + 1 >= min_segments
    return count


def text_aligned_tables(page: Page, settings: PdfSettings) -> list[PlumberTable]:
    """Tables found by text alignment on the page (or cropped page), real grids only."""
    found = page.find_tables(settings.text_table_settings)
    return [t for t in found if is_grid(t, settings.min_text_table_rows, settings.min_text_table_columns)]


def find_page_tables(page: Page, chars: Sequence[Char], settings: PdfSettings) -> list[PlumberTable]:
    """The page's tables, by the first of ruled / drawn / text-aligned that finds any."""
    if not chars:
        return []
    ruled = page.find_tables(settings.table_settings)
    if ruled:
        return ruled
    drawn = [
        t
        for t in page.find_tables(settings.drawn_table_settings)
        if is_grid(t, 2, 2) and not is_page_background(t, page)
    ]
    if drawn:
        tables: list[PlumberTable] = []
        for table in drawn:
            if has_unruled_rows(table, settings.min_lines_of_unruled_row):
                tables.extend(text_aligned_tables(page.crop(table.bbox), settings))
            else:
                tables.append(table)
        return tables
    segmented = segmented_lines(chars, settings.segment_gap_in_font_sizes, settings.min_text_table_columns)
    if segmented >= settings.min_text_table_rows:
        return text_aligned_tables(page, settings)
    return []
