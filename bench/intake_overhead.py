"""What the isolated intake costs: a full refresh of the sample corpus with extraction in a child
process per document (the default) against the same refresh with extraction in the refresh's own
threads (``IntakeLimits(isolate=False)``), and optionally against another checkout (e.g. main
before the intake existed). Also a 200 MB text upload: time and peak memory of the refresh.

    .venv/bin/python -m bench.intake_overhead [--raw data/raw] [--repeats 3] [--baseline-tree DIR]

Each run is a fresh Python process (``refresh`` with ``quality=False`` into a new warehouse), the
variants taking turns, so a busy shared machine disturbs them alike; the median of ``--repeats`` is
reported, with ratios to the in-thread variant. Peak memory is ``ru_maxrss`` of the refresh process
and, separately, of its largest child (the fork server's children, Prefect's local API server).
Results go to ``bench/results/intake_overhead.json``. No assertion is made on the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

# Run in the child Python: one refresh, timed from inside, memory from getrusage.
_RUNNER = """
import json, resource, sys, time
from pathlib import Path
from plans.settings import configure_prefect
configure_prefect()
from flows.refresh import refresh
from plans.settings import Settings
raw, warehouse, isolate = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
kwargs = {}
if not isolate:  # the same refresh with extraction in its threads (the default Settings otherwise)
    import dataclasses, flows.refresh as fr
    from extractors.intake.limits import IntakeLimits
    fr.Settings = lambda: dataclasses.replace(Settings(), intake=IntakeLimits(isolate=False))
started = time.perf_counter()
summary = refresh(raw_dir=raw, warehouse=warehouse, show_progress=False, quality=False)
seconds = time.perf_counter() - started
outcomes = {}
for f in summary.files:
    outcomes[f.outcome] = outcomes.get(f.outcome, 0) + 1
print(json.dumps({
    "seconds": seconds,
    "self_max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "outcomes": outcomes,
    "code": __import__("plans").__file__,
}))
"""


def run_once(raw: Path, isolate: bool, tree: Path | None) -> dict:
    env = dict(os.environ)
    if tree is not None:  # another checkout first on the path (the venv's packages still serve)
        env["PYTHONPATH"] = str(tree)
    with tempfile.TemporaryDirectory() as folder:
        warehouse = Path(folder) / "plans.duckdb"
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(raw), str(warehouse), "1" if isolate else "0"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tree or ROOT,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict]) -> dict:
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "self_max_rss_mb": statistics.median(r["self_max_rss_mb"] for r in runs),
        "children_max_rss_mb": statistics.median(r["children_max_rss_mb"] for r in runs),
        "outcomes": runs[-1]["outcomes"],
        "runs_seconds": [round(r["seconds"], 2) for r in runs],
    }


def huge_text_raw(folder: Path, raw: Path, size_mb: int = 200) -> Path:
    """The Tétouan workshops text and a 200 MB text made of it repeated."""
    target = folder / "huge_raw"
    target.mkdir()
    sample = raw / "tetouan_cocreation-workshops_2022.txt"
    shutil.copy(sample, target / sample.name)
    shutil.copy(raw / "manifest.csv", target / "manifest.csv")
    block = sample.read_bytes()
    with (target / "huge-export.txt").open("wb") as stream:
        while stream.tell() < size_mb << 20:
            stream.write(block)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-tree", type=Path, default=None, help="another checkout to time too")
    args = parser.parse_args()
    variants: dict[str, tuple[bool, Path | None]] = {"in_thread": (False, None), "isolated": (True, None)}
    if args.baseline_tree is not None:
        variants["baseline_tree"] = (True, args.baseline_tree.resolve())  # its own default intake
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    for round_no in range(args.repeats):
        for name, (isolate, tree) in variants.items():
            runs[name].append(run_once(args.raw, isolate, tree))
            print(f"round {round_no + 1} {name}: {runs[name][-1]['seconds']:.2f} s", file=sys.stderr)
    result = {name: median_of(found) for name, found in runs.items()}
    base = result["in_thread"]["seconds"]
    for found in result.values():
        found["ratio_to_in_thread"] = round(found["seconds"] / base, 3)
    with tempfile.TemporaryDirectory() as folder:
        huge = huge_text_raw(Path(folder), args.raw)
        result["huge_text_200mb"] = run_once(huge, True, None)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "intake_overhead.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
