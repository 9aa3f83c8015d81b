"""Header cells misread by a letter or two (OCR) still name their field; other cells never do."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normalizers.headers import header_lexicon, recognise_header, recognise_misread_header


def test_ocr_misreadings_of_the_scans_name_their_fields():
    # As Tesseract read them on the scan of the Tétouan action plan and of the Aït Melloul matrices.
    assert recognise_header("النسبة / / الاثتزام") == "weight_in_commitment"
    assert recognise_header("الشركاء الحتملون") == "partners"


def test_data_cells_name_no_field():
    assert recognise_misread_header("إعداد وتخصيص صفحة البوابة الالكترونية") is None
    assert recognise_misread_header("تبسيط وثيقة الميزانية الرئيسية") is None
    assert recognise_misread_header("30%") is None


labels = st.sampled_from([label for label, _ in header_lexicon() if len(label.replace(" ", "")) >= 8])


@given(labels, st.integers(0, 50))
def test_one_letter_replaced_in_a_long_label_still_names_a_field(label: str, position: int):
    letters = list(label)
    index = position % len(letters)
    if letters[index] == " ":
        return
    letters[index] = "ث" if letters[index] != "ث" else "ن"
    misread = "".join(letters)
    fields = {f for lab, f in header_lexicon() if lab == label}
    # the label's own field, or none when another label comes as close: never another field
    assert recognise_misread_header(misread) in fields | {None}


@given(st.text(alphabet="0123456789%., ", min_size=0, max_size=12))
def test_figures_name_no_field(text: str):
    assert recognise_misread_header(text) is None


def test_a_short_label_clipped_by_one_letter_names_its_field():
    # The action plan scan read the bold "مجموع" as "جموع": too short for a ratio, one letter lost.
    assert recognise_header("جموع") == "commitment_total"
    assert recognise_header("مجمو") == "commitment_total"
    assert recognise_misread_header("جمو") is None  # three letters: anything could be
    assert recognise_misread_header("مجموعات") is None


@given(labels)
def test_a_long_label_clipped_by_one_letter_is_judged_by_the_ratio(label: str):
    fields = {f for lab, f in header_lexicon() if lab == label}
    assert recognise_misread_header(label[1:]) in fields | {None}
