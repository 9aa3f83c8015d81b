"""The Dakhla PAC through the refresh flow, read back from the views, on both renditions.

The warehouse is built once for the module from a raw folder holding the text export and the PDF
(and a manifest line for each). Values are the document's own: an action's project, cost (printed
in million dirhams) and planned 2019 rate; the summary table's 18 axes / 45 projects / 169 actions
set against what the detail tables hold.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import duckdb
import pytest

from plans.settings import PROJECT_ROOT, configure_prefect

configure_prefect()

from flows.refresh import refresh  # noqa: E402

RAW = PROJECT_ROOT / "data" / "raw"
TXT = "dakhla_pac_2017-2022.txt"
PDF = "dakhla_pac_2017-2022.pdf"
RENDITIONS = (TXT, PDF)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = tmp_path_factory.mktemp("dakhla")
    raw = root / "raw"
    raw.mkdir()
    for name in RENDITIONS:
        shutil.copy(RAW / name, raw / name)
    (raw / "manifest.csv").write_text(
        "file,commune\n" + "".join(f"{name},dakhla\n" for name in RENDITIONS), encoding="utf-8"
    )
    path = root / "w.duckdb"
    summary = refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    assert sorted(f.outcome for f in summary.files) == ["interpreted", "interpreted"]
    conn = duckdb.connect(str(path), read_only=True)
    yield conn
    conn.close()


def rows(conn: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple]:
    return conn.execute(sql, list(params)).fetchall()


def action(conn: duckdb.DuckDBPyConnection, source: str, title: str) -> tuple:
    found = rows(
        conn,
        "SELECT domain, axis, project_title, cost_mad FROM v_activities "
        "WHERE source_file = ? AND activity_title = ?",
        source,
        title,
    )
    assert len(found) == 1, title
    return found[0]


def progress(conn: duckdb.DuckDBPyConnection, source: str, title: str) -> dict[int, Decimal]:
    return dict(
        rows(
            conn,
            "SELECT year, planned_cumulative_pct FROM v_progress "
            "WHERE source_file = ? AND activity_title = ?",
            source,
            title,
        )
    )


# --------------------------------------------------------------------------- actions


@pytest.mark.parametrize("source", RENDITIONS)
def test_an_action_with_domain_axis_project_cost_and_2019_progress(db, source):
    grants = "تخصيص دعم سنوي للجمعيات الاجتماعية"
    assert action(db, source, grants) == (
        "التنمية الاقتصادية و الثقافية و الاجتماعية و الرياضية",
        "التنمية الاجتماعية",
        "دعم المشاريع والمبادرات الجمعوية",
        Decimal("20360000.00"),  # printed 20.36 (million dirhams)
    )
    assert progress(db, source, grants)[2019] == Decimal(40)
    assert progress(db, source, grants) == dict(
        zip(range(2017, 2023), map(Decimal, (6, 21, 40, 60, 80, 100)), strict=True)
    )


@pytest.mark.parametrize("source", RENDITIONS)
def test_an_action_of_the_domain_without_its_own_heading(db, source):
    # The text export prints no "المجال السادس" heading: the domain comes from the axis numbering.
    portal = "إنشاء بوابة الكترونية متجددة للتواصل مع الساكنة"
    assert action(db, source, portal) == (
        "الحكامة المحلية الجيدة",
        "الترشيد و الشفافية و التدقيق الداخلي",
        "شفافية المعطيات",
        Decimal("1000000.00"),
    )
    assert progress(db, source, portal) == {2018: 20, 2019: 40, 2020: 60, 2021: 100}
    domain_no = rows(db, "SELECT DISTINCT domain_no FROM v_progress WHERE activity_title = ?", portal)
    assert domain_no == [(6,)]


@pytest.mark.parametrize("source", RENDITIONS)
def test_a_project_name_split_from_the_one_printed_above(db, source):
    twinning = "تطوير نظام التوأمة مع المدن في اتجاه شراكة لتعزيز الجهود المبذولة"
    assert action(db, source, twinning)[2:] == ("البحث عن شركات فاعلة", Decimal("20000.00"))
    assert progress(db, source, twinning)[2019] == Decimal(100)


def test_both_renditions_give_the_same_costs_and_rates(db):
    per_source = {
        source: rows(
            db,
            "SELECT count(*), count(cost_mad), sum(cost_mad), count(DISTINCT project_title) "
            "FROM v_activities WHERE source_file = ?",
            source,
        )[0][:3]
        for source in RENDITIONS
    }
    assert per_source[TXT] == per_source[PDF]
    rates = {
        source: rows(
            db,
            "SELECT domain_no, year, sum(planned_cumulative_pct), count(*) FROM v_progress "
            "WHERE source_file = ? GROUP BY ALL ORDER BY ALL",
            source,
        )
        for source in RENDITIONS
    }
    assert rates[TXT] == rates[PDF] and rates[TXT]


# --------------------------------------------------------------------------- the summary table


def reconciliation(db, source: str) -> dict[tuple[str, str], tuple]:
    return {
        (scope, measure): (stated, computed, status)
        for scope, measure, stated, computed, status in rows(
            db,
            "SELECT scope, measure, stated_value, computed_value, status FROM v_plan_reconciliation "
            "WHERE source_file = ?",
            source,
        )
    }


@pytest.mark.parametrize("source", RENDITIONS)
def test_summary_totals_against_the_detail_tables(db, source):
    found = reconciliation(db, source)
    assert found["", "axis_count"] == (18, 18, "ok")
    # The detail tables hold 42 projects and 150 actions: the document contradicts its summary.
    assert found["", "project_count"] == (45, 42, "mismatch")
    assert found["", "activity_count"] == (169, 150, "mismatch")
    assert len([k for k in found if k[0].startswith("domain ")]) == 7 * 3


@pytest.mark.parametrize("source", RENDITIONS)
def test_per_domain_contradictions_stay_visible(db, source):
    found = reconciliation(db, source)
    assert found["domain 2", "project_count"] == (7, 4, "mismatch")
    assert found["domain 2", "activity_count"] == (26, 18, "mismatch")
    # The summary gives domain 3 three axes and domain 6 four; their detail tables print 4 and 3.
    assert found["domain 3", "axis_count"] == (3, 4, "mismatch")
    assert found["domain 6", "axis_count"] == (4, 3, "mismatch")
    assert found["domain 5", "activity_count"] == (25, 25, "ok")
    labels = dict(
        rows(db, "SELECT scope, scope_label FROM v_plan_reconciliation WHERE source_file = ?", source)
    )
    assert labels[""] == "whole plan"
    assert labels["domain 6"] == "domain 6: الحكامة المحلية الجيدة"


# --------------------------------------------------------------------------- the repair log


def repairs(db, source: str, kind: str) -> list[tuple]:
    return rows(
        db,
        "SELECT source_table, source_row, before_text, after_text, evidence, is_flag FROM v_repairs "
        "WHERE source_file = ? AND repair_kind = ? ORDER BY repair_no",
        source,
        kind,
    )


def test_every_repair_of_the_text_export_is_explained(db):
    kinds = dict(
        rows(db, "SELECT repair_kind, count(*) FROM v_repairs WHERE source_file = ? GROUP BY 1", TXT)
    )
    needed = {"reorder-columns", "join-wrapped", "split-name-join", "garbage-to-number", "dedupe-ocr-row"}
    # unread-cell: the OCR-garbled header cells no fact reads (v_unread_cells)
    assert needed | {"domain-from-numbering", "repeated-heading", "unreadable", "unread-cell"} == set(kinds)
    assert kinds["reorder-columns"] == 20  # 19 detail tables and the summary, all mirrored
    for kind in needed:
        for _table, _row, before, after, evidence, flag in repairs(db, TXT, kind):
            assert before.strip() and after.strip() and evidence.strip() and not flag, (kind, before)


def test_text_export_repairs_before_and_after(db):
    reorder = repairs(db, TXT, "reorder-columns")[1]
    assert reorder[2].startswith("2022 | 2021") and reorder[3].startswith("project | objectives_to_reach")
    assert "year header reads 2022, 2021" in reorder[4]
    wrapped = next(r for r in repairs(db, TXT, "join-wrapped") if r[3].startswith("إحداث مركز لشحن"))
    assert wrapped[2] == "إحداث مركز لشحن وتحويل النفايات المنزلية | والمماثلة للمطرح العمومي المراقب"
    assert wrapped[3] == "إحداث مركز لشحن وتحويل النفايات المنزلية والمماثلة للمطرح العمومي المراقب"
    names = {r[3]: r for r in repairs(db, TXT, "split-name-join")}
    assert names["البحث عن شركات فاعلة"][2] == "البحث عن | شركات فاعلة"
    garbage = {(r[2], r[3]) for r in repairs(db, TXT, "garbage-to-number")}
    assert garbage == {("1000/", "100"), ("470/", "47")}
    domain = repairs(db, TXT, "domain-from-numbering")
    assert len(domain) == 1 and domain[0][3] == "domain 6: الحكامة المحلية الجيدة"
    assert "without a domain heading" in domain[0][4]


def test_pdf_carries_merged_project_cells_down(db):
    carried = {r[3]: r for r in repairs(db, PDF, "carry-down")}
    assert "continue the merged project cell" in carried["دعم المشاريع والمبادرات الجمعوية"][4]
    assert not repairs(db, PDF, "reorder-columns") and not repairs(db, PDF, "unreadable")


def test_unreadable_cells_are_flagged_for_the_analyst(db):
    flagged = {r[2]: r for r in repairs(db, TXT, "unreadable")}
    assert {"lalac", "totted to the Section of Lead", "et hen hotte"} <= set(flagged)
    assert all(r[5] and r[3] == "" and "nothing guessed" in r[4] for r in flagged.values())
    titles = [t for (t,) in rows(db, "SELECT activity_title FROM v_activities WHERE source_file = ?", TXT)]
    assert not any(raw in title for raw in flagged for title in titles)
