"""The self-describing warehouse: every table, view and column commented from one source
(catalog/descriptions.toml), the README's view tables generated from it, is_current on every table
holding a document's rows, the data dictionary and `plans sql`."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from catalog.descriptions import (
    README_LAYERS,
    load_descriptions,
    parse_descriptions,
    readme_view_table,
    undocumented,
)
from catalog.lineage import base_tables, referenced_names
from catalog.readme import README, readme_tables
from loader.warehouse import DOCUMENT_TABLES
from plans.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(corpus_warehouse: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    yield conn
    conn.close()


def test_readme_view_tables_are_the_descriptions():
    tables = readme_tables(README.read_text(encoding="utf-8"))
    for layer in README_LAYERS:
        assert tables[layer] is not None, f"README lacks the generated {layer} view table markers"
        assert tables[layer] == readme_view_table(load_descriptions(), layer), (
            f"README's {layer} view table differs from catalog/descriptions.toml: "
            "run `.venv/bin/python -m catalog.readme`"
        )


def test_every_table_view_and_column_of_the_warehouse_is_commented(db):
    missing = undocumented(db, load_descriptions())
    assert not missing, "undocumented in catalog/descriptions.toml: " + ", ".join(missing)
    uncommented = db.execute(
        "SELECT table_name || '.' || column_name FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal AND comment IS NULL ORDER BY 1"
    ).fetchall()
    assert uncommented == []
    objects = db.execute(
        "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL UNION ALL "
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL"
    ).fetchall()
    assert objects == []


def test_comments_say_unit_and_meaning(db):
    comment = db.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'v_activities' AND column_name = 'cost_mad'"
    ).fetchone()[0]
    assert "MAD" in comment
    table = db.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'fact_activity'").fetchone()[0]
    assert "is_current" in table


def test_an_undocumented_column_is_named():
    conn = duckdb.connect()
    conn.execute("CREATE TABLE dim_commune (commune VARCHAR, brand_new_column INTEGER)")
    descriptions = parse_descriptions(
        '[columns]\ncommune = "slug"\n[objects.dim_commune]\nlayer = "dimension"\nanswers = "x"\n'
    )
    assert undocumented(conn, descriptions) == ["dim_commune.brand_new_column"]


def test_naive_sum_over_current_rows_counts_each_plan_once(db):
    every, current = db.execute(
        "SELECT sum(cost_mad), sum(cost_mad) FILTER (WHERE is_current) FROM fact_activity"
    ).fetchone()
    from_view = db.execute("SELECT sum(cost_mad) FROM v_activities WHERE is_current").fetchone()[0]
    assert current == from_view
    assert round(current / 1_000_000, 1) == Decimal("311.0")  # the current renditions' activities
    assert every > current + Decimal("300_000_000")  # every rendition of every plan
    for table in DOCUMENT_TABLES:
        mismatched = db.execute(
            f"SELECT count(*) FROM {table} AS t JOIN dim_document AS d USING (document_id) "
            "WHERE t.is_current IS DISTINCT FROM d.is_current"
        ).fetchone()[0]
        assert mismatched == 0, table


def test_duckdb_rejects_replacing_a_referenced_row_in_one_transaction():
    """Why the warehouse declares no FOREIGN KEY: the loader replaces a document (delete its facts,
    then its dim_document row, insert both again) in one transaction, which DuckDB 2.0 refuses
    when facts reference dim_document. If this test fails, DuckDB allows it: declare the keys."""
    conn = duckdb.connect()
    conn.execute("CREATE TABLE doc (document_id VARCHAR PRIMARY KEY)")
    conn.execute("CREATE TABLE fact (id VARCHAR PRIMARY KEY, document_id VARCHAR REFERENCES doc)")
    conn.execute("INSERT INTO doc VALUES ('a.txt'); INSERT INTO fact VALUES ('a.txt#1', 'a.txt')")
    conn.execute("BEGIN; DELETE FROM fact WHERE document_id = 'a.txt'")
    with pytest.raises(duckdb.ConstraintException, match="still referenced"):
        conn.execute("DELETE FROM doc WHERE document_id = 'a.txt'")


def test_lineage_reads_names_from_sql_not_comments():
    sql = "-- reads v_old\nSELECT * FROM fact_activity JOIN stg_loaded_documents USING (document_id)"
    known = ["fact_activity", "stg_loaded_documents", "v_old", "fact_activity_x"]
    assert referenced_names(sql, known) == ["fact_activity", "stg_loaded_documents"]
    inputs = {"v_a": ["stg_b", "dim_plan"], "stg_b": ["fact_activity"]}
    assert base_tables("v_a", inputs) == ["dim_plan", "fact_activity"]


def test_docs_writes_the_dictionary_with_lineage(corpus_warehouse: Path, tmp_path: Path):
    result = runner.invoke(app, ["docs", "--warehouse", str(corpus_warehouse), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "data_dictionary.md").read_text(encoding="utf-8")
    page = (tmp_path / "data_dictionary.html").read_text(encoding="utf-8")
    section = md.split("### v_activities\n", 1)[1].split("\n### ", 1)[0]
    assert "- from tables: `dim_axis`, `dim_document`, `dim_plan`, `dim_project`, `fact_activity`" in section
    assert "| `cost_mad` | DECIMAL(14,2) |" in section
    fact = md.split("### fact_activity\n", 1)[1].split("\n### ", 1)[0]
    assert "`ait-melloul_open-plan_2024-2025.docx` (63, current)" in fact
    assert 'id="v_commune_comparison"' in page and "<script" not in page and "http" not in page


def test_sql_prints_csv_and_json_from_a_read_only_warehouse(corpus_warehouse: Path):
    query = (
        "SELECT commune, count(*) AS activities, sum(cost_mad) AS cost FROM v_activities "
        "WHERE is_current AND commune = 'ait-melloul' GROUP BY commune"
    )
    csv_out = runner.invoke(app, ["sql", query, "--warehouse", str(corpus_warehouse), "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.stdout.splitlines()[0] == "commune,activities,cost"
    records = json.loads(
        runner.invoke(
            app, ["sql", "-", "--warehouse", str(corpus_warehouse), "--format", "json"], input=query
        ).stdout
    )
    assert records[0]["commune"] == "ait-melloul" and records[0]["activities"] == 63


def test_sql_refuses_writes_and_names_the_error(corpus_warehouse: Path):
    result = runner.invoke(app, ["sql", "DELETE FROM dim_commune", "--warehouse", str(corpus_warehouse)])
    assert result.exit_code == 1
    assert "read-only" in result.output.lower()


def test_quality_page_keeps_every_run_and_separates_paired_values():
    from catalog.quality_page import quality_page
    from loader.warehouse import apply_schema, create_views

    conn = duckdb.connect()
    apply_schema(conn)
    create_views(conn)
    for run_id, at in (("r1", "2026-01-01 10:00"), ("r2", "2026-01-02 10:00")):
        conn.execute("INSERT INTO quality_run VALUES (?, ?, ?, 1, 2, 1, NULL, '1.24')", [run_id, at, at])
        conn.execute(
            "INSERT INTO quality_result VALUES (?, 1, ?, 'dakhla_pac_2017-2022.pdf', 'reconciliation', "
            "'stated project_count = computed', FALSE, 'stated 45.00, computed 42.00', NULL), "
            "(?, 2, ?, 'dakhla_pac_2017-2022.pdf', 'fact_activity', 'cost_mad >= 0', TRUE, NULL, NULL)",
            [run_id, at, run_id, at],
        )
    # Incremental quality: the document's current results are those of the run that last validated it.
    conn.execute("INSERT INTO quality_input VALUES ('dakhla_pac_2017-2022.pdf', 'digest', 'suites', 'r2')")
    page = quality_page(conn, "plans.duckdb")
    assert '<h2 id="runs">Runs (2)</h2>' in page
    assert "<td>stated 45.00, computed 42.00</td>" in page
    assert "Failed in the latest run (1 of 2)" in page
    assert "<td>2</td><td>2</td><td>2026-01-02 10:00:00</td>" in page  # failed in both runs
    assert "<script" not in page and "http" not in page


BENI_MELLAL_PPTX = "beni-mellal_open-plan_2024-2025.pptx"


def test_refresh_writes_the_docs_next_to_the_warehouse_and_not_again_when_nothing_changed(tmp_path: Path):
    from plans.settings import PROJECT_ROOT

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PROJECT_ROOT / "data" / "raw" / BENI_MELLAL_PPTX, raw / BENI_MELLAL_PPTX)
    (raw / "manifest.csv").write_text(f"file,commune\n{BENI_MELLAL_PPTX},beni-mellal\n", encoding="utf-8")
    warehouse, docs = tmp_path / "w.duckdb", tmp_path / "docs"
    refresh = ["refresh", "--raw", str(raw), "--warehouse", str(warehouse), "--no-progress"]

    first = runner.invoke(app, refresh)
    assert first.exit_code == 0, first.output
    assert f"data dictionary and quality page (written): {docs}" in first.output
    md = (docs / "data_dictionary.md").read_text(encoding="utf-8")
    documents = md.split("### v_documents\n", 1)[1].split("\n### ", 1)[0]
    assert "| `read_by_ocr` | BOOLEAN | TRUE when some page of the rendition was read by OCR. |" in documents
    fact = md.split("### fact_activity\n", 1)[1].split("\n### ", 1)[0]
    assert f"`{BENI_MELLAL_PPTX}` (43, current)" in fact
    page = (docs / "data_dictionary.html").read_text(encoding="utf-8")
    assert '<section id="v_documents">' in page and "<script" not in page
    quality = (docs / "quality.html").read_text(encoding="utf-8")
    # Beni Mellal states 330 000 MAD against projects summing to 360 000: the failure is on the page.
    failed = quality.split('<h2 id="failed">', 1)[1].split('<h2 id="history">', 1)[0]
    assert f"<td>{BENI_MELLAL_PPTX}</td>" in failed
    assert "<td>stated 330000.00, computed 360000.00</td>" in failed

    written = {p.name: p.stat().st_mtime_ns for p in docs.iterdir()}
    second = runner.invoke(app, refresh)  # nothing changed: the pages are not written again
    assert second.exit_code == 0, second.output
    assert f"data dictionary and quality page (unchanged): {docs}" in second.output
    assert {p.name: p.stat().st_mtime_ns for p in docs.iterdir()} == written

    (docs / "quality.html").unlink()  # a missing page is written again, even with nothing changed
    third = runner.invoke(app, refresh)
    assert "(written)" in third.output and "stated 330000.00" in (docs / "quality.html").read_text("utf-8")

    other = tmp_path / "other" / "w.duckdb"
    off = runner.invoke(app, [*refresh[:3], "--warehouse", str(other), "--no-progress", "--no-docs"])
    assert off.exit_code == 0, off.output
    assert other.is_file() and not (other.parent / "docs").exists()
    assert "data dictionary" not in off.output
