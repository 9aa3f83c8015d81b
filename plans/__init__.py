"""Commune plans warehouse: Moroccan communes' planning documents into DuckDB."""

import hashlib
from pathlib import Path

# Bump when extraction or interpretation code changes what a document yields.
PIPELINE_VERSION = "0.1.0"

_ROOT = Path(__file__).resolve().parents[1]
# Data that changes what a document yields without a code change: header lexicons and reference
# tables. Their digest is part of the version, so editing a rule redoes the documents it affects.
_RULE_FILES = (
    *sorted((_ROOT / "normalizers" / "lexicons").glob("*.csv")),
    *sorted((_ROOT / "data" / "reference").glob("*.csv")),
)


def pipeline_fingerprint() -> str:
    """PIPELINE_VERSION plus a digest of the rule files, stored with every loaded document."""
    digest = hashlib.sha256()
    for path in _RULE_FILES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{PIPELINE_VERSION}+{digest.hexdigest()[:10]}"
