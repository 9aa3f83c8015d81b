"""The expectation suites, one per table, built for one document at a time.

A suite is a list of ``Check``: a readable name (stored as ``expectation``), the Great
Expectations class that evaluates it and its arguments. Nothing here imports Great Expectations
(``import great_expectations`` costs seconds); ``expectations.validate`` turns checks into GX objects.

Decisions (see also README of the issue "Quality suites"):
- dates may fall one calendar year either side of the plan's period (DATE_TOLERANCE_YEARS): plans
  are drafted in the year before they start and slip into the year after they end (the Beni Mellal
  2024-2025 programme starts its "ميزانية المواطن" project on 01/11/2023); a wrong century or an OCR
  year still fails;
- weights of a group (a project, a commitment) sum to 100 within ±2 (WEIGHT_SUM_TOLERANCE):
  printed percentages are rounded to whole numbers;
- stated percentages (``..._pct`` measures) are reconciled with the same ±2; stated amounts and
  counts must equal what the facts add up to;
- hierarchy: open plans and PACs have axes (every project has an axis); open plans, PACs and
  action plans have projects (an action plan's weight groups are its projects), so every activity
  has one; action-plan activities also belong to a commitment; co-creation documents hold
  proposals only, with no hierarchy to check;
- cell accounting: at least MIN_CELL_COVERAGE of the printed cells of a document's recognised
  tables are read into facts (the rest are listed in v_unread_cells): a layout the interpreters
  misread drops far below it, while an OCR export whose garbled header cells stay unread (the
  Dakhla .txt, about 0.9) passes; and no column of figures has an unknown unit (``unit-unknown``);
- foreign keys are checked within the document (an activity's project is one of its own
  document's projects), which also catches a reference into another document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

DATE_TOLERANCE_YEARS = 1
MIN_CELL_COVERAGE = 0.85
WEIGHT_SUM_TOLERANCE = 2
# Arabic presentation forms A and B (incl. U+FEFF), tatweel, the replacement character.
FORBIDDEN_TEXT = r"[\uFB50-\uFDFF\uFE70-\uFEFF\u0640\uFFFD]"
FORBIDDEN_TEXT_NAME = "free of presentation forms, tatweel, U+FFFD"
PLAN_KINDS = ("open_plan", "action_plan", "cocreation", "pac")
KINDS_WITH_AXES = frozenset({"open_plan", "pac"})
KINDS_WITH_PROJECTS = frozenset({"open_plan", "pac", "action_plan"})
KINDS_WITH_COMMITMENTS = frozenset({"action_plan"})


@dataclass(frozen=True)
class Check:
    name: str  # readable, stored as quality_result.expectation
    gx_type: str  # class name in great_expectations.expectations
    kwargs: Mapping[str, Any]
    observed: str | None = None  # fixed text for the result (else formatted from GX's result)
    where: tuple[tuple[str, Any], ...] = ()  # only rows where every (column, value) holds


@dataclass(frozen=True)
class DocumentInfo:
    document_id: str
    plan_id: str | None
    plan_kind: str | None
    period_start_year: int | None
    period_end_year: int | None


@dataclass(frozen=True)
class References:
    """Keys of the whole warehouse that a document's rows may point at."""

    plan_ids: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()


@dataclass
class DocumentBatch:
    info: DocumentInfo
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # table -> this document's rows

    def column_values(self, table: str, column: str) -> list[Any]:
        frame = self.frames.get(table)
        if frame is None or column not in frame:
            return []
        return sorted(frame[column].dropna().unique().tolist())


# --------------------------------------------------------------------------- small pure helpers


def date_window(
    start_year: int, end_year: int, tolerance: int = DATE_TOLERANCE_YEARS
) -> tuple[datetime, datetime]:
    """First and last instant a plan's dates may take: its period widened by ``tolerance`` years."""
    return datetime(start_year - tolerance, 1, 1), datetime(end_year + tolerance, 12, 31)


def weight_sum_bounds(target: float = 100, tolerance: float = WEIGHT_SUM_TOLERANCE) -> tuple[float, float]:
    return target - tolerance, target + tolerance


def short_id(key: str, document_id: str) -> str:
    """A row key without its document prefix ('doc.txt#project#3' -> 'project#3')."""
    prefix = f"{document_id}#"
    return key[len(prefix) :] if key.startswith(prefix) else key


def stated_vs_computed(stated: float | None, computed: float | None) -> str:
    def money(value: float | None) -> str:
        return "none" if value is None or pd.isna(value) else f"{value:.2f}"

    return f"stated {money(stated)}, computed {money(computed)}"


# --------------------------------------------------------------------------- check builders


def not_null(column: str, name: str | None = None) -> Check:
    return Check(name or f"{column} is not null", "ExpectColumnValuesToNotBeNull", {"column": column})


