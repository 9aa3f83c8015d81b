"""Canonical themes from axis labels as the communes print them."""

from hypothesis import given
from hypothesis import strategies as st

from normalizers.themes import match_theme, read_theme_rules
from plans.settings import Settings

RULES = read_theme_rules(Settings().theme_rules_csv)


def theme(label: str) -> str | None:
    match = match_theme(label, RULES)
    return match.theme if match else None


def test_axis_labels_of_the_corpus():
    # Aït Melloul's axes (matrix 07)
    assert theme("الشفافية والتواصل والحصول على المعلومة") == "transparency_accountability"
    assert theme("الابتكار وتجويد الخدمات الجماعية") == "digital_innovation"
    # Beni Mellal's axis slides (Persian letter forms and tatweel as extracted)
    assert theme("حفظ الصحة والنظافة و المحافظة على البیئة") == "environment_health"
    assert theme("تأھیل المدینة (الإنارة العمومیة –الطرق)") == "urban_planning_infrastructure"
    assert theme("الذكاء الترابي") == "digital_innovation"


def test_tetouan_action_plan_groups():
    # Groups of the Tétouan action plan whose commitment gives no theme of its own
    assert theme("انجاز تصور وتطوير موقع الكتروني ملائم لمتطلبات الجماعة المنفتحة") == "digital_innovation"
    assert theme("تبسيط وثيقة الميزانية الرئيسية للجماعة") == "transparency_accountability"
    assert theme("اعداد التشاركي لبرنامج عمل النوع ووضع منظومة لتتبع تنفيذه") == "gender_inclusion"
    assert theme("اعداد برنامج التنشيط الثقافي والفني والرياضي المتنقل") == "economic_social_development"
    # A participatory budget stays participation: the longer keyword wins at the same place.
    assert theme("الميزانية التشاركية") == "citizen_participation"
    assert theme("نوع المشروع") is None  # "type", not gender


def test_the_concept_named_first_wins():
    assert theme("الرقمنة والشفافية") == "digital_innovation"
    assert theme("الشفافية والرقمنة") == "transparency_accountability"


def test_unmatched_labels_get_no_theme():
    assert theme("محور عام") is None
    assert theme("") is None


KEYWORDS = [r.keyword for r in RULES]


@given(st.sampled_from(KEYWORDS), st.sampled_from(["", "و", "ب", "ل"]))
def test_every_keyword_matches_itself_with_a_proclitic(keyword, proclitic):
    match = match_theme(proclitic + keyword, RULES)
    assert match is not None and match.position == 0


@given(st.sampled_from(KEYWORDS), st.text(alphabet="abc ", max_size=12))
def test_unrelated_latin_words_before_a_keyword_do_not_hide_it(keyword, prefix):
    assert match_theme(f"{prefix} {keyword}", RULES) is not None
