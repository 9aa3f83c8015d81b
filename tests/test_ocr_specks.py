"""Words read from paper grain, figures that lost a digit, page numbers (extractors/ocr/specks.py,
marks.py, __init__.py).

On the co-creation scan, Tesseract read a blank merged cell's grain as "0 57 ١ 1 0 ..." (one "0" at
confidence 92): a group of proposals started with a garbage domain and no outcome, 14 proposals
lost their cited commitment. "33" was read "3" at 67 and "44" "4" at 96, unflagged."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.ocr import DEFAULT_SETTINGS, is_clipped_date, is_page_number
from extractors.ocr.engine import Word
from extractors.ocr.marks import digit_glyphs, tall_characters
from extractors.ocr.render import ink_mask
from extractors.ocr.specks import inked_words, read_from_ink


def page_with(text: str = "", specks: int = 0, seed: int = 0) -> np.ndarray:
    """A grey scanned page strip: the text printed at 150 dpi body size, and 2x2 specks."""
    rng = np.random.default_rng(seed)
    image = np.full((120, 400), 235, np.uint8)
    if text:
        cv2.putText(image, text, (40, 70), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 20, 2, cv2.LINE_AA)
    for _ in range(specks):
        y, x = int(rng.integers(0, 118)), int(rng.integers(0, 398))
        image[y : y + 2, x : x + 2] = 100
    return image


def word(text: str, box: tuple[int, int, int, int], confidence: float = 92.0) -> Word:
    return Word(text, confidence, box, 1, 1, 1)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10_000))
def test_a_word_read_from_grain_alone_is_dropped(seed: int) -> None:
    ink = ink_mask(page_with("", specks=40, seed=seed))
    grain = [word("0", (100, 20, 200, 100)), word("57", (250, 10, 330, 110))]
    assert inked_words(grain, ink) == []


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=6), st.integers(0, 10_000))
def test_a_word_over_printed_digits_is_kept(digits: str, seed: int) -> None:
    ink = ink_mask(page_with(digits, specks=40, seed=seed))
    over = word(digits, (35, 40, 60 + 20 * len(digits), 80))
    assert inked_words([over], ink) == [over]


def test_a_dash_for_none_is_ink_not_grain() -> None:
    # "-" (none) must stay for the marks check to flag it: it is wide and flat, not a speck.
    ink = ink_mask(page_with("-"))
    assert read_from_ink(word("5", (35, 40, 80, 80)), ink)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=5))
def test_digit_blobs_never_outnumber_the_digits_printed(digits: str) -> None:
    # The count is a floor: a reading with all its digits is never taken for one that lost some.
    crop = page_with(" ".join(digits) if len(digits) < 4 else digits)
    assert digit_glyphs(crop, touching=True) <= tall_characters(digits)


@pytest.mark.parametrize("date", ["2024-12-31", "2024-01-01", "01/07/2025"])
def test_a_date_is_never_counted_more_blobs_than_it_prints(date: str) -> None:
    # "4-" of "2024-12-31" joined by the dash is as wide as two digits: dates count blobs one each.
    assert digit_glyphs(page_with(date), touching=False) <= tall_characters(date)


def test_a_digit_lost_by_the_reading_shows_in_the_ink() -> None:
    assert digit_glyphs(page_with("3 3"), touching=True) > tall_characters("3")


@pytest.mark.parametrize(
    ("text", "clipped"),
    [("2024-12-1", True), ("12.1.2024", True), ("2024-12-31", False), ("1/7/2025", False), ("46", False)],
)
def test_a_date_missing_one_digit_of_its_day_is_read_again(text: str, clipped: bool) -> None:
    assert is_clipped_date(text) is clipped


@given(st.integers(1, 999))
def test_a_lone_number_in_the_footer_is_a_page_number(number: int) -> None:
    height = 1754  # an A4 page at 150 dpi
    footer = [word(str(number), (800, height - 60, 830, height - 40))]
    body = [word(str(number), (800, 800, 830, 820))]
    assert is_page_number(footer, height, DEFAULT_SETTINGS)
    assert not is_page_number(body, height, DEFAULT_SETTINGS)
    assert not is_page_number(
        [word("الصفحة", (700, height - 60, 790, height - 40)), *footer], height, DEFAULT_SETTINGS
    )
