"""Pure text helpers for one line of an open-plan slide deck (``slides.interpreter``).

A slide deck's text arrives from a PDF text layer or a PPTX in reading order, with the slips an RTL
line suffers in visual order: a line printed twice by overlapping layers, a Latin run or punctuation
moved to the start, a list number at the end, a value before its label. These functions undo them
line by line and read what a line holds (label and value, numbered items, a date, an amount, an axis
ordinal, a project count, a project title's words); none of them knows about slides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from normalizers.arabic import fold_key
from normalizers.dates import find_dates, parse_date
from normalizers.numbers import ORDINALS, find_amounts, parse_amount

_AXIS_LABEL = re.compile(rf"^المحور ({'|'.join(ORDINALS)})$")
# Cardinal words a sentence counts projects with ("عشرة مشاريع", "للمشاريع العشر"), folded.
NUMBER_WORDS: dict[str, int] = {
    fold_key(word): number
    for number, words in {
        2: ("اثنان", "اثنين"),
        3: ("ثلاثة", "ثلاث"),
        4: ("أربعة", "أربع"),
        5: ("خمسة", "خمس"),
        6: ("ستة", "ست"),
        7: ("سبعة", "سبع"),
        8: ("ثمانية", "ثماني", "ثمان"),
        9: ("تسعة", "تسع"),
        10: ("عشرة", "عشر"),
        11: ("أحد عشر",),
        12: ("اثنا عشر",),
    }.items()
    for word in words
}
_COUNTED_PROJECTS = re.compile(r"(?:^| )(\S+) مشاريع(?: |$)|(?:^| )(?:ل?ل)?مشاريع (?:ال)?(\S+)")
CURRENCY_TOKENS = frozenset({"درهم", "دراهم", "mad", "dh", "dhs"})
PROJECT_WORD = "مشروع"
QUOTES = '“”"«»„‟'
EDGE_PUNCTUATION = " .:;,،؛"
# A list item or stage number: "1- x", "10. x" (logical order) or "x . 1", "x - 4" (visual order).
_LEADING_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*[.)\-–]\s+")
_TRAILING_NUMBER = re.compile(r"^(?P<body>.*?\S)\s*(?:[.\-–)]\s*|\s)(?P<number>\d{1,2})\s*[.\-–]?$")
_LEADING_PUNCTUATION = re.compile(r"^([.:;,،؛]+)\s*(.*\S)$")
# A Latin run glued to the Arabic text after it: the PDF put an RTL line's last word first.
_LEADING_LATIN = re.compile(r"^([A-Za-z][A-Za-z .]*?[A-Za-z])([،,]?)(?=[\u0600-\u06ff])(.+)$")


def undouble(text: str) -> str:
    """One copy of a line that a PDF's overlapping text layers printed twice ("A A" or "AA")."""
    text = text.strip()
    half = len(text) // 2
    for cut in {half, half + 1}:
        first, second = text[:cut].strip(), text[cut:].strip()
        if len(first) >= 3 and first == second:
            return first
    return text


def fix_visual_edges(text: str) -> str:
    """Undo the two visual-order slips at the start of an RTL line: a glued leading Latin run
    ("ENABELبالتنسيق ...") and leading punctuation (".ببرنامج عمل") belong at the end."""
    latin = _LEADING_LATIN.match(text)
    if latin:
        text = f"{latin.group(3).strip()} {latin.group(1)}{latin.group(2)}"
    punctuation = _LEADING_PUNCTUATION.match(text)
    if punctuation and re.search("[\u0600-\u06ff]", punctuation.group(2)):
        text = f"{punctuation.group(2)}{punctuation.group(1)}"
    return text


def strip_edges(text: str) -> str:
    """Text without the punctuation a list or a label leaves at its ends (" ؛", ": ")."""
    return text.strip(EDGE_PUNCTUATION)


def split_label_value(text: str, is_label: Callable[[str], bool]) -> tuple[str, str] | None:
    """(label, value) of a "label: value" or visual-order "value: label" line; a line that is only
    the label gives (label, ""). None when no side of any colon is a label."""
    if is_label(text):
        return text, ""
    for match in re.finditer("[:：]", text):
        left, right = text[: match.start()], text[match.end() :]
        if is_label(left):
            return left, right
        if is_label(right):
            return right, left
    return None


