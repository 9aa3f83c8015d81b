"""Shared test setup."""

import os
import sys

_exit_status = 0


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
