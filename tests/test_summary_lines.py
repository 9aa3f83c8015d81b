"""The refresh summary's lines: whole file names, one finding per plan with its renditions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from expectations.quality_report import FailedExpectation
from flows.summary import FileReport
from plans.summary_lines import contradiction_lines, file_lines, rendition

TETOUAN = "tetouan/action_plan/2023-2026"
WEIGHT = "weight_in_commitment_pct sums to 100 ±2 (commitment 3)"


def failure(source_file: str, observed: str, plan_id: str | None = TETOUAN) -> FailedExpectation:
    return FailedExpectation(source_file, "fact_activity", WEIGHT, observed, plan_id)


def test_a_contradiction_in_three_renditions_is_one_line_naming_them():
    failures = [failure(f"tetouan_action-plan_2023-2026.{ext}", "95.00") for ext in ("txt", "pdf", "docx")]
    assert contradiction_lines(failures) == [f"- {TETOUAN} (docx, pdf, txt): {WEIGHT}: 95.00"]


def test_renditions_that_disagree_are_separate_findings():
    failures = [failure("a.txt", "95.00"), failure("a.pdf", "93.00")]
    assert contradiction_lines(failures) == [
        f"- {TETOUAN} (pdf): {WEIGHT}: 93.00",
        f"- {TETOUAN} (txt): {WEIGHT}: 95.00",
    ]


def test_a_warehouse_check_and_a_document_without_plan_are_named_as_such():
    lines = contradiction_lines(
        [
            FailedExpectation(None, "lineage", "fact_activity.document_id -> dim_document", "2 rows"),
            failure("notes.txt", "95.00", plan_id=None),
        ]
    )
    assert lines == [
        f"- notes.txt: {WEIGHT}: 95.00",
        "- warehouse: fact_activity.document_id -> dim_document: 2 rows",
    ]


def test_rendition_keeps_compound_extensions():
    assert rendition("beni-mellal_open-plan_2024-2025.scanned.pdf") == "scanned.pdf"


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)
outcomes = st.sampled_from(["interpreted", "recognised", "unchanged", "skipped", "quarantined", "removed"])


@given(st.lists(st.tuples(names, outcomes, st.none() | names), max_size=20))
def test_every_file_has_one_line_with_its_name_whole(files):
    reports = [FileReport(name, outcome, reason) for name, outcome, reason in files]
    lines = file_lines(reports)
    file_rows = [line for line in lines if not line.startswith(" ")]
    assert len(file_rows) == len(reports)
    for report, line in zip(reports, file_rows, strict=True):
        assert line.split(None, 1)[0] == report.outcome
        assert line.endswith(report.file_name)
