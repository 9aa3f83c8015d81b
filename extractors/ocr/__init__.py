"""OCR extractor: scanned (image-only) PDF pages -> the same format-neutral ExtractedDocument.

Pages are rendered with pypdfium2, deskewed (scans arrive rotated up to ±0.7°) and read by
Tesseract (``engine``), one call per page with its own layout analysis (PSM 3). Each text line
becomes a Paragraph in Tesseract's reading order, with its page and position; a line starting
with a bullet glyph is a bullet paragraph. Every paragraph keeps Tesseract's mean word confidence,
so low-confidence text can be flagged downstream (kept raw, never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from extractors.base import file_sha256
from extractors.ocr.engine import Word, check_tesseract, read_words, tesseract_config
from extractors.ocr.lines import (
    is_list_marker,
    line_segments,
    mean_word_confidence,
    median_height,
    within,
)
from extractors.ocr.recover import Box, uncovered_lines
from extractors.ocr.render import dark_boxes, ink_mask, render_pages, rotate, skew_angle
from extractors.ocr.settings import OcrSettings
from plans.model import Block, ExtractedDocument, Location, Paragraph

EXTRACTOR = "ocr/1"
DEFAULT_SETTINGS = OcrSettings()
_NUMBER = re.compile(r"\d[\d.,/]*")
_LIST_MARKER = re.compile(r"\d{1,2}[.\-)]?")


def segment_paragraph(words: Sequence[Word], bullet: bool, page: int, dpi: int) -> Paragraph:
    """One OCR'd line segment as a Paragraph, its mean word confidence kept."""
    top = min(w.box[1] for w in words)
    return Paragraph(
        " ".join(w.text for w in words),
        Location(page=page, top=round(top * 72 / dpi, 1)),
        bullet=bullet,
        confidence=round(sum(w.confidence for w in words) / len(words), 1),
    )


def segment_band(words: Sequence[Word], scale: float) -> tuple[float, float, float, float]:
    """The segment's box in points, cut to the middle of its height: ascenders and dots of one
    line reach into the next on scans, and the XY-cut needs lines that do not overlap."""
    top, bottom = min(w.box[1] for w in words), max(w.box[3] for w in words)
    middle, half = (top + bottom) / 2, (bottom - top) / 5
    x0, x1 = min(w.box[0] for w in words), max(w.box[2] for w in words)
    return (x0 * scale, (middle - half) * scale, x1 * scale, (middle + half) * scale)


def read_crop(
    image: np.ndarray,
    box: tuple[int, int, int, int],
    settings: OcrSettings,
    psm: int,
    invert: bool = False,
    language: str | None = None,
) -> list[Word]:
    """The words of one part of the page (noise words dropped), in page coordinates."""
    x0, y0, x1, y1 = box
    x0, y0 = max(0, x0), max(0, y0)
    crop = image[y0:y1, x0:x1]
    if invert:
        crop = 255 - crop
    config = tesseract_config(settings.tessdata_dir(), psm)
    return [
        replace(w, box=(w.box[0] + x0, w.box[1] + y0, w.box[2] + x0, w.box[3] + y0))
        for w in read_words(crop, language or settings.text_language, config, settings.dpi)
        if w.confidence >= settings.min_word_confidence
    ]


def second_look(image: np.ndarray, words: list[Word], settings: OcrSettings) -> list[Word]:
    """A line segment read with low confidence, read again alone (PSM 7, a little margin), and the
    better of the two readings."""
    if mean_word_confidence(words) >= settings.second_look_below:
        return words
    height = median_height(words)
    box = (
        min(w.box[0] for w in words) - height,
        min(w.box[1] for w in words) - height // 3,
        max(w.box[2] for w in words) + height,
        max(w.box[3] for w in words) + height // 3,
    )
    again = read_crop(image, box, settings, settings.line_psm)
    # A shorter reading is not a better one: the second look must keep most of what the first
    # found (in characters: noise reads as many one-glyph words).
    kept = sum(len(w.text) for w in again) >= 0.8 * sum(len(w.text) for w in words)
    better = kept and mean_word_confidence(again) > mean_word_confidence(words)
    return again if better else words


def short_number_index(words: Sequence[Word]) -> int | None:
    """The one number of a segment with other words when it is only one or two digits long."""
    numbers = [i for i, w in enumerate(words) if _NUMBER.fullmatch(w.text)]
    if len(words) < 2 or len(numbers) != 1 or len(words[numbers[0]].text) > 2:
        return None
    return numbers[0]


