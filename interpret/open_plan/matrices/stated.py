"""What an open plan states about itself: its total row, its summary sentence, its title.

The total row of the financial matrix gives ``total_cost_mad`` and ``budget_<column>_mad``; the
prose's summary sentence gives ``project_count`` and ``activity_count`` (and the total when there
is no total row; when both exist and differ, a note). One statement per measure: the warehouse
keys stated measures by (measure, scope).
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from interpret.open_plan.matrices.activities import source_of
from interpret.open_plan.matrices.grid import ACTIVITY_COST, MatrixRow, amount_or_none, summary_amounts
from normalizers.arabic import fold_key, normalize_text
from normalizers.numbers import find_amounts
from plans.model import ExtractedDocument, Paragraph, SourceRef, StatedMeasure

_SENTENCE_END = re.compile(r"[.!؟?](?=\s|$)")
_PROJECT_COUNT = re.compile(r"(?:^| )(\d{1,3}) مشروع\S*")
_ACTIVITY_COUNT = re.compile(r"(?:^| )(\d{1,4}) (?:نشاط|انشطه)\S*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(normalize_text(text)) if s.strip()]


def stated_plan_summary(text: str) -> tuple[int, int, Decimal | None] | None:
    """(projects, activities, amount) from the first sentence stating both counts.

    The plan's summary sentence ("... تكلفتها التقديرية 2 461 996,00 درهما، من 11 مشروعا مفصلا في
    إطار 63 نشاطا") names the number of projects and of activities together; sentences counting
    only some projects ("08 مشاريع") are partial figures and are not read. The amount is given
    when the sentence holds exactly one.
    """
    for sentence in sentences(text):
        key = fold_key(sentence)
        projects = _PROJECT_COUNT.search(key)
        activities = _ACTIVITY_COUNT.search(key)
        if projects and activities:
            amounts = find_amounts(sentence)
            amount = amounts[0] if len(amounts) == 1 else None
            return int(projects.group(1)), int(activities.group(1)), amount
    return None


_PLAN_TITLE = re.compile(r"(?:خطة|برنامج) (?:ال)?انفتاح [^،.:؛]*?(?:19|20)\d\d ?- ?(?:19|20)\d\d")


def plan_title_in(text: str) -> str | None:
    """The plan's name as the prose writes it: "خطة انفتاح جماعة ... برسم الفترة 2024-2025"."""
    match = _PLAN_TITLE.search(normalize_text(text))
    return match.group(0) if match else None


def total_row_measures(total: MatrixRow) -> list[StatedMeasure]:
    amounts = summary_amounts(total, after_summary=True) or {}
    measures: list[StatedMeasure] = []
    names = {total.columns.fields.get(ACTIVITY_COST): "total_cost_mad"}
    names.update({col: f"budget_{key}_mad" for col, key in total.columns.budget.items()})
    for col, value in sorted(amounts.items()):
        name = names.get(col)
        if name is not None:
            raw = next((t for t in total.grid.texts if t.strip() and amount_or_none(t) == value), str(value))
            measures.append(StatedMeasure(name, value, source_of(total, raw)))
    return measures


def prose_candidates(doc: ExtractedDocument) -> list[Paragraph]:
    """Each paragraph, then each two consecutive lines OCR read on one page joined: OCR gives a
    paragraph per printed line, and the summary sentence wraps ("... من 11 مشروعا مفصلا في" /
    "إطار 63 نشاطا ...")."""
    paragraphs = list(doc.paragraphs)
    joined = [
        Paragraph(f"{a.text} {b.text}", a.location, confidence=min(a.confidence, b.confidence))
        for a, b in pairwise(paragraphs)
        if a.confidence is not None and b.confidence is not None and a.location.page == b.location.page
    ]
    return paragraphs + joined


def prose_measures(
    doc: ExtractedDocument, have_total: Decimal | None, notes: list[str]
) -> list[StatedMeasure]:
    for paragraph in prose_candidates(doc):
        summary = stated_plan_summary(paragraph.text)
        if summary is None:
            continue
        projects, activities, amount = summary
        source = SourceRef(
            None, None, paragraph.location.line, paragraph.location.page, paragraph.text.strip()
        )
        measures = [
            StatedMeasure("project_count", Decimal(projects), source),
            StatedMeasure("activity_count", Decimal(activities), source),
        ]
        if amount is not None and have_total is None:
            measures.append(StatedMeasure("total_cost_mad", amount, source))
        elif amount is not None and amount != have_total:
            notes.append(f"the text states a total of {amount}, the total row {have_total}")
        return measures
    return []


def plan_title(doc: ExtractedDocument) -> str | None:
    for paragraph in doc.paragraphs:
        title = plan_title_in(paragraph.text)
        if title is not None:
            return title
    return None
