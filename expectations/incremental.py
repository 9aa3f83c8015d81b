"""Incremental quality: which documents need validating, and which keep their stored results.

A document's results depend on its own rows (every table, its reconciliation), the warehouse keys
its rows point at, and the suites' code. Their digest is stored per document (quality_input); a
document whose digest is unchanged keeps the results of the run that computed them. Checks of the
whole warehouse (lineage) are plain SQL and cheap: they run every time.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from expectations.suites import DocumentBatch, References

# Columns whose values are keys into the whole warehouse (References); only those a document uses count.
_REFERENCE_COLUMNS = ("plan_id", "commune", "plan_commune")
# When a document was loaded is no expectation's input: reloading the same content keeps its results.
_NOT_VALIDATED = ("loaded_at",)


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
    _update_with_keys(digest, batch, refs)
    return digest.hexdigest()


def _update_with_keys(digest: Any, batch: DocumentBatch, refs: References) -> None:
    used = keys_used(batch)
    digest.update(repr(sorted(used & refs.plan_ids)).encode())
    digest.update(repr(sorted(used & refs.communes)).encode())


def batch_digests(
    batches: Sequence[DocumentBatch], tables: Mapping[str, pd.DataFrame], refs: References, suites: str
) -> dict[str, str]:
    """``batch_digest`` of every batch, from the tables the batches were split from
    (``expectations.frames.read_tables``): the same digests, with one ``to_csv`` per table
    instead of one per document and table (a call costs ~7 ms, nearly all of it fixed: 240
    documents' digests took 3-4.5 s of a 150-commune refresh)."""
    lines = {table: _csv_lines_by_document(frame) for table, frame in tables.items()}
    digests: dict[str, str] = {}
    for batch in batches:
        digest = hashlib.sha256(suites.encode())
        digest.update(repr(batch.info).encode())
        for table in sorted(batch.frames):
            header, by_document = lines[table]
            digest.update(table.encode())
            digest.update("\n".join([header, *sorted(by_document[batch.info.document_id])]).encode())
        _update_with_keys(digest, batch, refs)
        digests[batch.info.document_id] = digest.hexdigest()
    return digests


def _csv_lines_by_document(frame: pd.DataFrame) -> tuple[str, dict[str, list[str]]]:
    """The header and each document's lines of ``frame``'s CSV, as ``batch_digest`` splits a
    document's own frame: a row's text is what the csv writer wrote for it whatever the rows
    around it (each value is formatted alone; the frames are slices of this one, so the columns'
    types are the same), and its lines are that text's ``splitlines``."""
    frame = frame.drop(columns=list(_NOT_VALIDATED), errors="ignore")
    header, *rows = _csv_rows(frame.to_csv(index=False))
    by_document: dict[str, list[str]] = defaultdict(list)
    for document_id, row in zip(frame["document_id"], rows, strict=True):
        if not pd.isna(document_id):
            by_document[str(document_id)] += row.splitlines()
    return header, by_document


def _csv_rows(text: str) -> list[str]:
    """The records of a CSV text written by the csv module (quote char ``"``, quotes doubled):
    a line feed ends a record unless it is inside quotes, i.e. after an odd number of quotes."""
    records: list[str] = []
    pending: list[str] = []
    quotes = 0
    for piece in text.split("\n")[:-1]:  # the text ends with the last record's line feed
        pending.append(piece)
        quotes += piece.count('"')
        if quotes % 2 == 0:
            records.append("\n".join(pending))
            pending, quotes = [], 0
    assert not pending, "a quoted field left open"
    return records


def stored_digests(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """document_id -> (digest, run_id) of the results currently valid for it."""
    rows = conn.execute("SELECT document_id, digest, run_id FROM quality_input").fetchall()
    return {d: (digest, run_id) for d, digest, run_id in rows}


def needing_validation(
    batches: Iterable[DocumentBatch], digests: Mapping[str, str], stored: Mapping[str, tuple[str, str]]
) -> list[DocumentBatch]:
    return [b for b in batches if stored.get(b.info.document_id, ("", ""))[0] != digests[b.info.document_id]]
