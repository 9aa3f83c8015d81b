"""The DuckDB warehouse: schema, views, and one transaction per document.

A document is loaded entirely or not at all: its previous facts are deleted and its new facts
inserted inside one transaction, so a failure leaves the previous load untouched.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from catalog.descriptions import apply_comments
from loader.rows import DocumentRows

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"

# Tables holding one document's facts, deleted and rewritten together when the document changes.
DOCUMENT_TABLES = (
    "dim_axis",
    "dim_project",
    "fact_activity",
    "fact_budget_line",
    "fact_indicator",
    "fact_progress",
    "fact_proposal",
    "plan_stated_measure",
    "quality_repair",
)

# Rendition preferred as a plan's current source, best first (see README, "Which rendition is current").
FORMAT_PREFERENCE = ("txt", "docx", "pptx", "pdf")


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file open for writing (DuckDB allows one writer)."""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseBusy(
            f"{path} is open for writing in another process: close that DuckDB session (researchers: "
            f"open the file with read_only=True; refreshes never block those). DuckDB says: {exc}"
        ) from exc
    apply_schema(conn)
    return conn


def ensure_writable(path: Path) -> None:
    """Fail early, before any work, when the warehouse cannot be opened for writing."""
    connect(path).close()


def apply_schema(conn: duckdb.DuckDBPyConnection) -> None:
    for sql_file in sorted((SQL_DIR / "schema").glob("*.sql")):
        conn.execute(sql_file.read_text(encoding="utf-8"))


def view_files() -> list[Path]:
    """Staging views first, then the tables materialised from them, then marts; within a layer, by name."""
    views = SQL_DIR / "views"
    return sorted((views / "staging").glob("*.sql")) + materialised_files() + sorted(views.glob("*.sql"))


def materialised_files() -> list[Path]:
    """``CREATE OR REPLACE TABLE mart_x AS SELECT * FROM stg_x``: views too slow to compute per read,
    kept as tables that ``materialise`` rebuilds."""
    return sorted((SQL_DIR / "views" / "materialised").glob("*.sql"))


def create_views(conn: duckdb.DuckDBPyConnection, fill_marts: bool = True) -> None:
    """(Re)create every view. A view may read another: retry until all resolve.

    ``fill_marts=False``: the materialised tables are created empty (with their columns), for a
    caller that runs ``materialise`` next (the refresh, once the current renditions are marked):
    filling them here too would compute every slow view twice."""
    materialised = set(materialised_files())
    pending = view_files()
    while pending:
        failed: list[tuple[Path, Exception]] = []
        for view_file in pending:
            sql = view_file.read_text(encoding="utf-8")
            if view_file in materialised and not fill_marts:
                sql = empty_table(sql)
            try:
                conn.execute(sql)
            except (duckdb.CatalogException, duckdb.BinderException) as exc:
                failed.append((view_file, exc))
        if len(failed) == len(pending):
            names = ", ".join(f"{f.name}: {e}" for f, e in failed)
            raise RuntimeError(f"views could not be created: {names}")
        pending = [f for f, _ in failed]
    apply_comments(conn)  # CREATE OR REPLACE VIEW drops a view's comments


def empty_table(create_table_as: str) -> str:
    """``CREATE OR REPLACE TABLE t AS SELECT ...;`` as the same table with no rows."""
    return f"{create_table_as.strip().removesuffix(';')} LIMIT 0;"


