"""One Tesseract line's words as text segments: visual order, cuts at wide gaps, bullet glyphs.

Tesseract's word order within a line is not reliable on slides: a line that spans two text boxes
side by side, or whose left-most word is a number ("31/12/2025 : تاريخ النهاية"), comes out
partly left to right. A line is therefore cut where its words leave a blank wider than word spaces
ever are, and each Arabic segment's words are put in visual order (right to left, Latin runs kept
left to right as bidi does).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import cv2
import numpy as np

from extractors.ocr.engine import Word
from extractors.ocr.settings import OcrSettings

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
_LIST_MARKER = re.compile(r"\d{1,2}[.\-)]?")
# What Tesseract reads a bullet glyph as when it reads it as a token of its own: the bullet itself,
# an Arabic-Indic zero (a round dot), an asterisk, a full stop; "٠." and "*؟" seen on scans.
BULLET_GLYPHS = frozenset({"•", "●", "▪", "◦", "·", "٠", "٠.", "*", "*.", "*؟", "."})

Segment = list[Word]


def median_height(words: Sequence[Word]) -> int:
    heights = sorted(w.box[3] - w.box[1] for w in words)
    return heights[len(heights) // 2]


def mean_word_confidence(words: Sequence[Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def within(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def is_right_to_left(words: Sequence[Word]) -> bool:
    """More Arabic letters than Latin ones: the line reads right to left."""
    text = "".join(w.text for w in words)
    return len(_ARABIC_LETTER.findall(text)) >= len(_LATIN_LETTER.findall(text))


def has_arabic(word: Word) -> bool:
    return bool(_ARABIC_LETTER.search(word.text))


def is_list_marker(words: Sequence[Word]) -> bool:
    """A lone item number ("1", "2.", "10-") that stands apart from its text in a numbered list."""
    return len(words) == 1 and bool(_LIST_MARKER.fullmatch(words[0].text))


def columns(words: Sequence[Word], limit: float) -> list[list[int]]:
    """Indexes of the words in each run along the line separated by blank gaps wider than
    ``limit`` pixels, left to right. Gaps come from the words' extents, never from Tesseract's word
    order (a box Tesseract draws too wide only merges runs, it never cuts one)."""
    order = sorted(range(len(words)), key=lambda i: words[i].box[0])
    runs: list[list[int]] = [[order[0]]]
    right = words[order[0]].box[2]
    for i in order[1:]:
        if words[i].box[0] - right > limit:
            runs.append([])
        runs[-1].append(i)
        right = max(right, words[i].box[2])
    return runs


def is_latin(word: Word) -> bool:
    return bool(_LATIN_LETTER.search(word.text)) and not has_arabic(word)


# A number printed with its thousands apart ("150 000.00") is one number read left to right, though
# Tesseract gives its groups as words: the last group has three digits (and maybe decimals or a
# percent sign), the ones before it three, the first one to three.
_LAST_GROUP = re.compile(r"\d{3}(?:[.,]\d{1,3})?%?")
_GROUP = re.compile(r"\d{1,3}")


def thousands_run(ordered: Segment, start: int) -> int:
    """How many words from ``start`` (right to left) are the groups of one number: 0 or at least 2.
    The groups must lie a word space apart (less than a digit's height)."""
    if not _LAST_GROUP.fullmatch(ordered[start].text):
        return 0
    end = start + 1
    while end < len(ordered) and _GROUP.fullmatch(ordered[end].text):
        right, left = ordered[end - 1], ordered[end]
        if right.box[0] - left.box[2] > right.box[3] - right.box[1]:
            break
        end += 1
        if len(left.text) < 3:
            break  # the first group
    return end - start if end - start >= 2 else 0


def right_to_left_order(segment: Segment) -> Segment:
    """An Arabic segment's words in reading order by their place, right to left, with runs of Latin
    words, and the groups of a number printed with its thousands apart, kept left to right (bidi).
    Tesseract's own order puts a number printed at the left end first ("31/12/2025 : تاريخ
    النهاية") and a bullet printed at the right end last. Words are placed by their left edge:
    Tesseract sometimes stretches a word's box to the right edge of the line."""
    ordered = sorted(segment, key=lambda w: (-w.box[0], -w.box[2]))
    result: Segment = []
    for latin, run in itertools.groupby(ordered, key=is_latin):
        words = list(run)
        result.extend(reversed(words) if latin else words)
    start = 0
    while start < len(result):
        length = thousands_run(result, start)
        if length:
            result[start : start + length] = reversed(result[start : start + length])
        start += max(1, length)
    return result


def split_at_gaps(words: Sequence[Word], max_gap_in_heights: float) -> list[Segment]:
    """A Tesseract line cut where its words leave a blank wider than word spaces ever are: Tesseract
    joins the lines of two slide boxes side by side into one ("أنشطة المشروع المدة الزمنية").
    Segments come in reading order (right to left on Arabic lines, where their words are put in
    visual order too; other lines keep Tesseract's order); a lone item number stays with the text
    beside it."""
    runs = columns(words, median_height(words) * max_gap_in_heights)
    arabic = is_right_to_left(words)
    if arabic:
        runs.reverse()
    segments: list[Segment] = []
    pending: list[int] = []
    for run in runs:
        indexes = sorted(pending + run)
        if len(indexes) == 1 and is_list_marker([words[indexes[0]]]) and run is not runs[-1]:
            pending = indexes
            continue
        pending = []
        segment = [words[i] for i in indexes]
        segments.append(right_to_left_order(segment) if arabic else segment)
    return segments


def is_bullet(word: Word, line_height: float, settings: OcrSettings) -> bool:
    """A segment's first token that is a bullet as Tesseract reads one, or one or two glyphs far
    smaller than the line's letters ("8", "*؟" at bullet size)."""
    height = word.box[3] - word.box[1]
    return word.text in BULLET_GLYPHS or (
        len(word.text) <= 2 and height <= line_height * settings.bullet_height_ratio
    )


def has_bullet_mark(ink: np.ndarray, first: Word, line_height: int, settings: OcrSettings) -> bool:
    """A small solid blob just right of a segment's first (right-most) word, in the line's band: a
    bullet glyph Tesseract left out (it often does on scans)."""
    _, y0, x1, y1 = first.box
    band = ink[y0:y1, x1 + 2 : x1 + 2 + int(line_height * settings.bullet_reach_in_heights)]
    if band.size == 0:
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
    for _, _, width, height, area in stats[1:count]:
        if (
            3 <= height <= line_height * settings.bullet_height_ratio
            and 0.6 <= width / height <= 1.6
            and area >= 0.5 * width * height
        ):
            return True
    return False


def strip_bullet(segment: Segment, ink: np.ndarray, settings: OcrSettings) -> tuple[Segment, bool]:
    """The segment without its leading bullet glyph(s), and whether it is a bullet item (a glyph
    read as a token, or an unread blob right of its first word)."""
    height = median_height(segment)
    words = list(segment)
    glyph = False
    while len(words) > 1 and is_bullet(words[0], height, settings):
        words, glyph = words[1:], True
    if glyph or not is_right_to_left(words) or is_list_marker(words[:1]):
        return words, glyph
    return words, has_bullet_mark(ink, words[0], height, settings)


def line_segments(
    words: Sequence[Word], ink: np.ndarray, settings: OcrSettings
) -> list[tuple[Segment, bool]]:
    """One Tesseract line as (words, is bullet) segments in reading order."""
    segments = split_at_gaps(words, settings.segment_gap_in_heights)
    return [strip_bullet(segment, ink, settings) for segment in segments]
