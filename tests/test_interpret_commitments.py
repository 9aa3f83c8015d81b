"""Tétouan OGP action plan: the commitments table, re-aligned, on every rendition."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dispatch import extract
from interpret import commitments_table as ct
from plans.model import Activity, Cell, ExtractedDocument, InterpretedDocument, Location, Row, Table

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
PLAN = "tetouan_action-plan_2023-2026"
RENDITIONS = [".txt", ".docx", ".pdf"]


@cache
def extracted(suffix: str) -> ExtractedDocument:
    return extract(RAW / f"{PLAN}{suffix}")


@cache
def interpreted(suffix: str) -> InterpretedDocument:
    return ct.interpret(extracted(suffix), "tetouan")


def activity(doc: InterpretedDocument, number: int) -> Activity:
    (found,) = [a for a in doc.activities if a.number == number]
    return found


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_score_recognises_the_table(suffix: str) -> None:
    assert ct.score(extracted(suffix)) >= 0.9


def test_score_rejects_other_tables() -> None:
    assert ct.score(extract(RAW / "tetouan_cocreation-workshops_2022.txt")) == 0.0
    assert ct.score(extract(RAW / "dakhla_pac_2017-2022.txt")) == 0.0


@pytest.mark.parametrize("suffix", RENDITIONS)
@pytest.mark.parametrize(
    ("number", "in_group", "in_commitment", "commitment", "title_start"),
    [
        # Printed on the row below item 5, with the component text repeating it.
        (5, "50", "13", 1, "انجاز دليل الدعم والشراكة"),
        (12, "40", "20", 2, "نشر التقارير السنوية"),
        (28, "60", "30", 4, "تنفيذ برنامج التنشيط المتنقل"),
        # Commitment 5's label is printed three rows lower; the weights start it here.
        (33, "20", "7", 5, "تقوية قدرات هيئة المساواة"),
        # Its weights are on the last row, which prints nothing else.
        (45, "40", "13", 5, "انجاز وتنفيذ أجنحة محلية"),
    ],
)
def test_repaired_rows(
    suffix: str, number: int, in_group: str, in_commitment: str, commitment: int, title_start: str
) -> None:
    found = activity(interpreted(suffix), number)
    assert found.weight_in_project_pct == Decimal(in_group)
    assert found.weight_in_commitment_pct == Decimal(in_commitment)
    assert found.commitment_no == commitment
    assert found.title.startswith(title_start)
    assert found.source is not None
    assert found.source.raw_text.startswith(f"{number} ")


def test_txt_lineage_points_at_the_item_line() -> None:
    item5 = activity(interpreted(".txt"), 5)
    assert item5.source.line == 7  # the file's 7th line prints "5 انجاز دليل الدعم ..."


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_structure_and_arithmetic(suffix: str) -> None:
    doc = interpreted(suffix)
    assert len(doc.activities) == 44  # 43 numbered items + the component printed above item 1
    assert sorted({a.commitment_no for a in doc.activities}) == [1, 2, 3, 4, 5]
    sums: dict[int, Decimal] = {}
    for a in doc.activities:
        sums[a.commitment_no] = sums.get(a.commitment_no, Decimal(0)) + (a.weight_in_commitment_pct or 0)
    assert sums == {1: 102, 2: 100, 3: 95, 4: 101, 5: 103}
    assert "commitment 3: weights in commitment sum to 95%, not 100% (as printed)" in doc.notes
    by_group: dict[str, Decimal] = {}
    for a in doc.activities:
        by_group[a.project_key] = by_group.get(a.project_key, Decimal(0)) + a.weight_in_project_pct
    assert {k for k, v in by_group.items() if v != 100} == {"C3/G1"}
    assert [p.key for p in doc.projects] == list(dict.fromkeys(a.project_key for a in doc.activities))
    assert all(a.group_label for a in doc.activities)


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_stated_commitment_totals(suffix: str) -> None:
    stated = interpreted(suffix).stated
    assert [(s.measure, s.scope, s.value) for s in stated] == [
        ("weight_in_commitment_sum_pct", f"commitment {n}", Decimal(100)) for n in range(1, 6)
    ]
    assert not any(s.measure == "activity_count" for s in stated)


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_repairs_and_notes(suffix: str) -> None:
    doc = interpreted(suffix)
    shifts = [r for r in doc.repairs if r.kind == "shift"]
    moved_item5 = next(r for r in shifts if "(item 5 " in r.after)
    assert "انجاز دليل الدعم" in moved_item5.before
    assert "50%" in moved_item5.before
    assert "13%" in moved_item5.before
    assert "similarity 1.00" in moved_item5.evidence
    # 44 component rows moved by the shift, 2 commitment labels moved by the arithmetic.
    assert len(shifts) == 46
    labels = [r for r in shifts if "commitment label" in r.before]
    assert [r.before.split("label ")[1] for r in labels] == ["إلتزام رقم 4", "إلتزام رقم 5"]
    carried = [r.after for r in doc.repairs if r.kind == "carry-down" and r.after.startswith("إلتزام")]
    assert carried == [f"إلتزام رقم {n}" for n in range(1, 6)]
    assert "item numbers not printed: 4, 21" in doc.notes
    assert any("item 18 " in n and "paired by position" in n for n in doc.notes)
    assert sum("component text repeated from the row above" in n for n in doc.notes) == 2


def test_period_only_where_printed() -> None:
    txt = interpreted(".txt")
    assert (txt.period_start_year, txt.period_end_year, txt.title) == (None, None, None)
    docx = interpreted(".docx")
    assert (docx.period_start_year, docx.period_end_year) == (2023, 2026)
    assert docx.title == "خطة العمل: تطوان جماعة منفتحة 2023-2026"
    assert docx.plan_kind == "action_plan"


def permuted_document(order: list[int], extra: bool) -> ExtractedDocument:
    """The text rendition's table with its columns in another order, and an unknown column."""
    doc = extracted(".txt")
    table = doc.tables[0]

    def reorder(row: Row) -> Row:
        cells = [row.cells[i] for i in order]
        if extra:
            cells.insert(2, Cell("ملاحظات" if row is table.rows[0] else "-"))
        return replace(row, cells=tuple(cells))

    new_table = Table(table.index, tuple(reorder(r) for r in table.rows), table.location)
    return replace(doc, blocks=(new_table,))


