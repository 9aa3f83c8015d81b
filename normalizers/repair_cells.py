"""Cell repairs for tables that a PDF/OCR text export left misaligned: pure functions on cell texts.

- column order: a right-to-left table exported in visual order has its cells mirrored. The order is
  read from the content: year columns run chronologically in reading order, and the row-label
  column (words) comes before the figures;
- wrapped text: a long cell continues on the next lines; an OCR pass can also repeat the end of a
  line at the start of the next one ("echo"), which joining must not duplicate;
- scattered names: a vertically merged group cell (a project name) comes out as one fragment per
  line around the middle of its group's rows; the fragments are joined into names and each name
  gets the rows it is centred on;
- OCR garbage: ``1000/`` is ``100%`` with the percent sign read as ``0/``; a reading is accepted only
  when the row's series stays cumulative (non-decreasing, 0..100).

Callers log one ``Repair`` per change; the functions say what they did and why.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from normalizers.arabic import arabic_ratio, fold_digits, fold_key, normalize_text
from normalizers.numbers import parse_percent

# --------------------------------------------------------------------------- column order

_YEAR = re.compile(r"(?:19|20)\d{2}")
# A run of years shorter than this is a date in a label, not a year header.
MIN_YEAR_COLUMNS = 3
_FIGURE = re.compile(r"[\d\s.,%*/_-]+")


@dataclass(frozen=True)
class ColumnOrder:
    """Whether the cells are mirrored (visual order of a right-to-left table), and why we think so."""

    mirrored: bool
    evidence: str


def year_of(text: str) -> int | None:
    """The year a header cell prints (``'2017'``), or None."""
    stripped = fold_digits(text).strip()
    return int(stripped) if _YEAR.fullmatch(stripped) else None


def year_columns(cells: Sequence[str]) -> dict[int, int]:
    """Column index -> year for the cells of a row that print a year."""
    return {i: year for i, text in enumerate(cells) if (year := year_of(text)) is not None}


def order_from_years(rows: Sequence[Sequence[str]]) -> ColumnOrder | None:
    """Reading order puts years chronologically: decreasing years in cell order mean mirrored cells."""
    for row in rows:
        columns = year_columns(row)
        if len(columns) < MIN_YEAR_COLUMNS:
            continue
        years = [columns[i] for i in sorted(columns)]
        rising = sum(b > a for a, b in itertools.pairwise(years))
        falling = sum(b < a for a, b in itertools.pairwise(years))
        if rising != falling:
            printed = ", ".join(map(str, years))
            return ColumnOrder(falling > rising, f"year header reads {printed} in cell order")
    return None


def is_words(text: str) -> bool:
    """A cell of words (at least two letters), as opposed to a figure or a mark."""
    return sum(ch.isalpha() for ch in text) >= 2


def is_figure(text: str) -> bool:
    stripped = fold_digits(text).strip()
    return bool(stripped) and any(ch.isdigit() for ch in stripped) and bool(_FIGURE.fullmatch(stripped))


def _column_kinds(rows: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
    """Columns that hold only words (row labels) and columns that hold only figures."""
    width = max((len(r) for r in rows), default=0)
    labels, figures = [], []
    for col in range(width):
        texts = [r[col] for r in rows if col < len(r) and r[col].strip()]
        if len(texts) < 2:
            continue
        if all(is_words(t) for t in texts):
            labels.append(col)
        elif all(is_figure(t) for t in texts):
            figures.append(col)
    return labels, figures


def order_from_labels(rows: Sequence[Sequence[str]]) -> ColumnOrder | None:
    """Reading order puts the row labels before their figures: labels after every figure = mirrored."""
    labels, figures = _column_kinds(rows)
    if not labels or not figures:
        return None
    if min(labels) > max(figures):
        return ColumnOrder(True, "row labels printed in the last column, after their figures")
    if max(labels) < min(figures):
        return ColumnOrder(False, "row labels printed in the first column, before their figures")
    return None


def detect_column_order(header: Sequence[Sequence[str]], body: Sequence[Sequence[str]]) -> ColumnOrder | None:
    """The order of a table's cells from its year header, else from where its labels sit."""
    return order_from_years(header) or order_from_years(body) or order_from_labels(body)


# --------------------------------------------------------------------------- OCR noise

# Words that may stand alone with one or two letters; other short tokens in OCR text are debris.
_SHORT_WORDS = frozenset(
    fold_key(w) for w in ("و", "في", "من", "عن", "مع", "كل", "أو", "او", "ما", "لا", "إن", "أن", "ان")
)
# Share of debris tokens from which a text is OCR noise rather than words.
NOISE_SHARE = 0.25
# Fewer distinct tokens than this share of all tokens: a repeated OCR guess ("الله الله الله").
MIN_DISTINCT_SHARE = 0.5


