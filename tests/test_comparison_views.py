"""The comparison views on the sample corpus, against what the documents state.

Aït Melloul's open plan states 11 projects, 63 activities, 2 461 996,00 MAD in all (1 171 996
mobilised, 850 000 for 2024, 440 000 for 2025); Beni Mellal's slides give 10 project costs adding to
360 000 while the deck states 330 000; Tétouan's action plan has 44 activities in 5 commitments and no
costs; its co-creation report has 193 proposals in 4 workshops (49/35/47/62), 7 of them with an empty
outcome; Dakhla's PAC detail tables give 150 actions (its summary says 169), costs in million dirhams.
The warehouse is built once per session (tests/conftest.py: corpus_warehouse).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

AIT_MELLOUL = "ait-melloul/open_plan/2024-2025"
AIT_MELLOUL_TOTAL = Decimal("2461996.00")
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def db(corpus_warehouse: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    yield conn
    conn.close()


def row_of(conn: duckdb.DuckDBPyConnection, sql: str, *params: object) -> dict[str, object]:
    cursor = conn.execute(sql, list(params))
    found = cursor.fetchall()
    assert len(found) == 1, f"expected one row, got {len(found)}: {sql}"
    return dict(zip([d[0] for d in cursor.description], found[0], strict=True))


def plan(conn: duckdb.DuckDBPyConnection, view: str, commune: str, kind: str) -> dict[str, object]:
    return row_of(conn, f"SELECT * FROM {view} WHERE commune = ? AND plan_kind = ?", commune, kind)


# ---------------------------------------------------------------- v_plan_summary


def test_ait_melloul_summary_has_the_stated_counts_and_total(db):
    s = plan(db, "v_plan_summary", "ait-melloul", "open_plan")
    assert (s["projects"], s["activities"], s["total_cost_mad"]) == (11, 63, AIT_MELLOUL_TOTAL)
    assert s["mean_cost_per_activity_mad"] == (AIT_MELLOUL_TOTAL / 63).quantize(CENT)  # 39 079.30
    assert s["mean_cost_per_project_mad"] == (AIT_MELLOUL_TOTAL / 11).quantize(CENT)  # 223 817.82


def test_ait_melloul_timeline_spans_the_plan_period_and_every_activity_is_dated(db):
    s = plan(db, "v_plan_summary", "ait-melloul", "open_plan")
    assert (s["first_start"], s["last_end"], s["timeline_years"]) == (date(2024, 1, 1), date(2025, 12, 31), 2)
    assert (s["period_start_year"], s["period_end_year"]) == (2024, 2025)
    assert s["share_activities_dated"] == 1.0
    assert s["activities_per_timeline_year"] == 31.5  # 63 activities over 2024-2025


def test_ait_melloul_indicators_per_activity_counts_matrix_09(db):
    s = plan(db, "v_plan_summary", "ait-melloul", "open_plan")
    indicators = db.execute(
        "SELECT count(*) FROM v_indicators WHERE is_current AND plan_id = ?", [AIT_MELLOUL]
    )
    n = indicators.fetchone()[0]
    assert n >= 2 * 63  # matrix 09 gives each activity follow-up and impact indicators
    assert s["indicators_per_activity"] == round(n / 63, 2)


def test_beni_mellal_summary_adds_the_project_costs_not_the_stated_total(db):
    s = plan(db, "v_plan_summary", "beni-mellal", "open_plan")
    assert s["projects"] == 10
    assert s["total_cost_mad"] == Decimal("360000.00")  # the ten slides' costs
    assert s["mean_cost_per_project_mad"] == Decimal("36000.00")
    stated, status = db.execute(
        """SELECT stated_value, status FROM v_plan_reconciliation
           WHERE is_current AND commune = 'beni-mellal' AND measure = 'total_cost_mad'"""
    ).fetchone()
    assert (stated, status) == (Decimal("330000.00"), "mismatch")  # recorded, not corrected


def test_tetouan_action_plan_has_44_activities_and_no_costs(db):
    s = plan(db, "v_plan_summary", "tetouan", "action_plan")
    assert s["activities"] == 44
    assert s["total_cost_mad"] is None and s["mean_cost_per_activity_mad"] is None


def test_dakhla_pac_counts_its_detail_tables_in_dirhams(db):
    s = plan(db, "v_plan_summary", "dakhla", "pac")
    assert s["activities"] == 150  # the summary table says 169: a recorded mismatch
    assert (s["period_start_year"], s["period_end_year"]) == (2017, 2022)
    paving = db.execute(
        "SELECT cost_mad FROM v_activities WHERE is_current AND commune = 'dakhla' AND activity_title = ?",
        ["تعبيد الطرق الحضرية بالإسفلت الساخن"],
    ).fetchone()[0]
    assert paving == Decimal("44800000.00")  # printed "44.80" in the column "بمليون درهم"
    total = db.execute("SELECT sum(cost_mad) FROM v_activities WHERE is_current AND commune = 'dakhla'")
    assert s["total_cost_mad"] == total.fetchone()[0]
    assert s["mean_cost_per_activity_mad"] == (s["total_cost_mad"] / 150).quantize(CENT)


def test_one_summary_row_per_current_plan(db):
    plans = db.execute("SELECT count(DISTINCT plan_id) FROM v_activities WHERE is_current").fetchone()[0]
    rows = db.execute("SELECT count(*), count(DISTINCT plan_id) FROM v_plan_summary").fetchone()
    assert rows[0] == rows[1] >= plans


# ---------------------------------------------------------------- v_cost_by_theme, v_theme_comparison


def test_ait_melloul_cost_by_theme_adds_up_to_the_stated_total(db):
    cost, activities, projects, cost_share, activity_share = db.execute(
        """SELECT sum(cost_mad), sum(activities), sum(projects), sum(cost_share), sum(activity_share)
           FROM v_cost_by_theme WHERE plan_id = ?""",
        [AIT_MELLOUL],
    ).fetchone()
    assert (cost, activities, projects) == (AIT_MELLOUL_TOTAL, 63, 11)
    assert abs(cost_share - 1) <= Decimal("0.0005") and abs(activity_share - 1) <= Decimal("0.0005")


def test_each_theme_cost_is_the_sum_of_its_activities(db):
    by_theme = dict(
        db.execute("SELECT theme, cost_mad FROM v_cost_by_theme WHERE plan_id = ?", [AIT_MELLOUL]).fetchall()
    )
    from_activities = dict(
        db.execute(
            "SELECT theme, sum(cost_mad) FROM v_activities WHERE is_current AND plan_id = ? GROUP BY theme",
            [AIT_MELLOUL],
        ).fetchall()
    )
    assert by_theme == from_activities
    assert len(by_theme) >= 2


def test_beni_mellal_cost_by_theme_adds_up_to_its_project_costs(db):
    total = db.execute("SELECT sum(cost_mad) FROM v_cost_by_theme WHERE commune = 'beni-mellal'").fetchone()[
        0
    ]
    assert total == Decimal("360000.00")


def test_theme_comparison_is_a_complete_grid_of_plans_and_themes(db):
    plans, themes, cells = db.execute(
        "SELECT count(DISTINCT plan_id), count(DISTINCT coalesce(theme, '')), count(*) "
        "FROM v_theme_comparison"
    ).fetchone()
    assert cells == plans * themes
    shares = dict(
        db.execute(
            "SELECT plan_id, sum(cost_share) FROM v_theme_comparison WHERE cost_share IS NOT NULL GROUP BY 1"
        ).fetchall()
    )
    assert AIT_MELLOUL in shares and all(abs(v - 1) <= Decimal("0.001") for v in shares.values())
    # Tétouan's action plan states no costs: no cost share, still an activity share.
    tetouan = db.execute(
        "SELECT count(cost_share), sum(activity_share) FROM v_theme_comparison "
        "WHERE plan_kind = 'action_plan'"
    ).fetchone()
    assert tetouan[0] == 0 and abs(tetouan[1] - 1) <= Decimal("0.001")


# ---------------------------------------------------------------- v_activities_per_year


def test_ait_melloul_activities_per_year_match_the_annual_programming(db):
    years = {
        year: (n, cost)
        for year, n, cost in db.execute(
            "SELECT year, activities, cost_mad_of_those_activities "
            "FROM v_activities_per_year WHERE plan_id = ?",
            [AIT_MELLOUL],
        ).fetchall()
    }
    assert set(years) == {2024, 2025}
    assert years[2024][0] + years[2025][0] == 63  # every activity dated, none across the year end
    # Matrix 08: 1 171 996 mobilised + 850 000 for 2024; 440 000 for 2025.
    assert years[2024][1] == Decimal("1171996.00") + Decimal("850000.00")
    assert years[2025][1] == Decimal("440000.00")


# ---------------------------------------------------------------- v_commune_comparison


def test_open_plans_ranked_side_by_side(db):
    ait = plan(db, "v_commune_comparison", "ait-melloul", "open_plan")
    beni = plan(db, "v_commune_comparison", "beni-mellal", "open_plan")
    assert (ait["plans_of_kind"], beni["plans_of_kind"]) == (2, 2)
    assert (ait["total_cost_mad"], beni["total_cost_mad"]) == (AIT_MELLOUL_TOTAL, Decimal("360000.00"))
    assert (ait["rank_total_cost"], beni["rank_total_cost"]) == (1, 2)
    assert (ait["projects"], beni["projects"]) == (11, 10)
    assert (ait["rank_projects"], beni["rank_projects"]) == (1, 2)
    assert ait["rank_mean_cost_per_project"] == 1  # 223 817.82 against 36 000.00
    assert (ait["commune_name_fr"], ait["commune_name_ar"]) == ("Aït Melloul", "أيت ملول")


def test_comparison_carries_the_summary_unchanged(db):
    differing = db.execute(
        """SELECT count(*) FROM v_plan_summary AS s JOIN v_commune_comparison AS c USING (plan_id)
           WHERE s.total_cost_mad IS DISTINCT FROM c.total_cost_mad OR s.activities <> c.activities
              OR s.share_activities_dated IS DISTINCT FROM c.share_activities_dated"""
    ).fetchone()[0]
    assert differing == 0


# ---------------------------------------------------------------- v_cocreation_funnel


def test_tetouan_cocreation_funnel(db):
    f = row_of(db, "SELECT * FROM v_cocreation_funnel WHERE commune = 'tetouan'")
    assert (f["workshops"], f["proposals"]) == (4, 193)
    assert f["commitments_in_action_plan"] == 5
    # The current rendition is the Word file (the .txt loses the last table's outcomes). Taken up =
    # the outcome cites a commitment: 49 + 47 in two workshops, 28 of 35 (7 outcomes empty), and in
    # the last table the 30 disability proposals (commitments 11 and 10); its inclusion and gender
    # groups' outcomes cite none.
    assert f["source_file"] == "tetouan_cocreation-workshops_2022.docx"
    assert f["proposals_taken_up"] == 49 + 47 + 28 + 30
    assert f["share_taken_up"] == round(154 / 193, 3)
    # Commitments 1, 2, 3, 5, 9, 10, 11 of the co-creation stage's numbering.
    assert f["commitments_cited"] == 7


def test_tetouan_workshops_feed_the_funnel(db):
    sizes = sorted(
        n
        for (n,) in db.execute(
            "SELECT count(*) FROM v_proposals WHERE is_current AND commune = 'tetouan' GROUP BY workshop"
        ).fetchall()
    )
    assert sizes == [35, 47, 49, 62]


def materialised() -> list[str]:
    from loader.warehouse import materialised_files

    return [f.stem.removeprefix("mart_") for f in materialised_files()]


def test_the_slow_comparison_views_are_materialised():
    assert materialised() == [
        "commune_comparison",
        "cost_by_theme",
        "plan_summary",
        "rendition_agreement",
        "theme_comparison",
    ]


@pytest.mark.parametrize("name", materialised())
def test_a_materialised_view_reads_what_its_computation_gives_after_a_refresh(db, name):
    """v_x reads mart_x, rebuilt at the end of the refresh from stg_x: same columns, same rows."""
    view, computed = f"SELECT * FROM v_{name}", f"SELECT * FROM stg_{name}"
    assert db.execute(f"DESCRIBE {view}").fetchall() == db.execute(f"DESCRIBE {computed}").fetchall()
    rows = db.execute(f"{view} ORDER BY ALL").fetchall()
    assert rows and rows == db.execute(f"{computed} ORDER BY ALL").fetchall()


def test_materialise_rebuilds_the_tables_from_the_current_facts(corpus_warehouse: Path, tmp_path: Path):
    import shutil

    from loader import warehouse as wh

    copy = tmp_path / "copy.duckdb"
    shutil.copy(corpus_warehouse, copy)
    conn = wh.connect(copy)
    try:
        before = conn.execute("SELECT count(*) FROM v_plan_summary").fetchone()[0]
        conn.execute("UPDATE dim_document SET is_current = FALSE WHERE plan_id = ?", [AIT_MELLOUL])
        assert conn.execute("SELECT count(*) FROM v_plan_summary").fetchone()[0] == before  # a copy
        wh.materialise(conn)
        assert conn.execute("SELECT count(*) FROM v_plan_summary").fetchone()[0] == before - 1
        comment = conn.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'mart_plan_summary'"
        ).fetchone()[0]
        assert "rebuilt at the end of each refresh" in comment  # comments applied again
    finally:
        conn.close()


def test_views_created_before_materialise_leave_the_tables_empty_with_their_columns(
    corpus_warehouse: Path, tmp_path: Path
):
    """The refresh creates the views with empty mart tables, then fills them once (materialise)."""
    import shutil

    from loader import warehouse as wh

    copy = tmp_path / "copy.duckdb"
    shutil.copy(corpus_warehouse, copy)
    conn = wh.connect(copy)
    try:
        wh.create_views(conn, fill_marts=False)
        for name in materialised():
            assert conn.execute(f"SELECT count(*) FROM mart_{name}").fetchone()[0] == 0
            mart = conn.execute(f"DESCRIBE mart_{name}").fetchall()
            assert mart == conn.execute(f"DESCRIBE stg_{name}").fetchall()
        wh.materialise(conn)
        agreement = conn.execute("SELECT count(*) FROM v_rendition_agreement").fetchone()[0]
        assert agreement == conn.execute("SELECT count(*) FROM stg_rendition_agreement").fetchone()[0] > 0
    finally:
        conn.close()
