"""PDF extractor: pdfplumber text layer -> ExtractedDocument, in logical (reading) order.

Written for LibreOffice-made PDFs of right-to-left Arabic documents: ruled tables (with merged
cells and header rows repeated per page) and free text. pdfplumber gives glyphs in visual order;
each visual line is turned into logical order by ``extractors.bidi.visual_to_logical``.

A table continued over several pages gives one Table block per page; interpretation handles the
repeated header rows. Scanned pages (no text layer) are reported, not read: OCR is another step.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.text import chars_to_textmap

from extractors.base import ExtractionError, NeedsOcr, file_sha256
from extractors.bidi import has_rtl, visual_to_logical
from plans.model import Block, Cell, ExtractedDocument, Location, Paragraph, Row, Table

EXTRACTOR = "pdf/1"

Char = dict[str, Any]
Bbox = tuple[float, float, float, float]

# Stands for a glyph without Unicode mapping until the visual line is built, then removed.
UNMAPPED_GLYPH = "\ue000"
# Stands for a no-break space while pdfplumber builds lines: it drops blank glyphs and puts plain
# spaces for the gaps, but a no-break space decides how an amount is reordered (see bidi).
NBSP_GLYPH = "\ue001"


def _default_table_settings() -> dict[str, Any]:
    # "lines_strict" builds the grid from stroked line objects only. LibreOffice draws table borders
    # as lines and cell shading / slide backgrounds as filled rectangles; with "lines" the slide
    # backgrounds of a presentation became page-sized fake tables and finding them took 40x longer.
    return {"vertical_strategy": "lines_strict", "horizontal_strategy": "lines_strict"}


@dataclass(frozen=True)
class PdfSettings:
    """Thresholds of the PDF extractor, in points unless said otherwise (pdfplumber style)."""

    # Passed to pdfplumber's ``page.find_tables``; see _default_table_settings for why.
    table_settings: dict[str, Any] = field(default_factory=_default_table_settings)
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
    # Bullet glyphs at the start of a line: the line is a bullet paragraph (glyph removed).
    bullet_glyphs: str = "•◦▪▫■□●○◆◇►▶➢➤✓✔❖\uf0a7\uf0b7\uf0d8\uf076\uf0fc"


@dataclass(frozen=True)
class TextLine:
    """One visual line (or one segment of it) of a page, its text already in logical order."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool


@dataclass(frozen=True)
class GridCell:
    """A real (non-covered) table cell placed on the table's grid, in visual column numbers."""

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: tuple[float, float, float, float]


# --------------------------------------------------------------------------- glyphs and lines


def clean_chars(chars: Iterable[Char]) -> list[Char]:
    """Glyphs with usable text: drop unmapped glyphs, put ligature text in visual order.

    ``(cid:N)`` glyphs have no Unicode mapping (Noto Naskh justification kashidas in the corpus);
    they become UNMAPPED_GLYPH, dropped once the line's spacing is known.
    A ligature glyph (lam-alef in Noto Sans) carries its letters in logical order while the line
    around it is visual: reversing them keeps the whole line visual before bidi reordering.
    """
    cleaned: list[Char] = []
    for char in chars:
        text = char["text"]
        if text.startswith("(cid:"):
            # Kept as a placeholder so the gap it fills does not become a space between letters.
            char = {**char, "text": UNMAPPED_GLYPH}
        elif text == "\u00a0":
            char = {**char, "text": NBSP_GLYPH}
        if len(text) > 1 and has_rtl(text):
            char = {**char, "text": text[::-1]}
        cleaned.append(char)
    return place_zero_width_before_next(cleaned)


def is_overprinted_punctuation(char: Char, neighbour: Char) -> bool:
    """True for an ASCII punctuation glyph drawn over an Arabic letter next to it in the stream.

    LibreOffice exports of Noto Sans Arabic slides emit such glyphs mapped to ";" inside words
    ("تد;بير" for تدبير): the glyph sits almost entirely within the letter's box, which a printed
    semicolon never does. Seen in the Beni Mellal PDF, never in the source text.
    """
    text = char["text"]
    if len(text) != 1 or not (text.isascii() and not text.isalnum() and not text.isspace()):
        return False
    if not has_rtl(neighbour["text"]) or abs(char["top"] - neighbour["top"]) > 1:
        return False
    width = char["x1"] - char["x0"]
    covered = min(char["x1"], neighbour["x1"]) - max(char["x0"], neighbour["x0"])
    return width > 0 and covered >= 0.8 * width


