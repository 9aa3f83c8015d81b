"""Tesseract (Debian's tesseract-ocr): words with boxes and confidences.

Debian's Tesseract is used, not the tesserocr wheel: the wheel bundles its own Tesseract 5.5 build,
which returned no text at all for clean bold slide headings that the Debian 5.3 CLI reads.
Debian's library (libtesseract5, which the ``tesseract`` program is built on) is called in this
process through its C API (ctypes), engines loaded once and kept (per language, as many as
readings ran at once): a ``tesseract``
run per reading (pytesseract) spends ~0.2-0.3 s starting and loading its language, more than
reading a line or a cell costs, and a page takes a dozen readings. Same library, same settings,
same TSV: the words are those the CLI gives (tests/test_ocr_engine.py). Where the library cannot
be loaded, the CLI is run through pytesseract instead.
OMP_THREAD_LIMIT=1 (STACK.md: threaded Tesseract on a loaded 2-core machine took 2.5-150 s a page
instead of 0.6 s) is set before the library (and its OpenMP) is loaded, and passed to every CLI run.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


@dataclass(frozen=True)
class TesseractConfig:
    """How one reading is made: where the language files are, Tesseract's page segmentation mode."""

    tessdata: str
    psm: int

    def cli_options(self, dpi: int) -> str:
        return f'--psm {self.psm} --tessdata-dir "{self.tessdata}" --dpi {dpi}'


def clean(text: str) -> str:
    return text.translate(_DIRECTION_MARKS).strip()


def tesseract_config(tessdata: str, psm: int) -> TesseractConfig:
    return TesseractConfig(tessdata, psm)


@functools.cache
def library() -> ctypes.CDLL | None:
    """Debian's libtesseract with the C API functions used here typed, or None when not found."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # read by OpenMP when the library loads it
    name = ctypes.util.find_library("tesseract")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    signatures = {
        "TessBaseAPICreate": ([], handle),
        "TessBaseAPIInit3": ([handle, text, text], ctypes.c_int),
        "TessBaseAPISetVariable": ([handle, text, text], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([handle, ctypes.c_int], None),
        "TessBaseAPISetImage": ([handle, ctypes.c_void_p, *[ctypes.c_int] * 4], None),
        "TessBaseAPISetSourceResolution": ([handle, ctypes.c_int], None),
        "TessBaseAPIRecognize": ([handle, ctypes.c_void_p], ctypes.c_int),
        "TessBaseAPIGetTsvText": ([handle, ctypes.c_int], ctypes.c_void_p),
        "TessDeleteText": ([ctypes.c_void_p], None),
        "TessBaseAPIClear": ([handle], None),
        "TessBaseAPIEnd": ([handle], None),
        "TessBaseAPIDelete": ([handle], None),
    }
    for function, (arguments, result) in signatures.items():
        getattr(lib, function).argtypes = arguments
        getattr(lib, function).restype = result
    return lib


# One engine reads one image at a time. Pages are read in parallel threads (ctypes releases the
# GIL while Tesseract reads), so a reading borrows an idle engine of its language and gives it
# back: as many engines as readings ever ran at once, a few MB each (`ara` and `fra` are the
# LSTM-only "fast" models). A reading depends on its image only, not on what the engine read
# before (tests/test_ocr_engine.py).
_IDLE: dict[tuple[str, str], list[int]] = {}
_EVERY_ENGINE: list[int] = []  # ended at exit
_ENGINES_LOCK = threading.Lock()


def _new_engine(lib: ctypes.CDLL, tessdata: str, language: str) -> int:
    handle = lib.TessBaseAPICreate()
    if lib.TessBaseAPIInit3(handle, tessdata.encode(), language.encode()) != 0:
        lib.TessBaseAPIDelete(handle)
        raise NeedsOcr(f"Tesseract could not load '{language}' from {tessdata}")
    # Tesseract's diagnostics ("Empty page!!", resolution estimates) are not our output.
    lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
    with _ENGINES_LOCK:
        _EVERY_ENGINE.append(handle)
    return handle


@contextmanager
def _engine(lib: ctypes.CDLL, tessdata: str, language: str) -> Iterator[int]:
    """An idle loaded engine for ``language`` (a new one when all are busy), for one reading."""
    key = (tessdata, language)
    with _ENGINES_LOCK:
        idle = _IDLE.setdefault(key, [])
        handle = idle.pop() if idle else None
    if handle is None:
        handle = _new_engine(lib, tessdata, language)
    try:
        yield handle
    finally:
        with _ENGINES_LOCK:
            _IDLE[key].append(handle)


@atexit.register
def _end_engines() -> None:
    """Engines ended before exit: Tesseract's caches report the loaded models as leaks otherwise."""
    lib = library() if _EVERY_ENGINE else None
    with _ENGINES_LOCK:
        for handle in _EVERY_ENGINE:
            lib.TessBaseAPIEnd(handle)
            lib.TessBaseAPIDelete(handle)
        _EVERY_ENGINE.clear()
        _IDLE.clear()


