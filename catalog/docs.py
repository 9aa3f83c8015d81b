"""The docs folder next to the warehouse: the data dictionary and the quality page, written by
`plans docs` and by every refresh that changed what they describe.

A stamp file records what the pages were written from (every document's hash, status, current flag
and load time, every quality run, the catalog's own code and descriptions), so a refresh with
nothing changed reads one small query and writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from catalog.dictionary import write_dictionary
from catalog.quality_page import write_quality_page

DOCS_FILES = ("data_dictionary.md", "data_dictionary.html", "quality.html")
STAMP = ".written-from"
_CATALOG = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DocsResult:
    folder: Path
    written: list[Path] = field(default_factory=list)  # empty: the pages were already up to date


def default_folder(warehouse: Path) -> Path:
    return warehouse.parent / "docs"


def content_stamp(conn: duckdb.DuckDBPyConnection) -> str:
    """A digest of what the pages show that a refresh can change (the refresh log's growth aside)."""
    digest = hashlib.sha256()
    for sql in (
        "SELECT document_id, sha256, status, is_current, pipeline_version, loaded_at "
        "FROM dim_document ORDER BY document_id",
        "SELECT run_id FROM quality_run ORDER BY run_id",
    ):
        for row in conn.execute(sql).fetchall():
            digest.update(repr(row).encode())
    for path in sorted(_CATALOG.glob("*.py")) + sorted(_CATALOG.glob("*.toml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_up_to_date(folder: Path, stamp: str) -> bool:
    stamp_file = folder / STAMP
    return (
        all((folder / name).is_file() for name in DOCS_FILES)
        and stamp_file.is_file()
        and stamp_file.read_text(encoding="utf-8").strip() == stamp
    )


def write_docs(conn: duckdb.DuckDBPyConnection, warehouse_name: str, folder: Path) -> list[Path]:
    """Write the three pages (unconditionally) and the stamp they were written from."""
    written = write_dictionary(conn, warehouse_name, folder)
    written.append(write_quality_page(conn, warehouse_name, folder / "quality.html"))
    (folder / STAMP).write_text(content_stamp(conn) + "\n", encoding="utf-8")
    return written


def refresh_docs(warehouse: Path, folder: Path | None = None) -> DocsResult:
    """After a refresh: rewrite the pages from the warehouse (read-only) unless they are current."""
    folder = folder or default_folder(warehouse)
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        if is_up_to_date(folder, content_stamp(conn)):
            return DocsResult(folder)
        return DocsResult(folder, write_docs(conn, warehouse.name, folder))
    finally:
        conn.close()
