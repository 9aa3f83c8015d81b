"""Amounts and percentages as the documents print them, read into exact Decimals.

Separator rule (documented choice, see parse_amount):
- any space (ordinary, NBSP U+00A0, narrow U+202F, thin U+2009) between digit groups separates
  thousands, and every group after the first must then have exactly three digits;
- when both ``.`` and ``,`` occur, the last one is the decimal mark and the other separates
  thousands (``1.234.567,89``, ``1,234,567.89``);
- the same mark repeated (``1.234.567``) separates thousands;
- a single ``.`` or ``,`` is **always the decimal mark**, even before exactly three digits
  (``1.234`` is 1.234). In this corpus thousands are grouped with spaces only, decimals come
  with either mark (``2 461 996,00``, ``150 000.00``), and million figures can carry three
  decimals, so reading ``1.234`` as 1234 would be the guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from normalizers.arabic import fold_digits, fold_key, standardize_letters

# Ordinal words numbering headings ("المحور الثاني", "المجال الخامس"), folded (fold_key) -> number.
ORDINALS: dict[str, int] = {
    fold_key(word): number
    for number, word in enumerate(
        ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"),
        start=1,
    )
}

# Cells that say "nothing" rather than zero.
_NONE_MARKS = frozenset({"", "-", "--", "---", "*", "**", "—", "–", "−", "_"})
_NONE_WORDS = frozenset({"لا شيء", "لاشيء", "لا يوجد", "بدون", "neant", "n a", "na"})

# The dirham, as written next to amounts (after standardize_letters): درهم, درهما (accusative
# in prose), دراهم, "در هم" (split by OCR), د.م., MAD, DH, Dhs.
_CURRENCY = re.compile(r"در\s?هما?|دراهم|د\.\s?م\.?|\b(?:MAD|DHS?)\b", re.IGNORECASE)
# Bullets and stars that slides and matrices put before or after a figure.
_DECORATION = "•·▪◦●*"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# Arabic decimal and thousands separators.
_ARABIC_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ","})

_SIGN_AND_BODY = re.compile(r"([+-]?)(\d[\d ,.]*)")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_LEADING_ZERO = re.compile(r"[+-]?0\d")


def _is_none_marker(text: str) -> bool:
    stripped = text.strip()
    if stripped in _NONE_MARKS or not stripped.strip(_DECORATION + " \u00a0"):
        return True
    return fold_key(stripped) in _NONE_WORDS


def _clean_number_text(text: str) -> str:
    """Digits to ASCII, currency and decorations removed, spaces unified; no other change."""
    text = fold_digits(standardize_letters(text)).translate(_ARABIC_SEPARATORS)
    text = _CURRENCY.sub(" ", text)
    return _SPACES.sub(" ", text).strip(" " + _DECORATION)


def _digits_from_marks(body: str) -> str | None:
    """Apply the separator rule to '1.234.567,89'-like text; None when it breaks the rule."""
    if body[0] in ".," or body[-1] in ".,":
        return None
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        thousands_mark = "," if decimal_mark == "." else "."
        integer, _, fraction = body.rpartition(decimal_mark)
        if decimal_mark in integer or not fraction.isdigit():
            return None
        groups = integer.split(thousands_mark)
    elif dots + commas > 1:
        groups, fraction = body.replace(",", ".").split("."), ""
    else:
        integer, _, fraction = body.replace(",", ".").partition(".")
        return f"{integer}.{fraction}" if fraction else integer
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    integer = "".join(groups)
    return f"{integer}.{fraction}" if fraction else integer


def _parse_number(text: str) -> Decimal | None:
    """The Decimal a cleaned number text spells, or None if it is not exactly one number."""
    match = _SIGN_AND_BODY.fullmatch(text)
    if not match:
        return None
    sign, body = match.groups()
    if " " in body:
        if not _SPACE_GROUPED.fullmatch(body):
            return None
        body = body.replace(" ", "")
    digits = _digits_from_marks(body)
    if digits is None or not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    return Decimal(sign + digits)


def parse_amount(text: str) -> Decimal | None:
    """Read an amount cell: ``'2 461 996,00'``, ``'درھم40000,00'``, ``'   150 000.00   '``.

    None for empty cells and none markers (``-``, ``*``, ``—``, ``لا شيء``). ValueError, naming
    the text, when the text is not one amount (a percentage, a word, OCR garbage, a figure with a
    unit such as مليون that would change its value, a figure opening with a zero such as ``01``).
    """
    if _is_none_marker(text):
        return None
    cleaned = _clean_number_text(text)
    value = _parse_number(cleaned)
    if value is None:
        raise ValueError(f"not an amount: {text!r}")
    if _LEADING_ZERO.match(cleaned):
        # No plan prints 1 as "01": a figure so read lost its decimal mark (OCR reads "0.1" as "01").
        raise ValueError(f"not an amount: {text!r} opens with a zero, its decimal mark may be lost")
    return value


_PERCENT_SIGNS = str.maketrans({"\u066a": "%", "\ufe6a": "%", "\uff05": "%"})
_PERCENT = re.compile(r"%?\s*([+-]?\d+(?:[.,]\d+)?)\s*%?")


def parse_percent(text: str) -> Decimal | None:
    """Read a percentage cell as the number of percent: ``'5%'`` -> 5, ``'0.5%'`` -> 0.5.

    Accepts the sign on either side (``'%48'`` is how a PDF draws 48% in Arabic) and a bare
    number (a percent column). None for empty cells and none markers. ValueError for anything
    else, OCR garbage included (``'1000/'``): repairing it is not this function's job. No range
    check: achieved rates above 100 exist.
    """
    if _is_none_marker(text):
        return None
    cleaned = _SPACES.sub(" ", fold_digits(text).translate(_PERCENT_SIGNS)).strip()
    match = _PERCENT.fullmatch(cleaned)
    if not match or cleaned.count("%") > 1:
        raise ValueError(f"not a percentage: {text!r}")
    return Decimal(match.group(1).replace(",", "."))


_CENT = Decimal("0.01")


def millions_to_mad(value: Decimal) -> Decimal:
    """A figure stated in millions of dirhams (``بمليون درهم``) in dirhams, to the centime."""
    return (value * 1_000_000).quantize(_CENT)


# A money-looking figure in running text: thousands grouped by spaces, or a decimal comma with
# two digits, or ".00", or any number directly followed by the dirham. Neighbouring digits,
# date separators and "%" disqualify a match, so years, dates (01.01.2024), law numbers
# (113.14) and rates are not taken.
_NOT_BEFORE = r"(?<![\d.,/-])"
_FIGURE = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_MONEY = re.compile(
    rf"{_NOT_BEFORE}(?P<figure>{_FIGURE})(?![\d%]|[.,/-]\d)(?P<currency>\s*(?:{_CURRENCY.pattern}))?",
    re.IGNORECASE,
)


def find_amounts(text: str) -> list[Decimal]:
    """Amounts stated in running text (``'حدد في 2 461 996,00 درهم'``), in order of appearance."""
    cleaned = fold_digits(standardize_letters(text)).translate(_ARABIC_SEPARATORS)
    amounts: list[Decimal] = []
    for match in _MONEY.finditer(cleaned):
        figure = match.group("figure")
        grouped = bool(re.search(r"\d[ \u00a0\u202f]\d", figure))
        has_money_decimals = bool(re.search(r",\d{2}$|\.00$", figure))
        if not (grouped or has_money_decimals or match.group("currency")):
            continue
        value = _parse_number(_SPACES.sub(" ", figure))
        if value is not None:
            amounts.append(value)
    return amounts


AmountUnit = Literal["million_mad", "mad"]
_MILLION_WORDS = ("مليون", "ملايين", "million")
_DIRHAM_WORDS = ("درهم", "دراهم", "dh", "mad", "dirham")


def amount_unit(header_texts: Sequence[str]) -> AmountUnit | None:
    """The unit a column's header states (its cells top to bottom), or None when it states none.

    The texts are joined without spaces before matching, so a unit wrapped over several header
    lines, even inside a word ("بملي" / "ون درهم"), or printed with a stray space ("در هم") is read.
    "Million" wins over the dirham it qualifies (``بمليون درهم`` is million MAD).
    """
    joined = "".join(fold_key(t).replace(" ", "") for t in header_texts)
    if any(word in joined for word in _MILLION_WORDS):
        return "million_mad"
    if any(word in joined for word in _DIRHAM_WORDS):
        return "mad"
    return None
