"""Hostile and odd uploads refreshed beside good files: each gets its outcome and one specific reason,
the good files' facts are the same as in a refresh without them, and nothing is redone next time.

The small bad files live in tests/bad_inputs/; the large ones (zip bombs, a 200 MB text) are written
here (tests/hostile_files.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from extractors.base import ExtractionError
from extractors.intake.limits import IntakeLimits, LimitExceeded
from extractors.intake.pdf_checks import check_pdf
from extractors.intake.worker import ended_without_result, extract_isolated
from plans.settings import PROJECT_ROOT, configure_prefect

configure_prefect()

from hostile_files import write_huge_text, write_zip_bomb  # noqa: E402

from flows.refresh import refresh  # noqa: E402

RAW = PROJECT_ROOT / "data" / "raw"
BAD = Path(__file__).parent / "bad_inputs"
GOOD = ("tetouan_cocreation-workshops_2022.txt", "tetouan_action-plan_2023-2026.txt")
WORKSHOPS = GOOD[0]
ENCODED_WORKSHOPS = {
    "tetouan_cocreation-workshops_2022-windows-arabic": "encoding: Windows-1256 (charset-normalizer; "
    "not UTF-8: byte 0xcc at offset 48)",
    "tetouan_cocreation-workshops_2022.utf16le.txt": "encoding: UTF-16-LE without byte-order mark"
    " (charset-normalizer)",
    "tetouan_cocreation-workshops_2022.utf16.txt": "encoding: UTF-16-LE (byte-order mark)",
    "tetouan_cocreation-workshops_2022.utf8bom.txt": "encoding: UTF-8 (byte-order mark)",
}
# file -> (outcome, reason): the reason is the whole message a data team reads.
EXPECTED = {
    "empty.pdf": ("quarantined", "unreadable: file is empty (0 bytes)"),
    "scan-photo.pdf": (
        "quarantined",
        "unreadable: not a PDF: its content is a file of type PNG (image/png; magic bytes 89 50 4E 47)",
    ),
    "password-protected.pdf": (
        "quarantined",
        "unreadable: encrypted PDF (Standard security handler, revision 3, 128-bit key): it needs its open"
        " password, which the pipeline does not have; a password would open it: ask the commune for a"
        " copy saved without one",
    ),
    "cut-off.pdf": (
        "quarantined",
        "unreadable: truncated PDF: no end-of-file marker (%%EOF) and no readable structure (Unexpected"
        " EOF); the file (29,635 bytes) was probably cut off during upload or copy",
    ),
    "cut-off.docx": (
        "quarantined",
        "unreadable: truncated or damaged: a file of type DOCX whose ZIP directory cannot be read (File is"
        " not a zip file); the file (20,737 bytes) was probably cut off during upload or copy",
    ),
    "minutes.docx": ("quarantined", "unreadable: not a Word document (DOCX): its content is plain text"),
    "upload-0001": (
        "quarantined",
        "unreadable: unknown format: by its content not a PDF, DOCX, PPTX or text file, but unrecognised"
        " binary data (first bytes 7F 00 13 37 F2 89 B3 49)",
    ),
    "protected.docx": (
        "quarantined",
        "unreadable: password-protected Office document (an encrypted DOCX/PPTX/XLSX package): it opens"
        " only with its password; ask the commune for a copy saved without a password",
    ),
    "damaged-utf8.txt": (
        "quarantined",
        "unreadable: damaged UTF-8 text: byte 0xff at offset 3,000 is not UTF-8, after 3,000 bytes of valid"
        " UTF-8",
    ),
    "budget.xlsx": (
        "skipped",
        "an Excel workbook (XLSX): not a format the pipeline reads (PDF, DOCX, PPTX, text)",
    ),
    "old-plan.doc": (
        "skipped",
        "a legacy Microsoft Office file (OLE2 format: .doc/.xls/.ppt): not a format the pipeline reads"
        " (PDF, DOCX, PPTX, text); save it as .docx or .pdf to load it",
    ),
    "bomb.docx": (
        "quarantined",
        "over a limit: the archive's declared expanded size is 1,024.0 MB; the limit is 512 MB"
        " (IntakeLimits.max_expanded_mb)",
    ),
    "lying-bomb.docx": (
        "quarantined",
        "unreadable: damaged archive: member 'word/document.xml' cannot be expanded (Bad CRC-32 for file"
        " 'word/document.xml')",
    ),
    "huge-export.txt": (
        "quarantined",
        "over a limit: the text file is 200.0 MB; the limit is 16 MB (IntakeLimits.max_text_mb)",
    ),
}
FACT_TABLES = ("fact_activity", "fact_proposal", "fact_indicator", "dim_project", "dim_axis")


def good_raw(folder: Path) -> Path:
    folder.mkdir()
    for name in GOOD:
        shutil.copy(RAW / name, folder / name)
    rows = [f"{name},tetouan" for name in (*GOOD, *ENCODED_WORKSHOPS)]
    (folder / "manifest.csv").write_text("file,commune\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def add_bad_inputs(raw: Path) -> None:
    for path in BAD.iterdir():
        shutil.copy(path, raw / path.name)
    write_zip_bomb(raw / "bomb.docx", expanded_mb=1024)
    write_zip_bomb(raw / "lying-bomb.docx", expanded_mb=1024, declared_mb=0)
    write_huge_text(raw / "huge-export.txt", 200, RAW / WORKSHOPS)


def facts_of(path: Path, document: str) -> dict[str, list[tuple]]:
    """The document's fact rows without the columns naming the document itself, nor is_current (which
    rendition is current depends on the other files in the folder)."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        found = {}
        for table in FACT_TABLES:
            cursor = conn.execute(f"SELECT * FROM {table} WHERE document_id = ?", [document])
            names = [d[0] for d in cursor.description]
            keep = [i for i, n in enumerate(names) if not n.endswith("_id") and n != "is_current"]
            found[table] = sorted(repr(tuple(row[i] for i in keep)) for row in cursor.fetchall())
        return found
    finally:
        conn.close()


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    clean_raw, clean = good_raw(base / "clean_raw"), base / "clean.duckdb"
    refresh(raw_dir=clean_raw, warehouse=clean, show_progress=False, quality=False)
    raw, mixed = good_raw(base / "raw"), base / "mixed.duckdb"
    add_bad_inputs(raw)
    first = refresh(raw_dir=raw, warehouse=mixed, show_progress=False, quality=False)
    second = refresh(raw_dir=raw, warehouse=mixed, show_progress=False, quality=False)
    return clean, mixed, first, second


