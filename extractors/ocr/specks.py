"""Ink that makes a glyph, and words read from none.

Tesseract binarises every crop it is given by itself. On a blank cell of a noisy scan (grey uneven
paper, specks, JPEG grain) that threshold turns the grain into shapes and it reads them, sometimes
surely: the co-creation scan's empty domain cell on page 3 came back as "0 57 ١ 1 0 7 ..." (one
"0" at confidence 92), which started a group of proposals with a garbage domain and no outcome.
Our ink mask is thresholded over the whole page, where that grain stays paper; a word whose box
holds no blob a printed mark makes was read from nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extractors.ocr.engine import Word

# Blobs at 150 dpi: a letter or digit stroke is at least 8 px high with 20 px of ink (the smallest
# body text); a dash (the none mark "-") is wide and flat. A scan's specks are a few pixels across.
MIN_GLYPH_HEIGHT = 8
MIN_GLYPH_AREA = 20
MIN_DASH_WIDTH = 6
MIN_DASH_AREA = 8


def glyph_blobs(ink: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """(x, y, width, height, pixels) of the blobs of an ink mask's crop tall and full enough to be
    (part of) a glyph."""
    if ink.size == 0:
        return []
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return [
        (int(x), int(y), int(w), int(h), int(area))
        for x, y, w, h, area in stats[1:count]
        if h >= MIN_GLYPH_HEIGHT and area >= MIN_GLYPH_AREA
    ]


def has_glyphs(ink: np.ndarray) -> bool:
    """Ink of at least one glyph-sized blob (a lone digit), not only specks and noise."""
    return any(w >= 2 for _, _, w, _, _ in glyph_blobs(ink))


def glyph_band(ink: np.ndarray) -> tuple[int, int] | None:
    """Top and bottom rows (with half a glyph's height of margin) of the glyph-sized blobs of an
    ink mask's crop, or None when it holds none."""
    glyphs = glyph_blobs(ink)
    if not glyphs:
        return None
    height = max(h for _, _, _, h, _ in glyphs)
    top = min(y for _, y, _, _, _ in glyphs) - height // 2
    bottom = max(y + h for _, y, _, h, _ in glyphs) + height // 2
    return max(0, top), min(ink.shape[0], bottom)


def has_dash(ink: np.ndarray) -> bool:
    """A blob shaped as a dash: at least twice as wide as high."""
    if ink.size == 0:
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return any(
        w >= MIN_DASH_WIDTH and w >= 2 * h and area >= MIN_DASH_AREA for _, _, w, h, area in stats[1:count]
    )


def read_from_ink(word: Word, ink: np.ndarray) -> bool:
    """Whether the word's box holds a glyph or a dash in the page's ink mask."""
    x0, y0, x1, y1 = (max(0, int(v)) for v in word.box)
    crop = ink[y0 : y1 + 1, x0 : x1 + 1]
    return has_glyphs(crop) or has_dash(crop)


def inked_words(words: Sequence[Word], ink: np.ndarray) -> list[Word]:
    """The words read from printed marks; those read from paper grain dropped."""
    return [w for w in words if read_from_ink(w, ink)]
