"""What the report shows, read from the comparison views (current renditions only)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from report.warehouse import rows

Row = dict[str, object]
KIND_LABELS = {
    "open_plan": "open plan",
    "action_plan": "action plan",
    "pac": "PAC",
    "cocreation": "co-creation",
}


@dataclass(frozen=True)
class ReportData:
    plans: list[Row]  # v_commune_comparison, one row per current plan
    cost_by_theme: list[Row]
    theme_comparison: list[Row]
    activities_per_year: list[Row]
    reconciliation: list[Row]
    funnel: list[Row]
    workshops: list[Row]

    def communes(self) -> list[str]:
        return sorted({str(p["commune"]) for p in self.plans})

    def of(self, commune: str, table: list[Row]) -> list[Row]:
        return [r for r in table if r["commune"] == commune]


def plan_label(plan: Row) -> str:
    """``Aït Melloul · أيت ملول — open plan 2024-2025`` (the chart legends' and columns' name of a plan)."""
    names = " · ".join(str(n) for n in (plan.get("commune_name_fr"), plan.get("commune_name_ar")) if n)
    period = (
        f" {plan['period_start_year']}-{plan['period_end_year']}" if plan.get("period_start_year") else ""
    )
    return (
        f"{names or plan['commune']} — {KIND_LABELS.get(str(plan['plan_kind']), plan['plan_kind'])}{period}"
    )


def theme_label(theme: object) -> str:
    return "no theme (to review)" if theme is None else str(theme).replace("_", " ")


def read_report_data(conn: duckdb.DuckDBPyConnection) -> ReportData:
    return ReportData(
        plans=rows(conn, "SELECT * FROM v_commune_comparison ORDER BY commune, plan_kind"),
        cost_by_theme=rows(
            conn,
            "SELECT * FROM v_cost_by_theme ORDER BY commune, plan_id, cost_mad DESC NULLS LAST, "
            "activities DESC, theme NULLS LAST",
        ),
        theme_comparison=rows(conn, "SELECT * FROM v_theme_comparison ORDER BY theme NULLS LAST, plan_id"),
        activities_per_year=rows(conn, "SELECT * FROM v_activities_per_year ORDER BY plan_id, year"),
        reconciliation=rows(
            conn,
            "SELECT * FROM v_plan_reconciliation WHERE is_current "
            "ORDER BY commune, plan_id, status DESC, measure, scope",
        ),
        funnel=rows(conn, "SELECT * FROM v_cocreation_funnel ORDER BY commune"),
        workshops=rows(
            conn,
            """SELECT commune, workshop, count(*) AS proposals,
                      count(*) FILTER (WHERE len(cited_commitments) > 0) AS proposals_taken_up
               FROM v_proposals WHERE is_current
               GROUP BY commune, workshop ORDER BY commune, min(source_table), min(proposal_no)""",
        ),
    )