def digits_second_look(
    image: np.ndarray, words: list[Word], boxes: Sequence[tuple[int, int, int, int]], settings: OcrSettings
) -> list[Word]:
    """`ara` drops digits of large numbers ("330000 درهم" read "0 درهم", STACK.md): a segment
    whose only number is one or two digits long is read again with the digit-friendly language,
    and its number replaced when that reading finds one number with more digits."""
    index = short_number_index(words)
    if index is None:
        return words
    height = median_height(words)
    box = (
        min(w.box[0] for w in words) - 3 * height,
        min(w.box[1] for w in words) - height // 3,
        max(w.box[2] for w in words) + 3 * height,
        max(w.box[3] for w in words) + height // 3,
    )
    dark = next((b for b in boxes if within(words[index].box, b)), None)
    region = dark or box
    config = tesseract_config(settings.tessdata_dir(), settings.line_psm)
    x0, y0 = max(0, region[0]), max(0, region[1])
    crop = image[y0 : region[3], x0 : region[2]]
    numbers = [
        w
        for w in read_words(255 - crop if dark else crop, settings.number_language, config, settings.dpi)
        if _NUMBER.fullmatch(w.text) and len(w.text) > len(words[index].text)
    ]
    if len(numbers) != 1 or numbers[0].confidence < settings.second_look_below:
        return words
    found = numbers[0]
    return [
        *words[:index],
        replace(words[index], text=found.text, confidence=found.confidence),
        *words[index + 1 :],
    ]


Placed = tuple[tuple[float, float, float, float], Paragraph]


def join_list_markers(placed: list[Placed]) -> list[Placed]:
    """A numbered list's item numbers that Tesseract read as lines of their own ("1", then
    "المدينة الخضراء ؛" beside it) put back before their item's text ("1. المدينة الخضراء ؛")."""
    markers = [item for item in placed if _LIST_MARKER.fullmatch(item[1].text)]
    joined: dict[int, Placed] = {}
    used: set[int] = set()
    for box, marker in markers:
        beside = [
            (box[0] - other[0][2], n)
            for n, other in enumerate(placed)
            if other[1] is not marker
            and n not in joined
            and other[0][2] <= box[0] + 1
            and other[0][1] < box[3]
            and other[0][3] > box[1]
        ]
        if not beside:
            continue
        _, n = min(beside)
        other_box, item = placed[n]
        number = marker.text.rstrip(".-)")
        text = f"{number}. {item.text}"
        confidence = min(c for c in (marker.confidence, item.confidence) if c is not None)
        merged = (
            (other_box[0], min(box[1], other_box[1]), box[2], max(box[3], other_box[3])),
            replace(item, text=text, bullet=False, confidence=confidence),
        )
        joined[n] = merged
        used.add(id(marker))
    return [joined.get(n, item) for n, item in enumerate(placed) if id(item[1]) not in used]


def marker_second_look(image: np.ndarray, words: list[Word], settings: OcrSettings) -> list[Word]:
    """An item number opening a segment read with low confidence ("0." for "10."), read again alone
    with the digit-friendly language; that reading replaces it when it is an item number read more
    surely."""
    if not is_list_marker(words[:1]) or words[0].confidence >= settings.second_look_below:
        return words
    # The word's own box, no margin: with one, the neighbouring letters are read as digits.
    again = read_crop(image, words[0].box, settings, settings.line_psm, language=settings.number_language)
    digits = again[0].text.strip(".-)") if len(again) == 1 else ""
    if not (digits.isdigit() and len(digits) <= 2 and again[0].confidence > words[0].confidence):
        return words
    number = words[0].text.rstrip(".-)")
    marker = digits + words[0].text[len(number) :]
    return [replace(words[0], text=marker, confidence=again[0].confidence), *words[1:]]


def recovered_lines(
    image: np.ndarray, ink: np.ndarray, words: list[Word], boxes: list[Box], settings: OcrSettings
) -> dict[int, list[Word]]:
    """Lines of ink the page pass left without words, each read on its own (``recover``)."""
    found: dict[int, list[Word]] = {}
    for n, box in enumerate(
        uncovered_lines(
            ink, words, boxes, settings.min_lost_line_width_in_heights, settings.min_lost_line_ink
        )
    ):
        height = box[3] - box[1]
        padded = (box[0] - height // 2, box[1] - height // 4, box[2] + height // 2, box[3] + height // 4)
        read = read_crop(image, padded, settings, settings.line_psm)
        if read:
            found[-(n + 1) * 1_000_000] = read
    return found


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
    boxes = dark_boxes(image, settings.darkest_paper, settings.min_dark_box_share)
    for n, box in enumerate(boxes):
        # Light text on a dark box: read again inverted; its lines replace what the page pass read
        # inside the box when they are read with more confidence.
        inside = [key for key, ws in lines.items() if all(within(w.box, box) for w in ws)]
        inverted = read_crop(image, box, settings, settings.box_psm, invert=True)
        if mean_word_confidence(inverted) > mean_word_confidence([w for k in inside for w in lines[k]]):
            for key in inside:
                del lines[key]
            for word in inverted:
                lines.setdefault(-(n + 1) * 10_000 - word.line, []).append(word)
    if settings.recover_lost_lines:
        lines |= recovered_lines(image, ink, [w for ws in lines.values() for w in ws], boxes, settings)
    scale = 72 / settings.dpi
    placed = []
    for words in lines.values():
        for found, bullet in line_segments(words, ink, settings):
            segment = marker_second_look(image, found, settings)
            segment = digits_second_look(image, second_look(image, segment, settings), boxes, settings)
            paragraph = segment_paragraph(segment, bullet, page, settings.dpi)
            placed.append((segment_band(segment, scale), paragraph))
    placed = join_list_markers(placed)
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
