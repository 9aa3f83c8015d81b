"""A refresh with nothing changed against its floor, in one run on the same machine.

    .venv/bin/python -m bench.noop_refresh [--raw data/raw] [--repeats 5]

The sample corpus is copied into a temporary folder and refreshed once (full build, quality
included). Then, alternating, ``--repeats`` times each:

- ``noop``: ``plans refresh --no-progress`` on the same folder and warehouse (nothing changed);
- ``floor``: a Python process that imports duckdb and prefect and hashes every file of the folder.

Both are separate processes timed from the outside (wall time, interpreter start included), so the
ratio compares what a user waits for. Median of the rounds; printed and written to
``bench/results/noop_refresh.json``. No assertion is made on the numbers.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
FLOOR = (
    "import hashlib, pathlib, sys, duckdb, prefect\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):\n"
    "    hashlib.sha256(p.read_bytes()).hexdigest()\n"
)


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(raw: Path, repeats: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "raw"
        shutil.copytree(raw, folder)
        warehouse = Path(tmp) / "plans.duckdb"
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / ".prefect")}
        refresh = [str(BIN / "plans"), "refresh", "--raw", str(folder), "--warehouse", str(warehouse)]
        full = timed([*refresh, "--no-progress"], env)
        noop, floor = [], []
        for _ in range(repeats):
            noop.append(timed([*refresh, "--no-progress"], env))
            floor.append(timed([sys.executable, "-c", FLOOR, str(folder)], env))
    return {
        "files": sum(1 for _ in raw.iterdir()),
        "full_refresh_s": round(full, 2),
        "noop_median_s": round(statistics.median(noop), 3),
        "floor_median_s": round(statistics.median(floor), 3),
        "ratio": round(statistics.median(noop) / statistics.median(floor), 2),
        "noop_s": [round(t, 3) for t in noop],
        "floor_s": [round(t, 3) for t in floor],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    result = measure(args.raw, args.repeats)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "noop_refresh.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"no-op refresh {result['noop_median_s']} s, floor {result['floor_median_s']} s: "
        f"ratio {result['ratio']} (full refresh {result['full_refresh_s']} s)"
    )


if __name__ == "__main__":
    main()
