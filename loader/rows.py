"""Plan records -> warehouse rows (pure: no database here).

Ids are readable text derived from the document id so that a fact can be cited and traced:
``<document_id>#activity#<n>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from normalizers.arabic import fold_key
from normalizers.bilingual import split_bilingual
from plans.model import ExtractedDocument, InterpretedDocument, SourceRef

# quality_repair kind of a printed cell no fact reads (interpret.cell_accounting).
UNREAD_CELL = "unread-cell"


@dataclass
class DocumentRows:
    """Rows for every warehouse table one document contributes to, keyed by table name."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


def plan_id_for(commune: str, kind: str, start: int | None, end: int | None) -> str:
    period = f"{start}-{end}" if start and end else "unknown-period"
    return f"{commune}/{kind}/{period}"


def _lineage(source: SourceRef | None) -> dict[str, Any]:
    if source is None:
        return {"source_table": None, "source_row": None, "source_line": None, "source_page": None}
    return {
        "source_table": source.table,
        "source_row": source.row,
        "source_line": source.line,
        "source_page": source.page,
    }


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def document_row(
    doc: ExtractedDocument,
    *,
    size_bytes: int,
    pipeline_version: str,
    status: str,
    reason: str | None,
    plan_id: str | None,
    commune: str | None,
    commune_source: str | None,
    loaded_at: datetime,
    plan: InterpretedDocument | None = None,
) -> dict[str, Any]:
    cells = plan.cells if plan else None
    return {
        "document_id": doc.file_name,
        "plan_id": plan_id,
        "commune": commune,
        "source_format": doc.source_format,
        "sha256": doc.sha256,
        "size_bytes": size_bytes,
        "pages_or_lines": doc.pages_or_lines,
        "extractor": doc.extractor,
        "pipeline_version": pipeline_version,
        "status": status,
        "reason": reason,
        "commune_source": commune_source,
        "is_current": False,
        "warnings": list(doc.warnings),
        "notes": [*doc.notes, *(plan.notes if plan else [])],
        "defects": list(plan.defects) if plan else [],
        "loaded_at": loaded_at,
        "cells_printed": cells.printed if cells else None,
        "cells_unread": len(cells.unread) if cells else None,
        "ocr_pages": list(doc.ocr_pages),
        "ocr_notes": list(doc.ocr_notes),
        "ocr_mean_confidence": doc.ocr_mean_confidence(),
    }


def activity_numbers(plan: InterpretedDocument) -> list[tuple[int, bool]]:
    """Per activity, (number, printed): the printed number, else its position in its project."""
    positions: dict[str | None, int] = {}
    numbers: list[tuple[int, bool]] = []
    for activity in plan.activities:
        positions[activity.project_key] = positions.get(activity.project_key, 0) + 1
        if activity.number is not None:
            numbers.append((activity.number, True))
        else:
            numbers.append((positions[activity.project_key], False))
    return numbers


