"""Text Tesseract's page pass left out: ink no word covers, read again line by line.

Tesseract's layout analysis sometimes drops a whole line of a slide box ("تاريخ النهاية : 31/12/2025"
beside a long bullet list), silently. Every ink blob the size of a text line that no word box covers
is read again on its own (one line, PSM 7), so a printed fact is read or, when it stays unreadable,
kept with its low confidence for the interpreters to flag.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extractors.ocr.engine import Word
from extractors.ocr.lines import median_height

Box = tuple[int, int, int, int]


def coverage(shape: tuple[int, ...], words: Sequence[Word], boxes: Sequence[Box]) -> np.ndarray:
    """255 where a word (with a margin for its dots and marks) or a filled dark box lies."""
    cover = np.zeros(shape[:2], dtype=np.uint8)
    for word in words:
        x0, y0, x1, y1 = word.box
        margin = (y1 - y0) // 3
        cover[max(0, y0 - margin) : y1 + margin, max(0, x0 - margin) : x1 + margin] = 255
    for x0, y0, x1, y1 in boxes:
        cover[y0:y1, x0:x1] = 255
    return cover


def uncovered_lines(
    ink: np.ndarray,
    words: Sequence[Word],
    boxes: Sequence[Box],
    min_width_in_heights: float,
    min_ink_share: float,
) -> list[Box]:
    """Boxes of line-sized ink that no word covers, top to bottom. Blobs are joined along the line
    (letters and words of one line), then kept when they are as tall as a text line (not specks,
    not rules or box outlines) and wide enough to be words."""
    if not words:
        return []
    height = median_height(words)
    left = cv2.bitwise_and(ink, cv2.bitwise_not(coverage(ink.shape, words, boxes)))
    joined = cv2.dilate(left, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, height // 2), 3)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found = []
    for x, y, w, h, _ in stats[1:count]:
        if not (0.6 * height <= h <= 2.0 * height and w >= min_width_in_heights * height):
            continue
        if (left[y : y + h, x : x + w] > 0).mean() < min_ink_share:
            continue
        found.append((int(x), int(y), int(x + w), int(y + h)))
    return sorted(found, key=lambda b: (b[1], -b[2]))
