"""What quality runs stored and report: the report the summary keeps and the CLI prints, and
whether the stored results are current.

Apart from ``expectations.run`` (which reads frames with pandas and validates with Great
Expectations): the refresh's process imports these while its quality phase runs in another process
(``flows.quality_process``), and a refresh with nothing to do only reads what is stored. pandas
alone was about 0.4 s of either's start.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import duckdb

_SUITE_CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class QualityRow:
    document_id: str | None  # None: a check of the whole warehouse
    suite: str
    expectation: str
    success: bool
    observed: str | None
    details: str | None = None  # JSON


@dataclass(frozen=True)
class FailedExpectation:
    source_file: str | None  # None: a check of the whole warehouse
    suite: str
    expectation: str
    observed: str | None
    plan_id: str | None = None  # the plan of source_file: one contradiction may show in several renditions


@dataclass
class QualityReport:
    run_id: str
    run_at: datetime
    warehouse: Path
    docs_index: Path
    documents: int = 0  # documents whose results are current (validated now or kept)
    evaluated: int = 0
    failed: int = 0
    failures: list[FailedExpectation] = field(default_factory=list)
    seconds: float = 0.0
    validated: int = 0  # documents validated by this run; the others kept their stored results

    @property
    def passed(self) -> bool:
        return self.failed == 0


def report_of(
    run_id: str,
    run_at: datetime,
    warehouse: Path,
    docs_index: Path,
    documents: int,
    rows: list[QualityRow],
    plans: Mapping[str, str | None] | None = None,
) -> QualityReport:
    """``plans``: document_id -> plan_id, to tell which failures are the same plan's."""
    plans = plans or {}
    failures = [
        FailedExpectation(r.document_id, r.suite, r.expectation, r.observed, plans.get(r.document_id or ""))
        for r in rows
        if not r.success
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


def current_report(conn: duckdb.DuckDBPyConnection, warehouse: Path) -> QualityReport:
    """The results currently valid (is_latest_run in v_quality_results) as one report."""
    latest = conn.execute(
        "SELECT run_id, run_at, docs_index FROM quality_run ORDER BY run_at DESC, run_id DESC LIMIT 1"
    ).fetchone()
    if latest is None:
        raise LookupError(f"no quality run stored in {warehouse}")
    rows = conn.execute(
        """SELECT r.document_id, r.suite, r.expectation, r.success, r.observed, r.details
           FROM quality_result AS r LEFT JOIN quality_input AS q USING (document_id)
           WHERE (r.document_id IS NULL AND r.run_id = ?) OR q.run_id = r.run_id
           ORDER BY r.document_id NULLS FIRST, r.result_no""",
        [latest[0]],
    ).fetchall()
    documents = conn.execute("SELECT count(*) FROM quality_input").fetchone()[0]
    plans = dict(conn.execute("SELECT document_id, plan_id FROM dim_document").fetchall())
    return report_of(
        latest[0], latest[1], warehouse, Path(latest[2]), documents, [QualityRow(*r) for r in rows], plans
    )


def suite_version() -> str:
    """Digest of the expectations code and the GX version: a change revalidates every document."""
    digest = hashlib.sha256(version("great_expectations").encode())
    for path in sorted(_SUITE_CODE.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def is_up_to_date(conn: duckdb.DuckDBPyConnection, suites: str) -> bool:
    """Every loaded document has results computed by these suites (used before any work starts)."""
    missing = conn.execute(
        """SELECT count(*) FROM dim_document AS d
           LEFT JOIN quality_input AS q USING (document_id)
           WHERE d.status IN ('interpreted', 'recognised') AND (q.suite_version IS DISTINCT FROM ?)""",
        [suites],
    ).fetchone()[0]
    stale = conn.execute(
        """SELECT count(*) FROM quality_input
           WHERE document_id NOT IN
               (SELECT document_id FROM dim_document WHERE status IN ('interpreted', 'recognised'))"""
    ).fetchone()[0]
    # A load after the latest quality run (e.g. a refresh with --no-quality) may change any result.
    loaded_since = conn.execute(
        """SELECT count(*) FROM etl_run
           WHERE loaded > 0 AND finished_at > (SELECT coalesce(max(run_at), TIMESTAMP '1900-01-01')
                                               FROM quality_run)"""
    ).fetchone()[0]
    return missing == 0 and stale == 0 and loaded_since == 0
