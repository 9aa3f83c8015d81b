"""Open plan matrices (Aït Melloul): real values from every rendition, and the helpers on small tables."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.dispatch import extract
from interpret.open_plan.matrices.blocks import read_matrix
from interpret.open_plan.matrices.grid import (
    MatrixRow,
    budget_columns,
    grid_row,
    indicator_columns,
    matrix_rows,
    stacked_fields,
    summary_amounts,
)
from interpret.open_plan.matrices.interpreter import INTERPRETER, interpret, score
from interpret.open_plan.matrices.match import (
    MIN_PREFIX_CHARS,
    MIN_SIMILARITY,
    align,
    display_text,
    similarity_at_least,
    title_key,
    title_similarity,
)
from interpret.open_plan.matrices.stated import plan_title_in, stated_plan_summary
from plans.model import Cell, ExtractedDocument, InterpretedDocument, Location, Paragraph, Row, Table

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
STEM = "ait-melloul_open-plan_2024-2025"


def _extract(fmt: str) -> ExtractedDocument:
    return extract(RAW / f"{STEM}.{fmt}")


RENDITIONS = ["txt", "docx", "pdf"]


@pytest.fixture(scope="module", params=RENDITIONS)
def plan(request: pytest.FixtureRequest) -> InterpretedDocument:
    return interpret(_extract(request.param), "ait-melloul")


@pytest.fixture(scope="module")
def txt_plan() -> InterpretedDocument:
    return interpret(_extract("txt"), "ait-melloul")


def _activity(plan: InterpretedDocument, key: str):
    return next(a for a in plan.activities if a.key == key)


def _stated(plan: InterpretedDocument) -> dict[str, Decimal]:
    return {s.measure: s.value for s in plan.stated}


# --------------------------------------------------------------------------- every rendition


def test_counts_and_totals(plan: InterpretedDocument) -> None:
    assert plan.plan_kind == "open_plan"
    assert (plan.period_start_year, plan.period_end_year) == (2024, 2025)
    assert plan.title == "خطة انفتاح جماعة أيت ملول برسم الفترة 2024-2025"
    assert len(plan.projects) == 11
    assert len(plan.activities) == 63
    assert sum(a.cost_mad or 0 for a in plan.activities) == Decimal("2461996.00")
    budget = {
        k: sum(a.budget.get(k, Decimal(0)) for a in plan.activities) for k in ("mobilised", "2024", "2025")
    }
    assert budget == {"mobilised": Decimal("1171996"), "2024": Decimal("850000"), "2025": Decimal("440000")}


def test_stated_measures(plan: InterpretedDocument) -> None:
    assert _stated(plan) == {
        "total_cost_mad": Decimal("2461996.00"),
        "budget_mobilised_mad": Decimal("1171996.00"),
        "budget_2024_mad": Decimal("850000.00"),
        "budget_2025_mad": Decimal("440000.00"),
        "project_count": Decimal(11),
        "activity_count": Decimal(63),
    }
    total = next(s for s in plan.stated if s.measure == "total_cost_mad")
    assert total.source.table is not None and total.source.raw_text.strip() == "2 461 996.00"
    count = next(s for s in plan.stated if s.measure == "activity_count")
    assert "63 نشاطا" in count.source.raw_text


def test_axes_and_a_project(plan: InterpretedDocument) -> None:
    assert [(a.number, a.label) for a in plan.axes] == [
        (1, "الشفافية والتواصل والحصول على المعلومة"),
        (2, "الابتكار وتجويد الخدمات الجماعية"),
        (3, "المشاركة المواطنة"),
        (4, "المساواة وإدماج النوع الاجتماعي"),
    ]
    project = next(p for p in plan.projects if p.code == "PO-24-25-CDAI-03")
    assert project.title == "تعزيز الحق في الحصول على المعلومات وخاصة النشر الاستباقي لها"
    assert (project.number, project.axis_number, project.cost_mad) == (3, 1, Decimal("74000.00"))
    assert project.axis_label == "الشفافية والتواصل والحصول على المعلومة"
    # a PDF breaks cell lines where the cell wraps: compare the words only
    assert project.objectives.replace("\n", " ").startswith(
        "المساهمة في تنزيل الاستراتيجية التواصلية للجماعة"
    )
    assert [p.code for p in plan.projects][-1] == "PO-24-25-EIGS-11"
    # matrix 09 prints PO-ENOVSP-24-25=05: it joins as PO-24-25-ENOVSP-05
    enovsp5 = [a for a in plan.activities if a.project_key == "PO-24-25-ENOVSP-05"]
    assert len(enovsp5) == 4 and all(a.start_date == date(2024, 1, 1) for a in enovsp5)


def test_an_activity_joined_over_three_matrices(plan: InterpretedDocument) -> None:
    activity = _activity(plan, "PO-24-25-CDAI-01/A03")
    assert activity.title == "اقتناء وتركيب تجهيزات مختلفة لتجهيز الأستوديو"
    assert activity.cost_mad == Decimal("100000.00")
    assert activity.budget == {"mobilised": Decimal("100000.00"), "2024": Decimal(0), "2025": Decimal(0)}
    assert (activity.start_date, activity.end_date) == (date(2024, 1, 1), date(2024, 12, 31))
    assert activity.year_label == "2024"
    assert [(i.kind, i.max_weight_pct, i.text) for i in activity.indicators] == [
        ("follow_up", Decimal(35), "عدد التجهيزات المقتناة لتجهيز الاستوديو"),
        ("follow_up", Decimal(35), "عدد التجهيزات التي تم تركيبها وإعدادها للاستغلال"),
    ]


def test_an_activity_of_2025_with_impact_indicators(plan: InterpretedDocument) -> None:
    activity = _activity(plan, "PO-24-25-EIGS-11/A01")
    assert activity.cost_mad == Decimal("20000.00") and activity.budget["2025"] == Decimal("20000.00")
    assert (activity.start_date, activity.end_date) == (date(2025, 1, 1), date(2025, 12, 31))
    weights = [(i.kind, i.max_weight_pct) for i in activity.indicators]
    assert weights == [("follow_up", 90), ("impact", 100), ("follow_up", 10), ("impact", 100)]
    # published as is: this activity starts and ends on the same day
    same_day = _activity(plan, "PO-24-25-PC-07/A02")
    assert same_day.start_date == same_day.end_date == date(2024, 1, 1)


def test_follow_up_weights_per_project(plan: InterpretedDocument) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for activity in plan.activities:
        for indicator in activity.indicators:
            if indicator.kind == "follow_up":
                totals[activity.project_key] += indicator.max_weight_pct or 0
    # the document's own slip: project 04's follow-up weights add up to 101%
    assert totals.pop("PO-24-25-ENOVSP-04") == 101
    assert set(totals.values()) == {Decimal(100)}


def test_nothing_left_unmatched(plan: InterpretedDocument) -> None:
    unmatched = [n for n in plan.notes if "matches no activity" in n or "has no row" in n]
    assert unmatched == []
    assert not [n for n in plan.notes if "add up to" in n]


# --------------------------------------------------------------------------- text rendition


def test_lineage_on_text(txt_plan: InterpretedDocument) -> None:
    activity = _activity(txt_plan, "PO-24-25-CDAI-01/A03")
    assert (activity.source.table, activity.source.row, activity.source.line) == (7, 5, 1253)
    project = txt_plan.projects[0]
    assert (project.source.table, project.source.row, project.source.line) == (6, 2, 340)


def test_list_values_on_text(txt_plan: InterpretedDocument) -> None:
    project = next(p for p in txt_plan.projects if p.code == "PO-24-25-CDAI-03")
    assert project.partners == "مركز طفرة\nجمعية تامدولت"
    assert len(project.objectives.split("\n")) == 4
    assert {a.year_label for a in txt_plan.activities if a.project_key == project.key} == {"2024-2025"}


def test_repairs_on_text(txt_plan: InterpretedDocument) -> None:
    fixed = [(r.before, r.after) for r in txt_plan.repairs if r.kind == "normalise-code"]
    assert fixed == [
        ("PO-ENOVSP-24-25=05", "PO-24-25-ENOVSP-05"),
        ("PO-ENOVSP-24-25=06", "PO-24-25-ENOVSP-06"),
    ]
    carried = [r for r in txt_plan.repairs if r.kind == "carry-down" and "project_code" in r.evidence]
    first = carried[0]
    assert (first.table, first.row, first.before) == (6, 2, "")
    assert first.evidence.endswith("column project_code, table 6 rows 2-5")
    # one repair per carried group, not per cell: 11 projects in 3 matrices at most
    assert len(carried) <= 33


def test_score() -> None:
    doc = _extract("txt")
    assert score(doc) == 0.95
    assert INTERPRETER.kind == "open_plan"
    other = ExtractedDocument(
        "x.txt", "txt", "0", "test", 3, (_table(0, [["الاسم", "العنوان"], ["a", "b"]]),)
    )
    assert score(other) == 0.0


# --------------------------------------------------------------------------- helpers on small tables


def _table(index: int, rows: list[list[str | Cell]]) -> Table:
    built = tuple(
        Row(tuple(c if isinstance(c, Cell) else Cell(c) for c in cells), Location(line=10 * index + i + 1))
        for i, cells in enumerate(rows)
    )
    return Table(index, built, Location(line=10 * index + 1))


FIN_HEADER = [
    ["رمز المشروع", "أنشطة المشروع", "التكلفة التقديرية للأنشطة", "البرمجة السنوية"],
    ["", "", "", "اعتمادات معبأة بالميزانية", "للبرمجة"],
    ["", "", "", "", "2026", "2027"],
]


def _financial_doc() -> ExtractedDocument:
    rows: list[list[str | Cell]] = [
        *FIN_HEADER,
        ["PO-26-27-\nAB-01", "*نشاط أول", "100.00", "100.00", "0.00", "0.00"],
        ["", "نشاط ثان", "50.00", "0.00", "0.00", "50.00"],
        ["تكلفة المشروع 1 حسب البرمجة", "100.00", "0.00", "50.00"],
        *FIN_HEADER,  # repeated inside the table, as the text export does
        ["PO-26-27-AB-02", "نشاط ثالث", "7.00", "0.00", "7.00", "0.00"],
        [Cell("تكلفة المشروع 2 حسب البرمجة", col_span=3), "0.00", "7.00", "0.00"],
        [Cell("\u00a0", col_span=1), "التكلفة التقديرية للمشاريع", "157.00", "100.00", "7.00", "50.00"],
    ]
    return ExtractedDocument("x.txt", "txt", "0", "test", 20, (_table(0, rows),))


def test_financial_matrix_from_a_small_table() -> None:
    rows = matrix_rows(_financial_doc())
    assert {r.columns.kind for r in rows} == {"financial"}
    assert rows[0].columns.budget == {3: "mobilised", 4: "2026", 5: "2027"}
    blocks = read_matrix("financial", rows)
    assert [p.code for p in blocks.projects] == ["PO-26-27-AB-01", "PO-26-27-AB-02"]
    assert [len(p.activities) for p in blocks.projects] == [2, 1]
    assert all(p.subtotal is not None for p in blocks.projects)
    assert blocks.total is not None and blocks.total.grid.row == 11
    carried = [r for r in blocks.repairs if r.kind == "carry-down"]
    assert [(r.row, r.after) for r in carried] == [(3, "PO-26-27-\nAB-01")]


def test_interpret_small_financial_matrix() -> None:
    doc = _financial_doc()
    plan = interpret(doc, "x")
    assert [a.cost_mad for a in plan.activities] == [Decimal("100.00"), Decimal("50.00"), Decimal("7.00")]
    assert plan.activities[0].title == "نشاط أول"
    assert {s.measure: s.value for s in plan.stated} == {
        "total_cost_mad": Decimal("157.00"),
        "budget_mobilised_mad": Decimal("100.00"),
        "budget_2026_mad": Decimal("7.00"),
        "budget_2027_mad": Decimal("50.00"),
    }
    assert plan.notes == []


def test_subtotal_mismatch_is_noted() -> None:
    doc = _financial_doc()
    table = doc.tables[0]
    wrong = Row(
        (Cell("تكلفة المشروع 1 حسب البرمجة"), Cell("90.00"), Cell("0.00"), Cell("50.00")), Location(line=6)
    )
    rows = (*table.rows[:5], wrong, *table.rows[6:])
    plan = interpret(
        ExtractedDocument("x.txt", "txt", "0", "test", 20, (Table(0, rows, table.location),)), "x"
    )
    assert any("subtotal mobilised 90.00 but its activities add up to 100.00" in n for n in plan.notes)


def test_summary_row_shapes() -> None:
    rows = matrix_rows(_financial_doc())
    by_line = {r.grid.location.line: r for r in rows}
    # text-export shape: label then three amounts, fewer cells than the header
    assert summary_amounts(by_line[6]) == {3: Decimal("100.00"), 4: Decimal(0), 5: Decimal("50.00")}
    # DOCX/PDF shape: the label spans columns
    assert summary_amounts(by_line[11]) == {3: Decimal(0), 4: Decimal("7.00"), 5: Decimal(0)}
    # an activity row is not a summary row
    assert summary_amounts(by_line[5]) is None


def test_header_columns() -> None:
    texts = [grid_row(0, i, r, repeat_spans=True).texts for i, r in enumerate(_table(0, FIN_HEADER).rows)]
    fields = stacked_fields(texts)
    assert fields[0] == "project_code" and fields[2] == "activity_cost" and fields[4] == "year:2026"
    assert budget_columns(fields) == {3: "mobilised", 4: "2026", 5: "2027"}
    monitoring = {
        3: "follow_up_indicators",
        4: "indicator_max_pct",
        5: "achieved_rate",
        6: "impact_indicators",
    }
    monitoring[7] = "indicator_max_pct"
    assert indicator_columns(monitoring) == {3: ("follow_up", 4), 6: ("impact", 7)}


def test_monitoring_rows_carry_activity_over_indicators() -> None:
    header = ["رمز المشروع", "الأنشطة", "تاريخ بدء الإنجاز", "تاريخ انتهاء الإنجاز", "مؤشرات التتبع"]
    header += ["النسبة القصوى للمؤشر %", "مؤشرات الأثر", "النسبة القصوى للمؤشر %"]
    rows = [
        header,
        ["PO-24-25-XY-01", "*نشاط", "2024-01-01", "2024-12-31", "*مؤشر 1", "5%", "أثر", "100%"],
        ["", "", "", "", "مؤشر 2", "95%", "\u00a0", "\u00a0"],
    ]
    doc = ExtractedDocument("x.txt", "txt", "0", "test", 9, (_table(0, rows),))
    plan = interpret(doc, "x")
    (activity,) = plan.activities
    assert (activity.title, activity.start_date) == ("نشاط", date(2024, 1, 1))
    assert [(i.kind, i.text, i.max_weight_pct) for i in activity.indicators] == [
        ("follow_up", "مؤشر 1", 5),
        ("impact", "أثر", 100),
        ("follow_up", "مؤشر 2", 95),
    ]
    assert {r.evidence.split(",")[0] for r in plan.repairs if r.kind == "carry-down"} == {
        "empty cells below a group value in column project_code",
        "empty cells below a group value in column project_activities",
        "empty cells below a group value in column start_date",
        "empty cells below a group value in column end_date",
    }


def test_align_keeps_order_and_pairs_shortened_titles() -> None:
    first = [
        title_key(t)
        for t in ("*إعداد دليل رقمي", "تعزيز نشر المعلومات الموجودة في حوزة الجماعة برقمنة الأرشيف")
    ]
    second = [title_key(t) for t in ("إعداد  دليل رقمي", "تعزيز نشر المعلومات الموجودة في حوزة الجماعة")]
    assert align(first, second) == [(0, 0), (1, 1)]
    assert align(first, second[::-1]) in ([(0, 1)], [(1, 0)])
    assert align(first, [title_key("شيء آخر تماما")]) == []


def test_prose_statements() -> None:
    sentence = (
        "وتتكون خطة الانفتاح التي تبلغ تكلفتها التقديرية 2 461 996,00 درهما، "
        "من 11 مشروعا مفصلا في إطار 63 نشاطا."
    )
    assert stated_plan_summary(sentence) == (11, 63, Decimal("2461996.00"))
    assert stated_plan_summary("المشاريع المبرمجة (08 مشاريع) بما قدره 850 000,00 درهم.") is None
    assert plan_title_in("مَرّت خطة انفتاح جماعة أيت ملول برسم الفترة 2024-2025، من محطات") == (
        "خطة انفتاح جماعة أيت ملول برسم الفترة 2024-2025"
    )
    assert display_text("*استغلال المنشورة؛\n*تجويد الخدمات") == "استغلال المنشورة؛ تجويد الخدمات"
    doc = ExtractedDocument("x.txt", "txt", "0", "test", 1, (Paragraph(sentence, Location(line=1)),))
    assert interpret(doc, "x").projects == []


# --------------------------------------------------------------------------- properties

_TEXT = st.text(alphabet=st.sampled_from("ابتثجحخدرزسشصعفقكلمنهويةأإى *-؛. 0123"), max_size=30)


@given(_TEXT, _TEXT)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    ka, kb = title_key(a), title_key(b)
    assert 0.0 <= title_similarity(ka, kb) <= 1.0
    assert title_similarity(ka, kb) == title_similarity(kb, ka)
    if ka:
        assert title_similarity(ka, ka) == 1.0


@given(_TEXT, _TEXT, st.sampled_from([0.3, MIN_SIMILARITY, 0.8]))
def test_similarity_bound_never_hides_a_match(a: str, b: str, threshold: float) -> None:
    # similarity_at_least skips difflib when the LCS bound is below the threshold: it must give
    # the exact similarity for every pair that reaches it, and stay below it for every other.
    ka, kb = title_key(a), title_key(b)
    exact, bounded = title_similarity(ka, kb), similarity_at_least(ka, kb, threshold)
    if exact >= threshold:
        assert bounded == exact
    else:
        assert bounded < threshold


@given(_TEXT, _TEXT)
def test_similarity_bound_on_a_shortened_title(a: str, rest: str) -> None:
    # A title and the same title cut short (a prefix of 12+ characters) are a near match.
    long = title_key(a + " " + rest + " مشروع تأهيل الطرق")
    short = long[: max(MIN_PREFIX_CHARS, len(long) // 3)]
    assert similarity_at_least(short, long, MIN_SIMILARITY) == title_similarity(short, long) >= 0.9


@given(st.lists(_TEXT, max_size=6), st.lists(_TEXT, max_size=6))
def test_alignment_is_monotone(first: list[str], second: list[str]) -> None:
    pairs = align([title_key(t) for t in first], [title_key(t) for t in second])
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))


@given(st.lists(_TEXT.map(title_key).filter(bool), max_size=6, unique=True))
def test_alignment_with_itself_is_identity(keys: list[str]) -> None:
    assert align(keys, keys) == [(i, i) for i in range(len(keys))]


@given(_TEXT)
def test_display_text_is_idempotent(text: str) -> None:
    assert display_text(display_text(text)) == display_text(text)


def test_matrix_row_text_outside_grid() -> None:
    rows = matrix_rows(_financial_doc())
    short = MatrixRow(grid_row(0, 0, Row((Cell("x"),), Location())), rows[0].columns)
    assert short.text("activity_cost") == ""


def test_a_header_row_whose_label_ocr_misread_stays_in_the_header() -> None:
    # The Aït Melloul scan read "للبرمجة" (over its year columns) as "للبريحجة": the header went on,
    # so the years under it still name the budget columns. A born-digital row never gets that
    # tolerance, and a row with figures is data.
    from interpret.open_plan.matrices.grid import is_header_continuation

    misread = ["", "", "اعتمادات معبأة بالميزانية", "للبريحجة"]
    assert is_header_continuation(misread, read_by_ocr=True)
    assert not is_header_continuation(misread, read_by_ocr=False)
    assert not is_header_continuation(
        ["", "إعداد تصور", "اعتمادات معبأة بالميزانية", "50 000.00"], read_by_ocr=True
    )
    assert not is_header_continuation(
        ["PO-24-25-CDAI-01", "اعتمادات معبأة بالميزانية", "وضع"], read_by_ocr=True
    )


def test_a_total_row_whose_figures_are_not_all_read_is_flagged_not_an_activity() -> None:
    # The Aït Melloul scan read the total "2 461 996.00" as "996.00 2461": the row was taken for an
    # activity of the last project carrying the plan's totals. It is a summary row by its label:
    # flagged unreadable, its figures kept raw, no activity and no stated total from it.
    doc = _financial_doc()
    table = doc.tables[0]
    total = table.rows[-1]
    garbled = Row((total.cells[0], total.cells[1], Cell("157 0.00 1"), *total.cells[3:]), total.location)
    plan = interpret(replace(doc, blocks=(replace(table, rows=(*table.rows[:-1], garbled)),)), "x")
    assert [a.cost_mad for a in plan.activities] == [Decimal("100.00"), Decimal("50.00"), Decimal("7.00")]
    assert "total_cost_mad" not in {s.measure for s in plan.stated}
    flagged = [r for r in plan.repairs if r.kind == "unreadable" and "summary row" in r.evidence]
    assert len(flagged) == 1 and "157 0.00 1" in flagged[0].before and flagged[0].row == 11
