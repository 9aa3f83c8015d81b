"""The quality results (v_quality_results, every run kept) as one offline HTML page.

Great Expectations' Data Docs load their scripts and styles from CDNs, so they render empty
without a network; this page has no script and fetches nothing. Each value sits in its own cell
(stated and computed apart), so paired numbers never run together.
"""

from __future__ import annotations

import html
from pathlib import Path

import duckdb

from catalog.dictionary import CSS
from report.warehouse import rows

PAGE_CSS = CSS + ".fail{color:#b00020;font-weight:600}.ok{color:#2e7d32}"


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return '<td class="ok">held</td>' if value else '<td class="fail">failed</td>'
    return f"<td>{html.escape('' if value is None else str(value))}</td>"


RESULT_HEADERS = ["file", "suite", "expectation", "result", "observed"]


def _table(headers: list[str], body: list[dict[str, object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    lines = ["<tr>" + "".join(_cell(v) for v in row.values()) + "</tr>" for row in body]
    return f"<table><tr>{head}</tr>{''.join(lines)}</table>" if body else "<p>none</p>"


def quality_page(conn: duckdb.DuckDBPyConnection, warehouse: str) -> str:
    runs = rows(
        conn,
        "SELECT run_id, run_at, documents, evaluated, failed, gx_version FROM quality_run "
        "ORDER BY run_at DESC, run_id DESC",
    )
    latest = rows(
        conn,
        """SELECT coalesce(source_file, '(whole warehouse)') AS file, suite, expectation, success, observed
           FROM v_quality_results WHERE is_latest_run
           ORDER BY success, file, suite, expectation""",
    )
    history = rows(
        conn,
        """SELECT coalesce(source_file, '(whole warehouse)') AS file, suite, expectation,
                  count(*) AS runs, count(*) FILTER (WHERE NOT success) AS runs_failed,
                  max(run_at) FILTER (WHERE NOT success) AS last_failed_at
           FROM v_quality_results GROUP BY ALL HAVING runs_failed > 0 ORDER BY file, suite, expectation""",
    )
    failed = [r for r in latest if not r["success"]]
    e_ = html.escape
    return "\n".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            f"<title>Quality: {e_(warehouse)}</title><style>{PAGE_CSS}</style></head><body>",
            f"<h1>Quality results: {e_(warehouse)}</h1>",
            "<p>A failed expectation marks the data, it never changes it: on the sample corpus the "
            "failures are the documents' own contradictions. Source: <code>v_quality_results</code>.</p>",
            '<nav><ul><li><a href="#runs">Runs</a></li><li><a href="#failed">Failed in the latest run</a>'
            '</li><li><a href="#history">Expectations that failed in any run</a></li>'
            '<li><a href="#latest">Every result of the latest run</a></li></ul></nav>',
            f'<h2 id="runs">Runs ({len(runs)})</h2>',
            _table(["run", "at (UTC)", "documents", "expectations", "failed", "Great Expectations"], runs),
            f'<h2 id="failed">Failed in the latest run ({len(failed)} of {len(latest)})</h2>',
            _table(RESULT_HEADERS, failed),
            f'<h2 id="history">Expectations that failed in any run ({len(history)})</h2>',
            _table(["file", "suite", "expectation", "runs", "runs failed", "last failed at (UTC)"], history),
            f'<h2 id="latest">Every result of the latest run ({len(latest)})</h2>',
            _table(RESULT_HEADERS, latest),
            "</body></html>",
        ]
    )


def write_quality_page(conn: duckdb.DuckDBPyConnection, warehouse: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(quality_page(conn, warehouse), encoding="utf-8")
    return out
