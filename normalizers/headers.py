"""Header recognition: printed column labels (Arabic or French) -> canonical field names.

The lexicon is data: every ``lexicons/headers_*.csv`` file (columns ``field,label``) lists labels as
printed in some document. Matching uses ``fold_key`` so letter variants, tatweel, diacritics and
spacing do not matter. A label matches a header cell when the folded label equals the folded cell,
or is contained in it as whole words (headers often carry a unit or a second language).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

from normalizers.arabic import fold_key

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"


@cache
def header_lexicon() -> tuple[tuple[str, str], ...]:
    """(folded label, field) pairs, longest label first so the most specific label wins."""
    pairs: list[tuple[str, str]] = []
    for lexicon in sorted(LEXICON_DIR.glob("headers_*.csv")):
        with lexicon.open(encoding="utf-8") as fh:
            for entry in csv.DictReader(fh):
                key = fold_key(entry["label"])
                if key:
                    pairs.append((key, entry["field"].strip()))
    return tuple(sorted(set(pairs), key=lambda p: -len(p[0])))


# Interpreters test every cell of every row as a header many times over (scoring each interpreter,
# then header depth, then reading): 1.1 million calls for 120 synthetic documents, each scanning
# the lexicon. The answer depends on the text only (the lexicon is read once per process), so
# the two entry points are cached; a cache of cells, bounded like fold_key's.
HEADER_CACHE_SIZE = 65_536


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def printed_header(text: str) -> str | None:
    """The field a header cell names as printed (a lexicon label, whole or as words of it), or None:
    ``recognise_header`` without the tolerance for misread letters."""
    field = _lexicon_field(fold_key(text))
    if field is None and "\n" in text:
        glued = _glue_word_ends(text)
        if glued != text:
            field = _lexicon_field(fold_key(glued))
    return field


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def recognise_header(text: str) -> str | None:
    """The canonical field a header cell names, or None.

    A column narrower than a word wraps it inside the word ("المشرو" / "ع", "مؤشرا" / "ت التتبع"):
    when the cell names nothing as printed, it is read again with each line that opens with a
    fragment of one or two letters glued to the line above; then it may name the one label it is
    nearly equal to (``recognise_misread_header``: a letter or two misread by OCR).
    """
    field = printed_header(text)
    if field is not None and fold_key(text) in _whole_labels():
        return field
    # A cell that only contains a shorter label ("التكلفة التقديرية") but is nearly the whole of a
    # longer one ("التكلفة التقديرية المشروع", OCR for "... للمشروع") names the longer one's field.
    misread = recognise_misread_header(text)
    return misread if misread is not None else field


@cache
def _whole_labels() -> frozenset[str]:
    return frozenset(label for label, _ in header_lexicon())


# A header cell read by OCR with a letter or two wrong ("النسبة / الاثتزام") names the one label it
# is this close to (difflib ratio on folded text, spaces ignored), when no other label comes close.
MIN_LABEL_SIMILARITY = 0.86
MIN_FUZZY_LABEL_LETTERS = 6
SIMILARITY_MARGIN = 0.06


def recognise_misread_header(text: str) -> str | None:
    """The field of the one lexicon label a header cell is nearly equal to, or None. A whole cell
    must be that close: a data cell that merely contains a label's words never is."""
    cell = fold_key(text).replace(" ", "")
    if len(cell) < MIN_FUZZY_LABEL_LETTERS:
        return _clipped_label_field(cell)
    return _closest_field(cell)


# A label too short for a ratio ("مجموع") is still named by a cell that prints it with its first
# or last letter lost and nothing else ("جموع": the initial letter of a bold word OCR misses),
# when no other label clips to the same letters.
MIN_CLIPPED_LABEL_LETTERS = 4


def _clipped_label_field(cell: str) -> str | None:
    if len(cell) < MIN_CLIPPED_LABEL_LETTERS:
        return None
    fields = {
        field
        for label, field in header_lexicon()
        if len(key := label.replace(" ", "")) == len(cell) + 1 and cell in (key[1:], key[:-1])
    }
    return fields.pop() if len(fields) == 1 else None


@lru_cache(maxsize=65_536)
def _closest_field(cell: str) -> str | None:
    # Interpreters ask for every cell of every row many times: cached, and labels whose length
    # cannot reach the ratio are skipped before difflib compares them.
    floor = MIN_LABEL_SIMILARITY - SIMILARITY_MARGIN
    scored = []
    for label, field in header_lexicon():
        key = label.replace(" ", "")
        if 2 * min(len(key), len(cell)) / (len(key) + len(cell)) < floor:
            continue
        matcher = SequenceMatcher(None, cell, key)
        if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
            scored.append((matcher.ratio(), field))
    if not scored:
        return None
    scored.sort(reverse=True)
    best, field = scored[0]
    rivals = [r for r, f in scored[1:] if f != field]
    if best >= MIN_LABEL_SIMILARITY and (not rivals or rivals[0] <= best - SIMILARITY_MARGIN):
        return field
    return None


def _lexicon_field(cell: str) -> str | None:
    if not cell:
        return None
    padded = f" {cell} "
    for label, field in header_lexicon():
        if cell == label or f" {label} " in padded:
            return field
    return None


# A line that opens with at most this many letters before a space (or its end) may finish the last
# word of the line above, cut by the column's edge.
WORD_END_LETTERS = 2


def _glue_word_ends(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = lines[:1]
    for line in lines[1:]:
        first = line.split()[0]
        out[-1:] = [out[-1] + line] if len(first) <= WORD_END_LETTERS else [out[-1], line]
    return " ".join(out)


def header_fields(cells: Sequence[str]) -> dict[int, str]:
    """Column index -> field for the cells of a header row that name a known field."""
    fields: dict[int, str] = {}
    for i, text in enumerate(cells):
        field = recognise_header(text)
        if field is not None:
            fields[i] = field
    return fields


def header_score(cells: Sequence[str]) -> float:
    """Share of non-empty cells that are recognised headers: tells a header row from a data row."""
    non_empty = [c for c in cells if c.strip()]
    if not non_empty:
        return 0.0
    return len(header_fields(non_empty)) / len(non_empty)


def joined_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """Header rows joined cell by cell, top to bottom: a label split or wrapped over lines, whole."""
    width = max((len(r) for r in rows), default=0)
    return [" ".join(r[c].strip() for r in rows if c < len(r) and r[c].strip()) for c in range(width)]
