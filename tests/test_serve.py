"""Automatic refresh: the served deployment's schedule, run states and task retries."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from plans.settings import configure_prefect

configure_prefect()

import flows.refresh as refresh_module  # noqa: E402
from flows.serve import deployment, refresh_on_upload  # noqa: E402

WORKSHOPS_TXT = "tetouan_cocreation-workshops_2022.txt"


def test_the_deployment_runs_on_an_interval_with_the_folders(tmp_path: Path):
    served = deployment(tmp_path / "raw", tmp_path / "w.duckdb", timedelta(seconds=90))
    assert served.name == "data-raw"
    assert [s.schedule.interval for s in served.schedules] == [timedelta(seconds=90)]
    assert served.parameters == {
        "raw_dir": str(tmp_path / "raw"),
        "warehouse": str(tmp_path / "w.duckdb"),
        "strict": False,
    }


def test_a_run_that_quarantines_a_file_ends_failed_then_nothing_changed_completes(
    tmp_path: Path, workshops_raw: Path
):
    raw = workshops_raw
    (raw / "notes.txt").write_bytes(b"")
    warehouse = tmp_path / "w.duckdb"
    state = refresh_on_upload(str(raw), str(warehouse), return_state=True)
    assert state.is_failed()
    assert "quarantined 1" in state.message and "notes.txt: unreadable: file is empty" in state.message
    # The workshops report was loaded all the same (the Failed state does not undo loading).
    assert "loaded 1" in state.message

    (raw / "notes.txt").unlink()
    state = refresh_on_upload(str(raw), str(warehouse), return_state=True)
    assert state.is_completed() and "removed 1" in state.message
    state = refresh_on_upload(str(raw), str(warehouse), return_state=True)
    assert state.is_completed() and state.message == "nothing changed"


def test_a_transient_io_error_is_retried(
    tmp_path: Path, workshops_raw: Path, monkeypatch: pytest.MonkeyPatch
):
    calls: list[str] = []
    real = refresh_module.process_file

    def flaky(path: Path, context):
        calls.append(path.name)
        if len(calls) == 1:
            raise OSError("network share not ready")
        return real(path, context)

    monkeypatch.setattr(refresh_module, "process_file", flaky)
    summary = refresh_module.refresh(
        raw_dir=workshops_raw, warehouse=tmp_path / "w.duckdb", show_progress=False, quality=False
    )
    assert calls == [WORKSHOPS_TXT, WORKSHOPS_TXT]
    assert [f.outcome for f in summary.files] == ["interpreted"]


def test_a_bug_is_not_retried_and_quarantines_its_document(
    tmp_path: Path, workshops_raw: Path, monkeypatch: pytest.MonkeyPatch
):
    calls: list[str] = []

    def buggy(path: Path, context):
        calls.append(path.name)
        raise KeyError("column")

    monkeypatch.setattr(refresh_module, "process_file", buggy)
    summary = refresh_module.refresh(
        raw_dir=workshops_raw, warehouse=tmp_path / "w.duckdb", show_progress=False, quality=False
    )
    assert calls == [WORKSHOPS_TXT]
    assert summary.files[0].outcome == "quarantined"
    assert summary.files[0].reason == "internal error while processing: KeyError: 'column'"
