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
