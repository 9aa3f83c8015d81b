"""Embedded defaults: a local DuckDB file and Prefect with no server, all inside the project."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extractors.intake.limits import IntakeLimits

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = PROJECT_ROOT / "data" / "raw"
    warehouse: Path = PROJECT_ROOT / "data" / "warehouse" / "plans.duckdb"
    communes_csv: Path = PROJECT_ROOT / "data" / "reference" / "communes.csv"
    theme_rules_csv: Path = PROJECT_ROOT / "data" / "reference" / "theme_rules.csv"
    # Documents are extracted in parallel threads; loading is one transaction at a time.
    max_workers: int = 2
    # An existing Dask cluster (e.g. tcp://scheduler:8786) for the document tasks; None: local threads.
    # Also `plans refresh --dask-address` or the PLANS_DASK_ADDRESS environment variable.
    dask_address: str | None = field(default_factory=lambda: os.environ.get("PLANS_DASK_ADDRESS") or None)
    # Resource limits per document (size, archive expansion, pages, text, time, memory): a document
    # over one is quarantined with the figure and the limit; see extractors/intake/limits.py.
    intake: IntakeLimits = field(default_factory=IntakeLimits)
    # After a refresh, write the data dictionary and quality page into <warehouse folder>/docs/
    # (rewritten only when what they describe changed; `plans refresh --no-docs` skips it).
    docs: bool = True


# Prefect with no server (see ../shared/docs/STACK.md): a temporary local API, state kept inside
# the project, the services that stall bursts of task runs switched off, no telemetry, quiet logs.
PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
}


def configure_prefect() -> None:
    """Apply the defaults unless the user set them; must run before ``import prefect``."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
