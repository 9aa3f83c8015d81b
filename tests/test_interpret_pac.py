from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.pdf import extract_pdf
from extractors.text import extract_text
from interpret.pac.tables import interpret, score
from plans.model import Cell, ExtractedDocument, Location, Paragraph, Row, Table

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
TXT = RAW / "dakhla_pac_2017-2022.txt"
PDF = RAW / "dakhla_pac_2017-2022.pdf"
MILLION = Decimal(1_000_000)


@pytest.fixture(scope="module")
def txt_doc():
    return extract_text(TXT)


@pytest.fixture(scope="module")
def dakhla(txt_doc):
    return interpret(txt_doc, "dakhla")


def activity(plan, title):
    found = [a for a in plan.activities if a.title == title]
    assert len(found) == 1, title
    return found[0]


def project_title(plan, activity_):
    return next(p.title for p in plan.projects if p.key == activity_.project_key)


# --------------------------------------------------------------------------- the Dakhla export


def test_score_recognises_the_pac(txt_doc):
    assert score(txt_doc) >= 0.9


def test_an_action_with_project_cost_and_progress(dakhla):
    paving = activity(dakhla, "تبليط الأرصفة والمساحات بالأحياء ناقصة التجهيز")
    assert project_title(dakhla, paving) == "استكمال وتجهيز الأحياء ناقصة التجهيز"
    assert paving.cost_mad == Decimal("49.9") * MILLION
    assert paving.progress[2019] == Decimal(70)
    assert paving.progress == {
        y: Decimal(p) for y, p in zip(range(2017, 2023), (50, 60, 70, 80, 90, 100), strict=True)
    }
    assert (paving.domain_no, paving.axis_label) == (2, "البنيات التحتية الأساسية و خدمات القرب")

    grants = activity(dakhla, "تخصيص دعم سنوي للجمعيات الاجتماعية")
    assert project_title(dakhla, grants) == "دعم المشاريع والمبادرات الجمعوية"
    assert grants.cost_mad == Decimal("20360000.00")
    assert grants.progress[2019] == Decimal(40)


def test_costs_none_and_progress_absent_as_printed(dakhla):
    sale = activity(dakhla, "تشخيص وضعيه اكرية ممتلكات الجماعة")  # cost '*', no rates
    assert sale.cost_mad is None and sale.progress == {}
    market = activity(dakhla, "إرساء تجربة سوق اسبوعي للقرب")  # a rate equal to the cost: kept as printed
    assert market.progress == {2019: Decimal("0.3")}


def test_ocr_duplicate_keeps_the_clean_line(dakhla):
    spaces = activity(dakhla, "تهيئه فضاءات بدور الأحياء وتعزيز ربطها بخدمات الاتصال الحديثة")
    assert spaces.cost_mad == Decimal("1180000.00")  # the OCR copy printed 1.10
    assert spaces.progress == {2018: Decimal(17), 2019: Decimal(58), 2020: Decimal(100)}
    dedupes = [r for r in dakhla.repairs if r.kind == "dedupe-ocr-row" and "470/" in r.before]
    assert len(dedupes) == 1 and "1.18" in dedupes[0].after
    readings = {(r.before, r.after) for r in dakhla.repairs if r.kind == "garbage-to-number"}
    assert ("1000/", "100") in readings and ("470/", "47") in readings


def test_wrapped_texts_and_scattered_names_are_joined(dakhla):
    transfer = activity(dakhla, "إحداث مركز لشحن وتحويل النفايات المنزلية والمماثلة للمطرح العمومي المراقب")
    assert transfer.cost_mad == Decimal("1500000.00")
    visits = next(a for a in dakhla.activities if a.title.startswith("تنظيم زيارات و رحلات ميدانيه"))
    assert visits.title.endswith("وهيئة المساواة وتكافؤ الفرص ومقاربة النوع")
    assert project_title(dakhla, visits) == "تجويد و تدبير البنيات التشاركية الجماعية وتأهيلها"
    assert not any("lalac" in a.title for a in dakhla.activities)
    assert any("lalac" in n for n in dakhla.notes)