def _tokens(text: str) -> list[str]:
    return fold_key(text).split()


# Arabic letters that do not join the next one: a PDF text layer may put a space after them inside
# a word ("والتجهيز ات", "موار د").
_NON_JOINING = frozenset("ادذرزوأإآ")


def is_split_word(before: str, fragment: str) -> bool:
    """A short Arabic fragment that is the end of the word before it, split after a non-joining letter."""
    return bool(before) and before[-1] in _NON_JOINING and arabic_ratio(fragment) == 1.0


def is_noise(text: str, arabic: bool = True) -> bool:
    """OCR debris in a text cell: no words, Latin in an Arabic table, stray letters, one repeated guess."""
    cleaned = normalize_text(text)
    if not cleaned:
        return False
    if not is_words(cleaned):
        return True
    if arabic and arabic_ratio(cleaned) < 0.5:
        return True
    tokens = _tokens(cleaned)
    debris = [
        t
        for k, t in enumerate(tokens)
        if len(t) <= 2 and t not in _SHORT_WORDS and not (k and is_split_word(tokens[k - 1], t))
    ]
    if tokens and len(debris) / len(tokens) >= NOISE_SHARE:
        return True
    return len(tokens) >= 4 and len(set(tokens)) / len(tokens) < MIN_DISTINCT_SHARE


# --------------------------------------------------------------------------- joining wrapped text

# Two word runs at least this similar are the same words read twice (an OCR echo).
ECHO_SIMILARITY = 0.6
ECHO_WORD_SIMILARITY = 0.85


@lru_cache(maxsize=8192)
def similarity(a: str, b: str) -> float:
    """0..1 similarity of two texts on their matching keys."""
    key_a, key_b = fold_key(a), fold_key(b)
    if not key_a or not key_b:
        return 0.0
    return 1.0 if key_a == key_b else SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()


def overlap_words(first: Sequence[str], second: Sequence[str]) -> int:
    """How many leading words of ``second`` repeat the trailing words of ``first`` (0 if none).

    The overlap is the word count whose two runs are most alike (the longer on a tie), so that a
    long run that merely resembles the line does not swallow the words the echo adds.
    """
    best, best_k = 0.0, 0
    for k in range(min(len(first), len(second)), 0, -1):
        threshold = ECHO_SIMILARITY if k > 1 else ECHO_WORD_SIMILARITY
        score = similarity(" ".join(first[-k:]), " ".join(second[:k]))
        if score >= threshold and score > best:
            best, best_k = score, k
    return best_k


def drop_echo_words(words: Sequence[str]) -> list[str]:
    """Remove a word repeated right after itself, with or without the conjunction ("الحوار والحوار")."""
    kept: list[str] = []
    for word in words:
        if kept and fold_key(word) in {fold_key(kept[-1]), "و" + fold_key(kept[-1])}:
            kept[-1] = word
            continue
        kept.append(word)
    return kept


def merge_overlap(first: str, second: str) -> str:
    """``second`` appended to ``first`` without the words it repeats (an OCR echo of the line end)."""
    a, b = normalize_text(first).split(), normalize_text(second).split()
    k = overlap_words(a, b)
    rest = b[k:]
    if k and rest and len(fold_key(rest[0])) == 1 and fold_key(rest[0]) != "و":
        rest = rest[1:]  # the broken end of the echoed word ("على ا جملة")
    return " ".join(drop_echo_words(a + rest))


def join_fragments(parts: Sequence[str]) -> str:
    """Join the lines of a wrapped cell in order, echoes removed."""
    joined = ""
    for part in parts:
        joined = (
            merge_overlap(joined, part) if joined else " ".join(drop_echo_words(normalize_text(part).split()))
        )
    return joined


# Words that cannot end a phrase: a line ending with one continues on the next line.
_DANGLING = frozenset(
    fold_key(w)
    for w in (
        "في",
        "على",
        "من",
        "إلى",
        "عن",
        "مع",
        "حول",
        "عبر",
        "لدى",
        "بين",
        "خلال",
        "لفائدة",
        "بمختلف",
        "لأجل",
        "أجل",
        "التي",
        "الذي",
        "ذات",
        "أو",
        "و",
        "ل",
        "ب",
    )
)
# Prefixed prepositions that open a phrase's complement ("بالأحياء", "للمجلس").
_COMPLEMENT = re.compile(r"^(?:بال|لل|وال|و)\S")
# Lines of at most this many words finish the line above rather than stating an action.
SHORT_LINE_WORDS = 2


