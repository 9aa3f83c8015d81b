"""Pages whose text layer cannot be trusted, and their reading by OCR instead.

Two kinds of page are read from their image rather than their text layer:
- a page with no text layer in a PDF that has one elsewhere (a scanned page inserted in a
  born-digital plan);
- a page whose text layer does not read as Arabic (``normalizers.plausibility``): a broken font
  map decodes every glyph to a wrong letter, and the page would otherwise load as if it were fine.
A page with too few Arabic letters to judge (a French or numbers-only page) keeps its layer.

Each OCR'd page is named with the reason in the document's OCR notes (``v_documents``). When
Tesseract is missing, a broken page is left out and said so in the warnings: never loaded garbled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.base import NeedsOcr
from normalizers.plausibility import Plausibility, corpus_plausibility
from plans.model import Block, Table


@dataclass(frozen=True)
class TextLayerSettings:
    """When a page's text layer is judged broken (see normalizers.plausibility for the scales)."""

    # Fewest Arabic letter pairs on a page for a judgement: below, the page keeps its layer.
    min_pairs: int = 40
    # Real corpus pages score 1.4-2.0 (letter pairs) and 0.48-0.93 (known words, each plan's own
    # words left out); a glyph map shifted by one scores about 0 on both.
    min_letter_score: float = 0.8
    min_known_share: float = 0.3
    # A layer with this share of unmappable glyphs ("(cid:N)", private use, U+FFFD) is broken too.
    max_unmapped_share: float = 0.3


def page_text(lines: Sequence[str], tables: Sequence[Table]) -> str:
    """All the text a page's layer gives: its free lines and its table cells."""
    cells = [cell.text for table in tables for row in table.rows for cell in row.cells]
    return "\n".join([*lines, *cells])


def broken_reason(reading: Plausibility, settings: TextLayerSettings) -> str | None:
    """Why a page's text layer is not to be trusted, or None when it reads as Arabic (or cannot be
    judged)."""
    if reading.unmapped_share > settings.max_unmapped_share:
        return f"{reading.unmapped_share:.0%} of its glyphs have no letter in the text layer"
    if reading.pairs < settings.min_pairs:
        return None
    if reading.score < settings.min_letter_score or reading.known_share < settings.min_known_share:
        return (
            f"its text layer does not read as Arabic (letter pairs {reading.score:.2f} < "
            f"{settings.min_letter_score}, or known words {reading.known_share:.0%} < "
            f"{settings.min_known_share:.0%}): a broken font map"
        )
    return None


def judge_page(lines: Sequence[str], tables: Sequence[Table], settings: TextLayerSettings) -> str | None:
    """``broken_reason`` of one page's text."""
    return broken_reason(corpus_plausibility(page_text(lines, tables)), settings)


@dataclass(frozen=True)
class OcrReading:
    """Pages read by OCR instead of their text layer: their blocks, notes and warnings."""

    blocks: dict[int, list[Block]]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]


def read_pages_by_ocr(path: Path, reasons: dict[int, str]) -> OcrReading:
    """OCR the pages named in ``reasons`` (page number -> why). Tesseract missing: no blocks, and a
    warning per page saying it was left out."""
    from extractors.ocr import (  # OpenCV, Tesseract: only when needed
        DEFAULT_SETTINGS,
        ocr_pages,
        restored_mark_notes,
    )
    from extractors.ocr.engine import check_tesseract

    settings = DEFAULT_SETTINGS
    try:
        check_tesseract(settings.tessdata_dir(), settings.text_language)
    except NeedsOcr as missing:
        return OcrReading(
            {n: [] for n in reasons},
            (),
            tuple(f"page {n}: {why}; not read ({missing})" for n, why in sorted(reasons.items())),
        )
    read = ocr_pages(path, settings, set(reasons))
    notes = tuple(
        f"page {n}: read by OCR (Tesseract {settings.text_language}, {settings.dpi} dpi): {why}"
        for n, why in sorted(reasons.items())
    ) + restored_mark_notes(read)
    return OcrReading({n: r.blocks for n, r in read.items()}, notes, ())
