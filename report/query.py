"""`plans sql`: an ad-hoc query on the warehouse (read-only), printed as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from report.warehouse import open_read_only

OUTPUT_FORMATS = ("table", "csv", "json")


class QueryFailed(ValueError):
    """DuckDB rejected the query (syntax, unknown column, a write on the read-only warehouse)."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(warehouse: Path, sql: str) -> QueryResult:
    conn = open_read_only(warehouse)
    try:
        cursor = conn.execute(sql)
        if cursor.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cursor.description], cursor.fetchall())
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from exc
    finally:
        conn.close()


def _plain(value: Any) -> Any:
    """A value as JSON holds it: exact decimals as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def as_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(["" if v is None else v for v in row] for row in result.rows)
    return buffer.getvalue()


def as_json(result: QueryResult) -> str:
    """One JSON array of objects keyed by column name."""
    records = [dict(zip(result.columns, map(_plain, row), strict=True)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