def test_each_bad_upload_gets_its_outcome_and_specific_reason(refreshed):
    _, _, first, _ = refreshed
    outcomes = {f.file_name: (f.outcome, f.reason) for f in first.files}
    assert {name: outcomes[name] for name in EXPECTED} == EXPECTED


def test_the_good_files_load_as_without_the_bad_ones(refreshed):
    clean, mixed, first, _ = refreshed
    assert {f.file_name: f.outcome for f in first.files if f.file_name in GOOD} == dict.fromkeys(
        GOOD, "interpreted"
    )
    for name in GOOD:
        facts = facts_of(mixed, name)
        assert facts == facts_of(clean, name)
        assert sum(map(len, facts.values())) > 20


def test_text_in_other_encodings_gives_the_same_facts_and_names_its_encoding(refreshed):
    clean, mixed, first, _ = refreshed
    outcomes = {f.file_name: f.outcome for f in first.files}
    conn = duckdb.connect(str(mixed), read_only=True)
    try:
        notes = dict(conn.execute("SELECT source_file, notes FROM v_documents").fetchall())
    finally:
        conn.close()
    original = facts_of(clean, WORKSHOPS)
    assert len(original["fact_proposal"]) > 50
    for name, encoding_note in ENCODED_WORKSHOPS.items():
        assert outcomes[name] == "interpreted"
        assert encoding_note in notes[name]
        assert facts_of(mixed, name) == original, name
    assert "encoding: UTF-8" in notes[WORKSHOPS]
    assert (
        "read as text by its content (the name has no extension)"
        in notes["tetouan_cocreation-workshops_2022-windows-arabic"]
    )


