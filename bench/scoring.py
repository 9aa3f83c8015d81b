"""Cell accuracy of a PDF extraction against the facts of the plan's .txt rendition (pure functions).

The reference is what the pipeline reads from the .txt rendition of the same plan: activity and
project titles and proposal subjects, amounts (activity and project costs, budget lines, stated
totals), dates (activity start and end) and project codes. The candidate is the list of texts a
method hands back: its table cells (and, for our path, its paragraphs too: slide decks hold their
facts outside tables). Per category, accuracy = distinct reference values found / distinct
reference values, where a value is found when:

- title: its folded form (``fold_key``) lies whole inside the folded text of one cell, so a title
  cut over two cells or with reversed words is missed;
- amount: a number read from one cell equals it, in dirhams or in millions of dirhams (the PAC
  states its costs in millions);
- date: a date read from one cell equals it;
- code: a project code read from one cell (line breaks after "-" joined) equals it.

The overall accuracy pools the four categories (found / total).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from normalizers.arabic import fold_key
from normalizers.codes import find_project_codes
from normalizers.dates import find_dates
from normalizers.numbers import find_amounts, parse_amount
from plans.model import InterpretedDocument

CATEGORIES = ("title", "amount", "date", "code")
MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class Reference:
    """Distinct fact values of one plan, by category."""

    titles: frozenset[str] = field(default_factory=frozenset)  # folded
    amounts: frozenset[Decimal] = field(default_factory=frozenset)
    dates: frozenset[date] = field(default_factory=frozenset)
    codes: frozenset[str] = field(default_factory=frozenset)

    def count(self, category: str) -> int:
        return len(self.values(category))

    def values(self, category: str) -> frozenset:
        return {"title": self.titles, "amount": self.amounts, "date": self.dates, "code": self.codes}[
            category
        ]


def reference_from_plan(plan: InterpretedDocument) -> Reference:
    """The distinct titles, amounts, dates and codes of an interpreted plan."""
    titles = [a.title for a in plan.activities] + [p.title for p in plan.projects]
    titles += [p.subject for p in plan.proposals]
    amounts = [a.cost_mad for a in plan.activities] + [p.cost_mad for p in plan.projects]
    amounts += [v for a in plan.activities for v in a.budget.values()]
    amounts += [s.value for s in plan.stated if s.measure.endswith("_mad")]
    dates = [d for a in plan.activities for d in (a.start_date, a.end_date)]
    return Reference(
        titles=frozenset(k for k in map(fold_key, titles) if k),
        amounts=frozenset(normalized_amount(a) for a in amounts if a is not None),
        dates=frozenset(d for d in dates if d is not None),
        codes=frozenset(p.code for p in plan.projects if p.code),
    )


def normalized_amount(value: Decimal) -> Decimal:
    """The amount with trailing zeros dropped, so that 150000.00 equals 150000."""
    return value.normalize() if value else Decimal(0)


def cell_amounts(text: str) -> set[Decimal]:
    """Numbers read from a cell, in dirhams, and also as millions converted to dirhams."""
    found = set(find_amounts(text))
    for line in text.splitlines():
        try:
            value = parse_amount(line)
        except ValueError:  # a line that is not a lone amount
            continue
        if value is not None:
            found.add(value)
    return {normalized_amount(v) for v in found} | {normalized_amount(v * MILLION) for v in found}


def cell_codes(text: str) -> set[str]:
    """Project codes in a cell, a code broken after "-" over two lines read whole."""
    return set(find_project_codes(re.sub(r"-\s*\n\s*", "-", text)))


@dataclass(frozen=True)
class CandidateValues:
    """What a method's cells yield, per category."""

    folded_cells: tuple[str, ...]
    amounts: frozenset[Decimal]
    dates: frozenset[date]
    codes: frozenset[str]


def candidate_values(cells: Iterable[str]) -> CandidateValues:
    texts = [c for c in cells if c and c.strip()]
    return CandidateValues(
        folded_cells=tuple(fold_key(t.replace("\n", " ")) for t in texts),
        amounts=frozenset(v for t in texts for v in cell_amounts(t)),
        dates=frozenset(d for t in texts for d in find_dates(t)),
        codes=frozenset(c for t in texts for c in cell_codes(t)),
    )


def found_titles(titles: Iterable[str], folded_cells: Sequence[str]) -> int:
    """How many folded titles lie whole inside one folded cell."""
    return sum(1 for title in titles if any(title in cell for cell in folded_cells))


def found_counts(reference: Reference, cells: Iterable[str]) -> dict[str, int]:
    """Distinct reference values found in the cells, per category."""
    candidate = candidate_values(cells)
    return {
        "title": found_titles(reference.titles, candidate.folded_cells),
        "amount": len(reference.amounts & candidate.amounts),
        "date": len(reference.dates & candidate.dates),
        "code": len(reference.codes & candidate.codes),
    }


def accuracy(found: int, total: int) -> float | None:
    """found / total, None when there is nothing to find."""
    return None if total == 0 else found / total
