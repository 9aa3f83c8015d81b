"""A refresh killed (SIGKILL) at any point leaves the warehouse as it was; after a rerun it equals
a clean build row for row (refresh logs, run ids and timestamps aside). Readers are never blocked."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from plans.settings import PROJECT_ROOT, configure_prefect

configure_prefect()

from flows.refresh import refresh  # noqa: E402

RAW = PROJECT_ROOT / "data" / "raw"
PLANS = Path(sys.executable).parent / "plans"
FIRST = ("tetouan_cocreation-workshops_2022.txt",)
ADDED = ("beni-mellal_open-plan_2024-2025.txt", "ait-melloul_open-plan_2024-2025.docx")
LOGS = {"etl_run", "etl_file_event", "quality_run", "quality_result"}  # grow with every run
RUN_COLUMNS = {"run_id", "run_at", "finished_at", "started_at", "loaded_at", "event_at", "docs_index"}
# Fractions of an in-process refresh's duration; the killed process also starts Prefect's server,
# so these land in start-up, extraction and loading, and the quality phase or after the swap.
KILL_AFTER = (0.3, 0.9, 1.6)


def folder(base: Path, names: tuple[str, ...]) -> Path:
    raw = base / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(RAW / name, raw / name)
    shutil.copy(RAW / "manifest.csv", raw / "manifest.csv")
    return raw


def command(raw: Path, warehouse: Path) -> list[str]:
    return [str(PLANS), "refresh", "--raw", str(raw), "--warehouse", str(warehouse), "--no-progress"]


def run(raw: Path, warehouse: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command(raw, warehouse), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def killed_after(raw: Path, warehouse: Path, env: dict[str, str], seconds: float) -> None:
    # A session of its own: the kill takes Prefect's temporary API server with it.
    process = subprocess.Popen(
        command(raw, warehouse),
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def contents(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table's rows without run columns, sorted; the current quality results likewise."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        result = {}
        for table in [t for t in tables if t not in LOGS]:
            columns = [c for c in conn.table(table).columns if c not in RUN_COLUMNS]
            result[table] = sorted(
                map(repr, conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall())
            )
        result["v_quality_results"] = sorted(
            map(
                repr,
                conn.execute(
                    """SELECT source_file, suite, expectation, success, observed
                       FROM v_quality_results WHERE is_latest_run"""
                ).fetchall(),
            )
        )
    return result


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The refresh processes use the session's Prefect server (no server start of their own)."""
    from prefect.settings import PREFECT_API_URL

    return {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / ".prefect"),
        "PREFECT_API_URL": PREFECT_API_URL.value(),
    }


def test_a_killed_refresh_leaves_nothing_half_written(tmp_path: Path, env: dict[str, str]):
    clean = tmp_path / "clean" / "plans.duckdb"
    started = time.perf_counter()
    refresh(raw_dir=folder(tmp_path / "clean", FIRST + ADDED), warehouse=clean, show_progress=False)
    duration = time.perf_counter() - started
    expected = contents(clean)

    raw = folder(tmp_path / "killed", FIRST)
    warehouse = tmp_path / "killed" / "plans.duckdb"
    refresh(raw_dir=raw, warehouse=warehouse, show_progress=False)
    before = contents(warehouse)
    folder(tmp_path / "killed", ADDED)
    for fraction in KILL_AFTER:
        killed_after(raw, warehouse, env, duration * fraction)
        # Whole either way: the previous refresh's warehouse, or (killed after the swap) the new one.
        assert contents(warehouse) in (before, expected)
    run(raw, warehouse, env)
    assert contents(warehouse) == expected
    assert not list(warehouse.parent.glob("plans.duckdb.building-*"))  # the killed copies are gone


def test_a_reader_holding_the_warehouse_does_not_block_a_refresh(tmp_path: Path, env: dict[str, str]):
    raw = folder(tmp_path, FIRST)
    warehouse = tmp_path / "plans.duckdb"
    refresh(raw_dir=raw, warehouse=warehouse, show_progress=False, quality=False)
    reader = duckdb.connect(str(warehouse), read_only=True)
    try:
        old = reader.execute("SELECT count(*) FROM dim_document").fetchone()[0]
        folder(tmp_path, ADDED)
        run(raw, warehouse, env)
        # The reader keeps its snapshot (the old file); a new session sees the refresh.
        assert reader.execute("SELECT count(*) FROM dim_document").fetchone()[0] == old
    finally:
        reader.close()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM dim_document").fetchone()[0] == old + len(ADDED)
