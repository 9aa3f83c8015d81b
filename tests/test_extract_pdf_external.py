"""pdfplumber's own test PDFs (../shared/corpus/external/pdfplumber/) through our PDF extractor.

Tables drawn with rectangles and curves, and unruled ones, must be found with the cells that
pdfplumber's tests (tests/test_table.py, test_nics_report.py, test_ca_warn_report.py of pdfplumber
0.11) expect; no file may crash the extractor, and none of them is a commune plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractionError
from extractors.pdf import extract_pdf
from extractors.pdf.table_finder import segmented_lines
from interpret import choose_interpreter
from plans.model import ExtractedDocument, Table

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "external" / "pdfplumber"
if not EXTERNAL.is_dir():  # a clone elsewhere than /work: the shared corpus sits next to /work/main
    EXTERNAL = Path("/work/shared/corpus/external/pdfplumber")

pytestmark = pytest.mark.skipif(not EXTERNAL.is_dir(), reason="pdfplumber's test PDFs are not present")

# Files that are not readable PDFs at all: the specific reasons are another issue's (issue 12).
UNREADABLE = {"empty.pdf", "password-example.pdf"}

_cache: dict[str, ExtractedDocument] = {}


def extracted(name: str) -> ExtractedDocument:
    if name not in _cache:
        _cache[name] = extract_pdf(EXTERNAL / name)
    return _cache[name]


def texts(row_cells: object) -> list[str]:
    return [c.text for c in row_cells]  # type: ignore[attr-defined]


def row_starting(table: Table, first: str) -> list[str]:
    return next(texts(r.cells) for r in table.rows if r.cells and r.cells[0].text == first)


def external_pdfs() -> list[str]:
    return sorted(p.name for p in EXTERNAL.glob("*.pdf")) if EXTERNAL.is_dir() else []


@pytest.mark.parametrize("name", external_pdfs())
def test_every_external_pdf_extracts_or_fails_cleanly_and_is_no_plan(name: str) -> None:
    if name in UNREADABLE:
        with pytest.raises(ExtractionError):
            extract_pdf(EXTERNAL / name)
        return
    doc = extracted(name)  # no RecursionError (four of these crashed the page ordering)
    assert choose_interpreter(doc) is None


def test_warn_report_rectangle_grid() -> None:
    """test_ca_warn_report.test_parse: header and first row of page 1 (drawn with rectangles)."""
    doc = extracted("WARN-Report-for-7-1-2015-to-03-25-2016.pdf")
    first_page = [t for t in doc.tables if t.location.page == 1]
    assert len(first_page) == 1
    table = first_page[0]
    assert texts(table.rows[0].cells) == [
        "Notice Date",
        "Effective",
        "Received",
        "Company",
        "City",
        "No. Of",
        "Layoff/Closure",
    ]
    assert texts(table.rows[1].cells) == [
        "06/22/2015",
        "03/25/2016",
        "07/01/2015",
        "Maxim Integrated Product",
        "San Jose",
        "150",
        "Closure Permanent",
    ]
    assert {t.location.page for t in doc.tables} >= set(range(1, 16))


def test_nics_shaded_rows_read_by_text_alignment() -> None:
    """test_nics_report.test_text_only_strategy: rows are shaded in bands, not ruled; each state is
    its own row, Alabama's total 71,137 and Wyoming's 5,017."""
    (table,) = extracted("nics-background-checks-2015-11.pdf").tables
    alabama = [c for c in row_starting(table, "Alabama") if c]
    assert alabama[:6] == ["Alabama", "18,870", "23,022", "22,650", "859", "1,178"]
    assert alabama[-1] == "71,137"
    assert [c for c in row_starting(table, "Wyoming") if c][-1] == "5,017"
    rows = [texts(r.cells) for r in table.rows]
    start = next(i for i, r in enumerate(rows) if r[0] == "Alabama")
    end = next(i for i, r in enumerate(rows) if r[0] == "Wyoming")
    # Every state's row is whole: its checks add up to its printed total. (Text alignment leaves a
    # few values one column off, so pdfplumber's column sums, made with explicit lines, do not hold.)
    # Our x_tolerance (1.5 pt, for Arabic word spaces) reads California's "98452" as "98 452".
    for row in rows[start : end + 1]:
        values = [int(c.replace(",", "").replace(" ", "")) for c in row[1:] if c]
        assert sum(values[:-1]) == values[-1], row[0]
    assert end - start + 1 >= 50


def test_senate_unruled_body_in_a_drawn_frame() -> None:
    """test_table.test_text_tolerance: the last row's first five cells."""
    (table,) = extracted("senate-expenditures.pdf").tables
    last = next(texts(r.cells) for r in reversed(table.rows) if r.cells[0].text)
    assert last[:5] == ["DHAW20190070", "09/09/2019", "CITIBANK-TRAVELCBACARD", "08/12/2019", "08/14/2019"]


def test_issue_336_three_rectangle_tables() -> None:
    """test_table.test_issue_336: three tables of 8, 11 and 2 rows."""
    tables = extracted("issue-336-example.pdf").tables
    assert [len(t.rows) for t in tables] == [8, 11, 2]
    assert tables[0].rows[0].cells[0].text == "公路技术\n等级"


def test_table_drawn_with_curves() -> None:
    """test_table.test_table_curves: one table, t[-2][-2] == "Uncommon"."""
    (table,) = extracted("table-curves-example.pdf").tables
    assert texts(table.rows[-2].cells)[-2] == "Uncommon"
    assert not table.right_to_left


def test_only_lines_broken_at_wide_gaps_count_as_tabular() -> None:
    def glyph(x: float, top: float) -> dict[str, object]:
        return {"text": "x", "x0": x, "x1": x + 5, "top": top, "size": 10.0}

    running_text = [glyph(10 + 5 * i, 100) for i in range(30)]
    three_columns = [glyph(x, 120) for x in (10, 15, 100, 105, 200)]
    assert segmented_lines(running_text + three_columns, 2.0, 3) == 1
