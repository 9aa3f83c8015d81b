"""Decimal marks Tesseract drops, found in the ink.

At the scans' 150 dpi a decimal point is a speck of about 3 x 2 pixels: Tesseract reads "4.6" as
"46" and "0.1" as "01" with confidence over 95, and no language, scale or binarisation reads every
one back (measured on the Dakhla scan: each setting finds some marks and loses others). The mark is
plain in the ink, though: a small blob on the digits' baseline, between two of them. No library
does this check, hence this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A blob at least this share of the tallest blob's height is (part of) a digit.
DIGIT_HEIGHT_SHARE = 0.6
# A mark is at most this share of a digit's height wide and high, sits with its bottom within
# this share of the digits' baseline, and has at least MIN_MARK_PIXELS pixels (specks have fewer).
MAX_MARK_SHARE = 0.35
BASELINE_TOLERANCE_SHARE = 0.25
MIN_MARK_PIXELS = 4
# When digits touch (one blob for "44"), the mark's place is estimated from the digits' span; an
# estimate farther than this from a whole digit count is not trusted.
MAX_PLACE_ERROR = 0.25
# Serif fonts print "1" and "4" on a foot bar: its overhang beside the stem looks like a point
# touching the digit ("17" was read "1.7", "100%" "1.00%" on the Aït Melloul scan). An overhang
# of a "1" or "4" up to this share of the digit height is the serif; a wider one may be a point
# joined to the serif, which cannot be told apart: the reading is flagged, not changed.
SERIFED_DIGITS = "14"
MAX_SERIF_SHARE = 0.2


@dataclass(frozen=True)
class MarkReading:
    """What the ink says of a figure read as digits only."""

    text: str  # the digits with the mark put back, or as read when none is found or it is unsure
    restored: bool  # a mark was put back
    unsure: bool  # a mark-like blob lies between the digits but its place cannot be established


def _ink(crop: np.ndarray) -> np.ndarray:
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _blobs(crop: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """(x, y, width, height, pixels) of the ink blobs of a grey crop, left to right."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(_ink(crop), connectivity=8)
    return sorted((tuple(int(v) for v in s) for s in stats[1:count]), key=lambda b: b[0])


def _foot_width(columns: np.ndarray, baseline: int, height: int) -> int:
    """How many of these ink columns (leading first) hold ink only near the baseline: a mark
    touching the digit beside it ("1.2" printed so close that "." and "2" are one blob)."""
    width = 0
    for column in columns.T:
        rows = np.flatnonzero(column)
        if not len(rows) or rows[0] < baseline - BASELINE_TOLERANCE_SHARE * height:
            break
        width += 1
    return width


@dataclass(frozen=True)
class Foot:
    """Ink only near the baseline on one side of a digit blob: a mark joined to it, or a serif."""

    x: float  # the blob's edge the foot lies on
    width: int
    glyph: int  # index of the blob, left to right


def _feet(ink: np.ndarray, glyphs: list, baseline: int, height: int) -> list[Foot]:
    """The feet of the digit blobs, found by their leading and trailing columns."""
    found = []
    for index, (x, y, w, h, _) in enumerate(glyphs):
        region = ink[y : y + h, x : x + w]
        for columns, at in ((region, x), (region[:, ::-1], x + w)):
            foot = _foot_width(columns, baseline - y, height)
            if 2 <= foot <= MAX_MARK_SHARE * height and foot < w / 2:
                found.append(Foot(float(at), foot, index))
    return found


def _attached_marks(feet: list[Foot], digits: str, glyph_count: int, height: int) -> tuple[list[float], bool]:
    """x of each foot that is a mark joined to a digit, and whether one may be a serif instead."""
    places, unsure = [], False
    for foot in feet:
        if glyph_count != len(digits):
            # Touching digits: which digit the foot belongs to is not known.
            unsure = unsure or any(d in SERIFED_DIGITS for d in digits)
        elif digits[foot.glyph] in SERIFED_DIGITS:
            if foot.width <= MAX_SERIF_SHARE * height:
                continue
            unsure = True
        places.append(foot.x)
    return places, unsure


