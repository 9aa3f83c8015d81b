"""A PDF's envelope before its pages are read: encryption, truncation, page count.

pdfplumber reports these as pdfminer's bare exceptions (an encrypted PDF raises
``PDFPasswordIncorrect()`` with no message); here each gets a reason a data team can act on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from extractors.base import ExtractionError
from extractors.intake.limits import IntakeLimits, over_limit

# Where the end-of-file marker must be: writers may append a few bytes (a newline, padding) after it.
_EOF_WINDOW = 2048


class _EncryptionProbe(PDFDocument):
    """PDFDocument that keeps the /Encrypt dictionary on the error it raises, to describe it."""

    def _initialize_password(self, password: str = "") -> None:
        try:
            super()._initialize_password(password)
        except PDFEncryptionError as error:
            error.encrypt_params = dict(self.encryption[1]) if self.encryption else {}  # type: ignore[attr-defined]
            raise


def has_eof_marker(path: Path) -> bool:
    with path.open("rb") as stream:
        size = stream.seek(0, 2)
        stream.seek(max(0, size - _EOF_WINDOW))
        return b"%%EOF" in stream.read()


def describe_encryption(params: dict[str, Any]) -> str:
    """'Standard security handler, revision 4, 128-bit key' from the /Encrypt dictionary."""
    handler = getattr(resolve1(params.get("Filter")), "name", str(params.get("Filter", "?")))
    revision = resolve1(params.get("R"))
    length = resolve1(params.get("Length")) or (40 if revision == 2 else None)
    parts = [f"{handler} security handler"]
    if revision is not None:
        parts.append(f"revision {revision}")
    if length:
        parts.append(f"{length}-bit key")
    return ", ".join(parts)


def encryption_reason(error: PDFEncryptionError) -> str:
    params: dict[str, Any] = getattr(error, "encrypt_params", {})
    scheme = describe_encryption(params) if params else "unknown scheme"
    handler = getattr(resolve1(params.get("Filter")), "name", "")
    if isinstance(error, PDFPasswordIncorrect):
        return (
            f"encrypted PDF ({scheme}): it needs its open password, which the pipeline does not have;"
            " a password would open it: ask the commune for a copy saved without one"
        )
    if handler and handler != "Standard":
        return (
            f"encrypted PDF ({scheme}): protected with certificates, not a password, so no password"
            " opens it; ask the commune for an unprotected copy"
        )
    return (
        f"encrypted PDF ({scheme}) with a method the PDF reader does not support ({error});"
        " ask the commune for an unprotected copy"
    )


def open_pdf(path: Path) -> tuple[PDFDocument, Any]:
    stream = path.open("rb")
    try:
        return _EncryptionProbe(PDFParser(stream), password=""), stream
    except PDFEncryptionError as error:
        stream.close()
        raise ExtractionError(encryption_reason(error)) from error
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        stream.close()
        if not has_eof_marker(path):
            detail = error or type(error).__name__
            raise ExtractionError(
                f"truncated PDF: no end-of-file marker (%%EOF) and no readable structure ({detail});"
                f" the file ({path.stat().st_size:,} bytes) was probably cut off during upload or copy"
            ) from error
        raise ExtractionError(f"damaged PDF: {error or type(error).__name__}") from error


def count_pages(document: PDFDocument, limit: int) -> int:
    """Pages in the page tree, counted lazily and stopped just past ``limit``."""
    count = 0
    for _ in PDFPage.create_pages(document):
        count += 1
        if count > limit:
            break
    return count


def check_pdf(path: Path, limits: IntakeLimits) -> list[str]:
    """Raise the specific reason a PDF cannot be read; else notes on how it will be read."""
    document, stream = open_pdf(path)
    try:
        declared = (
            resolve1(resolve1(document.catalog.get("Pages") or {}).get("Count", 0)) if document.catalog else 0
        )
        if isinstance(declared, int) and declared > limits.max_pages:
            raise over_limit("the declared page count", f"{declared:,}", f"{limits.max_pages:,}", "max_pages")
        try:
            pages = count_pages(document, limits.max_pages)
        except Exception as error:
            raise ExtractionError(
                f"damaged PDF: its page tree cannot be read ({error or type(error).__name__})"
            ) from error
        if pages > limits.max_pages:
            raise over_limit(
                "the page count", f"over {limits.max_pages:,}", f"{limits.max_pages:,}", "max_pages"
            )
        notes = []
        if document.encryption is not None:
            notes.append(
                f"encrypted PDF ({describe_encryption(dict(document.encryption[1]))}) with an empty open"
                " password: read without one (its owner password only restricts printing and copying)"
            )
        if not has_eof_marker(path):
            notes.append("no end-of-file marker (%%EOF): the file may be truncated; check its last pages")
        return notes
    finally:
        stream.close()
