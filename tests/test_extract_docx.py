"""Word extractor: values read from the corpus documents, checked against their .txt renditions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from extractors.base import ExtractionError
from extractors.docx import (
    extract_docx,
    heading_level_from_style_name,
    is_on,
    split_list_marker,
)
from plans.model import Cell, ExtractedDocument, Table

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
AIT_MELLOUL = RAW / "ait-melloul_open-plan_2024-2025"
ACTION_PLAN = RAW / "tetouan_action-plan_2023-2026"
WORKSHOPS = RAW / "tetouan_cocreation-workshops_2022"


@pytest.fixture(scope="module")
def ait_melloul() -> ExtractedDocument:
    return extract_docx(AIT_MELLOUL.with_suffix(".docx"))


@pytest.fixture(scope="module")
def action_plan() -> ExtractedDocument:
    return extract_docx(ACTION_PLAN.with_suffix(".docx"))


@pytest.fixture(scope="module")
def workshops() -> ExtractedDocument:
    return extract_docx(WORKSHOPS.with_suffix(".docx"))


def all_cells(document: ExtractedDocument) -> list[Cell]:
    return [cell for table in document.tables for row in table.rows for cell in row.cells]


def row_starting(table: Table, column: int, prefix: str) -> list[Cell]:
    rows = [
        row for row in table.rows if len(row.cells) > column and row.cells[column].text.startswith(prefix)
    ]
    assert len(rows) == 1, f"{len(rows)} rows start with {prefix!r}"
    return list(rows[0].cells)


def tab_export_cells(path: Path) -> list[str]:
    """Cells of a Word text export: one tab-led line per cell, tab-less lines continue the cell, an
    empty line ends the row. Paragraphs in between are skipped."""
    cells: list[str] = []
    in_row = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("\t"):
            cells.append(line[1:])
            in_row = True
        elif not line:
            in_row = False
        elif in_row:
            cells[-1] += "\n" + line
    return cells


# --------------------------------------------------------------------------- document level


def test_document_metadata(ait_melloul: ExtractedDocument) -> None:
    assert ait_melloul.source_format == "docx"
    assert ait_melloul.extractor == "docx/1"
    assert ait_melloul.file_name == "ait-melloul_open-plan_2024-2025.docx"
    assert len(ait_melloul.sha256) == 64
    # 5 "page break before" paragraphs and 1 next-page section break (no rendered breaks saved).
    assert ait_melloul.pages_or_lines == 7
    assert ait_melloul.warnings == ()


def test_ait_melloul_has_six_small_tables_and_fifteen_matrix_blocks(ait_melloul: ExtractedDocument) -> None:
    tables = ait_melloul.tables
    assert len(tables) == 21
    assert [t.index for t in tables] == list(range(21))
    assert all(t.right_to_left for t in tables)
    first_headers = [t.rows[0].cells[0].text for t in tables]
    assert first_headers.count("رمز\n المشروع") == 8  # matrices 07 (6 blocks) and 08 (2 blocks)
    assert first_headers.count("رمز المشروع") == 7  # matrix 09


def test_blocks_interleave_paragraphs_and_tables_in_body_order(ait_melloul: ExtractedDocument) -> None:
    kinds = [type(block).__name__ for block in ait_melloul.blocks]
    first_table = kinds.index("Table")
    assert kinds[0] == "Paragraph"
    assert ait_melloul.blocks[0].text == " كلمة رئيس جماعة أيت ملول:"
    # Caption "الجدول رقم 01" follows its table.
    assert ait_melloul.blocks[first_table + 1].text.startswith("الجدول رقم 01")


# --------------------------------------------------------------------------- Aït Melloul matrices


def test_matrix_08_activity_and_its_costs(ait_melloul: ExtractedDocument) -> None:
    matrix_08 = ait_melloul.tables[12]
    cells = row_starting(matrix_08, 4, "تهيئة مكان احتضان الأستوديو")
    # the four project-level columns are merged down from the project's first row
    assert [c.continues_above for c in cells[:4]] == [True] * 4
    assert [c.text for c in cells[5:]] == ["50 000.00", "50 000.00", "0.00", "0.00"]


def test_matrix_08_project_row_keeps_code_and_padded_cost(ait_melloul: ExtractedDocument) -> None:
    matrix_08 = ait_melloul.tables[12]
    cells = row_starting(matrix_08, 0, "PO-24-25-\nCDAI-01")
    assert cells[0].row_span == 4 and cells[0].bold
    assert cells[3].text == "150 000.00   "  # padding spaces kept: raw text
    assert cells[3].row_span == 4


def test_vmerge_continuations_are_empty_and_not_duplicated(ait_melloul: ExtractedDocument) -> None:
    matrix_08 = ait_melloul.tables[12]
    start = next(i for i, row in enumerate(matrix_08.rows) if row.cells[0].text == "PO-24-25-\nCDAI-01")
    below = matrix_08.rows[start + 1 : start + 4]
    assert all(row.cells[0] == Cell("", continues_above=True) for row in below)
    # one Cell per w:tc: the data rows have 9 cells, the subtotal row 4 (its label spans 6 columns)
    subtotal = matrix_08.rows[start + 4]
    assert subtotal.texts == ["تكلفة المشروع 1 حسب البرمجة", "150 000.00", "0.00", "0.00"]
    assert subtotal.cells[0].col_span == 6


def test_matrix_08_header_spans(ait_melloul: ExtractedDocument) -> None:
    header = ait_melloul.tables[12].rows
    assert header[0].cells[-1].text == "البرمجة السنوية (بالدرهم)" and header[0].cells[-1].col_span == 3
    assert header[0].cells[0].row_span == 3
    assert [(c.text, c.col_span) for c in header[1].cells[-2:]] == [
        ("اعتمادات معبأة بالميزانية", 1),
        ("للبرمجة", 2),
    ]


def test_matrix_08_total_row(ait_melloul: ExtractedDocument) -> None:
    last = ait_melloul.tables[13].rows[-1]
    assert last.texts[1:] == [
        "التكلفة التقديرية للمشاريع",
        "2 461 996.00",
        "1 171 996.00",
        "850 000.00",
        "440 000.00",
    ]
    assert all(c.bold for c in last.cells[1:])


def test_every_row_covers_the_table_grid(ait_melloul: ExtractedDocument) -> None:
    for table in ait_melloul.tables:
        widths = {sum(c.col_span for c in row.cells) for row in table.rows}
        assert len(widths) == 1, (table.index, widths)


def test_headings_from_word_heading_styles(ait_melloul: ExtractedDocument) -> None:
    headings = [(p.heading_level, p.text) for p in ait_melloul.paragraphs if p.heading_level]
    assert headings[0] == (1, " كلمة رئيس جماعة أيت ملول:")
    assert (4, "2-2-1: تنظيم الورشة الأولى للإعداد المشترك لخطة الانفتاح") in headings
    assert headings[-1] == (1, "خاتمة:")
    assert {level for level, _ in headings} == {1, 2, 3, 4}


def test_dash_led_paragraphs_are_bullets_without_their_dash(ait_melloul: ExtractedDocument) -> None:
    line = next(
        line
        for line in AIT_MELLOUL.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
        if line.startswith("-التفعيل الكامل للحق")
    )
    (paragraph,) = [p for p in ait_melloul.paragraphs if p.text == line[1:]]
    assert paragraph.bullet


def test_bookmarks_produce_no_text(ait_melloul: ExtractedDocument) -> None:
    assert "bookmark" not in ait_melloul.full_text()
    assert any(
        p.text.startswith("وتتكون خطة الانفتاح التي تبلغ تكلفتها التقديرية") for p in ait_melloul.paragraphs
    )


# --------------------------------------------------------------------------- comparison with the .txt


def test_cells_match_the_text_export(ait_melloul: ExtractedDocument) -> None:
    """The export writes a tab-led paragraph like a cell; the .txt also stops two cells early."""
    tab_paragraphs = {p.text[1:] for p in ait_melloul.paragraphs if p.text.startswith("\t")}
    exported = [c for c in tab_export_cells(AIT_MELLOUL.with_suffix(".txt")) if c not in tab_paragraphs]
    extracted = [c.text for c in all_cells(ait_melloul)]
    assert len(extracted) - len(exported) == 2
    differing = [i for i, (a, b) in enumerate(zip(exported, extracted, strict=False)) if a != b]
    assert differing == [len(exported) - 1]  # the truncated last line of the export
    assert exported[-1].rstrip() == extracted[len(exported) - 1]


def test_non_empty_cell_multiset_matches_text_export(ait_melloul: ExtractedDocument) -> None:
    exported = Counter(c.strip() for c in tab_export_cells(AIT_MELLOUL.with_suffix(".txt")) if c.strip())
    extracted = Counter(c.text.strip() for c in all_cells(ait_melloul) if c.text.strip())
    assert sum(extracted.values()) == 1347
    assert extracted - exported == Counter()
    only_in_export = exported - extracted
    assert sum(only_in_export.values()) == 1  # the tab-led paragraph
    assert any(p.text == "\t" + next(iter(only_in_export)) for p in ait_melloul.paragraphs)


def test_continuations_sit_where_the_export_has_empty_cells(ait_melloul: ExtractedDocument) -> None:
    tab_paragraphs = {p.text[1:] for p in ait_melloul.paragraphs if p.text.startswith("\t")}
    exported = [c for c in tab_export_cells(AIT_MELLOUL.with_suffix(".txt")) if c not in tab_paragraphs]
    continued = [c for c in all_cells(ait_melloul) if c.continues_above]
    assert len(continued) == 1137
    paired = list(zip(exported, all_cells(ait_melloul), strict=False))
    assert all(text == "" for text, cell in paired if cell.continues_above)


def test_paragraph_lines_match_text_export(ait_melloul: ExtractedDocument) -> None:
    lines: list[str] = []
    in_row = False
    tab_paragraphs = {p.text for p in ait_melloul.paragraphs if p.text.startswith("\t")}
    for line in AIT_MELLOUL.with_suffix(".txt").read_text(encoding="utf-8").split("\n"):
        if line.startswith("\t") and line not in tab_paragraphs:
            in_row = True
        elif not line:
            in_row = False
        elif not in_row:
            lines.append(
                line.removeprefix("[bookmark: _Hlk147903549]").removeprefix("[bookmark: _Hlk148082499]")
            )
    # list markers come off the text in both extractors
    exported = Counter(split_list_marker(line, False)[0].strip() for line in lines if line.strip())
    extracted = Counter(s.strip() for p in ait_melloul.paragraphs for s in p.text.split("\n") if s.strip())
    assert sum(extracted.values()) == 121
    assert exported == extracted


# --------------------------------------------------------------------------- Tétouan action plan


def test_action_plan_commitment_labels_merge_down(action_plan: ExtractedDocument) -> None:
    (table,) = action_plan.tables
    assert table.right_to_left is True
    assert len(table.rows) == 45
    labels = [(i, row.cells[0]) for i, row in enumerate(table.rows) if row.cells[0].text.startswith("إلتزام")]
    assert [cell.text for _, cell in labels] == [f"إلتزام رقم {n}" for n in range(1, 6)]
    for i, cell in labels:
        below = [row.cells[0] for row in table.rows[i + 1 : i + cell.row_span]]
        assert below and all(c.continues_above and c.text == "" for c in below)
        assert table.rows[i].cells[-1].text == "100%"  # مجموع merges over the same rows
    assert labels[0][1].row_span == 10 and labels[0][1].bold


def test_action_plan_rows_equal_reversed_text_rows(action_plan: ExtractedDocument) -> None:
    """The .txt holds this right-to-left table in visual order: its cells reversed are the docx's."""
    lines = [
        line
        for line in ACTION_PLAN.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
        if "\t" in line
    ]
    assert [line.split("\t")[::-1] for line in lines] == [row.texts for row in action_plan.tables[0].rows]


