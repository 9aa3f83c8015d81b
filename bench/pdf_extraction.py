"""Our PDF path against plain pdfplumber, on the corpus PDFs, in one run.

    .venv/bin/python -m bench.pdf_extraction [--raw data/raw] [--repeats 2]   (or: make bench)

For every PDF in the raw folder that has a text layer and a .txt rendition of the same plan, three
methods read the same file:

- ``plain``: pdfplumber ``page.extract_tables()`` with its defaults;
- ``rtl``: the same with ``text_char_dir_render="rtl"`` (pdfplumber's table setting that passes
  ``char_dir_render="rtl"`` to its text layout: characters rendered right to left);
- ``ours``: ``extractors.pdf.extract_pdf`` (tables and paragraphs in logical order).

Every method closes each page after reading it (pdfplumber's advice for memory), so the ratios
compare work, not cache policy.

Time: wall time (``perf_counter``) of the whole file, best of ``--repeats`` rounds in which the
three methods take turns (the least disturbed run on a shared machine). Memory: peak of Python
allocations during one extra run under ``tracemalloc``. pdfplumber and pdfminer are pure Python, so
tracemalloc sees all their memory, and unlike a process's maxrss it excludes the interpreter and the
imports (which would make every ratio close to 1); the run it measures is not timed (tracing slows
Python several times).

Accuracy: see ``bench.scoring`` (titles found whole after folding, amounts, dates, project codes,
against the facts the pipeline reads from the .txt rendition). Results are printed and written to
``bench/results/pdf_extraction.json`` and ``.csv``. No assertion is made on the numbers.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pdfplumber

from bench.scoring import CATEGORIES, Reference, accuracy, found_counts, reference_from_plan
from extractors.pdf import extract_pdf
from interpret.identity import read_communes, read_manifest
from plans.pipeline import RefreshContext, process_file

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
RTL_SETTINGS = {"text_char_dir_render": "rtl"}

Method = Callable[[Path], list[str]]


def plumber_cells(path: Path, settings: dict[str, str] | None = None) -> list[str]:
    """Every non-empty cell of every table pdfplumber finds, page by page."""
    cells: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables(settings):
                cells.extend(c for row in table for c in row if c)
            page.close()
    return cells


def plain_cells(path: Path) -> list[str]:
    return plumber_cells(path)


def rtl_cells(path: Path) -> list[str]:
    return plumber_cells(path, RTL_SETTINGS)


def our_cells(path: Path) -> list[str]:
    """Table cells and paragraphs of our extractor (slides hold their facts in paragraphs)."""
    doc = extract_pdf(path)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells if c.text]
    return cells + [p.text for p in doc.paragraphs]


METHODS: dict[str, Method] = {"plain": plain_cells, "rtl": rtl_cells, "ours": our_cells}


@dataclass(frozen=True)
class Measure:
    file: str
    method: str
    seconds: float
    peak_mib: float
    cells: int
    found: dict[str, int]
    reference: dict[str, int]

    @property
    def overall(self) -> float | None:
        return accuracy(sum(self.found.values()), sum(self.reference.values()))


def best_times(path: Path, repeats: int) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Fastest of ``repeats`` runs per method, and each method's cells.

    The methods take turns within each round, so a burst of load on a shared machine hits them alike.
    """
    best = dict.fromkeys(METHODS, float("inf"))
    cells: dict[str, list[str]] = {}
    for _ in range(repeats):
        for name, method in METHODS.items():
            start = time.perf_counter()
            cells[name] = method(path)
            best[name] = min(best[name], time.perf_counter() - start)
    return best, cells


def peak_memory_mib(method: Method, path: Path) -> float:
    """Peak traced Python allocations of one run, in MiB."""
    tracemalloc.start()
    try:
        method(path)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def has_text_layer(path: Path) -> bool:
    with pdfplumber.open(path) as pdf:
        return any(page.chars for page in pdf.pages[:3])


def text_rendition_reference(txt: Path, context: RefreshContext) -> Reference | None:
    """The facts the pipeline reads from the .txt rendition, or None when it reads none."""
    result = process_file(txt, context)
    if result.plan is None or result.outcome != "interpreted":
        return None
    return reference_from_plan(result.plan)


def bench_pairs(raw: Path) -> list[tuple[Path, Path]]:
    """(pdf, txt) for every PDF with a text layer and a .txt rendition next to it."""
    pairs = []
    for pdf in sorted(raw.glob("*.pdf")):
        txt = pdf.with_suffix(".txt")
        if txt.exists() and has_text_layer(pdf):
            pairs.append((pdf, txt))
    return pairs


