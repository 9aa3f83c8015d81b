"""``run_quality``: validate the warehouse after a refresh, store the results, publish Data Docs.

A failed expectation never deletes or changes data: it is a row in quality_result (and
v_quality_results), a line in the report and a red line in Data Docs.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from expectations.checks import warehouse_checks
from expectations.frames import read_batches, read_references
from expectations.results import QualityRow, write_results
from loader import warehouse as wh

DOCS_FOLDER = "quality"


@dataclass(frozen=True)
class FailedExpectation:
    source_file: str | None  # None: a check of the whole warehouse
    suite: str
    expectation: str
    observed: str | None


@dataclass
class QualityReport:
    run_id: str
    run_at: datetime
    warehouse: Path
    docs_index: Path
    documents: int = 0
    evaluated: int = 0
    failed: int = 0
    failures: list[FailedExpectation] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.failed == 0


def default_docs_dir(warehouse: Path) -> Path:
    return warehouse.parent / DOCS_FOLDER


def open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse with the quality tables and views in place (it may predate them)."""
    if not warehouse.is_file():
        raise FileNotFoundError(f"warehouse not found: {warehouse}")
    conn = wh.connect(warehouse)
    wh.create_views(conn)
    return conn


def report_of(
    run_id: str, run_at: datetime, warehouse: Path, docs_index: Path, documents: int, rows: list[QualityRow]
) -> QualityReport:
    failures = [
        FailedExpectation(r.document_id, r.suite, r.expectation, r.observed) for r in rows if not r.success
    ]
    return QualityReport(
        run_id=run_id,
        run_at=run_at,
        warehouse=warehouse,
        docs_index=docs_index,
        documents=documents,
        evaluated=len(rows),
        failed=len(failures),
        failures=failures,
    )


def run_quality(warehouse: Path, docs_dir: Path | None = None) -> QualityReport:
    """Validate every loaded document of ``warehouse``; store the results in it; build Data Docs.

    Opens the DuckDB file itself (the loader must have closed its connection). Data Docs go to
    ``docs_dir`` (default: a ``quality`` folder beside the warehouse file).
    """
    started = time.perf_counter()
    warehouse = warehouse.resolve()
    docs_dir = (docs_dir or default_docs_dir(warehouse)).resolve()
    run_id, run_at = uuid.uuid4().hex[:12], datetime.now()

    conn = open_warehouse(warehouse)
    try:
        batches = read_batches(conn)
        refs = read_references(conn)
        rows = warehouse_checks(conn)
    finally:
        conn.close()

    from expectations import validate  # imports great_expectations: seconds, so only here

    session = validate.open_session(docs_dir)
    for batch in batches:
        rows += validate.validate_document(session, batch, refs)
    docs_index = validate.build_data_docs(session.context, docs_dir)

    run = {
        "run_id": run_id,
        "run_at": run_at,
        "finished_at": datetime.now(),
        "documents": len(batches),
        "docs_index": str(docs_index),
        "gx_version": validate.GX_VERSION,
    }
    conn = duckdb.connect(str(warehouse))
    try:
        write_results(conn, run, rows)
    finally:
        conn.close()
    report = report_of(run_id, run_at, warehouse, docs_index, len(batches), rows)
    report.seconds = round(time.perf_counter() - started, 2)
    return report
