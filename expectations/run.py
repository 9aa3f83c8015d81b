"""``run_quality``: validate the warehouse after a refresh, store the results, publish Data Docs.

A failed expectation never deletes or changes data: it is a row in quality_result (and
v_quality_results), a line in the report and a red line in Data Docs.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb

from expectations import incremental
from expectations.checks import warehouse_checks
from expectations.frames import batches_of, read_documents, read_references, read_tables
from expectations.quality_report import QualityReport, report_of, suite_version
from expectations.results import QualityRow, write_results
from expectations.suites import DocumentBatch, References
from loader import warehouse as wh

DOCS_FOLDER = "quality"
# Documents validated together, each table in one GX run (expectations.batching): GX's cost is per
# expectation, not per row, so more documents per run is cheaper; this bounds the stacked frames'
# memory, the size of a Data Docs page and the progress bar's steps.
DOCUMENTS_PER_VALIDATION = 100
# Documents read from the warehouse at a time: their rows of every table, split into batches.
DOCUMENTS_PER_READ = 200


def default_docs_dir(warehouse: Path) -> Path:
    return warehouse.parent / DOCS_FOLDER


def open_warehouse(warehouse: Path, views_current: bool = False) -> duckdb.DuckDBPyConnection:
    """The warehouse with the quality tables and views in place (it may predate them).

    ``views_current``: the caller has just created the views and filled the marts (the refresh,
    before validating): creating them again would compute every mart a second time."""
    if not warehouse.is_file():
        raise FileNotFoundError(f"warehouse not found: {warehouse}")
    conn = wh.connect(warehouse)
    if not views_current:
        wh.create_views(conn)
    return conn


def current_rows(conn: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[QualityRow]:
    """The stored results that stay valid for these (unchanged) documents."""
    if not document_ids:
        return []
    rows = conn.execute(
        """SELECT r.document_id, r.suite, r.expectation, r.success, r.observed, r.details
           FROM quality_result AS r JOIN quality_input AS q
             ON q.document_id = r.document_id AND q.run_id = r.run_id
           WHERE r.document_id IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY r.document_id, r.result_no""",
        [document_ids],
    ).fetchall()
    return [QualityRow(*row) for row in rows]


def run_quality(
    warehouse: Path,
    docs_dir: Path | None = None,
    on_document: Callable[[str], None] | None = None,
    views_current: bool = False,
    on_report: Callable[[QualityReport], None] | None = None,
) -> QualityReport:
    """Validate the documents of ``warehouse`` whose inputs changed; store the results; Data Docs.

    A document whose rows, references and suites are unchanged since its last validation keeps its
    stored results (they stay current in v_quality_results). Opens the DuckDB file itself (the
    loader must have closed its connection). Data Docs go to ``docs_dir`` (default: a ``quality``
    folder beside the warehouse file) and show the documents validated by the latest run that
    validated any. ``on_document`` is called with each document's id as it is validated (progress).
    ``views_current``: see ``open_warehouse``. ``on_report`` is called with the report once the
    results are stored and the file closed, before Data Docs are built (the refresh goes on
    meanwhile). Data Docs that cannot be written raise ``DataDocsNotWritten``, the results stored.
    """
    started = time.perf_counter()
    warehouse = warehouse.resolve()
    docs_dir = (docs_dir or default_docs_dir(warehouse)).resolve()
    run_id, run_at = uuid.uuid4().hex[:12], datetime.now()
    suites = suite_version()

    conn = open_warehouse(warehouse, views_current)
    try:
        documents = read_documents(conn)
        refs = read_references(conn)
        rows = warehouse_checks(conn)
        stored = incremental.stored_digests(conn)
        validation = _Validation(docs_dir, refs, on_document)
        digests: dict[str, str] = {}
        validated: list[str] = []
        kept: list[str] = []
        # A group of documents at a time, read, digested and (when changed) validated before the
        # next is read: the frames in memory are a group's, whatever the warehouse's size.
        for start in range(0, len(documents), DOCUMENTS_PER_READ):
            group = documents[start : start + DOCUMENTS_PER_READ]
            tables = read_tables(conn, [d.document_id for d in group])
            batches = batches_of(group, tables)
            group_digests = incremental.batch_digests(batches, tables, refs, suites)
            del tables  # the batches hold their own slices
            digests.update(group_digests)
            pending = incremental.needing_validation(batches, group_digests, stored)
            validation.add(pending)
            pending_ids = {b.info.document_id for b in pending}
            validated += [b.info.document_id for b in pending]
            kept += [b.info.document_id for b in batches if b.info.document_id not in pending_ids]
        rows += validation.finish()
        kept_rows = current_rows(conn, kept)
    finally:
        conn.close()
    docs_index = docs_dir / "index.html"  # rebuilt below if any was validated, else as it was

    run = {
        "run_id": run_id,
        "run_at": run_at,
        "finished_at": datetime.now(),
        "documents": len(validated),
        "docs_index": str(docs_index),
        "gx_version": version("great_expectations"),
    }
    inputs = [(d, digests[d], suites, run_id) for d in validated] + [
        (d, digests[d], suites, stored[d][1]) for d in kept
    ]
    conn = duckdb.connect(str(warehouse))
    try:
        write_results(conn, run, rows, inputs)
    finally:
        conn.close()
    plans = {d.document_id: d.plan_id for d in documents}
    report = report_of(run_id, run_at, warehouse, docs_index, len(documents), rows + kept_rows, plans)
    report.validated = len(validated)
    report.seconds = round(time.perf_counter() - started, 2)
    if on_report:
        on_report(report)
    validation.build_docs()
    return report


class DataDocsNotWritten(RuntimeError):
    """The results are stored; GX's Data Docs site could not be written."""


class _Validation:
    """The documents that need validating, validated DOCUMENTS_PER_VALIDATION at a time as they
    arrive (a group read after another), in one GX session opened on the first: the GX runs are
    those of validating them all at the end, and no more than a run's worth of frames wait."""

    def __init__(self, docs_dir: Path, refs: References, on_document: Callable[[str], None] | None) -> None:
        self.docs_dir, self.refs, self.on_document = docs_dir, refs, on_document
        self.waiting: list[DocumentBatch] = []
        self.rows: list[QualityRow] = []
        self.session: Any = None

    def add(self, batches: list[DocumentBatch]) -> None:
        self.waiting += batches
        while len(self.waiting) >= DOCUMENTS_PER_VALIDATION:
            self._validate(DOCUMENTS_PER_VALIDATION)

    def finish(self) -> list[QualityRow]:
        """Validate what waits. The rows, in order."""
        if self.waiting:
            self._validate(len(self.waiting))
        return self.rows

    def build_docs(self) -> None:
        """Data Docs of this run, when anything was validated (else the site stays as it was)."""
        if self.session is None:
            return
        from expectations import validate

        try:
            validate.build_data_docs(self.session.context, self.docs_dir)
        except Exception as exc:
            raise DataDocsNotWritten(f"Data Docs not written to {self.docs_dir}: {exc}") from exc

    def _validate(self, count: int) -> None:
        # Both import great_expectations (seconds): only when there is something to validate.
        from expectations import parallel, validate

        if self.session is None:
            self.session = validate.open_session(self.docs_dir)
        chunk, self.waiting = self.waiting[:count], self.waiting[count:]
        self.rows += parallel.validate_documents(self.session, chunk, self.refs, self.docs_dir)
        for batch in chunk:
            if self.on_document:
                self.on_document(batch.info.document_id)
