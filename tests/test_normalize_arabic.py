"""normalizers.arabic: real strings from the corpus, and properties of the two compositions."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from normalizers.arabic import (
    arabic_ratio,
    collapse_whitespace,
    fold_key,
    is_arabic,
    normalize_text,
    remove_bidi_controls,
    remove_diacritics,
    remove_replacement_char,
    remove_tatweel,
    standardize_letters,
    strip_markup,
)

# --------------------------------------------------------------------------- small functions


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Tétouan co-creation workshops (.txt): bold proposals
        (
            "<b>وضع دليل الخدمات الرقمية للجماعة.</b>",
            "وضع دليل الخدمات الرقمية للجماعة.",
        ),
        # Tétouan co-creation workshops (.txt): a link, its text kept
        (
            'عنوان الصفحة : <a href="https://hi-in.facebook.com/ogptetouan/">'
            "https://hi-in.facebook.com/ogptetouan/</a> ( التزم رقم 5).",
            "عنوان الصفحة : https://hi-in.facebook.com/ogptetouan/ ( التزم رقم 5).",
        ),
        # Aït Melloul (.txt): a Word bookmark at the start of a paragraph
        ("[bookmark: _Hlk147903549]وتتكون خطة الانفتاح", "وتتكون خطة الانفتاح"),
        ("**المحور الأول**: الشفافية", "المحور الأول: الشفافية"),
        ("<i></i>نص", "نص"),
        ("<<b>b>نص", "نص"),  # a tag rebuilt by removing another one
        ("2024 < 2025", "2024 < 2025"),  # not a tag
    ],
)
def test_strip_markup(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Beni Mellal (.txt): Persian yeh and heh doachashmee from the PDF fonts
        ("أھداف برنامج الجماعات المنفتحة", "أهداف برنامج الجماعات المنفتحة"),
        ("تحسین جودة خدمات", "تحسين جودة خدمات"),
        ("ک", "ك"),
        # Presentation forms (isolated/initial/medial/final) and the lam-alef ligature
        ("\ufe8d\ufedf\ufee4\ufea4\ufeee\ufead", "المحور"),
        ("\ufefb", "لا"),
        # Farsi yeh followed by a hamza mark composes to ئ once mapped
        ("\u06cc\u0654", "ئ"),
        # ۀ is left alone: its Arabic reading is not certain
        ("\u06c0", "\u06c0"),
    ],
)
def test_standardize_letters(raw: str, expected: str) -> None:
    assert standardize_letters(raw) == expected


def test_remove_tatweel_beni_mellal_stretching() -> None:
    assert remove_tatweel("مـــــن خـــــلال آليـــــات التواصـــــل") == "من خلال آليات التواصل"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مَرّت", "مرت"),  # Aït Melloul
        ("مُنطلقا", "منطلقا"),  # Aït Melloul
        ("بُملٰیونَ", "بملیون"),  # Dakhla: damma, superscript alef, fatha
    ],
)
def test_remove_diacritics(raw: str, expected: str) -> None:
    assert remove_diacritics(raw) == expected


def test_remove_replacement_char_beni_mellal() -> None:
    assert remove_replacement_char("یعتب��ر الحلی��ف الرئیس��ي") == "یعتبر الحلیف الرئیسي"


def test_remove_bidi_controls_pdftotext_and_ocr() -> None:
    assert remove_bidi_controls("\u202bخطة الانفتاح\u202c \u200eENABEL\u200f\u061c") == "خطة الانفتاح ENABEL"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Aït Melloul signature line pushed left with spaces
        (" " * 82 + "أيت ملول في: 12 أكتوبر 2023", "أيت ملول في: 12 أكتوبر 2023"),
        ("2\u00a0461\u00a0996,00", "2 461 996,00"),
        ("\u00a0", ""),  # a cell holding only a non-breaking space
        ("   150 000.00   ", "150 000.00"),
        ("PO-24-25-\nCDAI-01", "PO-24-25- CDAI-01"),
        ("a\u202f\t b", "a b"),
    ],
)
def test_collapse_whitespace(raw: str, expected: str) -> None:
    assert collapse_whitespace(raw) == expected


def test_collapse_whitespace_keeps_lines_on_request() -> None:
    assert (
        collapse_whitespace("  PO-24-25-  \r\n CDAI-01\t\n\n", keep_newlines=True) == "PO-24-25-\nCDAI-01\n\n"
    )


# --------------------------------------------------------------------------- compositions


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Beni Mellal (.txt)
        ("والشـــــــــــــــــــــــــــفافية والمســـــــــــــــــــــــــــاءلة ", "والشفافية والمساءلة"),
        ("ف���ي التعبی���ر ع���ن حاجیات���ھ ", "في التعبير عن حاجياته"),
        ("مـــــن خـــــلال آليـــــات التواصـــــل •", "من خلال آليات التواصل •"),
        # Dakhla (.txt)
        ("بُملٰیونَ در هم", "بمليون در هم"),
        # Aït Melloul (.txt)
        (
            "[bookmark: _Hlk148082499]" + " " * 17 + "رئيس المجلس الجماعي لأيت ملول",
            "رئيس المجلس الجماعي لأيت ملول",
        ),
        # Tétouan co-creation workshops (.txt)
        ("<b>ربط بعض الساحات العمومية بشبكة الانترنت.</b>", "ربط بعض الساحات العمومية بشبكة الانترنت."),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_recomposes_after_removals() -> None:
    # U+FE77 is a presentation form of tatweel + fatha: once removed, e and its accent meet.
    assert normalize_text("e\ufe77\u0301") == "é"
    assert normalize_text("\u06c2") == "ه"  # ۂ: heh goal with hamza


def test_normalize_text_keeps_lines_on_request() -> None:
    assert normalize_text("أھداف\u00a0 البرنامج \nتحسین", keep_newlines=True) == "أهداف البرنامج\nتحسين"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إلتزام رقم 1", "التزام رقم ١"),  # Tétouan action plan spelling vs a tidy one
        ("على", "علی"),  # ى vs Persian yeh
        ("المساءلة", "المساءله"),
        ("مؤشرات التتبع", "موشرات التتبع"),
        ("الهيئة", "الهييه"),
        ("Présentation", "presentation"),
        ("المیزانیة التشاركیة ؛ . 4", "الميزانية التشاركية 4"),  # Beni Mellal list item
        ("الشفافية، والمساءلة؟", "الشفافيه والمساءله"),
        ("التواصل Communication", "التواصل communication"),  # Tétouan domain cell
        ("الْمَحْوَر", "المحور"),
        ("آليات", "اليات"),
        ("ٱلمحور", "المحور"),
    ],
)
def test_fold_key_makes_variants_equal(a: str, b: str) -> None:
    assert fold_key(a) == fold_key(b)


def test_fold_key_values() -> None:
    assert fold_key("أھداف برنامج الجماعات المنفتحة") == "اهداف برنامج الجماعات المنفتحه"
    assert fold_key("9/10/2021 TITRE DE LA PRÉSENTATION") == "9 10 2021 titre de la presentation"
    assert fold_key("٢٠٢٤-۲۰۲۵") == "2024 2025"
    assert fold_key("مسؤولية الإدارة") == "مسووليه الاداره"


def test_fold_key_keeps_different_words_apart() -> None:
    assert fold_key("المحور الأول") != fold_key("المحور الثاني")


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("خطة انفتاح جماعة أيت ملول", 1.0),
        ("ENABELإعداد", 5 / 11),  # Beni Mellal: a Latin run glued to an Arabic word
        ("TITRE DE LA PRÉSENTATION", 0.0),
        ("2024-01-01", 0.0),
        ("مـــــن", 1.0),  # tatweel is not a letter
    ],
)
def test_arabic_ratio(text: str, ratio: float) -> None:
    assert arabic_ratio(text) == pytest.approx(ratio)


def test_is_arabic() -> None:
    assert is_arabic("إعداد الميزانية التشاركية بشراكة مع الهيئة والوكالة البلجيكية ENABEL")
    assert not is_arabic("التواصل Communication")  # 7 Arabic letters of 20
    assert is_arabic("التواصل Communication", threshold=0.3)
    assert not is_arabic("5%")
    assert not is_arabic("5%", threshold=0.0)


# --------------------------------------------------------------------------- properties

_ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
_PRESENTATION = st.one_of(
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
)
_NOISE = st.sampled_from(list("<>/*[]:b \t\n\u00a0\u202f\ufffd\u0640\u200e\u202b\u064e\u0651"))
_MIXED_TEXT = st.text(
    alphabet=st.one_of(_ARABIC, _PRESENTATION, _NOISE, st.characters(codec="utf-8")), max_size=40
)

_FORBIDDEN_IN_KEYS = re.compile(
    "[\u064b-\u065f\u0670\u0640\ufffd\ufb50-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _arabic_letter_count(text: str) -> int:
    return sum(
        1
        for ch in text
        if "\u0600" <= ch <= "\u06ff" and unicodedata.category(ch).startswith("L") and ch != "\u0640"
    )


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT, st.booleans())
def test_normalize_text_is_idempotent(text: str, keep_newlines: bool) -> None:
    once = normalize_text(text, keep_newlines=keep_newlines)
    assert normalize_text(once, keep_newlines=keep_newlines) == once


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT)
def test_fold_key_is_idempotent(text: str) -> None:
    assert fold_key(fold_key(text)) == fold_key(text)


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT)
def test_fold_key_output_is_clean(text: str) -> None:
    assert not _FORBIDDEN_IN_KEYS.search(fold_key(text))


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT)
def test_normalize_text_never_adds_arabic_letters(text: str) -> None:
    # Ligatures count as the letters they stand for (ﻻ is two letters): compare with NFKC.
    before = _arabic_letter_count(unicodedata.normalize("NFKC", text))
    assert _arabic_letter_count(normalize_text(text)) <= before


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60))
def test_ascii_text_only_loses_whitespace(text: str) -> None:
    assume(strip_markup(text) == text)
    assert normalize_text(text) == collapse_whitespace(text)


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT, st.booleans())
def test_a_cached_normal_form_is_the_computed_one(text: str, keep_newlines: bool) -> None:
    """Short texts come from a cache keyed by (text, keep_newlines): the same text with and without
    newlines kept, asked in either order, gets its own form each time."""
    from normalizers import arabic

    for keep in (keep_newlines, not keep_newlines, keep_newlines):
        assert normalize_text(text, keep_newlines=keep) == arabic._normalize_text(text, keep)
    long_text = text + " " * arabic._CACHED_NORMAL_MAX_CHARS + "x"  # past the cached length
    computed = arabic._normalize_text(long_text, keep_newlines)
    assert normalize_text(long_text, keep_newlines=keep_newlines) == computed
