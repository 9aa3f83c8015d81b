"""PowerPoint extractor: values read from the Beni Mellal deck, checked against its .txt rendition."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pptx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx.util import Pt

from extractors.base import ExtractionError
from extractors.pptx import (
    BAND_TOLERANCE_PT,
    Box,
    GroupFrame,
    extract_pptx,
    is_numbered_stage,
    placed_shapes,
    reading_order,
)
from plans.model import Cell, ExtractedDocument, Paragraph

BENI_MELLAL = Path(__file__).resolve().parents[1] / "data" / "raw" / "beni-mellal_open-plan_2024-2025"
AMOUNT = re.compile(r"\d+,\d\d")
DATE = re.compile(r"\d\d[/.]\d\d[/.]\d{4}")


@pytest.fixture(scope="module")
def deck() -> ExtractedDocument:
    return extract_pptx(BENI_MELLAL.with_suffix(".pptx"))


def slide(deck: ExtractedDocument, number: int) -> list[Paragraph]:
    return [p for p in deck.paragraphs if p.location.page == number]


def project_slide(deck: ExtractedDocument, title_part: str) -> list[Paragraph]:
    (title,) = [p for p in deck.paragraphs if p.heading_level == 1 and title_part in p.text]
    return slide(deck, title.location.page)


def fold_seed_letters(text: str) -> str:
    """The .txt seed writes Persian letter forms, tatweel and U+FFFD where the deck has plain Arabic."""
    folded = unicodedata.normalize("NFKC", text)
    return folded.translate(str.maketrans({"ی": "ي", "ھ": "ه", "ک": "ك", "ـ": None, "\ufffd": None}))


# --------------------------------------------------------------------------- document level


def test_deck_metadata(deck: ExtractedDocument) -> None:
    assert deck.source_format == "pptx"
    assert deck.extractor == "pptx/1"
    assert deck.pages_or_lines == 37
    assert len(deck.sha256) == 64
    assert deck.tables == []
    assert {p.location.page for p in deck.paragraphs} == set(range(1, 38))


def test_one_title_per_slide(deck: ExtractedDocument) -> None:
    titles = [p for p in deck.paragraphs if p.heading_level == 1]
    assert [p.location.page for p in titles] == list(range(1, 38))
    assert titles[0].text == "أهداف برنامج الجماعات المنفتحة"
    assert titles[0].location.top == 18.0
    assert titles[-1].text == "شكرا على انتباهكم"


def test_budget_slide_title_is_the_top_box_not_the_big_amount(deck: ExtractedDocument) -> None:
    paragraphs = project_slide(deck, "الميزانية المرصودة")
    amount = next(p for p in paragraphs if p.text.endswith("درهم"))
    assert amount.text == "330000 درهم"
    assert amount.heading_level is None
    assert paragraphs[0].text == "الميزانية المرصودة"


def test_footers_are_plain_paragraphs_at_the_bottom(deck: ExtractedDocument) -> None:
    """Every slide but the closing one carries a footer; one keeps the template's placeholder footer."""
    assert [p.location.page for p in deck.paragraphs if p.text == "9/10/2021"] == [23]
    assert not any(p.text == "19/09/2023" for p in slide(deck, 37))
    for number in range(1, 37):
        paragraphs = slide(deck, number)
        lowest = max(p.location.top for p in paragraphs)
        footer = [p.text for p in paragraphs if p.location.top == lowest]
        assert any(text in ("19/09/2023", "9/10/2021") for text in footer), number
        assert all(p.heading_level is None and not p.bullet for p in paragraphs if p.location.top == lowest)


# --------------------------------------------------------------------------- project slides


def test_green_city_project_slide(deck: ExtractedDocument) -> None:
    paragraphs = project_slide(deck, "المدينة الخضراء")
    texts = [p.text for p in paragraphs]
    assert texts[0] == "المحور الأول : مشروع “ المدينة الخضراء ”"
    # right-to-left: the activities block (right) is read before the duration block (left)
    assert texts.index("أنشطة المشروع") < texts.index("المدة الزمنية") < texts.index("التكلفة التقديرية")
    assert "تاريخ البدء : 01.01.2024" in texts and "تاريخ النهاية : 31.08.2024" in texts
    cost = paragraphs[texts.index("التكلفة التقديرية") + 1]
    assert cost.text == "40000,00 درهم" and cost.bullet
    activities = paragraphs[texts.index("أنشطة المشروع") + 1 : texts.index("المدة الزمنية")]
    assert len(activities) == 7 and all(p.bullet for p in activities)


def test_petitions_project_dates_and_cost(deck: ExtractedDocument) -> None:
    texts = [p.text for p in project_slide(deck, "تنزيل آلية تقديم العرائض")]
    assert "تاريخ البدء : 01/01/2024" in texts
    assert "تاريخ النهاية : 29/02/2024" in texts
    assert "20000,00 درهم" in texts


def test_numbered_stages_are_bullets(deck: ExtractedDocument) -> None:
    stages = [p for p in deck.paragraphs if re.match(r"\d- ", p.text)]
    assert len(stages) >= 8
    assert all(p.bullet for p in stages)
    assert any(p.text.startswith("1- تحديد شروط المسابقة و معايير انتقاء الجمعيات") for p in stages)


def test_every_project_slide_has_one_cost(deck: ExtractedDocument) -> None:
    costs = {}
    for title in (p for p in deck.paragraphs if p.heading_level == 1 and ": مشروع" in p.text):
        amounts = [p.text for p in slide(deck, title.location.page) if AMOUNT.search(p.text)]
        costs[title.text] = amounts
    assert len(costs) == 10
    assert all(len(amounts) == 1 and amounts[0].endswith(" درهم") for amounts in costs.values())