def restore_decimal_mark(digits: str, crop: np.ndarray) -> MarkReading:
    """The figure ``digits`` (as read, digits only) with the decimal mark its ink shows put back."""
    as_read = MarkReading(digits, restored=False, unsure=False)
    if len(digits) < 2 or not digits.isdigit() or crop.size == 0 or int(crop.min()) == int(crop.max()):
        return as_read
    ink = _ink(crop)
    blobs = _blobs(crop)
    height = max((b[3] for b in blobs), default=0)
    glyphs = [b for b in blobs if b[3] >= DIGIT_HEIGHT_SHARE * height]
    if height < 8 or not glyphs:
        return as_read
    top = min(b[1] for b in glyphs)
    baseline = max(b[1] + b[3] for b in glyphs)
    if baseline - top > 1.5 * height:
        return as_read  # the digits lie on more than one line
    left, right = glyphs[0][0], max(b[0] + b[2] for b in glyphs)
    marks = [
        b
        for b in blobs
        if b[2] <= MAX_MARK_SHARE * height
        and b[3] <= MAX_MARK_SHARE * height
        and b[4] >= MIN_MARK_PIXELS
        and abs(b[1] + b[3] - baseline) <= BASELINE_TOLERANCE_SHARE * height
        and left < b[0]
        and b[0] + b[2] < right
        and not any(g[0] < b[0] + b[2] and b[0] < g[0] + g[2] for g in glyphs)  # in a gap
    ]
    places = [m[0] + m[2] / 2 for m in marks]
    serif_or_mark = False
    if not marks:
        feet = [f for f in _feet(ink, glyphs, baseline, height) if left < f.x < right]
        places, serif_or_mark = _attached_marks(feet, digits, len(glyphs), height)
    if not places:
        return as_read
    if len(places) > 1 or serif_or_mark:
        return MarkReading(digits, restored=False, unsure=True)
    place = places[0]
    if len(glyphs) == len(digits):
        before = sum(g[0] + g[2] / 2 < place for g in glyphs)
    else:
        # Touching digits: place the mark by where it falls in the digits' span.
        estimate = len(digits) * (place - left) / (right - left)
        before = round(estimate)
        if abs(estimate - before) > MAX_PLACE_ERROR or not 0 < before < len(digits):
            return MarkReading(digits, restored=False, unsure=True)
    comma = bool(marks) and marks[0][1] + marks[0][3] > baseline + 1 and marks[0][3] > marks[0][2]
    return MarkReading(
        f"{digits[:before]}{',' if comma else '.'}{digits[before:]}", restored=True, unsure=False
    )


# A digit is about 0.5-0.7 of its height wide ("1" less), a percent sign under 1: a blob this share
# of its height wide or wider is two digits touching.
TOUCHING_DIGITS_WIDTH_SHARE = 1.15


def digit_glyphs(crop: np.ndarray, touching: bool) -> int:
    """How many separate digit-sized blobs a figure's crop holds: a reading with fewer digits lost
    one (the co-creation scan's "33" read "3" at confidence 67). Touching digits make one blob;
    with ``touching`` (a reading of digits only) a blob wider than ``TOUCHING_DIGITS_WIDTH_SHARE``
    of its height counts two ("44" read "4"); not for dates and amounts, where a dash or mark
    joined to a digit widens it as much ("4-" of "2024-12-31"). The count is a floor of the
    digits printed (a percent sign or slash counts one)."""
    if crop.size == 0 or int(crop.min()) == int(crop.max()):
        return 0
    blobs = [b for b in _blobs(crop) if b[4] >= MIN_MARK_PIXELS]
    height = max((b[3] for b in blobs), default=0)
    if height < 8:
        return 0
    glyphs = [b for b in blobs if b[3] >= DIGIT_HEIGHT_SHARE * height]
    top = min(b[1] for b in glyphs)
    if max(b[1] + b[3] for b in glyphs) - top > 1.5 * height:
        return 0  # more than one line: not one figure
    return sum(2 if touching and b[2] >= TOUCHING_DIGITS_WIDTH_SHARE * b[3] else 1 for b in glyphs)


def tall_characters(text: str) -> int:
    """How many of a figure's characters print as a blob of a digit's height: digits, "%" and "/"
    (a point, comma or dash is far shorter). ``digit_glyphs`` of its ink should not exceed it."""
    return sum(ch.isdigit() or ch in "%/" for ch in text)


# Ink under this share of the table's digit height is no digit: a dash or a star the cell prints
# for "none", which Tesseract reads as "1", "2" or "5" (the Dakhla scan's "-" and "*").
MAX_NONE_MARK_HEIGHT_SHARE = 0.6


def tallest_glyph(crop: np.ndarray) -> int:
    """Height in pixels of the tallest ink blob of a crop (0 when blank)."""
    if crop.size == 0 or int(crop.min()) == int(crop.max()):
        return 0
    return max((b[3] for b in _blobs(crop) if b[4] >= MIN_MARK_PIXELS), default=0)


def none_mark_shape(crop: np.ndarray, digit_height: float) -> str | None:
    """ "-" or "*" when a crop read as a figure holds only ink far shorter than the table's digits
    (``digit_height``, e.g. the median of its figure cells' ``tallest_glyph``); None otherwise."""
    blobs = [b for b in _blobs(crop) if b[4] >= MIN_MARK_PIXELS] if crop.size else []
    if not blobs or max(b[3] for b in blobs) >= MAX_NONE_MARK_HEIGHT_SHARE * digit_height:
        return None
    largest = max(blobs, key=lambda b: b[4])
    return "-" if largest[2] >= 1.5 * largest[3] else "*"
