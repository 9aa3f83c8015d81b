"""Re-lay the sample plans in layouts the corpus does not have, to test reading by headers and content.

Run from the repository root (needs LibreOffice for the PDFs: ``soffice`` on PATH):

    .venv/bin/python tests/layouts/make_variants.py

Writes ``tests/layouts/variants/`` (committed, so the tests and CI need no LibreOffice):

- ``<plan>.narrow.docx``: every table of the original re-laid from its extracted cells on a portrait
  page, in another font and size, with narrow columns (texts wrap over several lines) and no merged
  cells (a spanned cell's text in its first grid cell, the others empty);
- ``<plan>.split-header.docx`` (PAC and open plans): the same, with each header row printed over two
  rows (the label's words split between them) and the PAC's cost unit ``بمليون درهم`` wrapped over
  rows of its own, as a narrow column prints it;
- ``<plan>.narrow.pptx``: the slide deck in portrait slides, another font, text boxes narrowed;
- a ``.pdf`` of each, exported by LibreOffice headless.

The originals with tables (DOCX, or the PAC's PDF) are the source of the cells: the variants carry
the same facts, so the tests can require the same facts from them.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pptx import Presentation
from pptx.util import Emu
from pptx.util import Pt as PptxPt

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractors.dispatch import extract  # noqa: E402
from normalizers.headers import header_fields  # noqa: E402
from plans.model import ExtractedDocument, Paragraph, Table  # noqa: E402

RAW = ROOT / "data" / "raw"
OUT = Path(__file__).resolve().parent / "variants"
FONT = "DejaVu Sans"
UNIT = "بمليون درهم"

# (source file, variants to make from it)
SOURCES = {
    "ait-melloul_open-plan_2024-2025.docx": ("narrow", "split-header"),
    "tetouan_action-plan_2023-2026.docx": ("narrow",),
    "tetouan_cocreation-workshops_2022.docx": ("narrow",),
    "dakhla_pac_2017-2022.pdf": ("narrow", "split-header"),
}
DECK = "beni-mellal_open-plan_2024-2025.pptx"


def set_rtl(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(OxmlElement("w:bidi"))


def set_font(run, size: float) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:cs"), FONT)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(size_cs)
    rtl = OxmlElement("w:rtl")
    rpr.append(rtl)


def write_text(paragraph, text: str, size: float) -> None:
    set_rtl(paragraph)
    set_font(paragraph.add_run(text), size)


def grid_texts(table: Table) -> list[list[str]]:
    """The table's cells on its grid, no merges: a spanned cell's text in its first grid cell."""
    rows = []
    for row in table.rows:
        texts: list[str] = []
        for cell in row.cells:
            texts.extend([cell.text.strip()] + [""] * (cell.col_span - 1))
        rows.append(texts)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def is_header(texts: list[str]) -> bool:
    return len(header_fields([t for t in texts if t])) >= 2


def split_words(text: str) -> tuple[str, str]:
    words = text.split()
    half = (len(words) + 1) // 2
    return " ".join(words[:half]), " ".join(words[half:])


def split_header_rows(rows: list[list[str]]) -> list[list[str]]:
    """Each header row over two rows (words split), and the cost unit wrapped over rows of its own."""
    out: list[list[str]] = []
    for texts in rows:
        if not is_header(texts):
            unit = [UNIT in t for t in texts]
            if any(unit) and out:
                # the unit cell ("بمليون درهم") wrapped: one word per row, the rest of the row kept.
                pairs = zip(texts, unit, strict=True)
                first = [t.replace(UNIT, "بمليون").strip() if u else t for t, u in pairs]
                out.append(first)
                out.append(["درهم" if u else "" for u in unit])
                continue
            out.append(texts)
            continue
        halves = [split_words(t) for t in texts]
        out.append([a for a, _ in halves])
        out.append([b for _, b in halves])
    return out


def add_table(document, rows: list[list[str]], right_to_left: bool, column_cm: float, size: float) -> None:
    width = max((len(r) for r in rows), default=0)
    if not width:
        return
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.autofit = False
    if right_to_left:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            cell = table.cell(r, c)
            cell.width = Cm(column_cm)
            lines = text.split("\n") if text else [""]
            write_text(cell.paragraphs[0], lines[0], size)
            for line in lines[1:]:
                write_text(cell.add_paragraph(), line, size)


def relay_document(doc: ExtractedDocument, out: Path, *, split_headers: bool) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(1.5))
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.heading_level:
                paragraph = document.add_heading("", level=min(block.heading_level, 9))
            else:
                paragraph = document.add_paragraph(style="List Bullet" if block.bullet else None)
            write_text(paragraph, block.text, 10)
            continue
        rows = grid_texts(block)
        if split_headers:
            rows = split_header_rows(rows)
        width = max((len(r) for r in rows), default=1)
        rtl = block.right_to_left if block.right_to_left is not None else True
        add_table(document, rows, rtl, min(2.2, 18.0 / width), 8)
    document.save(out)


def relay_deck(source: Path, out: Path) -> None:
    """The deck on portrait slides in another font, every text box narrowed to 80 % of its width."""
    deck = Presentation(str(source))
    old_w, old_h = deck.slide_width, deck.slide_height
    deck.slide_width, deck.slide_height = Emu(old_h), Emu(old_w)
    scale_x = deck.slide_width / old_w
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.left is not None and shape.width is not None:
                shape.left = Emu(int(shape.left * scale_x))
                shape.width = Emu(int(shape.width * scale_x * 0.8))
            if shape.has_text_frame:
                shape.text_frame.word_wrap = True
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.name = FONT
                        if run.font.size:
                            run.font.size = PptxPt(max(8, run.font.size.pt * 0.8))
    deck.save(str(out))


def export_pdf(path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"no LibreOffice: {path.name} not exported to PDF", file=sys.stderr)
        return
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for name, variants in SOURCES.items():
        doc = extract(RAW / name)
        stem = name.rsplit(".", 1)[0]
        for variant in variants:
            out = OUT / f"{stem}.{variant}.docx"
            relay_document(copy.deepcopy(doc), out, split_headers=variant == "split-header")
            made.append(out)
    deck_out = OUT / f"{DECK.rsplit('.', 1)[0]}.narrow.pptx"
    relay_deck(RAW / DECK, deck_out)
    made.append(deck_out)
    for path in made:
        export_pdf(path)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
