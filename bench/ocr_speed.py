"""OCR time per page: our OCR path against the plain ``tesseract`` CLI, on the same pages, in one run.

    .venv/bin/python -m bench.ocr_speed [--scan data/raw/beni-mellal_open-plan_2024-2025.scanned.pdf]
                                        [--pages 20-27] [--repeats 2]       (or: make bench-ocr)

For each page, both methods read the same rendered page image (pypdfium2, the extractor's dpi):

- ``cli``: ``tesseract page.png - -l ara --psm 3`` run as a subprocess on the image saved as PNG
  (with OMP_THREAD_LIMIT=1, as STACK.md advises, so both use one thread);
- ``ours``: ``extractors.ocr.ocr_page`` on the image: deskew, Tesseract (Debian's library in
  this process, TSV with word boxes and confidences), second looks, line cutting, bullets and
  reading order.

Our engines (``ara``, ``fra``) are loaded once per process, not once per page as the CLI's are:
that load is timed on its own before the pages (``engine_load_s``), and ``ratio_with_load``
counts it as if the benchmarked pages were the whole document (a real scan has more pages, so
less load per page).

Rendering is done once, outside both timings. Time: wall time, best of ``--repeats`` rounds in
which the two methods take turns (the least disturbed run on a shared machine). CPU time too
(``cpu_ratio``): ours is this process's, the CLI's its child's; on a loaded shared machine wall
time of the same run varies by ±15 %, CPU time less. Results are printed and written to
``bench/results/ocr_speed.json``; the ratio is ours / cli per page and over all pages. No
assertion is made on the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from PIL import Image

from extractors.ocr import DEFAULT_SETTINGS, ocr_page
from extractors.ocr.engine import read_words, tesseract_config
from extractors.ocr.render import render_pages

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SCAN = ROOT / "data" / "raw" / "beni-mellal_open-plan_2024-2025.scanned.pdf"


def page_range(text: str) -> set[int]:
    first, _, last = text.partition("-")
    return set(range(int(first), int(last or first) + 1))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cli(png: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one CLI run."""
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run(
        ["tesseract", str(png), "-", "-l", DEFAULT_SETTINGS.text_language, "--psm", "3"],
        check=True,
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return time.perf_counter() - started, children_cpu() - cpu


def time_ours(image, page: int) -> tuple[float, float]:
    """Wall and CPU seconds (all this process's threads) of our OCR of one page."""
    started, cpu = time.perf_counter(), time.process_time()
    ocr_page(image, page, DEFAULT_SETTINGS)
    return time.perf_counter() - started, time.process_time() - cpu


def time_engine_load() -> float:
    """Loading our engines: the first reading in each language (a blank image, nothing to read)."""
    blank = np.full((40, 200), 255, dtype=np.uint8)
    config = tesseract_config(DEFAULT_SETTINGS.tessdata_dir(), DEFAULT_SETTINGS.line_psm)
    started = time.perf_counter()
    for language in (DEFAULT_SETTINGS.text_language, DEFAULT_SETTINGS.number_language):
        read_words(blank, language, config, DEFAULT_SETTINGS.dpi)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan", type=Path, default=SCAN)
    parser.add_argument("--pages", default="20-27", help="page range, e.g. 20-27")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    load = time_engine_load()
    print(f"our engines loaded in {load:.2f} s (once per process)")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for page, image in render_pages(args.scan, DEFAULT_SETTINGS.dpi, page_range(args.pages)):
            png = Path(folder) / f"page-{page}.png"
            Image.fromarray(image).save(png, dpi=(DEFAULT_SETTINGS.dpi, DEFAULT_SETTINGS.dpi))
            cli, ours = [], []
            for _ in range(args.repeats):
                cli.append(time_cli(png))
                ours.append(time_ours(image, page))
            row = {
                "page": page,
                "cli_s": round(min(wall for wall, _ in cli), 3),
                "ours_s": round(min(wall for wall, _ in ours), 3),
                "cli_cpu_s": round(min(cpu for _, cpu in cli), 3),
                "ours_cpu_s": round(min(cpu for _, cpu in ours), 3),
            }
            rows.append(row)
            print(
                f"page {page}: cli {row['cli_s']:.2f} s, ours {row['ours_s']:.2f} s,"
                f" ratio {row['ours_s'] / row['cli_s']:.2f} (CPU {row['ours_cpu_s'] / row['cli_cpu_s']:.2f})"
            )
    total_cli = sum(r["cli_s"] for r in rows)
    total_ours = sum(r["ours_s"] for r in rows)
    summary = {
        "scan": args.scan.name,
        "dpi": DEFAULT_SETTINGS.dpi,
        "pages": rows,
        "cli_s_per_page": round(total_cli / len(rows), 3),
        "ours_s_per_page": round(total_ours / len(rows), 3),
        "ratio": round(total_ours / total_cli, 2),
        "engine_load_s": round(load, 3),
        "ratio_with_load": round((total_ours + load) / total_cli, 2),
        "cpu_ratio": round(sum(r["ours_cpu_s"] for r in rows) / sum(r["cli_cpu_s"] for r in rows), 2),
    }
    cli_s, ours_s = summary["cli_s_per_page"], summary["ours_s_per_page"]
    print(f"per page: cli {cli_s} s, ours {ours_s} s, ratio {summary['ratio']}")
    print(f"with our engines' load counted: ratio {summary['ratio_with_load']}")
    print(f"CPU time: ratio {summary['cpu_ratio']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ocr_speed.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
