"""normalizers.numbers: amounts and percentages as printed in the corpus."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.numbers import find_amounts, millions_to_mad, parse_amount, parse_percent

# --------------------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Aït Melloul: prose (NBSP thousands, decimal comma) and matrix 08 cells
        ("2\u00a0461\u00a0996,00", "2461996.00"),
        ("150 000.00   ", "150000.00"),
        ("        20 000.00 ", "20000.00"),
        ("0.00", "0"),
        ("1 171 996.00", "1171996"),
        ("2 461 996.00", "2461996"),
        # Beni Mellal: currency glued on either side, bullets, visual order
        ("درھم40000,00•", "40000"),
        ("•40000,00", "40000"),
        ("درھم 40000,00", "40000"),
        ("درھم 330000", "330000"),
        ("330000", "330000"),
        ("40000,00 درهم", "40000"),
        ("40000,00درهم", "40000"),
        # Dakhla: millions (the unit is the caller's business)
        ("44.80", "44.80"),
        ("در هم 0.5", "0.5"),
        # other spellings
        ("1 171 996", "1171996"),
        ("٤٠٠٠٠,٠٠", "40000"),
        ("٢ ٤٦١ ٩٩٦٫٠٠", "2461996"),
        ("1 500 MAD", "1500"),
        ("-2 000,00", "-2000"),
    ],
)
def test_parse_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", "1.234"),  # a single mark is always the decimal mark
        ("1,234", "1.234"),
        ("1,5", "1.5"),
        ("1.234.567", "1234567"),  # a repeated mark separates thousands
        ("1.234.567,89", "1234567.89"),  # both marks: the last one is the decimal mark
        ("1,234,567.89", "1234567.89"),
    ],
)
def test_parse_amount_separator_rule(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "-", "*", "—", "–", "•", "لا شيء", "لا يوجد"])
def test_parse_amount_none_markers(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "5%",  # a percentage
        "البرمجة السنوية (بالدرهم)",  # Aït Melloul matrix 08 header
        "000.00 150",  # 150 000.00 in visual order (pdfplumber)
        "0.5 مليون درهم",  # a unit that changes the value
        ".570",  # Dakhla OCR
        "1000/",  # Dakhla OCR
        "150.",
        "12 34",
        "1.234.56",
        "1.23,45,6",
        "01",  # Dakhla scan: 0.1 (million MAD) with its decimal point lost
        "004",  # Dakhla scan: 0.04
        "02 000",
    ],
)
def test_parse_amount_rejects_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount") as caught:
        parse_amount(text)
    assert repr(text) in str(caught.value)


# --------------------------------------------------------------------------- parse_percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5%", "5"),  # Aït Melloul matrix 09
        ("100%", "100"),
        ("%48", "48"),  # the sign drawn on the left in a PDF
        ("25 %", "25"),
        ("0.5%", "0.5"),
        ("30", "30"),  # bare number in a percent column
        ("٪٤٨", "48"),
        ("12,5 %", "12.5"),
    ],
)
def test_parse_percent(text: str, expected: str) -> None:
    assert parse_percent(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", " ", "-", "*"])
def test_parse_percent_none_markers(text: str) -> None:
    assert parse_percent(text) is None


@pytest.mark.parametrize("text", ["1000/", "F20/", "03/0", "F.00/", "5%%", "%", "5% 6%", "cinq %"])
def test_parse_percent_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="not a percentage"):
        parse_percent(text)


# --------------------------------------------------------------------------- millions_to_mad


@pytest.mark.parametrize(
    ("millions", "mad"),
    [("0.1", "100000.00"), ("44.80", "44800000.00"), ("20.36", "20360000.00"), ("0.72", "720000.00")],
)
def test_millions_to_mad(millions: str, mad: str) -> None:
    result = millions_to_mad(Decimal(millions))
    assert str(result) == mad


# --------------------------------------------------------------------------- find_amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Aït Melloul, presentation of matrix 08
        (
            "على سنتي فترة الإنجاز 2024 و2025 والتي قدرت تكلفتها بما يناهز 2 461 996,00 درهم.",
            ["2461996.00"],
        ),
        (
            "بما مجموعه 1 171 996,00 درهم (48% من التكلفة الإجمالية) والثاني من البرمجة في إطار"
            " ميزانية سنة 2024 بما قدره 850 000,00 درهم (34% من التكلفة الإجمالية).",
            ["1171996.00", "850000.00"],
        ),
        (
            "أما بالنسبة لمشاريع الانفتاح المبرمجة للإنجاز سنة 2025 بشكل خاص والتي تشكل 18% من عدد"
            " المشاريع المبرمجة (مشروعان 02)، فقدرت تكلفتها بما يناهز 440 000,00 درهم",
            ["440000.00"],
        ),
        # the foreword: NBSP thousands, accusative درهما
        ("التي تبلغ تكلفتها التقديرية 2\u00a0461\u00a0996,00 درهما، من 11 مشروعا", ["2461996.00"]),
        # Beni Mellal budget slide (logical order, as in the .pptx)
        ("الميزانية المرصودة للمشاريع العشر المدرجة ببرنامج انفتاح الجماعة 330000,00 درهم", ["330000.00"]),
        ("الميزانية المرصودة 330000 درهم", ["330000"]),
        # years, dates, law numbers, counts and rates are not money
        ("حصول المغرب بواسطة هذا البرنامج في 06 شتنبر 2023 على جائزة الشراكة", []),
        ("القانون التنظيمي 113.14 المتعلق بالجماعات", []),
        ("01.01.2024 إلى 31/12/2025", []),
        ("وقد عقدت لجنة التتبع ست (06) اجتماعات", []),
        ("تشكل 73% من البرمجة السنوية (08 مشاريع)", []),
    ],
)
def test_find_amounts(text: str, expected: list[str]) -> None:
    assert find_amounts(text) == [Decimal(e) for e in expected]


# --------------------------------------------------------------------------- properties


def _format_amount(value: Decimal, thousands: str, decimal_mark: str, places: int) -> str:
    integer, _, fraction = f"{value:.{places}f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = thousands.join(groups)
    return f"{text}{decimal_mark}{fraction}" if fraction else text


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([" ", "\u00a0", "\u202f", ""]),
    st.sampled_from([",", "."]),
    st.sampled_from([0, 2]),
    st.sampled_from(["", " درهم", "درھم ", " MAD"]),
)
def test_parse_amount_round_trip(
    value: Decimal, thousands: str, decimal_mark: str, places: int, currency: str
) -> None:
    expected = value.quantize(Decimal(1)) if places == 0 else value
    text = _format_amount(expected, thousands, decimal_mark, places)
    text = currency + text if currency.endswith(" ") else text + currency
    assert parse_amount(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("0123456789 ,.+%*•\u00a0درهم٠١٩"), max_size=20))
def test_parse_amount_is_never_negative_without_minus(text: str) -> None:
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert value is None or value >= 0


@pytest.mark.parametrize(
    ("text", "expected"), [("0.1", "0.1"), ("0", "0"), ("0,50", "0.50"), ("0 درهم", "0")]
)
def test_parse_amount_reads_a_zero_before_its_decimal_mark(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=4))
def test_parse_amount_never_reads_a_figure_padded_with_zeros(value: int, zeros: int) -> None:
    # "01" for 0.1 is how a lost decimal mark reads: never a number, whatever follows the zeros.
    with pytest.raises(ValueError, match="decimal mark may be lost"):
        parse_amount("0" * zeros + str(value))


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_parse_percent_reads_what_it_is_given(value: Decimal) -> None:
    assert parse_percent(f"{value}%") == value
    assert parse_percent(f"%{value}") == value