def test_domain_without_heading_and_repeated_axis_heading(dakhla):
    governance = [a for a in dakhla.activities if a.domain_no == 6]
    assert {a.domain for a in governance} == {"الحكامة المحلية الجيدة"}  # named from the summary table
    first_axis = [a for a in governance if a.axis_label == "التنظيم الإداري للجماعة"]
    assert len({a.source.table for a in first_axis}) == 2  # one axis printed over two tables
    assert len(dakhla.axes) == 18


def test_counts_recovered_against_the_stated_summary(dakhla):
    stated = {(s.scope, s.measure): s.value for s in dakhla.stated}
    assert [stated["", m] for m in ("axis_count", "project_count", "activity_count")] == [18, 45, 169]
    assert [stated["domain 1", m] for m in ("axis_count", "project_count", "activity_count")] == [2, 5, 16]
    assert [stated["domain 6", m] for m in ("axis_count", "project_count", "activity_count")] == [4, 9, 36]
    assert len([s for s in dakhla.stated if s.scope.startswith("domain")]) == 7 * 3
    # What the detail tables hold: the document's own contradictions stay visible.
    # Counted independently on the PDF's table grid (one row per action, merged project cells).
    assert (len(dakhla.axes), len(dakhla.projects), len(dakhla.activities)) == (18, 42, 150)
    per_domain = Counter(a.domain_no for a in dakhla.activities)
    assert per_domain == {1: 15, 2: 18, 3: 33, 4: 15, 5: 25, 6: 32, 7: 12}
    projects = {d: {a.project_key for a in dakhla.activities if a.domain_no == d} for d in per_domain}
    assert {d: len(k) for d, k in projects.items()} == {1: 5, 2: 4, 3: 9, 4: 5, 5: 6, 6: 9, 7: 4}
    axes = {d: {a.axis_label for a in dakhla.activities if a.domain_no == d} for d in per_domain}
    assert {d: len(x) for d, x in axes.items()} == {1: 2, 2: 2, 3: 4, 4: 2, 5: 3, 6: 3, 7: 2}


def test_two_names_on_consecutive_lines_are_two_projects(dakhla):
    # "تقييم الشركات / القائمة / البحث عن / شركات فاعلة": "البحث عن" opens a name of its own.
    twinning = activity(dakhla, "تطوير نظام التوأمة مع المدن في اتجاه شراكة لتعزيز الجهود المبذولة")
    assert project_title(dakhla, twinning) == "البحث عن شركات فاعلة"
    assert twinning.cost_mad == Decimal("20000.00") and twinning.progress == {2018: 50, 2019: 100}
    tracking = activity(dakhla, "توطين تتبع الشراكات بالهيكلة الجديدة")
    assert project_title(dakhla, tracking) == "تقييم الشركات القائمة"


def test_repairs_by_kind(dakhla):
    kinds = Counter(r.kind for r in dakhla.repairs)
    assert kinds["reorder-columns"] == 20  # 19 detail tables and the summary
    assert {"join-wrapped", "split-name-join", "dedupe-ocr-row", "garbage-to-number"} <= set(kinds)
    assert kinds["domain-from-numbering"] == 1 and kinds["repeated-heading"] == 1


def test_unreadable_cells_are_flagged_not_guessed(dakhla):
    flagged = {r.before: r for r in dakhla.repairs if r.kind == "unreadable"}
    assert {"lalac", "totted to the Section of Lead", "et hen hotte"} <= set(flagged)
    assert all(r.after == "" and "nothing guessed" in r.evidence for r in flagged.values())
    assert not any(raw in a.title for raw in flagged for a in dakhla.activities)
    # A word split after a non-joining letter is not debris: the line is read, not flagged.
    assert "صيانة المعدات والتجهيز ات" not in flagged