def drop_overprinted_punctuation(chars: Sequence[Char]) -> tuple[list[Char], int]:
    """The glyphs without punctuation printed over the Arabic letter that follows or precedes it."""
    kept: list[Char] = []
    for i, char in enumerate(chars):
        neighbours = chars[max(i - 1, 0) : i] + chars[i + 1 : i + 2]
        if any(is_overprinted_punctuation(char, n) for n in neighbours):
            continue
        kept.append(char)
    return kept, len(chars) - len(kept)


def place_zero_width_before_next(chars: list[Char]) -> list[Char]:
    """Move each zero-width glyph just left of the glyph that follows it in the content stream.

    Noto Naskh lam-alef comes as a zero-width alef then the ligature glyph (mapped to lam), the
    alef's x a hair right of the lam's: sorted by x the pair would read lam-alef reversed.
    """
    placed = list(chars)
    for i, (char, nxt) in enumerate(itertools.pairwise(chars)):
        same_line = abs(char["top"] - nxt["top"]) < 1
        if char["x1"] - char["x0"] < 0.01 and same_line and abs(nxt["x0"] - char["x0"]) < 0.5:
            x = nxt["x0"] - 0.01
            placed[i] = {**char, "x0": x, "x1": x}
    return placed


def is_bold(chars: Sequence[Char]) -> bool:
    """True when every visible glyph comes from a bold font."""
    visible = [c for c in chars if c["text"].strip()]
    return bool(visible) and all("bold" in c["fontname"].lower() for c in visible)


def dominant_size(chars: Sequence[Char]) -> float:
    """The most common font size among the glyphs, rounded to a tenth of a point."""
    return Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]


def split_at_gaps(chars: Sequence[Char], settings: PdfSettings) -> list[list[Char]]:
    """Split the glyphs of one visual line where the horizontal gap is wider than a few font sizes."""
    ordered = sorted(chars, key=lambda c: c["x0"])
    segments: list[list[Char]] = [[ordered[0]]]
    for prev, char in itertools.pairwise(ordered):
        if char["x0"] - prev["x1"] > settings.segment_gap_in_font_sizes * char["size"]:
            segments.append([])
        segments[-1].append(char)
    return segments


def visual_lines(chars: Sequence[Char], settings: PdfSettings) -> list[list[Char]]:
    """Group glyphs into visual lines, top to bottom, each line's glyphs left to right."""
    if not chars:
        return []
    textmap = chars_to_textmap(
        list(chars), x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance
    )
    lines = textmap.extract_text_lines(strip=True, return_chars=True)
    # A ligature glyph carries several characters and is listed once per character: keep it once.
    return [list({id(c): c for c in line["chars"]}.values()) for line in lines if line["chars"]]


def line_text(chars: Sequence[Char], settings: PdfSettings) -> str:
    """The logical-order text of the glyphs of one visual line."""
    textmap = chars_to_textmap(
        list(chars), x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance
    )
    # Collapse plain spaces only: a no-break space is kept (it holds amounts together, see bidi).
    visual = re.sub(r"[ \t\n]+", " ", textmap.as_string.replace(UNMAPPED_GLYPH, "")).strip()
    visual = visual.replace(NBSP_GLYPH, "\u00a0")
    return visual_to_logical(visual).strip()


def text_lines(chars: Sequence[Char], settings: PdfSettings) -> list[TextLine]:
    """Visual lines split into segments at wide gaps, as logical-order TextLines."""
    result: list[TextLine] = []
    for line_chars in visual_lines(chars, settings):
        for segment in split_at_gaps(line_chars, settings):
            text = line_text(segment, settings)
            if len(text.replace(" ", "")) < settings.min_paragraph_chars:
                continue
            result.append(
                TextLine(
                    text=text,
                    top=min(c["top"] for c in segment),
                    bottom=max(c["bottom"] for c in segment),
                    x0=min(c["x0"] for c in segment),
                    x1=max(c["x1"] for c in segment),
                    size=dominant_size(segment),
                    bold=is_bold(segment),
                )
            )
    return result


