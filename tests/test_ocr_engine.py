"""Tesseract in this process (``extractors.ocr.engine``): Debian's library through its C API reads a
real scanned page exactly as the ``tesseract`` CLI does (same words, boxes and confidences), and
alike whether readings run one after another or in parallel threads."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from extractors.ocr import engine, ocr_pages
from extractors.ocr.engine import library, parse_tsv, read_words, tesseract_config, tsv_by_cli
from extractors.ocr.render import render_pages
from extractors.ocr.settings import OcrSettings

SCAN = Path(__file__).resolve().parents[1] / "data" / "raw" / "beni-mellal_open-plan_2024-2025.scanned.pdf"
SETTINGS = OcrSettings()


@pytest.fixture(scope="module")
def page_23() -> np.ndarray:
    """A slide of the scan: a dark title bar, bullet lines, a date (150 dpi)."""
    return next(image for _, image in render_pages(SCAN, SETTINGS.dpi, {23}))


def test_debian_tesseract_library_is_found():
    # Debian's tesseract-ocr depends on libtesseract5: where the CLI is installed, so is the library.
    assert library() is not None


@pytest.mark.parametrize(
    ("crop", "language", "psm"),
    [
        ((slice(None), slice(None)), "ara", SETTINGS.page_psm),  # the page pass
        ((slice(100, 300), slice(200, 1800)), "ara", SETTINGS.box_psm),  # a block, PSM 6
        ((slice(100, 160), slice(200, 1800)), "fra", SETTINGS.line_psm),  # a line, digit language
    ],
)
def test_in_process_reading_equals_the_cli_reading(page_23, crop, language, psm):
    image = page_23[crop]
    config = tesseract_config(SETTINGS.tessdata_dir(), psm)
    in_process = read_words(image, language, config, SETTINGS.dpi)
    cli = parse_tsv(tsv_by_cli(image, language, config, SETTINGS.dpi))
    assert in_process  # the page has text: an empty reading would compare equal vacuously
    assert in_process == cli


def test_a_crop_view_is_read_as_its_own_pixels(page_23):
    # Crops are numpy views (row stride of the page): read like a copy of the same pixels.
    view = page_23[100:300, 200:1800]
    config = tesseract_config(SETTINGS.tessdata_dir(), SETTINGS.box_psm)
    assert read_words(view, "ara", config, SETTINGS.dpi) == read_words(
        view.copy(), "ara", config, SETTINGS.dpi
    )


def test_readings_in_parallel_threads_equal_readings_one_after_another(page_23, monkeypatch):
    # Each reading borrows an idle engine (a new one when all are busy): what an engine read
    # before, or in which thread, must not change a reading.
    readings = [
        (page_23, "ara", SETTINGS.page_psm),
        (page_23[100:300, 200:1800], "ara", SETTINGS.box_psm),
        (page_23[100:160, 200:1800], "fra", SETTINGS.line_psm),
        (page_23[300:700, :], "ara", SETTINGS.box_psm),
    ]

    def read(item: tuple[np.ndarray, str, int]) -> list:
        image, language, psm = item
        return read_words(image, language, tesseract_config(SETTINGS.tessdata_dir(), psm), SETTINGS.dpi)

    one_by_one = [read(item) for item in readings]
    monkeypatch.setattr(engine, "_IDLE", {})  # no engine left idle by earlier tests: all made here
    engines_before = len(engine._EVERY_ENGINE)
    with ThreadPoolExecutor(len(readings)) as pool:
        in_parallel = list(pool.map(read, readings * 2))
    # Readings did overlap: more engines were made than the two languages need one after another.
    assert len(engine._EVERY_ENGINE) - engines_before > 2
    assert all(one_by_one)
    assert in_parallel == one_by_one * 2


def test_pages_read_in_parallel_equal_pages_read_one_after_another():
    pages = {22, 23, 24}
    one_by_one = ocr_pages(SCAN, replace(SETTINGS, page_workers=1), pages)
    in_parallel = ocr_pages(SCAN, replace(SETTINGS, page_workers=3), pages)
    assert list(in_parallel) == [22, 23, 24]
    assert all(reading.blocks for reading in one_by_one.values())
    assert in_parallel == one_by_one


@pytest.mark.parametrize(("cores", "threads"), [(1, 1), (2, 2), (64, 4), (None, 1)])
def test_pages_are_read_by_a_thread_per_core_up_to_four(monkeypatch, cores, threads):
    # Each thread adds ~70 MB of address space, counted by the extraction child's memory limit.
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert OcrSettings().page_threads() == threads
    assert OcrSettings(page_workers=8).page_threads() == 8  # a setting the team chose is kept
