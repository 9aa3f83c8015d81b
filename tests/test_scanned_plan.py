"""A scanned plan through the whole refresh: the Beni Mellal scan (an image-only PDF, 37 pages) is
read by OCR into the same facts as its slide deck, low-confidence text flagged, the deck kept current.

The deck states a budget of 330 000 MAD for ten projects whose costs sum to 360 000; the scan must
give the same ten costs and the same dates, and the same contradiction, flagged."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from flows.refresh import refresh
from plans.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
SCAN = "beni-mellal_open-plan_2024-2025.scanned.pdf"
DECK = "beni-mellal_open-plan_2024-2025.pptx"
# Project number -> estimated cost (MAD), as the deck prints them on the project slides.
COSTS = {1: 40000, 2: 20000, 3: 40000, 4: 40000, 5: 40000, 6: 50000, 7: 30000, 8: 40000, 9: 30000, 10: 30000}


@pytest.fixture(scope="module")
def scanned_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, list]:
    base = tmp_path_factory.mktemp("scanned")
    raw = base / "raw"
    raw.mkdir()
    for name in (SCAN, DECK):
        shutil.copy(RAW / name, raw / name)
    (raw / "manifest.csv").write_text(
        f"file,commune\n{SCAN},beni-mellal\n{DECK},beni-mellal\n", encoding="utf-8"
    )
    path = base / "w.duckdb"
    first = refresh(raw_dir=raw, warehouse=path, show_progress=False)
    second = refresh(raw_dir=raw, warehouse=path, show_progress=False, quality=False)
    return path, first.files, second.files


@pytest.fixture(scope="module")
def db(scanned_warehouse) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(scanned_warehouse[0]), read_only=True)
    yield conn
    conn.close()


def test_the_scan_is_interpreted_and_then_unchanged(scanned_warehouse):
    _, first, second = scanned_warehouse
    assert {f.file_name: f.outcome for f in first} == {SCAN: "interpreted", DECK: "interpreted"}
    assert {f.file_name: f.outcome for f in second} == {SCAN: "unchanged", DECK: "unchanged"}


def test_v_documents_says_the_scan_was_read_by_ocr_and_keeps_the_deck_current(db):
    rows = db.execute(
        "SELECT source_file, is_current, read_by_ocr, len(ocr_pages), ocr_mean_confidence FROM v_documents"
    ).fetchall()
    by_file = {r[0]: r[1:] for r in rows}
    current, by_ocr, pages, confidence = by_file[SCAN]
    assert (current, by_ocr, pages) == (False, True, 37)
    assert 70 < confidence <= 100
    assert by_file[DECK][:2] == (True, False)


def test_the_scan_gives_the_ten_costs_and_the_stated_total(db):
    costs = dict(
        db.execute(
            "SELECT project_no, project_cost_mad FROM v_projects WHERE source_file = ? ORDER BY 1", [SCAN]
        ).fetchall()
    )
    assert costs == {n: Decimal(v) for n, v in COSTS.items()}
    assert sum(costs.values()) == 360000
    stated = db.execute(
        "SELECT stated_value FROM plan_stated_measure WHERE document_id = ? AND measure = 'total_cost_mad'",
        [SCAN],
    ).fetchall()
    assert stated == [(Decimal("330000.00"),)]


def test_the_contradiction_is_flagged_for_the_scan_as_for_the_deck(db):
    failed = db.execute(
        """SELECT source_file, observed FROM v_quality_results
           WHERE expectation = 'stated total_cost_mad = computed' AND NOT success AND is_latest_run
           ORDER BY 1""",
    ).fetchall()
    assert failed == [
        (DECK, "stated 330000.00, computed 360000.00"),
        (SCAN, "stated 330000.00, computed 360000.00"),
    ]


def test_the_scan_gives_the_dates_of_the_deck(db):
    dates = db.execute(
        """SELECT DISTINCT project_no, start_date, end_date FROM v_activities
           WHERE source_file = ? AND project_no IN (2, 3, 9) ORDER BY 1""",
        [SCAN],
    ).fetchall()
    assert [(n, str(s), str(e)) for n, s, e in dates] == [
        (2, "2024-01-01", "2024-02-29"),
        (3, "2024-01-01", "2025-12-31"),
        (9, "2024-01-01", "2025-12-31"),
    ]


def test_the_scan_agrees_with_the_deck_on_costs_and_dates(db):
    rows = db.execute(
        """SELECT fact, reference_count, rendition_count, matched, amounts_equal, dates_equal, status
           FROM v_rendition_agreement WHERE source_file = ?""",
        [SCAN],
    ).fetchall()
    by_fact = {r[0]: r[1:] for r in rows}
    assert by_fact["project"] == (10, 10, 10, 10, 10, "explained")
    assert by_fact["stated measure"][:5] == (2, 2, 2, 2, 2)
    reference, _, matched, amounts, dates, status = by_fact["activity"]
    assert reference == 43 and matched >= 40 and amounts == dates == matched and status == "explained"


def test_text_read_with_low_confidence_is_flagged_and_kept_as_read(db):
    rows = db.execute(
        "SELECT before_text, after_text, evidence FROM v_repairs"
        " WHERE source_file = ? AND repair_kind = 'ocr-low-confidence' AND is_flag",
        [SCAN],
    ).fetchall()
    assert rows and all(before == after for before, after, _ in rows)
    assert all("Tesseract confidence" in evidence and evidence.startswith("page ") for *_, evidence in rows)
    # the clean lines of a slide are not flagged: the project slide's cost line reads well
    assert not any("40000,00" in before for before, _, _ in rows)