def test_pdf_rendition_gives_the_same_facts(dakhla):
    pdf = interpret(extract_pdf(PDF), "dakhla")
    assert len(pdf.activities) == len(dakhla.activities)
    assert [a.cost_mad for a in pdf.activities] == [a.cost_mad for a in dakhla.activities]
    assert [a.progress for a in pdf.activities] == [a.progress for a in dakhla.activities]
    assert [a.domain_no for a in pdf.activities] == [a.domain_no for a in dakhla.activities]
    assert sorted((s.scope, s.measure, s.value) for s in pdf.stated) == sorted(
        (s.scope, s.measure, s.value) for s in dakhla.stated
    )


# --------------------------------------------------------------------------- small tables, one repair each


def rows_of(cells_by_row, first_line=1, merged_col=None):
    rows = []
    for k, cells in enumerate(cells_by_row):
        rows.append(
            Row(
                tuple(
                    Cell(t, continues_above=(c == merged_col and t == "" and k > 2))
                    for c, t in enumerate(cells)
                ),
                Location(line=first_line + k),
            )
        )
    return tuple(rows)


VISUAL = [
    ["", "", "", "الكلفة الإجمالية", "الأهداف المراد بلوغها", "المشروع"],
    ["2019", "2018", "2017", "بمليون درهم", "", ""],
    ["100%", "50%", "", "0.5", "بناء سوق جماعي جديد", ""],
    ["100%", "", "", "1.2", "تهيئة الطرق الحضرية بمختلف", "تنمية البنيات"],
    ["", "", "", "", "الأحياء", "التحتية المحلية"],
    ["1000/", "600/", "200/", "0.3", "", ""],
    ["100%", "60%", "20%", "0.3", "إحداث مرافق صحية عمومية", ""],
    ["", "100%", "", "2", "دعم الجمعيات الرياضية", ""],
    ["", "100%", "", "-", "تنظيم مهرجان سنوي", "تشجيع الثقافة"],
    ["", "", "100%", "*", "اقتناء شاحنة", ""],
]


def small_doc(table_rows):
    blocks = (
        Paragraph("المجال الأول التنمية", Location(line=1)),
        Paragraph("المحور الأول البنيات", Location(line=2)),
        Table(0, table_rows, Location(line=3)),
    )
    return ExtractedDocument("t.txt", "txt", "0", "test", 20, blocks)


def test_small_mirrored_table_each_repair():
    plan = interpret(small_doc(rows_of(VISUAL, 3)), "x")
    kinds = Counter(r.kind for r in plan.repairs)
    assert kinds == {
        "reorder-columns": 1,
        "join-wrapped": 1,
        "split-name-join": 2,
        "dedupe-ocr-row": 1,
        "garbage-to-number": 3,
    }
    titles = [a.title for a in plan.activities]
    assert titles == [
        "بناء سوق جماعي جديد",
        "تهيئة الطرق الحضرية بمختلف الأحياء",
        "إحداث مرافق صحية عمومية",
        "دعم الجمعيات الرياضية",
        "تنظيم مهرجان سنوي",
        "اقتناء شاحنة",
    ]
    projects = {p.key: p.title for p in plan.projects}
    assert [projects[a.project_key] for a in plan.activities] == ["تنمية البنيات التحتية المحلية"] * 4 + [
        "تشجيع الثقافة"
    ] * 2
    assert plan.activities[0].cost_mad == Decimal("500000.00")
    assert plan.activities[2].progress == {2017: 20, 2018: 60, 2019: 100}
    garbage = next(r for r in plan.repairs if r.kind == "garbage-to-number" and r.before == "1000/")
    assert "series cumulative 20,60,100" in garbage.evidence
    assert {a.domain_no for a in plan.activities} == {1}


def test_small_logical_table_with_merged_project_cells_carries_down():
    logical = [list(reversed(r)) for r in VISUAL[:3]] + [
        ["تنمية البنيات التحتية المحلية", "تهيئة الطرق الحضرية بمختلف الأحياء", "1.2", "", "", "100%"],
        ["", "إحداث مرافق صحية عمومية", "0.3", "20%", "60%", "100%"],
    ]
    plan = interpret(small_doc(rows_of(logical, 3, merged_col=0)), "x")
    assert not any(r.kind == "reorder-columns" for r in plan.repairs)
    carried = [r for r in plan.repairs if r.kind == "carry-down"]
    assert len(carried) == 1 and carried[0].after == "تنمية البنيات التحتية المحلية"
    assert [a.progress for a in plan.activities][-1] == {2017: 20, 2018: 60, 2019: 100}