def in_set(column: str, values: Iterable[Any], name: str) -> Check:
    return Check(name, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": sorted(values)})


def unique(*columns: str) -> Check:
    if len(columns) == 1:
        return Check(f"{columns[0]} is unique", "ExpectColumnValuesToBeUnique", {"column": columns[0]})
    return Check(
        f"({', '.join(columns)}) is unique",
        "ExpectCompoundColumnsToBeUnique",
        {"column_list": list(columns), "ignore_row_if": "never"},
    )


def key(*columns: str) -> list[Check]:
    return [*(not_null(c) for c in columns), unique(*columns)]


def references(column: str, target: str, values: Iterable[Any]) -> Check:
    return in_set(column, values, f"{column} -> {target}")


def at_least_zero(column: str) -> Check:
    return Check(f"{column} >= 0", "ExpectColumnValuesToBeBetween", {"column": column, "min_value": 0})


def percentage(column: str) -> Check:
    return Check(
        f"{column} within 0..100",
        "ExpectColumnValuesToBeBetween",
        {"column": column, "min_value": 0, "max_value": 100},
    )


def clean_text(columns: Sequence[str]) -> list[Check]:
    return [
        Check(
            f"{column} {FORBIDDEN_TEXT_NAME}",
            "ExpectColumnValuesToNotMatchRegex",
            {"column": column, "regex": FORBIDDEN_TEXT},
        )
        for column in columns
    ]


def not_after(earlier: str, later: str) -> Check:
    return Check(
        f"{earlier} <= {later}",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {
            "column_A": later,
            "column_B": earlier,
            "or_equal": True,
            "ignore_row_if": "either_value_is_missing",
        },
    )


def within_period(info: DocumentInfo, columns: Sequence[str], as_year: bool = False) -> list[Check]:
    """Dates (or years) inside the plan's period ± DATE_TOLERANCE_YEARS; nothing when it is unknown."""
    if info.period_start_year is None or info.period_end_year is None:
        return []
    low, high = date_window(info.period_start_year, info.period_end_year)
    period = f"plan {info.period_start_year}-{info.period_end_year} ± {DATE_TOLERANCE_YEARS} year"
    if as_year:
        bounds: tuple[Any, Any] = (low.year, high.year)
        label = f"{period} ({low.year}..{high.year})"
    else:
        bounds = (low, high)
        label = f"{period} ({low:%Y-%m-%d}..{high:%Y-%m-%d})"
    return [
        Check(
            f"{column} within {label}",
            "ExpectColumnValuesToBeBetween",
            {"column": column, "min_value": bounds[0], "max_value": bounds[1]},
        )
        for column in columns
    ]


def group_sums_to_100(
    weight: str, group: str, values: Iterable[Any], label: Callable[[Any], str]
) -> list[Check]:
    low, high = weight_sum_bounds()
    return [
        Check(
            f"{weight} sums to 100 ±{WEIGHT_SUM_TOLERANCE} ({label(value)})",
            "ExpectColumnSumToBeBetween",
            {
                "column": weight,
                "min_value": low,
                "max_value": high,
            },
            where=((group, value),),
        )
        for value in values
    ]


def groups_with_weights(frame: pd.DataFrame, group: str, weight: str) -> list[Any]:
    """Groups where at least one row states a weight (weights are optional per plan kind)."""
    if group not in frame or weight not in frame:
        return []
    rows = frame[frame[weight].notna() & frame[group].notna()]
    return sorted(rows[group].unique().tolist())


# --------------------------------------------------------------------------- suites per table


def document_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [
        *key("document_id"),
        not_null("plan_id"),
        references("plan_id", "dim_plan", refs.plan_ids),
        Check(
            "commune = its plan's commune",
            "ExpectColumnPairValuesToBeEqual",
            {"column_A": "commune", "column_B": "plan_commune", "ignore_row_if": "either_value_is_missing"},
        ),
        Check(
            f"cell coverage >= {MIN_CELL_COVERAGE} (v_unread_cells)",
            "ExpectColumnValuesToBeBetween",
            {"column": "cell_coverage", "min_value": MIN_CELL_COVERAGE},
        ),
        Check(
            "no column of figures with an unknown unit (v_repairs, unit-unknown)",
            "ExpectColumnValuesToBeBetween",
            {"column": "unknown_units", "max_value": 0},
        ),
    ]


def plan_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [
        *key("plan_id"),
        references("commune", "dim_commune", refs.communes),
        in_set("plan_kind", PLAN_KINDS, "plan_kind is known"),
        not_after("period_start_year", "period_end_year"),
        *clean_text(["title"]),
    ]


def axis_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [*key("axis_id"), not_null("label"), *clean_text(["label", "domain"])]


def project_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    checks = [
        *key("project_id"),
        references("axis_id", "dim_axis", batch.column_values("dim_axis", "axis_id")),
        at_least_zero("cost_mad"),
        *clean_text(["title", "domain", "objectives", "partners"]),
    ]
    if batch.info.plan_kind in KINDS_WITH_AXES:
        checks.append(not_null("axis_id", "every project has an axis"))
    return checks


def activity_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    info, frame = batch.info, batch.frames["fact_activity"]
    checks = [
        *key("activity_id"),
        references("project_id", "dim_project", batch.column_values("dim_project", "project_id")),
        references("axis_id", "dim_axis", batch.column_values("dim_axis", "axis_id")),
        references("plan_id", "the document's plan", [info.plan_id] if info.plan_id else []),
        at_least_zero("cost_mad"),
        percentage("weight_in_project_pct"),
        percentage("weight_in_commitment_pct"),
        not_after("start_date", "end_date"),
        *within_period(info, ["start_date", "end_date"]),
        *clean_text(["title", "domain", "group_label", "start_text", "end_text"]),
    ]
    if info.plan_kind in KINDS_WITH_PROJECTS:
        checks.append(not_null("project_id", "every activity has a project"))
    if info.plan_kind in KINDS_WITH_COMMITMENTS:
        checks.append(not_null("commitment_no", "every activity has a commitment"))
    projects = groups_with_weights(frame, "project_id", "weight_in_project_pct")
    checks += group_sums_to_100(
        "weight_in_project_pct", "project_id", projects, lambda p: short_id(p, info.document_id)
    )
    commitments = groups_with_weights(frame, "commitment_no", "weight_in_commitment_pct")
    checks += group_sums_to_100(
        "weight_in_commitment_pct", "commitment_no", commitments, lambda c: f"commitment {int(c)}"
    )
    return checks


def budget_line_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [
        *key("activity_id", "budget_column"),
        references("activity_id", "fact_activity", batch.column_values("fact_activity", "activity_id")),
        not_null("amount_mad"),
        at_least_zero("amount_mad"),
        Check(
            "budget_column is 'mobilised' or a year",
            "ExpectColumnValuesToMatchRegex",
            {"column": "budget_column", "regex": r"^(?:mobilised|\d{4})$"},
        ),
    ]


def indicator_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [
        *key("activity_id", "indicator_no"),
        references("activity_id", "fact_activity", batch.column_values("fact_activity", "activity_id")),
        in_set("indicator_kind", ["follow_up", "impact"], "indicator_kind is follow_up or impact"),
        percentage("max_weight_pct"),
        *clean_text(["indicator_text"]),
    ]


def progress_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [
        *key("activity_id", "year"),
        references("activity_id", "fact_activity", batch.column_values("fact_activity", "activity_id")),
        percentage("planned_cumulative_pct"),
        *within_period(batch.info, ["year"], as_year=True),
    ]


def proposal_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    return [
        *key("proposal_id"),
        unique("workshop", "proposal_no"),
        *clean_text(["workshop", "subject", "domain", "outcome"]),
    ]


def reconciliation_suite(batch: DocumentBatch, refs: References) -> list[Check]:
    """One check per figure the document states about itself: it must match what its facts add up to.

    Amounts and counts must be equal; stated percentages get the ±2 rounding tolerance; a figure
    with nothing to compare against (no facts of that kind) fails.
    """
    checks: list[Check] = []
    for row in batch.frames["reconciliation"].itertuples(index=False):
        where = (("measure", row.measure), ("scope", row.scope))
        scope = f" ({row.scope})" if row.scope else ""
        observed = stated_vs_computed(row.stated_value, row.computed_value)
        if pd.isna(row.computed_value):
            check = Check(
                f"stated {row.measure}{scope} has a computed value",
                "ExpectColumnValuesToNotBeNull",
                {"column": "computed_value"},
                observed,
                where,
            )
        elif row.measure.endswith("_pct"):
            low, high = row.stated_value - WEIGHT_SUM_TOLERANCE, row.stated_value + WEIGHT_SUM_TOLERANCE
            check = Check(
                f"stated {row.measure}{scope} = computed ±{WEIGHT_SUM_TOLERANCE}",
                "ExpectColumnValuesToBeBetween",
                {"column": "computed_value", "min_value": low, "max_value": high},
                observed,
                where,
            )
        else:
            check = Check(
                f"stated {row.measure}{scope} = computed",
                "ExpectColumnPairValuesToBeEqual",
                {
                    "column_A": "stated_value",
                    "column_B": "computed_value",
                    "ignore_row_if": "neither",
                },
                observed,
                where,
            )
        checks.append(check)
    return checks


SuiteBuilder = Callable[[DocumentBatch, References], list[Check]]

# table -> (the column naming a row in observed texts, the suite); validated in this order.
SUITES: dict[str, tuple[str, SuiteBuilder]] = {
    "dim_document": ("document_id", document_suite),
    "dim_plan": ("plan_id", plan_suite),
    "dim_axis": ("axis_id", axis_suite),
    "dim_project": ("project_id", project_suite),
    "fact_activity": ("activity_id", activity_suite),
    "fact_budget_line": ("activity_id", budget_line_suite),
    "fact_indicator": ("activity_id", indicator_suite),
    "fact_progress": ("activity_id", progress_suite),
    "fact_proposal": ("proposal_id", proposal_suite),
    "reconciliation": ("measure", reconciliation_suite),
}


def checks_for(table: str, batch: DocumentBatch, refs: References) -> list[Check]:
    """The suite of one table for one document; empty when the document has no such rows."""
    frame = batch.frames.get(table)
    if frame is None or frame.empty:
        return []
    return SUITES[table][1](batch, refs)
