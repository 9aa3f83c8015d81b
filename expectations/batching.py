"""Many documents' checks of one table as few Great Expectations evaluations, each result told back
per document.

GX's cost is per expectation evaluated (about 10-40 ms each: metric graphs and pydantic configs),
nearly regardless of the rows; one validation per document and table made the quality phase most of
a refresh. Here the documents' frames of a table are stacked and each distinct expectation runs once:

- a column-map check (every row judged alone: not null, in a set, between, regex, pair) that several
  documents share runs once over all their rows; each document's result is made of its own
  unexpected rows (GX names them by ``document_id`` and the key columns). A check's ``where``
  (e.g. a reconciliation row's measure and scope) becomes a filter of those rows instead of a GX
  row condition;
- uniqueness is judged within a document: ``(document_id, columns)`` must be unique;
- a reference into the document's own keys (a set that differs per document) runs as one check
  of a derived column holding ``document_id + key`` where that key is not among the document's
  own, null elsewhere: "to be null" fails exactly the rows "in set" fails, so a key of another
  document still fails. (As one "in set" of every document's keys, GX copied the whole set at each
  of its ~80 reads of the expectation's configuration: a third of the quality phase.)
- a weight group's sum (``ExpectColumnSumToBeBetween`` over one group's rows) runs as one
  ``between`` on the group sums (a derived column: the sum of the group each row belongs to);
- anything else runs per document, under a GX row condition on ``document_id`` (as before).

Nothing here imports Great Expectations: ``expectations.validate`` runs the evaluations.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from expectations.suites import Check

DOCUMENT = "document_id"
KEY_SEPARATOR = "\x1f"  # joins document_id and a key in a derived column: never in either
PARTIAL_ROWS = 20  # unexpected rows kept per document result (GX's own partial list size)

# Column-map expectations: each row is expected or not on its own, so a document's result is its rows'.
MAP_TYPES = frozenset(
    {
        "ExpectColumnValuesToNotBeNull",
        "ExpectColumnValuesToBeInSet",
        "ExpectColumnValuesToBeBetween",
        "ExpectColumnValuesToMatchRegex",
        "ExpectColumnValuesToNotMatchRegex",
        "ExpectColumnPairValuesToBeEqual",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "ExpectCompoundColumnsToBeUnique",
        "ExpectColumnValuesToBeUnique",
    }
)
GROUP_SUM = "ExpectColumnSumToBeBetween"


@dataclass(frozen=True)
class Use:
    """One document's check answered by an evaluation: the rows it speaks of, and how."""

    document_id: str
    check_index: int  # in the document's list of checks for the table
    where: tuple[tuple[str, Any], ...] = ()
    group_sum: bool = False  # the answer is the group's sum (observed_value), not its rows


@dataclass
class Evaluation:
    """One GX expectation over the stacked frame, answering one or more documents' checks."""

    gx_type: str
    kwargs: dict[str, Any]
    condition: tuple[tuple[str, Any], ...] = ()  # a GX row condition (per-document evaluations only)
    uses: list[Use] = field(default_factory=list)
    unqualify: dict[str, str] = field(default_factory=dict)  # derived column -> the column it qualifies
    # Set by ``restrict_to_users``: only these documents' rows are evaluated (GX row condition).
    documents: tuple[str, ...] = ()

    @property
    def per_document(self) -> bool:
        """Its GX result is one document's result as it stands (evaluated under a row condition)."""
        return bool(self.condition)


@dataclass(frozen=True)
class DerivedColumn:
    name: str
    # "dangling": document_id + key where that is not in ``keys``, else null;
    # "group_sum": the sum of the row's group
    kind: str
    column: str
    group: str = ""
    keys: frozenset[str] = frozenset()


def dangling_name(column: str, number: int) -> str:
    # One per reference check (numbered): two checks of a column may name different key sets.
    return f"__{column}_not_in_document_{number}"


def group_sum_name(weight: str, group: str) -> str:
    return f"__{weight}_sum_by_{group}"


def qualify(document_id: str, value: Any) -> str:
    return f"{document_id}{KEY_SEPARATOR}{value}"


def checked_columns(kwargs: Mapping[str, Any]) -> list[str]:
    """The columns a check reads, in GX's keyword order."""
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return columns + list(kwargs.get("column_list", []))


def _frozen(kwargs: Mapping[str, Any]) -> str:
    return json.dumps(kwargs, sort_keys=True, default=str)


def _within_document(check: Check) -> tuple[str, dict[str, Any]]:
    """Uniqueness judged within each document, as its own frame would judge it."""
    kwargs = dict(check.kwargs)
    if check.gx_type == "ExpectColumnValuesToBeUnique" and kwargs["column"] != DOCUMENT:
        return "ExpectCompoundColumnsToBeUnique", {
            "column_list": [DOCUMENT, kwargs["column"]],
            "ignore_row_if": "any_value_is_missing",  # a single column's uniqueness skips nulls
        }
    if check.gx_type == "ExpectCompoundColumnsToBeUnique":
        kwargs["column_list"] = [DOCUMENT, *kwargs["column_list"]]
    return check.gx_type, kwargs


