"""What a file is by its content (magic bytes, a ZIP's directory), not by its name.

The extension only says what the uploader meant; the content decides which extractor reads it, and
a mismatch is a specific reason ("not a PDF: its content is a PNG image") or a note when the content
is a format we read anyway. Magic bytes are matched by ``filetype`` (a well-kept table of ~80
formats); only what it does not cover is tested here: PDF headers after leading junk (the PDF
specification allows 1 KB), the members of OOXML/ODF archives, password-protected Office files and
text.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import filetype

from extractors.base import ExtractionError

# Enough for every magic number filetype knows and for the first local headers of a ZIP.
HEAD_BYTES = 8192
# The PDF header may follow up to 1024 bytes of junk (ISO 32000-1, 7.5.2 note).
_PDF_HEADER_WINDOW = 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word/PowerPoint save a password-protected .docx/.pptx as an OLE2 file holding this stream.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

READABLE_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word document (DOCX)",
    "pptx": "a PowerPoint presentation (PPTX)",
    "txt": "text",
}
EXTENSION_FORMATS = {".pdf": "pdf", ".docx": "docx", ".pptx": "pptx", ".txt": "txt"}
# Archive members that say which OOXML document a ZIP holds.
_OOXML_PARTS = (
    ("word/document.xml", "docx", "a Word document (DOCX)"),
    ("ppt/presentation.xml", "pptx", "a PowerPoint presentation (PPTX)"),
    ("xl/workbook.xml", None, "an Excel workbook (XLSX)"),
)


class UnsupportedFormat(Exception):
    """A genuine file in a format the pipeline does not read (yet): skipped, not an error."""


@dataclass(frozen=True)
class Identified:
    """A file's format by its content: ``format`` is one the pipeline reads, or None."""

    format: str | None
    description: str
    extensions: tuple[str, ...] = ()  # the extensions this content normally has
    hint: str = ""  # what the data team can do about it


def read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(HEAD_BYTES)
    except OSError as exc:
        raise ExtractionError(f"cannot read file ({exc.strerror or exc})") from exc


def first_bytes(head: bytes, count: int = 8) -> str:
    return " ".join(f"{b:02X}" for b in head[:count])


def identify(path: Path) -> Identified:
    """The file's format by content; raises ExtractionError for an empty or a cut-off file."""
    head = read_head(path)
    if not head:
        raise ExtractionError("file is empty (0 bytes)")
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return Identified("pdf", "a PDF", (".pdf",))
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return identify_zip(path, head)
    if head.startswith(_OLE2_MAGIC):
        return identify_ole2(path)
    kind = filetype.guess(head)
    if kind is not None:
        return Identified(
            None,
            f"{kind_name(kind)} ({kind.mime}; magic bytes {first_bytes(head, 4)})",
            (f".{kind.extension}",),
        )
    if looks_like_text(head):
        return Identified("txt", "text", (".txt",))
    return Identified(None, f"unrecognised binary data (first bytes {first_bytes(head)})")


def kind_name(kind: filetype.Type) -> str:
    return f"a file of type {kind.extension.upper()}"


def identify_zip(path: Path, head: bytes) -> Identified:
    """A ZIP's kind from its member names (the central directory, read without expanding)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError) as error:
        claimed = filetype.guess(head)
        what = kind_name(claimed) if claimed else "a ZIP archive"
        size = path.stat().st_size
        raise ExtractionError(
            f"truncated or damaged: {what} whose ZIP directory cannot be read ({error}); "
            f"the file ({size:,} bytes) was probably cut off during upload or copy"
        ) from error
    for part, fmt, description in _OOXML_PARTS:
        if part in names:
            return Identified(fmt, description, (f".{fmt}",) if fmt else (".xlsx",))
    if mimetype:
        return Identified(None, f"an OpenDocument file ({mimetype.strip()})", (".odt", ".ods", ".odp"))
    return Identified(None, f"a ZIP archive of {len(names)} file(s), not an Office document", (".zip",))


def identify_ole2(path: Path) -> Identified:
    """An OLE2 compound file: a password-protected DOCX/PPTX, or a legacy .doc/.xls/.ppt."""
    with path.open("rb") as stream:
        sample = stream.read(1 << 20)
    if _ENCRYPTED_PACKAGE in sample:
        raise ExtractionError(
            "password-protected Office document (an encrypted DOCX/PPTX/XLSX package): it opens only"
            " with its password; ask the commune for a copy saved without a password"
        )
    return Identified(
        None,
        "a legacy Microsoft Office file (OLE2 format: .doc/.xls/.ppt)",
        (".doc", ".xls", ".ppt"),
        hint="; save it as .docx or .pdf to load it",
    )


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes, or NULs all on one byte parity (UTF-16 without its byte-order mark); the text
    decoder then decides the encoding and rejects binary data that slipped through."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if even + odd == 0:
        return True
    return min(even, odd) == 0 and max(even, odd) >= len(head) // 8


def resolve_format(path: Path, found: Identified) -> tuple[str, list[str]]:
    """The format to read the file as and a note when it differs from the name's, or the reason why
    it is not read: UnsupportedFormat for a genuine format we do not read (skipped), ExtractionError
    for a file whose content is not what its name says or is nothing we know (quarantined)."""
    suffix = path.suffix.lower()
    claimed = EXTENSION_FORMATS.get(suffix)
    if found.format is None:
        if claimed is not None:
            raise ExtractionError(f"not {READABLE_NAMES[claimed]}: its content is {found.description}")
        if suffix and suffix in found.extensions:
            raise UnsupportedFormat(
                f"{found.description}: not a format the pipeline reads (PDF, DOCX, PPTX, text){found.hint}"
            )
        raise ExtractionError(
            f"unknown format: by its content not a PDF, DOCX, PPTX or text file, but {found.description}"
        )
    if claimed == found.format:
        return found.format, []
    if claimed is None:
        name = f"'{suffix}'" if suffix else "no extension"
        return found.format, [f"read as {READABLE_NAMES[found.format]} by its content (the name has {name})"]
    if found.format == "txt":
        raise ExtractionError(f"not {READABLE_NAMES[claimed]}: its content is plain text")
    return found.format, [
        f"read as {READABLE_NAMES[found.format]} by its content, although its name ends in {suffix}"
    ]
