"""OCR line segments (``extractors.ocr.lines``): Tesseract's words of one line, as the scan gave them,
into segments in reading order. The word boxes below are Tesseract's own, from pages 33 and 28 of
the Beni Mellal scan (150 dpi)."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from extractors.ocr.engine import Word
from extractors.ocr.lines import columns, line_segments, right_to_left_order, split_at_gaps
from extractors.ocr.settings import OcrSettings

SETTINGS = OcrSettings()
BLANK = np.zeros((1200, 2100), dtype=np.uint8)  # no ink: no unread bullet blob anywhere


def word(text: str, box: tuple[int, int, int, int], confidence: float = 92.0) -> Word:
    return Word(text, confidence, box, 1, 1, 1)


def texts(segments) -> list[tuple[str, bool]]:
    return [(" ".join(w.text for w in words), bullet) for words, bullet in segments]


# Page 33: one Tesseract line across two slide boxes, in the order Tesseract gave: the end date of
# the left box first (a number at the line's left end), its label, its bullet, then the right box's
# bullet item, whose own bullet glyph comes last.
PAGE_33_LINE = [
    word("31/12/2025", (177, 383, 349, 411)),
    word(":", (362, 389, 366, 408)),
    word("تاريخ", (467, 383, 529, 421)),
    word("النهاية", (378, 383, 456, 415)),
    word("٠", (557, 389, 567, 399)),
    word("تنظيم", (1802, 375, 1891, 419)),
    word("لقاءات", (1687, 375, 1790, 406)),
    word("تواصلية", (1555, 375, 1674, 413)),
    word("المدني", (747, 372, 848, 425)),
    word("٠", (1919, 383, 1930, 394), 58.0),
]


def test_a_line_across_two_boxes_gives_each_box_its_text_in_reading_order():
    assert texts(line_segments(PAGE_33_LINE, BLANK, SETTINGS)) == [
        ("تنظيم لقاءات تواصلية", True),
        ("المدني", False),
        ("تاريخ النهاية : 31/12/2025", True),
    ]


def test_a_word_box_stretched_to_the_line_end_keeps_its_place():
    # Page 28's title bar: Tesseract gave "مشروع" a box reaching the right edge of "المحور".
    title = [
        word("المحور", (1647, 86, 1790, 156)),
        word("الأول", (1512, 70, 1626, 160)),
        word(":", (1467, 70, 1491, 160)),
        word("مشروع", (1299, 86, 1790, 156)),
        word("“", (1254, 94, 1279, 112)),
        word("تنظيم", (1096, 70, 1232, 160)),
        word("مسابقة", (911, 70, 1075, 160)),
        word("أجمل", (762, 81, 884, 147)),
        word("وأنظف", (607, 80, 744, 147)),
        word("مدرسة", (258, 80, 744, 147)),
        word("محيط", (455, 70, 574, 160)),
        word("”", (212, 94, 236, 111)),
    ]
    assert texts(split_at_gaps_as_segments(title)) == [
        ("المحور الأول : مشروع “ تنظيم مسابقة أجمل وأنظف محيط مدرسة ”", False)
    ]


def split_at_gaps_as_segments(words):
    return [(segment, False) for segment in split_at_gaps(words, SETTINGS.segment_gap_in_heights)]


def test_latin_runs_keep_their_left_to_right_order():
    line = [
        word("بتنسيق", (900, 10, 1000, 40)),
        word("مع", (850, 10, 890, 40)),
        word("ENABEL", (600, 10, 700, 40)),
        word("Maroc", (710, 10, 840, 40)),
    ]
    assert [w.text for w in right_to_left_order(line)] == ["بتنسيق", "مع", "ENABEL", "Maroc"]


def test_a_number_printed_with_its_thousands_apart_reads_left_to_right():
    # The Aït Melloul scan's costs: "150 000.00" printed, its groups read as words.
    cost = [word("150", (900, 10, 930, 30)), word("000.00", (936, 10, 990, 30))]
    assert [w.text for w in right_to_left_order(cost)] == ["150", "000.00"]
    million = [
        word("1", (880, 10, 888, 30)),
        word("500", (894, 10, 924, 30)),
        word("000", (930, 10, 960, 30)),
    ]
    assert [w.text for w in right_to_left_order(million)] == ["1", "500", "000"]
    labelled = [word("التكلفة", (1000, 10, 1100, 30)), *cost]
    assert [w.text for w in right_to_left_order(labelled)] == ["التكلفة", "150", "000.00"]


def test_numbers_that_are_no_thousands_groups_keep_the_right_to_left_order():
    years = [word("2024", (900, 10, 940, 30)), word("2025", (946, 10, 986, 30))]
    assert [w.text for w in right_to_left_order(years)] == ["2025", "2024"]
    apart = [word("150", (600, 10, 630, 30)), word("000", (900, 10, 930, 30))]  # far apart: two figures
    assert [w.text for w in right_to_left_order(apart)] == ["000", "150"]


boxes = st.builds(
    lambda x, w, y: (x, y, x + w, y + 30),
    st.integers(0, 1900),
    st.integers(5, 200),
    st.integers(0, 20),
)
words = st.lists(
    st.builds(
        word,
        st.sampled_from(
            ["تاريخ", "البدء", ":", "01/01/2024", "٠", "•", "ENABEL", "1.", "150", "000.00", "000"]
        ),
        boxes,
    ),
    min_size=1,
    max_size=25,
)


@given(words)
def test_segments_keep_every_word_once(line):
    segments = split_at_gaps(line, SETTINGS.segment_gap_in_heights)
    assert sorted(id(w) for s in segments for w in s) == sorted(id(w) for w in line)


@given(words, st.floats(1, 200))
def test_columns_partition_the_line(line, limit):
    runs = columns(line, limit)
    assert sorted(i for run in runs for i in run) == list(range(len(line)))
    # runs are separated by blanks wider than the limit
    for left, right in itertools.pairwise(runs):
        assert min(line[i].box[0] for i in right) - max(line[i].box[2] for i in left) > limit


@given(words)
def test_right_to_left_order_is_a_permutation(line):
    assert sorted(id(w) for w in right_to_left_order(line)) == sorted(id(w) for w in line)
