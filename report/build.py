"""`plans report`: one self-contained HTML file (inline CSS, charts as inline SVG, no script)."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from report import formatting as fmt
from report.charts import Series, bar_chart
from report.data import KIND_LABELS, ReportData, Row, plan_label, read_report_data, theme_label
from report.labels import chart_lines, labels, trilingual
from report.warehouse import open_read_only

# Measures of v_commune_comparison shown per plan: (column, label, formatter); ranks read plans_of_kind.
MEASURES: list[tuple[str, str, Callable[[Any], str]]] = [
    ("projects", "projects", fmt.count),
    ("activities", "activities", fmt.count),
    ("total_cost_mad", "total cost (MAD)", fmt.amount),
    ("mean_cost_per_project_mad", "mean cost per project (MAD)", fmt.amount),
    ("mean_cost_per_activity_mad", "mean cost per activity (MAD)", fmt.amount),
    ("first_start", "first activity starts", fmt.day),
    ("last_end", "last activity ends", fmt.day),
    ("timeline_years", "timeline (calendar years)", fmt.count),
    ("activities_per_timeline_year", "activities per timeline year", partial(fmt.ratio, digits=1)),
    ("share_activities_dated", "activities with dates", fmt.share),
    ("indicators_per_activity", "indicators per activity", fmt.ratio),
    ("rank_total_cost", "rank by total cost", fmt.text),
    ("rank_activities", "rank by activities", fmt.text),
    ("rank_mean_cost_per_activity", "rank by mean cost per activity", fmt.text),
]


def cell(row: Row, column: str, formatter: Callable[[Any], str]) -> str:
    """One measure of a plan as printed; a rank reads "1 of 2" (among plans of the same kind)."""
    if column.startswith("rank_"):
        return fmt.rank(row.get(column), row.get("plans_of_kind"))  # type: ignore[arg-type]
    return formatter(row.get(column))


def chart_plan_label(plan: Row) -> str:
    """A plan's name in a chart: ``plan_label`` over its kind in French and Arabic."""
    kind = labels().get(str(plan["plan_kind"]))
    return plan_label(plan) + (f"\n{kind['fr']} · {kind['ar']}" if kind else "")


def cost_by_theme_chart(data: ReportData) -> str | None:
    costed = [p for p in data.plans if p["total_cost_mad"] is not None]
    shares = {(r["plan_id"], r["theme"]): r["cost_share"] for r in data.theme_comparison}
    themes = list(dict.fromkeys(r["theme"] for r in data.theme_comparison if r["cost_share"]))
    if not costed or not themes:
        return None
    series = [Series(chart_plan_label(p), [shares.get((p["plan_id"], t)) for t in themes]) for p in costed]
    return bar_chart(
        [chart_lines(t, theme_label(t)) for t in themes], series,
        title="Cost by theme (share of each plan's cost)",
        value_label="share of the plan's total cost", value_format=lambda v: fmt.share(v, 0), horizontal=True,
    )  # fmt: skip


def activities_per_year_chart(data: ReportData) -> str | None:
    years = sorted({r["year"] for r in data.activities_per_year})
    if not years:
        return None
    counts = {(r["plan_id"], r["year"]): r["activities"] for r in data.activities_per_year}
    dated = [p for p in data.plans if any(k[0] == p["plan_id"] for k in counts)]
    series = [Series(chart_plan_label(p), [counts.get((p["plan_id"], y)) for y in years]) for p in dated]
    return bar_chart(
        [str(y) for y in years], series, title="Dated activities running in each year",
        value_label="activities", value_format=lambda v: fmt.count(v),
    )  # fmt: skip


def reconciliation_chart(data: ReportData) -> str | None:
    checked = [p for p in data.plans if any(r["plan_id"] == p["plan_id"] for r in data.reconciliation)]
    if not checked:
        return None

    def tally(plan: Row, status: str) -> int:
        return sum(
            1 for r in data.reconciliation if r["plan_id"] == plan["plan_id"] and r["status"] == status
        )

    series = [
        Series("agrees with its facts", [tally(p, "ok") for p in checked], "#3a9d5d"),
        Series("contradicts its facts", [tally(p, "mismatch") for p in checked], "#c0392b"),
    ]
    return bar_chart(
        [chart_plan_label(p) for p in checked], series, title="What each plan states, against its own facts",
        value_label="stated measures", value_format=lambda v: fmt.count(v), horizontal=True, stacked=True,
    )  # fmt: skip


# Each chart's data as a CSV table: (columns of the view rows behind the chart, those rows).
def chart_data(data: ReportData) -> dict[str, tuple[list[str], list[Row]]]:
    costed = {p["plan_id"] for p in data.plans if p["total_cost_mad"] is not None}
    return {
        "cost_by_theme": (
            ["commune", "plan_id", "theme", "cost_mad", "cost_share", "activities", "activity_share"],
            [r for r in data.theme_comparison if r["plan_id"] in costed],
        ),
        "activities_per_year": (
            ["commune", "plan_id", "year", "activities", "cost_mad_of_those_activities"],
            data.activities_per_year,
        ),
        "reconciliation": (
            [
                "commune",
                "plan_id",
                "source_file",
                "measure",
                "scope",
                "stated_value",
                "computed_value",
                "status",
            ],
            data.reconciliation,
        ),
    }


def csv_data_uri(columns: Sequence[str], table: Sequence[Row]) -> str:
    """A CSV file as a data: URI, so the report stays one offline file (BOM: spreadsheets read UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([("" if r.get(c) is None else r.get(c)) for c in columns] for r in table)
    encoded = base64.b64encode(("\ufeff" + buffer.getvalue()).encode("utf-8")).decode("ascii")
    return f"data:text/csv;charset=utf-8;base64,{encoded}"


class UnknownCommune(ValueError):
    """A commune asked for in --compare has no current plan in the warehouse."""


def compared_plans(data: ReportData, compare: Sequence[str]) -> list[Row]:
    """The current plans of the communes to compare, in the order asked."""
    unknown = [c for c in compare if c not in data.communes()]
    if unknown:
        raise UnknownCommune(
            f"no plan for {', '.join(unknown)} in the warehouse; communes: {', '.join(data.communes())}"
        )
    return [p for c in compare for p in data.of(c, data.plans)]


def render(data: ReportData, warehouse: Path, compare: Sequence[str] = ()) -> str:
    env = Environment(loader=PackageLoader("report", "templates"), autoescape=select_autoescape(["j2"]))
    charts = {
        "cost_by_theme": cost_by_theme_chart(data),
        "activities_per_year": activities_per_year_chart(data),
        "reconciliation": reconciliation_chart(data),
    }
    return env.get_template("report.html.j2").render(
        data=data,
        charts={k: Markup(v) for k, v in charts.items() if v},  # our own SVG: no user markup inside
        downloads={k: csv_data_uri(*table) for k, table in chart_data(data).items()},
        measures=MEASURES,
        cell=cell,
        fmt=fmt,
        kinds=KIND_LABELS,
        plan_label=plan_label,
        theme_label=theme_label,
        trilingual=trilingual,
        compared=compared_plans(data, compare) if compare else [],
        compare=list(compare),
        warehouse=warehouse.name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def build_report(warehouse: Path, out: Path, compare: Sequence[str] = ()) -> Path:
    """Read the warehouse (read-only) and write the HTML report to out; with compare (commune
    slugs), a section puts those communes' plans side by side."""
    conn = open_read_only(warehouse)
    try:
        data = read_report_data(conn)
    finally:
        conn.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(data, warehouse, compare), encoding="utf-8")
    return out
