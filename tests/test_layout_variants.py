"""The sample plans re-laid in layouts the corpus does not have give the same facts, field by field.

The variants are made by ``tests/layouts/make_variants.py`` (python-docx, python-pptx, LibreOffice
for the PDFs) from the originals and committed under ``tests/layouts/variants/``: portrait pages,
another font, narrow columns whose texts wrap, no merged cells, header rows split over two rows and
the PAC's cost unit "بمليون درهم" wrapped over rows of its own. Interpretation reads them by headers
and content only: the same facts must come out (costs in MAD with their unit, dates, weights,
cited commitments), and where a variant cannot give a fact the loss is flagged, never silent.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "layouts"))

from facts import (
    activity_fields,
    interpret_file,
    project_fields,
    proposal_fields,
    stated_fields,
)

from extractors.dispatch import extract
from interpret.commitments_table import SourceRow, is_rest_of_row, join_split_rows
from interpret.open_plan.matrices import interpreter as open_plan_matrices
from interpret.pac import tables as pac
from interpret.pac.grid import is_header_only
from normalizers.codes import find_project_codes
from normalizers.dates import parse_date
from normalizers.headers import recognise_header
from plans.model import InterpretedDocument, Location, Table

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
VARIANTS = ROOT / "tests" / "layouts" / "variants"

# variant -> (original it was made from, commune)
SAME_FACTS = {
    "ait-melloul_open-plan_2024-2025.narrow.docx": ("ait-melloul_open-plan_2024-2025.docx", "ait-melloul"),
    "ait-melloul_open-plan_2024-2025.split-header.docx": (
        "ait-melloul_open-plan_2024-2025.docx",
        "ait-melloul",
    ),
    "tetouan_action-plan_2023-2026.narrow.docx": ("tetouan_action-plan_2023-2026.docx", "tetouan"),
    "tetouan_cocreation-workshops_2022.narrow.docx": ("tetouan_cocreation-workshops_2022.docx", "tetouan"),
    "dakhla_pac_2017-2022.narrow.docx": ("dakhla_pac_2017-2022.pdf", "dakhla"),
    "dakhla_pac_2017-2022.split-header.docx": ("dakhla_pac_2017-2022.pdf", "dakhla"),
    "beni-mellal_open-plan_2024-2025.narrow.pptx": ("beni-mellal_open-plan_2024-2025.pptx", "beni-mellal"),
}
ACTIVITY_FIELDS = (
    "title",
    "cost_mad",
    "start_date",
    "end_date",
    "weight_in_project_pct",
    "weight_in_commitment_pct",
    "commitment_no",
    "budget",
    "progress",
    "domain_no",
)


@cache
def plan_of(path: Path, commune: str) -> InterpretedDocument:
    return interpret_file(path, commune)


def pair(variant: str) -> tuple[InterpretedDocument, InterpretedDocument]:
    original, commune = SAME_FACTS[variant]
    return plan_of(RAW / original, commune), plan_of(VARIANTS / variant, commune)


def test_every_variant_file_is_committed():
    assert {p.name for p in VARIANTS.glob("*.docx")} | {p.name for p in VARIANTS.glob("*.pptx")} == set(
        SAME_FACTS
    )
    for variant in SAME_FACTS:
        assert (VARIANTS / variant).with_suffix(".pdf").is_file()


@pytest.mark.parametrize("field", ACTIVITY_FIELDS)
@pytest.mark.parametrize("variant", [v for v, (o, _) in SAME_FACTS.items() if "cocreation" not in v])
def test_variant_gives_the_same_activity_field(variant: str, field: str):
    original, relaid = pair(variant)
    assert len(relaid.activities) == len(original.activities)
    assert activity_fields(relaid)[field] == activity_fields(original)[field]


@pytest.mark.parametrize("field", ["title", "cost_mad", "code"])
@pytest.mark.parametrize("variant", [v for v in SAME_FACTS if "cocreation" not in v])
def test_variant_gives_the_same_project_field(variant: str, field: str):
    original, relaid = pair(variant)
    assert project_fields(relaid)[field] == project_fields(original)[field]


@pytest.mark.parametrize("variant", list(SAME_FACTS))
def test_variant_states_the_same_figures(variant: str):
    original, relaid = pair(variant)
    assert stated_fields(relaid) == stated_fields(original)


@pytest.mark.parametrize("field", ["domain", "cited_commitments", "workshop"])
def test_narrow_cocreation_variant_keeps_every_proposal_field(field: str):
    original, relaid = pair("tetouan_cocreation-workshops_2022.narrow.docx")
    assert len(relaid.proposals) == len(original.proposals) == 193
    assert proposal_fields(relaid)[field] == proposal_fields(original)[field]
    cited = sum(len(p.cited_commitments) > 0 for p in relaid.proposals)
    assert cited == sum(len(p.cited_commitments) > 0 for p in original.proposals) > 100


# every variant, DOCX/PPTX and its PDF -> (original, commune)
EVERY_VARIANT = {
    name: origin
    for variant, origin in SAME_FACTS.items()
    for name in (variant, str(Path(variant).with_suffix(".pdf")))
}
FACTS_OF = {"activity": activity_fields, "project": project_fields, "proposal": proposal_fields}


@pytest.mark.parametrize("kind", list(FACTS_OF))
@pytest.mark.parametrize("variant", list(EVERY_VARIANT))
def test_every_variant_gives_the_same_facts_field_by_field(variant: str, kind: str):
    """Each of the 14 re-laid files (7 layouts, each as DOCX/PPTX and as its LibreOffice PDF) gives
    the original's facts: every field of every activity, project and proposal (costs in MAD, dates,
    weights, yearly rates and budgets, codes, cited commitments), and no defect."""
    original_name, commune = EVERY_VARIANT[variant]
    original, relaid = plan_of(RAW / original_name, commune), plan_of(VARIANTS / variant, commune)
    facts = FACTS_OF[kind]
    expected, got = facts(original), facts(relaid)
    assert set(got) == set(expected)
    for field, values in expected.items():
        assert got[field] == values, (field, list(values - got[field])[:2], list(got[field] - values)[:2])
    assert stated_fields(relaid) == stated_fields(original)
    assert relaid.defects == []


def test_wrapped_unit_header_gives_costs_in_mad():
    """ "بمليون درهم" printed over two rows of the header: 0.1 reads as 100 000 MAD, not 0.10."""
    _, relaid = pair("dakhla_pac_2017-2022.split-header.docx")
    first = next(a for a in relaid.activities if a.title.startswith("تنظيم يوم دراسي حول الجبايات"))
    assert first.cost_mad == Decimal("100000.00")
    assert not [r for r in relaid.repairs if r.kind == "unit-unknown"]


def test_variants_read_every_printed_cell():
    for variant in SAME_FACTS:
        _, relaid = pair(variant)
        assert relaid.cells is not None
        if relaid.cells.printed:
            assert relaid.cells.read / relaid.cells.printed >= 0.99, variant


def test_narrow_pdf_reads_a_header_printed_above_the_page_break():
    """In the narrow PAC's PDF one table's header (with its unit "بمليون درهم") is printed alone at the
    foot of page 3, its body at the top of page 4: the body is read under that header, costs in MAD,
    the join logged."""
    relaid = plan_of(VARIANTS / "dakhla_pac_2017-2022.narrow.pdf", "dakhla")
    seat = next(a for a in relaid.activities if a.title.startswith("تأهيل و تهيئة مقر الجماعة"))
    assert seat.cost_mad == Decimal("5000000.00")
    assert seat.progress == {2018: 5, 2019: 55, 2020: 88, 2021: 100}
    assert seat.source is not None and seat.source.page == 4
    (join,) = [r for r in relaid.repairs if r.kind == "page-break-join" and r.row is None]
    assert join.table == seat.source.table and "بمليون درهم" in join.before
    assert "foot of page 3" in join.evidence
    assert not [r for r in relaid.repairs if r.kind == "unit-unknown"] and not relaid.defects


def test_a_table_without_its_unit_header_flags_the_costs_instead_of_guessing():
    """The same PDF without the header printed above the break: that table's costs are not loaded
    as dirhams, they are flagged and kept raw."""
    original = plan_of(RAW / "dakhla_pac_2017-2022.pdf", "dakhla")
    doc = extract(VARIANTS / "dakhla_pac_2017-2022.narrow.pdf")
    headless = replace(
        doc, blocks=tuple(b for b in doc.blocks if not (isinstance(b, Table) and is_header_only(b)))
    )
    relaid = pac.interpret(headless, "dakhla")
    flags = [r for r in relaid.repairs if r.kind == "unit-unknown"]
    assert flags and relaid.defects
    flagged_tables = {r.table for r in flags}
    costs = Counter(a.cost_mad for a in original.activities if a.cost_mad is not None)
    for activity in relaid.activities:
        if activity.source and activity.source.table in flagged_tables:
            assert activity.cost_mad is None
        elif activity.cost_mad is not None:
            assert activity.cost_mad in costs, activity.title  # a unit read, never a figure mis-scaled
    # each raw cost of the flagged table is kept, at its row
    assert all(r.before.strip() and r.row is not None for r in flags)
    seat = next(a for a in relaid.activities if a.title.startswith("تأهيل و تهيئة مقر الجماعة"))
    assert seat.cost_mad is None and seat.source is not None
    assert [r.before for r in flags if (r.table, r.row) == (seat.source.table, seat.source.row)] == ["5"]
    flagged_costs = [a for a in relaid.activities if a.source and a.source.table in flagged_tables]
    assert len(flags) == sum(any(ch.isdigit() for ch in r.before) for r in flags) <= len(flagged_costs)


@pytest.mark.parametrize(
    "variant",
    [
        "ait-melloul_open-plan_2024-2025.narrow.pdf",
        "tetouan_action-plan_2023-2026.narrow.pdf",
        "beni-mellal_open-plan_2024-2025.narrow.pdf",
        "tetouan_cocreation-workshops_2022.narrow.pdf",
    ],
)
def test_narrow_pdf_variant_loses_no_date_or_cost_silently(variant: str):
    """Every date and cost of the original is read, or the document is flagged (defects, low coverage)."""
    original_name, commune = SAME_FACTS[
        variant.replace(".pdf", ".docx" if "beni" not in variant else ".pptx")
    ]
    original = plan_of(RAW / original_name, commune)
    relaid = plan_of(VARIANTS / variant, commune)
    coverage = relaid.cells.read / relaid.cells.printed if relaid.cells and relaid.cells.printed else 1.0
    flagged = bool(relaid.defects) or coverage < 0.85
    for field in ("start_date", "end_date", "cost_mad"):
        printed = Counter(
            v for (_, v), n in activity_fields(original).get(field, {}).items() for _ in range(n) if v
        )
        read = Counter(
            v for (_, v), n in activity_fields(relaid).get(field, {}).items() for _ in range(n) if v
        )
        lost = printed - read
        assert not lost or flagged, (field, list(lost)[:3])
    citations = [proposal_fields(p).get("cited_commitments", Counter()) for p in (original, relaid)]
    lost_citations = citations[0] - citations[1]
    assert not lost_citations or flagged


# --------------------------------------------------------------------------- narrow PDFs: page breaks

# narrow PDF -> (original, commune): the same facts, field by field (the PAC's table printed without
# its unit header keeps its costs raw, flagged: compared apart, above)
NARROW_PDFS = {
    "tetouan_action-plan_2023-2026.narrow.pdf": ("tetouan_action-plan_2023-2026.docx", "tetouan"),
    "dakhla_pac_2017-2022.narrow.pdf": ("dakhla_pac_2017-2022.pdf", "dakhla"),
    "dakhla_pac_2017-2022.split-header.pdf": ("dakhla_pac_2017-2022.pdf", "dakhla"),
}


def narrow_pair(variant: str) -> tuple[InterpretedDocument, InterpretedDocument]:
    original, commune = NARROW_PDFS[variant]
    return plan_of(RAW / original, commune), plan_of(VARIANTS / variant, commune)


@pytest.mark.parametrize("field", [f for f in ACTIVITY_FIELDS if f != "cost_mad"])
@pytest.mark.parametrize("variant", list(NARROW_PDFS))
def test_narrow_pdf_gives_the_same_activity_field(variant: str, field: str):
    """Rows cut by a page break are joined again: as many activities as the original, same fields."""
    original, relaid = narrow_pair(variant)
    assert len(relaid.activities) == len(original.activities)
    assert activity_fields(relaid)[field] == activity_fields(original)[field]


@pytest.mark.parametrize("variant", list(NARROW_PDFS))
def test_narrow_pdf_gives_the_same_projects(variant: str):
    original, relaid = narrow_pair(variant)
    assert len(relaid.projects) == len(original.projects)
    for field in ("title", "cost_mad", "code"):
        assert project_fields(relaid)[field] == project_fields(original)[field]


def test_narrow_action_plan_joins_titles_cut_by_a_page_break():
    """Tétouan: 44 activities as in the .docx (46 before the join); item 29 and 44 whole, with their
    weights, each join logged with the page break as evidence; the originals need no join."""
    original, relaid = narrow_pair("tetouan_action-plan_2023-2026.narrow.pdf")
    assert len(relaid.activities) == len(original.activities) == 44
    by_number = {a.number: a for a in relaid.activities}
    platform = by_number[29]
    assert platform.title == (
        "إحداث منصة اجتماعية تشاركية ل طرح المقترحات والأفكار المتعلقة بالولوج الشامل إلى التراث"
    )
    assert (platform.weight_in_project_pct, platform.weight_in_commitment_pct) == (Decimal(15), Decimal(8))
    assert platform.commitment_no == 4
    energy = by_number[44]
    assert energy.title == "إحداث المصلحة المحلية للطاقة و المناخ SLEC"
    assert (energy.weight_in_project_pct, energy.weight_in_commitment_pct) == (Decimal(40), Decimal(13))
    joins = [r for r in relaid.repairs if r.kind == "page-break-join"]
    assert [(r.table, r.row) for r in joins] == [(2, 0), (3, 0), (3, 0)]
    assert joins[0].before.endswith("| إلى التراث") and joins[0].after.endswith("بالولوج الشامل إلى التراث")
    assert all("page break" in r.evidence for r in joins)
    # the component cut with item 44's row is whole too ("... تطوان الحسيمة)")
    assert joins[2].after == "إعداد إطار الشراكة (جهة طنجة تطوان الحسيمة)"
    assert not [r for r in original.repairs if r.kind == "page-break-join"]


def test_narrow_pac_joins_actions_and_project_names_cut_by_a_page_break():
    """Dakhla: 150 actions and 42 projects as in the original PDF (162 and 44 before the join): the 12
    actions cut at a page break are whole, with the cost and rates printed before the break."""
    original, relaid = narrow_pair("dakhla_pac_2017-2022.narrow.pdf")
    assert (len(relaid.activities), len(relaid.projects)) == (
        len(original.activities),
        len(original.projects),
    )
    assert (len(relaid.activities), len(relaid.projects)) == (150, 42)
    joins = [r for r in relaid.repairs if r.kind == "page-break-join"]
    # 12 actions, 2 of them with their project name, and one header printed above the break
    assert len(joins) == 15
    assert len([r for r in joins if r.row is None]) == 1
    joins = [r for r in joins if r.row is not None]
    assert all(r.row == 0 and "first row after the page break" in r.evidence for r in joins)
    supplies = next(a for a in relaid.activities if a.title.startswith("شراء مواد صحية"))
    assert supplies.title == (
        "شراء مواد صحية ومواد للوقاية للمكتب الصحي البلدي والمراكز الصحية و المستوصفات و المركز الاستشفائي"
    )
    assert supplies.cost_mad == Decimal("2110000.00")
    assert supplies.progress == {2018: 10, 2019: 29, 2020: 52, 2021: 75, 2022: 100}
    # a project name cut too: its actions on both pages are under the whole name
    contracts = next(p for p in relaid.projects if p.title.startswith("تجديد العقود"))
    assert contracts.title == "تجديد العقود والقرارات الجماعية"
    under = [a.title for a in relaid.activities if a.project_key == contracts.key]
    assert len(under) == 2
    assert under[0].startswith("إجراءات تقييم شامل لدفتر التحملات")  # the action cut with the name
    assert under[1].startswith("مراجعه بعض القرارات")  # printed on the next page, under no name
    # every action is under a project: those printed after a break go on in the project above it
    assert all(a.project_key is not None for a in relaid.activities)
    assert not [n for n in relaid.notes if "outside any project" in n]
    assert not [r for r in original.repairs if r.kind == "page-break-join"]


def test_narrow_cocreation_pdf_keeps_every_proposal_field():
    """The last table (columns reversed, no heading) follows the one before it with nothing between:
    the PDF gives them as one table with the second header in the middle. Its 62 proposals keep
    their numbers, domains and cited commitments; the first workshop keeps its heading."""
    original = plan_of(RAW / "tetouan_cocreation-workshops_2022.docx", "tetouan")
    relaid = plan_of(VARIANTS / "tetouan_cocreation-workshops_2022.narrow.pdf", "tetouan")
    assert len(relaid.proposals) == len(original.proposals) == 193
    for field in ("domain", "cited_commitments", "workshop"):
        assert proposal_fields(relaid)[field] == proposal_fields(original)[field]
    cited = sum(len(p.cited_commitments) > 0 for p in relaid.proposals)
    assert cited == sum(len(p.cited_commitments) > 0 for p in original.proposals) == 154
    unnamed = [p for p in relaid.proposals if p.workshop == "الإعاقة / الدمج الاجتماعي / النوع"]
    assert len(unnamed) == 62
    first = next(p for p in unnamed if p.number == 1)
    assert first.subject == "إحداث كراسي ومرافق صحية بالحدائق."
    assert first.cited_commitments == (11, 10)
    assert [r.table for r in relaid.repairs if r.kind == "reorder-columns"] == [8]
    assert (
        Counter(p.workshop for p in relaid.proposals)[
            "الورشة التشاركية حول الشفافية و الحق في الحصول على المعلومة"
        ]
        == 49
    )


def _row(row: int, page: int | None, **cells: str) -> SourceRow:
    return SourceRow(0, row, Location(page=page), cells)


def test_a_row_is_joined_to_the_one_above_only_across_a_page_break():
    above = _row(5, 2, item="29 إحداث منصة", component="تنفيذ برنامج", weight_in_group="60%")
    rest = _row(0, 3, item="إلى التراث")
    assert is_rest_of_row(rest, above)
    rows, repairs = join_split_rows([above, rest])
    assert [r.text("item") for r in rows] == ["29 إحداث منصة\nإلى التراث"]
    assert [r.kind for r in repairs] == ["page-break-join"]
    # the same row on the same page, or with a number or a weight of its own, is a row of its own
    assert not is_rest_of_row(_row(6, 2, item="إلى التراث"), above)
    assert not is_rest_of_row(_row(0, 3, item="30 إعداد وثيقة"), above)
    assert not is_rest_of_row(_row(0, 3, item="إلى التراث", weight_in_group="15%"), above)
    assert not is_rest_of_row(_row(0, None, item="إلى التراث"), _row(5, None, item="29 إحداث"))


def test_split_header_pac_pdf_reads_every_cost_in_mad():
    """The split-header PAC's PDF prints its unit in the header of every table and cuts 13 rows at
    page breaks (14 cells: one project name): every cost reads as the original's, in MAD, and no
    text is taken for OCR debris (a cell cut after "مع" once was, and its row was lost)."""
    original, relaid = narrow_pair("dakhla_pac_2017-2022.split-header.pdf")
    assert activity_fields(relaid)["cost_mad"] == activity_fields(original)["cost_mad"]
    assert len([r for r in relaid.repairs if r.kind == "page-break-join"]) == 14
    assert not [r for r in relaid.repairs if r.kind in ("unreadable", "unit-unknown", "dedupe-ocr-row")]
    twinning = next(a for a in relaid.activities if a.title.startswith("تطوير نظام التوأمة"))
    assert twinning.title == "تطوير نظام التوأمة مع المدن في اتجاه شراكة لتعزيز الجهود المبذولة"
    assert twinning.cost_mad == Decimal("20000.00")
    assert twinning.progress == {2018: 50, 2019: 100}


# --------------------------------------------------------------------------- narrow PDFs: open plan

NARROW_OPEN_PLANS = {
    "ait-melloul_open-plan_2024-2025.narrow.pdf": ("ait-melloul_open-plan_2024-2025.docx", "ait-melloul"),
    "ait-melloul_open-plan_2024-2025.split-header.pdf": (
        "ait-melloul_open-plan_2024-2025.docx",
        "ait-melloul",
    ),
}


def open_plan_pair(variant: str) -> tuple[InterpretedDocument, InterpretedDocument]:
    original, commune = NARROW_OPEN_PLANS[variant]
    return plan_of(RAW / original, commune), plan_of(VARIANTS / variant, commune)


@pytest.mark.parametrize("variant", list(NARROW_OPEN_PLANS))
def test_narrow_open_plan_pdf_reads_codes_wrapped_in_their_cells(variant: str):
    """Aït Melloul's matrices printed in narrow columns wrap each code ("-PO-24-25" / "CDAI-01", the
    hyphen set at the start of the right-to-left line): all 63 activities of the 11 projects read
    (21 of 4 projects before), with the original's titles, costs and budget columns."""
    original, relaid = open_plan_pair(variant)
    assert len(relaid.activities) == len(original.activities) == 63
    assert [p.code for p in relaid.projects] == [p.code for p in original.projects]
    for field in ("title", "cost_mad", "code"):
        assert project_fields(relaid)[field] == project_fields(original)[field]
    for field in ("title", "cost_mad", "budget", "weight_in_project_pct"):
        assert activity_fields(relaid)[field] == activity_fields(original)[field]


