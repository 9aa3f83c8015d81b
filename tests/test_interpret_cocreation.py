"""Tétouan co-creation workshops report: numbered proposals per workshop, on every rendition."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dispatch import extract
from extractors.text import extract_text
from interpret import cocreation_proposals as cc
from plans.model import (
    Cell,
    ExtractedDocument,
    InterpretedDocument,
    Location,
    Paragraph,
    Proposal,
    Row,
    Table,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
REPORT = "tetouan_cocreation-workshops_2022"
DOCX = ".docx"
PDF = ".pdf"
RENDITIONS = [".txt", DOCX, PDF]

TRANSPARENCY = "الورشة التشاركية حول الشفافية و الحق في الحصول على المعلومة"
CITIZENSHIP = "الورشة التشاركية حول المشاركة المواطنة"
INNOVATION = "الورشة التشاركية حول الابتكار وجودة الخدمات الجماعية"
# The last table has no heading: it is labelled with the domains it covers.
UNNAMED = "الإعاقة / الدمج الاجتماعي / النوع"


@cache
def extracted(suffix: str) -> ExtractedDocument:
    return extract(RAW / f"{REPORT}{suffix}")


@cache
def interpreted(suffix: str) -> InterpretedDocument:
    return cc.interpret(extracted(suffix), "tetouan")


def proposal(doc: InterpretedDocument, workshop: str, number: int) -> Proposal:
    (found,) = [p for p in doc.proposals if p.workshop == workshop and p.number == number]
    return found


# --------------------------------------------------------------------------- the document


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_score_recognises_the_proposals_tables(suffix: str) -> None:
    assert cc.score(extracted(suffix)) >= 0.9


def test_score_rejects_other_tables() -> None:
    assert cc.score(extract_text(RAW / "tetouan_action-plan_2023-2026.txt")) == 0.0
    assert cc.score(extract_text(RAW / "ait-melloul_open-plan_2024-2025.txt")) == 0.0


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_title_period_and_kind(suffix: str) -> None:
    doc = interpreted(suffix)
    assert doc.plan_kind == "cocreation"
    assert (
        doc.title == "الاعداد المشتركة لخطة العمل: تطوان جماعة منفتحة — حصيلة الورشات الموضوعاتية التشاركية"
    )
    # Printed "2026-2023" (visual order) and "2023-2026" on the cover.
    assert (doc.period_start_year, doc.period_end_year) == (2023, 2026)
    assert doc.stated == []  # the report states no counts of its own


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_proposals_per_workshop(suffix: str) -> None:
    counts = Counter(p.workshop for p in interpreted(suffix).proposals)
    assert counts == {TRANSPARENCY: 49, CITIZENSHIP: 35, INNOVATION: 47, UNNAMED: 62}


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_each_workshop_numbers_its_proposals_from_one(suffix: str) -> None:
    doc = interpreted(suffix)
    for workshop, count in Counter(p.workshop for p in doc.proposals).items():
        assert [p.number for p in doc.proposals if p.workshop == workshop] == list(range(1, count + 1))


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_subjects(suffix: str) -> None:
    doc = interpreted(suffix)
    assert proposal(doc, TRANSPARENCY, 10).subject == (
        "نشر القانونون 13-31 الخاص بالحق في الحصول على المعلومة بالبوابة الإلكترونية للجماعة"
        " مع عرض موجز حول موضوعه."
    )
    # Bold in the sources ("<b>" in the text rendition): the markup is not part of the subject.
    assert proposal(doc, INNOVATION, 3).subject == (
        "إحداث منصة إلكترونية للجماعة تكون واجهة عن طريق استعمال تقنية قارية للشاشة."
    )


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_domain_and_outcome_carried_down_over_their_group(suffix: str) -> None:
    doc = interpreted(suffix)
    found = proposal(doc, TRANSPARENCY, 20)  # printed on row 9 only
    assert found.domain == "الحق في الحصول على المعلومة Droit a l'accès à l'information"
    assert found.outcome is not None
    assert found.outcome.startswith("تمت صياغة التزم يتعلق بالنشر الاستباقي للمعلومات")
    assert found.cited_commitments == (3,)
    # Last row of the next group.
    assert proposal(doc, TRANSPARENCY, 49).domain == "الشفافية Transparence"
    assert proposal(doc, TRANSPARENCY, 49).cited_commitments == (2,)


@pytest.mark.parametrize("suffix", RENDITIONS)
@pytest.mark.parametrize(
    ("workshop", "number", "cited"),
    [
        (TRANSPARENCY, 4, (5,)),  # "( التزم رقم 5)", the published misspelling
        (CITIZENSHIP, 3, (1,)),  # "بالالتزام رقم 1"
        (CITIZENSHIP, 10, (2,)),  # "الالتزام رقم 2"
        (CITIZENSHIP, 25, (11,)),
        (INNOVATION, 30, (9,)),
    ],
)
def test_cited_commitments(suffix: str, workshop: str, number: int, cited: tuple[int, ...]) -> None:
    assert proposal(interpreted(suffix), workshop, number).cited_commitments == cited


@pytest.mark.parametrize("suffix", [".txt", DOCX])
def test_link_markup_is_not_kept(suffix: str) -> None:
    outcome = proposal(interpreted(suffix), TRANSPARENCY, 1).outcome
    assert outcome is not None
    assert "<a" not in outcome and "href" not in outcome
    assert "عنوان الصفحة : https://hi-in.facebook.com/ogptetouan/ ( التزم رقم 5)." in outcome


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_group_with_an_empty_outcome_keeps_null(suffix: str) -> None:
    doc = interpreted(suffix)
    for number in range(29, 36):
        found = proposal(doc, CITIZENSHIP, number)
        assert found.domain == "تقديم العرائض Présentation de Requettes"
        assert found.outcome is None  # not the outcome of the group above
        assert found.cited_commitments == ()


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_reversed_last_table_read_by_its_header_labels(suffix: str) -> None:
    found = proposal(interpreted(suffix), UNNAMED, 7)
    assert found.subject == (
        "العمل على وضع استراتجية لاستفادة الأشخاص في وضعية إعاقة من المشاريع المبرمجة ببرنامج عمل الجماعة."
    )
    assert proposal(interpreted(suffix), UNNAMED, 62).subject.startswith("برمجة إطلاق أسماء شاعرات")


def test_last_table_text_rendition_leaves_domain_and_outcome_null() -> None:
    doc = interpreted(".txt")
    last = [p for p in doc.proposals if p.workshop == UNNAMED]
    assert all(p.domain is None and p.outcome is None and p.cited_commitments == () for p in last)
    assert any("domain and outcome left NULL" in n and UNNAMED in n for n in doc.defects)
    assert interpreted(DOCX).defects == []  # the Word file keeps them in merged cells


@pytest.mark.parametrize("suffix", [DOCX, PDF])
def test_last_table_merged_cells_give_domain_and_outcome(suffix: str) -> None:
    doc = interpreted(suffix)
    assert proposal(doc, UNNAMED, 30).domain == "الإعاقة Personnes en situation d'handicap"
    assert proposal(doc, UNNAMED, 30).cited_commitments == (11, 10)
    assert proposal(doc, UNNAMED, 33).domain == "الدمج الاجتماعي Inclusion sociale"
    assert proposal(doc, UNNAMED, 40).domain == "النوع Genre"


def test_carry_down_repairs_on_the_text_rendition() -> None:
    repairs = [r for r in interpreted(".txt").repairs if r.kind == "carry-down"]
    # 9 groups: 8 carry a domain and an outcome, the one without an outcome only its domain.
    assert len(repairs) == 17
    (domain,) = [r for r in repairs if r.after.startswith("الحق في الحصول")]
    assert (domain.table, domain.row, domain.before) == (0, 10, "")
    assert domain.evidence.startswith("rows 10-31 of table 0 empty under the domain printed at row 9")


def test_source_lineage_on_the_text_rendition() -> None:
    found = proposal(interpreted(".txt"), UNNAMED, 7)
    assert found.source is not None
    assert (found.source.table, found.source.row, found.source.line) == (3, 7, 186)
    assert found.source.raw_text is not None and found.source.raw_text.startswith("<b>")


def test_text_and_word_renditions_agree_outside_the_last_table() -> None:
    txt, word = interpreted(".txt"), interpreted(".docx")
    assert [(p.workshop, p.number, p.subject) for p in txt.proposals] == [
        (p.workshop, p.number, p.subject) for p in word.proposals
    ]
    differ = [
        (a.workshop, a.number)
        for a, b in zip(txt.proposals, word.proposals, strict=True)
        if (a.domain, a.outcome) != (b.domain, b.outcome)
    ]
    assert {w for w, _ in differ} == {UNNAMED}


def test_pdf_cells_split_over_pages_are_joined() -> None:
    txt, pdf = interpreted(".txt"), interpreted(".pdf")
    # A subject and an outcome whose merged cell crosses a page break.
    assert proposal(pdf, CITIZENSHIP, 16).subject == proposal(txt, CITIZENSHIP, 16).subject
    assert proposal(pdf, TRANSPARENCY, 40).outcome == proposal(txt, TRANSPARENCY, 40).outcome
    assert proposal(pdf, UNNAMED, 35).outcome == proposal(interpreted(".docx"), UNNAMED, 35).outcome
    assert sum(r.kind == "join-wrapped" for r in pdf.repairs) == 4


# --------------------------------------------------------------------------- synthetic tables

HEADER = ("رقم المقترح N° Proposition", "الموضوع", "المجال", "المآل")


def table(index: int, rows: list[tuple[str | Cell, ...]]) -> Table:
    def cell(value: str | Cell) -> Cell:
        return value if isinstance(value, Cell) else Cell(text=value)

    return Table(
        index=index,
        rows=tuple(Row(tuple(cell(v) for v in r), Location(line=i + 1)) for i, r in enumerate(rows)),
        location=Location(),
    )


def document(*blocks: Paragraph | Table) -> ExtractedDocument:
    return ExtractedDocument("synthetic.txt", "txt", "0" * 64, "test", 1, tuple(blocks))


def heading(text: str) -> Paragraph:
    return Paragraph(text, Location())


MERGED = Cell(text="", continues_above=True)


@pytest.mark.parametrize("continuation", ["", MERGED])
def test_carry_down_stops_at_the_next_group(continuation: str | Cell) -> None:
    rows = [
        HEADER,
        ("1", "أ", "التواصل", "تم ادراج التزام رقم 4"),
        ("2", "ب", continuation, continuation),
        ("3", "ج", "الشفافية", ""),
        ("4", "د", continuation, continuation),
    ]
    doc = cc.interpret(document(heading("الورشة الأولى Atelier un"), table(0, rows)), "x")
    by_number = {p.number: p for p in doc.proposals}
    assert {p.workshop for p in doc.proposals} == {"الورشة الأولى"}
    assert (by_number[2].domain, by_number[2].cited_commitments) == ("التواصل", (4,))
    assert (by_number[4].domain, by_number[4].outcome) == ("الشفافية", None)
    assert [(r.row, r.after) for r in doc.repairs] == [
        (2, "التواصل"),
        (2, "تم ادراج التزام رقم 4"),
        (4, "الشفافية"),
    ]
    assert doc.repairs[0].evidence.startswith("rows 2-2 of table 0 empty under the domain printed at row 1")


def test_columns_found_by_their_labels_in_any_order() -> None:
    rows = [
        ("المآل Prise en considération", "المجال Domaines", "الموضوعs Objets", "رقم المقترح Proposition N°"),
        ("التزام رقم 7", "النوع", "<b>موضوع</b>", "1"),
        ("", "", "آخر", "2"),
    ]
    doc = cc.interpret(document(heading("ورشة"), table(0, rows)), "x")
    assert [(p.number, p.subject, p.domain, p.cited_commitments) for p in doc.proposals] == [
        (1, "موضوع", "النوع", (7,)),
        (2, "آخر", "النوع", (7,)),
    ]


def test_page_split_rows_are_joined_and_restarted_numbering_is_a_new_workshop() -> None:
    page_one = table(0, [HEADER, ("1", "أول الموضوع", "التواصل", "بداية المآل")])
    page_two = table(1, [HEADER, ("", "بقية الموضوع", "", "بقية المآل"), ("2", "ثان", "", "")])
    unnamed = table(2, [HEADER, ("1", "جديد", "الإعاقة Handicap", "")])
    doc = cc.interpret(document(heading("ورشة التواصل"), page_one, page_two, unnamed), "x")
    first, second, other = doc.proposals
    assert (first.subject, first.outcome) == ("أول الموضوع بقية الموضوع", "بداية المآل بقية المآل")
    assert (second.workshop, second.outcome) == ("ورشة التواصل", "بداية المآل بقية المآل")
    assert (other.workshop, other.number) == ("الإعاقة", 1)
    assert sorted(r.kind for r in doc.repairs) == ["carry-down", "carry-down", "join-wrapped", "join-wrapped"]


def test_labelled_paragraphs_after_a_table_are_attached() -> None:
    rows = [HEADER, ("1", "أ", "", ""), ("2", "ب", "", "")]
    after = [heading("المجال: الإعاقة"), heading("المآل : يتضمن الالتزام رقم 10")]
    doc = cc.interpret(document(heading("ورشة"), table(0, rows), *after), "x")
    assert [(p.domain, p.outcome, p.cited_commitments) for p in doc.proposals] == [
        ("الإعاقة", "يتضمن الالتزام رقم 10", (10,))
    ] * 2


def test_unlabelled_paragraphs_after_a_table_are_not_attached() -> None:
    rows = [HEADER, ("1", "أ", "", ""), ("2", "ب", "", "")]
    after = [heading("يتضمن الالتزام رقم 10 أنشطة"), heading("الإعاقة"), heading("Handicap")]
    doc = cc.interpret(document(table(0, rows), *after), "x")
    assert all(p.domain is None and p.outcome is None for p in doc.proposals)
    assert {p.workshop for p in doc.proposals} == {"الإعاقة"}  # no heading: its label paragraph
    assert any("labels: الإعاقة" in n for n in doc.defects)


# --------------------------------------------------------------------------- small readers


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("عنوان الصفحة ( التزم رقم 5).", (5,)),
        ("ادراج نشاط بالالتزام رقم 1 المتعلق بالشفافية", (1,)),
        ("إلتزام رقم ٣", (3,)),
        ("يشمل الالتزام رقم 11 ... يركز الالتزام رقم 10 ... الالتزام رقم 11", (11, 10)),
        ("تطبيق القانون 31.13 المتعلق بالحق في الحصول على المعلومة", ()),
        ("الالتزامات رقم 4", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_cited_commitments_parser(text: str | None, cited: tuple[int, ...]) -> None:
    assert cc.cited_commitments(text) == cited


ARABIC_WORDS = st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A), max_size=12)
ARABIC_TEXT = st.lists(ARABIC_WORDS, max_size=8).map(" ".join)
WRITTEN = st.sampled_from(["التزام", "الالتزام", "بالالتزام", "إلتزام", "التزم"])
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@settings(max_examples=200, deadline=None)
@given(ARABIC_TEXT, ARABIC_TEXT, WRITTEN, st.integers(min_value=1, max_value=9999), st.booleans())
def test_any_cited_number_is_found(before: str, after: str, word: str, number: int, indic: bool) -> None:
    digits = str(number).translate(INDIC) if indic else str(number)
    assert number in cc.cited_commitments(f"{before} {word} رقم {digits} {after}")


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",))))
def test_text_without_digits_cites_nothing(text: str) -> None:
    assert cc.cited_commitments(text) == ()


@pytest.mark.parametrize(
    ("text", "arabic"),
    [
        (f"{TRANSPARENCY} **Atelier participatif sur le thème de : Transparence**", TRANSPARENCY),
        (f"{CITIZENSHIP} Participative Citizen Engagement : Ateliers participatifs", CITIZENSHIP),
        ("Innovation : الورشة حول الابتكار", "الورشة حول الابتكار"),
        ("Genre", ""),
    ],
)
def test_arabic_part(text: str, arabic: str) -> None:
    assert cc.arabic_part(text) == arabic


@given(st.text())
def test_arabic_part_has_no_latin_letters_and_is_stable(text: str) -> None:
    part = cc.arabic_part(text)
    assert not re.search(r"[A-Za-z]", part)
    assert cc.arabic_part(part) == part


@pytest.mark.parametrize(("text", "number"), [("12", 12), (" ١٢ ", 12), ("7.", 7), ("", None), ("N°", None)])
def test_proposal_number(text: str, number: int | None) -> None:
    assert cc.proposal_number(text) == number


@pytest.mark.parametrize("suffix", RENDITIONS)
def test_reversed_last_table_is_logged_as_a_column_reorder(suffix: str) -> None:
    (repair,) = [r for r in interpreted(suffix).repairs if r.kind == "reorder-columns"]
    # The last table: the fourth of the text and Word files; in the PDF its first page's table.
    assert repair.table == {".txt": 3, ".docx": 3, ".pdf": 9}[suffix]
    assert repair.before == "outcome, domain, subject, proposal_no"
    assert repair.after == "proposal_no, subject, domain, outcome"
    assert "header labels" in repair.evidence


def test_a_table_in_the_first_tables_order_is_not_reordered() -> None:
    rows = [HEADER, ("1", "أ", "", "")]
    doc = cc.interpret(document(table(0, rows), heading("الورشة"), table(1, rows)), "x")
    assert [r for r in doc.repairs if r.kind == "reorder-columns"] == []
