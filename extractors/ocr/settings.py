"""Settings of the OCR extractor: every threshold with a name, a default and a reason."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass


def default_tessdata() -> str:
    """Where the Tesseract language files are: $TESSDATA_PREFIX, else Debian's tesseract-ocr-* path."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    found = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"))
    return found[-1] if found else "/usr/share/tesseract-ocr/5/tessdata"


# Default page threads on a machine with more cores (see OcrSettings.page_workers).
MAX_PAGE_THREADS = 4


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read (see ../shared/docs/STACK.md, OCR)."""

    # Folder holding ara/fra .traineddata (Debian: tesseract-ocr-ara, tesseract-ocr-fra).
    tessdata: str = ""  # "" = default_tessdata()
    # Arabic text: `ara` alone (full pages of the corpus keep their digits with it).
    text_language: str = "ara"
    # Numbers `ara` reads short are read again with this language (`ara+fra` drops digits, `fra`
    # reads them: STACK.md).
    number_language: str = "fra"
    # Pages of one document read at once, each in its own thread (Tesseract runs outside the GIL):
    # a scan is most of a refresh's work, and read page after page it kept one core busy while
    # the other sat idle (sample corpus: 14 s). 0 = one per core, at most MAX_PAGE_THREADS: each
    # thread adds ~70 MB of address space (its engines, stack and malloc arena; 35 MB resident),
    # which the extraction child's memory limit (IntakeLimits.max_memory_mb) counts.
    page_workers: int = 0
    # Pages are rendered at this resolution: what the scans arrive at (rendering higher only
    # interpolates; STACK.md: 300 dpi was not better than 200).
    dpi: int = 150
    # Rotations searched by the deskew step (scans arrive rotated up to ±0.7°).
    max_skew_degrees: float = 2.0
    skew_step_degrees: float = 0.1
    # A leading token at most this tall (share of the line's median word height) is a bullet glyph.
    bullet_height_ratio: float = 0.6
    # How far right of a line's first word (in line heights) a bullet glyph is looked for.
    bullet_reach_in_heights: float = 2.0

    # Filled boxes darker than this grey (0-255), at least this share of the page wide, hold light
    # text: they are read again, inverted, as a block, and kept when that reads them better.
    darkest_paper: int = 140
    min_dark_box_share: float = 0.1
    # ... unless the page pass read every word in the box at least this surely: on each such box
    # of the Beni Mellal scan the inverted reading gave the same words (within a point of
    # confidence) or the same plus noise ("ظ منهجية الإعداد المشترك"), and it costs a reading.
    dark_box_keep_above: float = 90.0
    # A page with more than this share of its pixels darker than ``darkest_paper`` is printed light
    # on dark: it is read as its negative (the scan's section slides: 98 % dark; other pages and the
    # table scans: under 30 %).
    dark_page_share: float = 0.5
    # A line read with less confidence than this (0-100) is read again on its own (PSM 7); the
    # better reading is kept. Words of a second reading under ``min_word_confidence`` are noise.
    second_look_below: float = 80.0
    min_word_confidence: float = 40.0
    line_psm: int = 7
    box_psm: int = 6
    # Line-sized ink that no word of the page pass covers is read again line by line (``recover``):
    # blobs at least this many line heights wide, ink on at least this share of their box.
    recover_lost_lines: bool = True
    min_lost_line_width_in_heights: float = 2.0
    min_lost_line_ink: float = 0.08
    # Ruled tables (``grid``): rules are ink runs at least this share of the page's width (horizontal)
    # or height (vertical), letters' strokes far shorter; a grid this share of the page wide with two
    # cells or more is a table, unless ink fills over max_table_ink_share of it (a filled bar). Cells
    # narrower or lower than min_cell_pixels (under a text line) are gaps between double rules or
    # letters' holes; cell edges closer than cell_snap_pixels are one edge.
    read_tables: bool = True
    min_rule_share_of_width: float = 1 / 12
    min_rule_share_of_height: float = 1 / 30
    min_table_share_of_width: float = 0.25
    min_cell_pixels: int = 18
    max_table_ink_share: float = 0.5
    cell_snap_pixels: int = 6
    # Cells of a table's first rows (its header) read under this confidence are read again alone at
    # twice the scale: their labels decide which column is which.
    header_rows: int = 2
    header_keep_above: float = 90.0
    # A figure cell whose ink shows a decimal-mark speck the reading lacks, at no place that can be
    # established (``marks``), keeps its reading with this confidence, and a dash or star read as a
    # digit gets it with the mark: under the 60 that flags a cell (interpret.ocr_confidence).
    unsure_mark_confidence: float = 30.0
    # A figure cell whose reading lost a digit (fewer digits than digit blobs in its ink) or is no
    # figure though unsure is read again as black on white at this scale (small digits on grainy
    # paper: "33" read "3", "44" read "الك" on the co-creation scan, both read whole at 2x).
    enlarged_scale: int = 2
    # That reading is kept at this confidence or more ("33" at 70): its digits are checked against
    # the ink's digit blobs besides; the 60 under which a cell is flagged (interpret.ocr_confidence).
    enlarged_keep_above: float = 60.0
    # A table cell read under this confidence is read again as a project code ("كد واد" at 40 for
    # "PO-24-25-PC-08"): codes key the plan's projects, and `ara` garbles Latin capitals.
    code_look_below: float = 60.0
    # Tesseract page segmentation mode for a page: 3 = its own layout analysis (columns, blocks).
    page_psm: int = 3
    # Two words of one Tesseract line farther apart than this many line heights are two text
    # boxes side by side (word spaces are under one height).
    segment_gap_in_heights: float = 1.5
    # Bands (points) at the top and bottom of a page where a lone number is a page number and
    # dropped, as PdfSettings.header_band / footer_band.
    header_band_points: float = 40.0
    footer_band_points: float = 60.0
    # Narrowest blank strip (points) between two columns of lines, as PdfSettings.column_gap.
    column_gap_points: float = 12.0

    def tessdata_dir(self) -> str:
        return self.tessdata or default_tessdata()

    def page_threads(self) -> int:
        return self.page_workers if self.page_workers > 0 else min(os.cpu_count() or 1, MAX_PAGE_THREADS)
