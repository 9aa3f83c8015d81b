"""Shared test setup."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: it is a timed assertion, and on a shared 2-core machine under load pure
# functions that take 1 ms were measured at 450-780 ms (speed belongs in bench/, not in tests).
settings.register_profile("project", deadline=None)
settings.load_profile("project")

_exit_status = 0


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


def pytest_sessionfinish(session, exitstatus):
    global _exit_status
    _exit_status = int(exitstatus)


def pytest_unconfigure(config):
    # DuckDB 2.0's nanobind bindings print dozens of "leaked function" lines at interpreter exit
    # after some test sessions (harmless, but they bury pytest's summary line that CI reads).
    # Everything is reported by now: leave without the interpreter's teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
