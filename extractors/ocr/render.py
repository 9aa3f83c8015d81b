"""PDF pages to grey images (pypdfium2) and the deskew of small rotations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from extractors.base import ExtractionError


def page_count(path: Path) -> int:
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(f"not a readable PDF: {error}") from error
    try:
        return len(pdf)
    finally:
        pdf.close()


def render_pages(path: Path, dpi: int, pages: set[int] | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """(1-based page number, 8-bit grey image) for each page (or only ``pages``), one at a time."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(f"not a readable PDF: {error}") from error
    try:
        for index in range(len(pdf)):
            if pages is not None and index + 1 not in pages:
                continue
            page = pdf[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = np.array(bitmap.to_pil().convert("L"))
            page.close()
            yield index + 1, image
    finally:
        pdf.close()


def ink_mask(image: np.ndarray) -> np.ndarray:
    """Dark pixels (text, rules) as 255 on 0, by Otsu's threshold (paper tone varies per scan)."""
    _, mask = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def row_sharpness(small: np.ndarray, angle: float) -> float:
    """How sharp the text rows of a mask are once rotated by ``angle``: the variance of its row
    profile (highest when lines of text are horizontal)."""
    height, width = small.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    rotated = cv2.warpAffine(small, matrix, (width, height), flags=cv2.INTER_NEAREST)
    return float(np.var(rotated.sum(axis=1, dtype=np.float64)))


def skew_angle(image: np.ndarray, max_degrees: float, step: float, coarse_steps: int = 5) -> float:
    """The rotation (degrees) that makes text rows sharpest, searched over ``step``-spaced angles
    within ``max_degrees``. Measured on a half-size ink mask to keep it cheap, and coarse to fine:
    every ``coarse_steps``-th angle first, then every angle around the sharpest of those (sharpness
    rises steadily towards the true angle within a coarse step: 18 rotations instead of 41, the
    same angle on every page of the corpus's scans)."""
    small = cv2.resize(ink_mask(image), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    angles = np.arange(-max_degrees, max_degrees + step / 2, step)
    scores: dict[int, float] = {}

    def sharpest(indexes: range) -> int:
        best = -1
        for index in indexes:
            if index not in scores:
                scores[index] = row_sharpness(small, float(angles[index]))
            if best < 0 or scores[index] > scores[best]:
                best = index
        return best

    last = len(angles) - 1
    coarse = sharpest(range(0, last + 1, coarse_steps))
    best = sharpest(range(max(0, coarse - coarse_steps + 1), min(last, coarse + coarse_steps - 1) + 1))
    return round(float(angles[best]), 2)


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    """The image rotated by ``angle`` degrees about its centre, corners filled with white paper."""
    if angle == 0:
        return image
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        image,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def dark_boxes(
    image: np.ndarray, darkest_paper: int, min_box_share: float
) -> list[tuple[int, int, int, int]]:
    """Filled dark boxes (slide title bars, a highlighted total) that hold light text, as
    (x0, y0, x1, y1): dark components filling most of their rectangle and at least
    ``min_box_share`` of the page wide; glyphs never fill their rectangle at that size."""
    dark = (image < darkest_paper).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height, width = image.shape
    return [
        (int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h, area in stats[1:count]
        if w >= width * min_box_share and h >= height * min_box_share / 3 and area >= 0.6 * w * h
    ]
