"""Large hostile files, written by the tests (not kept in the repository): zip bombs and a huge text.

A zip bomb is written as raw DEFLATE: a block of zeros compressed once with a full flush (which ends
on a byte boundary and resets the dictionary) repeats into a valid stream, so a 1 GB member takes
well under a second to write instead of compressing a gigabyte.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

_BLOCK = 1 << 24  # 16 MB of zeros per repeated piece
# The parts that make python-docx open word/document.xml (and so expand it).
_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)


def zeros_deflated(size: int) -> tuple[bytes, int]:
    """(raw DEFLATE stream of ``size`` zero bytes, its CRC-32); size a multiple of 16 MB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b"\0" * _BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    block = b"\0" * _BLOCK
    for _ in range(size // _BLOCK):
        crc = zlib.crc32(block, crc)
    return piece * (size // _BLOCK) + final, crc


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> None:
    """A ZIP of (name, raw deflate data, crc, declared size, ...) members, headers written by hand
    so a member can declare a size its data does not have. Tuples: name, data, crc, size, method."""
    local, central = bytearray(), bytearray()
    for name, data, crc, size, method in members:
        encoded = name.encode()
        offset = len(local)
        fields = struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        local += b"PK\x03\x04" + fields + encoded + data
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields[:-2]
            + struct.pack("<HHHHII", 0, 0, 0, 0, 0, offset)
            + encoded
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(local), 0)
    path.write_bytes(bytes(local) + bytes(central) + b"PK\x05\x06" + end)


def write_zip_bomb(path: Path, expanded_mb: int = 1024, declared_mb: int | None = None) -> None:
    """A .docx-shaped ZIP whose document part expands to ``expanded_mb`` of zeros, declaring
    ``declared_mb`` (default: the truth; less is a lying header)."""
    data, crc = zeros_deflated(expanded_mb << 20)
    declared = (declared_mb if declared_mb is not None else expanded_mb) << 20
    write_zip(
        path,
        [
            ("[Content_Types].xml", _TYPES, zlib.crc32(_TYPES), len(_TYPES), 0),
            ("_rels/.rels", _RELS, zlib.crc32(_RELS), len(_RELS), 0),
            ("word/document.xml", data, crc, declared, 8),
        ],
    )


def write_huge_text(path: Path, size_mb: int, sample: Path) -> None:
    """A real text file of ``size_mb``: the sample text repeated (written in blocks)."""
    block = sample.read_bytes()
    with path.open("wb") as stream:
        for _ in range((size_mb << 20) // len(block)):
            stream.write(block)
        stream.write(block[: (size_mb << 20) - stream.tell()])
