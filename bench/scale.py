"""The refresh and the views at scale: synthetic corpora of N communes against a floor, in one run.

    .venv/bin/python -m bench.scale [--sizes 15,150] [--queries 20] [--noop-repeats 3]
    .venv/bin/python -m bench.scale --sizes 1500 --full-only   # full refresh and bulk floor only
    make bench-scale

For every N, in a temporary folder: ``bench.synthetic_corpus`` writes N communes made from the sample
plans (text and Word renditions, each naming its own commune, amounts varied), their manifest and
their reference list, and Prefect's database is created (``prefect server database upgrade``: the
refreshes of a team after its first find it). Then, each a separate process timed from the outside
(interpreter start included, as a user waits for it):

- ``full``: ``plans refresh --no-progress`` into a new warehouse (quality suites and docs included);
  the run is the ``plans`` command itself, with ``Settings`` pointed at the synthetic reference list
  (as bench.intake_overhead patches its variant's): the CLI has no option for it;
- ``full floor``: a Python process that imports what the refresh imports first (duckdb, prefect)
  and reads every file the way bench.pdf_extraction's baseline does (plain text lines, python-docx
  paragraphs and table cells, python-pptx text frames and table cells, pdfplumber
  ``extract_tables()``), hashing it and inserting its rows
  into a new DuckDB file with ``executemany`` (the loader's old way, one INSERT per row);
- ``full floor bulk``: the same, inserting each file's rows in one statement through Arrow (the
  loader's way since ``loader.warehouse.insert_rows``): the fair floor, reported beside the first;
- ``noop`` / ``noop floor``: a refresh with nothing changed against bench.noop_refresh's floor
  (import duckdb and prefect, hash every file), alternating, ``--noop-repeats`` times; median;
- ``views``: every ``v_*`` view of sql/views/ read whole (``SELECT *``, ``fetchall``) ``--queries``
  times through a read-only connection, after one warm-up read; p50 and p95. The floor of a view:
  the same number of rows read from the floor's table (``SELECT * ... LIMIT rows``), the cost of
  handing a reader that many plain rows.

Peak RSS is the ``ru_maxrss`` that ``wait4`` returns: the largest single process of the run's tree
(the refresh process, its intake children, Prefect's local server), not their sum. Ratios are the
pipeline over its floor; no assertion is made on the numbers. Results: bench/results/scale.json and
a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from bench.noop_refresh import FLOOR as NOOP_FLOOR
from bench.synthetic_corpus import write_corpus
from interpret.identity import read_communes

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
VIEWS = ROOT / "sql" / "views"

# The `plans` command with Settings reading the synthetic reference list. Patched where it is
# defined, before the CLI imports it: the CLI imports the flow (and Prefect) only when there is work,
# and the no-op refresh must keep that.
REFRESH = """
import dataclasses, sys
from pathlib import Path
import plans.settings
@dataclasses.dataclass(frozen=True)
class BenchSettings(plans.settings.Settings):
    communes_csv: Path = Path(sys.argv[1])
plans.settings.Settings = BenchSettings
from plans.cli import run
sys.argv = ["plans", *sys.argv[2:]]
run()
"""

FULL_FLOOR = """
import hashlib, io, os, pathlib, subprocess, sys, duckdb, prefect, docx, pdfplumber, pptx, pyarrow
import pypdfium2
raw, target, bulk = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "bulk"
ocr = sys.argv[4:] == ["ocr"]
conn = duckdb.connect(target)
conn.execute("CREATE TABLE floor_row (file VARCHAR, n INTEGER, text VARCHAR)")


