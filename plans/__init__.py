"""Commune plans warehouse: Moroccan communes' planning documents into DuckDB."""

import hashlib
from pathlib import Path

# The human-readable part of the version stored with every loaded document.
PIPELINE_VERSION = "0.1.0"

_ROOT = Path(__file__).resolve().parents[1]
# What decides what a document yields: the code of every layer up to the loader, the header
# lexicons and the reference tables. Their digest is part of the version, so after a code or rule
# change the next refresh redoes the documents (unchanged files under unchanged rules are skipped).
_YIELD_DEFINING = ("extractors", "normalizers", "interpret", "loader", "plans", "sql", "data/reference")
_SUFFIXES = {".py", ".csv", ".sql"}


def pipeline_fingerprint() -> str:
    """PIPELINE_VERSION plus a digest of the code and rule files."""
    digest = hashlib.sha256()
    for folder in _YIELD_DEFINING:
        for path in sorted((_ROOT / folder).rglob("*")):
            if path.suffix in _SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(_ROOT)).encode())
                digest.update(path.read_bytes())
    return f"{PIPELINE_VERSION}+{digest.hexdigest()[:10]}"
