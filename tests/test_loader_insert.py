"""Bulk inserts (loader.warehouse.insert_rows) store exactly what one INSERT per row stored."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from loader.warehouse import insert_rows

TABLE = """CREATE TABLE {name} (
    s VARCHAR, i INTEGER, b BIGINT, m DECIMAL(14, 2), p DECIMAL(7, 2), d DATE, t TIMESTAMP,
    flag BOOLEAN, words VARCHAR[], numbers INTEGER[])"""
COLUMNS = ["s", "i", "b", "m", "p", "d", "t", "flag", "words", "numbers"]


def stored(values: list[list[object]], bulk: bool) -> list[tuple]:
    conn = duckdb.connect()
    conn.execute(TABLE.format(name="t"))
    if bulk:
        insert_rows(conn, "t", COLUMNS, values)
    else:
        conn.executemany(
            f"INSERT INTO t ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", values
        )
    return conn.execute("SELECT * FROM t").fetchall()


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


# Values of the loader's kinds, and some it never produces (a float or an int for a DECIMAL, a
# Decimal with more places than the column, a string for an INTEGER) that must take the old route.
row = st.tuples(
    maybe(st.text(max_size=8)),
    maybe(st.integers(-(2**31), 2**31 - 1) | st.sampled_from(["7"])),
    maybe(st.integers(-(2**63), 2**63 - 1)),
    maybe(
        st.decimals(min_value=-(10**11), max_value=10**11, places=2) | st.sampled_from([Decimal("1.235"), 3])
    ),
    maybe(
        st.decimals(min_value=-99999, max_value=99999, places=1) | st.sampled_from([12.5, Decimal("1E+2")])
    ),
    maybe(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))),
    maybe(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1))),
    maybe(st.booleans()),
    maybe(st.lists(maybe(st.text(max_size=5)), max_size=3)),
    maybe(st.lists(st.integers(-1000, 1000), max_size=3)),
).map(list)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(row, min_size=1, max_size=12))
def test_bulk_insert_stores_what_executemany_stored(values: list[list[object]]) -> None:
    assert stored(values, bulk=True) == stored(values, bulk=False)


def test_plain_rows_and_a_rounded_decimal() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, 6)
    plain = [["a", 1, 2, Decimal("10.50"), Decimal("3.5"), date(2024, 1, 2), when, True, ["x", None], [1, 2]]]
    expected = (
        "a",
        1,
        2,
        Decimal("10.50"),
        Decimal("3.50"),
        date(2024, 1, 2),
        when,
        True,
        ["x", None],
        [1, 2],
    )
    assert stored(plain, bulk=True) == [expected]
    # DuckDB rounds a third decimal place; the bulk route leaves such a row to it.
    rounded = [[None, None, None, Decimal("1.235"), None, None, None, None, None, None]]
    expected = (None, None, None, Decimal("1.24"), None, None, None, None, None, None)
    assert stored(rounded, bulk=True) == stored(rounded, bulk=False) == [expected]
