"""Cell accounting on every rendition of the corpus: each printed cell of a recognised table is read
into a fact or listed in v_unread_cells, and no unit or date is dropped without a flag."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from expectations.suites import MIN_CELL_COVERAGE
from interpret.cell_accounting import account_cells
from normalizers.dates import find_dates
from normalizers.numbers import find_amounts
from plans.model import Activity, Cell, ExtractedDocument, Location, Row, Table

RENDITIONS_WITH_TABLES = {
    "ait-melloul_open-plan_2024-2025.docx",
    "ait-melloul_open-plan_2024-2025.pdf",
    "ait-melloul_open-plan_2024-2025.txt",
    "dakhla_pac_2017-2022.pdf",
    "dakhla_pac_2017-2022.txt",
    "tetouan_action-plan_2023-2026.docx",
    "tetouan_action-plan_2023-2026.pdf",
    "tetouan_action-plan_2023-2026.txt",
    "tetouan_cocreation-workshops_2022.docx",
    "tetouan_cocreation-workshops_2022.pdf",
    "tetouan_cocreation-workshops_2022.txt",
}


@pytest.fixture(scope="module")
def db(corpus_warehouse: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    yield conn
    conn.close()


def test_every_rendition_with_tables_is_accounted_above_the_threshold(db):
    rows = db.execute(
        "SELECT source_file, cells_printed, cell_coverage FROM v_documents WHERE cells_printed > 0"
    ).fetchall()
    assert {r[0] for r in rows} == RENDITIONS_WITH_TABLES
    coverage = {r[0]: r[2] for r in rows}
    assert all(c >= MIN_CELL_COVERAGE for c in coverage.values()), coverage
    # the clean renditions read all but a handful of cells; the OCR export leaves its garbled headers
    assert coverage["tetouan_cocreation-workshops_2022.docx"] == 1
    assert coverage["dakhla_pac_2017-2022.pdf"] == 1
    assert coverage["dakhla_pac_2017-2022.txt"] < 0.95


def test_the_slide_deck_has_no_table_to_account(db):
    rows = db.execute(
        """SELECT cells_printed, cell_coverage FROM v_documents
           WHERE source_file = 'beni-mellal_open-plan_2024-2025.pptx'"""
    ).fetchall()
    assert rows == [(0, None)]


def test_no_unread_cell_prints_a_date_or_an_amount(db):
    """No date and no amount of the corpus is left unread: each one reached a fact or a flag."""
    cells = db.execute(
        "SELECT source_file, source_table, source_row, cell_text FROM v_unread_cells"
    ).fetchall()
    assert cells  # the accounting lists what it does not read (Ait Melloul's related-programme column)
    assert not [c for c in cells if find_dates(c[3])]
    assert not [c for c in cells if any(a >= 100 for a in find_amounts(c[3]))]


def test_no_unknown_unit_in_the_corpus(db):
    assert db.execute("SELECT count(*) FROM v_repairs WHERE repair_kind = 'unit-unknown'").fetchone() == (0,)


def test_ait_melloul_unread_column_is_listed_with_its_place(db):
    rows = db.execute(
        """SELECT source_table, source_row, source_col, cell_text FROM v_unread_cells
           WHERE source_file = 'ait-melloul_open-plan_2024-2025.docx' ORDER BY source_table, source_row"""
    ).fetchall()
    assert rows[0] == (6, 2, 6, "*تنزيل الاستراتيجية التواصلية لجماعة أيت ملول وإحداث الأرشيف الإلكتروني")
    assert {r[2] for r in rows} == {6}


def test_activity_numbers_printed_or_positions(db):
    rows = dict(
        db.execute(
            """SELECT source_file, list(DISTINCT activity_no_printed) FROM v_activities GROUP BY 1"""
        ).fetchall()
    )
    assert rows["ait-melloul_open-plan_2024-2025.docx"] == [False]
    assert rows["dakhla_pac_2017-2022.pdf"] == [False]
    positions = db.execute(
        """SELECT list(activity_no ORDER BY activity_id) FROM v_activities
           WHERE source_file = 'ait-melloul_open-plan_2024-2025.docx' AND project_code = 'PO-24-25-CDAI-01'"""
    ).fetchone()[0]
    assert positions == list(range(1, len(positions) + 1)) and len(positions) > 1


def test_bilingual_workshop_and_domain_are_two_columns(db):
    row = db.execute(
        """SELECT workshop, workshop_fr, domain, domain_fr FROM v_proposals
           WHERE source_file = 'tetouan_cocreation-workshops_2022.docx' AND proposal_no = 1
           ORDER BY source_table LIMIT 1"""
    ).fetchone()
    assert row[0] == "الورشة التشاركية حول الشفافية و الحق في الحصول على المعلومة"
    assert row[1].startswith("Atelier participatif sur le thème de")
    assert (row[2], row[3]) == ("التواصل", "Communication")


def _table(rows: list[list[str]]) -> Table:
    return Table(
        0, tuple(Row(tuple(Cell(t) for t in r), Location(line=i)) for i, r in enumerate(rows)), Location()
    )


def test_a_cell_no_fact_reads_is_listed_with_its_text_and_place():
    from plans.model import InterpretedDocument, SourceRef

    doc = ExtractedDocument(
        "x.txt",
        "txt",
        "0",
        "test",
        3,
        (_table([["الأنشطة", "التكلفة التقديرية"], ["تهيئة حديقة", "150 000,00"], ["ملاحظة", "-"]]),),
    )
    plan = InterpretedDocument("c", "open_plan", None, None, None)
    plan.activities.append(Activity("a", None, "تهيئة حديقة", cost_mad=None, source=SourceRef(0, 1)))
    account = account_cells(doc, plan)
    assert account.printed == 5  # "-" prints no value
    assert [(u.row, u.column, u.text) for u in account.unread] == [(1, 1, "150 000,00"), (2, 0, "ملاحظة")]
