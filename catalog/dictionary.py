"""`plans docs`: the data dictionary of a built warehouse, in Markdown and HTML (one offline file).

Every table and view with its description, source and lineage (raw files -> tables -> views), and
every column with its type and meaning, read from the warehouse's own comments.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import duckdb

from catalog.descriptions import load_descriptions, object_comment
from catalog.lineage import base_tables, readers, view_inputs
from loader.warehouse import view_files

LAYER_TITLES = {
    "flat": "Flat views (every rendition; filter is_current)",
    "comparison": "Comparison views (current renditions only)",
    "fact": "Fact tables",
    "dimension": "Dimension tables",
    "document": "Documents",
    "quality": "Quality",
    "etl": "Refresh log",
    "staging": "Staging views",
    "materialised": "Materialised tables (staging views copied at the end of each refresh)",
}
INTRO = (
    "Tables keep every rendition (file) of a plan; `is_current` marks the rows of each plan's current "
    "rendition. Filter `WHERE is_current` (or read the comparison views) to count each plan once. "
    "Amounts are DECIMAL(14,2) dirhams (MAD); percentages are 0-100, shares 0-1."
)


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # table | view
    layer: str
    comment: str
    rows: int
    columns: list[Column]
    reads: list[str]  # objects a view reads directly
    read_by: list[str]
    tables: list[str]  # the tables a view reads, through other views
    raw_files: list[tuple[str, int, bool]]  # (file, rows, is_current) for tables holding documents


def _raw_files(
    conn: duckdb.DuckDBPyConnection, table: str, columns: list[Column]
) -> list[tuple[str, int, bool]]:
    names = {c.name for c in columns}
    if "document_id" not in names:
        return []
    current = "bool_or(is_current)" if "is_current" in names else "FALSE"
    return [
        (str(f), int(n), bool(c))
        for f, n, c in conn.execute(
            f'SELECT document_id, count(*), {current} FROM "{table}" GROUP BY 1 ORDER BY 1'
        ).fetchall()
    ]


def read_entries(conn: duckdb.DuckDBPyConnection) -> list[Entry]:
    descriptions = load_descriptions()
    objects = conn.execute(
        """SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'main'
           UNION ALL SELECT view_name, 'view', comment FROM duckdb_views()
           WHERE schema_name = 'main' AND NOT internal AND NOT temporary"""
    ).fetchall()
    inputs = view_inputs(view_files(), [name for name, _, _ in objects])
    read_by = readers(inputs)
    entries = []
    for name, kind, comment in objects:
        columns = [
            Column(c, t, k or descriptions.column(name, c) or "")  # a warehouse built before comments
            for c, t, k in conn.execute(
                "SELECT column_name, data_type, comment FROM duckdb_columns() "
                "WHERE schema_name = 'main' AND NOT internal AND table_name = ? ORDER BY column_index",
                [name],
            ).fetchall()
        ]
        described = descriptions.objects.get(name)
        entries.append(
            Entry(
                name=name,
                kind=kind,
                layer=described.layer if described else "undocumented",
                comment=comment or (object_comment(described) if described else ""),
                rows=conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0],
                columns=columns,
                reads=inputs.get(name, []),
                read_by=read_by.get(name, []),
                tables=base_tables(name, inputs) if kind == "view" else [],
                raw_files=_raw_files(conn, name, columns) if kind == "table" else [],
            )
        )
    order = list(LAYER_TITLES)
    return sorted(entries, key=lambda e: (order.index(e.layer) if e.layer in order else 99, e.name))


def _code(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names) or "—"


def _cell(text: str) -> str:
    return text.replace("|", r"\|")


def markdown(entries: list[Entry], warehouse: str) -> str:
    out = [f"# Data dictionary: {warehouse}", "", INTRO, "", "## Contents", ""]
    out += [f"- [`{e.name}`](#{e.name}) — {e.comment}" for e in entries]
    layer = None
    for e in entries:
        if e.layer != layer:
            layer = e.layer
            out += ["", f"## {LAYER_TITLES.get(layer, layer)}"]
        out += ["", f"### {e.name}", "", f"{e.kind}, {e.rows} rows. {e.comment}", ""]
        if e.kind == "view":
            out += [f"- reads: {_code(e.reads)}", f"- from tables: {_code(e.tables)}"]
        out += [f"- read by: {_code(e.read_by)}"]
        if e.raw_files:
            files = ", ".join(f"`{f}` ({n}{', current' if c else ''})" for f, n, c in e.raw_files)
            out += [f"- from raw files (data/raw/, rows): {files}"]
        out += ["", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.data_type} | {_cell(c.comment)} |" for c in e.columns]
    return "\n".join(out) + "\n"


def _links(names: list[str]) -> str:
    return ", ".join(f'<a href="#{html.escape(n)}"><code>{html.escape(n)}</code></a>' for n in names) or "—"


CSS = """
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{font-size:.9em}.meta{color:#444}
nav ul{columns:2}section{border-top:2px solid #1b6ca8;margin-top:1.5rem}"""


def html_page(entries: list[Entry], warehouse: str) -> str:
    e_ = html.escape
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Data dictionary: {e_(warehouse)}</title><style>{CSS}</style></head><body>",
        f"<h1>Data dictionary: {e_(warehouse)}</h1><p>{e_(INTRO)}</p>",
        "<nav><h2>Contents</h2><ul>",
        *(f"<li>{_links([e.name])} ({e.kind})</li>" for e in entries),
        "</ul></nav>",
    ]
    layer = None
    for e in entries:
        if e.layer != layer:
            layer = e.layer
            parts.append(f"<h2>{e_(LAYER_TITLES.get(layer, layer))}</h2>")
        parts.append(f'<section id="{e_(e.name)}"><h3><code>{e_(e.name)}</code></h3>')
        parts.append(f'<p>{e_(e.comment)}</p><p class="meta">{e.kind}, {e.rows} rows</p><ul class="meta">')
        if e.kind == "view":
            parts.append(f"<li>reads: {_links(e.reads)}</li><li>from tables: {_links(e.tables)}</li>")
        parts.append(f"<li>read by: {_links(e.read_by)}</li>")
        if e.raw_files:
            files = ", ".join(
                f"<code>{e_(f)}</code> ({n}{', current' if c else ''})" for f, n, c in e.raw_files
            )
            parts.append(f"<li>from raw files (data/raw/, rows): {files}</li>")
        parts.append("</ul><table><tr><th>column</th><th>type</th><th>meaning</th></tr>")
        parts += [
            f"<tr><td><code>{e_(c.name)}</code></td><td>{e_(c.data_type)}</td><td>{e_(c.comment)}</td></tr>"
            for c in e.columns
        ]
        parts.append("</table></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_dictionary(conn: duckdb.DuckDBPyConnection, warehouse: str, out_dir: Path) -> list[Path]:
    """Write data_dictionary.md and data_dictionary.html into out_dir."""
    entries = read_entries(conn)
    out_dir.mkdir(parents=True, exist_ok=True)
    md, page = out_dir / "data_dictionary.md", out_dir / "data_dictionary.html"
    md.write_text(markdown(entries, warehouse), encoding="utf-8")
    page.write_text(html_page(entries, warehouse), encoding="utf-8")
    return [md, page]