@settings(max_examples=20, deadline=None)
@given(st.permutations(range(7)), st.booleans())
def test_columns_are_read_by_header_not_position(order: list[int], extra: bool) -> None:
    doc = ct.interpret(permuted_document(list(order), extra), "tetouan")
    assert [(a.number, a.weight_in_project_pct, a.commitment_no) for a in doc.activities] == [
        (a.number, a.weight_in_project_pct, a.commitment_no) for a in interpreted(".txt").activities
    ]


def test_split_number() -> None:
    assert ct.split_number("12 نشر التقارير السنوية") == (12, "نشر التقارير السنوية")
    assert ct.split_number("١٢ نشر") == (12, "نشر")
    assert ct.split_number("تبسيط وثيقة الميزانية") == (None, "تبسيط وثيقة الميزانية")


def test_partition_groups_keeps_a_run_that_misses_100_whole() -> None:
    weights = [Decimal(w) for w in (100, 30, 30, 40, 70, 20, 20, 20, 20, 20, 20)]
    assert ct.partition_groups(weights) == [range(0, 1), range(1, 4), range(4, 6), range(6, 11)]


# Every weight at least 3: no other cut comes within the one-point rounding tolerance of 100.
group_strategy = st.lists(st.integers(3, 60), min_size=1, max_size=5).filter(lambda ws: sum(ws) <= 97)


@given(st.lists(group_strategy, min_size=1, max_size=5))
def test_partition_groups_finds_the_groups_that_make_100(parts: list[list[int]]) -> None:
    groups = [[*ws, 100 - sum(ws)] for ws in parts]
    weights = [Decimal(w) for g in groups for w in g]
    found = ct.partition_groups(weights)
    assert [len(r) for r in found] == [len(g) for g in groups]


def test_partition_commitments_follows_the_sums_then_the_labels() -> None:
    sums = [Decimal(s) for s in (50, 50, 40, 60, 100)]
    starts = [0, 3, 6, 9, 12]
    # The second label is printed inside the second group: the sums still put the cut after it.
    assert ct.partition_commitments(sums, starts, [0, 4, 12]) == [range(0, 2), range(2, 4), range(4, 5)]
    # Without labels: as many commitments as the weights make hundreds.
    assert len(ct.partition_commitments(sums, starts, [])) == 3


def test_a_total_column_whose_label_ocr_misread_is_named_by_its_percentages() -> None:
    # The action plan scan read "مجموع" as "ف" and "حت" on pages 2 and 3: the one unnamed column
    # whose cells are all percentages is the total, said by a header-by-content repair.
    header = ["", "", "المشروع / النشاط / الاجراء", "المكون", "النسبة / النشاط", "النسبة / الالتزام", "ف"]
    body = [
        ["إلتزام رقم 2", "1", "12 نشر التقارير", "إعداد صفحة", "30%", "15%", "100%"],
        ["", "2", "13 تطوير الصفحة", "نشر التقارير", "40%", "20%", ""],
    ]
    table = Table(
        0, tuple(Row(tuple(Cell(t) for t in r), Location(page=2)) for r in [header, *body]), Location(page=2)
    )
    columns = ct.header_columns(header)
    assert columns is not None and 6 not in columns
    named, repair = ct.with_total_by_content(table, columns, 1)
    assert named[6] == "commitment_total"
    assert repair is not None and (repair.kind, repair.before, repair.after) == (
        "header-by-content",
        "ف",
        "commitment_total",
    )
    # Two unnamed columns of percentages: neither is named.
    wider = [[*r, r[-1]] for r in [header, *body]]
    table = Table(0, tuple(Row(tuple(Cell(t) for t in r), Location(page=2)) for r in wider), Location(page=2))
    assert ct.with_total_by_content(table, columns, 1) == (columns, None)
