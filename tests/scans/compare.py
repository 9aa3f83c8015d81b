"""How far a scan's facts agree with its born-digital rendition (tests/test_scanned_tables.py).

Facts are compared as multisets of values per field, without titles (OCR misreads letters, so a
title is no key): a value counts as read when the scan gives it as often as the original."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from normalizers.arabic import fold_key
from plans.model import InterpretedDocument

ACTIVITY_VALUES = ("cost_mad", "start_date", "end_date", "weight_in_project_pct", "weight_in_commitment_pct")


def fact_values(plan: InterpretedDocument) -> Counter:
    """Every cost, weight, date, percentage and stated figure of a plan, with its field."""
    values: Counter = Counter()
    for activity in plan.activities:
        for name in ACTIVITY_VALUES:
            value = getattr(activity, name)
            if value is not None:
                values[(name, value)] += 1
        values.update(("budget", column, amount) for column, amount in activity.budget.items())
        values.update(("progress", year, pct) for year, pct in activity.progress.items())
    values.update(("project_cost", p.cost_mad) for p in plan.projects if p.cost_mad is not None)
    values.update(("stated", s.measure, s.scope, s.value) for s in plan.stated)
    for proposal in plan.proposals:
        values.update(("cited", proposal.number, n) for n in proposal.cited_commitments)
    return values


def value_agreement(original: InterpretedDocument, scan: InterpretedDocument) -> tuple[float, Counter]:
    """Share of the original's values the scan gives, and the ones it does not."""
    printed, read = fact_values(original), fact_values(scan)
    return sum((printed & read).values()) / max(1, sum(printed.values())), printed - read


def titles(plan: InterpretedDocument) -> list[str]:
    return [
        fold_key(t)
        for t in [a.title for a in plan.activities]
        + [p.title for p in plan.projects]
        + [p.subject for p in plan.proposals]
    ]


def title_similarity(original: InterpretedDocument, scan: InterpretedDocument) -> float:
    """Mean, over the original's titles, of the similarity (difflib ratio) of the closest scan title."""
    read = titles(scan)
    scores = [max((SequenceMatcher(None, t, r).ratio() for r in read), default=0.0) for t in titles(original)]
    return sum(scores) / max(1, len(scores))
