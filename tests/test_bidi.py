"""Visual-to-logical reordering of extracted PDF lines."""

from __future__ import annotations

from bidi import get_display
from hypothesis import given
from hypothesis import strategies as st

from extractors.bidi import (
    brackets_balance,
    drop_glyph_artifacts,
    fix_reversed_range,
    has_mirrored_brackets,
    is_latin_or_digits,
    looks_reversed_grouped_number,
    percent_after_number,
    reattach_combining_marks,
    visual_to_logical,
)

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوية"
arabic_words = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=8)
arabic_lines = st.lists(arabic_words, min_size=1, max_size=6).map(" ".join)
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -.,:/()"
latin_lines = st.text(alphabet=LATIN + "0123456789%", max_size=30)


@given(latin_lines)
def test_latin_and_digit_lines_change_only_by_the_documented_fixes(line: str) -> None:
    # Left-to-right lines keep their order; only reversed amounts and year ranges are repaired.
    if looks_reversed_grouped_number(line):
        assert visual_to_logical(line) == " ".join(reversed(line.split(" ")))
    else:
        assert visual_to_logical(line) == fix_reversed_range(line)


@given(st.text(alphabet=LATIN, max_size=30))
def test_latin_lines_without_digits_are_unchanged(line: str) -> None:
    assert visual_to_logical(line) == line


@given(arabic_lines)
def test_arabic_only_lines_round_trip(line: str) -> None:
    assert visual_to_logical(get_display(line, base_dir="R")) == line


@given(arabic_lines, st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_amount_after_arabic_round_trips(words: str, thousands: int, units: int) -> None:
    amount = f"{thousands} {units:03d}.00"
    logical = f"{words} {amount}"
    assert visual_to_logical(get_display(logical, base_dir="R")) == logical


@given(st.integers(min_value=1990, max_value=2040), st.integers(min_value=0, max_value=10))
def test_fix_reversed_range_orders_years(start: int, length: int) -> None:
    end = start + length
    assert fix_reversed_range(f"{end}-{start}") == f"{start}-{end}"
    assert fix_reversed_range(f"{start}-{end}") == f"{start}-{end}"


@given(st.text(max_size=40))
def test_fix_reversed_range_is_idempotent(text: str) -> None:
    once = fix_reversed_range(text)
    assert fix_reversed_range(once) == once


@given(arabic_words)
def test_is_latin_or_digits_rejects_arabic(word: str) -> None:
    assert not is_latin_or_digits(word)
    assert is_latin_or_digits("PO-24-25-CDAI-01 150 000.00")


def test_lines_as_pdfplumber_reads_them() -> None:
    # Visual strings taken from pdfplumber on the corpus PDFs; logical forms are the .txt's.
    assert visual_to_logical("عورشملا ناونع") == "عنوان المشروع"
    assert visual_to_logical("150 000.00") == "150 000.00"
    assert visual_to_logical("000.00 150") == "150 000.00"
    assert visual_to_logical("2024-01-01") == "2024-01-01"
    assert visual_to_logical("PO-24-25-") == "PO-24-25-"
    assert visual_to_logical("N° حرتقملا مقر") == "رقم المقترح N°"
    assert visual_to_logical(")لقألا ىلع 03") == "03 على الأقل)"
    assert visual_to_logical("2027-2022") == "2022-2027"
    assert visual_to_logical("ةيريدقتلا اهتفلكت 2\u00a0461\u00a0996,00 امهرد") == (
        "درهما 2\u00a0461\u00a0996,00 تكلفتها التقديرية"
    )


def test_glyph_artifacts_inside_words_are_dropped() -> None:
    assert drop_glyph_artifacts("ينورتك›لإلا") == "ينورتكلإلا"
    assert drop_glyph_artifacts("ةحف,,ص") == "ةحفص"
    assert drop_glyph_artifacts("ةينورتكiلالا") == "ةينورتكلالا"
    assert drop_glyph_artifacts("facebook عقوم, ةحفص") == "facebook عقوم, ةحفص"


# --------------------------------------------------------------------------- brackets, percent, marks

MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


def test_number_only_line_with_mirrored_brackets() -> None:
    assert visual_to_logical(")4(") == "(4)"
    assert visual_to_logical(")2025-2024(") == "(2024-2025)"
    assert visual_to_logical("4)") == "4)"  # a list number of a left-to-right document
    assert visual_to_logical("(4)") == "(4)"


def test_percent_drawn_left_of_its_number() -> None:
    assert visual_to_logical("%48") == "48%"
    assert visual_to_logical("%48 زاجنإلا ةبسن") == "نسبة الإنجاز 48%"
    assert visual_to_logical("نم %48 قيقحت") == "تحقيق 48% من"
    assert visual_to_logical("Taux 48%") == "Taux 48%"


def test_combining_mark_does_not_split_a_word() -> None:
    # As pdfplumber reads LibreOffice's "أيضًا": the fathatan sorted after its letter, then a gap.
    assert visual_to_logical("جئاتنلا قيقحت اضً يأ مت دقو") == "وقد تم أيضًا تحقيق النتائج"
    assert visual_to_logical("اًضيأ") == "أيضًا"


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(["", ".5", ",25"]))
def test_percent_after_number_moves_a_leading_sign(number: int, decimals: str) -> None:
    value = f"{number}{decimals}"
    assert percent_after_number(f"%{value}") == f"{value}%"
    assert percent_after_number(f"{value}%") == f"{value}%"


@given(st.text(alphabet="()[]{}0123456789 -", max_size=20))
def test_mirrored_brackets_balance_once_mirrored(text: str) -> None:
    if has_mirrored_brackets(text):
        assert not brackets_balance(text)
        mirrored = text.translate(str.maketrans("()[]{}", ")(][}{"))
        assert brackets_balance(mirrored)
    if brackets_balance(text):
        assert not has_mirrored_brackets(text)


@given(
    st.lists(
        st.tuples(
            st.text(alphabet=ARABIC_LETTERS, min_size=2, max_size=8),
            st.sampled_from(MARKS),
            st.integers(min_value=1, max_value=7),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_marks_split_off_their_word_are_reattached(words: list[tuple[str, str, int]]) -> None:
    """A word with a mark on its letter k (not the first: a mark split off a first letter is not
    told apart from one starting the next word), broken as "<letters before k> <mark><letter k>...",
    is repaired; correct text (no mark after a space) is left alone."""
    right, broken = [], []
    for word, mark, k in words:
        k = 1 + (k - 1) % (len(word) - 1)
        right.append(word[: k + 1] + mark + word[k + 1 :])
        broken.append(word[:k] + " " + mark + word[k:])
    assert reattach_combining_marks(" ".join(right)) == " ".join(right)
    assert reattach_combining_marks(" ".join(broken)) == " ".join(right)


@given(arabic_lines, st.integers(min_value=0, max_value=100))
def test_percent_at_the_end_of_an_arabic_line_round_trips(words: str, number: int) -> None:
    logical = f"{words} {number}%"
    assert visual_to_logical(f"%{number} {get_display(words, base_dir='R')}") == logical