def cell_text(chars: Sequence[Char], settings: PdfSettings) -> str:
    """A cell's text: its visual lines in logical order, top to bottom, joined by newlines."""
    lines = (line_text(line, settings) for line in visual_lines(chars, settings))
    return "\n".join(text for text in lines if text)


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
    boxes = list(table.cells)
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


def chars_by_cell(chars: Sequence[Char], cells: Sequence[GridCell]) -> dict[GridCell, list[Char]]:
    """Assign each glyph to the cell that holds its centre."""
    found: dict[GridCell, list[Char]] = {cell: [] for cell in cells}
    for char in chars:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        for cell in cells:
            x0, top, x1, bottom = cell.bbox
            if x0 <= cx < x1 and top <= cy < bottom:
                found[cell].append(char)
                break
    return found


def is_rtl_table(header_texts: Sequence[str], all_texts: Sequence[str]) -> bool:
    """Right-to-left when the header row has Arabic; with an empty header, when most cells do."""
    if any(header_texts):
        return any(has_rtl(text) for text in header_texts)
    with_text = [t for t in all_texts if t]
    return sum(has_rtl(t) for t in with_text) * 2 > len(with_text)


def logical_rows(
    cells: Sequence[GridCell],
    texts: dict[GridCell, str],
    bolds: dict[GridCell, bool],
    shape: tuple[int, int],
    right_to_left: bool,
) -> list[list[Cell]]:
    """Rows of model Cells in logical column order, with spans and merge continuations."""
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
                row.append(Cell(texts[cell], cell.col_span, cell.row_span, bold=bolds[cell]))
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


# --------------------------------------------------------------------------- paragraphs


def is_page_number(line: TextLine, page_height: float, settings: PdfSettings) -> bool:
    """A lone number in the header or footer band: a page number, not content."""
    in_band = line.top < settings.header_band or line.bottom > page_height - settings.footer_band
    return in_band and line.text.isdigit()


def overlaps_horizontally(a: TextLine, b: TextLine) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def starts_with_bullet(text: str, settings: PdfSettings) -> bool:
    return bool(text) and text[0] in settings.bullet_glyphs


def typical_line_pitches(pages: Sequence[Sequence[TextLine]]) -> dict[float, float]:
    """Most common top-to-top distance of consecutive lines of each font size.

    Lines of one paragraph follow each other at this pitch; paragraph spacing makes the pitch
    between paragraphs larger. Measured per document because line spacing differs per document.
    """
    pitches: dict[float, Counter[float]] = {}
    for lines in pages:
        for prev, line in itertools.pairwise(lines):
            pitch = line.top - prev.top
            if line.size == prev.size and 0 < pitch < 3 * line.size and overlaps_horizontally(prev, line):
                pitches.setdefault(line.size, Counter())[round(pitch * 2) / 2] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in pitches.items()}


def continues_paragraph(
    prev: TextLine, line: TextLine, pitches: dict[float, float], settings: PdfSettings
) -> bool:
    """True when ``line`` is the next line of the paragraph whose last line is ``prev``."""
    pitch = line.top - prev.top
    typical = pitches.get(line.size, 1.2 * line.size)
    return (
        line.top >= prev.bottom - 1
        and pitch <= typical * settings.paragraph_pitch_tolerance
        and abs(line.size - prev.size) < 0.5
        and line.bold == prev.bold
        and overlaps_horizontally(prev, line)
        and not starts_with_bullet(line.text, settings)
    )


def group_paragraphs(
    lines: Sequence[TextLine], pitches: dict[float, float], settings: PdfSettings
) -> list[list[TextLine]]:
    """Gather lines into paragraphs; each line joins the open paragraph it continues, if any.

    Lines come sorted top to bottom; comparing with every open paragraph (not only the last line)
    keeps side-by-side text boxes of a slide apart.
    """
    groups: list[list[TextLine]] = []
    for line in lines:
        target = next(
            (g for g in reversed(groups) if continues_paragraph(g[-1], line, pitches, settings)), None
        )
        if target is None:
            groups.append([line])
        else:
            target.append(line)
    return groups