def plan_rows(doc: ExtractedDocument, plan: InterpretedDocument, plan_id: str) -> DocumentRows:
    """Every fact row of one interpreted document (with its unread cells, when accounted)."""
    rows = DocumentRows()
    doc_id = doc.file_name

    axis_ids: dict[str, str] = {}
    for n, axis in enumerate(plan.axes, start=1):
        axis_id = f"{doc_id}#axis#{n}"
        axis_ids[axis.label] = axis_id
        rows.add(
            "dim_axis",
            {
                "axis_id": axis_id,
                "document_id": doc_id,
                "plan_id": plan_id,
                "axis_no": axis.number,
                "label": axis.label,
                "domain": axis.domain,
                "theme": axis.theme,
                "theme_keyword": axis.theme_keyword,
            },
        )

    project_ids: dict[str, str] = {}
    for n, project in enumerate(plan.projects, start=1):
        project_id = f"{doc_id}#project#{n}"
        project_ids[project.key] = project_id
        rows.add(
            "dim_project",
            {
                "project_id": project_id,
                "document_id": doc_id,
                "plan_id": plan_id,
                "axis_id": axis_ids.get(project.axis_label or ""),
                "project_code": project.code,
                "project_no": project.number,
                "title": project.title,
                "title_key": fold_key(project.title),
                "domain": project.domain,
                "objectives": project.objectives,
                "partners": project.partners,
                "cost_mad": _money(project.cost_mad),
                "theme": project.theme,
                "theme_keyword": project.theme_keyword,
                "theme_source": project.theme_source,
                **_lineage(project.source),
            },
        )

    project_axis = {p.key: axis_ids.get(p.axis_label or "") for p in plan.projects}
    numbers = activity_numbers(plan)
    for n, activity in enumerate(plan.activities, start=1):
        activity_no, printed = numbers[n - 1]
        activity_id = f"{doc_id}#activity#{n}"
        axis_id = axis_ids.get(activity.axis_label or "") or project_axis.get(activity.project_key or "")
        rows.add(
            "fact_activity",
            {
                "activity_id": activity_id,
                "document_id": doc_id,
                "plan_id": plan_id,
                "project_id": project_ids.get(activity.project_key or ""),
                "axis_id": axis_id,
                "domain": activity.domain,
                "domain_no": activity.domain_no,
                "commitment_no": activity.commitment_no,
                "group_label": activity.group_label,
                "activity_no": activity_no,
                "activity_no_printed": printed,
                "title": activity.title,
                "title_key": fold_key(activity.title),
                "cost_mad": _money(activity.cost_mad),
                "year_label": activity.year_label,
                "start_date": activity.start_date,
                "end_date": activity.end_date,
                "start_text": activity.start_text,
                "end_text": activity.end_text,
                "weight_in_project_pct": activity.weight_in_project_pct,
                "weight_in_commitment_pct": activity.weight_in_commitment_pct,
                **_lineage(activity.source),
                "raw_text": activity.source.raw_text if activity.source else None,
            },
        )
        for column, amount in activity.budget.items():
            rows.add(
                "fact_budget_line",
                {
                    "activity_id": activity_id,
                    "document_id": doc_id,
                    "budget_column": column,
                    "amount_mad": _money(amount),
                },
            )
        for i, indicator in enumerate(activity.indicators, start=1):
            lineage = _lineage(indicator.source)
            rows.add(
                "fact_indicator",
                {
                    "activity_id": activity_id,
                    "document_id": doc_id,
                    "indicator_no": i,
                    "indicator_kind": indicator.kind,
                    "indicator_text": indicator.text,
                    "max_weight_pct": indicator.max_weight_pct,
                    "source_table": lineage["source_table"],
                    "source_row": lineage["source_row"],
                },
            )
        for year, pct in sorted(activity.progress.items()):
            rows.add(
                "fact_progress",
                {
                    "activity_id": activity_id,
                    "document_id": doc_id,
                    "year": year,
                    "planned_cumulative_pct": pct,
                },
            )

    for n, proposal in enumerate(plan.proposals, start=1):
        workshop, domain = split_bilingual(proposal.workshop), split_bilingual(proposal.domain)
        rows.add(
            "fact_proposal",
            {
                "proposal_id": f"{doc_id}#proposal#{n}",
                "document_id": doc_id,
                "plan_id": plan_id,
                "workshop": workshop.arabic or proposal.workshop,
                "workshop_fr": proposal.workshop_fr or workshop.french,
                "proposal_no": proposal.number,
                "subject": proposal.subject,
                "subject_key": fold_key(proposal.subject),
                "domain": domain.arabic or domain.french,
                "domain_fr": domain.french,
                "outcome": proposal.outcome,
                "cited_commitments": list(proposal.cited_commitments),
                **_lineage(proposal.source),
            },
        )

    for stated in plan.stated:
        rows.add(
            "plan_stated_measure",
            {
                "document_id": doc_id,
                "plan_id": plan_id,
                "measure": stated.measure,
                "scope": stated.scope,
                "stated_value": stated.value,
                **_lineage(stated.source),
                "raw_text": stated.source.raw_text,
            },
        )

    for n, repair in enumerate(plan.repairs, start=1):
        rows.add(
            "quality_repair",
            {
                "document_id": doc_id,
                "repair_no": n,
                "source_table": repair.table,
                "source_row": repair.row,
                "repair_kind": repair.kind,
                "before_text": repair.before,
                "after_text": repair.after,
                "evidence": repair.evidence,
                "source_col": None,
            },
        )
    for n, cell in enumerate(plan.cells.unread if plan.cells else (), start=len(plan.repairs) + 1):
        rows.add(
            "quality_repair",
            {
                "document_id": doc_id,
                "repair_no": n,
                "source_table": cell.table,
                "source_row": cell.row,
                "repair_kind": UNREAD_CELL,
                "before_text": cell.text,
                "after_text": None,
                "evidence": f"no fact reads it (table {cell.table} row {cell.row} column {cell.column})",
                "source_col": cell.column,
            },
        )
    return rows