def test_summary_label_below_its_figures_is_joined():
    summary = rows_of(
        [
            ["عدد الإجراءات", "عدد المشاريع", "عدد المحاور", "المجال"],
            ["16", "5", "2", ""],
            ["", "", "", "المالية"],
            ["16", "5", "2", ""],
            ["", "", "", "المجموع"],
        ]
    )
    doc = ExtractedDocument("s.txt", "txt", "0", "test", 5, (Table(0, summary, Location(line=1)),))
    plan = interpret(doc, "x")
    stated = {(s.scope, s.measure): s.value for s in plan.stated}
    assert stated == {
        (scope, m): v
        for scope in ("domain 1", "")
        for m, v in (("axis_count", 2), ("project_count", 5), ("activity_count", 16))
    }
    assert Counter(r.kind for r in plan.repairs) == {"reorder-columns": 1, "join-wrapped": 2}


SMALL_SUMMARY = [
    ["عدد الإجراءات", "عدد المشاريع", "عدد المحاور", "المجال"],
    ["2", "1", "2", "التنمية"],
    ["1", "1", "1", "الحكامة"],
    ["3", "2", "3", "المجموع"],
]


def test_axis_numbering_restart_opens_the_next_domain_and_a_repeated_heading_continues():
    table = VISUAL[:3]
    blocks = (
        Table(0, rows_of(SMALL_SUMMARY), Location(line=1)),
        Paragraph("المجال الأول التنمية", Location(line=10)),
        Paragraph("المحور الأول البنيات", Location(line=11)),
        Table(1, rows_of(table, 12), Location(line=12)),
        Paragraph("المحور الثاني المرافق", Location(line=20)),
        Table(2, rows_of(table, 21), Location(line=21)),
        Paragraph("المحور الأول التنظيم الإداري", Location(line=30)),  # no domain heading above
        Table(3, rows_of(table, 31), Location(line=31)),
        Paragraph("المحور الأول التنظيم الإداري", Location(line=40)),  # printed again after a page break
        Table(4, rows_of(table, 41), Location(line=41)),
    )
    plan = interpret(ExtractedDocument("d.txt", "txt", "0", "test", 50, blocks), "x")
    assert [(a.domain_no, a.domain, a.axis_label) for a in plan.activities] == [
        (1, "التنمية", "البنيات"),
        (1, "التنمية", "المرافق"),
        (2, "الحكامة", "التنظيم الإداري"),
        (2, "الحكامة", "التنظيم الإداري"),
    ]
    inferred = next(r for r in plan.repairs if r.kind == "domain-from-numbering")
    assert inferred.after == "domain 2: الحكامة" and "line 30" in inferred.evidence
    repeated = next(r for r in plan.repairs if r.kind == "repeated-heading")
    assert "line 40" in repeated.evidence and len(plan.axes) == 3


def test_unreadable_cells_are_kept_raw_and_flagged():
    rows = [
        *VISUAL[:2],
        ["100%", "", "", "1.x5", "إحداث مرافق صحية عمومية", "تنمية البنيات"],
        ["100%", "50%", "", "2", "بناء سوق جماعي جديد", ""],
        ["F.00/", "40%", "20%", "0.3", "lalac", ""],
    ]
    plan = interpret(small_doc(rows_of(rows, 3)), "x")
    flagged = {r.before: r for r in plan.repairs if r.kind == "unreadable"}
    assert set(flagged) == {"F.00/", "lalac", "1.x5"}
    assert all(r.after == "" for r in flagged.values())
    assert "2019" in flagged["F.00/"].evidence and "series cumulative 20,40,?" in flagged["F.00/"].evidence
    garbled = next(a for a in plan.activities if a.progress.get(2017) == 20)
    assert garbled.progress == {2017: 20, 2018: 40} and garbled.title == ""
    assert next(a for a in plan.activities if a.title.startswith("إحداث")).cost_mad is None
