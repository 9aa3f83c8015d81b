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
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np

from extractors.base import file_sha256
from extractors.ocr.engine import Word, check_tesseract, read_words, tesseract_config
from extractors.ocr.grid import ScannedTable, find_tables, text_lines, to_table, words_in
from extractors.ocr.lines import (
    is_list_marker,
    line_segments,
    mean_word_confidence,
    median_height,
    right_to_left_order,
    within,
)
from extractors.ocr.marks import (
    digit_glyphs,
    none_mark_shape,
    restore_decimal_mark,
    tall_characters,
    tallest_glyph,
)
from extractors.ocr.recover import Box, uncovered_lines
from extractors.ocr.render import dark_boxes, ink_mask, render_pages, rotate, skew_angle
from extractors.ocr.settings import OcrSettings
from extractors.ocr.specks import glyph_band, has_glyphs, inked_words
from extractors.pdf.tables import GridCell
from plans.model import Block, ExtractedDocument, Location, Paragraph

EXTRACTOR = "ocr/1"
DEFAULT_SETTINGS = OcrSettings()
_NUMBER = re.compile(r"\d[\d.,/]*")
_LIST_MARKER = re.compile(r"\d{1,2}[.\-)]?")
# What a figure cell may print (amounts, percentages, dates): what its second reading keeps.
FIGURE_CHARACTERS = "0123456789%.,/-"


def segment_paragraph(words: Sequence[Word], bullet: bool, page: int, dpi: int) -> Paragraph:
    """One OCR'd line segment as a Paragraph, its mean word confidence kept."""
    top = min(w.box[1] for w in words)
    return Paragraph(
        " ".join(w.text for w in words),
        Location(page=page, top=round(top * 72 / dpi, 1)),
        bullet=bullet,
        confidence=round(sum(w.confidence for w in words) / len(words), 1),
    )


