"""Incremental quality: which documents need validating, and which keep their stored results.

A document's results depend on its own rows (every table, its reconciliation), the warehouse keys
its rows point at, and the suites' code. Their digest is stored per document (quality_input); a
document whose digest is unchanged keeps the results of the run that computed them. Checks of the
whole warehouse (lineage) are plain SQL and cheap: they run every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from importlib.metadata import version
from pathlib import Path

import duckdb

from expectations.suites import DocumentBatch, References

_SUITE_CODE = Path(__file__).resolve().parent
# Columns whose values are keys into the whole warehouse (References); only those a document uses count.
_REFERENCE_COLUMNS = ("plan_id", "commune", "plan_commune")
# When a document was loaded is no expectation's input: reloading the same content keeps its results.
_NOT_VALIDATED = ("loaded_at",)


def suite_version() -> str:
    """Digest of the expectations code and the GX version: a change revalidates every document."""
    digest = hashlib.sha256(version("great_expectations").encode())
    for path in sorted(_SUITE_CODE.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def keys_used(batch: DocumentBatch) -> set[str]:
    values: set[str] = set()
    for frame in batch.frames.values():
        for column in _REFERENCE_COLUMNS:
            if column in frame:
                values.update(str(v) for v in frame[column].dropna().unique())
    return values


def batch_digest(batch: DocumentBatch, refs: References, suites: str) -> str:
    """SHA-256 of what the document's results are computed from."""
    digest = hashlib.sha256(suites.encode())
    digest.update(repr(batch.info).encode())
    for table in sorted(batch.frames):
        digest.update(table.encode())
        frame = batch.frames[table].drop(columns=list(_NOT_VALIDATED), errors="ignore")
        # Row order is not part of the content (a scan after updates may return rows in any order).
        header, *lines = frame.to_csv(index=False).splitlines()
        digest.update("\n".join([header, *sorted(lines)]).encode())
    used = keys_used(batch)
    digest.update(repr(sorted(used & refs.plan_ids)).encode())
    digest.update(repr(sorted(used & refs.communes)).encode())
    return digest.hexdigest()


def stored_digests(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """document_id -> (digest, run_id) of the results currently valid for it."""
    rows = conn.execute("SELECT document_id, digest, run_id FROM quality_input").fetchall()
    return {d: (digest, run_id) for d, digest, run_id in rows}


def needing_validation(
    batches: Iterable[DocumentBatch], digests: Mapping[str, str], stored: Mapping[str, tuple[str, str]]
) -> list[DocumentBatch]:
    return [b for b in batches if stored.get(b.info.document_id, ("", ""))[0] != digests[b.info.document_id]]


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