@pytest.mark.parametrize(
    ("variant", "unread"),
    [
        ("ait-melloul_open-plan_2024-2025.narrow.pdf", set()),
        ("ait-melloul_open-plan_2024-2025.split-header.pdf", set()),
    ],
)
def test_narrow_open_plan_pdf_gives_every_date_or_flags_the_project(variant: str, unread: set[str]):
    """The monitoring matrix's header wraps inside words ("رمز المشرو / ع"), its dates after a
    hyphen ("2024-" / "01-01") and its codes inside the axis letters and over a page break
    ("PO-24-25-ENOVS" / "P-04"): read. A project whose monitoring rows are not found is a defect
    naming it, its dates NULL, never a silent loss."""
    original, relaid = open_plan_pair(variant)
    flagged = {code for d in relaid.defects if "monitoring matrix" in d for code in find_project_codes(d)}
    assert flagged == unread

    def dates(plan: InterpretedDocument) -> Counter:
        return Counter(
            (a.project_key, a.title, a.start_date, a.end_date)
            for a in plan.activities
            if a.project_key not in flagged
        )

    assert dates(relaid) == dates(original)
    assert all(a.start_date is None for a in relaid.activities if a.project_key in flagged)
    studio = next(a for a in relaid.activities if a.title.startswith("تهيئة مكان احتضان الأستوديو"))
    assert (studio.start_date, studio.end_date) == (date(2024, 1, 1), date(2024, 12, 31))
    assert studio.cost_mad == Decimal("50000.00")


