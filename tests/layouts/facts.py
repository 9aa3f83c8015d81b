"""The facts of one interpreted document in comparable form, per kind and field (for the layout tests)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from interpret.identity import read_communes
from normalizers.arabic import fold_key
from plans.model import InterpretedDocument
from plans.pipeline import RefreshContext, process_file

ROOT = Path(__file__).resolve().parents[2]


def interpret_file(path: Path, commune: str) -> InterpretedDocument:
    context = RefreshContext(
        communes=read_communes(ROOT / "data" / "reference" / "communes.csv"), manifest={path.name: commune}
    )
    result = process_file(path, context)
    assert result.plan is not None, f"{path.name}: {result.outcome} {result.reason}"
    return result.plan


def activity_fields(plan: InterpretedDocument) -> dict[str, Counter]:
    """Per field, the multiset of (activity title, value): order-free, so a re-laid table compares."""
    fields: dict[str, Counter] = {}
    for a in plan.activities:
        key = fold_key(a.title).replace(" ", "")
        values: dict[str, Any] = {
            "title": key,
            "cost_mad": a.cost_mad,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "weight_in_project_pct": a.weight_in_project_pct,
            "weight_in_commitment_pct": a.weight_in_commitment_pct,
            "commitment_no": a.commitment_no,
            "budget": tuple(sorted(a.budget.items())),
            "progress": tuple(sorted(a.progress.items())),
            "domain_no": a.domain_no,
        }
        for name, value in values.items():
            fields.setdefault(name, Counter())[(key, value)] += 1
    return fields


def project_fields(plan: InterpretedDocument) -> dict[str, Counter]:
    fields: dict[str, Counter] = {}
    for p in plan.projects:
        key = fold_key(p.title).replace(" ", "")
        for name, value in {"title": key, "cost_mad": p.cost_mad, "code": p.code}.items():
            fields.setdefault(name, Counter())[(key, value)] += 1
    return fields


def proposal_fields(plan: InterpretedDocument) -> dict[str, Counter]:
    fields: dict[str, Counter] = {}
    for p in plan.proposals:
        key = (p.number, fold_key(p.subject).replace(" ", ""))
        values = {
            "subject": None,
            "domain": fold_key(p.domain or ""),
            "cited_commitments": p.cited_commitments,
            "workshop": fold_key(p.workshop),
        }
        for name, value in values.items():
            fields.setdefault(name, Counter())[(key, value)] += 1
    return fields


def stated_fields(plan: InterpretedDocument) -> Counter:
    return Counter((s.measure, s.scope, s.value) for s in plan.stated)
