"""Shifted column groups: detection from repeated text, re-alignment, on small tables built here."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from normalizers.repair_shift import (
    SAME_TEXT_SIMILARITY,
    aligned_pairs,
    detect_shift,
    realign_rows,
    text_similarity,
)

ITEMS = [
    "اعداد ونشر ميزانية المواطن",
    "استشارة عمومية حول الدليل",
    "إطلاق تجريبي للموقع",
    "تهيئة ولوجيات نموذجية",
]
# The aligned table: item, component (repeats the item), weight in group, weight in commitment.
ALIGNED = [[t, t, f"{w}%", f"{w // 2}%"] for t, w in zip(ITEMS, (100, 30, 30, 40), strict=True)]
MOVING = (1, 2, 3)


def shifted_down(rows: list[list[str]], moving: tuple[int, ...]) -> list[list[str]]:
    """The moving cells printed one row below their anchor (an extra row at the end)."""
    width = len(rows[0])
    out = [[""] * width for _ in range(len(rows) + 1)]
    for i, row in enumerate(rows):
        for col in range(width):
            target = i + 1 if col in moving else i
            out[target][col] = row[col]
    return out


def shifted_up(rows: list[list[str]], moving: tuple[int, ...]) -> list[list[str]]:
    """The moving cells printed one row above their anchor (an extra row at the start)."""
    width = len(rows[0])
    out = [[""] * width for _ in range(len(rows) + 1)]
    for i, row in enumerate(rows):
        for col in range(width):
            target = i if col in moving else i + 1
            out[target][col] = row[col]
    return out


def column(rows: list[list[str]], col: int) -> list[str]:
    return [r[col] for r in rows]


def test_similarity_ignores_letter_variants_and_spacing() -> None:
    assert text_similarity("إعداد  ميزانية", "اعداد ميزانية") == 1.0
    assert text_similarity("", "اعداد") == 0.0
    assert text_similarity("تشكيل المجلس الجماعي للشباب", "تشكيل المجلس الجماعي للطفولة") < 1.0


def test_shift_by_one_row_down_is_detected_and_repaired() -> None:
    table = shifted_down(ALIGNED, MOVING)
    shift = detect_shift(column(table, 0), column(table, 1))
    assert shift is not None
    assert shift.offset == 1
    assert [(m.anchor_row, m.moving_row) for m in shift.evidence] == [(0, 1), (1, 2), (2, 3), (3, 4)]
    repaired = realign_rows(table, MOVING, shift.offset)
    assert [cells for cells, _, _ in repaired] == ALIGNED
    # Each repaired row says where its cells came from: anchor row i, moving row i + 1.
    assert [(a, m) for _, a, m in repaired] == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_shift_by_one_row_up_is_detected_and_repaired() -> None:
    table = shifted_up(ALIGNED, MOVING)
    shift = detect_shift(column(table, 0), column(table, 1))
    assert shift is not None
    assert shift.offset == -1
    assert [cells for cells, _, _ in realign_rows(table, MOVING, shift.offset)] == ALIGNED


def test_aligned_table_has_no_shift_and_nothing_moves() -> None:
    assert detect_shift(column(ALIGNED, 0), column(ALIGNED, 1)) is None
    assert [cells for cells, _, _ in realign_rows(ALIGNED, MOVING, 0)] == ALIGNED


def test_columns_that_never_repeat_each_other_have_no_shift() -> None:
    components = ["تبسيط وثيقة الميزانية", "نشر الدليل", "وضع شاشات", "إحداث منصة"]
    assert detect_shift(ITEMS, components) is None


def test_a_few_coincidences_do_not_make_a_shift() -> None:
    # One row out of four repeats the item above: not the table's pattern.
    components = ["تبسيط وثيقة الميزانية", ITEMS[0], "وضع شاشات", "إحداث منصة"]
    assert detect_shift(ITEMS, components) is None


def test_aligned_pairs_keep_rows_pushed_off_the_table() -> None:
    assert aligned_pairs(3, 3, 1) == [(None, 0), (0, 1), (1, 2), (2, None)]
    assert aligned_pairs(2, 2, 0) == [(0, 0), (1, 1)]
    assert aligned_pairs(2, 2, -1) == [(0, None), (1, 0), (None, 1)]


WORDS = [
    "اعداد",
    "ميزانية",
    "المواطن",
    "دليل",
    "الشراكة",
    "البوابة",
    "الجماعة",
    "موقع",
    "تطبيق",
    "الشباب",
    "الطفولة",
    "الولوج",
    "التراث",
    "منصة",
    "برنامج",
    "التنشيط",
    "المساواة",
    "قدرات",
    "SLEC",
    "2030",
]
texts = st.lists(st.sampled_from(WORDS), min_size=2, max_size=5, unique=True).map(" ".join)
rows_strategy = st.lists(st.tuples(texts, st.integers(1, 100), st.integers(1, 100)), min_size=1, max_size=8)


@given(rows_strategy)
def test_shifting_a_column_group_and_repairing_gives_the_table_back(drawn) -> None:
    items = [t for t, _, _ in drawn]
    # The evidence is present only when distinct rows read as distinct texts.
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            assume(text_similarity(a, b) < SAME_TEXT_SIMILARITY)
    aligned = [[t, t, f"{g}%", f"{c}%"] for t, g, c in drawn]
    for shift_table, expected in ((shifted_down, 1), (shifted_up, -1)):
        table = shift_table(aligned, MOVING)
        shift = detect_shift(column(table, 0), column(table, 1))
        assert shift is not None
        assert shift.offset == expected
        assert [cells for cells, _, _ in realign_rows(table, MOVING, shift.offset)] == aligned


@given(st.integers(0, 12), st.integers(0, 12), st.integers(-3, 3))
def test_aligned_pairs_use_every_row_once_in_order(n_anchor: int, n_moving: int, offset: int) -> None:
    pairs = aligned_pairs(n_anchor, n_moving, offset)
    assert [a for a, _ in pairs if a is not None] == list(range(n_anchor))
    assert [m for _, m in pairs if m is not None] == list(range(n_moving))
    assert all(a is None or m is None or m - a == offset for a, m in pairs)