def test_amounts_and_dates_agree_with_the_text_rendition(deck: ExtractedDocument) -> None:
    seed = fold_seed_letters(BENI_MELLAL.with_suffix(".txt").read_text(encoding="utf-8"))
    text = deck.full_text()
    assert set(AMOUNT.findall(text)) == set(AMOUNT.findall(seed))
    assert set(DATE.findall(text)) == set(DATE.findall(seed))


def test_most_words_agree_with_the_text_rendition(deck: ExtractedDocument) -> None:
    seed_words = set(
        re.findall(r"\w+", fold_seed_letters(BENI_MELLAL.with_suffix(".txt").read_text("utf-8")))
    )
    deck_words = set(re.findall(r"\w+", deck.full_text()))
    # the seed glues some words together ("ENABELإعداد") and lacks the slide-number footers
    assert len(deck_words & seed_words) / len(deck_words) > 0.9


def test_first_slide_reads_right_column_first(deck: ExtractedDocument) -> None:
    texts = [p.text for p in slide(deck, 1)]
    assert texts.index("تحسين جودة خدمات وبرامج الجماعة الترابية") < texts.index(
        "جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول"
    )


# --------------------------------------------------------------------------- synthetic decks


def test_table_with_merges(tmp_path: Path) -> None:
    presentation = pptx.Presentation()
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    table = page.shapes.add_table(3, 3, Pt(10), Pt(100), Pt(300), Pt(90)).table
    table.cell(0, 0).text = "A"
    table.cell(0, 2).text = "x"
    table.cell(2, 0).text = "tail"
    table.cell(0, 0).merge(table.cell(1, 1))
    path = tmp_path / "t.pptx"
    presentation.save(str(path))
    (extracted,) = extract_pptx(path).tables
    assert extracted.rows[0].cells == (Cell("A", col_span=2, row_span=2), Cell("x"))
    assert extracted.rows[1].cells == (Cell("", col_span=2, continues_above=True), Cell(""))
    assert extracted.rows[2].texts == ["tail", "", ""]
    assert extracted.location.page == 1 and extracted.location.top == 100.0
    assert extracted.rows[1].location.top == 130.0


def test_group_children_are_placed_in_slide_coordinates(tmp_path: Path) -> None:
    presentation = pptx.Presentation()
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    group = page.shapes.add_group_shape()
    group.shapes.add_textbox(Pt(100), Pt(200), Pt(50), Pt(20)).text_frame.text = "inside"
    page.shapes.add_textbox(Pt(100), Pt(150), Pt(50), Pt(20)).text_frame.text = "above"
    xfrm = group._element.grpSpPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
    xfrm.find("{http://schemas.openxmlformats.org/drawingml/2006/main}off").set("y", str(Pt(20)))  # moved up
    boxes = {p.shape.text_frame.text: p.box for p in placed_shapes(list(page.shapes))}
    assert boxes["inside"].top == pytest.approx(20.0)
    path = tmp_path / "g.pptx"
    presentation.save(str(path))
    assert [p.text for p in extract_pptx(path).paragraphs] == ["inside", "above"]


def test_unreadable_files_raise_extraction_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pptx"
    empty.write_bytes(b"")
    with pytest.raises(ExtractionError, match="empty"):
        extract_pptx(empty)
    garbage = tmp_path / "garbage.pptx"
    garbage.write_bytes(b"PK but not really")
    with pytest.raises(ExtractionError, match="not a readable PowerPoint"):
        extract_pptx(garbage)


# --------------------------------------------------------------------------- pure helpers

coordinates = st.floats(min_value=0, max_value=1000, allow_nan=False)
boxes = st.builds(Box, coordinates, coordinates, coordinates, coordinates)


@given(st.lists(boxes, max_size=12), st.booleans())
def test_reading_order_is_a_permutation_with_rising_bands(items: list[Box], right_to_left: bool) -> None:
    order = reading_order(items, right_to_left)
    assert sorted(order) == list(range(len(items)))
    # no box is read before a box that sits more than the band tolerance above it
    for position, earlier in enumerate(order):
        for later in order[position + 1 :]:
            assert items[earlier].top <= items[later].top + BAND_TOLERANCE_PT


@given(st.lists(coordinates, min_size=1, max_size=8))
def test_one_band_reads_by_right_edge_when_right_to_left(lefts: list[float]) -> None:
    row = [Box(left, 50.0, 10.0, 10.0) for left in lefts]
    rights = [row[i].right for i in reading_order(row, right_to_left=True)]
    assert rights == sorted(rights, reverse=True)
    assert [row[i].left for i in reading_order(row, right_to_left=False)] == sorted(lefts)


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["-", "–", ")"]), st.text(max_size=10))
def test_numbered_stage(number: int, mark: str, rest: str) -> None:
    assert is_numbered_stage(f"{number}{mark} {rest}")
    assert not is_numbered_stage(f"{number}.{mark}{rest}")


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1900, max_value=2100))
def test_year_range_is_not_a_stage(start: int, end: int) -> None:
    assert not is_numbered_stage(f"{start}-{end}")


@given(boxes, boxes, st.floats(min_value=0.1, max_value=10), st.floats(min_value=0.1, max_value=10))
def test_group_frame_maps_child_origin_to_group_origin(group: Box, child: Box, sx: float, sy: float) -> None:
    frame = GroupFrame(group, child.left, child.top, sx, sy)
    placed = frame.place(child)
    assert (placed.left, placed.top) == (group.left, group.top)
    assert placed.width == pytest.approx(child.width * sx)
    same = GroupFrame(group, group.left, group.top, 1.0, 1.0).place(child)
    assert (same.left, same.top, same.width) == pytest.approx((child.left, child.top, child.width))