def is_page_number(words: Sequence[Word], page_height: int, settings: OcrSettings) -> bool:
    """A lone number in the page's header or footer band: a page number, not content (dropped as
    the PDF extractor drops it: between two tables it would end a table continued over pages)."""
    text = "".join(w.text for w in words).strip()
    px = settings.dpi / 72
    top, bottom = min(w.box[1] for w in words), max(w.box[3] for w in words)
    in_band = (
        top < settings.header_band_points * px or bottom > page_height - settings.footer_band_points * px
    )
    return in_band and text.isdigit()


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
    scale: int = 1,
) -> list[Word]:
    """The words of one part of the page (noise words dropped), in page coordinates; read at
    ``scale`` times the scan's resolution when asked (small or bold print reads better so)."""
    x0, y0, x1, y1 = box
    x0, y0 = max(0, x0), max(0, y0)
    crop = image[y0:y1, x0:x1]
    if invert:
        crop = 255 - crop
    if scale > 1:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    config = tesseract_config(settings.tessdata_dir(), psm)
    return [
        replace(
            w,
            box=(
                w.box[0] // scale + x0,
                w.box[1] // scale + y0,
                w.box[2] // scale + x0,
                w.box[3] // scale + y0,
            ),
        )
        for w in read_words(crop, language or settings.text_language, config, settings.dpi * scale)
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


def line_in_dark_box(
    words: Sequence[Word], height: int, dark: tuple[int, int, int, int]
) -> tuple[int, int, int, int]:
    """Where a segment on a dark box is read again: its line, three line heights either side
    (digits `ara` dropped lie beside its words) and one above and below (light text needs dark
    paper around it: cut at a third of a height, "330000" read "p3330000" at 4 %), within the box.
    Never the whole box: a slide whose whole page is dark, read as one line, gave its footer's date
    in place of the section number ("5. تقديم" became "19/09/2023 تقديم")."""
    return (
        max(dark[0], min(w.box[0] for w in words) - 3 * height),
        max(dark[1], min(w.box[1] for w in words) - height),
        min(dark[2], max(w.box[2] for w in words) + 3 * height),
        min(dark[3], max(w.box[3] for w in words) + height),
    )


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
    region = box if dark is None else line_in_dark_box(words, height, dark)
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


def is_figure(words: Sequence[Word]) -> bool:
    """Words that print a figure only (an amount, a percentage, a date, a number): digits, no letter."""
    text = "".join(w.text for w in words)
    return bool(text) and any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def figure_words(words: Sequence[Word]) -> list[Word]:
    """Words of a digit-friendly reading: a word with Latin letters kept whole (a project code,
    "PO-24-25-CDAI-01", that `ara` reads as digits), others with only the characters figures print
    (a quote or colon read from a speck beside "5%" dropped), empty ones dropped. Tesseract's
    whitelist option would filter inside the engine but then reports confidence 0 for correct
    readings ("10%")."""
    kept = []
    for word in words:
        if any("a" <= ch.lower() <= "z" for ch in word.text):
            kept.append(word)
            continue
        text = "".join(ch for ch in word.text if ch in FIGURE_CHARACTERS)
        if any(ch.isdigit() for ch in text):
            kept.append(replace(word, text=text))
    return kept


def is_code(words: Sequence[Word]) -> bool:
    """A Latin code reading: Latin letters and digits, no Arabic ("PO-24-25-CDAI-01")."""
    text = "".join(w.text for w in words)
    latin = any("a" <= ch.lower() <= "z" for ch in text)
    return latin and any(ch.isdigit() for ch in text) and not any("\u0600" <= ch <= "\u06ff" for ch in text)


def read_figure(
    image: np.ndarray, box: tuple[int, int, int, int], settings: OcrSettings, psm: int | None = None
) -> list[Word]:
    """A figure read with the digit-friendly language: `ara` reads "30%" as "309" or "3056"."""
    x0, y0, x1, y1 = box
    crop = image[max(0, y0) : y1, max(0, x0) : x1]
    config = tesseract_config(settings.tessdata_dir(), psm or settings.box_psm)
    return [
        replace(w, box=(w.box[0] + x0, w.box[1] + y0, w.box[2] + x0, w.box[3] + y0))
        for w in figure_words(read_words(crop, settings.number_language, config, settings.dpi))
        if w.confidence >= settings.min_word_confidence
    ]


# What a project code's reading looks like ("PO-24-25-", "ENOVSP-", "24-25=05"): Latin letters before a
# dash, or two-digit groups joined by an equals sign (a date's dashes alone are no code).
_CODE_SHAPE = re.compile(r"[A-Za-z]{2,}-|\d\d=\d\d")


def may_be_code(words: Sequence[Word], settings: OcrSettings) -> bool:
    """A cell whose reading shows a code's shape, digits and dashes read unsure ("-0م.25ودوم" for
    "PO-24-25-PC-" at confidence 0), or anything read under ``code_look_below`` ("كد واد" for
    "PO-24-25-PC-08"): worth reading as a code."""
    text = "".join(w.text for w in words)
    unsure = any(w.confidence < settings.second_look_below and "-" in w.text for w in words)
    garbled = bool(words) and mean_word_confidence(words) < settings.code_look_below
    return bool(_CODE_SHAPE.search(text)) or (unsure and any(ch.isdigit() for ch in text)) or garbled


def read_code(image: np.ndarray, box: tuple[int, int, int, int], settings: OcrSettings) -> list[Word]:
    """A cell read as a project code, alone, at the scan's scale and at twice it: codes key a plan's
    projects, and the strip or the page pass loses their lines ("PO-24-25-PC-" / "0" on the strip
    for "PO-24-25-PC-" / "09"; "24-25=05" read at confidence 22, then 92 at twice the scale). The
    reading that keeps the most of a code, then the surest; empty when none is a code."""
    readings: list[list[Word]] = []
    for scale in (1, settings.enlarged_scale):
        if readings and not _CODE_SHAPE.search("".join(w.text for w in readings[0])):
            break  # no code at the scan's scale: not one (one reading, not two, for most cells)
        words = read_crop(
            image, box, settings, settings.box_psm, language=settings.number_language, scale=scale
        )
        # whole words: a code may print "=" ("PO-ENOVSP-24-25=05"), which figures do not
        readings.append([w for w in words if any(ch.isalnum() for ch in w.text)])
    codes = [r for r in readings if is_code(r) and _CODE_SHAPE.search("".join(w.text for w in r))]
    return max(codes, key=lambda r: (sum(len(w.text) for w in r), mean_word_confidence(r)), default=[])


def read_figure_enlarged(
    ink: np.ndarray, box: tuple[int, int, int, int], settings: OcrSettings
) -> list[Word]:
    """A figure cell read once more from the page's ink mask (black on white, the paper's grain
    left out: a crop's own threshold turns it into specks) at ``enlarged_scale``, as one line:
    small digits on grainy paper that the strip lost ("33" read "3", "44" read "الك") read whole."""
    x0, y0, x1, y1 = (max(0, v) for v in box)
    band = glyph_band(ink[y0:y1, x0:x1])
    if band is None:
        return []
    # Only the figure's own line: a speck above or below it makes a one-line reading fail.
    y0, y1 = y0 + band[0], y0 + band[1]
    crop = 255 - ink[y0:y1, x0:x1]
    pad, scale = 20, settings.enlarged_scale
    big = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    big = cv2.resize(big, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    config = tesseract_config(settings.tessdata_dir(), settings.line_psm)
    words = figure_words(read_words(big, settings.number_language, config, settings.dpi * scale))

    def back(v: int, offset: int) -> int:
        return round(v / scale) - pad + offset

    return [
        replace(w, box=(back(w.box[0], x0), back(w.box[1], y0), back(w.box[2], x0), back(w.box[3], y0)))
        for w in words
        if w.confidence >= settings.min_word_confidence
    ]


def figure_columns(table: ScannedTable, words: list[Word]) -> set[int]:
    """Grid columns whose body cells (below the header row) mostly print figures as the page pass
    read them: their cells are all read again as figures, the misread ones included ("ل" for "10%")."""
    columns: dict[int, list[bool]] = {}
    for cell in table.cells:
        inside = words_in(words, cell)
        if cell.row > 0 and cell.col_span == 1 and inside:
            columns.setdefault(cell.col, []).append(is_figure(inside))
    return {col: None for col, figures in columns.items() if sum(figures) * 2 > len(figures)}.keys()


def percentages_again(
    image: np.ndarray,
    inked_blanks: Sequence[tuple[GridCell, tuple[int, int, int, int]]],
    table: ScannedTable,
    again: dict[GridCell, list[Word]],
    words: list[Word],
    settings: OcrSettings,
) -> None:
    """Cells with ink that no reading gave a figure, in a column of percentages (as read so far),
    read with the figures: `ara` misses lone ones ("100%": the Dakhla scan's yearly rates). Only
    a percentage is taken: the same reading taken in every figure column lost 14 of the
    co-creation scan's 193 proposals."""
    columns: dict[int, list[bool]] = {}
    for cell in table.cells:
        text = "".join(w.text for w in again.get(cell) or words_in(words, cell))
        if cell.row > 0 and cell.col_span == 1 and text:
            columns.setdefault(cell.col, []).append("%" in text)
    percent_cols = {col for col, found in columns.items() if sum(found) * 2 > len(found)}
    cells = [
        (cell, box)
        for cell, box in inked_blanks
        if cell.col in percent_cols and not is_figure(again.get(cell) or words_in(words, cell))
    ]
    for (cell, _), figure in zip(cells, read_figures(image, [b for _, b in cells], settings), strict=True):
        if is_figure(figure) and "%" in "".join(w.text for w in figure):
            again[cell] = figure


def read_figures(
    image: np.ndarray, boxes: Sequence[tuple[int, int, int, int]], settings: OcrSettings
) -> list[list[Word]]:
    """Many figure cells read in one Tesseract call: their crops stacked on one strip, one above
    the other with a blank between, read with the figure whitelist, each word given back to the
    crop it lies on (page coordinates). One call instead of one per cell: starting Tesseract and
    loading a language costs more than reading a cell."""
    if not boxes:
        return []
    gap = 20
    crops = [image[max(0, y0) : y1, max(0, x0) : x1] for x0, y0, x1, y1 in boxes]
    width = max(c.shape[1] for c in crops) + 2 * gap
    height = sum(c.shape[0] + gap for c in crops) + gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    offsets = []
    top = gap
    for crop in crops:
        strip[top : top + crop.shape[0], gap : gap + crop.shape[1]] = crop
        offsets.append(top)
        top += crop.shape[0] + gap
    config = tesseract_config(settings.tessdata_dir(), settings.box_psm)
    found: list[list[Word]] = [[] for _ in boxes]
    for word in figure_words(read_words(strip, settings.number_language, config, settings.dpi)):
        middle = (word.box[1] + word.box[3]) / 2
        for n, (offset, crop) in enumerate(zip(offsets, crops, strict=True)):
            if offset <= middle < offset + crop.shape[0] and word.confidence >= settings.min_word_confidence:
                dx, dy = boxes[n][0] - gap, boxes[n][1] - offset
                found[n].append(
                    replace(
                        word, box=(word.box[0] + dx, word.box[1] + dy, word.box[2] + dx, word.box[3] + dy)
                    )
                )
    return found


# A date whose day or month has one digit where its other parts print two ("2024-12-1" for
# "2024-12-31"): a digit lost to touching ink, which a blob count cannot see.
_CLIPPED_DATE = re.compile(r"\d{4}([-/.])\d\d?\1\d\d?|\d\d?([-/.])\d\d?\2\d{4}")


def is_clipped_date(text: str) -> bool:
    match = _CLIPPED_DATE.fullmatch(text.strip())
    if not match:
        return False
    parts = re.split(r"[-/.]", text.strip())
    return any(len(p) == 1 for p in parts) and any(len(p) == 2 for p in parts)


_DIGIT_GROUP = re.compile(r"\d+(?:[.,]\d+)?%?")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?: \d{3})*(?:[.,]\d{1,3})?%?")


def left_to_right(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: w.box[0]))


