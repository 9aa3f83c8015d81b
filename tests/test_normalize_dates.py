"""normalizers.dates: dates and year ranges as printed in the corpus."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.dates import find_dates, parse_date, parse_year_range

MOROCCAN_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)
MASHREQ_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
)
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Aït Melloul matrix 09
        ("2024-01-01", date(2024, 1, 1)),
        ("2024-12-31", date(2024, 12, 31)),
        # Beni Mellal slides: day first, with the label after the date (visual order) and a bullet
        ("01/07/2025: تاریخ البدء  •", date(2025, 7, 1)),
        ("29/02/2024:  تاریخ النھایة •", date(2024, 2, 29)),
        ("01.01.2024: تاریخ البدء•", date(2024, 1, 1)),
        ("31.08.2024: تاریخ النھایة•", date(2024, 8, 31)),
        ("تاريخ البدء: 01/11/2023", date(2023, 11, 1)),
        ("01/07/2025", date(2025, 7, 1)),
        ("1/7/2025", date(2025, 7, 1)),
        # Beni Mellal timeline: month names, also in visual order with Persian letter forms
        ("12 يناير 2023", date(2023, 1, 12)),
        ("05 أكتوبر 2023", date(2023, 10, 5)),
        ("2023أكتوبر  05", date(2023, 10, 5)),
        ("2023ینایر  18", date(2023, 1, 18)),
        ("  2023یولیوز  11", date(2023, 7, 11)),
        ("2023فبرایر   22", date(2023, 2, 22)),
        # French
        ("1er janvier 2024", date(2024, 1, 1)),
        ("15 AOÛT 2023", date(2023, 8, 15)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_date_month_names(month: int) -> None:
    for names in (MOROCCAN_MONTHS, MASHREQ_MONTHS, FRENCH_MONTHS):
        assert parse_date(f"15 {names[month - 1]} 2024") == date(2024, month, 15)


@pytest.mark.parametrize(
    "text",
    [
        # Beni Mellal: textual dates and a date followed by a sentence
        "بالتنسيق مع البرمجة الزمنية التي اعتمدتها ENABEL",
        "بالتنسیق مع البرمجة الزمنیة التي اعتمدتھا :  تاریخ النھایة •",
        "01/07/2025 بالتنسيق مع البرمجة الزمنية التي اعتمدتها ENABEL",
        # Beni Mellal footers: a date and a title
        "19/09/2023 اجتماع اللجان لمناقشة برنامج انفتاح الجماعة",
        "9/10/2021 TITRE DE LA PRÉSENTATION",
        # no day
        "2023أكتوبر",
        "Octobre 2022",
        "أكتوبر 2022",
        # impossible or incomplete
        "31/02/2024",
        "29/02/2023",
        "2024-13-01",
        "2024",
        "",
        "01/07/25",
        # a range of years is not a date
        "2024-2025",
    ],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "01/07/2025 بالتنسيق مع البرمجة الزمنية التي اعتمدتها ENABEL",
            [date(2025, 7, 1)],
        ),
        # Aït Melloul foreword and presentation
        ("أيت ملول في: 12 أكتوبر 2023", [date(2023, 10, 12)]),
        (
            "وقد عقدت لجنة التتبع ست (06) اجتماعات في الفترة الممتدة من 10 ماي 2023 إلى 07 شتنبر 2023،",
            [date(2023, 5, 10), date(2023, 9, 7)],
        ),
        # "12 يوليوز" without a year is not read
        ("تم ابتداء من 12 يوليوز إلى 06 شتنبر 2023", [date(2023, 9, 6)]),
        # Beni Mellal timeline line with two dates in visual order
        ("2023ینایر  12 2023فبرایر  22", [date(2023, 1, 12), date(2023, 2, 22)]),
        # an impossible date is skipped, the next one kept
        ("من 30/02/2024 إلى 01/03/2024", [date(2024, 3, 1)]),
        ("القانون التنظيمي 113.14 لسنة 2011 ، المشروع PO-24-25-CDAI-01", []),
    ],
)
def test_find_dates(text: str, expected: list[date]) -> None:
    assert find_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-2025", (2024, 2025)),
        ("2025-2024", (2024, 2025)),  # shown end-first next to Arabic text
        ("2022,2017", (2017, 2022)),  # Dakhla
        ("خطة انفتاح جماعة أيت ملول برسم الفترة 2024-2025", (2024, 2025)),
        ("خطة العمل 2023-2026", (2023, 2026)),
        ("2026-2023", (2023, 2026)),  # Tétouan workshops, visual order
        ("في الفترة 2021-2023؛", (2021, 2023)),
        ("من 2017 إلى 2022", (2017, 2022)),
    ],
)
def test_parse_year_range(text: str, expected: tuple[int, int]) -> None:
    assert parse_year_range(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2024", "2017\t2018", "2024-01-01", "01/07/2025", "سنتي 2024 و2025", "PO-24-25-CDAI-01", "1000-2000"],
)
def test_parse_year_range_none(text: str) -> None:
    assert parse_year_range(text) is None


_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(_DATES)
def test_parse_date_reads_every_spelling(d: date) -> None:
    month = MOROCCAN_MONTHS[d.month - 1]
    spellings = [
        d.isoformat(),
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day} {month} {d.year}",
        f"{d.year}{month}  {d.day:02d}",  # visual order
    ]
    for spelling in spellings:
        assert parse_date(spelling) == d, spelling
        assert find_dates(f"بتاريخ {spelling} تم") == [d], spelling