def test_quarantined_files_are_not_redone_until_they_change(refreshed):
    _, mixed, _, second = refreshed
    outcomes = {f.file_name: (f.outcome, f.reason) for f in second.files}
    for name, (outcome, reason) in EXPECTED.items():
        assert outcomes[name] == (outcome, reason)
    conn = duckdb.connect(str(mixed), read_only=True)
    try:
        events = conn.execute(
            "SELECT count(*) FROM etl_file_event WHERE run_id = ?", [second.run_id]
        ).fetchone()[0]
    finally:
        conn.close()
    assert events == 0


# --------------------------------------------------------------------------- limits in the child


def test_a_document_over_its_memory_limit_ends_that_document_only(tmp_path: Path):
    bomb = tmp_path / "bomb.docx"
    write_zip_bomb(bomb, expanded_mb=256)
    limits = IntakeLimits(max_expanded_mb=4096, max_compression_ratio=1e9, max_memory_mb=100)
    with pytest.raises(LimitExceeded, match=r"the limit is 100 MB \(IntakeLimits.max_memory_mb\)$"):
        extract_isolated(bomb, limits)
    good = extract_isolated(RAW / WORKSHOPS, limits)  # the next document is read as usual
    assert good.pages_or_lines == 256


def test_a_document_over_its_time_limit_is_stopped(tmp_path: Path):
    with pytest.raises(LimitExceeded, match=r"^extraction time is over 0.2 s; the limit is 0.2 s"):
        extract_isolated(RAW / "ait-melloul_open-plan_2024-2025.pdf", IntakeLimits(max_seconds=0.2))


def test_page_and_line_limits_name_the_figure():
    with pytest.raises(
        LimitExceeded, match=r"^the declared page count is 5; the limit is 4 \(IntakeLimits.max_pages\)"
    ):
        extract_isolated(RAW / "tetouan_action-plan_2023-2026.pdf", IntakeLimits(max_pages=4))
    with pytest.raises(LimitExceeded, match=r"^the text's line count is 256; the limit is 100"):
        extract_isolated(RAW / WORKSHOPS, IntakeLimits(max_text_lines=100))
    with pytest.raises(LimitExceeded, match=r"^the slide count is 37; the limit is 10"):
        extract_isolated(RAW / "beni-mellal_open-plan_2024-2025.pptx", IntakeLimits(max_pages=10))


def test_a_crashed_child_is_reported_by_its_signal():
    assert "crashed on this file (SIGSEGV)" in str(ended_without_result(-11, IntakeLimits()))
    killed = ended_without_result(-9, IntakeLimits())
    assert isinstance(killed, LimitExceeded) and "killed by SIGKILL" in str(killed)


EXTERNAL = PROJECT_ROOT.parent / "shared" / "corpus" / "external" / "pdfplumber"


@pytest.mark.skipif(not EXTERNAL.is_dir(), reason="pdfplumber's test PDFs are not on this machine")
def test_pdfplumbers_odd_test_files_get_specific_reasons():
    with pytest.raises(ExtractionError, match=r"^file is empty \(0 bytes\)$"):
        extract_isolated(EXTERNAL / "empty.pdf", IntakeLimits())
    with pytest.raises(
        ExtractionError, match=r"^encrypted PDF \(Standard security handler, revision 3, 128-bit"
    ):
        extract_isolated(EXTERNAL / "password-example.pdf", IntakeLimits())
    # Malformed but readable: pdfminer repairs it; read, not refused.
    assert extract_isolated(EXTERNAL / "malformed-from-issue-932.pdf", IntakeLimits()).pages_or_lines == 1
    # Encrypted with an owner password only: readable, and the note says so (checked before its
    # pages are read; their reading order is issue 8's).
    notes = check_pdf(EXTERNAL / "pr-138-example.pdf", IntakeLimits())
    assert notes[0].startswith(
        "encrypted PDF (Standard security handler, revision 4, 128-bit key) with an empty"
    )