def ends_dangling(text: str) -> bool:
    words = _tokens(text)
    return bool(words) and words[-1] in _DANGLING


def continuation_reason(previous: str, line: str) -> str | None:
    """Why ``line`` (a line with no figures) continues the cell text ``previous``; None if it does not.

    Cues, each seen in the exports: the previous line ends on a preposition or conjunction; the
    line opens with a conjunction or a prefixed preposition; it is one or two words; it opens with
    an imperfect verb (a relative clause, "تجمع ..."); or the previous cell is a list of items that
    start with the same word as this line ("اقتناء ... اقتناء ...").
    """
    words, before = _tokens(line), _tokens(previous)
    if not words or not before:
        return None
    if before[-1] in _DANGLING:
        return f"line above ends with '{before[-1]}'"
    if _COMPLEMENT.match(words[0]):
        return f"line opens with the complement '{words[0]}'"
    if len(words) <= SHORT_LINE_WORDS:
        return f"{len(words)}-word line"
    if len(words[0]) == 4 and words[0][0] in "تي" and not words[0].startswith("ال"):
        return f"line opens with the verb '{words[0]}'"
    if before.count(words[0]) >= 2:
        return f"list cell: its items start with '{words[0]}'"
    return None


def must_continue_name(previous: str, line: str) -> bool:
    """A name fragment that cannot start a name: the line above is unfinished (a preposition, a
    pending coordination "تقييم و تجديد"), or this line opens with a conjunction or preposition."""
    words, before = _tokens(line), _tokens(previous)
    if not words or not before or before[-1] in _DANGLING:
        return True
    if (len(before) >= 2 and before[-2] == "و") or before[-1].startswith("و"):
        return True
    return words[0] == "و" or bool(_COMPLEMENT.match(words[0])) or words[0][0] == "ل"


# Prepositions a verbal noun governs ("البحث عن", "التعبئة لأجل", "المساهمة في").
_GOVERNED = frozenset(fold_key(w) for w in ("عن", "في", "من", "على", "إلى", "مع", "حول", "لأجل"))


def opens_name(line: str) -> bool:
    """A fragment that opens a name of its own: a definite verbal noun followed by the preposition
    it governs ("البحث عن ..."). An attribute continuing a name (``الجماعية``, ``القضائية``) is not
    followed by a preposition."""
    words = _tokens(line)
    return len(words) >= 2 and words[0].startswith("ال") and words[1] in _GOVERNED


def continues_name(previous: str, line: str) -> bool:
    """Whether a name fragment continues the fragment above: it must (``must_continue_name``), or it
    opens with an article without opening a name of its own (``opens_name``)."""
    if must_continue_name(previous, line):
        return True
    return _tokens(line)[0].startswith("ال") and not opens_name(line)


# A joined name longer than this is two names printed on consecutive lines (the longest name in
# the corpus has 7 words).
MAX_NAME_WORDS = 9


def split_names(fragments: Sequence[str]) -> list[list[str]]:
    """Consecutive name fragments as one or more names: a name too long to be one is split where
    a line need not continue the one above, nearest the middle of its words."""
    sizes = [len(normalize_text(f).split()) for f in fragments]
    if sum(sizes) <= MAX_NAME_WORDS or len(fragments) < 2:
        return [list(fragments)]
    free = [i for i in range(1, len(fragments)) if not must_continue_name(fragments[i - 1], fragments[i])]
    if not free:
        return [list(fragments)]
    cut = min(free, key=lambda i: abs(sum(sizes[:i]) - sum(sizes) / 2))
    return split_names(fragments[:cut]) + split_names(fragments[cut:])


# --------------------------------------------------------------------------- scattered names

# Names sit a little above the middle of their rows in the exports (centred text is rounded up to
# the line above): the expected offset, in lines, of a name's centre from its rows' centre. Measured
# on the Dakhla export: with -0.75, 15 of the 18 tables whose names are found get the PDF's grouping
# (0: 1, -0.5: 10, -1: 12).
NAME_OFFSET = -0.75


def _span_cost(name: tuple[int, int], first: int, last: int) -> float:
    centre_name = (name[0] + name[1]) / 2
    centre_rows = (first + last) / 2
    return (centre_name - centre_rows - NAME_OFFSET) ** 2


