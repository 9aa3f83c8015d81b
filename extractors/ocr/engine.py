"""Tesseract (Debian's tesseract-ocr, through pytesseract): words with boxes and confidences.

The Debian CLI is used, not the tesserocr wheel: the wheel bundles its own Tesseract 5.5 build,
which returned no text at all for clean bold slide headings that the Debian 5.3 CLI reads. One call
per page keeps the cost of starting Tesseract and loading `ara` (~0.3 s) once per page.
OMP_THREAD_LIMIT=1 (STACK.md: threaded Tesseract on a loaded 2-core machine took 2.5-150 s a page
instead of 0.6 s) is passed to every call.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image

from extractors.base import NeedsOcr

# Tesseract wraps Latin runs of Arabic lines in direction marks; they are not text.
_DIRECTION_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0-100, Tesseract's
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels
    block: int
    paragraph: int
    line: int


def clean(text: str) -> str:
    return text.translate(_DIRECTION_MARKS).strip()


def check_tesseract(tessdata: str, languages: str) -> None:
    """Fail with what to install when the tesseract CLI or a language file is missing."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise NeedsOcr(
            "needs OCR but the tesseract program is not installed: install the Debian packages"
            " tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra (see README)"
        )
    for language in languages.split("+"):
        if not os.path.exists(os.path.join(tessdata, f"{language}.traineddata")):
            raise NeedsOcr(
                f"needs OCR in '{language}' but {tessdata} has no {language}.traineddata: install"
                f" tesseract-ocr-{language} or set TESSDATA_PREFIX"
            )


def tesseract_config(tessdata: str, psm: int) -> str:
    return f'--psm {psm} --tessdata-dir "{tessdata}"'


def read_words(image: np.ndarray, language: str, config: str, dpi: int) -> list[Word]:
    """Every word Tesseract finds in the image, in reading order (logical), numbered by line."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if image.ndim < 2 or min(image.shape[:2]) < 2:
        return []  # a crop cut to nothing at the page's edge
    picture = Image.fromarray(image)
    picture.info["dpi"] = (dpi, dpi)
    tsv = pytesseract.image_to_data(picture, lang=language, config=f"{config} --dpi {dpi}")
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue
        text = clean(fields[11])
        if not text:
            continue
        left, top, width, height = (int(v) for v in fields[6:10])
        # TSV numbers paragraphs and lines within their block/paragraph: make them page-wide keys.
        block, paragraph, line = int(fields[2]), int(fields[3]), int(fields[4])
        words.append(
            Word(
                text,
                float(fields[10]),
                (left, top, left + width, top + height),
                block,
                block * 1000 + paragraph,
                (block * 1000 + paragraph) * 1000 + line,
            )
        )
    return words
