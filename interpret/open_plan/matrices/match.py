"""Matching one project's activities across the open plan's matrices, and what its prose states.

The three matrices list the same activities in the same order but not in the same words (a
leading ``*`` in one, a shortened title in another, doubled spaces). Titles are compared on their
``fold_key`` with bullets removed, by ``difflib.SequenceMatcher`` ratio, a shortened title (one
key a prefix of the other) counting as a near match; the pairing keeps the order of both lists
(an order-preserving alignment maximising the summed similarity), so two similar titles in one
project ("إنجاز حملة تحسيسية ... بطريقة مبسطة" / "... حول الحق في") go to their own places.

The similarity is difflib's: stored matches depend on its exact value. Most pairs of a project's
titles are far apart, and computing their ratio was most of interpreting an open plan, so
``similarity_at_least`` first asks rapidfuzz for the longest common subsequence: difflib's matching
blocks are a common subsequence, so its ratio never exceeds ``2 * LCS / (len a + len b)``
(rapidfuzz's Indel similarity), and a pair below the threshold by that bound is below it by
difflib's too. The bound costs microseconds and rules out about 7 pairs in 10 of the sample plans'
titles; the alignment is the same as with every ratio computed (property-tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

from normalizers.arabic import fold_key, normalize_text

# Below this similarity two titles are not the same activity.
MIN_SIMILARITY = 0.5
# A shortened title: one key is a prefix of the other, at least this long.
MIN_PREFIX_CHARS = 12
PREFIX_SIMILARITY = 0.9

_BULLETS = "*-+•·▪◦●–"
_TRAILING = " ؛;.،,:"


def strip_bullet(text: str) -> str:
    """A cell's text without leading bullet marks and trailing list punctuation."""
    return text.strip().lstrip(_BULLETS + " \u00a0").rstrip(_TRAILING)


def display_text(text: str) -> str:
    """Stored form of a title or indicator: bullets off, normalised, one line.

    A cell's lines are joined by a space (a PDF breaks lines where the cell wraps, so line breaks
    are not the same in every rendition); a ``*`` opening a later line is a bullet and goes, other
    marks opening a later line ("-فضاء رياضي") may be text and stay.
    """
    lines = normalize_text(text, keep_newlines=True).split("\n")
    rest = [line.lstrip("*" + " ") for line in lines[1:]]
    first = lines[0].strip().lstrip(_BULLETS + " \u00a0")
    return normalize_text(" ".join([first, *rest]).strip().rstrip(_TRAILING))


def title_key(text: str) -> str:
    return fold_key(strip_bullet(normalize_text(text)))


def title_similarity(a: str, b: str) -> float:
    """0..1 similarity of two folded titles; a shortened title scores at least PREFIX_SIMILARITY."""
    if not a or not b:
        return 0.0
    # SequenceMatcher's ratio depends on the argument order: take the better of both.
    ratio = max(
        SequenceMatcher(None, a, b, autojunk=False).ratio(),
        SequenceMatcher(None, b, a, autojunk=False).ratio(),
    )
    return max(ratio, PREFIX_SIMILARITY) if is_shortened(a, b) else ratio


def is_shortened(a: str, b: str) -> bool:
    """One key is the other cut short (a prefix of at least MIN_PREFIX_CHARS)."""
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_PREFIX_CHARS and long.startswith(short)


def similarity_at_least(a: str, b: str, threshold: float) -> float:
    """``title_similarity(a, b)`` when it reaches ``threshold``; otherwise some value below it."""
    if a == b:
        return 1.0 if a else 0.0
    # The margin keeps a pair whose two ratios differ only by floating-point rounding.
    if not is_shortened(a, b) and Indel.normalized_similarity(a, b) < threshold - 1e-9:
        return 0.0  # an upper bound of difflib's ratio (see the module's docstring)
    return title_similarity(a, b)


def align(
    first: Sequence[str], second: Sequence[str], threshold: float = MIN_SIMILARITY
) -> list[tuple[int, int]]:
    """Order-preserving pairs (i, j) of similar keys maximising the summed similarity."""
    n, m = len(first), len(second)
    sim = [[similarity_at_least(a, b, threshold) for b in second] for a in first]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if sim[i][j] >= threshold:
                options.append(best[i + 1][j + 1] + sim[i][j])
            best[i][j] = max(options)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= threshold and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
