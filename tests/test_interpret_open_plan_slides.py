"""Open plan slides (Beni Mellal deck): real values from the renditions, helpers on synthetic lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from extractors.dispatch import extract
from extractors.text import extract_text
from interpret.open_plan.slides import blocks as slide_blocks
from interpret.open_plan.slides import interpreter as slides
from interpret.open_plan.slides import text as slide_text
from normalizers.arabic import fold_key
from normalizers.dates import parse_date
from plans.model import ExtractedDocument, InterpretedDocument, Location, Paragraph

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
DECK = "beni-mellal_open-plan_2024-2025"
ENABEL_SCHEDULE = "بالتنسيق مع البرمجة الزمنية التي اعتمدتها ENABEL"


def _interpret(path: Path) -> InterpretedDocument:
    return slides.interpret(extract(path), "beni-mellal")


RENDITIONS = [".txt", ".pptx", ".pdf"]


@pytest.fixture(scope="module", params=RENDITIONS)
def deck(request: pytest.FixtureRequest) -> InterpretedDocument:
    return _interpret(RAW / f"{DECK}{request.param}")


@pytest.fixture(scope="module")
def deck_txt() -> InterpretedDocument:
    return _interpret(RAW / f"{DECK}.txt")


def project(result: InterpretedDocument, number: int):
    return next(p for p in result.projects if p.number == number)


def activities_of(result: InterpretedDocument, number: int):
    key = project(result, number).key
    return [a for a in result.activities if a.project_key == key]


# --------------------------------------------------------------------------- the deck, every rendition


def test_ten_projects_numbered_from_the_list_slide(deck: InterpretedDocument) -> None:
    assert sorted(p.number for p in deck.projects) == list(range(1, 11))
    assert project(deck, 1).title == "المدينة الخضراء"
    assert project(deck, 7).title == "تنظيم مسابقة أنظف حي"


def test_costs_as_printed_and_the_stated_total_left_alone(deck: InterpretedDocument) -> None:
    assert project(deck, 6).cost_mad == Decimal("50000.00")
    assert project(deck, 2).cost_mad == Decimal("20000.00")
    stated = {s.measure: s.value for s in deck.stated}
    assert stated == {"total_cost_mad": Decimal("330000"), "project_count": Decimal("10")}
    # The document's own contradiction: its ten amounts add up to 360 000, not the 330 000 it states.
    assert sum(p.cost_mad for p in deck.projects) == Decimal("360000")


def test_dotted_dates_of_the_green_city(deck: InterpretedDocument) -> None:
    green_city = activities_of(deck, 1)
    assert len(green_city) == 7
    assert {(a.start_date, a.end_date) for a in green_city} == {(date(2024, 1, 1), date(2024, 8, 31))}
    assert all(a.cost_mad is None and a.start_text is None for a in green_city)


def test_textual_dates_kept_as_text(deck: InterpretedDocument) -> None:
    budget = activities_of(deck, 4)[0]
    assert (budget.start_date, budget.end_date) == (None, None)
    assert fold_key(budget.start_text) == fold_key(ENABEL_SCHEDULE)
    campaigns = activities_of(deck, 6)[0]
    assert campaigns.start_date is None
    assert campaigns.start_text.startswith("تاريخ بداية الحملات")
    assert campaigns.end_text == "تاريخ نهاية هذه الحملات"


def test_date_followed_by_text(deck: InterpretedDocument) -> None:
    marketing = activities_of(deck, 10)[0]
    assert (marketing.start_date, marketing.end_date) == (date(2024, 1, 1), date(2025, 12, 31))
    assert fold_key(marketing.start_text) == fold_key(ENABEL_SCHEDULE)


def test_axes_by_ordinal(deck: InterpretedDocument) -> None:
    assert [a.number for a in deck.axes] == [1, 2, 3, 4]
    assert deck.axes[3].label == "الذكاء الترابي"
    assert {p.number: p.axis_number for p in deck.projects} == {
        1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 6: 1, 7: 1, 8: 1, 9: 3, 10: 2,
    }  # fmt: skip
    assert project(deck, 3).axis_label == "الذكاء الترابي"


def test_stages_stay_in_their_bullet(deck: InterpretedDocument) -> None:
    contest = activities_of(deck, 7)
    assert len(contest) == 5
    assert "1- تحديد شروط المسابقة" in contest[0].title
    assert "4- توفير المعدات اللازمة للقيام بتنظيف الأحياء" in contest[0].title
    assert len(activities_of(deck, 9)) == 5


def test_footers_never_become_activities(deck: InterpretedDocument) -> None:
    for activity in deck.activities:
        assert "اجتماع اللجان" not in activity.title
        assert "TITRE" not in activity.title
        assert any(ch.isalpha() for ch in activity.title)


def test_plan_title_and_no_printed_period(deck: InterpretedDocument) -> None:
    assert deck.title == "برنامج انفتاح الجماعة"
    assert (deck.period_start_year, deck.period_end_year) == (None, None)


# --------------------------------------------------------------------------- the text rendition


def test_text_rendition_counts(deck_txt: InterpretedDocument) -> None:
    # The PDF text layer lost the stage numbers of project 10 (3 bullets on the slide, 6 here).
    assert len(deck_txt.activities) == 46
    assert project(deck_txt, 8).title == "تنظيم مسابقة أجمل وأنظف محيط مدرسة"
    assert any(r.kind == "join-wrapped" for r in deck_txt.repairs)
    assert activities_of(deck_txt, 1)[0].source.line == 418


def test_scores_the_deck_not_other_kinds() -> None:
    assert slides.score(extract_text(RAW / f"{DECK}.txt")) >= 0.9
    assert slides.score(extract_text(RAW / "tetouan_action-plan_2023-2026.txt")) == 0.0


# --------------------------------------------------------------------------- synthetic slides


def _doc(texts: list[str]) -> ExtractedDocument:
    blocks = tuple(
        Paragraph(text=t.removeprefix("• "), location=Location(line=n), bullet=t.startswith("• "))
        for n, t in enumerate(texts, start=1)
    )
    return ExtractedDocument("deck.txt", "txt", "0" * 64, "test", len(texts), blocks)


SYNTHETIC = [
    "مشاريع الانفتاح",
    "1. الحي النظيف ؛",
    "2. البوابة الرقمية ؛",
    "المحور الأول : البيئة",
    "المحور الثاني : الرقمنة",
    "المحور الثاني : مشروع “ البوابة الرقمية ”",
    "أنشطة المشروع",
    "• إعداد البوابة",
    "وتحيينها شهريا",
    "• تكوين الموظفين",
    "المدة الزمنية",
    "• تاريخ البدء : 01/02/2024",
    "• تاريخ النهاية : 30/06/2024",
    "التكلفة التقديرية",
    "• 15000,00 درهم",
    "12/03/2024 اجتماع",
    "9",
    "الحي النظيف مشروع “ :المحور الأول",
    "أنشطة المشروع",
    "• تنظيم حملة نظافة من خلال المراحل التالية :",
    "تحديد الأحياء ؛ 1",
    "• تحديد الأحياء ؛ 1",
    "• 2024-05-01: تاريخ البدء",
    "• 31/12/2024: تاريخ النهاية",
    "• درهم10000,00",
    "التكلفة التقديرية",
    "وعليه فإن الميزانية المرصودة للمشاريع",
    "30000 درهم",
]


def test_synthetic_deck_in_both_orders() -> None:
    result = slides.interpret(_doc(SYNTHETIC), "x")
    assert [(p.number, p.title, p.axis_number, p.cost_mad) for p in result.projects] == [
        (1, "الحي النظيف", 1, Decimal("10000.00")),
        (2, "البوابة الرقمية", 2, Decimal("15000.00")),
    ]
    titles = [(a.project_key, a.title, a.start_date) for a in result.activities]
    assert titles == [
        ("p02", "إعداد البوابة وتحيينها شهريا", date(2024, 2, 1)),
        ("p02", "تكوين الموظفين", date(2024, 2, 1)),
        ("p01", "تنظيم حملة نظافة من خلال المراحل التالية : 1- تحديد الأحياء", date(2024, 5, 1)),
    ]
    assert [(s.measure, s.value) for s in result.stated] == [("total_cost_mad", Decimal("30000"))]
    assert [a.label for a in result.axes] == ["البيئة", "الرقمنة"]


def test_slide_without_list_has_no_number() -> None:
    result = slides.interpret(_doc(SYNTHETIC[5:17]), "x")
    assert [(p.number, p.title) for p in result.projects] == [(None, "البوابة الرقمية")]
    assert result.notes


# --------------------------------------------------------------------------- helpers


def test_undouble() -> None:
    assert slide_text.undouble("المسائلة والشفافية المسائلة والشفافية") == "المسائلة والشفافية"
    assert slide_text.undouble("الصحةالصحة") == "الصحة"
    assert slide_text.undouble("برنامج انفتاح الجماعة") == "برنامج انفتاح الجماعة"


def test_fix_visual_edges() -> None:
    assert slide_text.fix_visual_edges(".ببرنامج عمل الجماعة") == "ببرنامج عمل الجماعة."
    assert slide_text.fix_visual_edges("ENABELبالتنسيق مع") == "بالتنسيق مع ENABEL"
    assert slide_text.fix_visual_edges("ENABEL،بالتنسيق مع") == "بالتنسيق مع ENABEL،"
    assert slide_text.fix_visual_edges("؛2025") == "؛2025"


def test_label_fields_reads_a_displaced_first_letter() -> None:
    assert slide_blocks.label_fields("لمدة الزمنیةا") == {slide_blocks.DURATION}
    assert slide_blocks.label_fields("التكلفة التقدیریة") >= {slide_blocks.COST}
    assert slide_blocks.label_fields("تاريخ بداية الحملات") == frozenset()


def test_split_numbered_items() -> None:
    assert slide_text.split_numbered_items("1- أ ب ؛ 2- ج د ؛ 4- ه") == [(1, "أ ب ؛"), (2, "ج د ؛ 4- ه")]
    assert slide_text.split_numbered_items("تنظيم مسابقة أنظف حي ؛ .7") == [(7, "تنظيم مسابقة أنظف حي ؛")]
    assert slide_text.split_numbered_items("بصفتها - 1") == [(1, "بصفتها")]
    assert slide_text.split_numbered_items("لسنة 2025") == []
    assert slide_text.split_numbered_items("35") == []


def test_split_date_and_text() -> None:
    assert slide_text.split_date_and_text(" 01.01.2024") == (date(2024, 1, 1), None)
    assert slide_text.split_date_and_text("،بالتنسيق مع البرمجة 01/01/2024") == (
        date(2024, 1, 1),
        "بالتنسيق مع البرمجة",
    )
    assert slide_text.split_date_and_text("تاريخ نهاية هذه الحملات") == (None, "تاريخ نهاية هذه الحملات")


def test_money_in_line() -> None:
    assert slide_text.money_in_line("درھم50000,00") == Decimal("50000.00")
    assert slide_text.money_in_line("درهم 330000") == Decimal("330000")
    assert slide_text.money_in_line("37") is None
    assert slide_text.money_in_line("19/09/2023") is None


def test_stated_project_count() -> None:
    assert slide_text.stated_project_count(fold_key("يضم البرنامج عشرة مشاريع موزعة")) == 10
    assert slide_text.stated_project_count(fold_key("الميزانية المرصودة للمشاريع العشر المدرجة")) == 10
    assert slide_text.stated_project_count(fold_key("19/09/2023 مشاريع الانفتاح")) is None


def test_complete_from_layers() -> None:
    layers = ["ENABELبالتنسيق مع البرمجة", "غيره"]
    assert slide_text.complete_from_layers("بالتنسيق مع البرمجة", layers) == "بالتنسيق مع البرمجة ENABEL"
    assert slide_text.complete_from_layers("بالتنسيق", ["بالتنسيق مع البرمجة"]) == "بالتنسيق"


# --------------------------------------------------------------------------- properties

ARABIC_WORD = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=2, max_size=8)
ARABIC_TEXT = st.lists(ARABIC_WORD, min_size=1, max_size=6).map(" ".join)
LABELS = st.sampled_from(["تاريخ البدء", "تاريخ النهاية", "التكلفة التقديرية", "المدة الزمنية"])


def _is_slide_label(side: str) -> bool:
    return bool(slide_blocks.label_fields(side))


@given(LABELS, ARABIC_TEXT)
def test_label_value_read_in_either_order(label: str, value: str) -> None:
    logical = slide_text.split_label_value(f"{label} : {value}", _is_slide_label)
    visual = slide_text.split_label_value(f"{value}: {label}", _is_slide_label)
    assert logical is not None and visual is not None
    assert (
        (logical[0].strip(), logical[1].strip()) == (visual[0].strip(), visual[1].strip()) == (label, value)
    )


@given(ARABIC_TEXT.filter(lambda t: len(t) >= 3))
def test_a_doubled_line_is_read_once(text: str) -> None:
    assert slide_text.undouble(f"{text} {text}") == text


@given(st.integers(min_value=1, max_value=99), ARABIC_TEXT)
def test_numbered_item_in_either_order(number: int, body: str) -> None:
    assert slide_text.split_numbered_items(f"{number}- {body}") == [(number, body)]
    assert slide_text.split_numbered_items(f"{body} . {number}") == [(number, body)]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), ARABIC_TEXT)
def test_date_and_text_in_either_order(day: date, text: str) -> None:
    printed = day.strftime("%d/%m/%Y")
    # Text made only of words that label a date ("في", "تاريخ") is part of the date itself.
    assume(parse_date(f"{printed} {text}") is None)
    assert slide_text.split_date_and_text(f"{printed} ، {text}") == (day, text)
    assert slide_text.split_date_and_text(f"،{text} {printed}") == (day, text)
