"""normalizers.codes: open-plan project codes as printed in the Aït Melloul plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.codes import find_project_codes, normalize_project_code

AIT_MELLOUL_TXT = Path(__file__).resolve().parents[1] / "data/raw/ait-melloul_open-plan_2024-2025.txt"
CANONICAL = re.compile(r"PO-\d\d-\d\d-[A-Z]+-\d\d")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PO-24-25-\nCDAI-01", "PO-24-25-CDAI-01"),  # matrices 07 and 08: broken over two lines
        ("PO-24-25-\nEIGS-11", "PO-24-25-EIGS-11"),
        ("  PO-24-25-CDAI-01 ", "PO-24-25-CDAI-01"),
        ("PO-24-25-ENOVSP-04", "PO-24-25-ENOVSP-04"),
        ("PO-ENOVSP-24-25=05", "PO-24-25-ENOVSP-05"),  # matrix 09: misprinted
        ("PO-ENOVSP-24-25=06", "PO-24-25-ENOVSP-06"),
        ("po-24-25-pc-07", "PO-24-25-PC-07"),
        ("PO-24-25-PC-7", "PO-24-25-PC-07"),
        ("PO - 24 - 25 - CDAI01", "PO-24-25-CDAI-01"),
        ("\u202aPO-24-25-PC-10\u202c", "PO-24-25-PC-10"),  # pdftotext embedding marks
        ("المشروع PO-24-25-PC-09 :", "PO-24-25-PC-09"),
        ("PO-24-25-PC-08 و PO-24-25-PC-08", "PO-24-25-PC-08"),  # the same code twice
    ],
)
def test_normalize_project_code(text: str, expected: str) -> None:
    assert normalize_project_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "PO-24-25-",  # first half of a broken code alone
        "CDAI-01",  # second half alone
        "PO-24-25-CDAI",
        "PO-2024-2025-CDAI-01",  # four-digit years: not the code format
        "POLICE-24-25-X-01",
        "TOPO-24-25-CDAI-01",
        "خطة انفتاح جماعة أيت ملول برسم الفترة 2024-2025",
        "2024-01-01",
    ],
)
def test_normalize_project_code_none(text: str) -> None:
    assert normalize_project_code(text) is None


def test_normalize_project_code_refuses_two_codes() -> None:
    with pytest.raises(ValueError, match="several project codes"):
        normalize_project_code("PO-24-25-PC-07 PO-24-25-PC-08")


def test_find_project_codes_in_order() -> None:
    text = "PO-24-25-\nCDAI-01\n\tPO-ENOVSP-24-25=06\n\tPO-24-25-CDAI-01"
    assert find_project_codes(text) == ["PO-24-25-CDAI-01", "PO-24-25-ENOVSP-06", "PO-24-25-CDAI-01"]


def test_every_code_of_the_ait_melloul_plan() -> None:
    if not AIT_MELLOUL_TXT.exists():
        pytest.skip("corpus file not present")
    text = AIT_MELLOUL_TXT.read_text(encoding="utf-8")
    codes = find_project_codes(text)
    # one code per line that starts with "PO" (the broken ones continue on the next line)
    assert len(codes) == sum(1 for line in text.splitlines() if line.strip().startswith("PO-"))
    assert all(CANONICAL.fullmatch(code) for code in codes)
    axes = ["CDAI"] * 3 + ["ENOVSP"] * 3 + ["PC"] * 4 + ["EIGS"]
    assert sorted(set(codes)) == sorted(f"PO-24-25-{axis}-{n:02d}" for n, axis in enumerate(axes, 1))


_CODES = st.builds(
    lambda y1, y2, axis, n: f"PO-{y1:02d}-{y2:02d}-{axis}-{n:02d}",
    st.integers(0, 99),
    st.integers(0, 99),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=10),
    st.integers(0, 99),
)


@settings(max_examples=200, deadline=None)
@given(_CODES)
def test_normalize_project_code_is_idempotent(code: str) -> None:
    once = normalize_project_code(code)
    assert once == code
    assert normalize_project_code(once) == once


@settings(max_examples=200, deadline=None)
@given(_CODES, st.data())
def test_a_code_broken_at_any_hyphen_comes_back(code: str, data: st.DataObject) -> None:
    hyphen_positions = [i for i, ch in enumerate(code) if ch == "-"]
    at = data.draw(st.sampled_from(hyphen_positions))
    before = data.draw(st.sampled_from(["", " ", "  "]))
    after = data.draw(st.sampled_from(["", " ", "\t", "   "]))
    keep_hyphen_on_first_line = data.draw(st.booleans())
    if keep_hyphen_on_first_line:
        broken = f"{code[: at + 1]}{before}\n{after}{code[at + 1 :]}"
    else:
        broken = f"{code[:at]}{before}\n{after}{code[at:]}"
    assert normalize_project_code(broken) == code
