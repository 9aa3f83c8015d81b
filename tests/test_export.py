"""`plans export`: every flat and comparison view as Parquet and CSV that DuckDB reads back."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from plans.cli import app
from report.export import exported_views

runner = CliRunner()
COMPARISON_VIEWS = {
    "v_plan_summary",
    "v_cost_by_theme",
    "v_theme_comparison",
    "v_activities_per_year",
    "v_commune_comparison",
    "v_cocreation_funnel",
}


@pytest.fixture(scope="module")
def exported(corpus_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("export")
    before = hashlib.sha256(corpus_warehouse.read_bytes()).hexdigest()
    result = runner.invoke(app, ["export", "--warehouse", str(corpus_warehouse), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(corpus_warehouse.read_bytes()).hexdigest() == before  # opened read-only
    return out, result.output


@pytest.fixture(scope="module")
def db(corpus_warehouse: Path, exported) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    yield conn
    conn.close()


def test_every_view_is_written_in_both_formats(db, exported):
    out, output = exported
    views = exported_views(db)
    assert COMPARISON_VIEWS | {"v_activities", "v_projects", "v_plan_reconciliation"} <= set(views)
    assert not any(v.startswith("stg_") for v in views)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{v}.{s}" for v in views for s in ("parquet", "csv")
    )
    assert f"wrote {2 * len(views)} files" in output


def first(sql: str) -> tuple:
    """One row of a query over the exported files, in a fresh in-memory DuckDB."""
    with duckdb.connect() as conn:
        return conn.execute(sql).fetchone()


def test_parquet_and_csv_have_the_views_row_counts(db, exported):
    out, _ = exported
    for view in exported_views(db):
        expected = db.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
        parquet = first(f"SELECT count(*) FROM read_parquet('{out / view}.parquet')")[0]
        csv = first(f"SELECT count(*) FROM read_csv('{out / view}.csv')")[0]
        assert (parquet, csv) == (expected, expected), view


def test_parquet_keeps_amounts_exact(exported):
    out, _ = exported
    total, kind = first(
        f"""SELECT total_cost_mad, typeof(total_cost_mad) FROM read_parquet('{out}/v_plan_summary.parquet')
            WHERE commune = 'ait-melloul'"""
    )
    assert (total, kind) == (Decimal("2461996.00"), "DECIMAL(14,2)")
    stated = first(
        f"""SELECT stated_value FROM read_parquet('{out}/v_plan_reconciliation.parquet')
            WHERE is_current AND commune = 'beni-mellal' AND measure = 'total_cost_mad'"""
    )[0]
    assert stated == Decimal("330000.00")


def test_csv_keeps_arabic_text(exported):
    out, _ = exported
    found = first(
        f"""SELECT count(*) FROM read_csv('{out}/v_activities.csv')
            WHERE is_current AND commune = 'dakhla'
              AND activity_title = 'تعبيد الطرق الحضرية بالإسفلت الساخن'"""
    )[0]
    assert found == 1


def test_missing_warehouse_is_a_clear_error(tmp_path: Path):
    result = runner.invoke(
        app, ["export", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no warehouse at" in result.output and "plans refresh" in result.output
    assert not (tmp_path / "none.duckdb").exists()