def scattered_spans(
    names: Sequence[tuple[int, int]], starts: Sequence[int], end: int
) -> list[tuple[int, int]]:
    """Rows (first, last) of each name, cut only where a unit starts, each name centred on its rows.

    ``names`` are the (first, last) rows of each name in order; ``starts`` the sorted rows where a
    unit (an action) starts, the first of them opening the table; ``end`` the row after the last.
    A name's rows begin at or before its first line and after the previous name's last line when
    possible. Dynamic programming over the cuts minimises the squared off-centre distances.
    """
    if not names:
        return []
    # Names are disjoint and in order, so every cut allowed for name i+1 lies after every cut of name i.
    cuts_for: list[list[int]] = [[min(starts[0], names[0][0])]]
    for i in range(1, len(names)):
        allowed = [s for s in starts if names[i - 1][1] < s <= names[i][0]]
        cuts_for.append(allowed or [s for s in starts if names[i - 1][0] < s <= names[i][1]] or [names[i][0]])
    # best[i][cut] = (cost of names i.. given name i starts at cut, next cut)
    best: list[dict[int, tuple[float, int]]] = [{} for _ in names]
    for cut in cuts_for[-1]:
        best[-1][cut] = (_span_cost(names[-1], cut, end - 1), end)
    for i in range(len(names) - 2, -1, -1):
        for cut in cuts_for[i]:
            options = [
                (_span_cost(names[i], cut, nxt - 1) + best[i + 1][nxt][0], nxt) for nxt in cuts_for[i + 1]
            ]
            best[i][cut] = min(options)
    spans: list[tuple[int, int]] = []
    cut = min(best[0], key=lambda c: best[0][c][0])
    for i in range(len(names)):
        nxt = best[i][cut][1]
        spans.append((cut, nxt - 1))
        cut = nxt
    return spans


# --------------------------------------------------------------------------- OCR garbage to numbers

# How OCR misreads the percent sign after the digits, and what it was read as.
_GARBLED_PERCENT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{1,3})0/"), "% read as 0/"),
    (re.compile(r"(\d{1,3})/0"), "% read as /0"),
    (re.compile(r"(\d{1,3})70"), "% read as 70"),
)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SeriesReading:
    """A row of percentage cells read: values (None = empty), the cells read from OCR garbage
    (index -> rule), the cells left unread (garbled beyond the rules or breaking the series)."""

    values: tuple[Decimal | None, ...]
    repaired: dict[int, str]
    unread: tuple[int, ...]

    def evidence(self) -> str:
        rules = sorted(set(self.repaired.values()))
        shown = ",".join("?" if v is None and i in self.unread else str(v) for i, v in self.shown())
        return f"OCR: {'; '.join(rules)}; series cumulative {shown}"

    def shown(self) -> list[tuple[int, Decimal | None]]:
        return [(i, v) for i, v in enumerate(self.values) if v is not None or i in self.unread]


def read_garbled_percent(text: str) -> tuple[Decimal, str] | None:
    """The percentage an OCR-garbled cell stands for, with the misreading, or None."""
    stripped = fold_digits(text).strip()
    for pattern, rule in _GARBLED_PERCENT:
        match = pattern.fullmatch(stripped)
        if match:
            value = Decimal(match.group(1))
            return (value, rule) if value <= HUNDRED else None
    return None


def is_garbled(text: str) -> bool:
    """A cell that holds digits but does not read as a percentage."""
    if not any(ch.isdigit() for ch in fold_digits(text)):
        return bool(text.strip()) and any(ch.isalpha() for ch in text)
    try:
        parse_percent(text)
    except ValueError:
        return True
    return False


def is_cumulative(values: Sequence[Decimal]) -> bool:
    return all(HUNDRED >= b >= a >= 0 for a, b in itertools.pairwise(values))


def read_percent_series(cells: Sequence[str]) -> SeriesReading:
    """Read a row's percentage cells in year order, turning OCR garbage into numbers where the rules
    read it and the row's readable values stay cumulative; the rest is left unread."""
    values: list[Decimal | None] = []
    readings: dict[int, str] = {}
    unread: list[int] = []
    for i, text in enumerate(cells):
        try:
            values.append(parse_percent(text))
            continue
        except ValueError:
            pass
        reading = read_garbled_percent(text)
        values.append(reading[0] if reading else None)
        if reading:
            readings[i] = reading[1]
        else:
            unread.append(i)
    if readings and not is_cumulative([v for v in values if v is not None]):
        for i in readings:
            values[i] = None
        unread = sorted([*unread, *readings])
        readings = {}
    return SeriesReading(tuple(values), readings, tuple(unread))
