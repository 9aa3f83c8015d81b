"""OCR'd text Tesseract was unsure of, flagged: kept exactly as read, never corrected by a guess.

Runs after interpretation, for every interpreter: each OCR'd paragraph or table cell whose mean word
confidence is under ``LOW_CONFIDENCE`` becomes an ``ocr-low-confidence`` row of ``v_repairs`` (its
text, page and confidence), and the plan carries one defect saying how many there are, so that a
rendition read by OCR that differs from a born-digital one is explained, not silently different.
"""

from __future__ import annotations

from collections.abc import Iterator

from plans.model import ExtractedDocument, InterpretedDocument, Paragraph, Repair

# Tesseract's confidence (0-100) under which a line's reading is doubtful: the corpus scans'
# clean lines read at 85-95, specks and misread footers at 5-60.
LOW_CONFIDENCE = 60.0
KIND = "ocr-low-confidence"


def low_confidence_texts(doc: ExtractedDocument) -> Iterator[tuple[int | None, int | None, str, float, str]]:
    """(table, row, text, confidence, place) of each OCR'd paragraph or cell under the threshold."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.confidence is not None and block.confidence < LOW_CONFIDENCE and block.text.strip():
                yield None, None, block.text, block.confidence, f"page {block.location.page}"
            continue
        for row_index, row in enumerate(block.rows):
            for cell in row.cells:
                if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE and cell.text.strip():
                    place = f"table {block.index} row {row_index}"
                    yield block.index, row_index, cell.text, cell.confidence, place


def flag_low_confidence(doc: ExtractedDocument, plan: InterpretedDocument) -> None:
    """Add the flags and the defect to ``plan`` (nothing when the document was not OCR'd)."""
    found = list(low_confidence_texts(doc))
    for table, row, text, confidence, place in found:
        evidence = f"{place}: Tesseract confidence {confidence:.0f} under {LOW_CONFIDENCE:.0f}; kept as read"
        plan.repairs.append(Repair(table, row, KIND, text, text, evidence))
    if found:
        plan.defects.append(
            f"{len(found)} OCR'd line(s) or cell(s) read with confidence under {LOW_CONFIDENCE:.0f}"
            f" (kept as read, flagged in v_repairs as {KIND})"
        )
