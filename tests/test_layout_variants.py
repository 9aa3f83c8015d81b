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

from plans.model import InterpretedDocument

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


def test_narrow_pdf_without_its_unit_header_flags_the_costs_instead_of_guessing():
    """In the narrow PAC's PDF one table's header (with its unit) is printed at the foot of the page
    before it: that table's costs are not loaded as dirhams, they are flagged and kept raw."""
    original = plan_of(RAW / "dakhla_pac_2017-2022.pdf", "dakhla")
    relaid = plan_of(VARIANTS / "dakhla_pac_2017-2022.narrow.pdf", "dakhla")
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
    flagged_costs = [a for a in relaid.activities if a.source and a.source.table in flagged_tables]
    assert len(flags) == sum(any(ch.isdigit() for ch in r.before) for r in flags) <= len(flagged_costs)


@pytest.mark.parametrize(
    "variant",
    [
        "ait-melloul_open-plan_2024-2025.narrow.pdf",
        "tetouan_action-plan_2023-2026.narrow.pdf",
        "beni-mellal_open-plan_2024-2025.narrow.pdf",
        pytest.param(
            "tetouan_cocreation-workshops_2022.narrow.pdf",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known open defect (issue 8): in the narrow PDF layout some proposals lose their "
                "cited commitments without a flag; it surfaced once the page-ordering recursion was fixed",
            ),
        ),
    ],
)
def test_narrow_pdf_variant_loses_no_date_or_cost_silently(variant: str):
    """Every date and cost of the original is read, or the document is flagged (defects, low coverage)."""
    original_name, commune = SAME_FACTS[
        variant.replace(".pdf", ".docx" if "beni" not in variant else ".pptx")
    ]
    original = plan_of(RAW / original_name, commune)
    try:
        relaid = plan_of(VARIANTS / variant, commune)
    except RecursionError:
        pytest.xfail("PDF page ordering recursion on this layout (extractors/pdf/order.py)")
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