def _is_group_sum(check: Check, columns: set[str]) -> bool:
    return (
        check.gx_type == GROUP_SUM
        and len(check.where) == 1
        and check.kwargs.get("column") in columns
        and check.where[0][0] in columns
    )


def plan_evaluations(
    checks: Mapping[str, Sequence[Check]], columns: Sequence[str]
) -> tuple[list[Evaluation], list[DerivedColumn]]:
    """The evaluations answering every (document, check) of one table, and the derived columns
    they read. ``checks``: document_id -> its checks of the table; ``columns``: the frame's."""
    present = set(columns)
    shared: dict[tuple[str, str], Evaluation] = {}
    references: dict[tuple[str, str], list[tuple[str, int, Check]]] = defaultdict(list)
    alone: list[Evaluation] = []
    derived: dict[str, DerivedColumn] = {}
    for document_id, document_checks in checks.items():
        for index, check in enumerate(document_checks):
            if check.gx_type in MAP_TYPES:
                gx_type, kwargs = _within_document(check)
                if gx_type == "ExpectColumnValuesToBeInSet" and kwargs["column"] in present:
                    references[(check.name, kwargs["column"])].append((document_id, index, check))
                    continue
                key = (gx_type, _frozen(kwargs))
                shared.setdefault(key, Evaluation(gx_type, kwargs)).uses.append(
                    Use(document_id, index, check.where)
                )
            elif _is_group_sum(check, present):
                weight, group = check.kwargs["column"], check.where[0][0]
                column = DerivedColumn(group_sum_name(weight, group), "group_sum", weight, group)
                derived[column.name] = column
                kwargs = {**dict(check.kwargs), "column": column.name}
                key = (check.gx_type, _frozen(kwargs))
                evaluation = shared.setdefault(key, Evaluation("ExpectColumnValuesToBeBetween", kwargs))
                evaluation.uses.append(Use(document_id, index, check.where, group_sum=True))
            else:
                condition = ((DOCUMENT, document_id), *check.where)
                alone.append(
                    Evaluation(check.gx_type, dict(check.kwargs), condition, [Use(document_id, index)])
                )
    for number, ((_, column), answered) in enumerate(references.items()):
        sets = {_frozen({"s": c.kwargs["value_set"]}) for _, _, c in answered}
        if len(sets) == 1:  # the same set for every document: checked as it is
            kwargs = dict(answered[0][2].kwargs)
            evaluation = Evaluation("ExpectColumnValuesToBeInSet", kwargs)
        elif all(isinstance(v, str) for _, _, c in answered for v in c.kwargs["value_set"]):
            name = dangling_name(column, number)
            keys = frozenset(qualify(d, v) for d, _, c in answered for v in c.kwargs["value_set"])
            derived[name] = DerivedColumn(name, "dangling", column, keys=keys)
            evaluation = Evaluation("ExpectColumnValuesToBeNull", {"column": name}, unqualify={name: column})
        else:  # keys that are not text: each document's set on its own
            for document_id, index, check in answered:
                key = ("ExpectColumnValuesToBeInSet", _frozen(check.kwargs))
                shared.setdefault(key, Evaluation(check.gx_type, dict(check.kwargs))).uses.append(
                    Use(document_id, index, check.where)
                )
            continue
        evaluation.uses += [Use(d, i, c.where) for d, i, c in answered]
        shared[(evaluation.gx_type, _frozen(evaluation.kwargs))] = evaluation
    evaluations = [*shared.values(), *alone]
    restrict_to_users(evaluations, set(checks))
    return evaluations, list(derived.values())


def restrict_to_users(evaluations: Sequence[Evaluation], stacked: set[str]) -> None:
    """A shared evaluation that only some of the stacked documents use reads only their rows.

    Checks that depend on the document (a period's dates, "every activity has a project" for the
    kinds that have projects) would otherwise judge every other document's rows too, and GX lists
    each row it finds unexpected (one Python call per row) only for them to be dropped: most of
    the quality phase's time on a mixed corpus. A document's result is made of its own rows and
    its own unexpected rows (``document_result``), so it is the same either way."""
    for evaluation in evaluations:
        if evaluation.per_document:
            continue
        users = {use.document_id for use in evaluation.uses}
        if users < stacked:
            evaluation.documents = tuple(sorted(users))


