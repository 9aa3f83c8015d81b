"""The refresh's temporary Prefect API (flows/temporary_api.py), as the `plans` command starts it.

Run in fresh interpreters: the API is started before Prefect is imported, which the test process
has already done."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from plans.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
WORKSHOPS_TXT = "tetouan_cocreation-workshops_2022.txt"

PROBE = """
import json, os, sys, urllib.request
from plans.settings import configure_prefect
configure_prefect()
from flows.temporary_api import temporary_api
with temporary_api() as api:
    inside = os.environ.get("PREFECT_API_URL")
    api.wait_until_ready()
    health = urllib.request.urlopen(inside + "/health", timeout=5).status
    request = urllib.request.Request(inside + "/block_types/filter", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    block_types = len(json.load(urllib.request.urlopen(request, timeout=5)))
    import prefect.settings
    seen_by_prefect = prefect.settings.PREFECT_API_URL.value()
    with api.for_flow_runs():
        heartbeat_inside = prefect.settings.get_current_settings().flows.heartbeat_frequency
    heartbeat_after = prefect.settings.get_current_settings().flows.heartbeat_frequency
    pid = api.process.pid
print(json.dumps({"inside": inside, "health": health, "prefect": seen_by_prefect, "pid": pid,
                  "block_types": block_types, "heartbeat": [heartbeat_inside, heartbeat_after],
                  "after": os.environ.get("PREFECT_API_URL"), "exit": api.process.returncode}))
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / ".prefect")
    return env


def test_the_api_is_started_before_prefect_is_imported_and_stopped_after(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_ROOT,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["inside"].startswith("http://127.0.0.1:") and seen["inside"].endswith("/api")
    assert seen["health"] == 200
    assert seen["prefect"] == seen["inside"]  # Prefect talks to ours: it starts no server of its own
    assert seen["after"] is None  # the variable does not outlive the block
    # It did not register Prefect's block types (the refresh uses none; checking them at boot
    # imported every installed collection, dask's included)
    assert seen["block_types"] == 0
    # Its flow runs send no heartbeats (nobody outlives the refresh to watch them); Prefect's own
    # setting (every 180 s, unless the environment says otherwise) is back after the block
    inside, after = seen["heartbeat"]
    assert inside is None and after == int(os.environ.get("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "180"))
    assert seen["exit"] is not None and not _alive(seen["pid"])


def test_an_api_url_set_by_the_user_is_used_as_it_is(monkeypatch) -> None:
    from flows.temporary_api import temporary_api

    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    with temporary_api() as api:
        assert api.url == "http://prefect.example:4200/api" and api.process is None
        api.wait_until_ready()  # nothing of ours to wait for
        import prefect.settings

        outside = prefect.settings.get_current_settings().flows.heartbeat_frequency
        with api.for_flow_runs():  # the user's server may watch heartbeats: Prefect's settings kept
            assert prefect.settings.get_current_settings().flows.heartbeat_frequency == outside
        assert outside is not None


def test_a_refresh_from_the_command_line_leaves_no_server_behind(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / WORKSHOPS_TXT, raw / WORKSHOPS_TXT)
    (raw / "manifest.csv").write_text(f"file,commune\n{WORKSHOPS_TXT},tetouan\n", encoding="utf-8")
    before = _uvicorn_processes()
    command = [sys.executable, "-m", "plans.cli", "refresh", "--no-progress", "--no-docs"]
    run = subprocess.run(
        [*command, "--raw", str(raw), "--warehouse", str(tmp_path / "w.duckdb")],
        cwd=PROJECT_ROOT,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "loaded 1, unchanged 0, skipped 0, quarantined 0" in run.stdout + run.stderr
    assert _uvicorn_processes() <= before


def _uvicorn_processes() -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"prefect.server.api.server:create_app" in command and _alive(int(entry.name)):
                found.add(int(entry.name))
    return found
