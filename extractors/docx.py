"""Word (.docx) renditions into the format-neutral ExtractedDocument.

The body is read straight from its WordprocessingML (python-docx only opens the package), because
the raw marks carry what python-docx's convenience API blurs: ``row.cells`` repeats a spanned cell
once per grid column and hands back the cell above for a vertical continuation. Here each ``w:tc``
gives exactly one Cell: ``col_span`` from ``w:gridSpan``, ``row_span`` from the ``w:vMerge``
restart/continue chain, and a continuation comes out as an empty Cell with ``continues_above`` (the
text rendition can only show an empty cell there, so both renditions agree).

Choices, for the record:

- Text is logical order, as stored. Paragraphs with no visible text are dropped (an empty line
  carries nothing the interpreter uses); table cells are always kept, empty or not.
- Cells keep XML order. In a right-to-left table (``w:bidiVisual``) the first ``w:tc`` is drawn
  rightmost, i.e. it is the table's first column in reading order; a left-to-right table keeps its
  columns as drawn, reversed or not (``Table.right_to_left`` says which).
- ``pages_or_lines`` counts pages known without laying the document out: one plus the page breaks
  Word rendered and saved (``w:lastRenderedPageBreak``) when the file has them, else one plus the
  explicit page starts (page breaks, "page break before", next-page section breaks), a lower bound.
  ``Location.page`` is given only in the first case; otherwise it is None.
- A cell is bold when every run showing text is bold by direct formatting (``w:b`` or ``w:bCs``);
  bold inherited from styles is not resolved.
- Heading levels come from the paragraph style ("Heading N" -> N, "Title" -> 1, else the style's
  outline level); bullets from Word list numbering or a typed marker, which is taken off the text
  as the text extractor does (``extractors.text.split_bullet``).
- Cell texts are the ``w:tc``'s own paragraphs joined by '\n', nothing stripped (padding spaces of
  amounts are kept): reading the restart cell alone never yields python-docx's merged-text newline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from extractors.base import ExtractionError, TextSettings, file_sha256
from extractors.text import split_bullet
from plans.model import Block, Cell, ExtractedDocument, Location, Paragraph, Row, Table

EXTRACTOR = "docx/1"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


def _q(local: str) -> str:
    return f"{{{_W}}}{local}"


W_P, W_TBL, W_TR, W_TC, W_T = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("t")
W_VAL = _q("val")
W_BR, W_CR, W_NO_BREAK_HYPHEN = _q("br"), _q("cr"), _q("noBreakHyphen")
W_RENDERED_BREAK = _q("lastRenderedPageBreak")
_TAB_TAGS = frozenset({_q("tab"), _q("ptab")})
# Containers that can wrap body blocks (content controls, custom XML): their children are read in place.
_BLOCK_WRAPPERS = frozenset({_q("sdt"), _q("sdtContent"), _q("customXml")})

# Runs that are not shown: deleted revisions and the fallback copy of alternate content.
_VISIBLE_RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)]",
    namespaces=_NS,
)
_RENDERED_BREAKS = etree.XPath(".//w:lastRenderedPageBreak", namespaces=_NS)
_EXPLICIT_PAGE_STARTS = etree.XPath(
    ".//w:br[@w:type='page'] | .//w:pPr/w:pageBreakBefore[not(@w:val='0' or @w:val='false')]"
    " | .//w:pPr/w:sectPr[not(w:type/@w:val='continuous')]",
    namespaces=_NS,
)

_HEADING_STYLE_NAME = re.compile(r"^heading\s*(\d+)$", re.IGNORECASE)
_OFF_VALUES = frozenset({"0", "false", "off", "none"})
_SETTINGS = TextSettings()


# --------------------------------------------------------------------------- small readers


def is_on(element: etree._Element | None) -> bool:
    """An OOXML on/off property: present and not explicitly switched off."""
    return element is not None and element.get(W_VAL, "true").lower() not in _OFF_VALUES


def heading_level_from_style_name(name: str) -> int | None:
    """'Heading 2' -> 2, 'Title' -> 1, anything else -> None (Word's built-in names, any case)."""
    match = _HEADING_STYLE_NAME.match(name.strip())
    if match:
        return int(match.group(1)) or None
    return 1 if name.strip().lower() == "title" else None


def split_list_marker(text: str, numbered: bool) -> tuple[str, bool]:
    """(text, bullet) for a paragraph: a typed bullet glyph or ASCII marker is taken off the text
    exactly as the text extractor does, so the .txt and .docx renditions give the same paragraph;
    Word list numbering (``numbered``) makes a bullet whose glyph was never part of the text."""
    body, marked = split_bullet(text, _SETTINGS)
    return (body, True) if marked else (text, numbered)


def _style_outline_level(style: etree._Element) -> int | None:
    outline = style.find(f"{_q('pPr')}/{_q('outlineLvl')}")
    if outline is None:
        return None
    level = int(outline.get(W_VAL, "9"))
    return level + 1 if level < 9 else None  # level 9 is Word's "body text"


def paragraph_style_facts(document: docx.document.Document) -> dict[str, tuple[int | None, bool]]:
    """Style id -> (heading level, carries list numbering) for every paragraph style of the file."""
    facts: dict[str, tuple[int | None, bool]] = {}
    for style in document.styles.element.iterfind(_q("style")):
        if style.get(_q("type")) != "paragraph":
            continue
        name_element = style.find(_q("name"))
        name = name_element.get(W_VAL, "") if name_element is not None else ""
        level = heading_level_from_style_name(name) or _style_outline_level(style)
        facts[style.get(_q("styleId"), "")] = (level, _has_numbering(style.find(_q("pPr"))))
    return facts


def _has_numbering(ppr: etree._Element | None) -> bool:
    if ppr is None:
        return False
    num_id = ppr.find(f"{_q('numPr')}/{_q('numId')}")
    return num_id is not None and num_id.get(W_VAL, "0") != "0"


# --------------------------------------------------------------------------- text and formatting


def _owning_paragraph(run: etree._Element) -> etree._Element | None:
    return next(run.iterancestors(W_P), None)


def paragraph_runs(p: etree._Element) -> list[etree._Element]:
    """The paragraph's visible runs, including those inside hyperlinks, insertions, content controls
    and fields, but not runs of paragraphs nested in text boxes."""
    return [r for r in _VISIBLE_RUNS(p) if _owning_paragraph(r) is p]


def run_text(run: etree._Element) -> str:
    """Run text as Word shows it, with python-docx's mapping: tabs as '\\t', line breaks as '\\n';
    page and column breaks show nothing."""
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in _TAB_TAGS:
            parts.append("\t")
        elif tag == W_CR or (tag == W_BR and child.get(_q("type"), "textWrapping") == "textWrapping"):
            parts.append("\n")
        elif tag == W_NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def paragraph_text(p: etree._Element) -> str:
    return "".join(run_text(r) for r in paragraph_runs(p))


def run_is_bold(run: etree._Element) -> bool:
    """Direct bold: ``w:bCs`` governs right-to-left (complex script) runs, ``w:b`` the others;
    either one switched on counts, because documents set one or both without care."""
    rpr = run.find(_q("rPr"))
    if rpr is None:
        return False
    return is_on(rpr.find(_q("b"))) or is_on(rpr.find(_q("bCs")))


def all_text_bold(runs: list[etree._Element]) -> bool:
    """True when every run that shows text is bold (and there is at least one)."""
    shown = [r for r in runs if run_text(r).strip()]
    return bool(shown) and all(run_is_bold(r) for r in shown)


# --------------------------------------------------------------------------- body walk


def body_blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Top-level ``w:p`` and ``w:tbl`` elements in document order, unwrapping content controls."""
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from body_blocks(child)


class _PageCounter:
    """Pages from rendered page breaks; every page is None when the file saved none."""

    def __init__(self, body: etree._Element) -> None:
        self.enabled = bool(_RENDERED_BREAKS(body))
        self.page = 1

    def start_of(self, element: etree._Element) -> int | None:
        """Page where the element's text begins: breaks rendered before its first text count."""
        if not self.enabled:
            return None
        leading = 0
        for node in element.iter(W_T, W_RENDERED_BREAK):
            if node.tag == W_RENDERED_BREAK:
                leading += 1
            elif node.text:
                break
        return self.page + leading

    def advance_past(self, element: etree._Element) -> None:
        if self.enabled:
            self.page += len(_RENDERED_BREAKS(element))


def count_pages(body: etree._Element) -> int:
    rendered = len(_RENDERED_BREAKS(body))
    return 1 + (rendered if rendered else len(_EXPLICIT_PAGE_STARTS(body)))


def read_paragraph(
    p: etree._Element, styles: dict[str, tuple[int | None, bool]], page: int | None
) -> Paragraph:
    ppr = p.find(_q("pPr"))
    style_id = ""
    direct_outline: int | None = None
    if ppr is not None:
        style_element = ppr.find(_q("pStyle"))
        style_id = style_element.get(W_VAL, "") if style_element is not None else ""
        direct_outline = _style_outline_level(p)
    level, style_numbered = styles.get(style_id, (None, False))
    text, bullet = split_list_marker(paragraph_text(p), _has_numbering(ppr) or style_numbered)
    return Paragraph(text, Location(page=page), heading_level=direct_outline or level, bullet=bullet)


# --------------------------------------------------------------------------- tables


def _tc_grid_span(tc: etree._Element) -> int:
    span = tc.find(f"{_q('tcPr')}/{_q('gridSpan')}")
    return max(1, int(span.get(W_VAL, "1"))) if span is not None else 1


def _tc_vmerge(tc: etree._Element) -> str | None:
    """'restart', 'continue' (the default of a bare ``w:vMerge``) or None."""
    vmerge = tc.find(f"{_q('tcPr')}/{_q('vMerge')}")
    return None if vmerge is None else vmerge.get(W_VAL, "continue")


def _row_grid_before(tr: etree._Element) -> int:
    before = tr.find(f"{_q('trPr')}/{_q('gridBefore')}")
    return int(before.get(W_VAL, "0")) if before is not None else 0


@dataclass(frozen=True)
class GridCell:
    """One ``w:tc`` with its place on the table grid and its merge marks, read once."""

    column: int
    tc: etree._Element
    col_span: int
    vmerge: str | None


def grid_layout(tbl: etree._Element) -> list[list[GridCell]]:
    """Per row, each tc with the grid column it starts at (skipping ``w:gridBefore`` columns)."""
    layout: list[list[GridCell]] = []
    for tr in tbl.iterfind(W_TR):
        column = _row_grid_before(tr)
        cells: list[GridCell] = []
        for tc in tr.iterfind(W_TC):
            cell = GridCell(column, tc, _tc_grid_span(tc), _tc_vmerge(tc))
            cells.append(cell)
            column += cell.col_span
        layout.append(cells)
    return layout


def vertical_spans(layout: list[list[GridCell]]) -> dict[tuple[int, int], int]:
    """(row, grid column) of each vMerge restart -> number of rows it covers, itself included."""
    continues = {(r, c.column) for r, row in enumerate(layout) for c in row if c.vmerge == "continue"}
    spans: dict[tuple[int, int], int] = {}
    for r, row in enumerate(layout):
        for cell in (c for c in row if c.vmerge == "restart"):
            span = 1
            while (r + span, cell.column) in continues:
                span += 1
            spans[(r, cell.column)] = span
    return spans


def cell_text(paragraph_runs_: list[list[etree._Element]]) -> str:
    """Paragraphs of a cell joined by '\\n' (a trailing empty paragraph leaves a trailing '\\n')."""
    return "\n".join("".join(run_text(r) for r in runs) for runs in paragraph_runs_)


def read_cell(cell: GridCell, row_span: int) -> Cell:
    # Nested tables' paragraphs are read in place, so their text stays in the cell.
    runs = [paragraph_runs(p) for p in cell.tc.iter(W_P)]
    text = cell_text(runs)
    bold = all_text_bold([r for paragraph in runs for r in paragraph])
    return Cell(text, col_span=cell.col_span, row_span=row_span, bold=bold)


def read_table(tbl: etree._Element, index: int, pages: _PageCounter, warnings: list[str]) -> Table:
    layout = grid_layout(tbl)
    spans = vertical_spans(layout)
    table_page = pages.start_of(tbl)
    rows: list[Row] = []
    for r, (tr, row) in enumerate(zip(tbl.iterfind(W_TR), layout, strict=True)):
        cells: list[Cell] = []
        for grid_cell in row:
            if grid_cell.vmerge != "continue":
                cells.append(read_cell(grid_cell, spans.get((r, grid_cell.column), 1)))
                continue
            if read_cell(grid_cell, 1).text.strip():
                warnings.append(f"table {index} row {r}: text in a merged continuation cell dropped")
            cells.append(Cell("", col_span=grid_cell.col_span, continues_above=True))
        rows.append(Row(tuple(cells), Location(page=pages.start_of(tr))))
        pages.advance_past(tr)
    return Table(index, tuple(rows), Location(page=table_page), right_to_left=table_is_right_to_left(tbl))


def table_is_right_to_left(tbl: etree._Element) -> bool:
    return is_on(tbl.find(f"{_q('tblPr')}/{_q('bidiVisual')}"))


# --------------------------------------------------------------------------- entry point


def open_document(path: Path) -> docx.document.Document:
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ExtractionError(f"not a readable Word document: {error}") from error


def extract_docx(path: Path) -> ExtractedDocument:
    """Read a .docx into ordered paragraphs and tables (see the module docstring for the choices)."""
    if not path.is_file():
        raise ExtractionError(f"no such file: {path}")
    if path.stat().st_size == 0:
        raise ExtractionError("file is empty")
    document = open_document(path)
    body = document.element.body
    styles = paragraph_style_facts(document)
    pages = _PageCounter(body)
    blocks: list[Block] = []
    warnings: list[str] = []
    table_count = 0
    for element in body_blocks(body):
        if element.tag == W_TBL:
            blocks.append(read_table(element, table_count, pages, warnings))
            table_count += 1
            continue
        paragraph = read_paragraph(element, styles, pages.start_of(element))
        pages.advance_past(element)
        if paragraph.text.strip():
            blocks.append(paragraph)
    return ExtractedDocument(
        file_name=path.name,
        source_format="docx",
        sha256=file_sha256(path),
        extractor=EXTRACTOR,
        pages_or_lines=count_pages(body),
        blocks=tuple(blocks),
        warnings=tuple(warnings),
    )
