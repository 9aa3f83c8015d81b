"""`plans export`: one Parquet and one CSV file per flat and comparison view (``v_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from report.warehouse import open_read_only

FORMATS = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)"}


@dataclass(frozen=True)
class ExportedFile:
    view: str
    path: Path
    rows: int


def exported_views(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """The views researchers and analysts read: ``v_*`` (staging views ``stg_*`` stay inside)."""
    names = conn.execute(
        r"SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\_%' ESCAPE '\' "
        "ORDER BY view_name"
    ).fetchall()
    return [name for (name,) in names]


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_view(conn: duckdb.DuckDBPyConnection, view: str, out_dir: Path) -> list[ExportedFile]:
    """Write ``<view>.parquet`` and ``<view>.csv`` into out_dir."""
    n_rows = conn.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]
    written = []
    for suffix, options in FORMATS.items():
        path = out_dir / f"{view}.{suffix}"
        conn.execute(f'COPY (SELECT * FROM "{view}") TO {_sql_string(path)} {options}')
        written.append(ExportedFile(view, path, n_rows))
    return written


def export_views(warehouse: Path, out_dir: Path) -> list[ExportedFile]:
    """Export every ``v_*`` view of the warehouse (opened read-only) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = open_read_only(warehouse)
    try:
        return [f for view in exported_views(conn) for f in export_view(conn, view, out_dir)]
    finally:
        conn.close()
