"""Open-plan project codes: ``PO-24-25-CDAI-01`` (PO, plan years, axis letters, project number).

The documents print them broken over two lines (``PO-24-25-`` / ``CDAI-01``), padded with
spaces, or mistyped with the segments out of order and ``=`` for ``-``
(``PO-ENOVSP-24-25=05``). Every spelling comes out as ``PO-YY-YY-LETTERS-NN``. The two years
are kept in the order printed and the number is zero-padded to two digits; nothing else is
guessed (a code with four-digit years or a missing segment is not a code).
"""

from __future__ import annotations

import re
import unicodedata

from normalizers.arabic import fold_digits, remove_bidi_controls, remove_invisible_chars

# A segment separator: a hyphen or a character typed for it, with any whitespace (line breaks
# included) around it.
_SEP = r"\s*[-=_‐‑–—−]\s*"
_START = r"(?<![A-Z0-9])PO"
_END = r"(?![A-Z0-9])"


def _years(name: str) -> str:
    return rf"(?P<{name}y1>[0-9]{{2}}){_SEP}(?P<{name}y2>[0-9]{{2}})"


def _axis(name: str) -> str:
    return rf"(?P<{name}axis>[A-Z]{{2,10}})"


def _number(name: str) -> str:
    return rf"(?P<{name}n>[0-9]{{1,3}}){_END}"


# A line break between the years and the letters: a code wrapped in a narrow right-to-left cell,
# whose hyphen at the end of the first line is printed at its start ("-PO-24-25" / "CDAI-01").
_WRAP = r"[ \t]*\n\s*"

_CODE = re.compile(
    # PO-24-25-CDAI-01, the canonical order; letters and number sometimes typed together (CDAI01)
    rf"{_START}{_SEP}{_years('a')}(?:{_SEP}|{_WRAP}){_axis('a')}(?:{_SEP}|\s*){_number('a')}"
    # PO-ENOVSP-24-25-05: axis letters before the years
    rf"|{_START}{_SEP}{_axis('b')}{_SEP}{_years('b')}{_SEP}{_number('b')}"
)


# Axis letters cut by a line break in a narrow cell ("ENOVS" / "P-04"): one run of letters.
_LETTERS_WRAPPED = re.compile(r"(?<=[A-Z])[ \t]*\n\s*(?=[A-Z])")


def _prepared(text: str) -> str:
    """Upper case, ASCII digits, compatibility forms (full-width) folded, invisible characters gone,
    letters wrapped over two lines joined."""
    text = remove_invisible_chars(remove_bidi_controls(unicodedata.normalize("NFKC", text)))
    return _LETTERS_WRAPPED.sub("", fold_digits(text).upper())


def _canonical(match: re.Match[str]) -> str:
    style = "a" if match.group("ay1") is not None else "b"
    years = f"{match.group(style + 'y1')}-{match.group(style + 'y2')}"
    return f"PO-{years}-{match.group(style + 'axis')}-{int(match.group(style + 'n')):02d}"


def find_project_codes(text: str) -> list[str]:
    """Every project code in the text, canonical, in order of appearance (repeats kept)."""
    return [_canonical(m) for m in _CODE.finditer(_prepared(text))]


def normalize_project_code(text: str) -> str | None:
    """The one project code a cell holds, canonical; None when it holds none.

    ValueError when the cell holds two different codes: which one is meant is not ours to pick.
    """
    codes = list(dict.fromkeys(find_project_codes(text)))
    if len(codes) > 1:
        raise ValueError(f"several project codes in {text!r}: {codes}")
    return codes[0] if codes else None
