"""What a refresh has to do: which files in the raw folder changed, which are gone.

Cheap (hashes and one query per file) and free of Prefect, so that a refresh with nothing to do
answers in about the time Python takes to start (see ``refresh_if_nothing_changed``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import duckdb

from extractors.base import file_sha256
from flows.summary import FileReport, RefreshSummary
from loader import warehouse as wh
from plans.pipeline import NOT_DOCUMENTS, FileResult

REMOVED = "removed"


@dataclass
class Intake:
    changed: list[Path] = field(default_factory=list)
    unchanged: list[FileReport] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # documents in the warehouse, gone from raw


def list_documents(raw_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in raw_dir.iterdir()
        if p.is_file() and p.name not in NOT_DOCUMENTS and not p.name.startswith(".")
    )


def largest_first(paths: list[Path]) -> list[Path]:
    """The files in the order to start them: largest first, so that the last to start, and so the
    last to finish, are small ones and the workers end together (longest-processing-time-first;
    size is a rough but free measure of the work). The sample corpus without its scan: the last
    file finished about 1 s after the other worker's, in name order."""
    return sorted(paths, key=lambda p: (-_size(p), p.name))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since the scan: its own task reports that, the refresh goes on
        return 0


def is_unchanged(state: tuple[str, str, str] | None, sha256: str, version: str) -> bool:
    # A removed file put back is loaded again (its facts were marked not current).
    return state is not None and state[0] == sha256 and state[1] == version and state[2] != REMOVED


def scan(conn: duckdb.DuckDBPyConnection, raw_dir: Path, version: str) -> Intake:
    intake = Intake()
    paths = list_documents(raw_dir)
    for path in paths:
        state = wh.document_state(conn, path.name)
        if is_unchanged(state, file_sha256(path), version):
            previous = state[2] if state else ""
            # A file still quarantined or skipped (needs OCR) is reported as such, not as fine.
            outcome = previous if previous in ("quarantined", "skipped") else "unchanged"
            intake.unchanged.append(FileReport(path.name, outcome, wh.document_reason(conn, path.name)))
        else:
            intake.changed.append(path)
    present = {p.name for p in paths}
    intake.removed = [d for d in wh.document_ids(conn, exclude_status=REMOVED) if d not in present]
    return intake


def manifest_disagreement(result: FileResult, manifest: Mapping[str, str]) -> str | None:
    """'manifest says X, the text names Y' when the document's own text overrides its manifest row."""
    said = manifest.get(result.file_name)
    named = result.plan.commune if result.plan is not None else None
    if said and named and result.commune_source == "document_text" and said != named:
        return f"manifest says '{said}' but the document's text names '{named}'"
    return None


def checked_against_manifest(result: FileResult, manifest: Mapping[str, str], strict: bool) -> FileResult:
    """Report a manifest the text contradicts; with ``strict``, quarantine the document instead."""
    disagreement = manifest_disagreement(result, manifest)
    if disagreement is None:
        return result
    if strict:
        reason = f"{disagreement} (--strict: fix manifest.csv or the upload)"
        return replace(result, outcome="quarantined", reason=reason, plan=None)
    return replace(result, reason=f"{disagreement}: filed under '{result.plan.commune}'")