def split_numbered_items(text: str) -> list[tuple[int, str]]:
    """The numbered items a line holds: "1- a ؛ 2- b" (one or several, numbered consecutively) or one
    item numbered at its end in visual order ("a . 3"). [] when the line is not numbered."""
    starts = [m for m in _LEADING_NUMBER.finditer(text)]
    if starts and starts[0].start() == 0:
        items: list[tuple[int, str]] = []
        kept = [starts[0]]
        for match in starts[1:]:
            if int(match.group(1)) == int(kept[-1].group(1)) + 1:
                kept.append(match)
        for match, following in zip(kept, [*kept[1:], None], strict=True):
            body = text[match.end() : following.start() if following else len(text)].strip()
            items.append((int(match.group(1)), body))
        return [(n, body) for n, body in items if has_letters(body)]
    trailing = _TRAILING_NUMBER.match(text)
    if trailing and has_letters(trailing.group("body")):
        return [(int(trailing.group("number")), trailing.group("body").strip())]
    return []


def has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def split_date_and_text(value: str) -> tuple[date | None, str | None]:
    """A date field's value as (date, text): "01/07/2025" -> (date, None); a textual date -> (None,
    text); "01/01/2024 ، بالتنسيق ..." (either order) -> (date, the text without the date)."""
    value = strip_edges(fix_visual_edges(value.strip()))
    if not value:
        return None, None
    exact = parse_date(value)
    if exact is not None:
        return exact, None
    tokens = value.split()
    dated = [t for t in tokens if parse_date(t) is not None]
    if len(dated) == 1:
        rest = strip_edges(fix_visual_edges(" ".join(t for t in tokens if t not in dated)))
        return parse_date(dated[0]), rest or None
    found = find_dates(value)
    return (found[0] if len(found) == 1 else None), value


def money_in_line(text: str) -> Decimal | None:
    """The amount a line consists of ("40000,00 درهم", "درهم 330000"); None for other lines, for bare
    small numbers (slide numbers) and years."""
    try:
        amount = parse_amount(text)
    except ValueError:
        return None
    if amount is None:
        return None
    if find_amounts(text) or CURRENCY_TOKENS & set(fold_key(text).split()):
        return amount
    return None


def axis_ordinal(text: str) -> int | None:
    """The ordinal of "المحور الثاني" when the text is exactly that phrase (punctuation aside)."""
    match = _AXIS_LABEL.match(fold_key(text))
    return ORDINALS[match.group(1)] if match else None


def stated_project_count(key: str) -> int | None:
    """Projects counted in words or digits in a folded sentence: "عشره مشاريع", "للمشاريع العشر"."""
    for match in _COUNTED_PROJECTS.finditer(key):
        word = match.group(1) or match.group(2)
        if word.isdigit():
            if len(word) <= 2:  # a count, not a year or a date's last part
                return int(word)
            continue
        for candidate in (word, word.removeprefix("ال")):
            if candidate in NUMBER_WORDS:
                return NUMBER_WORDS[candidate]
    return None


def title_tokens(key: str) -> set[str]:
    """Words of a folded title line without the words that frame a project title."""
    return set(key.split()) - {PROJECT_WORD, "المحور", *ORDINALS}


def title_match(listed: set[str], slide: set[str]) -> float:
    """Share of a listed title's words found in a slide's title lines."""
    return len(listed & slide) / len(listed) if listed else 0.0


def complete_from_layers(text: str, layer_texts: Iterable[str]) -> str:
    """A value completed by an overlapping layer's copy that only adds a Latin run at its end (the
    text layer dropped "ENABEL" from the labelled line but kept it in a duplicate)."""
    key = fold_key(text)
    if not key:
        return text
    for other in layer_texts:
        candidate = strip_edges(fix_visual_edges(other))
        other_key = fold_key(candidate)
        extra = other_key.removeprefix(key + " ")
        if other_key.startswith(key + " ") and re.fullmatch(r"[a-z][a-z ]*", extra):
            return candidate
    return text


def is_project_title(text: str) -> bool:
    return PROJECT_WORD in fold_key(text).split() and any(q in text for q in QUOTES)
