"""PDF extractor: pdfplumber text layer -> ExtractedDocument, in logical (reading) order.

Written for LibreOffice-made PDFs of right-to-left Arabic documents: ruled tables (with merged
cells and header rows repeated per page) and free text. pdfplumber gives glyphs in visual order;
each visual line is turned into logical order by ``extractors.bidi.visual_to_logical``.

Free text lines and paragraphs are read in ``extractors.pdf.text``, ruled tables in
``extractors.pdf.tables``; this module holds the settings and puts each page's blocks in reading
order.

A table continued over several pages gives one Table block per page; interpretation handles the
repeated header rows. Scanned pages (no text layer) are reported, not read: OCR is another step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.page import Page

from extractors.base import ExtractionError, NeedsOcr, file_sha256
from extractors.pdf.order import reading_order
from extractors.pdf.table_finder import find_page_tables
from extractors.pdf.tables import build_table, inside_any
from extractors.pdf.text import (
    TextLine,
    body_font_size,
    clean_chars,
    drop_overprinted_punctuation,
    group_paragraphs,
    heading_levels,
    is_page_number,
    text_lines,
    to_paragraph,
    typical_line_pitches,
)
from extractors.pdf.text_layer import TextLayerSettings, judge_page, read_pages_by_ocr
from plans.model import Block, ExtractedDocument, Table

EXTRACTOR = "pdf/1"

Bbox = tuple[float, float, float, float]


def _default_table_settings() -> dict[str, Any]:
    # "lines_strict" builds the grid from stroked line objects only. LibreOffice draws table borders
    # as lines and cell shading / slide backgrounds as filled rectangles; with "lines" the slide
    # backgrounds of a presentation became page-sized fake tables and finding them took 40x longer.
    return {"vertical_strategy": "lines_strict", "horizontal_strategy": "lines_strict"}


def _drawn_table_settings() -> dict[str, Any]:
    # pdfplumber's default: rectangle edges and curves count as cell borders too.
    return {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _text_table_settings() -> dict[str, Any]:
    # Columns and rows from word alignment, with pdfplumber's default word tolerances: finer ones
    # split tightly set words ("CITIBANK-TRAV" | "ELCBA") into columns. Cell text is read with
    # PdfSettings.x_tolerance afterwards, which keeps the word spaces.
    return {"vertical_strategy": "text", "horizontal_strategy": "text"}


@dataclass(frozen=True)
class PdfSettings:
    """Thresholds of the PDF extractor, in points unless said otherwise (pdfplumber style)."""

    # Passed to pdfplumber's ``page.find_tables``; see _default_table_settings for why.
    table_settings: dict[str, Any] = field(default_factory=_default_table_settings)
    # Tried only when the ruled settings find no table on a page (see extractors.pdf.table_finder):
    # tables drawn with rectangles and curves, then tables aligned by text alone.
    drawn_table_settings: dict[str, Any] = field(default_factory=_drawn_table_settings)
    text_table_settings: dict[str, Any] = field(default_factory=_text_table_settings)
    # A drawn cell with this many lines, side by side with equal cells or spanning the table, holds
    # several printed rows: the frame is read again by text alignment.
    min_lines_of_unruled_row: int = 3
    # A text-aligned table needs this many rows and columns; pages are searched for one only when
    # that many visual lines break into that many segments at wide gaps.
    min_text_table_rows: int = 5
    min_text_table_columns: int = 3
    # Gap between two glyphs above which a space is inserted (pdfplumber's default is 3). Arabic
    # letters of one word touch; 1.5 still separates the narrow word spaces of 9.5 pt matrices.
    x_tolerance: float = 1.5
    # Glyphs whose tops differ by at most this much belong to the same visual line.
    y_tolerance: float = 3.0
    # A horizontal gap wider than this many font sizes splits a visual line into two segments
    # (two text boxes of a slide side by side, or two columns of free text).
    segment_gap_in_font_sizes: float = 2.0
    # Two lines belong to one paragraph when their top-to-top distance is at most this factor
    # times the document's most common distance for that font size (paragraph spacing is larger).
    paragraph_pitch_tolerance: float = 1.15
    # Fewest visible characters for a line outside tables to be kept (drops stray glyphs).
    min_paragraph_chars: int = 1
    # Narrowest blank strip between two columns of blocks (slide text boxes side by side) that
    # makes the right column be read before the left one.
    column_gap: float = 12.0
    # Bands at the top and bottom of each page where a lone number is a page number and dropped.
    header_band: float = 40.0
    footer_band: float = 60.0
    # Cell edges closer than this are the same grid line (borders of adjacent cells differ by
    # fractions of a point); a cell spans a band only if it reaches more than this into it.
    span_snap: float = 2.0
    # When a page's text layer is judged broken and the page is read by OCR instead.
    text_layer: TextLayerSettings = field(default_factory=TextLayerSettings)
    # Bullet glyphs at the start of a line: the line is a bullet paragraph (glyph removed).
    bullet_glyphs: str = "•◦▪▫■□●○◆◇►▶➢➤✓✔❖\uf0a7\uf0b7\uf0d8\uf076\uf0fc"


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageContent:
    """What one page gives before document-wide measures (line pitch, heading sizes) are known."""

    number: int
    tables: list[tuple[Bbox, Table]]
    lines: list[TextLine]
    has_text: bool
    overprinted: int = 0  # punctuation glyphs printed over Arabic letters, dropped
    broken: str | None = None  # why the text layer is not to be trusted (None: it reads fine)


def read_page(page: Page, settings: PdfSettings) -> PageContent:
    """Tables (in logical order, not yet numbered) and free text lines of one page."""
    chars, overprinted = drop_overprinted_punctuation(clean_chars(page.chars))
    found = find_page_tables(page, chars, settings)
    tables = [(t.bbox, build_table(t, chars, page.page_number, -1, settings)) for t in found]
    boxes = [t.bbox for t in found]
    free = [c for c in chars if not inside_any(c, boxes)]
    lines = [line for line in text_lines(free, settings) if not is_page_number(line, page.height, settings)]
    lines.sort(key=lambda line: (round(line.top), -line.x1))
    broken = judge_page([line.text for line in lines], [t for _, t in tables], settings.text_layer)
    return PageContent(page.page_number, tables, lines, bool(page.chars), overprinted, broken)


def read_closing(page: Page, settings: PdfSettings) -> PageContent:
    """Read a page, then drop pdfplumber's per-page caches (a 40-page matrix PDF holds ~60k glyphs)."""
    try:
        return read_page(page, settings)
    finally:
        page.close()