def heading_levels(lines: Iterable[TextLine], body_size: float) -> dict[float, int]:
    """Heading level per font size: bold text larger than the body text, largest first."""
    sizes = sorted({line.size for line in lines if line.bold and line.size > body_size + 0.5}, reverse=True)
    return {size: level for level, size in enumerate(sizes, start=1)}


def to_paragraph(
    group: Sequence[TextLine], page_number: int, levels: dict[float, int], settings: PdfSettings
) -> Paragraph:
    """A model Paragraph from its lines: wrapped lines joined by spaces, bullet glyph removed."""
    text = " ".join(line.text for line in group)
    bullet = starts_with_bullet(text, settings)
    if bullet:
        text = text[1:].lstrip()
    first = group[0]
    level = levels.get(first.size) if first.bold else None
    return Paragraph(
        text, Location(page=page_number, top=round(first.top, 1)), heading_level=level, bullet=bullet
    )


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageContent:
    """What one page gives before document-wide measures (line pitch, heading sizes) are known."""

    number: int
    tables: list[tuple[Bbox, Table]]
    lines: list[TextLine]
    has_text: bool
    overprinted: int = 0  # punctuation glyphs printed over Arabic letters, dropped


def read_page(page: Page, settings: PdfSettings) -> PageContent:
    """Tables (in logical order, not yet numbered) and free text lines of one page."""
    chars, overprinted = drop_overprinted_punctuation(clean_chars(page.chars))
    found = page.find_tables(settings.table_settings) if chars else []
    tables = [(t.bbox, build_table(t, chars, page.page_number, -1, settings)) for t in found]
    boxes = [t.bbox for t in found]
    free = [c for c in chars if not inside_any(c, boxes)]
    lines = [line for line in text_lines(free, settings) if not is_page_number(line, page.height, settings)]
    lines.sort(key=lambda line: (round(line.top), -line.x1))
    return PageContent(page.page_number, tables, lines, bool(page.chars), overprinted)


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
    """(height, y) of every blank horizontal strip between the items, y its middle."""
    spans = sorted((bbox[1], bbox[3]) for bbox, _ in items)
    gaps: list[tuple[float, float]] = []
    reach = spans[0][1]
    for top, bottom in spans[1:]:
        if top >= reach - 0.5:
            gaps.append((top - reach, (top + reach) / 2))
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
        above = [item for item in items if item[0][1] < row[1]]
        below = [item for item in items if item[0][1] >= row[1]]
        return reading_order(above, column_gap) + reading_order(below, column_gap)
    return sorted(items, key=lambda item: (item[0][1], -item[0][2]))


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


def body_font_size(lines: Iterable[TextLine]) -> float:
    """The most common font size of free text (0 when there is none)."""
    sizes = Counter(line.size for line in lines)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def overprint_warnings(contents: Sequence[PageContent]) -> list[str]:
    """One rendition-defect warning per page where punctuation printed over letters was dropped."""
    return [
        f"page {c.number}: {c.overprinted} punctuation glyph(s) printed over Arabic letters dropped"
        " (a ';' inside a word in the text layer)"
        for c in contents
        if c.overprinted
    ]


def extract_pdf(path: Path, settings: PdfSettings = PdfSettings()) -> ExtractedDocument:
    """Extract a PDF's text layer as ordered blocks in logical order.

    Raises ExtractionError when the file cannot be parsed or no page has a text layer.
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
        raise NeedsOcr(f"no text layer on any of {len(contents)} pages: needs OCR")
    all_lines = [line for c in contents for line in c.lines]
    pitches = typical_line_pitches([c.lines for c in contents])
    levels = heading_levels(all_lines, body_font_size(all_lines))
    blocks = [block for c in contents for block in page_blocks(c, pitches, levels, settings)]
    return ExtractedDocument(
        file_name=path.name,
        source_format="pdf",
        sha256=file_sha256(path),
        extractor=EXTRACTOR,
        pages_or_lines=len(contents),
        blocks=tuple(numbered_tables(blocks)),
        warnings=tuple(f"page {n}: no text layer, needs OCR" for n in empty)
        + tuple(overprint_warnings(contents)),
    )
