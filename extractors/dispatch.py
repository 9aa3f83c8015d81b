"""Pick the extractor by the file's content (its name only says what the uploader meant), check the
document against its resource limits before and after extraction, and record how it was read."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from extractors.intake.identify import UnsupportedFormat, identify, resolve_format
from extractors.intake.limits import IntakeLimits, check_archive, check_extracted, check_file_size
from extractors.intake.pdf_checks import check_pdf
from plans.model import ExtractedDocument

__all__ = ["DEFAULT_LIMITS", "UnsupportedFormat", "check_before", "extract"]

DEFAULT_LIMITS = IntakeLimits()


def _extractors() -> dict[str, Callable[[Path], ExtractedDocument]]:
    from extractors.docx import extract_docx
    from extractors.pdf import extract_pdf
    from extractors.pptx import extract_pptx
    from extractors.text import extract_text

    return {"txt": extract_text, "docx": extract_docx, "pptx": extract_pptx, "pdf": extract_pdf}


def check_before(path: Path, source_format: str, limits: IntakeLimits) -> list[str]:
    """Limits checked from what the file declares, before its extractor reads it; notes on it."""
    check_file_size(path, source_format == "txt", limits)
    if source_format in ("docx", "pptx"):
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, limits)
    if source_format == "pdf":
        return check_pdf(path, limits)
    return []


def extract(path: Path, limits: IntakeLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Extract in this process (``extractors.intake.worker`` runs this in a child with memory and
    time limits). Raises UnsupportedFormat (skip), NeedsOcr, LimitExceeded or ExtractionError."""
    source_format, notes = resolve_format(path, identify(path))
    notes += check_before(path, source_format, limits)
    doc = _extractors()[source_format](path)
    check_extracted(doc, limits)
    return replace(doc, notes=(*notes, *doc.notes)) if notes else doc