def flag_duplicates(
    conn: duckdb.DuckDBPyConnection, files: list[FileReport], manifest: Mapping[str, str], run_id: str
) -> list[FileReport]:
    """Files of this run whose bytes equal another document's filed under another commune (or
    another manifest commune): the same content uploaded for two communes. Flagged, not dropped."""
    flagged = []
    for report in files:
        twins = conn.execute(
            """SELECT o.document_id, coalesce(o.commune, ''), coalesce(d.commune, '') FROM dim_document AS d
               JOIN dim_document AS o ON o.sha256 = d.sha256 AND o.document_id <> d.document_id
               WHERE d.document_id = ? AND o.status <> ? ORDER BY o.document_id""",
            [report.file_name, REMOVED],
        ).fetchall()
        other = [
            (name, commune)
            for name, commune, own in twins
            if commune != own or manifest.get(name, commune) != manifest.get(report.file_name, own)
        ]
        if report.outcome in ("unchanged", REMOVED) or not other:
            flagged.append(report)
            continue
        names = ", ".join(f"{n} ({c or manifest.get(n, '?')})" for n, c in other)
        note = f"identical content to {names}, filed under another commune"
        reason = f"{report.reason}; {note}" if report.reason else note
        conn.execute(
            "UPDATE etl_file_event SET reason = ? WHERE run_id = ? AND file_name = ?",
            [reason, run_id, report.file_name],
        )
        flagged.append(replace(report, reason=reason))
    return flagged


def record_removed(conn: duckdb.DuckDBPyConnection, removed: list[str], run_id: str) -> list[FileReport]:
    """Files gone from the raw folder: their facts stay (nothing is lost) but are no longer current."""
    reports = []
    for document_id in removed:
        reason = "file no longer in the raw folder: its facts are kept but not current"
        wh.mark_removed(conn, document_id, reason)
        conn.execute(
            "INSERT INTO etl_file_event VALUES (?, ?, NULL, ?, ?, ?)",
            [run_id, document_id, REMOVED, reason, datetime.now()],
        )
        reports.append(FileReport(document_id, REMOVED, reason))
    return reports


def record_run(
    conn: duckdb.DuckDBPyConnection, summary: RefreshSummary, raw_dir: Path, started: datetime
) -> None:
    conn.execute(
        "INSERT INTO etl_run VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            summary.run_id,
            started,
            datetime.now(),
            str(raw_dir),
            summary.count("interpreted", "recognised", REMOVED),
            summary.count("unchanged"),
            summary.count("skipped"),
            summary.count("quarantined"),
        ],
    )


def has_work(raw_dir: Path, warehouse: Path, quality: bool) -> bool:
    """Whether a refresh would change anything (read-only: never blocks nor is blocked by readers).

    Nothing to do: every file unchanged (same SHA-256, same pipeline version), none removed, and
    (with ``quality``) every document's stored quality results computed after its last load by the
    current suites.
    """
    from expectations.quality_report import is_up_to_date, suite_version
    from plans import pipeline_fingerprint

    if not warehouse.is_file():
        return True
    try:
        conn = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException:
        return True  # held for writing: the refresh itself reports that, with what to do
    try:
        intake = scan(conn, raw_dir, pipeline_fingerprint())
        if intake.changed or intake.removed:
            return True
        return quality and not is_up_to_date(conn, suite_version())
    except duckdb.CatalogException:  # a warehouse built before a table existed: migrate it
        return True
    finally:
        conn.close()


def refresh_if_nothing_changed(
    raw_dir: Path, warehouse: Path, quality: bool, docs: bool = True
) -> RefreshSummary | None:
    """The summary of a refresh with nothing to do (see ``has_work``), recorded in etl_run; None
    when there is work. No Prefect flow run is started: its temporary API server alone costs
    several times what the check does. ``docs``: the docs folder is written only if it is missing
    or stale (written before the last change, or with ``--no-docs`` since)."""
    from expectations.quality_report import current_report
    from loader.swap import building
    from plans import pipeline_fingerprint

    if has_work(raw_dir, warehouse, quality):
        return None
    started = datetime.now()
    with building(warehouse) as work:
        conn = wh.connect(work)
        try:
            intake = scan(conn, raw_dir, pipeline_fingerprint())
            summary = RefreshSummary(uuid.uuid4().hex[:12], str(warehouse), list(intake.unchanged))
            summary.flow_started = False
            if quality:
                summary.quality = current_report(conn, warehouse)
            record_run(conn, summary, raw_dir, started)
        finally:
            conn.close()
    if docs:
        summary.write_docs(warehouse)
    return summary
