"""`plans export`: every flat and comparison view as Parquet and CSV that DuckDB reads back."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
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


# R reads the CSV export with base R alone (Debian's r-base-core; r-cran-arrow and r-cran-duckdb
# are not packaged in Debian 12, so Parquet is not checked from R here). The README gives this code.
R_READS_THE_EXPORT = r"""
export <- commandArgs(trailingOnly = TRUE)[1]
activities <- read.csv(file.path(export, "v_activities.csv"), encoding = "UTF-8",
                       colClasses = c(is_current = "logical"))
current <- activities[activities$is_current, ]
cat(sprintf("current cost %.2f MAD\n", sum(current$cost_mad, na.rm = TRUE)))
title <- paste("\u062a\u0639\u0628\u064a\u062f", "\u0627\u0644\u0637\u0631\u0642",
               "\u0627\u0644\u062d\u0636\u0631\u064a\u0629",
               "\u0628\u0627\u0644\u0625\u0633\u0641\u0644\u062a", "\u0627\u0644\u0633\u0627\u062e\u0646")
dakhla <- current[current$commune == "dakhla", ]
cat(sprintf("dakhla activities titled %d\n", sum(dakhla$activity_title == title)))
checks <- read.csv(file.path(export, "v_plan_reconciliation.csv"), encoding = "UTF-8",
                   colClasses = c(is_current = "logical"))
beni <- checks[checks$is_current & checks$commune == "beni-mellal" & checks$measure == "total_cost_mad", ]
cat(sprintf("beni-mellal stated %.2f computed %.2f\n", beni$stated_value, beni$computed_value))
"""


def test_r_reads_the_csv_export(exported, tmp_path: Path):
    rscript = shutil.which("Rscript")
    if rscript is None:
        reason = "R not installed (Debian package `r-base-core`): the export is not read from R"
        if os.environ.get("PLANS_REQUIRE_R") == "1":
            pytest.fail(reason + ", and PLANS_REQUIRE_R=1")
        pytest.skip(reason)
    out, _ = exported
    script = tmp_path / "read_export.R"
    script.write_text(R_READS_THE_EXPORT, encoding="utf-8")
    done = subprocess.run(
        [rscript, str(script), str(out)],
        capture_output=True, text=True, timeout=120, check=False, env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Every current plan counted once; a title in Arabic matched whole under the C locale.
    assert done.stdout.splitlines() == [
        "current cost 310991996.00 MAD",
        "dakhla activities titled 1",
        "beni-mellal stated 330000.00 computed 360000.00",
    ]
