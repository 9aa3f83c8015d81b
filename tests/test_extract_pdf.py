"""PDF extractor on the corpus PDFs; expected values are copied from the .txt renditions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.base import ExtractionError, NeedsOcr
from extractors.bidi import visual_to_logical
from extractors.pdf import PdfSettings, drop_overprinted_punctuation, extract_pdf, reading_order
from extractors.pdf.text import join_wrapped_lines, place_marks_on_base
from plans.model import ExtractedDocument, Location, Paragraph, Row, Table

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def collapse(text: str) -> str:
    return " ".join(text.split())


def tables_on_page(doc: ExtractedDocument, page: int) -> list[Table]:
    return [t for t in doc.tables if t.location.page == page]


def row_with(table: Table, text: str) -> Row:
    return next(r for r in table.rows if any(collapse(c.text) == text for c in r.cells))


@pytest.fixture(scope="module")
def ait_melloul() -> ExtractedDocument:
    return extract_pdf(RAW / "ait-melloul_open-plan_2024-2025.pdf")


@pytest.fixture(scope="module")
def tetouan() -> ExtractedDocument:
    return extract_pdf(RAW / "tetouan_action-plan_2023-2026.pdf")


@pytest.fixture(scope="module")
def dakhla() -> ExtractedDocument:
    return extract_pdf(RAW / "dakhla_pac_2017-2022.pdf")


def test_document_metadata(ait_melloul: ExtractedDocument) -> None:
    assert ait_melloul.source_format == "pdf"
    assert ait_melloul.extractor == "pdf/1"
    assert ait_melloul.pages_or_lines == 40
    assert len(ait_melloul.sha256) == 64
    assert ait_melloul.warnings == ()
    assert [t.index for t in ait_melloul.tables] == list(range(len(ait_melloul.tables)))


def test_matrix_header_in_logical_column_order(ait_melloul: ExtractedDocument) -> None:
    table = tables_on_page(ait_melloul, 16)[0]
    assert table.right_to_left is True
    header = [collapse(c.text) for c in table.rows[0].cells]
    assert header[0] == "رمز المشروع"
    assert header[-1] == "التكلفة التقديرية للمشروع"


def test_activity_title_matches_text_rendition(ait_melloul: ExtractedDocument) -> None:
    table = tables_on_page(ait_melloul, 23)[0]  # matrix 08: one activity per line
    row = row_with(table, "اختيار بناية جماعية لاحتضان الاستوديو السمعي البصري")
    assert row.cells[4].text == "اختيار بناية جماعية لاحتضان الاستوديو السمعي البصري"


def test_cost_code_and_merge_spans(ait_melloul: ExtractedDocument) -> None:
    table = tables_on_page(ait_melloul, 16)[0]  # matrix 07, first project
    first = table.rows[2]
    assert first.cells[0].text == "PO-24-25-\nCDAI-01"  # code inside an Arabic row, as in the .txt
    assert collapse(first.cells[1].text) == "الشفافية والتواصل والحصول على المعلومة"
    assert first.cells[-1].text == "150 000.00"
    assert first.cells[0].row_span == 4
    below = table.rows[3]
    assert below.cells[0].continues_above and below.cells[0].text == ""
    assert below.cells[4].text.startswith("تهيئة مكان احتضان")


def test_horizontal_merge_in_financial_header(ait_melloul: ExtractedDocument) -> None:
    header = tables_on_page(ait_melloul, 23)[0].rows[0]
    last = header.cells[-1]
    assert (last.text, last.col_span) == ("البرمجة السنوية (بالدرهم)", 3)


def test_dates_and_weights_in_monitoring_matrix(ait_melloul: ExtractedDocument) -> None:
    row = tables_on_page(ait_melloul, 28)[0].rows[2]
    texts = row.texts
    assert texts[4:6] == ["2024-01-01", "2024-12-31"]
    assert texts[7] == "5%"
    assert texts[10] == "100%"


def test_amount_with_no_break_spaces_stays_in_order(ait_melloul: ExtractedDocument) -> None:
    paragraph = next(p for p in ait_melloul.paragraphs if "تبلغ تكلفتها التقديرية" in p.text)
    assert "التقديرية 2\u00a0461\u00a0996,00 درهما" in paragraph.text


def test_text_outside_tables_is_paragraphs_with_headings(ait_melloul: ExtractedDocument) -> None:
    first = ait_melloul.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.text == "كلمة رئيس جماعة أيت ملول:"
    assert first.location.page == 1 and first.heading_level == 1
    assert not any(p.text.isdigit() for p in ait_melloul.paragraphs)  # page numbers dropped


def test_tetouan_commitment_and_weights(tetouan: ExtractedDocument) -> None:
    assert [p.text for p in tetouan.paragraphs] == ["جماعة تطوان", "خطة العمل: تطوان جماعة منفتحة 2023-2026"]
    row = tetouan.tables[0].rows[1]
    assert row.texts == [
        "إلتزام رقم 1",
        "1",
        "1 اعداد ونشر ميزانية المواطن",
        "تبسيط وثيقة الميزانية الرئيسية للجماعة",
        "100%",
        "25%",
        "100%",
    ]
    assert tetouan.tables[0].rows[2].cells[0].continues_above


def test_dakhla_project_row_with_cost_and_progress(dakhla: ExtractedDocument) -> None:
    table = tables_on_page(dakhla, 5)[0]
    row = table.rows[2]
    assert collapse(row.cells[0].text) == "تقوية و تخسين مردودية النظام الجبائي الجماعي"
    assert row.cells[1].text.splitlines()[0] == "إجراء افتحاص داخلي يستهدف"
    assert row.texts[2:] == ["0.1", "", "100%", "", "", "", ""]
    headings = [p for p in dakhla.paragraphs if p.location.page == 5]
    assert headings[0].text == "المجال الأول المالية و الجبايات و الأملاك الجماعية"
    assert headings[0].heading_level == 1


def test_scanned_pdf_without_ocr_data_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    # A scan is read by OCR (tests/test_extract_ocr.py); without Arabic language data it cannot be.
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(
        NeedsOcr, match=r"no text layer on any of 37 pages: needs OCR in 'ara'.*tesseract-ocr-ara"
    ):
        extract_pdf(RAW / "beni-mellal_open-plan_2024-2025.scanned.pdf")


def test_not_a_pdf_raises(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.pdf"
    bogus.write_text("not a pdf")
    with pytest.raises(ExtractionError):
        extract_pdf(bogus)


def test_reading_order_reads_right_column_first() -> None:
    def para(text: str) -> Paragraph:
        return Paragraph(text, Location(page=1))

    items = [
        ((10.0, 100.0, 200.0, 300.0), para("left")),
        ((300.0, 100.0, 500.0, 120.0), para("right top")),
        ((300.0, 130.0, 500.0, 150.0), para("right bottom")),
        ((10.0, 10.0, 500.0, 40.0), para("title")),
    ]
    ordered = [b.text for _, b in reading_order(items, PdfSettings().column_gap)]
    assert ordered == ["title", "right top", "right bottom", "left"]


def test_slides_read_box_by_box() -> None:
    doc = extract_pdf(RAW / "beni-mellal_open-plan_2024-2025.pdf")
    assert doc.tables == []
    slide = [p.text for p in doc.paragraphs if p.location.page == 26]
    assert slide.index("أنشطة المشروع") < slide.index("المدة الزمنية") < slide.index("التكلفة التقديرية")
    assert "50000,00 درهم" in slide
    assert "منهجية الإعداد المشترك" in [p.text for p in doc.paragraphs]  # lam-alef ligature in order


@pytest.fixture(scope="module")
def beni_mellal() -> ExtractedDocument:
    return extract_pdf(RAW / "beni-mellal_open-plan_2024-2025.pdf")


def test_slide_activity_without_overprinted_semicolon(beni_mellal: ExtractedDocument) -> None:
    """The text layer holds a ';' glyph over the dal of "إحداث"; it is dropped and reported."""
    texts = [p.text for p in beni_mellal.paragraphs]
    assert any('بمشروع " إحداث وتهيئة حدائق' in t for t in texts)
    assert not any(";" in t for t in texts)
    assert "page 25: 4 punctuation glyph(s) printed over Arabic letters dropped" in beni_mellal.warnings[4]


def test_slide_cost_and_dates_in_logical_order(beni_mellal: ExtractedDocument) -> None:
    texts = [p.text for p in beni_mellal.paragraphs]
    assert "40000,00 درهم" in texts
    assert any("تاريخ البدء" in t and "01/01/2024" in t for t in texts)


def test_semicolon_apart_from_letters_is_kept() -> None:
    letter = {"text": "د", "x0": 10.0, "x1": 19.0, "top": 5.0}
    apart = {"text": ";", "x0": 20.0, "x1": 24.0, "top": 5.0}
    over = {"text": ";", "x0": 10.2, "x1": 14.8, "top": 5.0}
    assert drop_overprinted_punctuation([apart, letter]) == ([apart, letter], 0)
    assert drop_overprinted_punctuation([over, letter]) == ([letter], 1)


def test_brackets_around_latin_in_an_arabic_cell_are_mirrored_back() -> None:
    doc = extract_pdf(RAW / "tetouan_cocreation-workshops_2022.pdf")
    cells = [c.text for t in doc.tables if t.location.page == 2 for r in t.rows for c in r.cells]
    assert "تواصل الجماعة مع المواطنين عبر وسائل التواصل\nالاجتماعي (facebook , instagram,...etc)." in cells


@pytest.mark.parametrize(
    ("visual", "logical"),
    [
        (")CDAI( عورشم", "مشروع (CDAI)"),
        ("N° مقر", "رقم N°"),
        ("ENABEL ةلاكولا", "الوكالة ENABEL"),
    ],
)
def test_latin_token_edges_in_arabic_lines(visual: str, logical: str) -> None:
    assert visual_to_logical(visual) == logical


def test_reading_order_with_blocks_overlapping_by_less_than_half_a_point() -> None:
    """Two stacked blocks overlapping vertically by 0.3 pt (seen in pdfplumber's test PDFs) are a
    row split, not an endless one: the upper one is read first."""

    def para(text: str) -> Paragraph:
        return Paragraph(text, Location(page=1))

    items = [
        ((10.0, 100.3, 200.0, 120.0), para("lower")),
        ((10.0, 80.0, 200.0, 100.6), para("upper")),
    ]
    ordered = [b.text for _, b in reading_order(items, PdfSettings().column_gap)]
    assert ordered == ["upper", "lower"]


def test_reading_order_with_blocks_sharing_a_top() -> None:
    def para(text: str) -> Paragraph:
        return Paragraph(text, Location(page=1))

    items = [((10.0, 50.0, 20.0, 50.2), para("a")), ((30.0, 50.0, 40.0, 50.4), para("b"))]
    assert len(reading_order(items, PdfSettings().column_gap)) == 2


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_marks_brackets_and_percent_in_a_libreoffice_pdf() -> None:
    """tests/fixtures/arabic-marks-brackets-percent.pdf: the .html next to it exported by LibreOffice."""
    doc = extract_pdf(FIXTURES / "arabic-marks-brackets-percent.pdf")
    text = " ".join(p.text for p in doc.paragraphs)
    assert "وقد تم أيضًا تحقيق النتائج" in text
    assert "نسبة الإنجاز 48%" in text
    assert "الإنجاز 48% (4) البند (4) من القانون" in text


def test_combining_mark_is_placed_left_of_its_arabic_letter() -> None:
    # Glyph boxes as pdfplumber gives them for the fathatan of "أيضًا" (fixture above).
    alef = {"text": "ا", "x0": 117.43, "x1": 120.47, "top": 29.2, "bottom": 40.0, "size": 12.0}
    mark = {"text": "\u064b", "x0": 124.2, "x1": 124.2, "top": 27.0, "bottom": 38.0, "size": 12.0}
    dad = {"text": "ض", "x0": 120.6, "x1": 129.94, "top": 29.2, "bottom": 40.0, "size": 12.0}
    placed = place_marks_on_base([alef, mark, dad])
    assert placed[1]["x0"] < dad["x0"] and placed[1]["top"] == dad["top"]
    assert placed[0] == alef and placed[2] == dad


def test_wrapped_lines_join_without_a_space_inside_a_range_or_code() -> None:
    assert join_wrapped_lines(["برسم الفترة 2024-", "2025، من محطات"]) == "برسم الفترة 2024-2025، من محطات"
    assert join_wrapped_lines(["رمز PO-24-25-", "CDAI-01"]) == "رمز PO-24-25-CDAI-01"
    assert join_wrapped_lines(["الأنشطة -", "التتبع"]) == "الأنشطة - التتبع"
    assert join_wrapped_lines(["سطر أول", "سطر ثان"]) == "سطر أول سطر ثان"


@given(st.lists(st.text(alphabet="ابت -2024PO", min_size=1, max_size=12), min_size=1, max_size=5))
def test_joining_wrapped_lines_keeps_every_character(texts: list[str]) -> None:
    joined = join_wrapped_lines(texts)
    assert joined.replace(" ", "") == "".join(texts).replace(" ", "")


def placed(found: dict) -> dict:
    """Each cell's glyphs by identity (equal glyphs in two cells are still told apart)."""
    return {cell: [id(glyph) for glyph in glyphs] for cell, glyphs in found.items()}


# Coordinates on a coarse grid, so that centres fall on cell edges and cells overlap often.
coordinate = st.integers(0, 40).map(lambda n: n * 2.5)


@st.composite
def boxes(draw: st.DrawFn) -> tuple[float, float, float, float]:
    x0, x1 = sorted((draw(coordinate), draw(coordinate)))
    top, bottom = sorted((draw(coordinate), draw(coordinate)))
    return x0, top, x1, bottom


@given(st.lists(boxes(), max_size=12), st.lists(boxes(), max_size=60))
def test_each_glyph_goes_to_the_first_cell_holding_its_centre(cell_boxes, glyph_boxes):
    from extractors.pdf import tables

    cells = [tables.GridCell(n, 0, 1, 1, box) for n, box in enumerate(cell_boxes)]
    chars = [{"x0": x0, "top": top, "x1": x1, "bottom": bottom} for x0, top, x1, bottom in glyph_boxes]
    expected: dict[tables.GridCell, list[dict]] = {cell: [] for cell in cells}
    for char in chars:  # the definition, glyph by glyph and cell by cell
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        holder = next((c for c in cells if c.bbox[0] <= cx < c.bbox[2] and c.bbox[1] <= cy < c.bbox[3]), None)
        if holder is not None:
            expected[holder].append(char)
    assert placed(tables.chars_by_cell(chars, cells)) == placed(expected)


def test_glyphs_are_placed_in_blocks_as_they_are_one_by_one(monkeypatch):
    """A page with more glyphs than one comparison holds gets the same cells as a small block."""
    from extractors.pdf import tables

    cells = [tables.GridCell(0, n, 1, 1, (n * 10.0, 0.0, n * 10.0 + 10, 10.0)) for n in range(5)]
    chars = [{"x0": x, "top": 2.0, "x1": x + 1.0, "bottom": 8.0} for x in range(0, 55)]
    whole = tables.chars_by_cell(chars, cells)
    monkeypatch.setattr(tables, "CHARS_PER_COMPARISON", 7)
    blocks = tables.chars_by_cell(chars, cells)
    assert {c: [id(g) for g in v] for c, v in blocks.items()} == {
        c: [id(g) for g in v] for c, v in whole.items()
    }
    assert [len(whole[c]) for c in cells] == [10, 10, 10, 10, 10]  # x 50-54: centres past the last cell