def tesseract(rendered):  # one plain CLI reading of a page rendered as the OCR extractor does
    png = io.BytesIO()
    rendered.to_pil().convert("L").save(png, format="PNG")
    read = subprocess.run(["tesseract", "-", "-", "-l", "ara", "--psm", "3"], input=png.getvalue(),
                          capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return read.stdout.decode().splitlines()


for path in sorted(raw.iterdir()):
    if path.name == "manifest.csv":
        continue
    hashlib.sha256(path.read_bytes()).hexdigest()
    if path.suffix == ".txt":
        rows = path.read_text(encoding="utf-8").splitlines()
    elif path.suffix == ".docx":
        document = docx.Document(str(path))
        rows = [p.text for p in document.paragraphs]
        rows += [c.text for t in document.tables for r in t.rows for c in r.cells]
    elif path.suffix == ".pptx":
        shapes = [s for slide in pptx.Presentation(str(path)).slides for s in slide.shapes]
        rows = [s.text_frame.text for s in shapes if s.has_text_frame]
        rows += [c.text for s in shapes if s.has_table for r in s.table.rows for c in r.cells]
    elif path.suffix == ".pdf":
        rows = []
        with pdfplumber.open(path) as pdf:
            images = pypdfium2.PdfDocument(path) if ocr else None
            for page in pdf.pages:
                if images is not None and not page.chars:  # image only: the pipeline OCRs it
                    rows += tesseract(images[page.page_number - 1].render(scale=150 / 72, grayscale=True))
                rows += [c for t in page.extract_tables() for r in t for c in r if c]
                page.close()
            if images is not None:
                images.close()
    else:
        continue
    if bulk:  # one statement per file through Arrow, as loader.warehouse.insert_rows does
        batch = pyarrow.table({"file": [path.name] * len(rows), "n": list(range(len(rows))), "text": rows})
        conn.register("batch", batch)
        conn.execute("INSERT INTO floor_row SELECT file, CAST(n AS INTEGER), text FROM batch")
        conn.unregister("batch")
    else:
        values = [(path.name, i, text) for i, text in enumerate(rows)]
        conn.executemany("INSERT INTO floor_row VALUES (?, ?, ?)", values)
conn.close()
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mib: float
    exit_code: int


def run(command: list[str], env: dict[str, str]) -> Run:
    """Wall time and the tree's largest ru_maxrss (wait4) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()  # drained while it runs: a full pipe would block the child
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):  # 3: some documents quarantined, the rest loaded
        tail = stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{command[:3]} exited {process.returncode}:\n{tail}")
    return Run(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), process.returncode)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported latency was measured)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def query_latencies(database: Path, sql: str, queries: int) -> tuple[int, list[float]]:
    """Rows and per-query seconds of ``sql`` read whole, after one untimed warm-up read."""
    conn = duckdb.connect(str(database), read_only=True)
    try:
        rows = len(conn.execute(sql).fetchall())
        times = []
        for _ in range(queries):
            started = time.perf_counter()
            conn.execute(sql).fetchall()
            times.append(time.perf_counter() - started)
    finally:
        conn.close()
    return rows, times


def view_latencies(warehouse: Path, floor_db: Path, queries: int) -> dict[str, dict[str, float | int]]:
    result: dict[str, dict[str, float | int]] = {}
    for view in sorted(p.stem for p in VIEWS.glob("v_*.sql")):
        rows, times = query_latencies(warehouse, f"SELECT * FROM {view}", queries)
        _, floor_times = query_latencies(floor_db, f"SELECT * FROM floor_row LIMIT {max(rows, 1)}", queries)
        p50, p95, floor_p50 = percentile(times, 0.5), percentile(times, 0.95), percentile(floor_times, 0.5)
        result[view] = {
            "rows": rows,
            "p50_ms": round(1000 * p50, 2),
            "p95_ms": round(1000 * p95, 2),
            "floor_p50_ms": round(1000 * floor_p50, 2),
            "ratio_p50": round(p50 / floor_p50, 2),
        }
    return result


def warehouse_counts(warehouse: Path) -> dict[str, object]:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        status = dict(
            conn.execute("SELECT status, count(*) FROM dim_document GROUP BY 1 ORDER BY 1").fetchall()
        )
        (communes,) = conn.execute("SELECT count(DISTINCT commune) FROM dim_document").fetchone() or (0,)
        (activities,) = conn.execute("SELECT count(*) FROM fact_activity").fetchone() or (0,)
    finally:
        conn.close()
    return {"documents_by_status": status, "communes_loaded": communes, "activities": activities}


def prefect_home(folder: Path) -> dict[str, str]:
    """The environment of a refresh whose Prefect home is ``folder``, its database created first,
    as every refresh after a team's first one finds it: creating it (about 8 s of migrations) is a
    one-time cost, not a refresh's."""
    env = {**os.environ, "PREFECT_HOME": str(folder)}
    env.pop("PREFECT_API_URL", None)
    subprocess.run(
        [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return env


def synthetic_refresh(raw: Path, size: int, tmp: str) -> tuple[Path, list, Path, dict, list[str]]:
    """The synthetic corpus of ``size`` communes written under ``tmp``: its folder, its files, the
    warehouse the refresh writes, the environment and the refresh command."""
    folder, communes_csv = Path(tmp) / "raw", Path(tmp) / "communes.csv"
    files = write_corpus(
        raw, read_communes(ROOT / "data" / "reference" / "communes.csv"), size, folder, communes_csv
    )
    warehouse = Path(tmp) / "plans.duckdb"
    env = prefect_home(Path(tmp) / ".prefect")
    refresh = [sys.executable, "-c", REFRESH, str(communes_csv), "refresh", "--no-progress"]
    refresh += ["--raw", str(folder), "--warehouse", str(warehouse)]
    print(f"N={size}: {len(files)} documents, full refresh ...", file=sys.stderr, flush=True)
    return folder, files, warehouse, env, refresh


def measure(raw: Path, size: int, queries: int, noop_repeats: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder, files, warehouse, env, refresh = synthetic_refresh(raw, size, tmp)
        floor_db = Path(tmp) / "floor.duckdb"
        full = run(refresh, env)
        floor_bulk_db = Path(tmp) / "floor_bulk.duckdb"
        full_floor = run([sys.executable, "-c", FULL_FLOOR, str(folder), str(floor_db), "executemany"], env)
        full_floor_bulk = run(
            [sys.executable, "-c", FULL_FLOOR, str(folder), str(floor_bulk_db), "bulk"], env
        )
        print(
            f"N={size}: full {full.seconds} s, floor {full_floor.seconds} s, "
            f"bulk floor {full_floor_bulk.seconds} s; no-op ...",
            file=sys.stderr,
            flush=True,
        )
        noop, noop_floor = [], []
        for _ in range(noop_repeats):
            noop.append(run(refresh, env))
            noop_floor.append(run([sys.executable, "-c", NOOP_FLOOR, str(folder)], env))
        views = view_latencies(warehouse, floor_db, queries)
        counts = warehouse_counts(warehouse)
        size_bytes = sum(p.stat().st_size for p in files)
    documents = len(files)
    noop_s = statistics.median(r.seconds for r in noop)
    noop_floor_s = statistics.median(r.seconds for r in noop_floor)
    return {
        "communes": size,
        "documents": documents,
        "corpus_mib": round(size_bytes / 2**20, 1),
        **counts,
        "full": {
            **asdict(full),
            "per_document_s": round(full.seconds / documents, 3),
            "floor": asdict(full_floor),
            "floor_per_document_s": round(full_floor.seconds / documents, 4),
            "ratio_time": round(full.seconds / full_floor.seconds, 2),
            "ratio_peak_rss": round(full.peak_rss_mib / full_floor.peak_rss_mib, 2),
            "floor_bulk": asdict(full_floor_bulk),
            "floor_bulk_per_document_s": round(full_floor_bulk.seconds / documents, 4),
            "ratio_time_bulk": round(full.seconds / full_floor_bulk.seconds, 2),
        },
        "noop": {
            "median_s": round(noop_s, 3),
            "per_document_ms": round(1000 * noop_s / documents, 2),
            "floor_median_s": round(noop_floor_s, 3),
            "ratio_time": round(noop_s / noop_floor_s, 2),
            "peak_rss_mib": max(r.peak_rss_mib for r in noop),
            "floor_peak_rss_mib": max(r.peak_rss_mib for r in noop_floor),
            "runs_s": [r.seconds for r in noop],
            "floor_runs_s": [r.seconds for r in noop_floor],
        },
        "views": views,
        "views_summary": {
            "max_p50_ms": max(v["p50_ms"] for v in views.values()),
            "max_p95_ms": max(v["p95_ms"] for v in views.values()),
            "median_ratio_p50": statistics.median(v["ratio_p50"] for v in views.values()),
            "max_ratio_p50": max(v["ratio_p50"] for v in views.values()),
        },
    }


def measure_full_only(raw: Path, size: int) -> dict[str, object]:
    """The full refresh against the bulk floor only (``--full-only``): at 1500 communes the
    ``executemany`` floor alone takes half an hour, the no-op rounds and views several minutes."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder, files, warehouse, env, refresh = synthetic_refresh(raw, size, tmp)
        floor_db = Path(tmp) / "floor_bulk.duckdb"
        full = run(refresh, env)
        floor = run([sys.executable, "-c", FULL_FLOOR, str(folder), str(floor_db), "bulk"], env)
        counts = warehouse_counts(warehouse)
    return {
        "communes": size,
        "documents": len(files),
        **counts,
        "full": {**asdict(full), "per_document_s": round(full.seconds / len(files), 3)},
        "floor_bulk": {**asdict(floor), "per_document_s": round(floor.seconds / len(files), 4)},
        "ratio_time_bulk": round(full.seconds / floor.seconds, 2),
    }


def markdown_full_only(results: list[dict]) -> list[str]:
    lines = [
        "| communes | documents | full s (s/doc) | bulk floor s (s/doc) | ratio | peak RSS MiB (floor) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        full, floor = r["full"], r["floor_bulk"]
        lines.append(
            f"| {r['communes']} | {r['documents']} | {full['seconds']} ({full['per_document_s']}) "
            f"| {floor['seconds']} ({floor['per_document_s']}) | {r['ratio_time_bulk']} "
            f"| {full['peak_rss_mib']} ({floor['peak_rss_mib']}) |"
        )
    return lines


def markdown(results: list[dict]) -> list[str]:
    """One row per N; then the views of the largest N."""
    lines = [
        "| communes | documents | full s/doc (floor; bulk floor) | full ratio (bulk) "
        "| peak RSS MiB (floor) | no-op s (floor) "
        "| no-op ratio | views p50 / p95 max ms | view ratio p50 median (max) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        full, noop, views = r["full"], r["noop"], r["views_summary"]
        lines.append(
            f"| {r['communes']} | {r['documents']} "
            f"| {full['per_document_s']} ({full['floor_per_document_s']}; "
            f"{full['floor_bulk_per_document_s']}) "
            f"| {full['ratio_time']} ({full['ratio_time_bulk']}) "
            f"| {full['peak_rss_mib']} ({full['floor']['peak_rss_mib']}) "
            f"| {noop['median_s']} ({noop['floor_median_s']}) | {noop['ratio_time']} "
            f"| {views['max_p50_ms']} / {views['max_p95_ms']} "
            f"| {views['median_ratio_p50']} ({views['max_ratio_p50']}) |"
        )
    largest = results[-1]
    lines += [
        "",
        f"views at {largest['communes']} communes:",
        "",
        "| view | rows | p50 ms | p95 ms | floor p50 ms | ratio |",
    ]
    lines.append("|---|---:|---:|---:|---:|---:|")
    for name, v in largest["views"].items():
        lines.append(
            f"| {name} | {v['rows']} | {v['p50_ms']} | {v['p95_ms']} "
            f"| {v['floor_p50_ms']} | {v['ratio_p50']} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--sizes", default="15,150", help="numbers of communes, comma-separated")
    parser.add_argument("--queries", type=int, default=20, help="timed reads per view")
    parser.add_argument("--noop-repeats", type=int, default=3)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--full-only", action="store_true", help="only the full refresh and the bulk floor (scale-full.json)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    name = "scale-full.json" if args.full_only else "scale.json"
    for size in sizes:
        if args.full_only:
            results.append(measure_full_only(args.raw, size))
        else:
            results.append(measure(args.raw, size, args.queries, args.noop_repeats))
        args.results.mkdir(parents=True, exist_ok=True)  # written after each N: a long run keeps what it has
        (args.results / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\n".join(markdown_full_only(results) if args.full_only else markdown(results)))
    print(f"\nratios: pipeline / floor measured in the same run; results: {args.results / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
