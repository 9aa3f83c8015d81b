"""PowerPoint (.pptx) renditions into the format-neutral ExtractedDocument.

Each slide becomes its text shapes in reading order, one Paragraph per text paragraph with
``Location(page=slide number, top=shape top in points)``, and each table shape a Table.

Rules, for the record:

- Reading order: shapes are cut into horizontal bands by their top edge (tops within
  ``BAND_TOLERANCE_PT`` of the band's first shape share it), bands run top to bottom, and inside a
  band shapes run right to left on a right-to-left slide (by right edge) and left to right otherwise
  (by left edge). Group shapes are opened and their children placed in slide coordinates.
- A slide is right-to-left when most of its non-empty paragraphs say ``rtl="1"``.
- Title: a title placeholder when the slide has one; otherwise the top-most text shape whose top lies
  in the upper half of the slide. In that shape the paragraphs set in its largest font size (all of
  them when no size is stated) get ``heading_level=1``. Slide decks built from blank layouts have no
  placeholders, and there the top-most box is the title bar; the largest font alone would pick a
  big amount such as "330000 درهم".
- Bullet: the paragraph has ``a:buChar``/``a:buAutoNum``/``a:buBlip``, or it is a numbered stage
  ("1- ...", "2) ..."), or it opens with a typed bullet glyph (taken off the text, as the text
  extractor does). Inherited master bullets of body placeholders are not resolved.
- Footers (date, meeting title, slide number boxes) are kept as plain paragraphs: the interpreter
  recognises and drops them. Paragraphs without visible text are dropped. Speaker notes are not read.
- Line breaks inside a paragraph (``a:br``, which python-pptx shows as a vertical tab) become '\\n'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.table import Table as PptxTable
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu

from extractors.base import ExtractionError, TextSettings, file_sha256
from extractors.text import split_bullet
from plans.model import Block, Cell, ExtractedDocument, Location, Paragraph, Row, Table

EXTRACTOR = "pptx/1"

# Boxes laid out "on one line" by hand rarely share an exact top; a few points absorb that.
BAND_TOLERANCE_PT = 4.0

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_BULLET_TAGS = frozenset({f"{{{_A}}}buChar", f"{{{_A}}}buAutoNum", f"{{{_A}}}buBlip"})
_TITLE_PLACEHOLDERS = frozenset(
    {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}
)
# "1- text", "2 - text", "3) text", "4– text": numbered stages written by hand, not auto-numbered.
_NUMBERED_STAGE = re.compile(r"^\s*\d{1,2}\s*[-–)]\s")
_SETTINGS = TextSettings()


@dataclass(frozen=True)
class Box:
    """A shape's rectangle in points, in slide coordinates."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class PlacedShape:
    shape: BaseShape
    box: Box


# --------------------------------------------------------------------------- geometry and order


def _pt(emu: int | None) -> float:
    return Emu(emu or 0).pt


@dataclass(frozen=True)
class GroupFrame:
    """Maps a group's child coordinates (chOff/chExt) onto its own box in the parent."""

    box: Box
    child_left: float
    child_top: float
    scale_x: float
    scale_y: float

    def place(self, child: Box) -> Box:
        return Box(
            self.box.left + (child.left - self.child_left) * self.scale_x,
            self.box.top + (child.top - self.child_top) * self.scale_y,
            child.width * self.scale_x,
            child.height * self.scale_y,
        )


def _group_frame(group: BaseShape, box: Box) -> GroupFrame:
    xfrm = group._element.grpSpPr.find(f"{{{_A}}}xfrm")
    ch_off = xfrm.find(f"{{{_A}}}chOff") if xfrm is not None else None
    ch_ext = xfrm.find(f"{{{_A}}}chExt") if xfrm is not None else None
    if ch_off is None or ch_ext is None:
        return GroupFrame(box, box.left, box.top, 1.0, 1.0)
    child_width, child_height = _pt(int(ch_ext.get("cx"))), _pt(int(ch_ext.get("cy")))
    return GroupFrame(
        box,
        _pt(int(ch_off.get("x"))),
        _pt(int(ch_off.get("y"))),
        box.width / child_width if child_width else 1.0,
        box.height / child_height if child_height else 1.0,
    )


