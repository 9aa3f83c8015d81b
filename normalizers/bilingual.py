"""Bilingual labels: a cell or heading that prints an Arabic label and its French translation.

Domains and workshop titles are printed as "التواصل Communication" or
"الورشة التشاركية حول ... **Atelier participatif sur le thème de : ...**". The warehouse keeps the
two languages in two columns (``domain`` / ``domain_fr``), never one mixed string.

Words are split into runs by script: a word with a Latin letter belongs to the translation, a word
with an Arabic letter to the label, a word with neither (":", "-", "**", a number) to the run it
stands in. The label is the longest Arabic run, the translation the longest Latin run, both stripped
of the punctuation that framed them. A text in one language gives that language only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.arabic import is_arabic, normalize_text

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_FRAME = " :;,.-–—/*()[]«»\"'"


@dataclass(frozen=True)
class BilingualLabel:
    arabic: str | None
    french: str | None


def _script(word: str) -> str | None:
    """'latin', 'arabic', or None for a word with letters of neither (punctuation, digits)."""
    if _LATIN.search(word):
        return "latin"
    if is_arabic(word):
        return "arabic"
    return None


def script_runs(text: str) -> list[tuple[str, list[str]]]:
    """The text's words in runs of one script; a neutral word joins the run it follows (or opens)."""
    runs: list[tuple[str, list[str]]] = []
    leading: list[str] = []
    for word in normalize_text(text).split():
        script = _script(word)
        if script is None:
            (runs[-1][1] if runs else leading).append(word)
        elif runs and runs[-1][0] == script:
            runs[-1][1].append(word)
        else:
            runs.append((script, [*leading, word]))
            leading = []
    return runs


def _longest(runs: list[tuple[str, list[str]]], script: str) -> str | None:
    words = max((w for s, w in runs if s == script), key=len, default=[])
    label = " ".join(words).strip(_FRAME)
    return label or None


def split_bilingual(text: str | None) -> BilingualLabel:
    """The Arabic label and the French (Latin-script) translation a text prints."""
    if not text:
        return BilingualLabel(None, None)
    runs = script_runs(text)
    return BilingualLabel(_longest(runs, "arabic"), _longest(runs, "latin"))
