"""What every interpreter provides, and helpers they share.

An interpreter recognises one kind of planning document by its tables' headers and its content
(never by file name) and reads it into plan records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from normalizers.arabic import normalize_text
from normalizers.dates import parse_year_range
from plans.model import ExtractedDocument, InterpretedDocument, Paragraph, PlanKind, Table

# How many leading blocks are searched for the title and period: titles sit on the first page.
TITLE_SEARCH_BLOCKS = 40


@dataclass(frozen=True)
class Interpreter:
    name: str
    kind: PlanKind
    # 0.0 (not this kind) .. 1.0 (certainly this kind), from headers and content only.
    score: Callable[[ExtractedDocument], float]
    # None: the kind is recognised but not yet interpreted (its facts are not read).
    interpret: Callable[[ExtractedDocument, str], InterpretedDocument] | None


def plan_record(
    commune: str, plan_kind: PlanKind, title: str | None, period: tuple[int, int] | None, **records: Any
) -> InterpretedDocument:
    """The interpreted document of one plan; period is (first year, last year) or None (unknown)."""
    first, last = period or (None, None)
    return InterpretedDocument(
        commune=commune,
        plan_kind=plan_kind,
        title=title,
        period_start_year=first,
        period_end_year=last,
        **records,
    )


def leading_texts(doc: ExtractedDocument, limit: int = TITLE_SEARCH_BLOCKS) -> list[str]:
    """Normalised text of the first blocks (paragraphs and table cells) in reading order."""
    texts: list[str] = []
    for block in doc.blocks[:limit]:
        if isinstance(block, Paragraph):
            texts.append(normalize_text(block.text))
        elif isinstance(block, Table):
            texts.extend(normalize_text(c.text) for row in block.rows[:2] for c in row.cells)
    return [t for t in texts if t]


def find_period(doc: ExtractedDocument) -> tuple[int, int] | None:
    """The plan period printed near the start of the document (first year range found)."""
    for text in leading_texts(doc):
        years = parse_year_range(text)
        if years is not None:
            return years
    return None