def shape_box(shape: BaseShape) -> Box:
    return Box(_pt(shape.left), _pt(shape.top), _pt(shape.width), _pt(shape.height))


def placed_shapes(shapes: Sequence[BaseShape], frame: GroupFrame | None = None) -> Iterator[PlacedShape]:
    """Leaf shapes with their boxes in slide coordinates, group shapes opened recursively."""
    for shape in shapes:
        box = shape_box(shape)
        if frame is not None:
            box = frame.place(box)
        # isinstance, not shape_type: shape_type raises on shapes python-pptx cannot classify
        if isinstance(shape, GroupShape):
            yield from placed_shapes(shape.shapes, _group_frame(shape, box))
        else:
            yield PlacedShape(shape, box)


def reading_order(
    boxes: Sequence[Box], right_to_left: bool, tolerance: float = BAND_TOLERANCE_PT
) -> list[int]:
    """Indices of ``boxes`` in reading order: bands by top edge, then across each band."""
    by_top = sorted(range(len(boxes)), key=lambda i: (boxes[i].top, i))
    bands: list[list[int]] = []
    for i in by_top:
        if bands and boxes[i].top - boxes[bands[-1][0]].top <= tolerance:
            bands[-1].append(i)
        else:
            bands.append([i])
    across = (lambda i: (-boxes[i].right, i)) if right_to_left else (lambda i: (boxes[i].left, i))
    return [i for band in bands for i in sorted(band, key=across)]


# --------------------------------------------------------------------------- paragraphs


def paragraph_text(paragraph: _Paragraph) -> str:
    return paragraph.text.replace("\v", "\n")


