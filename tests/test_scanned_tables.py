"""Scans of the four sample plans that print tables (tests/scans/, made by make_scans.py from the born-
digital PDFs: 150 dpi grey, rotated within ±0.7°, noise, blur, JPEG 60) read by OCR through the same
interpreters, compared with the born-digital rendition value by value.

Measured (tests/scans/compare.py; costs, weights, dates, yearly rates, stated figures, cited
commitments): the Tétouan action plan 78 % of its values, the Dakhla PAC 78 %, the co-creation
workshops 71 %, titles 96-99 % similar. The issue's goal is 97 %: the floors below are what the OCR
reaches today, so a regression fails; the values a scan misses are kept raw and flagged (``ocr-low-
confidence``) or missing, never replaced by a guess. The Aït Melloul matrices' headers are misread
so far that almost nothing is read: that loss is flagged (low cell coverage, defects), asserted
below.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "scans"))
sys.path.insert(0, str(Path(__file__).parent / "layouts"))

from compare import title_similarity, value_agreement
from facts import interpret_file

from normalizers.arabic import fold_key
from plans.model import Activity, InterpretedDocument

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SCANS = ROOT / "tests" / "scans"
ACTION_PLAN = "tetouan_action-plan_2023-2026"
DAKHLA = "dakhla_pac_2017-2022"
AIT_MELLOUL = "ait-melloul_open-plan_2024-2025"
WORKSHOPS = "tetouan_cocreation-workshops_2022"
COMMUNES = {ACTION_PLAN: "tetouan", DAKHLA: "dakhla", AIT_MELLOUL: "ait-melloul", WORKSHOPS: "tetouan"}
# plan -> (share of the born-digital values the scan gives, mean title similarity): floors.
FLOORS = {ACTION_PLAN: (0.75, 0.93), DAKHLA: (0.75, 0.95), WORKSHOPS: (0.68, 0.97)}


@cache
def plans(name: str) -> tuple[InterpretedDocument, InterpretedDocument]:
    """(born-digital, scan) interpretations of one plan, read once per session."""
    commune = COMMUNES[name]
    return interpret_file(RAW / f"{name}.pdf", commune), interpret_file(
        SCANS / f"{name}.scanned.pdf", commune
    )


def closest(plan: InterpretedDocument, title: str) -> Activity:
    key = fold_key(title)
    return max(plan.activities, key=lambda a: SequenceMatcher(None, key, fold_key(a.title)).ratio())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_scan_gives_most_values_and_titles_of_the_born_digital_plan(name: str):
    original, scan = plans(name)
    agreement, _ = value_agreement(original, scan)
    values_floor, titles_floor = FLOORS[name]
    assert agreement >= values_floor
    assert title_similarity(original, scan) >= titles_floor


def test_action_plan_scan_gives_an_activity_weights_as_printed():
    original, scan = plans(ACTION_PLAN)
    for plan in (original, scan):
        launch = closest(plan, "إطلاق تجريبي للموقع")
        assert (launch.weight_in_project_pct, launch.weight_in_commitment_pct) == (Decimal(30), Decimal(15))
        assert launch.commitment_no == 2
    assert len(scan.activities) >= len(original.activities) - 2


def test_dakhla_scan_gives_an_action_cost_and_its_yearly_rate():
    original, scan = plans(DAKHLA)
    for plan in (original, scan):
        day = closest(plan, "تنظيم يوم دراسي حول الجبايات المحلية")
        assert day.cost_mad == Decimal("1000000.00")
        assert day.progress == {2018: Decimal(100)}
    assert len(scan.projects) == len(original.projects) == 42


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scanned_cells_read_unsure_are_flagged_kept_as_read(name: str):
    _, scan = plans(name)
    flags = [r for r in scan.repairs if r.kind == "ocr-low-confidence"]
    assert flags and all(r.before == r.after and "Tesseract confidence" in r.evidence for r in flags)
    assert any(d.startswith(f"{len(flags)} OCR'd line(s) or cell(s)") for d in scan.defects)


def test_a_scan_whose_headers_are_misread_is_flagged_not_silently_empty():
    original, scan = plans(AIT_MELLOUL)
    agreement, _ = value_agreement(original, scan)
    assert agreement < 0.5  # today: the matrices' code and title headers are misread
    coverage = scan.cells.read / scan.cells.printed if scan.cells and scan.cells.printed else 0.0
    assert scan.defects and coverage < 0.85