def is_misgrouped(words: Sequence[Word]) -> bool:
    """Words of one figure that are digit groups but no number printed with its thousands apart
    ("2461 996.00" for "2 461 996.00": two groups read as one word, the number unreadable)."""
    texts = [w.text for w in words]
    groups = len(texts) >= 2 and all(_DIGIT_GROUP.fullmatch(t) for t in texts)
    return groups and not _GROUPED_NUMBER.fullmatch(left_to_right(words))


def flagged_unsure(words: list[Word], settings: OcrSettings) -> list[Word]:
    """The reading kept as read, at a confidence that flags it (``unsure_mark_confidence``)."""
    return [replace(w, confidence=min(w.confidence, settings.unsure_mark_confidence)) for w in words]


def digits_again(
    ink: np.ndarray,
    box: tuple[int, int, int, int],
    crop: np.ndarray,
    read: list[Word],
    settings: OcrSettings,
) -> list[Word] | None:
    """A figure cell whose reading lost a digit (fewer digits than the ink has digit blobs: "3"
    for "33") or is no figure at all though unsure ("الك" for "44"), read enlarged
    (``read_figure_enlarged``). The new reading replaces it when it is a figure with every digit
    blob, read at ``enlarged_keep_above`` or more; a figure that still lacks digits keeps its reading,
    flagged unsure. A figure whose groups make no number ("2461 996.00") is read enlarged too, and
    the new reading kept when it groups the same digits right ("2 461 996.00"), else flagged."""
    text = "".join(w.text for w in read)
    figure = is_figure(read)
    glyphs = digit_glyphs(crop, touching=text.replace("%", "").isdigit())
    if figure and is_misgrouped(read):
        enlarged = read_figure_enlarged(ink, box, settings)
        same = left_to_right(enlarged).replace(" ", "") == left_to_right(read).replace(" ", "")
        if enlarged and not is_misgrouped(enlarged) and same:
            return enlarged
        return flagged_unsure(read, settings)
    lost = figure and (glyphs > tall_characters(text) or is_clipped_date(text))
    unsure = bool(read) and mean_word_confidence(read) < settings.second_look_below
    unsure_text = not figure and unsure and glyphs
    if not (lost or unsure_text or (figure and unsure)):
        return None
    enlarged = read_figure_enlarged(ink, box, settings)
    if figure and unsure and not lost:
        # A figure read unsure ("7" at 72 for "2" on the Dakhla scan): an enlarged reading that
        # gives other digits is not taken either ("0.00" became "6.06" at 80+), but the two
        # readings disagreeing flag the value, kept as first read.
        if not is_figure(enlarged) or "".join(w.text for w in enlarged) == text:
            return None
        return flagged_unsure(read, settings)
    found = "".join(w.text for w in enlarged)
    whole = tall_characters(found) >= glyphs and not is_clipped_date(found)
    if is_figure(enlarged) and whole and mean_word_confidence(enlarged) >= settings.enlarged_keep_above:
        return enlarged
    if lost:
        return flagged_unsure(read, settings)
    return None


