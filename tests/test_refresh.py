"""End to end: the refresh flow on the sample corpus, read back through the flat views.

Values are the documents' own (stated totals, a given activity's cost, dates and indicators).
The warehouse is built once per test session from data/raw/ (what `make warehouse` does).
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from plans.settings import PROJECT_ROOT, configure_prefect

configure_prefect()

from flows.refresh import refresh  # noqa: E402

RAW = PROJECT_ROOT / "data" / "raw"
AIT_MELLOUL_TXT = "ait-melloul_open-plan_2024-2025.txt"
BENI_MELLAL_TXT = "beni-mellal_open-plan_2024-2025.txt"
WORKSHOPS_TXT = "tetouan_cocreation-workshops_2022.txt"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("warehouse") / "plans.duckdb"
    summary = refresh(raw_dir=RAW, warehouse=path, show_progress=False)
    return path, summary


@pytest.fixture(scope="session")
def db(built: tuple[Path, object]) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(built[0]), read_only=True)
    yield conn
    conn.close()


def one(conn: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return conn.execute(sql, list(params)).fetchone()[0]


# ---------------------------------------------------------------- Aït Melloul open plan (.txt)


def test_ait_melloul_projects_and_activities(db):
    assert one(db, "SELECT count(*) FROM v_projects WHERE source_file = ?", AIT_MELLOUL_TXT) == 11
    assert one(db, "SELECT count(*) FROM v_activities WHERE source_file = ?", AIT_MELLOUL_TXT) == 63


def test_ait_melloul_activity_costs_sum_to_the_stated_total(db):
    total = one(db, "SELECT sum(cost_mad) FROM v_activities WHERE source_file = ?", AIT_MELLOUL_TXT)
    assert total == Decimal("2461996.00")
    status = one(
        db,
        "SELECT status FROM v_plan_reconciliation WHERE source_file = ? AND measure = 'total_cost_mad'",
        AIT_MELLOUL_TXT,
    )
    assert status == "ok"


def test_ait_melloul_annual_split(db):
    split = dict(
        db.execute(
            "SELECT budget_column, sum(amount_mad) FROM v_budget_lines WHERE source_file = ? GROUP BY 1",
            [AIT_MELLOUL_TXT],
        ).fetchall()
    )
    assert split == {
        "mobilised": Decimal("1171996.00"),
        "2024": Decimal("850000.00"),
        "2025": Decimal("440000.00"),
    }


def test_ait_melloul_one_activity_cost_dates_and_indicators(db):
    row = db.execute(
        """SELECT project_code, cost_mad, start_date, end_date FROM v_activities
           WHERE source_file = ? AND activity_title = 'تهيئة مكان احتضان الأستوديو السمعي البصري'""",
        [AIT_MELLOUL_TXT],
    ).fetchone()
    assert row == ("PO-24-25-CDAI-01", Decimal("50000.00"), date(2024, 1, 1), date(2024, 12, 31))

    indicators = db.execute(
        """SELECT indicator_kind, indicator_text, max_weight_pct FROM v_indicators
           WHERE source_file = ? AND activity_title = 'اختيار بناية جماعية لاحتضان الاستوديو السمعي البصري'
           ORDER BY indicator_no""",
        [AIT_MELLOUL_TXT],
    ).fetchall()
    as_set = {(kind, text.lstrip("*"), pct) for kind, text, pct in indicators}
    assert ("follow_up", "جرد البنايات الجماعية الممكن لها احتضان الاستوديو السمعي البصري", 5) in as_set
    assert ("follow_up", "اختيار الفضاء المحتضن للأستوديو", 5) in as_set
    assert ("impact", "تزايد عدد المتتبعين للدعامات المنتجة عبر الأستوديو السمعي البصري", 100) in as_set


# ---------------------------------------------------------------- Beni Mellal slides (.txt)


def test_beni_mellal_ten_projects_with_costs(db):
    rows = db.execute(
        "SELECT project_no, project_cost_mad FROM v_projects WHERE source_file = ? ORDER BY project_no",
        [BENI_MELLAL_TXT],
    ).fetchall()
    assert [r[0] for r in rows] == list(range(1, 11))
    assert all(r[1] is not None for r in rows)


def test_beni_mellal_stated_total_set_against_project_costs(db):
    stated, computed, status = db.execute(
        """SELECT stated_value, computed_value, status FROM v_plan_reconciliation
           WHERE source_file = ? AND measure = 'total_cost_mad'""",
        [BENI_MELLAL_TXT],
    ).fetchone()
    assert stated == Decimal("330000.00")
    project_sum = one(
        db, "SELECT sum(project_cost_mad) FROM v_projects WHERE source_file = ?", BENI_MELLAL_TXT
    )
    assert computed == project_sum
    assert status == ("ok" if project_sum == stated else "mismatch")


def test_beni_mellal_green_city_dates(db):
    row = db.execute(
        """SELECT DISTINCT a.start_date, a.end_date, p.project_cost_mad
           FROM v_activities a JOIN v_projects p USING (source_file, project_no)
           WHERE a.source_file = ? AND a.project_title LIKE '%المدينة الخضراء%'""",
        [BENI_MELLAL_TXT],
    ).fetchall()
    assert row == [(date(2024, 1, 1), date(2024, 8, 31), Decimal("40000.00"))]


# ---------------------------------------------------------------- Tétouan workshops (.txt)


def test_workshop_proposals_carry_domain_and_outcome_down(db):
    rows = db.execute(
        """SELECT proposal_no, domain, outcome FROM v_proposals
           WHERE source_file = ? AND subject LIKE 'إحداث موقع إلكتروني تفاعلي للجماعة%'""",
        [WORKSHOPS_TXT],
    ).fetchall()
    assert len(rows) == 1
    number, domain, outcome = rows[0]
    assert number == 2
    assert domain.startswith("التواصل")  # printed only on proposal 1's row
    assert outcome.startswith("أنشأت الجماعة صفحة")


def test_every_workshop_proposal_is_numbered_and_has_a_subject(db):
    rows = db.execute(
        "SELECT workshop, proposal_no, subject FROM v_proposals WHERE source_file = ?", [WORKSHOPS_TXT]
    ).fetchall()
    assert len(rows) > 50
    assert all(subject for _, _, subject in rows)
    first_workshop = [n for w, n, _ in rows if w == rows[0][0]]
    assert sorted(first_workshop)[:22] == list(range(1, 23))


# ---------------------------------------------------------------- documents and plans


def test_every_file_is_accounted_for(db):
    files = {p.name for p in RAW.iterdir() if p.name != "manifest.csv"}
    known = {r[0] for r in db.execute("SELECT source_file FROM v_documents").fetchall()}
    assert files == known


def test_text_plans_without_full_interpretation_are_recognised(db):
    kinds = dict(
        db.execute(
            "SELECT source_file, plan_kind FROM v_documents WHERE source_file IN (?, ?)",
            ["tetouan_action-plan_2023-2026.txt", "dakhla_pac_2017-2022.txt"],
        ).fetchall()
    )
    assert kinds == {"tetouan_action-plan_2023-2026.txt": "action_plan", "dakhla_pac_2017-2022.txt": "pac"}


def test_one_current_rendition_per_plan(db):
    counts = db.execute(
        """SELECT plan_id, count(*) FILTER (WHERE is_current) FROM dim_document
           WHERE plan_id IS NOT NULL GROUP BY plan_id"""
    ).fetchall()
    assert counts and all(n == 1 for _, n in counts)


def test_commune_comes_from_the_text_or_the_manifest(db):
    sources = dict(db.execute("SELECT document_id, commune_source FROM dim_document").fetchall())
    assert sources[AIT_MELLOUL_TXT] == "document_text"  # "جماعة أيت ملول" in its foreword
    assert sources["dakhla_pac_2017-2022.txt"] == "manifest"  # never names its commune


# ---------------------------------------------------------------- quality suites after the refresh


def test_known_contradictions_fail_their_expectations_with_the_numbers(db):
    failed = db.execute(
        """SELECT source_file, expectation, observed FROM v_quality_results
           WHERE is_latest_run AND NOT success"""
    ).fetchall()
    beni_mellal = [o for f, e, o in failed if f == BENI_MELLAL_TXT and "total_cost_mad" in e]
    assert beni_mellal == ["stated 330000.00, computed 360000.00"]
    # Aït Melloul states its own sums correctly: none of its expectations fails.
    assert not [e for f, e, _ in failed if f == AIT_MELLOUL_TXT]


def test_quality_results_are_published_as_data_docs(built):
    summary = built[1]
    assert summary.quality is not None and summary.quality_error is None
    assert summary.quality.docs_index.is_file()
    assert summary.quality.evaluated > 100


# ---------------------------------------------------------------- incremental refresh and quarantine

FACT_TABLES = (
    "dim_plan",
    "dim_document",
    "dim_axis",
    "dim_project",
    "fact_activity",
    "fact_budget_line",
    "fact_indicator",
    "fact_proposal",
    "plan_stated_measure",
    "quality_repair",
)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in FACT_TABLES}
    finally:
        conn.close()


def small_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / WORKSHOPS_TXT, raw / WORKSHOPS_TXT)
    (raw / "manifest.csv").write_text(f"file,commune\n{WORKSHOPS_TXT},tetouan\n", encoding="utf-8")
    return raw


def test_second_refresh_changes_nothing(tmp_path: Path):
    raw, path = small_raw(tmp_path), tmp_path / "w.duckdb"
    first = refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    before = snapshot(path)
    second = refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    assert [f.outcome for f in first.files] == ["interpreted"]
    assert [f.outcome for f in second.files] == ["unchanged"]
    assert snapshot(path) == before


def test_bad_files_are_quarantined_and_the_rest_loads(tmp_path: Path):
    raw, path = small_raw(tmp_path), tmp_path / "w.duckdb"
    (raw / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (raw / "nameless.txt").write_text("عنوان\tالمبلغ\nمشروع\t100\n", encoding="utf-8")
    summary = refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    outcomes = {f.file_name: (f.outcome, f.reason or "") for f in summary.files}
    assert outcomes[WORKSHOPS_TXT][0] == "interpreted"
    assert outcomes["broken.txt"] == (
        "quarantined",
        "unreadable: not text: its content is a file of type PNG (image/png; magic bytes 89 50 4E 47)",
    )
    assert outcomes["nameless.txt"] == (
        "quarantined",
        "commune unknown: the document names no known commune and manifest.csv has no row for it",
    )


def test_a_bad_new_version_keeps_the_previous_load(tmp_path: Path):
    raw, path = small_raw(tmp_path), tmp_path / "w.duckdb"
    refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    before = snapshot(path)
    (raw / WORKSHOPS_TXT).write_bytes(b"\x00\x01\x02 not text")
    summary = refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    assert summary.files[0].outcome == "quarantined"
    assert "previous version stays loaded" in (summary.files[0].reason or "")
    assert snapshot(path) == before


def test_a_loaded_document_is_freed_before_the_refresh_ends(tmp_path: Path, monkeypatch):
    """Prefect keeps every task's future (and its result) until the last one is done: a document's
    extraction must not stay in memory with it, or a national refresh grows with every document."""
    import gc
    import weakref

    import flows.refresh as flow_module

    raw = tmp_path / "raw"
    raw.mkdir()
    names = [AIT_MELLOUL_TXT, BENI_MELLAL_TXT, WORKSHOPS_TXT, "dakhla_pac_2017-2022.txt"]
    names += ["tetouan_action-plan_2023-2026.txt", "tetouan_action-plan_2023-2026.docx"]
    for name in [*names, "manifest.csv"]:
        shutil.copy(RAW / name, raw / name)
    loaded: list[tuple[str, weakref.ref]] = []  # each loaded document's extraction, weakly
    still_alive: list[str] = []  # documents loaded earlier whose extraction is still in memory
    load = flow_module._load

    def checking_load(conn, result, *args, **kwargs):
        gc.collect()  # only what is still referenced counts
        still_alive.extend(name for name, document in loaded if document() is not None)
        loaded.append((result.file_name, weakref.ref(result.document)))
        return load(conn, result, *args, **kwargs)

    monkeypatch.setattr(flow_module, "_load", checking_load)
    summary = refresh(raw_dir=raw, warehouse=tmp_path / "w.duckdb", show_progress=False, quality=False)
    assert summary.count("interpreted") == len(names) == len(loaded)
    assert still_alive == []
