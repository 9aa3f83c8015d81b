"""Text-rendition extractor: the corpus .txt files, one synthetic file per shape, errors, round trips."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractors.base import ExtractionError, TextSettings, file_sha256
from extractors.text import extract_text, is_visual_order_line, split_bullet, split_lines
from plans.model import ExtractedDocument, Paragraph, Table

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def ait_melloul() -> ExtractedDocument:
    return extract_text(RAW / "ait-melloul_open-plan_2024-2025.txt")


@pytest.fixture(scope="module")
def workshops() -> ExtractedDocument:
    return extract_text(RAW / "tetouan_cocreation-workshops_2022.txt")


@pytest.fixture(scope="module")
def action_plan() -> ExtractedDocument:
    return extract_text(RAW / "tetouan_action-plan_2023-2026.txt")


@pytest.fixture(scope="module")
def dakhla() -> ExtractedDocument:
    return extract_text(RAW / "dakhla_pac_2017-2022.txt")


@pytest.fixture(scope="module")
def beni_mellal() -> ExtractedDocument:
    return extract_text(RAW / "beni-mellal_open-plan_2024-2025.txt")


def write(tmp_path: Path, content: str | bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def row_texts(table: Table) -> list[list[str]]:
    return [row.texts for row in table.rows]


def row_at_line(doc: ExtractedDocument, line: int) -> list[str]:
    return next(row.texts for t in doc.tables for row in t.rows if row.location.line == line)


def paragraph_at_line(doc: ExtractedDocument, line: int) -> Paragraph:
    return next(p for p in doc.paragraphs if p.location.line == line)


# --------------------------------------------------------------------------- Aït Melloul (shape B)


def test_ait_melloul_document_fields(ait_melloul: ExtractedDocument) -> None:
    path = RAW / "ait-melloul_open-plan_2024-2025.txt"
    assert ait_melloul.file_name == "ait-melloul_open-plan_2024-2025.txt"
    assert ait_melloul.source_format == "txt"
    assert ait_melloul.extractor == "text/1"
    assert ait_melloul.pages_or_lines == 3539
    assert ait_melloul.sha256 == file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_ait_melloul_tables_in_order(ait_melloul: ExtractedDocument) -> None:
    tables = ait_melloul.tables
    assert [t.index for t in tables] == list(range(9))
    assert [len(t.rows) for t in tables] == [7, 5, 2, 2, 2, 2, 77, 81, 110]
    assert [t.location.line for t in tables[6:]] == [314, 1204, 1977]
    assert all(t.right_to_left is None for t in tables)


def test_ait_melloul_matrix_07_first_project(ait_melloul: ExtractedDocument) -> None:
    row = row_at_line(ait_melloul, 340)
    assert row[0] == "PO-24-25-\nCDAI-01"  # the code broken over two lines stays in one cell
    assert row[2] == "إحداث استوديو سمعي بصري لفائدة جماعة ايت ملول "
    assert row[9] == "   150 000.00 "  # padding kept: no normalisation here
    header = ait_melloul.tables[6].rows[0].texts
    assert header[0] == "رمز\n المشروع"
    assert header[9] == " التكلفة التقديرية \nللمشروع "
    assert ait_melloul.tables[6].rows[1].texts == [""] * 10  # the empty row under the header


def test_ait_melloul_matrix_08_subtotal_and_total(ait_melloul: ExtractedDocument) -> None:
    assert row_at_line(ait_melloul, 1273) == ["تكلفة المشروع 1 حسب البرمجة", "150 000.00", "0.00", "0.00"]
    total = ait_melloul.tables[7].rows[-1].texts
    assert total[1:] == [
        "التكلفة التقديرية للمشاريع",
        "2 461 996.00",
        "1 171 996.00",
        "850 000.00",
        "440 000.00",
    ]


def test_ait_melloul_matrix_09_rows_of_13(ait_melloul: ExtractedDocument) -> None:
    matrix = ait_melloul.tables[8]
    counts = [len(row.cells) for row in matrix.rows]
    assert counts[0] == 12  # first header row: its last cell spans two columns
    assert counts[1:-1] == [13] * 108
    assert counts[-1] == 11  # the file stops inside the last row
    row = row_at_line(ait_melloul, 2007)
    assert row[0] == "PO-24-25-CDAI-01"
    assert row[4:6] == ["2024-01-01", "2024-12-31"]
    assert row[6:8] == ["*جرد البنايات الجماعية الممكن لها احتضان الاستوديو السمعي البصري", "5%"]
    assert row[8] == "\xa0"  # a cell holding only a no-break space is a real cell
    assert row[12] == ""
    assert any(
        "file ends inside a table row (11 cells; the row above has 13)" in w for w in ait_melloul.warnings
    )


def test_ait_melloul_last_row_keeps_what_is_there(ait_melloul: ExtractedDocument) -> None:
    last = ait_melloul.tables[8].rows[-1]
    assert last.location.line == 3528
    assert last.texts[-2:] == [
        "تطور عدد المشاريع المدرة للدخل المنجزة من طرف المستفيدات من تقوية القدرات",
        "100%",
    ]


def test_ait_melloul_multi_paragraph_cell(ait_melloul: ExtractedDocument) -> None:
    assert ait_melloul.tables[0].rows[2].texts == [
        "09/06/2023",
        "-البت في أفكار ومقترحات اللقاء التشاوري الأول والواردة عبر المنصة وتصنيفها"
        "\n-الشروع في بلورة مقترحات مشاريع الانفتاح",
    ]


def test_ait_melloul_paragraphs_raw(ait_melloul: ExtractedDocument) -> None:
    assert paragraph_at_line(ait_melloul, 6).text.startswith("[bookmark: _Hlk147903549]وتتكون خطة الانفتاح")
    member = paragraph_at_line(ait_melloul, 46)
    assert (member.text, member.bullet) == ("السيد النائب الأول لرئيس الجماعة، رئيسا للجنة؛", True)
    # A lone tab-indented line is a paragraph (as in the .docx), not a one-cell table.
    title = paragraph_at_line(ait_melloul, 1972)
    assert title.text == "\tخطة انفتاح جماعة أيت ملول برسم الفترة 2024-2025"
    assert all(p.text.strip() for p in ait_melloul.paragraphs)


# --------------------------------------------------------------------------- Tétouan (shape A)


def test_workshops_proposals_in_their_cells(workshops: ExtractedDocument) -> None:
    assert [len(t.rows) for t in workshops.tables] == [50, 36, 48, 63]
    first = workshops.tables[0]
    assert first.location.line == 38
    assert first.rows[1].texts[:3] == [
        "1",
        "تواصل الجماعة مع المواطنين عبر وسائل التواصل الاجتماعي (facebook , instagram,...etc).",
        "التواصل Communication",
    ]
    assert first.rows[2].texts == ["2", "إحداث موقع إلكتروني تفاعلي للجماعة.", "", ""]
    # The last table has its columns reversed; the <b> tags are raw text, kept.
    assert workshops.tables[3].rows[1].texts == ["", "", "<b>إحداث كراسي ومرافق صحية بالحدائق.</b>", "1"]
    assert workshops.pages_or_lines == 256


def test_workshops_paragraphs_between_tables(workshops: ExtractedDocument) -> None:
    heading = paragraph_at_line(workshops, 89)
    assert heading.text.startswith("الورشة التشاركية حول المشاركة المواطنة")
    assert paragraph_at_line(workshops, 3).text == "Open  "  # trailing spaces kept
    assert paragraph_at_line(workshops, 245).text == "الإعاقة  "


def test_action_plan_rows_starting_with_a_tab(action_plan: ExtractedDocument) -> None:
    (table,) = action_plan.tables
    assert len(table.rows) == 45 and {len(r.cells) for r in table.rows} == {7}
    assert table.rows[0].location.line == 3
    assert row_at_line(action_plan, 5) == [
        "",
        "8%",
        "30%",
        "اعتماد الية تشاورية تتلاءم مع السياق القانوني المحلي لإعداد ميزانية تشاركية",
        "2 اعداد ميزانية تشاركية",
        "2",
        "",
    ]
    assert action_plan.paragraphs == []
    assert action_plan.pages_or_lines == 47


def test_dakhla_tables(dakhla: ExtractedDocument) -> None:
    assert len(dakhla.tables) == 20
    summary = dakhla.tables[0]
    assert summary.rows[0].texts == ["عدد الإجراءات", "عدد المشاريع", "غدد المحاور", "المجال"]
    assert summary.rows[-2].texts == ["169", "45", "18", ""]
    assert {len(r.cells) for t in dakhla.tables[1:] for r in t.rows} == {9}
    assert row_at_line(dakhla, 66)[4:7] == ["100%", "", "0.1"]
    assert row_at_line(dakhla, 243)[:2] == ["1000/", "020/"]  # OCR garbage kept for the repair layer
    assert dakhla.warnings == ()


def test_dakhla_numbered_headings_are_not_bullets(dakhla: ExtractedDocument) -> None:
    heading = paragraph_at_line(dakhla, 3)
    assert (heading.text, heading.bullet) == ("-1 الإطار المرجعي للمنظومة", False)
    item = paragraph_at_line(dakhla, 32)
    assert (item.text, item.bullet) == ("2- إعداد خطه للتواصل والتفاوض", True)


# --------------------------------------------------------------------------- Beni Mellal (shape C)


def test_beni_mellal_slide_text(beni_mellal: ExtractedDocument) -> None:
    assert beni_mellal.tables == []
    assert len(beni_mellal.paragraphs) == 524
    assert sum(p.bullet for p in beni_mellal.paragraphs) == 105
    trailing = paragraph_at_line(beni_mellal, 6)  # bullet after the text (visual order)
    assert (trailing.text, trailing.bullet) == ("تحسین الخ�دمات العمومی�ة", True)
    leading = paragraph_at_line(beni_mellal, 446)
    assert (leading.text, leading.bullet) == ("40000,00", True)
    assert paragraph_at_line(beni_mellal, 441).text == "    01.01.2024: تاریخ البدء"
    # Duplicated slide titles are kept; deduplication is for later layers.
    assert paragraph_at_line(beni_mellal, 1).text == paragraph_at_line(beni_mellal, 29).text
    assert beni_mellal.pages_or_lines == 862


# --------------------------------------------------------------------------- synthetic shapes


def test_shape_a_synthetic(tmp_path: Path) -> None:
    content = "Title\n\na\tb\tc\n\t8%\t30%\n x\ty\nafter\n"
    doc = extract_text(write(tmp_path, content))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    (table,) = doc.tables
    assert row_texts(table) == [["a", "b", "c"], ["", "8%", "30%"], [" x", "y"]]
    assert [r.location.line for r in table.rows] == [3, 4, 5]
    assert doc.paragraphs[1].location.line == 6
    assert doc.pages_or_lines == 6


def test_shape_a_wrapped_line_between_rows_stays(tmp_path: Path) -> None:
    doc = extract_text(write(tmp_path, "a\tb\tc\nwrapped text\nd\te\tf\n"))
    (table,) = doc.tables
    assert row_texts(table) == [["a", "b", "c"], ["wrapped text"], ["d", "e", "f"]]
    assert doc.paragraphs == []
    assert doc.warnings == ("table 0, lines 2-2: tab-less line(s) kept inside a table as one-cell rows",)


@pytest.mark.parametrize(
    "content",
    [
        "a\tb\tc\nnote\n\nd\te\tf\n",  # followed by a blank line
        "a\tb\tc\nnote\nd\te\n",  # the next row has another cell count
        "a\tb\tc\nnote\n",  # end of file
        "a\tb\tc\nl1\nl2\nl3\nl4\nd\te\tf\n",  # a run longer than max_wrapped_lines_in_table
    ],
)
def test_shape_a_plain_line_ends_table(tmp_path: Path, content: str) -> None:
    doc = extract_text(write(tmp_path, content))
    assert row_texts(doc.tables[0]) == [["a", "b", "c"]]
    assert doc.paragraphs[0].text in {"note", "l1"}
    assert doc.paragraphs[0].location.line == 2


def test_shape_b_synthetic(tmp_path: Path) -> None:
    content = (
        "Intro\n"
        "\tcode\n\ttitle\n\n"
        "\tPO-24-25-\nCDAI-01\n\t\n\t\xa0\n\n"
        "after\n"
        "\tx\n\ty\n\n"
        "\tp\n\tq\n\t100%\n "  # ends inside a row, with Word's whitespace paragraph
    )
    doc = extract_text(write(tmp_path, content))
    first, second = doc.tables
    assert row_texts(first) == [["code", "title"], ["PO-24-25-\nCDAI-01", "", "\xa0"]]
    assert [r.location.line for r in first.rows] == [2, 5]
    assert (first.index, second.index) == (0, 1)
    assert row_texts(second) == [["x", "y"], ["p", "q", "100%"]]
    assert [p.text for p in doc.paragraphs] == ["Intro", "after"]
    assert doc.warnings == ("table 1, line 14: file ends inside a table row (3 cells; the row above has 2)",)
    assert doc.pages_or_lines == 17


def test_shape_b_table_ends_at_line_without_tab(tmp_path: Path) -> None:
    doc = extract_text(write(tmp_path, "\ta\n\tb\n\n\n\tc\n\td\n\n"))
    assert [row_texts(t) for t in doc.tables] == [[["a", "b"]], [["c", "d"]]]


def test_shape_c_synthetic(tmp_path: Path) -> None:
    lines = [
        "• first",
        "second •",
        "-dash item",
        "- 1- numbered",
        "-1 heading",
        "**bold**",
        "+212 5",
        "",
        "•",
    ]
    doc = extract_text(write(tmp_path, "\n".join(lines) + "\nfirst\n• first\n"))
    got = [(p.text, p.bullet) for p in doc.paragraphs]
    assert got == [
        ("first", True),
        ("second", True),
        ("dash item", True),
        ("1- numbered", True),
        ("-1 heading", False),
        ("**bold**", False),
        ("+212 5", False),
        ("•", False),
        ("first", False),
        ("first", True),
    ]
    assert doc.tables == []


def test_crlf_line_endings(tmp_path: Path) -> None:
    doc = extract_text(write(tmp_path, "para\r\na\tb\r\nc\td\r\n"))
    assert doc.paragraphs[0].text == "para"
    assert row_texts(doc.tables[0]) == [["a", "b"], ["c", "d"]]


# --------------------------------------------------------------------------- encodings and errors


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^file is empty$"):
        extract_text(write(tmp_path, b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"no text \(only whitespace\)"):
        extract_text(write(tmp_path, "\n \n\t\n"))


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    with pytest.raises(ExtractionError, match=r"binary content, not text \(NUL byte at offset 8\)"):
        extract_text(write(tmp_path, png, "image.txt"))


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"binary content, not text .*U\+0001"):
        extract_text(write(tmp_path, b"ab\x01\x02\x03\x04cd\n"))


def test_not_utf8_nor_a_legacy_encoding(tmp_path: Path) -> None:
    # 0x89 is "‰" in Windows-1256/1252: no letters beyond ASCII, so not taken for text.
    with pytest.raises(
        ExtractionError,
        match=r"^not UTF-8 text \(byte 0x89 at offset 0\), "
        r"nor text in Windows-1256, ISO-8859-6, Windows-1252$",
    ):
        extract_text(write(tmp_path, b"\x89abc\n"))


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("cp1256", b"", "encoding: Windows-1256 (charset-normalizer; not UTF-8: byte 0xe3 at offset 0)"),
        ("utf-16-le", b"", "encoding: UTF-16-LE without byte-order mark (charset-normalizer)"),
        ("utf-16-be", b"", "encoding: UTF-16-BE without byte-order mark (charset-normalizer)"),
        ("utf-16-le", b"\xff\xfe", "encoding: UTF-16-LE (byte-order mark)"),
        ("utf-8", b"\xef\xbb\xbf", "encoding: UTF-8 (byte-order mark)"),
        ("utf-8", b"", "encoding: UTF-8"),
    ],
)
def test_encodings_communes_write_are_read_and_named(
    tmp_path: Path, encoding: str, prefix: bytes, label: str
) -> None:
    text = "مجموع\t100%\nالمجال\t5%\nالتنمية الاقتصادية والاجتماعية للجماعة\n"
    doc = extract_text(write(tmp_path, prefix + text.encode(encoding)))
    assert row_texts(doc.tables[0]) == [["مجموع", "100%"], ["المجال", "5%"]]
    assert doc.paragraphs[0].text == "التنمية الاقتصادية والاجتماعية للجماعة"
    assert doc.notes == (label,)


def test_utf8_only_when_no_legacy_encodings(tmp_path: Path) -> None:
    path = write(tmp_path, "مجموع\t100%\n".encode("cp1256"))
    with pytest.raises(ExtractionError, match=r"^not UTF-8 text \(byte 0xe3 at offset 0\)"):
        extract_text(path, TextSettings(legacy_encodings=()))


def test_damaged_utf8_is_not_decoded_as_a_legacy_encoding(tmp_path: Path) -> None:
    data = "المجال\t5%\n".encode() + b"\xff" + "مجموع\n".encode()
    with pytest.raises(
        ExtractionError, match=r"^damaged UTF-8 text: byte 0xff at offset 16 is not UTF-8, after 16 bytes"
    ):
        extract_text(write(tmp_path, data))


def test_utf8_cut_inside_a_character_is_truncated(tmp_path: Path) -> None:
    data = "المجال\t5%\n".encode()[:-4] + "ل".encode()[:1]
    with pytest.raises(ExtractionError, match=r"^truncated: the file ends inside a UTF-8 character"):
        extract_text(write(tmp_path, data))


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = extract_text(write(tmp_path, "\ufeffالمحور\tالكلفة\n".encode("utf-16-le")))
    assert row_texts(doc.tables[0]) == [["المحور", "الكلفة"]]


def test_utf8_bom_is_not_text(tmp_path: Path) -> None:
    doc = extract_text(write(tmp_path, "\ufeffTitle\n".encode()))
    assert doc.paragraphs[0].text == "Title"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read file"):
        extract_text(tmp_path / "absent.txt")


# --------------------------------------------------------------------------- properties

cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), max_size=12
)


def has_text(grid: list[list[str]]) -> bool:
    return any(cell.strip() for row in grid for cell in row)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell_text, min_size=2, max_size=6), min_size=1, max_size=8))
def test_shape_a_round_trip(tmp_path_factory: pytest.TempPathFactory, grid: list[list[str]]) -> None:
    assume(has_text(grid))
    # Only ambiguity of the format: rows that are all one tab then text read as Word's one-cell lines.
    assume(not all(len(row) == 2 and row[0] == "" for row in grid))
    path = write(tmp_path_factory.mktemp("a"), "".join("\t".join(row) + "\n" for row in grid))
    doc = extract_text(path)
    assert [row_texts(t) for t in doc.tables] == [grid]
    assert [r.location.line for r in doc.tables[0].rows] == list(range(1, len(grid) + 1))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell_text, min_size=1, max_size=6), min_size=1, max_size=8))
def test_shape_b_round_trip(tmp_path_factory: pytest.TempPathFactory, grid: list[list[str]]) -> None:
    assume(has_text(grid))
    assume(len(grid) > 1 or len(grid[0]) > 1)  # one row of one cell is a tab-indented paragraph
    content = "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in grid)
    doc = extract_text(write(tmp_path_factory.mktemp("b"), content))
    assert [row_texts(t) for t in doc.tables] == [grid]
    assert doc.paragraphs == []


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)))))
def test_split_lines_inverts_join(lines: list[str]) -> None:
    assume(not any(line.endswith("\r") for line in lines))
    assert split_lines("".join(line + "\n" for line in lines)) == lines


@given(cell_text)
def test_split_bullet_strips_leading_glyph(text: str) -> None:
    assume(text.strip())
    assert split_bullet("• " + text, TextSettings()) == (text.lstrip(), True)


def test_beni_mellal_visual_order_is_flagged(beni_mellal: ExtractedDocument) -> None:
    assert beni_mellal.warnings == (
        "109 line(s) in visual order (first at line 6): bullet after the text or colon before its"
        " label; list nesting and numbering are lost there and words may be out of order",
        "31 line(s) with unreadable glyphs (U+FFFD, first at line 6)",
    )


@pytest.mark.parametrize(
    ("line", "visual"),
    [
        ("تنظيم حملات تحسيسية؛ •", True),
        (": تسويق البوابة الرسمية للجماعة من خلال", True),
        ("• تنظيم حملات تحسيسية", False),
        ("تاريخ البدء: 01/01/2024", False),
        (":", False),
    ],
)
def test_visual_order_line(line: str, visual: bool) -> None:
    assert is_visual_order_line(line, TextSettings()) is visual
