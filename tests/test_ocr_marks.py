"""Decimal marks Tesseract drops at 150 dpi, put back from the ink (extractors/ocr/marks.py).

On the Dakhla scan (tests/scans/) every cost of the "بمليون درهم" column lost its point in the
reading ("4.6" read "46" at confidence 97): 10x the printed cost, with no flag."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.ocr.marks import none_mark_shape, restore_decimal_mark, tallest_glyph

SCAN = Path(__file__).parent / "scans" / "dakhla_pac_2017-2022.scanned.pdf"


PLAIN, SERIF = cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_COMPLEX  # SERIF prints "1" and "4" on a foot bar
fonts = st.sampled_from([PLAIN, SERIF, cv2.FONT_HERSHEY_TRIPLEX])


def drawn(text: str, scale: float = 0.6, font: int = PLAIN) -> np.ndarray:
    """A grey crop with the text printed in a plain (or serif) font, as a table cell of a scan."""
    image = np.full((32, 24 + int(22 * scale * len(text))), 255, np.uint8)
    cv2.putText(image, text, (6, 23), font, scale, 0, 1, cv2.LINE_AA)
    return image


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=1, max_size=3),
    st.text(alphabet="0123456789", min_size=1, max_size=3),
    fonts,
)
def test_a_printed_point_is_put_back_where_it_is_printed_or_flagged(
    whole: str, fraction: str, font: int
) -> None:
    found = restore_decimal_mark(whole + fraction, drawn(f"{whole}.{fraction}", font=font))
    # Never a mark at another place: it is put back right, or the reading is flagged unsure.
    assert (found.restored and found.text == f"{whole}.{fraction}") or (found.unsure and not found.restored)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=2, max_size=6), fonts)
def test_digits_printed_without_a_mark_are_left_as_read(digits: str, font: int) -> None:
    found = restore_decimal_mark(digits, drawn(digits, font=font))
    assert not found.restored and found.text == digits


@pytest.mark.parametrize("digits", ["11", "17", "14", "10", "100", "129", "41"])
def test_the_foot_serif_of_a_one_or_a_four_is_no_decimal_point(digits: str) -> None:
    # A serif font's "1" stands on a bar whose overhang looked like a point touching the digit:
    # the Aït Melloul scan's "17" was read "1.7", its "100%" "1.00%", unflagged.
    found = restore_decimal_mark(digits, drawn(digits, font=SERIF))
    assert (found.text, found.restored, found.unsure) == (digits, False, False)


def test_a_single_digit_or_an_empty_cell_is_left_alone() -> None:
    assert restore_decimal_mark("5", drawn("5")).text == "5"
    assert not restore_decimal_mark("46", np.full((20, 40), 255, np.uint8)).restored


@pytest.mark.parametrize(("printed", "shape"), [("-", "-"), ("*", "*")])
def test_a_dash_or_a_star_is_no_digit(printed: str, shape: str) -> None:
    digit_height = tallest_glyph(drawn("2024"))
    assert none_mark_shape(drawn(printed), digit_height) == shape


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=5))
def test_digits_are_never_taken_for_a_none_mark(digits: str) -> None:
    assert none_mark_shape(drawn(digits), tallest_glyph(drawn("2024"))) is None


@pytest.fixture(scope="module")
def page_8():
    """Page 8 of the Dakhla scan read by OCR."""
    from extractors.ocr import DEFAULT_SETTINGS, ocr_pages

    return ocr_pages(SCAN, DEFAULT_SETTINGS, {8})[8]


@pytest.fixture(scope="module")
def cost_cells(page_8) -> list[str]:
    """The texts of page 8's table's cost column."""
    from plans.model import Table

    table = next(b for b in page_8.blocks if isinstance(b, Table))
    header = next(r for r in table.rows if any("بمليون" in c.text for c in r.cells))
    column = next(n for n, c in enumerate(header.cells) if "بمليون" in c.text)
    return [r.cells[column].text for r in table.rows if len(r.cells) > column]


def test_the_scanned_costs_keep_their_decimal_points(cost_cells: list[str]) -> None:
    # As printed in data/raw/dakhla_pac_2017-2022.pdf, page 8: 49.9, 44.80, 5.6, 2.76, 0.8.
    for printed in ("49.9", "44.80", "5.6", "2.76", "0.8"):
        assert printed in cost_cells
    assert "499" not in cost_cells and "4480" not in cost_cells


def test_each_mark_put_back_is_said(page_8) -> None:
    """A researcher sees each decimal mark the ink gave back (the document's OCR notes, then
    v_documents): the reading before and after, with the page and cell."""
    said = "\n".join(page_8.restored_marks)
    for before, after in (("499", "49.9"), ("4480", "44.80"), ("56", "5.6"), ("276", "2.76")):
        assert f"'{before}' read '{after}'" in said
    assert all(m.startswith("page 8, table cell row ") for m in page_8.restored_marks)
