"""Bilingual labels (normalizers.bilingual): an Arabic label and its French translation, two values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normalizers.bilingual import split_bilingual

ARABIC_WORDS = st.lists(
    st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=1, max_size=8), min_size=1, max_size=6
)
LATIN_WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçABCDEFGHIJ'", min_size=1, max_size=8).filter(
        lambda w: any(ch.isalpha() for ch in w)
    ),
    min_size=1,
    max_size=6,
)


def test_domain_cell_of_the_workshops_report():
    label = split_bilingual("الحق في الحصول على المعلومة Droit a l'accès à l'information")
    assert (label.arabic, label.french) == ("الحق في الحصول على المعلومة", "Droit a l'accès à l'information")


def test_workshop_heading_with_markup_and_colon():
    label = split_bilingual(
        "الورشة التشاركية حول الشفافية و الحق في الحصول على المعلومة "
        "**Atelier participatif sur le thème de : Transparence et droit a l'accès à l'information**"
    )
    assert label.arabic == "الورشة التشاركية حول الشفافية و الحق في الحصول على المعلومة"
    assert (
        label.french
        == "Atelier participatif sur le thème de : Transparence et droit a l'accès à l'information"
    )


def test_one_language_gives_that_language_only():
    assert split_bilingual("المالية و الجبايات") == split_bilingual("المالية و الجبايات")
    assert split_bilingual("المالية و الجبايات").french is None
    assert split_bilingual("Transparence").arabic is None
    assert split_bilingual(None).arabic is None and split_bilingual("").french is None


@given(ARABIC_WORDS, LATIN_WORDS, st.booleans())
def test_label_and_translation_come_back_in_either_order(arabic, latin, arabic_first):
    ar, fr = " ".join(arabic), " ".join(latin)
    text = f"{ar} {fr}" if arabic_first else f"{fr} : {ar}"
    label = split_bilingual(text)
    assert label.arabic == ar
    assert label.french == fr.strip(" :;,.-–—/*()[]«»\"'")


@given(st.text(max_size=60))
def test_parts_are_words_of_the_text_in_their_script(text):
    label = split_bilingual(text)
    for part in (label.arabic, label.french):
        assert part is None or (part.strip() == part and part)
    if label.french:
        assert any((ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f" for ch in label.french)