def materialise(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the materialised tables from their staging views, in one transaction: the last step
    of a refresh (after the current renditions are marked), so the tables hold what the facts say."""
    conn.execute("BEGIN TRANSACTION")
    try:
        for sql_file in materialised_files():
            conn.execute(sql_file.read_text(encoding="utf-8"))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    apply_comments(conn)  # CREATE OR REPLACE TABLE drops the table's comments


def load_communes(conn: duckdb.DuckDBPyConnection, reference_csv: Path) -> None:
    with reference_csv.open(encoding="utf-8") as fh:
        communes = list(csv.DictReader(fh))
    conn.execute("BEGIN")
    conn.execute("DELETE FROM dim_commune")
    for c in communes:
        conn.execute(
            "INSERT INTO dim_commune VALUES (?, ?, ?, ?)",
            [c["slug"], c["name_ar"], c["name_fr"], c["region"]],
        )
    conn.execute("COMMIT")


def document_state(conn: duckdb.DuckDBPyConnection, document_id: str) -> tuple[str, str, str] | None:
    """(sha256, pipeline_version, status) of what the warehouse holds for a file, or None."""
    row = conn.execute(
        "SELECT sha256, pipeline_version, status FROM dim_document WHERE document_id = ?", [document_id]
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def document_reason(conn: duckdb.DuckDBPyConnection, document_id: str) -> str | None:
    row = conn.execute("SELECT reason FROM dim_document WHERE document_id = ?", [document_id]).fetchone()
    return row[0] if row else None


def document_ids(conn: duckdb.DuckDBPyConnection, exclude_status: str = "") -> list[str]:
    rows = conn.execute(
        "SELECT document_id FROM dim_document WHERE status <> ? ORDER BY document_id", [exclude_status]
    ).fetchall()
    return [r[0] for r in rows]


def mark_removed(conn: duckdb.DuckDBPyConnection, document_id: str, reason: str) -> None:
    """A document whose file is gone: its facts stay, flagged, and it is no rendition's current one."""
    conn.execute(
        "UPDATE dim_document SET status = 'removed', reason = ?, is_current = FALSE WHERE document_id = ?",
        [reason, document_id],
    )


def _insert(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    schemas: TableSchemas | None = None,
) -> None:
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    insert_rows(conn, table, columns, [[row[c] for c in columns] for row in rows], schemas)


class TableSchemas:
    """The Arrow schema of a table's columns, asked of DuckDB once per table and column list.

    For a run of inserts into tables whose columns do not change meanwhile (the refresh's load of
    every document: about 6 tables a document, each schema query a statement of its own)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self._schemas: dict[tuple[str, tuple[str, ...]], pa.Schema] = {}

    def of(self, table: str, columns: Sequence[str]) -> pa.Schema:
        key = (table, tuple(columns))
        if key not in self._schemas:
            self._schemas[key] = arrow_schema(self.conn, table, columns)
        return self._schemas[key]


def arrow_schema(conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> pa.Schema:
    return conn.sql(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0").to_arrow_table().schema


def insert_rows(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
    schemas: TableSchemas | None = None,
) -> None:
    """Insert rows in one statement, through an Arrow table typed as the target columns.

    ``executemany`` runs one INSERT per row (about 3 ms each: most of a refresh's load time). The
    Arrow route is taken only when every value converts exactly (``arrow_exact``); otherwise the
    rows go through ``executemany`` as before, so that DuckDB's own casts decide, as they did.
    ``schemas``: the target columns' types, when the caller keeps them (else asked of DuckDB).
    """
    if not values:
        return
    listed = ", ".join(columns)
    if schemas is not None and schemas.conn is conn:
        schema = schemas.of(table, columns)
    else:
        schema = arrow_schema(conn, table, columns)
    types = [schema.field(i).type for i in range(len(columns))]
    if all(arrow_exact(row[i], kind) for row in values for i, kind in enumerate(types)):
        arrays = [pa.array([row[i] for row in values], type=kind) for i, kind in enumerate(types)]
        name = f"_rows_for_{table}"
        conn.register(name, pa.Table.from_arrays(arrays, schema=schema))
        try:
            conn.execute(f"INSERT INTO {table} ({listed}) SELECT * FROM {name}")
        finally:
            conn.unregister(name)
        return
    placeholders = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({listed}) VALUES ({placeholders})", [list(v) for v in values])


def arrow_exact(value: Any, arrow_type: pa.DataType) -> bool:
    """Whether pyarrow takes ``value`` as ``arrow_type`` with the value DuckDB's cast would give:
    the Python type the column's type maps to, nothing to cast. (A Decimal with more places than
    the column's scale, which DuckDB would round, makes pyarrow raise: checked here too.)"""
    if value is None:
        return True
    if pa.types.is_string(arrow_type):
        return type(value) is str
    if pa.types.is_boolean(arrow_type):
        return type(value) is bool
    if pa.types.is_integer(arrow_type):
        return type(value) is int and _fits(value, arrow_type)
    if pa.types.is_floating(arrow_type):
        return type(value) is float
    if pa.types.is_decimal(arrow_type):
        if type(value) is not Decimal or not value.is_finite():
            return False
        exponent = value.as_tuple().exponent
        return (
            isinstance(exponent, int)
            and -exponent <= arrow_type.scale
            and len(value.as_tuple().digits) - (-exponent) <= arrow_type.precision - arrow_type.scale
        )
    if pa.types.is_timestamp(arrow_type):
        return type(value) is datetime and value.tzinfo is None and arrow_type.tz is None
    if pa.types.is_date32(arrow_type):
        return type(value) is date
    if pa.types.is_list(arrow_type):
        return type(value) in (list, tuple) and all(arrow_exact(v, arrow_type.value_type) for v in value)
    return False


def _fits(value: int, arrow_type: pa.DataType) -> bool:
    bits = arrow_type.bit_width
    if pa.types.is_unsigned_integer(arrow_type):
        return 0 <= value < 2**bits
    return -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)


def ensure_plan(conn: duckdb.DuckDBPyConnection, plan: Mapping[str, Any]) -> None:
    conn.execute(
        """INSERT INTO dim_plan VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (plan_id) DO UPDATE SET title = COALESCE(dim_plan.title, excluded.title)""",
        [
            plan["plan_id"],
            plan["commune"],
            plan["plan_kind"],
            plan["title"],
            plan["period_start_year"],
            plan["period_end_year"],
        ],
    )


def replace_document(
    conn: duckdb.DuckDBPyConnection,
    document: Mapping[str, Any],
    plan: Mapping[str, Any] | None,
    rows: DocumentRows,
    new: bool = False,
    schemas: TableSchemas | None = None,
) -> None:
    """Replace everything the warehouse holds for one document, in one transaction.

    ``new``: the caller found no dim_document row for it. Its facts are only ever written with
    that row, in this transaction, so there is nothing to delete: the ten DELETEs (each a scan of
    a table that grows with every document loaded) are left out."""
    document_id = document["document_id"]
    conn.execute("BEGIN TRANSACTION")
    try:
        if not new:
            for table in DOCUMENT_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])
            conn.execute("DELETE FROM dim_document WHERE document_id = ?", [document_id])
        if plan is not None:
            ensure_plan(conn, plan)
        _insert(conn, "dim_document", [document], schemas)
        for table in DOCUMENT_TABLES:
            _insert(conn, table, rows.tables.get(table, []), schemas)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def find_plan_with_period(conn: duckdb.DuckDBPyConnection, commune: str, kind: str) -> str | None:
    """The one plan of this commune and kind whose period is known, if there is exactly one."""
    rows = conn.execute(
        """SELECT plan_id FROM dim_plan
           WHERE commune = ? AND plan_kind = ? AND period_start_year IS NOT NULL""",
        [commune, kind],
    ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def attach_renditions_without_period(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Move documents filed under an unknown-period plan to their commune's only plan of that kind.

    A rendition may not print its period (the Tétouan action plan's text export holds only the
    table); it belongs to the plan that its sibling renditions date. Returns the moved documents.
    """
    orphans = conn.execute(
        """SELECT d.document_id, p.plan_id, p.commune, p.plan_kind
           FROM dim_document d JOIN dim_plan p USING (plan_id)
           WHERE p.period_start_year IS NULL"""
    ).fetchall()
    moved: list[str] = []
    for document_id, old_plan, commune, kind in orphans:
        target = find_plan_with_period(conn, commune, kind)
        if target is None:
            continue
        conn.execute("BEGIN TRANSACTION")
        for table in ("dim_document", *DOCUMENT_TABLES):
            if _has_column(conn, table, "plan_id"):
                conn.execute(f"UPDATE {table} SET plan_id = ? WHERE document_id = ?", [target, document_id])
        conn.execute(
            "DELETE FROM dim_plan WHERE plan_id = ? AND plan_id NOT IN "
            "(SELECT plan_id FROM dim_document WHERE plan_id IS NOT NULL)",
            [old_plan],
        )
        conn.execute("COMMIT")
        moved.append(document_id)
    return moved


def _has_column(conn: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(
        conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
            [table, column],
        ).fetchone()[0]
    )


def mark_current_renditions(conn: duckdb.DuckDBPyConnection) -> None:
    """One current rendition per plan: interpreted before recognised, then born-digital before
    read by OCR, then one without flagged defects (stg_rendition_defects) before one with, then by
    FORMAT_PREFERENCE. Needs the views."""
    ranks = " ".join(f"WHEN '{fmt}' THEN {i}" for i, fmt in enumerate(FORMAT_PREFERENCE))
    conn.execute("BEGIN TRANSACTION")
    conn.execute(
        f"""UPDATE dim_document SET is_current = (document_id IN (
                SELECT document_id FROM (
                    SELECT document_id, row_number() OVER (
                        PARTITION BY plan_id
                        ORDER BY CASE status WHEN 'interpreted' THEN 0 ELSE 1 END,
                                 len(coalesce(ocr_pages, [])) > 0,
                                 len(f.defects) > 0,
                                 CASE source_format {ranks} ELSE 99 END,
                                 document_id) AS rank
                    FROM dim_document JOIN stg_rendition_defects AS f USING (document_id)
                    WHERE plan_id IS NOT NULL AND status IN ('interpreted', 'recognised'))
                WHERE rank = 1))"""
    )
    for table in DOCUMENT_TABLES:  # each row carries its document's flag (sql/schema/06_current_flags.sql)
        conn.execute(
            f"UPDATE {table} SET is_current = (document_id IN "
            "(SELECT document_id FROM dim_document WHERE is_current))"
        )
    conn.execute("COMMIT")


def remove_plans_without_documents(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(
        "DELETE FROM dim_plan WHERE plan_id NOT IN "
        "(SELECT plan_id FROM dim_document WHERE plan_id IS NOT NULL)"
    )
