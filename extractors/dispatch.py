"""Pick the extractor by the file's format (its extension is the format, not its content's meaning)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from plans.model import ExtractedDocument


class UnsupportedFormat(Exception):
    """The file is not in a format the pipeline reads (yet): skipped, not an error."""


def _extractors() -> dict[str, Callable[[Path], ExtractedDocument]]:
    from extractors.docx import extract_docx
    from extractors.pdf import extract_pdf
    from extractors.pptx import extract_pptx
    from extractors.text import extract_text

    return {".txt": extract_text, ".docx": extract_docx, ".pptx": extract_pptx, ".pdf": extract_pdf}


def extract(path: Path) -> ExtractedDocument:
    suffix = path.suffix.lower()
    extractor = _extractors().get(suffix)
    if extractor is None:
        raise UnsupportedFormat(f"format '{suffix or 'none'}' is not supported yet")
    return extractor(path)
