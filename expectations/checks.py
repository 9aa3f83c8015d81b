"""Plain SQL checks stored beside the GX results: what no single document's DataFrames can show.

A fact row whose document_id is missing from dim_document belongs to no document, so no
per-document suite ever sees it: it is found here, over the whole warehouse.
"""

from __future__ import annotations

import json

import duckdb

from expectations.results import QualityRow
from loader.warehouse import DOCUMENT_TABLES

LINEAGE_SUITE = "lineage"


def orphan_rows(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, int]]:
    """(document_id, rows) of a table's rows whose document is not in dim_document."""
    return conn.execute(
        f"""SELECT document_id, count(*) FROM {table}
            WHERE document_id NOT IN (SELECT document_id FROM dim_document)
            GROUP BY document_id ORDER BY document_id"""
    ).fetchall()


def orphan_check(table: str, orphans: list[tuple[str, int]]) -> QualityRow:
    total = sum(n for _, n in orphans)
    observed = (
        f"{total} rows of documents not in dim_document: " + ", ".join(f"{d} ({n})" for d, n in orphans)
        if orphans
        else "0 rows without a document"
    )
    return QualityRow(
        document_id=None,
        suite=LINEAGE_SUITE,
        expectation=f"{table}.document_id -> dim_document",
        success=not orphans,
        observed=observed,
        details=json.dumps({"check": "sql", "table": table, "orphans": dict(orphans)}, ensure_ascii=False),
    )


def warehouse_checks(conn: duckdb.DuckDBPyConnection) -> list[QualityRow]:
    return [orphan_check(table, orphan_rows(conn, table)) for table in DOCUMENT_TABLES]
