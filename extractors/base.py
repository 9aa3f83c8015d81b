"""What every extractor shares: the file digest, the error it raises, and the text extractor's settings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# Reading in blocks keeps memory flat for large scanned PDFs.
_HASH_BLOCK_BYTES = 1 << 20


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, read in blocks (the document's identity in the warehouse)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(_HASH_BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()


class ExtractionError(Exception):
    """A file could not be extracted; the message is the specific reason, meant for the data team.

    Examples: ``file is empty``, ``not UTF-8 text (byte 0x89 at offset 0)``,
    ``binary content, not text (NUL byte at offset 12)``.
    """


class NeedsOcr(ExtractionError):
    """The file has no text layer (a scanned PDF): not an error of the file, a step we lack."""


@dataclass(frozen=True)
class TextSettings:
    """Settings of the text-rendition extractor (extractors/text.py), in the spirit of pdfplumber's
    table settings: every threshold has a name, a default and a reason."""

    # Tried by charset-normalizer when a text file is not UTF-8 (nor UTF-16, told by its BOM or its
    # NUL bytes; see extractors/text_decoding.py): Windows-1256 is what Word on Moroccan office PCs
    # writes for Arabic, ISO-8859-6 older Arabic tools, Windows-1252 French ones. Empty: UTF only.
    legacy_encodings: tuple[str, ...] = ("cp1256", "iso8859_6", "cp1252")
    # A legacy decoding is accepted only when at least this share of its non-ASCII characters are
    # letters (or Arabic diacritics): a damaged file decodes into symbols and controls instead.
    min_letter_share: float = 0.9
    # A text file in a byte-oriented encoding has no NUL bytes: more than this many mean UTF-16
    # without a byte-order mark, or else binary data.
    max_nul_bytes: int = 0
    # Share of C0 control characters (other than tab, line feed, carriage return, form feed) above
    # which decoded content is taken for binary data that happened to decode. OCR and PDF text
    # exports may carry a few stray controls, so a handful are tolerated.
    max_control_char_ratio: float = 0.01
    # Fewest tab-separated cells that make a line a table row (one tab gives two cells).
    min_table_columns: int = 2
    # A run of at most this many tab-less, non-blank lines squeezed between two tab rows with the
    # same cell count (no blank line around them) is kept inside the table, one one-cell row per
    # line, instead of ending it: PDF text exports wrap long cells onto their own lines. 0 disables.
    max_wrapped_lines_in_table: int = 3
    # Glyphs that mark a bullet paragraph wherever they sit at either end of the line (slide and PDF
    # exports put the bullet of a right-to-left line at its visual end), including the Symbol and
    # Wingdings private-use code points that Word and PowerPoint bullets come out as.
    bullet_glyphs: str = "•◦▪▫■□●○◆◇►▶➢➤✓✔❖\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
    # ASCII list markers; they count only at the start of a line and only when followed by a space
    # or a letter, so "-1 ..." (a section number in visual order), "**bold**" and "+212" stay text.
    ascii_bullet_markers: str = "-*+"
