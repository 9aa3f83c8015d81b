"""OCR extractor: scanned (image-only) PDF pages -> the same format-neutral ExtractedDocument.

Pages are rendered with pypdfium2, deskewed (scans arrive rotated up to ±0.7°) and read by
Tesseract (``engine``), one call per page with its own layout analysis (PSM 3). Each text line
becomes a Paragraph in Tesseract's reading order, with its page and position; a line starting
with a bullet glyph is a bullet paragraph. Every paragraph keeps Tesseract's mean word confidence,
so low-confidence text can be flagged downstream (kept raw, never guessed).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from extractors.base import file_sha256
from extractors.ocr.engine import Word, check_tesseract, read_words, tesseract_config
from extractors.ocr.render import ink_mask, render_pages, rotate, skew_angle
from extractors.ocr.settings import OcrSettings
from plans.model import Block, ExtractedDocument, Location, Paragraph

EXTRACTOR = "ocr/1"
DEFAULT_SETTINGS = OcrSettings()


def has_bullet_mark(ink: np.ndarray, first: Word, line_height: int, settings: OcrSettings) -> bool:
    """A small solid blob just right of a line's first (right-most) word, in the line's band: a
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


def is_bullet(word: Word, line_height: float, settings: OcrSettings) -> bool:
    """A line's first token that is a lone bullet-like glyph, smaller than the line's letters."""
    height = word.box[3] - word.box[1]
    return (
        len(word.text) == 1
        and word.text in settings.bullet_tokens
        and height <= line_height * settings.bullet_height_ratio
    )


def median_height(words: Sequence[Word]) -> int:
    heights = sorted(w.box[3] - w.box[1] for w in words)
    return heights[len(heights) // 2]


def segment_paragraph(words: Sequence[Word], bullet: bool, page: int, dpi: int) -> Paragraph:
    """One OCR'd line segment as a Paragraph, its mean word confidence kept."""
    top = min(w.box[1] for w in words)
    return Paragraph(
        " ".join(w.text for w in words),
        Location(page=page, top=round(top * 72 / dpi, 1)),
        bullet=bullet,
        confidence=round(sum(w.confidence for w in words) / len(words), 1),
    )


def split_at_gaps(words: Sequence[Word], max_gap_in_heights: float) -> list[list[Word]]:
    """A Tesseract line cut where two neighbouring words are far apart: Tesseract joins the lines
    of two slide boxes side by side into one ("أنشطة المشروع المدة الزمنية")."""
    heights = sorted(w.box[3] - w.box[1] for w in words)
    limit = heights[len(heights) // 2] * max_gap_in_heights
    segments: list[list[Word]] = [[words[0]]]
    for previous, word in itertools.pairwise(words):
        gap = max(previous.box[0] - word.box[2], word.box[0] - previous.box[2])
        if gap > limit:
            segments.append([])
        segments[-1].append(word)
    return segments


def segment_band(words: Sequence[Word], scale: float) -> tuple[float, float, float, float]:
    """The segment's box in points, cut to the middle of its height: ascenders and dots of one
    line reach into the next on scans, and the XY-cut needs lines that do not overlap."""
    top, bottom = min(w.box[1] for w in words), max(w.box[3] for w in words)
    middle, half = (top + bottom) / 2, (bottom - top) / 5
    x0, x1 = min(w.box[0] for w in words), max(w.box[2] for w in words)
    return (x0 * scale, (middle - half) * scale, x1 * scale, (middle + half) * scale)


def ocr_page(image: np.ndarray, page: int, settings: OcrSettings) -> tuple[list[Block], float]:
    """A page image's blocks in reading order, and the skew angle corrected (degrees)."""
    from extractors.pdf import reading_order  # the PDF extractor's right-to-left XY-cut

    angle = skew_angle(image, settings.max_skew_degrees, settings.skew_step_degrees)
    config = tesseract_config(settings.tessdata_dir(), settings.page_psm)
    image = rotate(image, angle)
    ink = ink_mask(image)
    lines: dict[int, list[Word]] = {}
    for word in read_words(image, settings.text_language, config, settings.dpi):
        lines.setdefault(word.line, []).append(word)
    scale = 72 / settings.dpi
    placed = []
    for words in lines.values():
        # The bullet glyph is dropped before the line is cut at gaps: it stands apart from its text.
        height = median_height(words)
        glyph = len(words) > 1 and is_bullet(words[0], height, settings)
        text_words = words[1:] if glyph else words
        bullet = glyph or has_bullet_mark(ink, text_words[0], height, settings)
        for n, segment in enumerate(split_at_gaps(text_words, settings.segment_gap_in_heights)):
            paragraph = segment_paragraph(segment, bullet and n == 0, page, settings.dpi)
            placed.append((segment_band(segment, scale), paragraph))
    try:
        ordered = reading_order(placed, settings.column_gap_points)
    except RecursionError:
        # The XY-cut cannot split boxes that overlap both ways (two OCR lines over one another):
        # fall back to top-to-bottom, right-to-left.
        ordered = sorted(placed, key=lambda item: (round(item[0][1]), -item[0][2]))
    return [block for _, block in ordered], angle


def ocr_pages(
    path: Path, settings: OcrSettings = DEFAULT_SETTINGS, pages: set[int] | None = None
) -> dict[int, tuple[list[Block], float]]:
    """Blocks and skew angle of each page (or only ``pages``), by page number."""
    return {
        number: ocr_page(image, number, settings) for number, image in render_pages(path, settings.dpi, pages)
    }


def extract_scanned_pdf(path: Path, settings: OcrSettings = DEFAULT_SETTINGS) -> ExtractedDocument:
    """Every page of an image-only PDF read by OCR."""
    check_tesseract(settings.tessdata_dir(), settings.text_language)
    pages = ocr_pages(path, settings)
    blocks = [block for number in sorted(pages) for block in pages[number][0]]
    skewed = [f"page {n}: deskewed by {a:+.1f}°" for n, (_, a) in sorted(pages.items()) if abs(a) >= 0.1]
    return ExtractedDocument(
        file_name=path.name,
        source_format="pdf",
        sha256=file_sha256(path),
        extractor=EXTRACTOR,
        pages_or_lines=len(pages),
        blocks=tuple(blocks),
        ocr_notes=(
            f"all pages read by OCR: no text layer (Tesseract {settings.text_language}, {settings.dpi} dpi)",
            *skewed,
        ),
        ocr_pages=tuple(sorted(pages)),
    )
