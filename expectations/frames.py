"""Read the warehouse into pandas DataFrames, one set per loaded document (the GX pandas route).

Each table is read once per group of documents (``run.DOCUMENTS_PER_READ``; or whole) and split by
document in pandas: a query per document and table would cost more than the validation itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from expectations.suites import DocumentBatch, DocumentInfo, References

LOADED = "('interpreted', 'recognised')"

# table -> the query of all its rows, each with the document it belongs to (document_id).
# List columns (warnings, cited_commitments) are left out: no expectation reads them.
TABLE_QUERIES: dict[str, str] = {
    "dim_document": """SELECT d.* EXCLUDE (warnings), p.commune AS plan_commune,
                              CASE WHEN d.cells_printed > 0
                                   THEN 1 - d.cells_unread / d.cells_printed END AS cell_coverage,
                              (SELECT count(*) FROM quality_repair AS q
                               WHERE q.document_id = d.document_id AND q.repair_kind = 'unit-unknown')
                                  AS unknown_units
                       FROM dim_document AS d LEFT JOIN dim_plan AS p ON p.plan_id = d.plan_id""",
    "dim_plan": """SELECT d.document_id, p.*
                   FROM dim_document AS d JOIN dim_plan AS p ON p.plan_id = d.plan_id""",
    "dim_axis": "SELECT * FROM dim_axis",
    "dim_project": "SELECT * FROM dim_project",
    "fact_activity": "SELECT * FROM fact_activity",
    "fact_budget_line": "SELECT * FROM fact_budget_line",
    "fact_indicator": "SELECT * FROM fact_indicator",
    "fact_progress": "SELECT * FROM fact_progress",
    "fact_proposal": "SELECT * EXCLUDE (cited_commitments) FROM fact_proposal",
    "reconciliation": """SELECT source_file AS document_id, measure, scope, stated_value, computed_value,
                                difference, status
                         FROM v_plan_reconciliation""",
}


def read_documents(conn: duckdb.DuckDBPyConnection) -> list[DocumentInfo]:
    """Documents whose facts are loaded (quarantined and skipped files hold none)."""
    rows = conn.execute(
        f"""SELECT d.document_id, d.plan_id, p.plan_kind, p.period_start_year, p.period_end_year
            FROM dim_document AS d LEFT JOIN dim_plan AS p ON p.plan_id = d.plan_id
            WHERE d.status IN {LOADED}
            ORDER BY d.document_id"""
    ).fetchall()
    return [DocumentInfo(*row) for row in rows]


def read_references(conn: duckdb.DuckDBPyConnection) -> References:
    return References(
        plan_ids=frozenset(r[0] for r in conn.execute("SELECT plan_id FROM dim_plan").fetchall()),
        communes=frozenset(r[0] for r in conn.execute("SELECT commune FROM dim_commune").fetchall()),
    )


def split_by_document(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        str(document_id): part.reset_index(drop=True)
        for document_id, part in frame.groupby("document_id", sort=False, dropna=True)
    }


def read_batches(conn: duckdb.DuckDBPyConnection) -> list[DocumentBatch]:
    """One batch per loaded document: its rows of every table."""
    return batches_of(read_documents(conn), read_tables(conn))


# Tables whose rows make checks (one per reconciliation row): read in this order, so a document's
# results come in the same order every run (a view's rows otherwise come in any order).
TABLE_ORDER: dict[str, str] = {"reconciliation": "ALL"}


def read_tables(
    conn: duckdb.DuckDBPyConnection, document_ids: Sequence[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Every table's rows (TABLE_QUERIES), all documents together, or only ``document_ids``'."""
    where = "" if document_ids is None else "WHERE document_id IN (SELECT unnest(?::VARCHAR[]))"
    parameters = [] if document_ids is None else [list(document_ids)]
    frames = {}
    for table, query in TABLE_QUERIES.items():
        order = f"ORDER BY {TABLE_ORDER[table]}" if table in TABLE_ORDER else ""
        sql = f"SELECT * FROM ({query}) {where} {order}" if where or order else query
        frames[table] = conn.execute(sql, parameters).df()
    return frames


def batches_of(documents: list[DocumentInfo], tables: dict[str, pd.DataFrame]) -> list[DocumentBatch]:
    batches = {info.document_id: DocumentBatch(info) for info in documents}
    for table, frame in tables.items():
        for document_id, part in split_by_document(frame).items():
            if document_id in batches:
                batches[document_id].frames[table] = part
    return [batches[info.document_id] for info in documents]
