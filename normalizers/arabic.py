"""Arabic (and mixed Arabic/Latin) text clean-up: small pure functions and two compositions.

- ``normalize_text``: the display form stored in the warehouse. It removes what the extraction
  added (markup, presentation forms, Persian letter forms from PDF fonts, tatweel, U+FFFD, bidi
  controls, layout whitespace) and also the harakat: they are rare in these documents (a handful
  of words such as ``مَرّت``), are not written the same way in every rendition of a plan, and
  would make equal texts compare unequal.
- ``fold_key``: a matching key. It folds further what writers use interchangeably (alef
  variants, ى/ي, ة/ه, hamza carriers, digit shapes, case and Latin accents, punctuation). Keys
  are for comparing, never for display.

Both are idempotent (see tests/test_normalize_arabic.py).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# --------------------------------------------------------------------------- markup

# An HTML-ish tag: a name starting with a letter, optional attributes. A lone "<" ("a < b")
# is not a tag and stays.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MARKDOWN_BOLD = re.compile(r"\*\*")
_WORD_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """Remove HTML-ish tags (keeping the text between them), ``**`` markers and Word bookmarks."""
    # Removing one marker can join two halves into a new one ("<<b>b>"): repeat until stable.
    while True:
        stripped = _WORD_BOOKMARK.sub("", _MARKDOWN_BOLD.sub("", _TAG.sub("", text)))
        if stripped == text:
            return text
        text = stripped


# --------------------------------------------------------------------------- letters

# Letters that PDF fonts (and Persian/Urdu keyboards) put where Arabic has its own letter, each
# with exactly one Arabic reading. ی stands for final ى too in these fonts; mapping it to ي
# loses that distinction in the display form (keys fold ى/ي anyway). Not mapped, because their
# Arabic reading depends on the writer: ۀ U+06C0 and ە U+06D5 (ة or ه), ے U+06D2.
_PERSIAN_TO_ARABIC = str.maketrans(
    {
        "\u06cc": "\u064a",  # ی Farsi yeh -> ي
        "\u06be": "\u0647",  # ھ heh doachashmee -> ه
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u06c2": "\u0647\u0654",  # ۂ heh goal with hamza -> ه + hamza mark
        "\u06a9": "\u0643",  # ک keheh -> ك
        "\u06aa": "\u0643",  # ڪ swash kaf -> ك
        "\u06c3": "\u0629",  # ۃ teh marbuta goal -> ة
    }
)

# Presentation-form code points that NFKC leaves alone are ornaments (ornate parentheses,
# bismillah and other word ligatures without a decomposition) or unassigned: not letters.
_ORNATE_PARENTHESES = str.maketrans({"\ufd3e": "(", "\ufd3f": ")"})
_LEFTOVER_PRESENTATION_FORM = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")


def standardize_letters(text: str) -> str:
    """NFKC (presentation forms back to letters), then Persian/Urdu letter forms to Arabic."""
    text = unicodedata.normalize("NFKC", text).translate(_PERSIAN_TO_ARABIC)
    text = _LEFTOVER_PRESENTATION_FORM.sub("", text.translate(_ORNATE_PARENTHESES))
    # Second pass: a mapped letter followed by a hamza mark composes (ي + ٔ -> ئ).
    return unicodedata.normalize("NFKC", text)


# --------------------------------------------------------------------------- removals

TATWEEL = "\u0640"

# Harakat, tanwin, shadda, sukun, maddah/hamza marks, superscript alef, Quranic annotation marks.
_DIACRITICS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff]"
)
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width and soft characters that only steer rendering or line breaking.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def remove_tatweel(text: str) -> str:
    """Remove the kashida ``ـ`` used to stretch words (``مـــــن`` -> ``من``)."""
    return text.replace(TATWEEL, "")


def remove_diacritics(text: str) -> str:
    """Remove harakat and other Arabic combining marks (``مَرّت`` -> ``مرت``)."""
    return _DIACRITICS.sub("", text)


def remove_replacement_char(text: str) -> str:
    """Remove U+FFFD: in this corpus it stands for the kashida glyphs of justified words."""
    return text.replace("\ufffd", "")


def remove_bidi_controls(text: str) -> str:
    """Remove bidi marks, embeddings, overrides and isolates (pdftotext and OCR add them)."""
    return _BIDI_CONTROLS.sub("", text)


def remove_invisible_chars(text: str) -> str:
    """Remove zero-width spaces/joiners, word joiner, BOM and soft hyphen."""
    return _INVISIBLE.sub("", text)


# --------------------------------------------------------------------------- whitespace

_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")  # whitespace other than the line feed
_ANY_SPACE = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def collapse_whitespace(text: str, keep_newlines: bool = False) -> str:
    """Turn every run of whitespace (NBSP, U+202F, tabs included) into one space and strip.

    With ``keep_newlines`` the line structure stays: each line is collapsed and stripped and
    line breaks of any kind become ``\\n``.
    """
    if not keep_newlines:
        return _ANY_SPACE.sub(" ", text).strip()
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    return "\n".join(_HORIZONTAL_SPACE.sub(" ", line).strip() for line in lines)


# --------------------------------------------------------------------------- compositions


def normalize_text(text: str, keep_newlines: bool = False) -> str:
    """Display form: no markup, standard letters, no tatweel/diacritics/U+FFFD/controls, tidy spaces."""
    if len(text) <= _CACHED_NORMAL_MAX_CHARS:
        return _normalize_text_cached(text, keep_newlines)
    return _normalize_text(text, keep_newlines)


# Cells, labels and titles are normalised again and again (one interpretation of the sample corpus:
# 21 700 calls, 7 500 distinct texts): short texts are cached, like fold_key's.
_CACHED_NORMAL_MAX_CHARS = 512


@lru_cache(maxsize=131_072)
def _normalize_text_cached(text: str, keep_newlines: bool) -> str:
    return _normalize_text(text, keep_newlines)


def _normalize_text(text: str, keep_newlines: bool) -> str:
    # Removals that can join neighbours come before NFKC so that it sees the final neighbours.
    text = strip_markup(text)
    text = remove_invisible_chars(remove_bidi_controls(remove_replacement_char(text)))
    text = standardize_letters(remove_tatweel(text))
    # NFKC can produce tatweel (U+FE71) and marks (U+FC5E) from presentation forms: remove after.
    text = remove_diacritics(remove_tatweel(text))
    # NFKC can also turn full-width "＜ｂ＞" into a tag.
    text = strip_markup(text)
    # The removals can leave a Latin letter next to its accent, or marks out of canonical order.
    text = unicodedata.normalize("NFC", text)
    return collapse_whitespace(text, keep_newlines=keep_newlines)


_ALEF_VARIANTS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0672": "\u0627",  # ٲ
        "\u0673": "\u0627",  # ٳ
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ASCII_PUNCTUATION = frozenset(string.punctuation)


def fold_digits(text: str) -> str:
    """Arabic-Indic (U+0660-9) and Eastern Arabic-Indic (U+06F0-9) digits to ASCII."""
    return text.translate(_DIGITS)


class _CharTable(dict[int, int | None]):
    """A ``str.translate`` table filled as characters are met: ``rule`` says, once per character,
    what it becomes (None: removed). Folding asked ``unicodedata.category`` for every character of
    every text (a document's whole text among them); the answer per character never changes."""

    def __init__(self, rule: Callable[[str], int | None]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> int | None:
        value = self[code] = self.rule(chr(code))
        return value


def _unless_mark(ch: str) -> int | None:
    return None if unicodedata.category(ch) == "Mn" else ord(ch)


def _space_if_punctuation(ch: str) -> int:
    return ord(" ") if ch in _ASCII_PUNCTUATION or unicodedata.category(ch).startswith("P") else ord(ch)


_WITHOUT_MARKS = _CharTable(_unless_mark)
_PUNCTUATION_TO_SPACE = _CharTable(_space_if_punctuation)


def strip_accents(text: str) -> str:
    """Drop combining marks after canonical decomposition (``é`` -> ``e``, ``أ`` -> ``ا``)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", decomposed.translate(_WITHOUT_MARKS))


def fold_letters(text: str) -> str:
    """Fold letter variants, digits and case, keeping punctuation and spacing as they are.

    Input is expected in ``normalize_text`` form; dates and numbers can still be read from the
    result because separators survive.
    """
    text = remove_diacritics(text).translate(_ALEF_VARIANTS)
    return strip_accents(fold_digits(text).lower()).translate(_ALEF_VARIANTS)


def punctuation_to_space(text: str) -> str:
    """Replace punctuation (Unicode P* categories, ASCII punctuation, Arabic ، ؛ ؟) by spaces."""
    return text.translate(_PUNCTUATION_TO_SPACE)


def fold_key(text: str) -> str:
    """Matching key: normalize_text, fold letters/digits/case/accents, punctuation to spaces."""
    if len(text) <= _CACHED_FOLD_MAX_CHARS:
        return _fold_key_cached(text)
    return _fold_key(text)


# Interpreters fold the same cells and labels again and again (every header test of every row):
# short texts are cached. A whole document's text is folded once and not kept.
_CACHED_FOLD_MAX_CHARS = 512


@lru_cache(maxsize=131_072)
def _fold_key_cached(text: str) -> str:
    return _fold_key(text)


def _fold_key(text: str) -> str:
    folded = fold_letters(normalize_text(text))
    return collapse_whitespace(punctuation_to_space(folded))


# --------------------------------------------------------------------------- script detection

_ARABIC_BLOCKS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and ch != TATWEEL


def arabic_ratio(text: str) -> float:
    """Share of Arabic letters among all letters (0.0 when the text has no letters)."""
    letters = [ch for ch in text if _is_letter(ch)]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _ARABIC_BLOCKS.match(ch)) / len(letters)


def is_arabic(text: str, threshold: float = 0.5) -> bool:
    """True when the text has Arabic letters and at least ``threshold`` of its letters are Arabic."""
    ratio = arabic_ratio(text)
    return ratio > 0.0 and ratio >= threshold