def measure_file(pdf: Path, reference: Reference, repeats: int) -> list[Measure]:
    ref_counts = {c: reference.count(c) for c in CATEGORIES}
    seconds, cells = best_times(pdf, repeats)
    measures = []
    for name, method in METHODS.items():
        peak = peak_memory_mib(method, pdf)
        found = found_counts(reference, cells[name])
        measures.append(Measure(pdf.name, name, seconds[name], peak, len(cells[name]), found, ref_counts))
    return measures


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def by_method(measures: list[Measure], file: str) -> dict[str, Measure]:
    return {m.method: m for m in measures if m.file == file}


def table_row(
    label: str, seconds: dict[str, float], peak: dict[str, float], acc: dict[str, float | None]
) -> str:
    """One printed line: times per method, ratios our/plain, accuracy per method."""
    time_ratio = seconds["ours"] / seconds["plain"]
    mem_ratio = peak["ours"] / peak["plain"]
    times = f"{seconds['plain']:8.2f} {seconds['rtl']:7.2f} {seconds['ours']:7.2f}"
    accuracies = f"{percent(acc['plain']):>9} {percent(acc['rtl']):>7} {percent(acc['ours']):>8}"
    return f"{label:42} {times} {time_ratio:10.2f} {mem_ratio:9.2f}  {accuracies}"


def summary_lines(measures: list[Measure]) -> list[str]:
    """The printed table: per file, times, ratios our/plain and accuracy of each method."""
    head = (
        f"{'file':42} {'plain s':>8} {'rtl s':>7} {'ours s':>7} {'time ratio':>10} {'mem ratio':>9}"
        f"  {'acc plain':>9} {'acc rtl':>7} {'acc ours':>8}"
    )
    lines = [head, "-" * len(head)]
    for file in dict.fromkeys(m.file for m in measures):
        m = by_method(measures, file)
        lines.append(
            table_row(
                file,
                {k: v.seconds for k, v in m.items()},
                {k: v.peak_mib for k, v in m.items()},
                {k: v.overall for k, v in m.items()},
            )
        )
    totals = {name: [m for m in measures if m.method == name] for name in METHODS}
    seconds = {name: sum(m.seconds for m in ms) for name, ms in totals.items()}
    peak = {name: max(m.peak_mib for m in ms) for name, ms in totals.items()}
    pooled = {
        name: accuracy(sum(sum(m.found.values()) for m in ms), sum(sum(m.reference.values()) for m in ms))
        for name, ms in totals.items()
    }
    lines.append("-" * len(head))
    lines.append(table_row("all files (time summed, memory max)", seconds, peak, pooled))
    lines.append("")
    lines.append("accuracy by category, all files pooled (found / reference values):")
    for name, ms in totals.items():
        parts = []
        for category in CATEGORIES:
            found = sum(m.found[category] for m in ms)
            total = sum(m.reference[category] for m in ms)
            parts.append(f"{category} {found}/{total} ({percent(accuracy(found, total))})")
        lines.append(f"  {name:6} " + ", ".join(parts))
    return lines


def write_results(measures: list[Measure], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{**asdict(m), "overall_accuracy": m.overall} for m in measures]
    (folder / "pdf_extraction.json").write_text(
        json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    with (folder / "pdf_extraction.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["file", "method", "seconds", "peak_mib", "cells", "overall_accuracy"]
            + [f"{c}_found" for c in CATEGORIES]
            + [f"{c}_reference" for c in CATEGORIES]
        )
        for m in measures:
            writer.writerow(
                [m.file, m.method, f"{m.seconds:.4f}", f"{m.peak_mib:.2f}", m.cells, m.overall]
                + [m.found[c] for c in CATEGORIES]
                + [m.reference[c] for c in CATEGORIES]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per method and file (best kept)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    context = RefreshContext(
        communes=read_communes(ROOT / "data" / "reference" / "communes.csv"), manifest=read_manifest(args.raw)
    )
    measures: list[Measure] = []
    for pdf, txt in bench_pairs(args.raw):
        reference = text_rendition_reference(txt, context)
        if reference is None:
            print(f"{pdf.name}: skipped, its .txt rendition gives no facts", file=sys.stderr)
            continue
        print(f"measuring {pdf.name} ...", file=sys.stderr, flush=True)
        measures.extend(measure_file(pdf, reference, args.repeats))
    if not measures:
        print("no PDF with a text layer and a .txt rendition found", file=sys.stderr)
        return 1
    print("\n".join(summary_lines(measures)))
    print(
        "\ntime and memory ratios are ours / plain pdfplumber extract_tables(); accuracy per bench/scoring.py"
    )
    write_results(measures, args.results)
    print(f"results: {args.results / 'pdf_extraction.json'}, {args.results / 'pdf_extraction.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