def marks_from_ink(
    image: np.ndarray,
    cells: Sequence[tuple[GridCell, tuple[int, int, int, int]]],
    again: dict[GridCell, list[Word]],
    words: list[Word],
    settings: OcrSettings,
    restored: list[str],
) -> None:
    """Figure cells read as digits only ("46", "01", "03%") checked against their ink (``marks``):
    the decimal mark Tesseract drops at 150 dpi is put back; a dash or star read as a digit ("1"
    for "-") becomes that mark, flagged by a low confidence, as is a reading whose mark-like speck
    lies at no place that can be established (kept as read). Each mark put back is said in
    ``restored`` ("46" -> "4.6", with the cell's place)."""
    readings = []
    for cell, (x0, y0, x1, y1) in cells:
        read = again.get(cell) or words_in(words, cell)
        text = "".join(w.text for w in sorted(read, key=lambda w: w.box[0]))
        digits = text.strip("%")
        if read and digits.isdigit() and len(text) - len(digits) <= 1:
            readings.append((cell, read, text, digits, image[max(0, y0) : y1, max(0, x0) : x1]))
    heights = sorted(h for *_, crop in readings if (h := tallest_glyph(crop)))
    if not heights:
        return
    digit_height = heights[len(heights) // 2]
    for cell, read, text, digits, crop in readings:
        confidence = min(w.confidence for w in read)
        shape = none_mark_shape(crop, digit_height)
        if shape is not None:
            corrected, confidence = shape, min(confidence, settings.unsure_mark_confidence)
        else:
            found = restore_decimal_mark(digits, crop)
            if not (found.restored or found.unsure):
                continue
            corrected = text.replace(digits, found.text)
            if found.unsure:
                confidence = min(confidence, settings.unsure_mark_confidence)
            else:
                restored.append(f"table cell row {cell.row} col {cell.col}: {text!r} read {corrected!r}")
        box = (
            min(w.box[0] for w in read),
            min(w.box[1] for w in read),
            max(w.box[2] for w in read),
            max(w.box[3] for w in read),
        )
        again[cell] = [replace(read[0], text=corrected, confidence=confidence, box=box)]


def read_cells_again(
    image: np.ndarray,
    ink: np.ndarray,
    table: ScannedTable,
    words: list[Word],
    settings: OcrSettings,
    restored: list[str],
) -> dict[GridCell, list[Word]]:
    """Cells of a scanned table read again on their own: figure cells (and every body cell of a
    column of figures) with the digit-friendly language, in one call (figures are the facts that
    must not be misread); a cell with ink but no word from the page pass, or read with low
    confidence, as a text block (PSM 6). The better reading is kept."""
    again: dict[GridCell, list[Word]] = {}
    figure_cols = figure_columns(table, words)
    figure_cells = []
    inked_blanks = []  # ink the page pass read nothing from, in a column of figures
    code_cells = []  # text cells that may print a project code `ara` garbled
    for cell in table.cells:
        inside = words_in(words, cell)
        x0, y0, x1, y1 = (int(v) for v in cell.bbox)
        inset = (x0 + 2, y0 + 2, x1 - 2, y1 - 2)
        # A code or figure `ara` could not read ("-0-24-25ه2" for "PO-24-25-"): digits, a stray letter.
        text = "".join(w.text for w in inside)
        unsure_digits = (
            any(ch.isdigit() for ch in text)
            and sum(ch.isalpha() for ch in text) <= 2
            and mean_word_confidence(inside) < settings.second_look_below
        )
        in_figure_column = inside and cell.row > 0 and cell.col in figure_cols and cell.col_span == 1
        if is_figure(inside) or in_figure_column or unsure_digits:
            figure_cells.append((cell, inset))
            continue
        if may_be_code(inside, settings):
            code_cells.append((cell, inset))
        if inside and mean_word_confidence(inside) >= settings.second_look_below:
            continue
        glyphs = bool(inside) or has_glyphs(ink[inset[1] : inset[3], inset[0] : inset[2]])
        if not glyphs:
            continue  # a blank cell
        if not inside and cell.row > 0 and cell.col in figure_cols and cell.col_span == 1:
            inked_blanks.append((cell, inset))
        read = read_crop(image, inset, settings, settings.box_psm)
        if not inside and not read:
            read = read_crop(image, inset, settings, settings.line_psm)  # a lone digit PSM 6 misses
        if not inside and is_figure(read):
            figure_cells.append((cell, inset))
            again[cell] = read  # unless the figure reading below reads it more surely
            continue
        kept = sum(len(w.text) for w in read) >= 0.8 * sum(len(w.text) for w in inside)
        if read and kept and mean_word_confidence(read) > mean_word_confidence(inside):
            again[cell] = read
    readings = read_figures(image, [b for _, b in figure_cells], settings)
    for (cell, box), figure in zip(figure_cells, readings, strict=True):
        inside = again.get(cell) or words_in(words, cell)
        if is_code(figure) or may_be_code(inside, settings):
            figure = read_code(image, box, settings) or figure
        # A figure the page pass read surely ("32" at 97) stays: the strip is not read better.
        # `ara` reads a percent sign as digits ("69" for "6%"): a reading that finds the sign wins.
        percent = "%" in "".join(w.text for w in figure) and "%" not in "".join(w.text for w in inside)
        # A code reading wins over the figure the page pass kept of it: "09" at 97 was all it read of
        # "PO-24-25-PC-" / "09" (the Aït Melloul scan's monitoring matrix lost five projects so).
        code = is_code(figure) and not is_code(inside)
        surer = (
            not is_figure(inside)
            or percent
            or code
            or mean_word_confidence(figure) > mean_word_confidence(inside)
        )
        if (is_figure(figure) or is_code(figure)) and surer:
            again[cell] = figure
    for cell, box in code_cells:
        if code := read_code(image, box, settings):
            again[cell] = code
    for cell, box in dict([*figure_cells, *inked_blanks]).items():
        crop = image[max(0, box[1]) : box[3], max(0, box[0]) : box[2]]
        if (
            read := digits_again(ink, box, crop, again.get(cell) or words_in(words, cell), settings)
        ) is not None:
            again[cell] = read
    marks_from_ink(image, figure_cells, again, words, settings, restored)
    percentages_again(image, inked_blanks, table, again, words, settings)
    for cell in table.cells:
        read = again.get(cell, words_in(words, cell))
        # A figure in a header is a year, read surely; one read unsure may be a label ("مجموع" read
        # "0" at confidence 30 on the action plan's scan, "جموع" at twice the scale).
        unsure_label = cell.row == 0 and mean_word_confidence(read) < settings.second_look_below
        # A project code in the second row is data (header labels print no code): `ara` at twice the
        # scale read "PO-24-25-PC-" / "0" as "09".
        if cell.row < settings.header_rows and (not is_figure(read) or unsure_label) and not is_code(read):
            header = read_header_cell(image, cell, again.get(cell) or words_in(words, cell), settings)
            if header is not None:
                again[cell] = header
    for cell in table.cells:
        lines = text_lines(again.get(cell, words_in(words, cell)))
        if not is_figure([w for line in lines for w in line]):
            mended = [leading_number_again(image, line, cell.bbox, settings) for line in lines]
            if mended != lines:
                again[cell] = [w for line in mended for w in line]
    for cell in table.cells:
        found = again.get(cell, words_in(words, cell))
        if len(kept := inked_words(found, ink)) < len(found):
            again[cell] = kept  # words read from paper grain (specks.py)
    return again


def read_header_cell(
    image: np.ndarray, cell: GridCell, inside: list[Word], settings: OcrSettings
) -> list[Word] | None:
    """A header cell read alone at twice the scale (bold labels in a header row read better so:
    "دمل المشريع" becomes "رص المشروع", "التكلفة التق التقد" "التكلفة التقديرية"); the reading,
    in page coordinates, when it is surer than the page pass's, else None."""
    if not inside or mean_word_confidence(inside) >= settings.header_keep_above:
        return None  # an empty header cell stays empty: shading read large gives letters
    x0, y0, x1, y1 = (int(v) for v in cell.bbox)
    inset = (x0 + 2, y0 + 2, x1 - 2, y1 - 2)
    if min(inset[2] - inset[0], inset[3] - inset[1]) < 2:
        return None
    read = read_crop(image, inset, settings, settings.box_psm, scale=2)
    if read and mean_word_confidence(read) > mean_word_confidence(inside):
        return read
    return None


def leading_number_again(
    image: np.ndarray, line: list[Word], cell_box: tuple[float, ...], settings: OcrSettings
) -> list[Word]:
    """An Arabic cell line opening with a short number ("3 تطوير الصفحة" for "13 تطوير الصفحة":
    `ara` drops digits) read again from that number to the cell's edge with the figure reading; the
    number is replaced when that finds one number with more digits."""
    ordered = right_to_left_order(line)
    first = ordered[0]
    if len(ordered) < 2 or not first.text.isdigit() or len(first.text) > 2:
        return line
    # From the next word to the cell's edge: the digits `ara` dropped lie in the gap beside it.
    box = (ordered[1].box[2] + 1, first.box[1] - 2, int(cell_box[2]) - 2, first.box[3] + 2)
    found = [w for w in read_figure(image, box, settings, settings.line_psm) if w.text.isdigit()]
    if (
        len(found) != 1
        or len(found[0].text) <= len(first.text)
        or found[0].confidence < settings.second_look_below
    ):
        return line
    return [replace(w, text=found[0].text, confidence=found[0].confidence) if w is first else w for w in line]


class PageReading(NamedTuple):
    """One page read by OCR: its blocks in reading order, the skew angle corrected (degrees), and
    the decimal marks put back from the ink (``marks_from_ink``), one line each."""

    blocks: list[Block]
    angle: float
    restored_marks: tuple[str, ...] = ()


def ocr_page(image: np.ndarray, page: int, settings: OcrSettings) -> PageReading:
    """A page image's blocks in reading order, the skew angle corrected and the marks put back."""
    from extractors.pdf import reading_order  # the PDF extractor's right-to-left XY-cut

    if np.count_nonzero(image < settings.darkest_paper) > settings.dark_page_share * image.size:
        # Printed light on dark edge to edge (a section slide): read as its negative, once. Read
        # as printed and then again inverted as one dark box it took twice as long and lost lines
        # ("3. قراءة للمرحلة الأولى", "شكرا على انتباهكم").
        image = 255 - image
    angle = skew_angle(image, settings.max_skew_degrees, settings.skew_step_degrees)
    config = tesseract_config(settings.tessdata_dir(), settings.page_psm)
    image = rotate(image, angle)
    ink = ink_mask(image)
    tables = find_tables(ink, settings) if settings.read_tables else []
    if tables:
        # The rules are erased before reading: Tesseract reads them as letters ("|", "ا").
        rules = np.bitwise_or.reduce([t.rules for t in tables])
        image = np.where(cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0, 255, image).astype(np.uint8)
        ink = ink_mask(image)
    lines: dict[int, list[Word]] = {}
    for word in read_words(image, settings.text_language, config, settings.dpi):
        lines.setdefault(word.line, []).append(word)
    boxes = dark_boxes(image, settings.darkest_paper, settings.min_dark_box_share)
    for n, box in enumerate(boxes):
        # Light text on a dark box: read again inverted; its lines replace what the page pass read
        # inside the box when they are read with more confidence.
        inside = [key for key, ws in lines.items() if all(within(w.box, box) for w in ws)]
        read = [w for k in inside for w in lines[k]]
        if read and min(w.confidence for w in read) >= settings.dark_box_keep_above:
            continue  # read surely already (Tesseract inverts unsure lines itself)
        inverted = read_crop(image, box, settings, settings.box_psm, invert=True)
        if mean_word_confidence(inverted) > mean_word_confidence(read):
            for key in inside:
                del lines[key]
            for word in inverted:
                lines.setdefault(-(n + 1) * 10_000 - word.line, []).append(word)
    table_boxes = [t.box for t in tables]
    if settings.recover_lost_lines:
        words = [w for ws in lines.values() for w in ws]
        lines |= recovered_lines(image, ink, words, [*boxes, *table_boxes], settings)
    scale = 72 / settings.dpi
    page_words = [w for ws in lines.values() for w in ws]
    placed_tables = []
    restored: list[str] = []
    for table in tables:
        marks: list[str] = []
        again = read_cells_again(image, ink, table, page_words, settings, marks)
        model, taken = to_table(table, page_words, again, page, settings.dpi, settings.cell_snap_pixels)
        restored.extend(f"page {page}, {m}" for m in marks)
        placed_tables.append((tuple(v * scale for v in table.box), model))
        lines = {k: kept for k, ws in lines.items() if (kept := [w for w in ws if id(w) not in taken])}
    placed = []
    for words in lines.values():
        for found, bullet in line_segments(words, ink, settings):
            segment = marker_second_look(image, found, settings)
            segment = digits_second_look(image, second_look(image, segment, settings), boxes, settings)
            paragraph = segment_paragraph(segment, bullet, page, settings.dpi)
            if not is_page_number(segment, image.shape[0], settings):
                placed.append((segment_band(segment, scale), paragraph))
    placed = join_list_markers(placed) + placed_tables
    try:
        ordered = reading_order(placed, settings.column_gap_points)
    except RecursionError:
        # The XY-cut cannot split boxes that overlap both ways (two OCR lines over one another):
        # fall back to top-to-bottom, right-to-left.
        ordered = sorted(placed, key=lambda item: (round(item[0][1]), -item[0][2]))
    return PageReading([block for _, block in ordered], angle, tuple(restored))


def ocr_pages(
    path: Path, settings: OcrSettings = DEFAULT_SETTINGS, pages: set[int] | None = None
) -> dict[int, PageReading]:
    """Each page read (or only ``pages``), by page number, ``settings.page_threads()`` at a time.

    Pages are rendered here, one after the other (pdfium is not thread-safe), and read in worker
    threads; at most twice as many rendered pages as threads wait, so memory stays a few pages'
    whatever the document's length."""
    threads = settings.page_threads()
    read: dict[int, PageReading] = {}
    with ThreadPoolExecutor(threads, thread_name_prefix="ocr-page") as pool:
        waiting: dict[Future[PageReading], int] = {}
        for number, image in render_pages(path, settings.dpi, pages):
            if len(waiting) >= 2 * threads:
                done, _ = wait(waiting, return_when=FIRST_COMPLETED)
                for future in done:
                    read[waiting.pop(future)] = future.result()
            waiting[pool.submit(ocr_page, image, number, settings)] = number
        for future, number in waiting.items():
            read[number] = future.result()
    return dict(sorted(read.items()))


def restored_mark_notes(pages: dict[int, PageReading]) -> tuple[str, ...]:
    """One OCR note per decimal mark put back from the ink, in page order."""
    marks = (m for n in sorted(pages) for m in pages[n].restored_marks)
    return tuple(f"decimal mark put back from the ink: {m}" for m in marks)


def extract_scanned_pdf(path: Path, settings: OcrSettings = DEFAULT_SETTINGS) -> ExtractedDocument:
    """Every page of an image-only PDF read by OCR."""
    check_tesseract(settings.tessdata_dir(), settings.text_language)
    pages = ocr_pages(path, settings)
    from extractors.pdf import numbered_tables

    blocks = numbered_tables([block for number in sorted(pages) for block in pages[number].blocks])
    skewed = [
        f"page {n}: deskewed by {r.angle:+.1f}°" for n, r in sorted(pages.items()) if abs(r.angle) >= 0.1
    ]
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
            *restored_mark_notes(pages),
        ),
        ocr_pages=tuple(sorted(pages)),
    )
