"""Canonical cross-commune themes from printed axis (or project) labels.

Rules are data (``data/reference/theme_rules.csv``: theme, keyword, note), reviewed by people. A
label gets the theme of the keyword that appears EARLIEST in it (communes name their main concern
first: "الابتكار وتجويد الخدمات" is about innovation), the longer keyword winning a tie. Keywords match
whole folded words, allowing the proclitics و ب ل ف (and their combinations with ال), since Arabic
attaches "and", "with", "for" to the next word ("والتواصل"). A label that matches nothing gets no theme
and is listed for review, never guessed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from normalizers.arabic import fold_key

PROCLITICS = ("", "و", "ب", "ل", "ف", "وب", "ول", "وال", "بال", "فال", "لل", "ولل")


@dataclass(frozen=True)
class ThemeRule:
    theme: str
    keyword: str  # folded


@dataclass(frozen=True)
class ThemeMatch:
    theme: str
    keyword: str
    position: int  # word index of the match in the folded label


def read_theme_rules(path: Path) -> tuple[ThemeRule, ...]:
    with path.open(encoding="utf-8") as fh:
        return tuple(
            ThemeRule(row["theme"].strip(), fold_key(row["keyword"]))
            for row in csv.DictReader(fh)
            if row["keyword"].strip()
        )


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _word_matches(word: str, keyword_word: str) -> bool:
    """``word`` is ``keyword_word`` with at most a proclitic in front (the article may be merged)."""
    bare = _strip_article(keyword_word)
    return any(word in (prefix + keyword_word, prefix + bare) for prefix in PROCLITICS)


def find_keyword(words: list[str], keyword: str) -> int | None:
    """Word index where the (multi-word) keyword starts in ``words``, or None."""
    parts = keyword.split()
    for i in range(len(words) - len(parts) + 1):
        if _word_matches(words[i], parts[0]) and words[i + 1 : i + len(parts)] == parts[1:]:
            return i
    return None


def match_theme(label: str, rules: tuple[ThemeRule, ...]) -> ThemeMatch | None:
    words = fold_key(label).split()
    best: ThemeMatch | None = None
    for rule in rules:
        position = find_keyword(words, rule.keyword)
        if position is None:
            continue
        candidate = ThemeMatch(rule.theme, rule.keyword, position)
        if best is None or (position, -len(rule.keyword)) < (best.position, -len(best.keyword)):
            best = candidate
    return best
