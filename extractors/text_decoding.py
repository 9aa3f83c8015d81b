"""Bytes of a text rendition into text, in the encodings communes' office PCs actually write.

Order, each step only when the previous one does not apply:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides outright;
2. NUL bytes mean UTF-16 without a BOM or binary data: charset-normalizer is asked for UTF-16 only;
3. strict UTF-8 (what the corpus and every modern tool writes);
4. a file that is UTF-8 up to a damaged byte, or that ends inside a UTF-8 character, is refused
   with that offset: a legacy 8-bit code page would decode it without error into mojibake;
5. charset-normalizer chooses among ``TextSettings.legacy_encodings`` (Windows-1256 first: Arabic
   exports from Word on Moroccan PCs), accepted only when the characters it gives beyond ASCII are
   mostly letters (mojibake and binary data give symbols and controls).

The encoding used is returned as a note for ``v_documents.notes``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from extractors.base import ExtractionError, TextSettings

# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF16 = ("utf_16_le", "utf_16_be")
# Control characters that real text files carry: tab, line feed, vertical tab (Word's manual line
# break), form feed (pdftotext's page break), carriage return.
_TEXT_CONTROLS = frozenset("\t\n\x0b\x0c\r")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # display name, e.g. "UTF-8", "Windows-1256"
    note: str  # how the encoding was established, for the data team


def codec_label(encoding: str) -> str:
    """Display name of an encoding: 'UTF-8', 'UTF-16-LE', 'Windows-1256', 'ISO-8859-6'."""
    name = codecs.lookup(encoding).name
    if name.startswith("cp125"):
        return f"Windows-{name[2:]}"
    if name.startswith("iso8859"):
        return f"ISO-{name[3:]}"
    return name.upper()


def find_bom(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when the data starts with a Unicode byte-order mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def decode_with_bom(data: bytes, codec: str, bom_length: int) -> DecodedText:
    """Decode data whose encoding its BOM names; the BOM itself is not text."""
    try:
        text = data[bom_length:].decode(codec)
    except UnicodeDecodeError as exc:
        offset = bom_length + exc.start
        raise ExtractionError(
            f"not {codec_label(codec)} text despite its byte-order mark "
            f"(byte 0x{data[offset]:02x} at offset {offset})"
        ) from exc
    label = codec_label(codec)
    return DecodedText(text, label, f"encoding: {label} (byte-order mark)")


def detected(data: bytes, candidates: tuple[str, ...]) -> tuple[str, str] | None:
    """(text, codec) charset-normalizer finds among the candidates, or None."""
    best = from_bytes(data, cp_isolation=list(candidates)).best()
    if best is None:
        return None
    return str(best), best.encoding


def letter_share_beyond_ascii(text: str) -> float:
    beyond = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    if not beyond:
        return 1.0
    return sum(ch.isalpha() or 0x64B <= ord(ch) <= 0x652 for ch in beyond) / len(beyond)


def utf8_failure(data: bytes, error: UnicodeDecodeError) -> ExtractionError | None:
    """The specific reason when a file is UTF-8 that is damaged or cut off, else None."""
    where = f"byte 0x{data[error.start]:02x} at offset {error.start:,}"
    if error.end == len(data) and error.reason == "unexpected end of data":
        return ExtractionError(
            f"truncated: the file ends inside a UTF-8 character ({where} of {len(data):,} bytes);"
            " it was probably cut off during upload or copy"
        )
    valid = data[: error.start].decode("utf-8")
    if any(ord(ch) > 0x7F for ch in valid):
        return ExtractionError(
            f"damaged UTF-8 text: {where} is not UTF-8, after {error.start:,} bytes of valid UTF-8"
        )
    return None


def decode_utf16_without_bom(data: bytes, settings: TextSettings) -> DecodedText:
    found = detected(data, _UTF16)
    if found is None or letter_share_beyond_ascii(found[0]) < settings.min_letter_share:
        raise ExtractionError(f"binary content, not text (NUL byte at offset {data.index(0)})")
    label = codec_label(found[1])
    return DecodedText(found[0], label, f"encoding: {label} without byte-order mark (charset-normalizer)")


def decode_legacy(data: bytes, error: UnicodeDecodeError, settings: TextSettings) -> DecodedText:
    utf8_reason = f"byte 0x{data[error.start]:02x} at offset {error.start:,}"
    found = detected(data, settings.legacy_encodings) if settings.legacy_encodings else None
    if found is not None and letter_share_beyond_ascii(found[0]) >= settings.min_letter_share:
        label = codec_label(found[1])
        return DecodedText(
            found[0], label, f"encoding: {label} (charset-normalizer; not UTF-8: {utf8_reason})"
        )
    tried = ", ".join(codec_label(e) for e in settings.legacy_encodings)
    raise ExtractionError(f"not UTF-8 text ({utf8_reason}), nor text in {tried or 'another encoding'}")


def check_control_characters(text: str, settings: TextSettings) -> None:
    """Reject decoded text made mostly of control characters (binary data that happened to decode)."""
    positions = [i for i, ch in enumerate(text) if ord(ch) < 0x20 and ch not in _TEXT_CONTROLS]
    if positions and len(positions) / len(text) > settings.max_control_char_ratio:
        first = positions[0]
        raise ExtractionError(
            f"binary content, not text ({len(positions)} control characters, "
            f"the first U+{ord(text[first]):04X} at character {first})"
        )


def decode_bytes(data: bytes, settings: TextSettings) -> DecodedText:
    """Steps 1-5 of the module docstring."""
    bom = find_bom(data)
    if bom is not None:
        return decode_with_bom(data, *bom)
    if data.count(0) > settings.max_nul_bytes:
        return decode_utf16_without_bom(data, settings)
    try:
        return DecodedText(data.decode("utf-8"), "UTF-8", "encoding: UTF-8")
    except UnicodeDecodeError as error:
        reason = utf8_failure(data, error)
        if reason is not None:
            raise reason from error
        return decode_legacy(data, error, settings)


def decode_text(data: bytes, settings: TextSettings) -> DecodedText:
    """The file's text and how it was decoded, or an ExtractionError with the specific reason."""
    if not data:
        raise ExtractionError("file is empty")
    decoded = decode_bytes(data, settings)
    check_control_characters(decoded.text, settings)
    if not decoded.text.strip():
        raise ExtractionError("file has no text (only whitespace)")
    return decoded