# --------------------------------------------------------------------------- Tétouan workshops


def test_workshops_last_table_is_left_to_right_with_reversed_columns(workshops: ExtractedDocument) -> None:
    assert [t.right_to_left for t in workshops.tables] == [True, True, True, False]
    last = workshops.tables[-1]
    assert last.rows[0].texts[-1] == "رقم المقترح Proposition N°"
    first_row = last.rows[1]
    assert first_row.texts[-1] == "1"
    assert first_row.texts[-2] == "إحداث كراسي ومرافق صحية بالحدائق."
    assert first_row.cells[0].text.startswith("يشمل الالتزام رقم 11")
    assert first_row.cells[0].row_span == 30
    assert last.rows[2].cells[0].continues_above


def test_workshops_hyperlink_text_is_kept(workshops: ExtractedDocument) -> None:
    outcome = workshops.tables[0].rows[1].cells[3].text
    assert "عنوان الصفحة : https://hi-in.facebook.com/ogptetouan/ ( التزم رقم 5)." in outcome


def test_workshops_bold_subjects_are_the_b_tagged_ones(workshops: ExtractedDocument) -> None:
    text = WORKSHOPS.with_suffix(".txt").read_text(encoding="utf-8")
    tagged = set()
    for chunk in text.split("<b>")[1:]:
        tagged.add(chunk.split("</b>")[0])
    header_texts = {c.text for t in workshops.tables for c in t.rows[0].cells}
    bold_body = {c.text for t in workshops.tables for r in t.rows[1:] for c in r.cells if c.bold}
    assert len(tagged) >= 20
    assert bold_body == tagged
    assert all(c.bold for t in workshops.tables for c in t.rows[0].cells if c.text)
    assert header_texts.isdisjoint(bold_body)


