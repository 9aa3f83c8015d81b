"""Quality results: the rows stored per run, and the short ``observed`` text each one carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from expectations.quality_report import QualityRow  # defined with the report: no pandas there
from expectations.suites import short_id
from loader.warehouse import insert_rows

SHOWN_ROWS = 5  # unexpected rows named in an observed text; the details JSON holds GX's full sample


def format_value(column: str, value: Any) -> str:
    """One cell as a reader expects it: amounts and percentages with 2 decimals, dates as ISO."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return " / ".join(format_value(column, v) for v in value)
    if _is_missing(value):
        return "null"
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not isinstance(value, bool):
        if column.endswith(("_mad", "_pct", "_value")) or not value.is_integer():
            return f"{value:.2f}"
        return str(int(value))
    return str(value)


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def describe_unexpected_row(row: Mapping[str, Any], id_column: str, document_id: str) -> str:
    """'activity#2 cost_mad=-5.00': the row's key, then the values that broke the expectation."""
    key = row.get(id_column)
    label = short_id(str(key), document_id) if key is not None else "?"
    values = ", ".join(f"{c}={format_value(c, v)}" for c, v in row.items() if c != id_column)
    return f"{label} {values}".strip()


def describe_result(result: Mapping[str, Any], success: bool, id_column: str, document_id: str) -> str:
    """The observed text of one GX result: counts and the first unexpected rows, or an aggregate."""
    if "observed_value" in result:
        value = result["observed_value"]
        return format_value("value_pct", value) if isinstance(value, float) else format_value("", value)
    total = result.get("element_count")
    unexpected = result.get("unexpected_count") or 0
    if total is None:
        return "passed" if success else "failed"
    if not unexpected:
        return f"{total} rows, none unexpected"
    rows: Sequence[Mapping[str, Any]] = result.get("partial_unexpected_index_list") or []
    shown = "; ".join(describe_unexpected_row(r, id_column, document_id) for r in rows[:SHOWN_ROWS])
    more = " ..." if unexpected > min(len(rows), SHOWN_ROWS) else ""
    counts = f"{unexpected} of {total} rows unexpected"
    return f"{counts}: {shown}{more}" if shown else counts


def exception_message(info: Mapping[str, Any] | None) -> str | None:
    """GX's error text: exception_info is flat, or keyed by the metric that raised (GX 1.x)."""
    if not info:
        return None
    if info.get("raised_exception") or info.get("exception_message"):
        return info.get("exception_message") or "exception raised"
    nested = (exception_message(v) for v in info.values() if isinstance(v, Mapping))
    return next((m for m in nested if m), None)


def write_results(
    conn: duckdb.DuckDBPyConnection,
    run: Mapping[str, Any],
    rows: Sequence[QualityRow],
    inputs: Sequence[tuple[str, str, str, str]] = (),
) -> None:
    """The run, its results and each document's current inputs (document_id, digest, suite version,
    run_id of its current results) in one transaction: all of them are stored, or none."""
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute(
            "INSERT INTO quality_run VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run["run_id"],
                run["run_at"],
                run["finished_at"],
                run["documents"],
                len(rows),
                sum(1 for r in rows if not r.success),
                run["docs_index"],
                run["gx_version"],
            ],
        )
        values = [[run["run_id"], n, run["run_at"], *_values(r)] for n, r in enumerate(rows, start=1)]
        insert_rows(conn, "quality_result", _columns(conn, "quality_result"), values)
        conn.execute("DELETE FROM quality_input")
        insert_rows(conn, "quality_input", _columns(conn, "quality_input"), [list(i) for i in inputs])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The table's columns in order (the rows here are positional, as ``INSERT ... VALUES`` took them)."""
    return [row[0] for row in conn.execute(f"DESCRIBE {table}").fetchall()]


def _values(row: QualityRow) -> list[Any]:
    return [row.document_id, row.suite, row.expectation, row.success, row.observed, row.details]