def add_derived(frame: pd.DataFrame, columns: Sequence[DerivedColumn]) -> pd.DataFrame:
    """The stacked frame with the derived columns the evaluations read."""
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        if column.kind == "dangling":
            keys = (
                None if pd.isna(v) else qualify(d, v)
                for d, v in zip(frame[DOCUMENT], frame[column.column], strict=True)
            )
            frame[column.name] = [None if k is None or k in column.keys else k for k in keys]
        else:
            sums = frame.groupby([DOCUMENT, column.group], dropna=True)[column.column].transform("sum")
            frame[column.name] = sums.where(frame[column.group].notna())
    return frame


def _key(value: Any) -> Any:
    """A cell as a lookup key: every kind of missing value is the same key."""
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


class Scopes:
    """The stacked frame's rows by document and ``where`` values, looked up per use.

    Built once per set of ``where`` columns: a mask per use would cost uses x rows."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._positions: dict[tuple[str, ...], dict[tuple[Any, ...], list[int]]] = {}

    def positions(self, use: Use) -> list[int]:
        """Row positions of the document's rows that the use speaks of."""
        columns = tuple(c for c, _ in use.where)
        if columns not in self._positions:
            keyed: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            values = zip(*(self.frame[c] for c in (DOCUMENT, *columns)), strict=True)
            for position, row in enumerate(values):
                keyed[tuple(_key(v) for v in row)].append(position)
            self._positions[columns] = keyed
        return self._positions[columns].get((use.document_id, *(_key(v) for _, v in use.where)), [])

    def value(self, column: str, positions: Sequence[int]) -> Any:
        """The first non-missing value of a column among these rows (a group's sum), or None."""
        for position in positions:
            value = _key(self.frame[column].iat[position])
            if value is not None:
                return value
        return None


def unexpected_by_scope(
    result: Mapping[str, Any], uses: Sequence[Use]
) -> dict[tuple[Any, ...], list[Mapping[str, Any]]]:
    """An evaluation's unexpected rows keyed as its uses' scopes are (document, where values)."""
    layouts = {tuple(c for c, _ in use.where) for use in uses}
    keyed: dict[tuple[Any, ...], list[Mapping[str, Any]]] = defaultdict(list)
    for row in (result.get("result") or {}).get("unexpected_index_list") or []:
        for columns in layouts:
            keyed[(columns, _key(row.get(DOCUMENT)), *(_key(row.get(c)) for c in columns))].append(row)
    return keyed


def scope_key(use: Use) -> tuple[Any, ...]:
    columns = tuple(c for c, _ in use.where)
    return (columns, use.document_id, *(_key(v) for _, v in use.where))


def index_columns(evaluations: Sequence[Evaluation], id_column: str) -> list[str]:
    """The columns GX names each unexpected row by: the document, the key, every ``where`` column."""
    columns = list(dict.fromkeys([DOCUMENT, id_column]))
    for evaluation in evaluations:
        for use in evaluation.uses:
            columns += [c for c, _ in use.where if c not in columns]
    return columns


def shown_columns(evaluation: Evaluation, id_column: str) -> list[str]:
    """The columns a document's own validation named in an unexpected row: its key and checked
    columns (not the ``document_id`` that uniqueness within a document adds)."""
    checked = checked_columns(evaluation.kwargs)
    if evaluation.gx_type == "ExpectCompoundColumnsToBeUnique" and checked[:1] == [DOCUMENT]:
        checked = checked[1:]
    return [id_column, *(c for c in checked if c != id_column)]


def document_result(
    evaluation: Evaluation,
    use: Use,
    scopes: Scopes,
    unexpected: Sequence[Mapping[str, Any]],
    id_column: str,
) -> tuple[bool, dict[str, Any]]:
    """One document's success and GX-shaped result, from its rows and its unexpected rows in the
    evaluation over all documents (the evaluation must not be ``per_document``)."""
    positions = scopes.positions(use)
    if use.group_sum:
        observed = scopes.value(evaluation.kwargs["column"], positions)
        observed = None if observed is None else float(observed)
        return not unexpected and observed is not None, {"observed_value": observed}
    shown = shown_columns(evaluation, id_column)
    partial = [
        _as_document_row(row, shown, evaluation.unqualify, use.document_id)
        for row in unexpected[:PARTIAL_ROWS]
    ]
    return not unexpected, {
        "element_count": len(positions),
        "unexpected_count": len(unexpected),
        "partial_unexpected_index_list": partial,
    }


def _as_document_row(
    row: Mapping[str, Any], shown: Sequence[str], unqualify: Mapping[str, str], document_id: str
) -> dict[str, Any]:
    """An unexpected row as the document's own validation named it: its key and checked values."""
    out: dict[str, Any] = {}
    prefix = qualify(document_id, "")
    for column, value in row.items():
        if column in unqualify:
            out[unqualify[column]] = value[len(prefix) :] if isinstance(value, str) else value
        elif column in shown:
            out[column] = value
    return out
