"""Shifted columns: a group of columns printed one or more rows away from the column it belongs with.

Some published tables carry a column group (a text and its figures) out of step with an anchor
column (the numbered item): the group's text on row r repeats the anchor's text on row r - d. The
offset ``d`` is read from the data, never assumed: for every candidate offset, count the rows where
the group's text repeats the anchor's text (``fold_key`` + similarity), and keep the offset that
explains the most rows when it clearly beats "no shift". Re-aligning is then a merge of the two row
sequences by position, the group's rows moved by ``d``.

Pure functions on lists of cell texts; the caller logs one ``Repair`` per moved value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from normalizers.arabic import fold_key

# Two texts at least this similar are "the same text" for shift evidence: the corpus repeats a text
# verbatim or nearly (a word added or dropped); distinct activities that share most words
# ("... للشباب" / "... للطفولة") score about 0.9 against their neighbours, so evidence is only
# ever counted at one fixed offset, never per row.
SAME_TEXT_SIMILARITY = 0.8
# Offsets tried on either side of zero: a misaligned export slips by a row, rarely more.
MAX_OFFSET = 2
# The winning offset must explain at least this share of the rows where both texts are present.
MIN_SUPPORT = 0.5


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    # Each cell is compared at every candidate offset: fold it once.
    return fold_key(text)


def text_similarity(a: str, b: str) -> float:
    """0..1 similarity of two cell texts on their matching keys (letter variants, spacing ignored)."""
    key_a, key_b = _key(a), _key(b)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    return SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    """The moving text of row ``moving_row`` repeats the anchor text of row ``anchor_row``."""

    anchor_row: int
    moving_row: int
    similarity: float


@dataclass(frozen=True)
class Shift:
    """Moving row r belongs with anchor row r - offset; ``evidence`` are the rows that say so."""

    offset: int
    evidence: tuple[Match, ...]
    support: float  # share of comparable rows at this offset that repeat the anchor's text


def matches_at(
    anchor: Sequence[str], moving: Sequence[str], offset: int, threshold: float = SAME_TEXT_SIMILARITY
) -> tuple[list[Match], int]:
    """Rows whose moving text repeats the anchor text ``offset`` rows above, and how many were compared."""
    found: list[Match] = []
    compared = 0
    for j, text in enumerate(moving):
        i = j - offset
        if not 0 <= i < len(anchor) or not text.strip() or not anchor[i].strip():
            continue
        compared += 1
        similarity = text_similarity(text, anchor[i])
        if similarity >= threshold:
            found.append(Match(i, j, round(similarity, 2)))
    return found, compared


def detect_shift(
    anchor: Sequence[str],
    moving: Sequence[str],
    max_offset: int = MAX_OFFSET,
    threshold: float = SAME_TEXT_SIMILARITY,
    min_support: float = MIN_SUPPORT,
) -> Shift | None:
    """The offset at which ``moving`` repeats ``anchor``, or None when the columns are in step.

    A non-zero offset wins only when it explains more rows than offset 0 and at least
    ``min_support`` of the rows it compares; ties go to the smaller shift.
    """
    best: Shift | None = None
    in_step = len(matches_at(anchor, moving, 0, threshold)[0])
    for offset in sorted(range(-max_offset, max_offset + 1), key=abs):
        if offset == 0:
            continue
        found, compared = matches_at(anchor, moving, offset, threshold)
        if not found or len(found) <= in_step or len(found) < min_support * compared:
            continue
        if best is None or len(found) > len(best.evidence):
            best = Shift(offset, tuple(found), round(len(found) / compared, 2))
    return best


def aligned_pairs(n_anchor: int, n_moving: int, offset: int) -> list[tuple[int | None, int | None]]:
    """Merge the two row sequences, moving row j beside anchor row j - offset, in table order.

    Rows pushed past either end stay on their own, beside None: a moving row with no anchor row
    (its value had nothing to belong to) or an anchor row whose values were printed off the table.
    """
    positions = set(range(n_anchor)) | {j - offset for j in range(n_moving)}
    pairs: list[tuple[int | None, int | None]] = []
    for k in sorted(positions):
        a = k if 0 <= k < n_anchor else None
        m = k + offset if 0 <= k + offset < n_moving else None
        pairs.append((a, m))
    return pairs


def realign_rows(
    rows: Sequence[Sequence[str]], moving_cols: Sequence[int], offset: int
) -> list[tuple[list[str], int | None, int | None]]:
    """Rows with the ``moving_cols`` cells moved by ``offset``; each with its anchor and moving row.

    Rows left with every cell empty (the cells that slid off the end) are dropped.
    """
    moving = set(moving_cols)
    width = max((len(r) for r in rows), default=0)
    result: list[tuple[list[str], int | None, int | None]] = []
    for a, m in aligned_pairs(len(rows), len(rows), offset):
        cells = [""] * width
        for col in range(width):
            source = m if col in moving else a
            if source is not None and col < len(rows[source]):
                cells[col] = rows[source][col]
        if any(c.strip() for c in cells):
            result.append((cells, a, m))
    return result
