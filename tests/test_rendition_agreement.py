"""v_rendition_agreement on the real corpus: every rendition of a plan against its current
rendition, per kind of fact.

The current rendition is one without flagged defects where the plan has one (then .txt, .docx,
.pptx, .pdf). The counts are what the documents give:
- the Beni Mellal .txt is the seed export of the slides in visual order (bullets after the text,
  stage numbers lost) with overlapping text layers and U+FFFD glyphs: its activities and titles
  differ from the deck's, explained by those flagged defects;
- the Tétouan workshops .txt prints the last table's domains and outcomes as loose paragraphs
  after it: 62 proposals lose their placement (domain, cited commitments), a flagged defect;
- the Beni Mellal scan is read by OCR: the same costs and dates as the deck, titles with misread
  letters, its low-confidence lines flagged;
- the Dakhla .txt is an OCR export (cells kept unread, garbled project names): the actions under
  6 of its 42 projects do not pair with the clean PDF's.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

AIT_MELLOUL = "ait-melloul_open-plan_2024-2025"
BENI_MELLAL = "beni-mellal_open-plan_2024-2025"
DAKHLA = "dakhla_pac_2017-2022"
ACTION_PLAN = "tetouan_action-plan_2023-2026"
WORKSHOPS = "tetouan_cocreation-workshops_2022"

# (rendition, fact) -> (reference_count, rendition_count, matched, titles_equal, amounts_equal,
# dates_equal, placements_equal, status)
EXPECTED = {
    (f"{AIT_MELLOUL}.txt", "activity"): (63, 63, 63, 63, 63, 63, 63, "equal"),
    (f"{AIT_MELLOUL}.txt", "project"): (11, 11, 11, 11, 11, 11, 11, "equal"),
    (f"{AIT_MELLOUL}.txt", "stated measure"): (6, 6, 6, 6, 6, 6, 6, "equal"),
    (f"{AIT_MELLOUL}.pdf", "activity"): (63, 63, 63, 63, 63, 63, 63, "equal"),
    (f"{AIT_MELLOUL}.pdf", "project"): (11, 11, 11, 11, 11, 11, 11, "equal"),
    (f"{AIT_MELLOUL}.pdf", "stated measure"): (6, 6, 6, 6, 6, 6, 6, "equal"),
    (f"{BENI_MELLAL}.txt", "activity"): (43, 46, 43, 28, 43, 43, 43, "explained"),
    (f"{BENI_MELLAL}.txt", "project"): (10, 10, 10, 9, 10, 10, 10, "explained"),
    (f"{BENI_MELLAL}.txt", "stated measure"): (2, 2, 2, 2, 2, 2, 2, "equal"),
    (f"{BENI_MELLAL}.pdf", "activity"): (43, 43, 43, 43, 43, 43, 43, "equal"),
    (f"{BENI_MELLAL}.pdf", "project"): (10, 10, 10, 10, 10, 10, 10, "equal"),
    (f"{BENI_MELLAL}.pdf", "stated measure"): (2, 2, 2, 2, 2, 2, 2, "equal"),
    # The scan, read by OCR: every project's cost and dates equal the deck's; titles differ by
    # letters OCR misread (explained by the flagged low-confidence lines).
    (f"{BENI_MELLAL}.scanned.pdf", "activity"): (43, 45, 42, 14, 42, 42, 42, "explained"),
    (f"{BENI_MELLAL}.scanned.pdf", "project"): (10, 10, 10, 9, 10, 10, 10, "explained"),
    (f"{BENI_MELLAL}.scanned.pdf", "stated measure"): (2, 2, 2, 2, 2, 2, 2, "equal"),
    (f"{DAKHLA}.txt", "activity"): (150, 150, 112, 98, 103, 112, 112, "explained"),
    (f"{DAKHLA}.txt", "project"): (42, 42, 36, 36, 36, 36, 36, "explained"),
    (f"{DAKHLA}.txt", "stated measure"): (24, 24, 24, 24, 24, 24, 24, "equal"),
    (f"{ACTION_PLAN}.docx", "activity"): (44, 44, 44, 44, 44, 44, 44, "equal"),
    (f"{ACTION_PLAN}.docx", "project"): (13, 13, 13, 13, 13, 13, 13, "equal"),
    (f"{ACTION_PLAN}.docx", "stated measure"): (5, 5, 5, 5, 5, 5, 5, "equal"),
    (f"{ACTION_PLAN}.pdf", "activity"): (44, 44, 44, 44, 44, 44, 44, "equal"),
    (f"{ACTION_PLAN}.pdf", "project"): (13, 13, 13, 13, 13, 13, 13, "equal"),
    (f"{ACTION_PLAN}.pdf", "stated measure"): (5, 5, 5, 5, 5, 5, 5, "equal"),
    (f"{WORKSHOPS}.txt", "proposal"): (193, 193, 193, 193, 193, 193, 131, "explained"),
    (f"{WORKSHOPS}.pdf", "proposal"): (193, 193, 193, 193, 193, 193, 193, "equal"),
}


@pytest.fixture(scope="module")
def db(corpus_warehouse: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    yield conn
    conn.close()


def agreement(db: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple]:
    rows = db.execute(
        """SELECT source_file, fact, reference_count, rendition_count, matched, titles_equal,
                  amounts_equal, dates_equal, placements_equal, status
           FROM v_rendition_agreement"""
    ).fetchall()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def test_agreement_per_plan_rendition_and_fact(db: duckdb.DuckDBPyConnection) -> None:
    assert agreement(db) == EXPECTED


def test_every_rendition_is_compared_with_the_current_one(db: duckdb.DuckDBPyConnection) -> None:
    references = db.execute("SELECT DISTINCT reference_file FROM v_rendition_agreement").fetchall()
    current = db.execute("SELECT document_id FROM dim_document WHERE is_current").fetchall()
    assert set(references) == set(current)


def test_no_difference_is_left_unexplained(db: duckdb.DuckDBPyConnection) -> None:
    unexplained = db.execute(
        "SELECT source_file, fact FROM v_rendition_agreement WHERE status = 'differs'"
    ).fetchall()
    assert unexplained == []


def test_beni_mellal_differences_point_at_the_txt_defect(db: duckdb.DuckDBPyConnection) -> None:
    row = db.execute(
        """SELECT reference_defects, rendition_defects FROM v_rendition_agreement
           WHERE source_file = 'beni-mellal_open-plan_2024-2025.txt' AND fact = 'activity'"""
    ).fetchone()
    assert row[0] == []  # the deck: no flagged defect, hence current
    assert row[1][0].startswith("109 line(s) in visual order (first at line 6)")
    assert row[1][1] == "31 line(s) with unreadable glyphs (U+FFFD, first at line 6)"


def test_workshops_txt_defect_names_the_proposals_it_leaves_unplaced(db: duckdb.DuckDBPyConnection) -> None:
    (defects,) = db.execute(
        """SELECT rendition_defects FROM v_rendition_agreement
           WHERE source_file = 'tetouan_cocreation-workshops_2022.txt'"""
    ).fetchone()
    assert len(defects) == 1
    assert defects[0].startswith("rows 1-62 of table 3: domain and outcome cells are empty")


def test_dakhla_txt_defect_is_its_unread_cells(db: duckdb.DuckDBPyConnection) -> None:
    (defects,) = db.execute(
        """SELECT rendition_defects FROM v_rendition_agreement
           WHERE source_file = 'dakhla_pac_2017-2022.txt' AND fact = 'activity'"""
    ).fetchone()
    unread = db.execute(
        """SELECT count(*) FROM v_repairs
           WHERE source_file = 'dakhla_pac_2017-2022.txt' AND repair_kind = 'unreadable'"""
    ).fetchone()[0]
    assert unread == 10
    assert defects == ["10 cell(s) kept unread (v_repairs, is_flag)"]


def test_beni_mellal_pdf_flags_the_semicolons_it_dropped(db: duckdb.DuckDBPyConnection) -> None:
    defects = db.execute(
        "SELECT defects FROM v_documents WHERE source_file = 'beni-mellal_open-plan_2024-2025.pdf'"
    ).fetchone()[0]
    assert defects[4].startswith("page 25: 4 punctuation glyph(s) printed over Arabic letters dropped")
    assert len(defects) == 8


def test_beni_mellal_pdf_titles_equal_the_deck(db: duckdb.DuckDBPyConnection) -> None:
    """The PDF export and the deck it came from give the same activity titles, word for word."""
    differing = db.execute(
        """SELECT count(*) FROM fact_activity AS p JOIN fact_activity AS k
               ON split_part(p.activity_id, '#', 3) = split_part(k.activity_id, '#', 3)
           WHERE p.document_id = 'beni-mellal_open-plan_2024-2025.pdf'
             AND k.document_id = 'beni-mellal_open-plan_2024-2025.pptx' AND p.title <> k.title"""
    ).fetchone()[0]
    assert differing == 0


def test_current_rendition_is_one_without_flagged_defects(db: duckdb.DuckDBPyConnection) -> None:
    current = db.execute(
        "SELECT plan_id, document_id FROM dim_document WHERE is_current ORDER BY 1"
    ).fetchall()
    assert [doc for _, doc in current] == [
        f"{AIT_MELLOUL}.docx",  # its .txt ends inside a table row
        f"{BENI_MELLAL}.pptx",  # .txt in visual order, .pdf with glyphs over letters
        f"{DAKHLA}.pdf",  # .txt with cells kept unread
        f"{ACTION_PLAN}.txt",  # no rendition flagged: the text first
        f"{WORKSHOPS}.docx",  # .txt loses the last table's domains and outcomes
    ]