def page_blocks(
    content: PageContent, pitches: dict[float, float], levels: dict[float, int], settings: PdfSettings
) -> list[Block]:
    """The page's tables and paragraphs in reading order."""
    placed: list[tuple[Bbox, Block]] = list(content.tables)
    for group in group_paragraphs(content.lines, pitches, settings):
        bbox = (min(g.x0 for g in group), group[0].top, max(g.x1 for g in group), group[-1].bottom)
        placed.append((bbox, to_paragraph(group, content.number, levels, settings)))
    return [block for _, block in reading_order(placed, settings.column_gap)]


def numbered_tables(blocks: Sequence[Block]) -> list[Block]:
    """Blocks with tables numbered from 0 in document order."""
    numbered: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Table):
            block = replace(block, index=count)
            count += 1
        numbered.append(block)
    return numbered


def overprint_warnings(contents: Sequence[PageContent]) -> list[str]:
    """One rendition-defect warning per page where punctuation printed over letters was dropped."""
    return [
        f"page {c.number}: {c.overprinted} punctuation glyph(s) printed over Arabic letters dropped"
        " (a ';' inside a word in the text layer)"
        for c in contents
        if c.overprinted
    ]


def read_scan(path: Path, pages: int) -> ExtractedDocument:
    """An image-only PDF (a scan) read by OCR; NeedsOcr says what to install when Tesseract or its
    Arabic/French data is missing."""
    from extractors.ocr import extract_scanned_pdf  # OpenCV and Tesseract only for scans

    try:
        return extract_scanned_pdf(path)
    except NeedsOcr as missing:
        raise NeedsOcr(f"no text layer on any of {pages} pages: {missing}") from missing


def extract_pdf(path: Path, settings: PdfSettings = PdfSettings()) -> ExtractedDocument:
    """Extract a PDF's text layer as ordered blocks in logical order.

    Pages without a text layer, or whose layer does not read as text, are read by OCR (a PDF with
    no text layer at all is a scan: ``extractors.ocr``). Raises ExtractionError when the file cannot
    be parsed, NeedsOcr when it needs OCR and Tesseract is not installed.
    """
    try:
        with pdfplumber.open(path) as pdf:
            contents = [read_closing(page, settings) for page in pdf.pages]
    except ExtractionError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        raise ExtractionError(f"not a readable PDF: {error}") from error
    if not contents:
        raise ExtractionError("PDF has no pages")
    empty = [c.number for c in contents if not c.has_text]
    if len(empty) == len(contents):
        return read_scan(path, len(contents))
    reasons = {c.number: "no text layer" for c in contents if not c.has_text}
    reasons |= {c.number: c.broken for c in contents if c.has_text and c.broken}
    by_ocr = read_pages_by_ocr(path, reasons) if reasons else None
    trusted = [c for c in contents if c.number not in reasons]
    all_lines = [line for c in trusted for line in c.lines]
    pitches = typical_line_pitches([c.lines for c in trusted])
    levels = heading_levels(all_lines, body_font_size(all_lines))
    blocks = [
        block
        for c in contents
        for block in (
            by_ocr.blocks[c.number]
            if by_ocr and c.number in reasons
            else page_blocks(c, pitches, levels, settings)
        )
    ]
    return ExtractedDocument(
        file_name=path.name,
        source_format="pdf",
        sha256=file_sha256(path),
        extractor=EXTRACTOR,
        pages_or_lines=len(contents),
        blocks=tuple(numbered_tables(blocks)),
        warnings=(by_ocr.warnings if by_ocr else ()) + tuple(overprint_warnings(trusted)),
        ocr_pages=tuple(sorted(by_ocr.blocks)) if by_ocr and not by_ocr.warnings else (),
        ocr_notes=by_ocr.notes if by_ocr else (),
    )