def paragraph_is_rtl(paragraph: _Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.get("rtl") in ("1", "true")


def has_bullet_mark(paragraph: _Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and any(child.tag in _BULLET_TAGS for child in ppr)


def is_numbered_stage(text: str) -> bool:
    return bool(_NUMBERED_STAGE.match(text))


def paragraph_font_size(paragraph: _Paragraph) -> float | None:
    """Largest explicit run size in points, or None when the runs inherit their size."""
    sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
    return max(sizes) if sizes else None


def text_paragraphs(frame: TextFrame) -> list[_Paragraph]:
    return [p for p in frame.paragraphs if paragraph_text(p).strip()]


def slide_is_rtl(shapes: Sequence[PlacedShape]) -> bool:
    flags = [
        paragraph_is_rtl(p)
        for s in shapes
        if s.shape.has_text_frame
        for p in text_paragraphs(s.shape.text_frame)
    ]
    return sum(flags) * 2 > len(flags)


def _is_title_placeholder(shape: BaseShape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type in _TITLE_PLACEHOLDERS


def title_shape(ordered: Sequence[PlacedShape], slide_height_pt: float) -> BaseShape | None:
    """The slide's title-like shape (rule in the module docstring)."""
    with_text = [s for s in ordered if s.shape.has_text_frame and text_paragraphs(s.shape.text_frame)]
    for placed in with_text:
        if _is_title_placeholder(placed.shape):
            return placed.shape
    upper = [s for s in with_text if s.box.top < slide_height_pt / 2]
    return min(upper, key=lambda s: s.box.top).shape if upper else None


def heading_paragraphs(shape: BaseShape) -> set[int]:
    """Positions (among the shape's non-empty paragraphs) set in the shape's largest font."""
    paragraphs = text_paragraphs(shape.text_frame)
    sizes = [paragraph_font_size(p) for p in paragraphs]
    known = [s for s in sizes if s is not None]
    if not known:
        return set(range(len(paragraphs)))
    return {i for i, size in enumerate(sizes) if size == max(known)}


def read_text_shape(placed: PlacedShape, slide_number: int, is_title: bool) -> list[Paragraph]:
    location = Location(page=slide_number, top=round(placed.box.top, 2))
    headings = heading_paragraphs(placed.shape) if is_title else set()
    result: list[Paragraph] = []
    for i, paragraph in enumerate(text_paragraphs(placed.shape.text_frame)):
        # A typed glyph comes off the text as in the text extractor; a:buChar glyphs never were text.
        text, typed = split_bullet(paragraph_text(paragraph), _SETTINGS)
        bullet = typed or has_bullet_mark(paragraph) or is_numbered_stage(text)
        result.append(Paragraph(text, location, heading_level=1 if i in headings else None, bullet=bullet))
    return result


# --------------------------------------------------------------------------- tables


def _cell_is_bold(frame: TextFrame) -> bool:
    runs = [r for p in frame.paragraphs for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.font.bold for r in runs)


def read_table(table: PptxTable, placed: PlacedShape, index: int, slide_number: int) -> Table:
    """One Cell per ``a:tc`` that starts a cell; horizontally merged-away cells are skipped and
    vertically merged ones come out empty with ``continues_above``, as in the DOCX extractor."""
    rows: list[Row] = []
    top = placed.box.top
    for row in table.rows:
        cells: list[Cell] = []
        for cell in row.cells:
            tc = cell._tc
            if tc.hMerge:
                continue
            if tc.vMerge:
                cells.append(Cell("", col_span=tc.gridSpan, continues_above=True))
                continue
            text = "\n".join(paragraph_text(p) for p in cell.text_frame.paragraphs)
            cells.append(Cell(text, tc.gridSpan, tc.rowSpan, bold=_cell_is_bold(cell.text_frame)))
        rows.append(Row(tuple(cells), Location(page=slide_number, top=round(top, 2))))
        top += _pt(row.height)
    rtl = table._tbl.tblPr.get("rtl") in ("1", "true") if table._tbl.tblPr is not None else False
    return Table(
        index, tuple(rows), Location(page=slide_number, top=round(placed.box.top, 2)), right_to_left=rtl
    )


# --------------------------------------------------------------------------- entry point


def slide_blocks(
    shapes: Sequence[PlacedShape], slide_number: int, slide_height_pt: float, first_table: int
) -> list[Block]:
    right_to_left = slide_is_rtl(shapes)
    ordered = [shapes[i] for i in reading_order([s.box for s in shapes], right_to_left)]
    title = title_shape(ordered, slide_height_pt)
    blocks: list[Block] = []
    table_index = first_table
    for placed in ordered:
        if getattr(placed.shape, "has_table", False):
            blocks.append(read_table(placed.shape.table, placed, table_index, slide_number))
            table_index += 1
        elif placed.shape.has_text_frame:
            blocks.extend(read_text_shape(placed, slide_number, placed.shape is title))
    return blocks


def open_presentation(path: Path) -> pptx.presentation.Presentation:
    try:
        return pptx.Presentation(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ExtractionError(f"not a readable PowerPoint presentation: {error}") from error


def extract_pptx(path: Path) -> ExtractedDocument:
    """Read a .pptx into slide-ordered paragraphs and tables (rules in the module docstring)."""
    if not path.is_file():
        raise ExtractionError(f"no such file: {path}")
    if path.stat().st_size == 0:
        raise ExtractionError("file is empty")
    presentation = open_presentation(path)
    slide_height_pt = _pt(presentation.slide_height)
    blocks: list[Block] = []
    for number, slide in enumerate(presentation.slides, start=1):
        shapes = list(placed_shapes(list(slide.shapes)))
        table_count = sum(isinstance(b, Table) for b in blocks)
        blocks.extend(slide_blocks(shapes, number, slide_height_pt, table_count))
    return ExtractedDocument(
        file_name=path.name,
        source_format="pptx",
        sha256=file_sha256(path),
        extractor=EXTRACTOR,
        pages_or_lines=len(presentation.slides),
        blocks=tuple(blocks),
    )