def test_mirrored_continuation_table_is_read_right_to_left():
    """The split-header open plan's PDF continues its monitoring matrix on page 24 in a table whose
    first row is empty and whose words are Arabic among many dates and percentages: right to left,
    so PO-24-25-CDAI-03 keeps its dates. Without that table the project is a defect, dates NULL."""
    doc = extract(VARIANTS / "ait-melloul_open-plan_2024-2025.split-header.pdf")
    (continued,) = [b for b in doc.tables if "CDAI-\n03" in b.rows[1].cells[0].text]
    assert continued.right_to_left and continued.rows[0].location.page == 24
    assert [c.text for c in continued.rows[1].cells[4:6]] == ["2024-\n01-01", "2024-\n12-31"]
    without = replace(doc, blocks=tuple(b for b in doc.blocks if b is not continued))
    plan = open_plan_matrices.interpret(without, "ait-melloul")
    assert [d for d in plan.defects if "PO-24-25-CDAI-03" in d]
    under = [a for a in plan.activities if a.project_key == "PO-24-25-CDAI-03"]
    assert under and all(a.start_date is None and a.end_date is None for a in under)


def test_values_wrapped_in_narrow_cells_read_as_printed():
    assert find_project_codes("-PO-24-25\nCDAI-01") == ["PO-24-25-CDAI-01"]
    assert find_project_codes("PO-24-\n25-\nENOVS\nP-04") == ["PO-24-25-ENOVSP-04"]
    assert find_project_codes("PO-\nENOVS\nP-24-\n25=05") == ["PO-24-25-ENOVSP-05"]
    assert find_project_codes("PO-24-25 CDAI-01") == []  # a space is no separator: not a code
    assert parse_date("2024-\n01-01") == date(2024, 1, 1)
    assert parse_date("2024-01-01\n2025") is None
    assert recognise_header("رمز\nالمشرو\nع") == "project_code"
    assert recognise_header("مؤشرا\nت التتبع") == "follow_up_indicators"
    assert recognise_header("تهيئة دار\nالصحفي\nبدار الحي") is None  # data: no label either way


def test_narrow_slides_pdf_gives_each_project_its_own_cost():
    """Beni Mellal's deck printed to PDF sets each amount's bullet after the figure ("40000,00 •"):
    the amount below a slide's cost label is that slide's, not the next one's (each of the 10
    projects' costs was shifted by one project before, one lost)."""
    original = plan_of(RAW / "beni-mellal_open-plan_2024-2025.pptx", "beni-mellal")
    relaid = plan_of(VARIANTS / "beni-mellal_open-plan_2024-2025.narrow.pdf", "beni-mellal")
    assert len(relaid.projects) == len(original.projects) == 10
    assert project_fields(relaid)["cost_mad"] == project_fields(original)["cost_mad"]
    waste = next(p for p in relaid.projects if p.title.startswith("تغيير ثقافة وسلوك المواطن"))
    assert waste.cost_mad == Decimal("50000.00")  # a remark printed between the label and the amount
    petitions = next(p for p in relaid.projects if p.title.startswith("تنزيل آلية تقديم العرائض"))
    assert petitions.cost_mad == Decimal("20000.00")
