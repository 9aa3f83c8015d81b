"""Incremental refresh: unchanged documents are not validated again, their results stay current;
a refresh with nothing to do starts no flow; a removed file's facts stop being current."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from plans.settings import PROJECT_ROOT, configure_prefect

configure_prefect()

from flows.intake import refresh_if_nothing_changed  # noqa: E402
from flows.refresh import refresh  # noqa: E402

RAW = PROJECT_ROOT / "data" / "raw"
BENI_MELLAL_TXT = "beni-mellal_open-plan_2024-2025.txt"
AIT_MELLOUL_TXT = "ait-melloul_open-plan_2024-2025.txt"
AIT_MELLOUL_DOCX = "ait-melloul_open-plan_2024-2025.docx"
FILES = (BENI_MELLAL_TXT, AIT_MELLOUL_TXT, AIT_MELLOUL_DOCX, "manifest.csv")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("incremental")
    (base / "raw").mkdir()
    for name in FILES:
        shutil.copy(RAW / name, base / "raw" / name)
    return base


def query(warehouse: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


def stated_total_failure(report) -> list[str | None]:
    return [
        f.observed
        for f in report.failures
        if f.source_file == BENI_MELLAL_TXT and "total_cost_mad" in f.expectation
    ]


def test_incremental_quality_then_no_op_then_removal(folder: Path):
    raw, warehouse = folder / "raw", folder / "plans.duckdb"
    first = refresh(raw_dir=raw, warehouse=warehouse, show_progress=False)
    assert first.quality.validated == 3 and first.quality.documents == 3
    assert stated_total_failure(first.quality) == ["stated 330000.00, computed 360000.00"]

    # Nothing changed: the flow validates no document; the stored results stay current and complete.
    again = refresh(raw_dir=raw, warehouse=warehouse, show_progress=False)
    assert again.quality.validated == 0
    assert again.quality.evaluated == first.quality.evaluated
    assert stated_total_failure(again.quality) == stated_total_failure(first.quality)
    current = query(
        warehouse, "SELECT count(*), count(DISTINCT run_id) FROM v_quality_results WHERE is_latest_run"
    )
    assert current[0][0] == first.quality.evaluated
    # The CLI's pre-check sees there is nothing to do: no flow run, the refresh still logged.
    runs_before = query(warehouse, "SELECT count(*) FROM etl_run")[0][0]
    noop = refresh_if_nothing_changed(raw, warehouse, quality=True)
    assert noop is not None and not noop.flow_started
    assert noop.count("unchanged") == 3
    assert stated_total_failure(noop.quality) == ["stated 330000.00, computed 360000.00"]
    assert query(warehouse, "SELECT count(*) FROM etl_run")[0][0] == runs_before + 1

    # The Beni Mellal text now states what its projects add up to: only that document is validated.
    text = (raw / BENI_MELLAL_TXT).read_text(encoding="utf-8")
    (raw / BENI_MELLAL_TXT).write_text(text.replace("330000", "360000"), encoding="utf-8")
    assert refresh_if_nothing_changed(raw, warehouse, quality=True) is None
    changed = refresh(raw_dir=raw, warehouse=warehouse, show_progress=False)
    assert changed.quality.validated == 1
    assert stated_total_failure(changed.quality) == []
    kept = query(
        warehouse,
        "SELECT DISTINCT run_id FROM v_quality_results WHERE is_latest_run AND source_file = ?",
        AIT_MELLOUL_TXT,
    )
    assert kept == [(first.quality.run_id,)]  # Aït Melloul's results are the first run's, still current

    # The Aït Melloul text export is withdrawn: its facts stay, not current; the event is logged.
    (raw / AIT_MELLOUL_TXT).unlink()
    removed = refresh(raw_dir=raw, warehouse=warehouse, show_progress=False)
    assert [f.outcome for f in removed.files if f.file_name == AIT_MELLOUL_TXT] == ["removed"]
    status, is_current = query(
        warehouse, "SELECT status, is_current FROM dim_document WHERE document_id = ?", AIT_MELLOUL_TXT
    )[0]
    assert (status, is_current) == ("removed", False)
    # Kept in the fact tables (nothing is lost), gone from the views of loaded renditions.
    assert query(warehouse, "SELECT count(*) FROM fact_activity WHERE document_id = ?", AIT_MELLOUL_TXT) == [
        (63,)
    ]
    assert query(warehouse, "SELECT count(*) FROM v_activities WHERE source_file = ?", AIT_MELLOUL_TXT) == [
        (0,)
    ]
    # The plan's other rendition (the Word file) is now its current one.
    assert query(
        warehouse, "SELECT is_current FROM dim_document WHERE document_id = ?", AIT_MELLOUL_DOCX
    ) == [(True,)]
    events = query(
        warehouse,
        "SELECT outcome FROM etl_file_event WHERE run_id = ? AND file_name = ?",
        removed.run_id,
        AIT_MELLOUL_TXT,
    )
    assert events == [("removed",)]
    assert query(warehouse, "SELECT count(*) FROM quality_input WHERE document_id = ?", AIT_MELLOUL_TXT) == [
        (0,)
    ]
