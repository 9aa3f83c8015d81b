"""The OCR extractor on real scanned pages of the corpus (Tesseract runs; nothing is mocked)."""

from pathlib import Path

import pytest

from extractors.base import ExtractionError
from extractors.ocr import extract_scanned_pdf, ocr_pages
from extractors.ocr.render import render_pages, rotate, skew_angle
from extractors.ocr.settings import OcrSettings
from plans.model import Paragraph

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SCAN = RAW / "beni-mellal_open-plan_2024-2025.scanned.pdf"
BORN_DIGITAL = RAW / "beni-mellal_open-plan_2024-2025.pdf"


@pytest.fixture(scope="module")
def green_city_and_waste_slides() -> dict[int, list[Paragraph]]:
    """Slides of the scan, read once: 17 (the numbered project list), 25 (project "المدينة
    الخضراء"), 26 (waste campaigns, boxes side by side), 33 (a date Tesseract orders before its
    label), 34 (a line Tesseract's page pass drops), 35 (the budget, white on a grey box), 20 (a
    section slide printed light on a page-wide dark box)."""
    pages = {17, 20, 25, 26, 33, 34, 35}
    return {n: r.blocks for n, r in ocr_pages(SCAN, OcrSettings(), pages).items()}


def texts(blocks: list[Paragraph]) -> list[str]:
    return [b.text for b in blocks]


def test_scanned_slide_gives_its_dates_and_cost(green_city_and_waste_slides):
    lines = texts(green_city_and_waste_slides[25])
    assert any("تاريخ البدء" in t and "01.01.2024" in t for t in lines)
    assert any("تاريخ النهاية" in t and "31.08.2024" in t for t in lines)
    assert "40000,00 درهم" in lines


def test_side_by_side_slide_boxes_are_separate_paragraphs(green_city_and_waste_slides):
    # Tesseract reads the two headings as one line; they are cut at the gap between the boxes.
    lines = texts(green_city_and_waste_slides[26])
    assert "أنشطة المشروع" in lines
    assert "المدة الزمنية" in lines
    assert "التكلفة التقديرية" in lines
    assert "50000,00 درهم" in lines


def test_bullets_are_found_and_their_glyph_removed(green_city_and_waste_slides):
    bullets = [b for b in green_city_and_waste_slides[25] if b.bullet]
    assert len(bullets) >= 5
    assert any(b.text.startswith("إعادة صياغة دفتر التحملات") for b in bullets)


def test_every_line_keeps_its_page_position_and_confidence(green_city_and_waste_slides):
    for page, blocks in green_city_and_waste_slides.items():
        for block in blocks:
            assert block.location.page == page
            assert block.location.top is not None and 0 <= block.location.top <= 540
            assert block.confidence is not None and 0 <= block.confidence <= 100
    cost = next(b for b in green_city_and_waste_slides[25] if b.text == "40000,00 درهم")
    assert cost.confidence > 80


def test_a_rotation_like_the_scans_is_measured():
    _, page = next(render_pages(BORN_DIGITAL, 150, {25}))
    assert skew_angle(page, 2.0, 0.1) == pytest.approx(0.0, abs=0.15)
    assert skew_angle(rotate(page, 0.7), 2.0, 0.1) == pytest.approx(-0.7, abs=0.15)


def test_missing_language_data_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ExtractionError, match="tesseract-ocr-ara"):
        extract_scanned_pdf(SCAN, OcrSettings(tessdata=str(tmp_path)))


def test_numbered_list_items_keep_their_numbers(green_city_and_waste_slides):
    # Tesseract reads each item number as a line of its own; it is put back before its item.
    lines = texts(green_city_and_waste_slides[17])
    assert "مشاريع الانفتاح" in lines
    assert "1. المدينة الخضراء ؛" in lines
    assert "4. الميزانية التشاركية ؛" in lines
    assert "8. تنظيم مسابقة أجمل وأنظف محيط مدرسة ؛" in lines


def test_a_total_printed_light_on_a_dark_box_keeps_its_digits(green_city_and_waste_slides):
    # `ara` reads it "0 درهم"; the number is read again with `fra`.
    lines = texts(green_city_and_waste_slides[35])
    assert "330000 درهم" in lines
    assert "الميزانية المرصودة" in lines  # the title bar, light on dark, read inverted


def test_a_section_number_on_a_dark_page_is_not_replaced_by_another_number(green_city_and_waste_slides):
    # Page 20 is dark edge to edge: "5." is read again as digits in its own line's band only; read
    # as one line, the whole page gave the footer's date in its place ("19/09/2023 تقديم ...").
    lines = texts(green_city_and_waste_slides[20])
    assert "5. تقديم برنامج انفتاح الجماعة" in lines
    assert not any("19/09/2023 تقديم" in t for t in lines)


def test_a_page_printed_light_on_dark_is_read_as_its_negative(green_city_and_waste_slides):
    # Read as printed, its skew was measured on the dark paper (2°, the search's limit, for a
    # scan turned under 0.7°) and its footer came out cut ("اجتماع الأجان ... الجما").
    lines = texts(green_city_and_waste_slides[20])
    assert "يضم برنامج انفتاح الجماعة عشرة مشاريع موزعة على أربعة محاور" in lines
    assert any(t.endswith("اجتماع اللجان لمناقشة برنامج انفتاح الجماعة") for t in lines)
    angle = ocr_pages(SCAN, OcrSettings(), {20})[20].angle
    assert abs(angle) <= 0.7


def test_a_line_the_page_pass_drops_is_read_again(green_city_and_waste_slides):
    # Page 34: Tesseract's layout analysis leaves "تاريخ النهاية : 31/12/2025" out; its ink is
    # found uncovered and read on its own.
    lines = texts(green_city_and_waste_slides[34])
    assert "تاريخ البدء : 01/01/2024" in lines
    assert "تاريخ النهاية : 31/12/2025" in lines
    assert "40000,00 درهم" in lines
    skipped = texts(ocr_pages(SCAN, OcrSettings(recover_lost_lines=False), {34})[34].blocks)
    assert "تاريخ النهاية : 31/12/2025" not in skipped


def test_a_date_printed_after_its_label_follows_it(green_city_and_waste_slides):
    lines = texts(green_city_and_waste_slides[33])
    assert "تاريخ البدء : 01/01/2024" in lines
    assert "تاريخ النهاية : 31/12/2025" in lines


def test_an_item_number_read_unsure_is_read_again_as_digits(green_city_and_waste_slides):
    # "10." reads "0." with `ara` (confidence 75); `fra` on the number alone reads "10".
    lines = texts(green_city_and_waste_slides[17])
    assert any(t.startswith("10. تسويق وتثمين الخدمات") for t in lines)
    assert not any(t.startswith("0. ") for t in lines)
