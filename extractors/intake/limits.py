"""Per-document resource limits, checked before extraction (from sizes the file declares) and after
it (from what extraction produced); memory and wall time are enforced by ``extractors.intake.worker``.

A document over a limit raises ``LimitExceeded``, whose message names the figure, the limit and the
setting, so the data team knows what to raise if the file is genuine.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

from extractors.base import ExtractionError
from plans.model import ExtractedDocument, Paragraph

_MB = 1 << 20
# Members are decompressed in blocks, so counting the actual expanded size never holds a member whole.
_READ_BLOCK = 1 << 20
_SLIDE_MEMBER = re.compile(r"^ppt/slides/slide\d+\.xml$")


@dataclass(frozen=True)
class IntakeLimits:
    """Limits one document must stay within; defaults sit well above the largest sample plan
    (a 40-page PDF, a 103 KB text export, 4 MB files) and well below what hurts a shared 2-core
    machine. Raise one when a genuine document meets it: the quarantine reason names the setting."""

    # Any file: larger uploads are not read at all (a 37-page scan at 300 dpi is 4 MB).
    max_file_mb: float = 256.0
    # Text renditions are read whole; a commune's plan as text is well under 1 MB. Above this size
    # the file is quarantined before it is read (a 200 MB dump took 9.7 GB and 6 minutes).
    max_text_mb: float = 16.0
    max_text_lines: int = 200_000
    # DOCX/PPTX are ZIP archives: their members' expanded size (as declared in the archive's
    # directory and as actually decompressed) and how many members they have. A zip bomb declares
    # or expands to gigabytes from a few MB.
    max_expanded_mb: float = 512.0
    max_archive_members: int = 10_000
    # A member expanding more than this many times its compressed size (and past 1 MB) is a bomb:
    # Word XML compresses 5-20x, pictures barely.
    max_compression_ratio: float = 200.0
    # Pages of a PDF, slides of a presentation.
    max_pages: int = 2_000
    # Characters of text extracted from one document (tables and paragraphs together).
    max_text_chars: int = 20_000_000
    # Extraction runs in a child process: wall time and extra memory (address space) it may use.
    max_seconds: float = 300.0
    max_memory_mb: float = 2048.0
    # False runs extraction in the calling process (debugging): no memory or time limit then.
    isolate: bool = True


class LimitExceeded(ExtractionError):
    """A document over one of its IntakeLimits; the message says which, with the figure."""


def setting_names() -> set[str]:
    return {f.name for f in fields(IntakeLimits)}


def over_limit(what: str, figure: str, limit: str, setting: str) -> LimitExceeded:
    assert setting in setting_names(), setting
    return LimitExceeded(f"{what} is {figure}; the limit is {limit} (IntakeLimits.{setting})")


def megabytes(size: float) -> str:
    return f"{size / _MB:,.1f} MB"


def check_file_size(path: Path, is_text: bool, limits: IntakeLimits) -> None:
    """Refuse a file too large to read, before reading a byte of it."""
    size = path.stat().st_size
    if size > limits.max_file_mb * _MB:
        raise over_limit("the file", megabytes(size), f"{limits.max_file_mb:g} MB", "max_file_mb")
    if is_text and size > limits.max_text_mb * _MB:
        raise over_limit("the text file", megabytes(size), f"{limits.max_text_mb:g} MB", "max_text_mb")


def check_archive(archive: zipfile.ZipFile, limits: IntakeLimits) -> None:
    """Declared sizes first (the directory is read without expanding anything), then the actual
    expanded size, decompressed block by block and stopped at the limit."""
    members = archive.infolist()
    if len(members) > limits.max_archive_members:
        raise over_limit(
            "the archive's member count",
            f"{len(members):,}",
            f"{limits.max_archive_members:,}",
            "max_archive_members",
        )
    check_declared_sizes(members, limits)
    slides = sum(1 for m in members if _SLIDE_MEMBER.match(m.filename))
    if slides > limits.max_pages:
        raise over_limit("the slide count", f"{slides:,}", f"{limits.max_pages:,}", "max_pages")
    check_expanded_sizes(archive, members, limits)


def check_declared_sizes(members: list[zipfile.ZipInfo], limits: IntakeLimits) -> None:
    declared = sum(m.file_size for m in members)
    if declared > limits.max_expanded_mb * _MB:
        raise over_limit(
            "the archive's declared expanded size",
            megabytes(declared),
            f"{limits.max_expanded_mb:g} MB",
            "max_expanded_mb",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _MB and ratio > limits.max_compression_ratio:
            raise over_limit(
                f"the compression ratio of member {member.filename!r} ({megabytes(member.file_size)}"
                f" from {member.compress_size:,} bytes)",
                f"{ratio:,.0f}:1",
                f"{limits.max_compression_ratio:g}:1",
                "max_compression_ratio",
            )


def check_expanded_sizes(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: IntakeLimits
) -> None:
    """Decompress every member, counting bytes; a member whose data is damaged is a specific error."""
    budget = limits.max_expanded_mb * _MB
    expanded = 0
    for member in members:
        try:
            with archive.open(member) as stream:
                while block := stream.read(_READ_BLOCK):
                    expanded += len(block)
                    if expanded > budget:
                        raise over_limit(
                            "the archive's expanded size",
                            f"over {megabytes(expanded)}",
                            f"{limits.max_expanded_mb:g} MB",
                            "max_expanded_mb",
                        )
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            raise ExtractionError(
                f"damaged archive: member {member.filename!r} cannot be expanded ({error})"
            ) from error


def text_chars(doc: ExtractedDocument) -> int:
    total = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            total += len(block.text)
        else:
            total += sum(len(cell.text) for row in block.rows for cell in row.cells)
    return total


def check_extracted(doc: ExtractedDocument, limits: IntakeLimits) -> None:
    """Limits on what extraction produced (a small file can still hold a lot of text)."""
    if doc.source_format == "txt" and doc.pages_or_lines > limits.max_text_lines:
        raise over_limit(
            "the text's line count", f"{doc.pages_or_lines:,}", f"{limits.max_text_lines:,}", "max_text_lines"
        )
    chars = text_chars(doc)
    if chars > limits.max_text_chars:
        raise over_limit(
            "the extracted text", f"{chars:,} characters", f"{limits.max_text_chars:,}", "max_text_chars"
        )