def tsv_in_process(
    lib: ctypes.CDLL, image: np.ndarray, language: str, config: TesseractConfig, dpi: int
) -> str:
    """Tesseract's TSV for an 8-bit image, read by the kept engine as the CLI reads a file: the
    CLI's ``--psm`` and ``--dpi`` (user_defined_dpi) set alike."""
    pixels = np.ascontiguousarray(image, dtype=np.uint8)
    height, width = pixels.shape[:2]
    depth = 1 if pixels.ndim == 2 else pixels.shape[2]
    with _engine(lib, config.tessdata, language) as handle:
        lib.TessBaseAPISetPageSegMode(handle, config.psm)
        lib.TessBaseAPISetVariable(handle, b"user_defined_dpi", str(dpi).encode())
        lib.TessBaseAPISetImage(handle, pixels.ctypes.data, width, height, depth, pixels.strides[0])
        lib.TessBaseAPISetSourceResolution(handle, dpi)
        try:
            if lib.TessBaseAPIRecognize(handle, None) != 0:
                raise RuntimeError(f"Tesseract could not read a {width}x{height} image")
            text = lib.TessBaseAPIGetTsvText(handle, 0)
            try:
                return ctypes.string_at(text).decode("utf-8") if text else ""
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessBaseAPIClear(handle)


def tsv_by_cli(image: np.ndarray, language: str, config: TesseractConfig, dpi: int) -> str:
    """Tesseract's TSV for the image from a ``tesseract`` run (pytesseract)."""
    picture = Image.fromarray(image)
    picture.info["dpi"] = (dpi, dpi)
    return pytesseract.image_to_data(picture, lang=language, config=config.cli_options(dpi))


def check_tesseract(tessdata: str, languages: str) -> None:
    """Fail with what to install when Tesseract (library or CLI) or a language file is missing."""
    if library() is None and shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise NeedsOcr(
            "needs OCR but Tesseract is not installed: install the Debian packages"
            " tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra (see README)"
        )
    for language in languages.split("+"):
        if not os.path.exists(os.path.join(tessdata, f"{language}.traineddata")):
            raise NeedsOcr(
                f"needs OCR in '{language}' but {tessdata} has no {language}.traineddata: install"
                f" tesseract-ocr-{language} or set TESSDATA_PREFIX"
            )


def parse_tsv(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV (rows of level 5), numbered by line page-wide."""
    words: list[Word] = []
    for row in tsv.splitlines():
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue  # the CLI's header row, pages, blocks, paragraphs, lines
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


def read_words(image: np.ndarray, language: str, config: TesseractConfig, dpi: int) -> list[Word]:
    """Every word Tesseract finds in the image, in reading order (logical), numbered by line."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if image.ndim < 2 or min(image.shape[:2]) < 2:
        return []  # a crop cut to nothing at the page's edge
    lib = library()
    if lib is None:
        return parse_tsv(tsv_by_cli(image, language, config, dpi))
    return parse_tsv(tsv_in_process(lib, image, language, config, dpi))
