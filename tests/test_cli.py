"""The `plans` command as the data team uses it: exit codes, summary, help."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from plans import cli
from plans.cli import app
from plans.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
WORKSHOPS_TXT = "tetouan_cocreation-workshops_2022.txt"
runner = CliRunner()


def raw_folder(tmp_path: Path, *extra: tuple[str, bytes]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / WORKSHOPS_TXT, raw / WORKSHOPS_TXT)
    (raw / "manifest.csv").write_text(f"file,commune\n{WORKSHOPS_TXT},tetouan\n", encoding="utf-8")
    for name, content in extra:
        (raw / name).write_bytes(content)
    return raw


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "refresh" in result.output


def test_refresh_exit_code_0_when_everything_loads(tmp_path: Path):
    raw = raw_folder(tmp_path)
    result = runner.invoke(app, ["refresh", "--raw", str(raw), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    assert "loaded 1, unchanged 0, skipped 0, quarantined 0" in result.output
    assert "quality:" in result.output and "expectations" in result.output


def test_refresh_exit_code_3_when_a_document_is_quarantined(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(cli.console, "width", 200)  # the reason fits on one line of the summary table
    raw = raw_folder(tmp_path, ("notes.txt", b""))
    result = runner.invoke(
        app,
        [
            "refresh",
            "--raw",
            str(raw),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--no-progress",
            "--no-quality",
        ],
    )
    assert result.exit_code == 3, result.output
    assert "quarantined 1" in result.output
    assert "file is empty" in result.output


def test_refresh_exit_code_1_when_the_raw_folder_is_missing(tmp_path: Path):
    result = runner.invoke(
        app,
        [
            "refresh",
            "--raw",
            str(tmp_path / "nowhere"),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--no-quality",
        ],
    )
    assert result.exit_code == 1
    assert "raw folder not found" in result.output


def test_refresh_exit_code_1_when_another_process_holds_the_warehouse(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(cli.console, "width", 300)
    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = runner.invoke(
            app, ["refresh", "--raw", str(raw_folder(tmp_path)), "--warehouse", str(warehouse)]
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1, result.output
    assert "is open for writing in another process" in result.output
    assert "read_only=True" in result.output
