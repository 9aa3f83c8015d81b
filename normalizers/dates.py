"""Dates and year ranges as the documents print them.

Spellings read: ISO ``2024-01-01`` (also ``/`` and ``.``), day first ``01/07/2025``, ``1/7/2025``,
``01.01.2024``, ``01-07-2025``, and a day, a month name and a year (``12 يناير 2023``,
``1er janvier 2024``), also in the visual order a PDF gives (``2023أكتوبر  05``). Month names:
Moroccan (يوليوز، غشت، شتنبر …), Mashreq (يوليو، أغسطس، سبتمبر …), Algerian/Tunisian (جانفي،
جوان …) and French, matched on their fold_letters form so that spelling variants (ابريل/أبريل,
Persian ی) match too. Two-digit years are not read: the century would be a guess.
"""

from __future__ import annotations

import re
from datetime import date

from normalizers.arabic import fold_letters, normalize_text, punctuation_to_space

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "جانفي", "janvier", "janv"),
    2: ("فبراير", "فيفري", "février", "févr", "fevr"),
    3: ("مارس", "mars"),
    4: ("أبريل", "إبريل", "أفريل", "avril", "avr"),
    5: ("ماي", "مايو", "mai"),
    6: ("يونيو", "يونيه", "جوان", "juin"),
    7: ("يوليوز", "يوليو", "يوليه", "جويلية", "juillet", "juil"),
    8: ("غشت", "أغسطس", "أوت", "août"),
    9: ("شتنبر", "سبتمبر", "septembre", "sept"),
    10: ("أكتوبر", "octobre", "oct"),
    11: ("نونبر", "نوفمبر", "novembre", "nov"),
    12: ("دجنبر", "ديسمبر", "décembre", "déc", "dec"),
}
_MONTHS: dict[str, int] = {
    fold_letters(name): number for number, names in _MONTH_NAMES.items() for name in names
}
# Longest names first so that "يوليوز" is not read as "يوليو" followed by a letter.
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"

# Numeric dates. Digits or "digit + separator" next to a match would make it part of something
# longer (a phone number, a version, a range of dates written without spaces).
_BEFORE = r"(?<!\d)(?<!\d[/.-])"
_AFTER = r"(?!\d)(?![/.-]\d)"
_DATE = re.compile(
    rf"{_BEFORE}(?P<iso_y>\d{{4}})(?P<iso_sep>[-/.])(?P<iso_m>\d{{1,2}})(?P=iso_sep)(?P<iso_d>\d{{1,2}}){_AFTER}"
    rf"|{_BEFORE}(?P<dmy_d>\d{{1,2}})(?P<dmy_sep>[-/.])(?P<dmy_m>\d{{1,2}})(?P=dmy_sep)(?P<dmy_y>\d{{4}}){_AFTER}"
    rf"|(?<!\d)(?P<txt_d>\d{{1,2}})(?:er)?\s*{_NOT_LETTER_BEFORE}(?P<txt_m>{_MONTH}){_NOT_LETTER_AFTER}\.?"
    rf",?\s*(?P<txt_y>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?P<vis_y>\d{{4}})\s*{_NOT_LETTER_BEFORE}(?P<vis_m>{_MONTH}){_NOT_LETTER_AFTER}"
    rf"\s*(?P<vis_d>\d{{1,2}})(?!\d)"
)

# Words that may stand next to a date in a cell without making it something else than a date.
_LABEL_WORDS = frozenset(
    fold_letters(word)
    for word in (
        "تاريخ",
        "بتاريخ",
        "البدء",
        "البداية",
        "بداية",
        "الانطلاق",
        "النهاية",
        "نهاية",
        "الانتهاء",
        "في",
        "يوم",
        "date",
        "début",
        "fin",
        "le",
        "du",
        "au",
    )
)


def _match_date(match: re.Match[str]) -> date | None:
    """The date a _DATE match spells, None when it does not exist (31/02/2024)."""
    groups = match.groupdict()
    for style in ("iso", "dmy", "txt", "vis"):
        if groups[f"{style}_y"] is not None:
            month_text = groups[f"{style}_m"]
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
            try:
                return date(int(groups[f"{style}_y"]), month, int(groups[f"{style}_d"]))
            except ValueError:
                return None
    return None  # pragma: no cover - every alternative of _DATE sets one year group


# A numeric date wrapped after a separator in a narrow cell ("2024-" / "01-01"): one date.
_WRAPPED_AFTER_SEPARATOR = re.compile(r"(?<=\d[-/.])[ \t]*\n\s*(?=\d)")


def _prepared(text: str) -> str:
    return fold_letters(normalize_text(_WRAPPED_AFTER_SEPARATOR.sub("", text)))


def find_dates(text: str) -> list[date]:
    """Every valid date written in the text, in order (invalid ones such as 31/02 are skipped)."""
    found = (_match_date(m) for m in _DATE.finditer(_prepared(text)))
    return [d for d in found if d is not None]


def parse_date(text: str) -> date | None:
    """The date a cell holds, or None.

    The cell may carry a label and punctuation around the date (``'01/07/2025: تاريخ البدء •'``)
    but nothing else: a textual date (``'بالتنسيق مع البرمجة الزمنية …'``) or a date followed
    by a sentence gives None (use find_dates for those). An impossible date gives None too.
    """
    prepared = _prepared(text)
    matches = list(_DATE.finditer(prepared))
    if len(matches) != 1:
        return None
    match = matches[0]
    rest = prepared[: match.start()] + " " + prepared[match.end() :]
    if any(word not in _LABEL_WORDS for word in punctuation_to_space(rest).split()):
        return None
    return _match_date(match)


_RANGE_WORDS = "|".join(map(fold_letters, ("إلى", "الى", "حتى", "à", "au", "to")))
_YEAR_RANGE = re.compile(
    rf"(?<![\d/.-])((?:19|20)\d\d)(?:\s*[-–—/,]\s*|\s+(?:{_RANGE_WORDS})\s+)((?:19|20)\d\d)(?![\d/.-]\d|\d)"
)


def parse_year_range(text: str) -> tuple[int, int] | None:
    """The first range of years in the text as (first, last): ``'برسم الفترة 2024-2025'``.

    The order is not trusted (a PDF shows ``2025-2024`` next to Arabic text): the smaller year
    comes first.
    """
    match = _YEAR_RANGE.search(_prepared(text))
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    return min(first, second), max(first, second)
