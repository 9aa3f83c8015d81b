"""The warehouse schema and views exist, with the columns researchers rely on, even when empty."""

from pathlib import Path

import duckdb
import pytest

from loader import warehouse as wh

FLAT_VIEW_COLUMNS = {
    "v_activities": [
        "plan_kind",
        "period_start_year",
        "period_end_year",
        "source_format",
        "domain",
        "axis",
        "theme",
        "commitment_no",
        "project_code",
        "project_no",
        "project_title",
        "activity_no",
        "activity_title",
        "cost_mad",
        "year_label",
        "start_date",
        "end_date",
        "weight_in_project_pct",
        "weight_in_commitment_pct",
    ],
    "v_projects": [
        "plan_kind",
        "axis",
        "project_code",
        "project_no",
        "project_title",
        "objectives",
        "project_cost_mad",
        "activity_count",
    ],
    "v_budget_lines": ["project_code", "activity_title", "budget_column", "amount_mad"],
    "v_indicators": ["project_code", "activity_title", "indicator_kind", "indicator_text", "max_weight_pct"],
    "v_progress": ["domain", "axis", "project_title", "activity_title", "year", "planned_cumulative_pct"],
    "v_proposals": ["workshop", "proposal_no", "subject", "domain", "outcome", "cited_commitments"],
    "v_plan_reconciliation": ["plan_kind", "measure", "stated_value", "computed_value", "status"],
    "v_documents": ["format", "sha256", "status", "reason", "plan_kind", "pages_or_lines", "loaded_at"],
}


@pytest.fixture()
def empty_warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    conn = wh.connect(tmp_path / "w.duckdb")
    wh.create_views(conn)
    yield conn
    conn.close()


@pytest.mark.parametrize("view", sorted(FLAT_VIEW_COLUMNS))
def test_flat_view_exists_with_its_columns_when_empty(empty_warehouse, view):
    columns = [r[0] for r in empty_warehouse.execute(f"DESCRIBE {view}").fetchall()]
    every_view_has = ["commune", "source_file", "is_current"]
    for column in every_view_has + FLAT_VIEW_COLUMNS[view]:
        assert column in columns, f"{view} lacks {column}"
    assert empty_warehouse.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == 0


def test_amounts_are_decimal_14_2(empty_warehouse):
    types = dict(
        empty_warehouse.execute("SELECT column_name, column_type FROM (DESCRIBE v_activities)").fetchall()
    )
    assert types["cost_mad"] == "DECIMAL(14,2)"
    types = dict(
        empty_warehouse.execute("SELECT column_name, column_type FROM (DESCRIBE v_budget_lines)").fetchall()
    )
    assert types["amount_mad"] == "DECIMAL(14,2)"


def test_schema_is_idempotent(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    for _ in range(2):
        conn = wh.connect(path)
        wh.create_views(conn)
        conn.close()


def test_a_warehouse_built_before_added_columns_gains_them(tmp_path: Path):
    """An existing warehouse keeps its rows and gains the columns added since it was built."""
    path = tmp_path / "old.duckdb"
    conn = wh.connect(path)
    conn.execute("ALTER TABLE dim_document DROP COLUMN notes")
    conn.execute("ALTER TABLE dim_document DROP COLUMN defects")
    conn.execute(
        """INSERT INTO dim_document (document_id, source_format, sha256, pipeline_version, status,
                                     loaded_at)
           VALUES ('old.txt', 'txt', 'x', 'v0', 'quarantined', now())"""
    )
    conn.close()
    conn = wh.connect(path)
    wh.create_views(conn)
    assert conn.execute("SELECT source_file, notes, defects FROM v_documents").fetchall() == [
        ("old.txt", None, [])
    ]
    conn.close()
