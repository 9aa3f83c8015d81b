"""Visual-to-logical reordering of one extracted PDF text line (pure functions).

PDF text layers of right-to-left documents (LibreOffice output here) hold the glyphs in *visual*
order: pdfplumber hands back Arabic words with reversed letters, and number groups that sit in a
right-to-left paragraph reversed (``000.00 150``). Running the Unicode bidi algorithm over such a
visual line with a right-to-left base direction undoes the reordering, because the algorithm's
reordering is its own inverse for the runs met in these documents (measured in STACK.md and in
tests/test_bidi.py). Lines that hold only Latin letters, digits and punctuation were laid out
left to right and are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import get_display

# Joining and justification glyphs that Arabic fonts map to stray characters: Amiri's kaf-lam
# joiner comes out as U+203A or "i", Noto Naskh's kashidas as runs of ",". Glued between two Arabic
# letters these characters are never text in the corpus renditions, so they are dropped there.
_GLYPH_ARTIFACT = re.compile(r"(?<=[\u0620-\u064a])[\u203a,A-Za-z]+(?=[\u0620-\u064a])")

# Characters with a strong right-to-left direction (Arabic, Hebrew, Thaana, Syriac ...).
_RTL_CLASSES = frozenset({"R", "AL"})

# A whitespace-delimited token with a Latin letter and no right-to-left letter ("N°", "facebook").
_LATIN_TOKEN = re.compile(r"(?<!\S)([^\s\u0590-\u08ff]*[A-Za-z\u00c0-\u024f][^\s\u0590-\u08ff]*)(?!\S)")
_LRM = "\u200e"
# Punctuation runs at the edges of a Latin token, and the brackets among them.
_EDGE_PUNCT_START = re.compile(r"[()\[\]{}.,;:!?]*")
_EDGE_PUNCT_END = re.compile(r"[()\[\]{}.,;:!?]*$")
_BRACKETS = re.compile(r"[()\[\]{}]")
NBSP = "\u00a0"

# A year range written "start-end"; in an Arabic line the bidi algorithm can show it as "end-start".
_YEAR_RANGE = re.compile(r"(?<![\d-])((?:19|20)\d\d)([-–/])((?:19|20)\d\d)(?![\d-])")

# A percent sign drawn left of its number (``%48``): how a right-to-left line shows ``48%``.
_PERCENT_BEFORE_NUMBER = re.compile(r"(?<![\w%])%(\d+(?:[.,]\d+)*)(?![\d%])")

# A combining mark (tanween, shadda ...) that starts a word, and the letter after it.
_MARK_STARTING_WORD = re.compile(r"(?:^|\s+)([\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+)(\w)")

_MIRRORED = str.maketrans("()[]{}", ")(][}{")
_OPENING, _CLOSING = "([{", ")]}"

# A number split into space-separated groups, as drawn for an amount in a right-to-left paragraph.
_GROUPED_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(?: \d+(?:[.,]\d+)?)+")


def has_rtl(text: str) -> bool:
    """True when the text holds at least one strong right-to-left character."""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def is_latin_or_digits(text: str) -> bool:
    """True when no character of the text is right-to-left (Latin, digits, punctuation, spaces)."""
    return not has_rtl(text)


def drop_glyph_artifacts(text: str) -> str:
    """Remove glyphs that fonts map to stray characters inside Arabic words."""
    return _GLYPH_ARTIFACT.sub("", text)


def fix_reversed_range(text: str) -> str:
    """Rewrite a year range shown end-first (``2025-2024``) as start-end (``2024-2025``).

    Only ranges of two years whose start is after their end are touched: a range that reads
    backwards cannot be what the author wrote, while any other number pair may be meant as printed.
    """

    def swap_if_reversed(match: re.Match[str]) -> str:
        first, sep, second = match.groups()
        return f"{second}{sep}{first}" if int(first) > int(second) else match.group(0)

    return _YEAR_RANGE.sub(swap_if_reversed, text)


def looks_reversed_grouped_number(text: str) -> bool:
    """True for a digit-group line drawn right to left, e.g. ``000.00 150`` for ``150 000.00``.

    Evidence of reversal: the decimal part sits on the first group instead of the last, a group
    after the first is shorter than three digits (only the leading group may be short), or the
    first group starts with a zero while the last does not.
    """
    if not _GROUPED_NUMBER.fullmatch(text):
        return False
    groups = text.split(" ")
    decimals_first = bool(re.search(r"[.,]", groups[0])) and not re.search(r"[.,]", groups[-1])
    short_inner_group = any(len(re.sub(r"[.,]\d+$", "", g)) < 3 for g in groups[1:])
    zero_first = groups[0].startswith("0") and not groups[-1].startswith("0")
    leading_ok = len(re.sub(r"[.,]\d+$", "", groups[-1])) <= 3
    return (decimals_first or short_inner_group or zero_first) and leading_ok


def reverse_groups(text: str) -> str:
    """Reverse the order of space-separated groups (``000.00 150`` -> ``150 000.00``)."""
    return " ".join(reversed(text.split(" ")))


def normalize_keeping_nbsp(text: str) -> str:
    """NFKC, except for no-break spaces.

    NFKC turns U+00A0 into a plain space, but the bidi class of U+00A0 is CS: it keeps
    ``2 461 996,00`` one number, where plain spaces would split it into reordered groups.
    """
    return NBSP.join(unicodedata.normalize("NFKC", part) for part in text.split(NBSP))


def isolate_latin_tokens(text: str) -> str:
    """Wrap Latin tokens in left-to-right marks so their glued punctuation stays with them.

    Without the marks the bidi algorithm gives a neutral at the edge of a Latin word in an Arabic
    line the paragraph's direction, and ``N°`` comes back as ``°N``.
    """
    return _LATIN_TOKEN.sub(lambda m: isolate_core(m.group(1)), text)


def isolate_core(token: str) -> str:
    """The token wrapped in left-to-right marks, punctuation runs with a bracket at its edges left out.

    A bracket at the outer edge of a Latin token belongs to the Arabic sentence around it: it was
    drawn mirrored there (``(facebook)`` shows as ``)facebook(``) and the bidi algorithm must see
    it to mirror it back. Marks around the core keep glued punctuation such as ``N°`` with its word.
    """
    lead = _EDGE_PUNCT_START.match(token).group(0)
    trail = _EDGE_PUNCT_END.search(token[len(lead) :]).group(0)
    lead = lead if _BRACKETS.search(lead) else ""
    trail = trail if _BRACKETS.search(trail) else ""
    core = token[len(lead) : len(token) - len(trail)]
    return f"{lead}{_LRM}{core}{_LRM}{trail}" if core else token


def percent_after_number(text: str) -> str:
    """Put a percent sign drawn left of its number back after it (``%48`` -> ``48%``).

    Applied to right-to-left and letterless lines only: there a percent before a number is the
    mirror image of the typed ``48%`` (no rendition of the corpus prints ``%48`` as text).
    """
    return _PERCENT_BEFORE_NUMBER.sub(r"\1%", text)


def brackets_balance(text: str) -> bool:
    """True when every closing bracket follows an opening one and all are closed."""
    depth = 0
    for ch in text:
        depth += (ch in _OPENING) - (ch in _CLOSING)
        if depth < 0:
            return False
    return depth == 0


def has_mirrored_brackets(text: str) -> bool:
    """True when the brackets only balance once mirrored (``)4(``): drawn right to left."""
    return not brackets_balance(text) and brackets_balance(text.translate(_MIRRORED))


def reattach_combining_marks(text: str) -> str:
    """Put a combining mark that starts a word back after the letter it was drawn on.

    A mark never begins a word. When its glyph sits apart from its letter in the text layer the
    line reads ``أي ًضا`` for ``أيضًا``: the space is spurious and the mark belongs to the next letter.
    """
    return _MARK_STARTING_WORD.sub(lambda m: m.group(2) + m.group(1), text)


def visual_to_logical(line: str) -> str:
    """Turn one visual line (as pdfplumber reads it) into logical order.

    NFKC first, so presentation forms that other producers emit become plain letters before
    reordering. Lines without right-to-left characters keep their order, except digit groups that
    show the reversed grouping of an amount laid out in a right-to-left paragraph.
    """
    text = drop_glyph_artifacts(normalize_keeping_nbsp(line))
    if is_latin_or_digits(text):
        if re.search(r"[A-Za-z\u00c0-\u024f]", text):
            return fix_reversed_range(text)
        # A letterless line (a number, a range, a bracketed item number) alone on its line was
        # drawn right to left too when its paragraph is Arabic: brackets come mirrored, percent
        # signs first, amounts in reversed groups.
        if has_mirrored_brackets(text):
            text = get_display(text, base_dir="R")
        elif looks_reversed_grouped_number(text):
            text = reverse_groups(text)
        return fix_reversed_range(percent_after_number(text))
    logical = get_display(isolate_latin_tokens(text), base_dir="R").replace(_LRM, "")
    return fix_reversed_range(percent_after_number(reattach_combining_marks(logical)))
