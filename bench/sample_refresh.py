"""A full refresh of the sample corpus against its floor, in one run: the issue's own measurement.

    .venv/bin/python -m bench.sample_refresh [--raw data/raw] [--repeats 3]

Each round, in turn, each a separate process timed from the outside (wall time, interpreter start
included; Prefect's database created once before, as bench.scale does):

- ``full``: ``plans refresh --no-progress`` (run as the installed command runs it: ``PLANS``) of
  the folder into a new warehouse (quality suites and docs included);
- ``floor``: bench.scale's bulk floor: import duckdb and prefect, read every file with the plain
  libraries (text lines, python-docx, python-pptx, pdfplumber ``extract_tables()``), hash it and
  insert its rows into a new DuckDB file, one statement per file;
- ``floor + OCR``: the same, plus one plain ``tesseract -l ara --psm 3`` run on every PDF page
  that has no text layer (pdfplumber finds no character on it), rendered as the OCR extractor
  renders it (pypdfium2, 150 dpi, grey). A scan has no rows for the plain floor to read: what a
  reader of the scan cannot skip is Tesseract's reading of it.

Both floors run on one core, page after page, as a plain script would; the refresh uses every
core (two document workers, a scan's pages in parallel). Median of ``--repeats`` rounds; the ratio
is full / floor. Printed and written to ``bench/results/sample_refresh.json``; no assertion is made
on the numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench.scale import FULL_FLOOR, RESULTS, ROOT, Run, prefect_home, run

# The ``plans`` command as its installed script runs it (``make warehouse``), with this checkout's
# code. Not ``python -m plans.cli``: run that way, every worker process the refresh forks runs the
# CLI module again (``multiprocessing`` re-runs a ``-m`` main module in its children), which the
# installed command does not.
PLANS = [sys.executable, "-c", "from plans.cli import run; run()"]


def measure(raw: Path, repeats: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-sample-") as tmp:
        env = prefect_home(Path(tmp) / ".prefect")
        rounds: dict[str, list[Run]] = {"full": [], "floor": [], "floor_ocr": []}
        for index in range(repeats):
            warehouse = Path(tmp) / f"plans-{index}.duckdb"
            refresh = [*PLANS, "refresh", "--no-progress"]
            rounds["full"].append(run([*refresh, "--raw", str(raw), "--warehouse", str(warehouse)], env))
            floor = [sys.executable, "-c", FULL_FLOOR, str(raw)]
            rounds["floor"].append(run([*floor, str(Path(tmp) / f"floor-{index}.duckdb"), "bulk"], env))
            ocr_db = str(Path(tmp) / f"floor-ocr-{index}.duckdb")
            rounds["floor_ocr"].append(run([*floor, ocr_db, "bulk", "ocr"], env))
            seconds = {name: runs[-1].seconds for name, runs in rounds.items()}
            print(f"round {index + 1}/{repeats}: {seconds}", file=sys.stderr, flush=True)
    median = {name: statistics.median(r.seconds for r in runs) for name, runs in rounds.items()}
    return {
        "files": sum(1 for p in raw.iterdir() if p.name != "manifest.csv"),
        "median_s": {name: round(value, 2) for name, value in median.items()},
        "ratio": round(median["full"] / median["floor"], 2),
        "ratio_with_ocr_floor": round(median["full"] / median["floor_ocr"], 2),
        "peak_rss_mib": {name: max(r.peak_rss_mib for r in runs) for name, runs in rounds.items()},
        "runs": {name: [asdict(r) for r in runs] for name, runs in rounds.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = measure(args.raw.resolve(), args.repeats)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "sample_refresh.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    median, rss = result["median_s"], result["peak_rss_mib"]
    print("| run | median s | ratio | peak RSS MiB |\n|---|---:|---:|---:|")
    print(f"| full refresh | {median['full']} | | {rss['full']} |")
    print(f"| floor | {median['floor']} | {result['ratio']} | {rss['floor']} |")
    print(f"| floor + OCR | {median['floor_ocr']} | {result['ratio_with_ocr_floor']} | {rss['floor_ocr']} |")
    print(f"\nratio: full / floor, same run; results: {args.results / 'sample_refresh.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
