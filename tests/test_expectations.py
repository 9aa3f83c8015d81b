"""Quality suites: Great Expectations on the warehouse, results stored per run, Data Docs published.

Two small warehouses are built with the loader from values printed in the documents: a clean one
(every expectation holds) and one with faults (the Beni Mellal stated total, a negative cost, a
tatweel, a commitment whose weights sum to 90 ...). Each is validated once per test module.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expectations.quality_report import QualityReport
from expectations.results import format_value
from expectations.run import run_quality
from expectations.suites import FORBIDDEN_TEXT, date_window, groups_with_weights, stated_vs_computed
from loader import warehouse as wh
from loader.rows import DocumentRows
from plans.settings import Settings

BENI_MELLAL = "beni-mellal_open-plan_2024-2025.pptx"
AIT_MELLOUL = "ait-melloul_open-plan_2024-2025.txt"
TETOUAN = "tetouan_action-plan_2023-2026.docx"
STUDIO_ACTIVITY = "تهيئة مكان احتضان الأستوديو السمعي البصري"
STUDIO_EQUIPMENT = "اقتناء وتركيب تجهيزات مختلفة لتجهيز الأستوديو"
TEXT_RULE = "title free of presentation forms, tatweel, U+FFFD"

# Beni Mellal: one slide per project with its estimated cost (the deck states 330000 in all).
BENI_MELLAL_PROJECTS = [
    (1, "المدينة الخضراء", "40000.00"),
    (1, "تغيير ثقافة وسلوك المواطن مع تدبير النفايات", "50000.00"),
    (1, "تنظيم مسابقة أنظف حي", "30000.00"),
    (1, "تنظيم مسابقة أجمل وأنظف محيط مدرسة", "40000.00"),
    (2, "تنزيل آلية تقديم العرائض", "20000.00"),
    (2, "الميزانية التشاركية", "40000.00"),
    (2, "ميزانية المواطن", "40000.00"),
    (2, "تسويق وتثمين الخدمات المقدمة من طرف الجماعة", "30000.00"),
    (3, "اعتماد مقاربة تشاركية أثناء إعداد قرارات الرئيس", "30000.00"),
    (4, "تشجيع/دعم المنتوج المحلي – منتوجات دارنا", "40000.00"),
]
# Beni Mellal activities with the dates of their project slide; the citizen budget starts
# 01/11/2023, before the 2024-2025 period (within the one-year tolerance).
BENI_MELLAL_ACTIVITIES = [
    (5, "تنظيم برنامج تكوين لفائدة ممثلي المجتمع المدني", date(2024, 1, 1), date(2024, 2, 29)),
    (
        7,
        "إعداد ميزانية المواطن لسنة 2023 ونشرها بالبوابة الرسمية للجماعة",
        date(2023, 11, 1),
        date(2025, 12, 31),
    ),
    (3, "تنظيم مسابقة أنظف حي", date(2025, 7, 1), date(2025, 12, 31)),
]
# Tétouan action plan: (commitment, group, item, activity, weight in group, weight in commitment).
# Commitment 1 as printed sums to 102; commitment 2 to 99 (item 17 printed as 9%).
TETOUAN_ITEMS = [
    (1, 1, 1, "اعداد ونشر ميزانية المواطن", 100, 25),
    (1, 2, 2, "اعداد ميزانية تشاركية", 30, 8),
    (1, 2, 3, "تنفيذ الميزانية التشاركية", 30, 8),
    (1, 2, 5, "انجاز دليل الدعم والشراكة مع المجتمع المدني", 40, 10),
    (1, 3, 6, "استشارة عمومية حول الدليل", 50, 13),
    (1, 3, 7, "نشر الدليل على البوابة الالكترونية للجماعة بعد المصادقة عليه", 40, 10),
    (1, 3, 8, "إعداد وتخصيص صفحة البوابة الالكترونية للجماعة للنشر الاستباقي للمعلومات", 10, 3),
    (1, 4, 9, "تحيين دليل المرتفقين والمساطر والخدمات الرقمية", 25, 6),
    (1, 4, 10, "إرساء وتفعيل مكتب المواطن لتسهيل الولوج إلى المعلومة", 25, 6),
    (1, 4, 11, "إعداد وتخصيص صفحة لعرض برنامج عمل الجماعة بالبوابة الإلكترونية", 50, 13),
    (2, 5, 12, "نشر التقارير السنوية لتتبع تنفيذ البرنامج", 30, 15),
    (2, 5, 13, "تطوير الصفحة بما يمكن من نشر المعطيات الإحصائية المتعلقة بالتفاعل", 40, 20),
    (2, 5, 14, "انجاز تصور وتطوير موقع الكتروني ملائم لمتطلبات الجماعة المنفتحة", 30, 15),
    (2, 6, 15, "إطلاق تجريبي للموقع", 50, 25),
    (2, 6, 16, "الاعتماد النهائي للموقع والتعرف به بمختلف الوسائط", 30, 15),
    (2, 6, 17, "ادماج المقترحات المتعلقة بالتدبير الرقمي في دفاتر التحملات", 20, 9),
]


# --------------------------------------------------------------------------- building warehouses


def document_row(document_id: str, plan_id: str, commune: str, fmt: str) -> dict:
    return {
        "document_id": document_id,
        "plan_id": plan_id,
        "commune": commune,
        "source_format": fmt,
        "sha256": "0" * 64,
        "size_bytes": 1,
        "pages_or_lines": 1,
        "extractor": "test",
        "pipeline_version": "test",
        "status": "interpreted",
        "reason": None,
        "commune_source": "document_text",
        "is_current": True,
        "warnings": [],
        "loaded_at": datetime(2026, 1, 1),
    }


def plan_row(commune: str, kind: str, start: int, end: int) -> dict:
    plan_id = f"{commune}/{kind}/{start}-{end}"
    return {
        "plan_id": plan_id,
        "commune": commune,
        "plan_kind": kind,
        "title": None,
        "period_start_year": start,
        "period_end_year": end,
    }


def activity_row(doc: str, plan_id: str, n: int, title: str, **values) -> dict:
    return {
        "activity_id": f"{doc}#activity#{n}",
        "document_id": doc,
        "plan_id": plan_id,
        "activity_no": n,
        "title": title,
        **values,
    }


def stated(doc: str, plan_id: str, measure: str, value: str, scope: str = "") -> dict:
    return {
        "document_id": doc,
        "plan_id": plan_id,
        "measure": measure,
        "scope": scope,
        "stated_value": Decimal(value),
    }


def load_beni_mellal(conn: duckdb.DuckDBPyConnection) -> None:
    plan = plan_row("beni-mellal", "open_plan", 2024, 2025)
    pid, rows = plan["plan_id"], DocumentRows()
    for axis in range(1, 5):
        rows.add(
            "dim_axis",
            {
                "axis_id": f"{BENI_MELLAL}#axis#{axis}",
                "document_id": BENI_MELLAL,
                "plan_id": pid,
                "axis_no": axis,
            }
            | {"label": f"المحور {axis}"},
        )
    for n, (axis, title, cost) in enumerate(BENI_MELLAL_PROJECTS, start=1):
        rows.add(
            "dim_project",
            {"project_id": f"{BENI_MELLAL}#project#{n}", "document_id": BENI_MELLAL, "plan_id": pid}
            | {
                "axis_id": f"{BENI_MELLAL}#axis#{axis}",
                "project_no": n,
                "title": title,
                "cost_mad": Decimal(cost),
            },
        )
    for n, (project, title, start, end) in enumerate(BENI_MELLAL_ACTIVITIES, start=1):
        project_id = f"{BENI_MELLAL}#project#{project}"
        rows.add(
            "fact_activity",
            activity_row(BENI_MELLAL, pid, n, title, project_id=project_id)
            | {"start_date": start, "end_date": end},
        )
    rows.add("plan_stated_measure", stated(BENI_MELLAL, pid, "project_count", "10"))
    wh.replace_document(conn, document_row(BENI_MELLAL, pid, "beni-mellal", "pptx"), plan, rows)


def load_ait_melloul(conn: duckdb.DuckDBPyConnection) -> None:
    plan = plan_row("ait-melloul", "open_plan", 2024, 2025)
    pid, rows, doc = plan["plan_id"], DocumentRows(), AIT_MELLOUL
    axis_id, project_id = f"{doc}#axis#1", f"{doc}#project#1"
    rows.add(
        "dim_axis",
        {"axis_id": axis_id, "document_id": doc, "plan_id": pid, "axis_no": 1}
        | {"label": "الشفافية والتواصل والحصول على المعلومة"},
    )
    rows.add(
        "dim_project",
        {"project_id": project_id, "document_id": doc, "plan_id": pid, "axis_id": axis_id}
        | {"project_code": "PO-24-25-CDAI-01", "title": "إحداث استوديو سمعي بصري لفائدة جماعة ايت ملول"}
        | {"cost_mad": Decimal("150000.00")},
    )
    year = {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "project_id": project_id}
    rows.add(
        "fact_activity", activity_row(doc, pid, 1, STUDIO_ACTIVITY, cost_mad=Decimal("50000.00"), **year)
    )
    rows.add(
        "fact_activity", activity_row(doc, pid, 2, STUDIO_EQUIPMENT, cost_mad=Decimal("100000.00"), **year)
    )
    for n, amount in ((1, "50000.00"), (2, "100000.00")):
        line = {"activity_id": f"{doc}#activity#{n}", "document_id": doc, "budget_column": "2024"}
        rows.add("fact_budget_line", line | {"amount_mad": Decimal(amount)})
    rows.add(
        "fact_indicator",
        {
            "activity_id": f"{doc}#activity#1",
            "document_id": doc,
            "indicator_no": 1,
            "indicator_kind": "follow_up",
        }
        | {"indicator_text": "محضر التسليم", "max_weight_pct": Decimal("50.00")},
    )
    rows.add("plan_stated_measure", stated(doc, pid, "total_cost_mad", "150000.00"))
    wh.replace_document(conn, document_row(doc, pid, "ait-melloul", "txt"), plan, rows)


def load_tetouan(conn: duckdb.DuckDBPyConnection) -> None:
    plan = plan_row("tetouan", "action_plan", 2023, 2026)
    pid, rows, doc = plan["plan_id"], DocumentRows(), TETOUAN
    for group in sorted({g for _, g, *_ in TETOUAN_ITEMS}):
        first = next(t for _, g, _, t, *_ in TETOUAN_ITEMS if g == group)
        rows.add(
            "dim_project",
            {"project_id": f"{doc}#project#{group}", "document_id": doc, "plan_id": pid, "title": first},
        )
    for commitment, group, item, title, in_group, in_commitment in TETOUAN_ITEMS:
        weights = {
            "weight_in_project_pct": Decimal(in_group),
            "weight_in_commitment_pct": Decimal(in_commitment),
        }
        rows.add(
            "fact_activity",
            activity_row(doc, pid, item, title, project_id=f"{doc}#project#{group}", commitment_no=commitment)
            | weights,
        )
    for commitment in (1, 2):
        rows.add(
            "plan_stated_measure",
            stated(doc, pid, "weight_in_commitment_sum_pct", "100", f"commitment {commitment}"),
        )
    wh.replace_document(conn, document_row(doc, pid, "tetouan", "docx"), plan, rows)


def build_clean_warehouse(path: Path) -> None:
    conn = wh.connect(path)
    wh.load_communes(conn, Settings().communes_csv)
    load_beni_mellal(conn)
    load_ait_melloul(conn)
    load_tetouan(conn)
    wh.create_views(conn)
    conn.close()


def add_faults(path: Path) -> None:
    """What the documents (or a faulty pipeline) could give: every fault lands in another expectation."""
    conn = duckdb.connect(str(path))
    bm_plan = "beni-mellal/open_plan/2024-2025"
    conn.execute(
        "INSERT INTO plan_stated_measure (document_id, plan_id, measure, scope, stated_value) "
        "VALUES (?, ?, 'total_cost_mad', '', 330000)",
        [BENI_MELLAL, bm_plan],
    )
    conn.execute("UPDATE fact_activity SET cost_mad = -100000 WHERE title = ?", [STUDIO_EQUIPMENT])
    conn.execute(
        "UPDATE fact_activity SET title = ? WHERE title = ?",
        ["تهيـئة مكان احتضان الأستوديو السمعي البصري", STUDIO_ACTIVITY],
    )
    conn.execute("DELETE FROM fact_activity WHERE document_id = ? AND activity_no = 17", [TETOUAN])
    conn.execute(
        "UPDATE fact_activity SET end_date = DATE '2042-12-31' WHERE document_id = ? AND activity_no = 1",
        [BENI_MELLAL],
    )
    conn.execute(
        "UPDATE fact_activity SET start_date = DATE '2026-07-01' WHERE document_id = ? AND activity_no = 3",
        [BENI_MELLAL],
    )
    conn.execute(
        "INSERT INTO fact_budget_line (activity_id, document_id, budget_column, amount_mad) "
        "VALUES (?, ?, '2024', 1000)",
        ["lost.pdf#activity#1", "lost.pdf"],
    )
    conn.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> QualityReport:
    path = tmp_path_factory.mktemp("clean") / "plans.duckdb"
    build_clean_warehouse(path)
    return run_quality(path)


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> QualityReport:
    path = tmp_path_factory.mktemp("faulty") / "plans.duckdb"
    build_clean_warehouse(path)
    add_faults(path)
    return run_quality(path)


def results(report: QualityReport) -> pd.DataFrame:
    with duckdb.connect(str(report.warehouse), read_only=True) as conn:
        return conn.execute("SELECT * FROM v_quality_results WHERE run_id = ?", [report.run_id]).df()


def result(report: QualityReport, source_file: str | None, suite: str, expectation: str) -> dict:
    frame = results(report)
    file_matches = frame.source_file.isna() if source_file is None else frame.source_file == source_file
    rows = frame[file_matches & (frame.suite == suite) & (frame.expectation == expectation)]
    assert len(rows) == 1, f"{suite}: {expectation} of {source_file}: {len(rows)} results"
    return rows.iloc[0].to_dict()


# --------------------------------------------------------------------------- the clean warehouse


def test_clean_warehouse_passes_every_expectation(clean):
    assert clean.failures == []
    assert clean.failed == 0 and clean.documents == 3
    assert clean.evaluated > 60  # keys, references, ranges, text, weights, reconciliation per document


def test_commitment_weights_summing_to_99_pass_and_102_pass(clean):
    c2 = result(clean, TETOUAN, "fact_activity", "weight_in_commitment_pct sums to 100 ±2 (commitment 2)")
    assert c2["success"] and c2["observed"] == "99.00"
    c1 = result(clean, TETOUAN, "fact_activity", "weight_in_commitment_pct sums to 100 ±2 (commitment 1)")
    assert c1["success"] and c1["observed"] == "102.00"
    stated = result(
        clean, TETOUAN, "reconciliation", "stated weight_in_commitment_sum_pct (commitment 2) = computed ±2"
    )
    assert stated["success"] and stated["observed"] == "stated 100.00, computed 99.00"


def test_date_before_the_period_within_tolerance_passes(clean):
    row = result(
        clean,
        BENI_MELLAL,
        "fact_activity",
        "start_date within plan 2024-2025 ± 1 year (2023-01-01..2026-12-31)",
    )
    assert row["success"] and row["suite"] == "fact_activity"


# --------------------------------------------------------------------------- the faulty warehouse


def test_stated_total_that_is_not_the_sum_fails_with_both_numbers(faulty):
    row = result(faulty, BENI_MELLAL, "reconciliation", "stated total_cost_mad = computed")
    assert not row["success"]
    assert row["observed"] == "stated 330000.00, computed 360000.00"
    assert row["commune"] == "beni-mellal" and row["suite"] == "reconciliation"


def test_negative_amount_fails(faulty):
    row = result(faulty, AIT_MELLOUL, "fact_activity", "cost_mad >= 0")
    assert not row["success"]
    assert row["observed"] == "1 of 2 rows unexpected: activity#2 cost_mad=-100000.00"


def test_commitment_weights_summing_to_90_fail(faulty):
    row = result(faulty, TETOUAN, "fact_activity", "weight_in_commitment_pct sums to 100 ±2 (commitment 2)")
    assert not row["success"] and row["observed"] == "90.00"
    assert result(faulty, TETOUAN, "fact_activity", "weight_in_commitment_pct sums to 100 ±2 (commitment 1)")[
        "success"
    ]
    group = result(faulty, TETOUAN, "fact_activity", "weight_in_project_pct sums to 100 ±2 (project#6)")
    assert not group["success"] and group["observed"] == "80.00"


def test_tatweel_in_a_title_fails(faulty):
    row = result(faulty, AIT_MELLOUL, "fact_activity", TEXT_RULE)
    assert not row["success"]
    assert "activity#1 title=تهيـئة" in row["observed"]
    assert result(faulty, BENI_MELLAL, "fact_activity", TEXT_RULE)["success"]


def test_dates_out_of_order_or_far_outside_the_period_fail(faulty):
    order = result(faulty, BENI_MELLAL, "fact_activity", "start_date <= end_date")
    assert not order["success"] and "activity#3" in order["observed"]
    window = result(
        faulty,
        BENI_MELLAL,
        "fact_activity",
        "end_date within plan 2024-2025 ± 1 year (2023-01-01..2026-12-31)",
    )
    assert not window["success"] and "2042-12-31" in window["observed"]


def test_rows_of_an_unknown_document_fail_the_lineage_check(faulty):
    row = result(faulty, None, "lineage", "fact_budget_line.document_id -> dim_document")
    assert not row["success"] and "lost.pdf (1)" in row["observed"]


def test_failures_are_reported_and_data_is_kept(faulty):
    failed = {(f.source_file, f.expectation) for f in faulty.failures}
    assert (AIT_MELLOUL, "cost_mad >= 0") in failed
    assert faulty.failed == len(faulty.failures) == int((~results(faulty).success).sum())
    with duckdb.connect(str(faulty.warehouse), read_only=True) as conn:
        kept = conn.execute(
            "SELECT cost_mad FROM fact_activity WHERE title = ?", [STUDIO_EQUIPMENT]
        ).fetchone()
    assert kept == (Decimal("-100000.00"),)


def test_results_view_has_one_row_per_evaluated_expectation(faulty):
    frame = results(faulty)
    assert len(frame) == faulty.evaluated
    for column in (
        "run_at",
        "commune",
        "source_file",
        "is_current",
        "suite",
        "expectation",
        "success",
        "observed",
    ):
        assert column in frame.columns
    assert frame.is_latest_run.all()
    assert set(frame.commune.dropna()) == {"beni-mellal", "ait-melloul", "tetouan"}


def test_data_docs_are_published_beside_the_warehouse(faulty):
    assert faulty.docs_index == faulty.warehouse.parent / "quality" / "index.html"
    index = faulty.docs_index.read_text(encoding="utf-8")
    # One validation per table for the documents validated together (here all 3 with activities).
    assert f"fact_activity - 3 documents, the first {AIT_MELLOUL}" in index
    pages = list((faulty.docs_index.parent / "validations").rglob("*.html"))
    assert len(pages) == len({p.parent.parent.parent for p in pages})  # one run each
    assert sum("fact_activity" in str(p) for p in pages) == 1


def test_a_check_gx_cannot_run_is_a_failure_not_a_crash(tmp_path):
    from expectations import validate
    from expectations.suites import DocumentBatch, DocumentInfo, References, checks_for

    info = DocumentInfo(AIT_MELLOUL, "ait-melloul/open_plan/2024-2025", "open_plan", 2024, 2025)
    frame = pd.DataFrame({"activity_id": [f"{AIT_MELLOUL}#activity#1"], "document_id": [AIT_MELLOUL]})
    batch = DocumentBatch(info, {"fact_activity": frame})  # no cost_mad, no title ... columns
    rows = validate.validate_document(validate.open_session(tmp_path), batch, References())
    by_name = {r.expectation: r for r in rows}
    assert len(rows) == len(checks_for("fact_activity", batch, References()))
    assert by_name["activity_id is unique"].success
    assert not by_name["cost_mad >= 0"].success and by_name["cost_mad >= 0"].observed.startswith("error:")


def test_importing_the_runner_does_not_import_great_expectations():
    code = "import sys, expectations.run; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- pure helpers


@given(st.integers(1900, 2100), st.integers(0, 10), st.integers(0, 365 * 10))
def test_date_window_holds_every_day_of_the_period(start, length, offset):
    low, high = date_window(start, start + length)
    day = datetime(start, 1, 1) + pd.Timedelta(days=min(offset, 365 * (length + 1) - 1))
    assert low <= day <= high
    assert low.year == start - 1 and high.year == start + length + 1


@given(st.characters(min_codepoint=0x0621, max_codepoint=0x06FF))
def test_forbidden_text_is_tatweel_only_in_the_arabic_block(char):
    assert (pd.Series([char]).str.contains(FORBIDDEN_TEXT).iloc[0]) == (char == "\u0640")


@given(st.sampled_from([0xFB50, 0xFDFF, 0xFE70, 0xFEFF, 0xFFFD, 0xFEDF]))
def test_forbidden_text_matches_presentation_forms(code):
    assert pd.Series([f"ab{chr(code)}c"]).str.contains(FORBIDDEN_TEXT).iloc[0]


@given(st.lists(st.tuples(st.sampled_from("abc"), st.one_of(st.none(), st.integers(0, 100))), max_size=12))
def test_weight_groups_are_those_with_a_stated_weight(rows):
    frame = pd.DataFrame(rows, columns=["group", "weight"], dtype=object)
    assert groups_with_weights(frame, "group", "weight") == sorted({g for g, w in rows if w is not None})


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_amounts_are_shown_with_two_decimals(amount):
    assert format_value("cost_mad", float(amount)) == f"{amount:.2f}"
    assert stated_vs_computed(float(amount), None) == f"stated {amount:.2f}, computed none"
