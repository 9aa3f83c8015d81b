"""Accuracy scoring of the PDF benchmark (pure functions; no timing here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bench.scoring import Reference, accuracy, cell_amounts, cell_codes, found_counts, found_titles
from normalizers.arabic import fold_key


def test_title_found_whole_after_folding() -> None:
    title = fold_key("اختيار بناية جماعية لاحتضان الاستوديو السمعي البصري")
    assert found_titles([title], [fold_key("إختيار بناية جماعية لإحتضان الاستوديو السمعي البصري")]) == 1


def test_title_in_visual_order_or_cut_is_missed() -> None:
    title = fold_key("اختيار بناية جماعية")
    assert found_titles([title], [fold_key("ةيعامج ةيانب رايتخا")]) == 0
    assert found_titles([title], [fold_key("اختيار بناية"), fold_key("جماعية")]) == 0


def test_amounts_in_dirhams_and_in_millions() -> None:
    assert Decimal("150000") in cell_amounts("150 000.00")
    assert Decimal("40000") in cell_amounts("40000,00 درهم")
    assert Decimal("100000") in cell_amounts("0.1")  # a PAC cost stated in millions


def test_code_broken_over_two_lines_is_read_whole() -> None:
    assert cell_codes("PO-24-25-\nCDAI-01") == {"PO-24-25-CDAI-01"}


def test_found_counts_per_category() -> None:
    reference = Reference(
        titles=frozenset({fold_key("تنظيم حملات تحسيسية على مستوى المدارس")}),
        amounts=frozenset({Decimal("150000")}),
        dates=frozenset({date(2024, 1, 1), date(2024, 12, 31)}),
        codes=frozenset({"PO-24-25-CDAI-01"}),
    )
    cells = ["تنظيم حملات تحسيسية على مستوى المدارس", "150 000.00", "2024-01-01", "PO-24-25-\nCDAI-01"]
    assert found_counts(reference, cells) == {"title": 1, "amount": 1, "date": 1, "code": 1}


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=1000))
def test_accuracy_is_a_share(found: int, extra: int) -> None:
    total = found + extra
    value = accuracy(found, total)
    assert value is not None and 0 <= value < 1
    assert accuracy(total, total) == 1
    assert accuracy(0, 0) is None


@given(st.lists(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=3, max_size=30), max_size=5))
def test_every_cell_holds_itself_as_a_title(cells: list[str]) -> None:
    titles = [fold_key(c) for c in cells if fold_key(c)]
    assert found_titles(titles, [fold_key(c) for c in cells]) == len(titles)
