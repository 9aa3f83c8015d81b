"""The README's example queries run on a warehouse built from the corpus (documentation that works)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_queries() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return [q.strip() for block in blocks for q in block.split(";") if q.strip()]


def test_the_readme_has_example_queries() -> None:
    assert len(readme_queries()) >= 3


@pytest.mark.parametrize("query", readme_queries())
def test_readme_query_returns_rows(corpus_warehouse: Path, query: str) -> None:
    with duckdb.connect(str(corpus_warehouse), read_only=True) as conn:
        assert conn.execute(query).fetchall()
