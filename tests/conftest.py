"""Shared test setup."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: it is a timed assertion, and on a shared 2-core machine under load pure
# functions that take 1 ms were measured at 450-780 ms (speed belongs in bench/, not in tests).
settings.register_profile("project", deadline=None)
settings.load_profile("project")

# The suite's flow runs stay out of the project's (and the user's) Prefect history: their own home,
# set before anything imports prefect, and removed after the session.
_PREFECT_HOME = tempfile.mkdtemp(prefix="plans-tests-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
_exit_status = 0


@pytest.fixture(scope="session", autouse=True)
def prefect_server():
    """One temporary Prefect API server for the session, stopped at its end (no server is left
    running: the exit below skips the interpreter's own clean-up)."""
    from plans.settings import configure_prefect

    configure_prefect()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):  # a loaded machine starts it slowly
        yield


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus (data/raw/) refreshed once per session by the Prefect flow, without the
    quality suites; tests open it read-only."""
    from plans.settings import PROJECT_ROOT, configure_prefect

    configure_prefect()
    from flows.refresh import refresh

    path = tmp_path_factory.mktemp("corpus_warehouse") / "plans.duckdb"
    refresh(raw_dir=PROJECT_ROOT / "data" / "raw", warehouse=path, show_progress=False, quality=False)
    return path


@pytest.fixture
def workshops_raw(tmp_path: Path) -> Path:
    """A raw folder with one small document (the Tétouan workshops report, .txt) and its manifest."""
    from plans.settings import PROJECT_ROOT

    name = "tetouan_cocreation-workshops_2022.txt"
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PROJECT_ROOT / "data" / "raw" / name, raw / name)
    (raw / "manifest.csv").write_text(f"file,commune\n{name},tetouan\n", encoding="utf-8")
    return raw


def pytest_sessionfinish(session, exitstatus):
    global _exit_status
    _exit_status = int(exitstatus)


def pytest_unconfigure(config):
    # DuckDB 2.0's nanobind bindings print dozens of "leaked function" lines at interpreter exit
    # after some test sessions (harmless, but they bury pytest's summary line that CI reads).
    # Everything is reported by now: leave without the interpreter's teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)
    os._exit(_exit_status)
