from hypothesis import given
from hypothesis import strategies as st

from normalizers.columns import CarriedRun, carry_down, reverse_columns


def test_carry_down_fills_a_group_and_reports_the_run():
    # The domain cell of the Tétouan workshops is printed only on the group's first proposal.
    values = ["التواصل Communication", "", " ", None, "الحق في الحصول على المعلومة", ""]
    filled, runs = carry_down(values)
    assert filled == [
        "التواصل Communication",
        "التواصل Communication",
        "التواصل Communication",
        "التواصل Communication",
        "الحق في الحصول على المعلومة",
        "الحق في الحصول على المعلومة",
    ]
    assert runs == [
        CarriedRun("التواصل Communication", 0, 1, 3),
        CarriedRun("الحق في الحصول على المعلومة", 4, 5, 5),
    ]


def test_carry_down_leaves_leading_empties():
    assert carry_down(["", "a", ""])[0] == ["", "a", "a"]


cells = st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=5))


@given(st.lists(cells, max_size=30))
def test_carry_down_properties(values):
    filled, runs = carry_down(values)
    assert len(filled) == len(values)
    # non-empty cells are never changed; carried rows are exactly the runs' rows
    for i, v in enumerate(values):
        if v is not None and v.strip():
            assert filled[i] == v
    carried = {i for r in runs for i in range(r.first, r.last + 1)}
    assert all(filled[i] == values[r.source] for r in runs for i in range(r.first, r.last + 1))
    assert all(not (values[i] or "").strip() for i in carried)
    assert carry_down(filled)[0] == filled  # idempotent


@given(st.lists(st.lists(st.text(max_size=3), max_size=6), max_size=6))
def test_reverse_columns_is_an_involution(rows):
    assert reverse_columns(reverse_columns(rows)) == [list(r) for r in rows]
