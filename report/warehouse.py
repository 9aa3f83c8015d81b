"""Read-only access to a built warehouse for exports and the report."""

from __future__ import annotations

from pathlib import Path

import duckdb


class WarehouseMissing(FileNotFoundError):
    """The warehouse file does not exist (run `plans refresh` first)."""


def open_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, so a report never changes it and several can run at once."""
    if not warehouse.is_file():
        raise WarehouseMissing(f"no warehouse at {warehouse}: build it first with `plans refresh`")
    return duckdb.connect(str(warehouse), read_only=True)


def rows(conn: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[dict[str, object]]:
    """A query's rows as dicts keyed by column name."""
    cursor = conn.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