def test_workshops_domain_cell_keeps_its_two_lines(workshops: ExtractedDocument) -> None:
    domain = workshops.tables[0].rows[1].cells[2]
    assert domain.text == "التواصل\nCommunication"
    assert domain.row_span == 8


# --------------------------------------------------------------------------- synthetic documents


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_merged_block_gives_one_cell_and_continuations(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "A"
    table.cell(0, 2).text = "x"
    table.cell(2, 0).text = "tail"
    table.cell(0, 0).merge(table.cell(1, 1))
    result = extract_docx(_save(document, tmp_path / "m.docx"))
    rows = result.tables[0].rows
    assert rows[0].cells[0] == Cell("A", col_span=2, row_span=2)
    assert rows[1].cells[0] == Cell("", col_span=2, continues_above=True)
    assert [len(r.cells) for r in rows] == [2, 2, 3]
    assert result.tables[0].right_to_left is False


def test_rendered_page_breaks_give_pages(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("one")
    second = document.add_paragraph()
    run = second.add_run()
    run._r.append(OxmlElement("w:lastRenderedPageBreak"))
    second.add_run("two")
    document.add_heading("Section", level=2)
    result = extract_docx(_save(document, tmp_path / "p.docx"))
    assert [(p.text, p.location.page) for p in result.paragraphs] == [("one", 1), ("two", 2), ("Section", 2)]
    assert result.pages_or_lines == 2
    assert result.paragraphs[2].heading_level == 2


def test_numbered_list_paragraph_is_a_bullet(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("item")
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num_pr.append(num_id)
    paragraph._p.get_or_add_pPr().append(num_pr)
    document.add_paragraph("plain")
    result = extract_docx(_save(document, tmp_path / "n.docx"))
    assert [(p.text, p.bullet) for p in result.paragraphs] == [("item", True), ("plain", False)]


def test_unreadable_files_raise_extraction_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(ExtractionError, match="empty"):
        extract_docx(empty)
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"not a zip at all")
    with pytest.raises(ExtractionError, match="not a readable Word document"):
        extract_docx(garbage)


# --------------------------------------------------------------------------- pure helpers


@given(
    st.integers(min_value=1, max_value=9),
    st.sampled_from(["Heading", "heading", "HEADING"]),
    st.text(" ", max_size=2),
)
def test_heading_style_names(level: int, word: str, pad: str) -> None:
    assert heading_level_from_style_name(f"{pad}{word} {level}{pad}") == level


@given(st.text(max_size=20).filter(lambda s: "heading" not in s.lower() and s.strip().lower() != "title"))
def test_other_style_names_are_not_headings(name: str) -> None:
    assert heading_level_from_style_name(name) is None


@given(st.sampled_from("•▪●◦■"), st.text(alphabet="abc أبت", min_size=1, max_size=15))
def test_typed_bullet_glyph_is_taken_off_the_text(glyph: str, rest: str) -> None:
    text, bullet = split_list_marker(f"  {glyph} {rest}", numbered=False)
    assert bullet == bool(rest.strip())
    if bullet:
        assert text == rest.strip(" ") or text == rest.lstrip()


@given(st.text(alphabet="0123456789abcأبت ", max_size=15), st.booleans())
def test_plain_text_is_kept_and_numbering_decides(text: str, numbered: bool) -> None:
    assert split_list_marker(text, numbered) == (text, numbered)


@given(st.sampled_from(["0", "false", "off", "FALSE"]))
def test_on_off_values(off: str) -> None:
    element = OxmlElement("w:b")
    assert is_on(element)
    element.set(qn("w:val"), off)
    assert not is_on(element)
    assert not is_on(None)


def test_matrix_09_activity_dates_next_to_its_code(ait_melloul: ExtractedDocument) -> None:
    """Matrix 09 (follow-up): the code, the activity title in logical order and its two dates."""
    row = ait_melloul.tables[14].rows[2]
    assert row.texts[0] == "PO-24-25-CDAI-01"
    assert row.texts[3].strip() == "اختيار بناية جماعية لاحتضان الاستوديو السمعي البصري"
    assert row.texts[4:6] == ["2024-01-01", "2024-12-31"]
