"""Open-plan matrix columns whose header names nothing, named by their cells (``header-by-content``)."""

from __future__ import annotations

from interpret.open_plan.matrices.grid import (
    ACTIVITY_COST,
    CODE,
    END,
    START,
    GridRow,
    cost_column_by_content,
    date_columns_by_content,
)
from plans.model import Location


def body(*rows: tuple[str, ...]) -> list[GridRow]:
    return [
        GridRow(0, i + 1, Location(line=i + 2), row, tuple(range(len(row)))) for i, row in enumerate(rows)
    ]


DATES = body(
    ("PO-24-25-CDAI-01", "a", "2024-01-01", "2024-12-31"),
    ("", "b", "2024-03-01", "2025-12-31"),
)


def test_two_unnamed_date_columns_are_start_then_end_by_their_dates():
    assert date_columns_by_content({0: CODE}, DATES) == {2: START, 3: END}
    swapped = body(*[(r.texts[0], r.texts[1], r.texts[3], r.texts[2]) for r in DATES])
    assert date_columns_by_content({0: CODE}, swapped) == {3: START, 2: END}


def test_one_unnamed_date_column_is_the_missing_one_when_its_dates_agree():
    assert date_columns_by_content({0: CODE, 2: START}, DATES) == {3: END}
    assert date_columns_by_content({0: CODE, 3: START}, DATES) == {}  # its dates come before


def test_dates_that_say_no_order_name_nothing():
    mixed = body(("x", "a", "2024-01-01", "2024-12-31"), ("", "b", "2025-12-31", "2025-01-01"))
    assert date_columns_by_content({0: CODE}, mixed) == {}


def test_the_cost_column_is_named_only_when_it_is_the_one_unnamed_amount_column():
    rows = body(("x", "a", "150 000,00", "0,00"), ("", "b", "5 000,00", "0,00"))
    assert cost_column_by_content({0: CODE, 3: "budget_mobilised"}, rows) == {2: ACTIVITY_COST}
    assert cost_column_by_content({0: CODE}, rows) == {}  # two candidates: ambiguous
    assert cost_column_by_content({0: CODE, 2: ACTIVITY_COST}, rows) == {}
