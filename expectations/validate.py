"""Great Expectations 1.x: run the suites on each document's DataFrames and publish Data Docs.

Import this module only when validating: it imports ``great_expectations`` (seconds).

How GX is used here (measured with GX 1.24, see ../shared/docs/STACK.md):
- the pandas route (``add_pandas`` -> dataframe asset -> whole-dataframe batch definition, the
  frame passed as a batch parameter): the SQL data source on DuckDB fails every expectation;
- an ephemeral context built from an explicit config: a file context writes only under its
  project root, and the default ephemeral config adds a temporary ``local_site`` Data Docs site
  (a temp folder per run). The one site here, ``quality``, writes to the folder asked for;
- progress bars off (they would print to the CLI's stderr for every validation).
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.datasource.fluent import PandasDatasource
from great_expectations.datasource.fluent.pandas_datasource import DataFrameAsset
from great_expectations.expectations.row_conditions import AndCondition, Column, Condition

from expectations.batching import (
    DOCUMENT,
    Evaluation,
    Scopes,
    add_derived,
    document_result,
    index_columns,
    plan_evaluations,
    scope_key,
    unexpected_by_scope,
)
from expectations.results import QualityRow, describe_result, exception_message
from expectations.suites import SUITES, Check, DocumentBatch, References, checks_for

SITE_NAME = "quality"
DATASOURCE = "warehouse"
GX_VERSION = gx.__version__
# Site pages GX writes; cleared before each build so that pages of older runs do not linger.
SITE_ENTRIES = ("index.html", "validations", "expectations", "static")
# Values of an expectation's value set kept in a stored result's details (see stored_kwargs).
STORED_VALUES = 20


@dataclass
class Session:
    """A GX context with its one pandas data source and a dataframe asset per table."""

    context: AbstractDataContext
    source: PandasDatasource
    assets: dict[str, DataFrameAsset] = field(default_factory=dict)

    def asset(self, table: str) -> DataFrameAsset:
        if table not in self.assets:
            self.assets[table] = self.source.add_dataframe_asset(table)
        return self.assets[table]


def open_session(docs_dir: Path) -> Session:
    context = open_context(docs_dir)
    return Session(context, context.data_sources.add_pandas(DATASOURCE))


def open_context(docs_dir: Path) -> AbstractDataContext:
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={SITE_NAME: site},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    # get_context (not EphemeralDataContext(...)) also registers the context that suites need.
    return gx.get_context(project_config=config, mode="ephemeral")


def row_condition(where: tuple[tuple[str, Any], ...]) -> Condition | None:
    """GX condition objects (string conditions are deprecated since GX 1.9)."""
    conditions = [Column(column) == value for column, value in where]
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else AndCondition(conditions=conditions)


def to_expectation(evaluation: Evaluation, index: int, name: str) -> gxe.Expectation:
    expectation_class = getattr(gxe, evaluation.gx_type)
    if evaluation.documents:
        condition: Condition | None = Column(DOCUMENT).is_in(evaluation.documents)
    else:
        condition = row_condition(evaluation.condition)
    extra = {"row_condition": condition} if condition is not None else {}
    return expectation_class(**evaluation.kwargs, **extra, description=name, meta={"check": index})


def validate_table(
    session: Session, table: str, batches: Sequence[DocumentBatch], checks: Mapping[str, list[Check]]
) -> dict[str, list[QualityRow]]:
    """Validate several documents' rows of one table in one GX run (``expectations.batching``):
    document_id -> one result per check, in the checks' order."""
    id_column = SUITES[table][0]
    frames = [b.frames[table] for b in batches if b.info.document_id in checks]
    stacked = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    evaluations, derived = plan_evaluations(checks, list(stacked.columns))
    stacked = add_derived(stacked, derived)
    name = f"{table} - {len(frames)} documents, the first {next(iter(checks))}"
    context = session.context
    batch_definition = session.asset(table).add_batch_definition_whole_dataframe(name)
    names = [checks[e.uses[0].document_id][e.uses[0].check_index].name for e in evaluations]
    suite = context.suites.add(
        gx.ExpectationSuite(
            name=name, expectations=[to_expectation(e, i, names[i]) for i, e in enumerate(evaluations)]
        )
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=suite)
    )
    result = definition.run(
        batch_parameters={"dataframe": stacked},
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": index_columns(evaluations, id_column),
        },
    )
    scopes = Scopes(stacked)
    answers: dict[str, dict[int, QualityRow]] = defaultdict(dict)
    for outcome in result.results:
        evaluation = evaluations[int(outcome.expectation_config.meta["check"])]
        overall = outcome.to_json_dict()
        unexpected = unexpected_by_scope(overall, evaluation.uses)
        for use in evaluation.uses:
            if evaluation.per_document:
                success, document = bool(overall.get("success")), dict(overall.get("result") or {})
            else:
                success, document = document_result(
                    evaluation, use, scopes, unexpected.get(scope_key(use), []), id_column
                )
            check = checks[use.document_id][use.check_index]
            error = exception_message(overall.get("exception_info"))
            answers[use.document_id][use.check_index] = result_row(
                table, use.document_id, id_column, check, success, document, error
            )
    return {d: [answers[d][i] for i in sorted(answers[d])] for d in checks}


def stored_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """An expectation's arguments as its stored result's details keep them: a value set over
    STORED_VALUES long is kept as its size and first values. A reference into the warehouse's keys
    is checked against every plan or commune: kept whole, each document's result held all of them
    (63 KB a result at 1500 communes, 87 % of the results' size, growing with communes squared)."""
    kept = dict(kwargs)
    values = kept.get("value_set")
    if isinstance(values, list | tuple | set | frozenset) and len(values) > STORED_VALUES:
        kept["value_set"] = list(values)[:STORED_VALUES]
        kept["value_set_size"] = len(values)
    return kept


def result_row(
    table: str,
    document_id: str,
    id_column: str,
    check: Check,
    success: bool,
    result: Mapping[str, Any],
    error: str | None,
) -> QualityRow:
    if error:
        observed = f"error: {error}"
    elif check.observed is not None:
        observed = check.observed
    else:
        observed = describe_result(result, success, id_column, document_id)
    details = {
        "type": check.gx_type,
        "kwargs": stored_kwargs(check.kwargs),
        "where": dict(check.where),
        "result": result,
    }
    if error:
        details["exception"] = error
    return QualityRow(
        document_id=document_id,
        suite=table,
        expectation=check.name,
        success=success and not error,
        observed=observed,
        details=json.dumps(details, ensure_ascii=False, default=str),
    )


# table -> document_id -> that document's checks of the table (documents with none left out).
TableChecks = dict[str, dict[str, list[Check]]]


def table_checks(batches: Sequence[DocumentBatch], refs: References, tables: Iterable[str]) -> TableChecks:
    """These tables' suites for these documents; a table no document has rows in is left out."""
    found: TableChecks = {}
    for table in tables:
        checks = {b.info.document_id: c for b in batches if (c := checks_for(table, b, refs))}
        if checks:
            found[table] = checks
    return found


def validate_tables(
    session: Session, batches: Sequence[DocumentBatch], checks_by_table: TableChecks
) -> dict[str, dict[str, list[QualityRow]]]:
    """These suites (``table_checks``) on these documents, each table in one GX run: table ->
    document_id -> one row per check."""
    answered: dict[str, dict[str, list[QualityRow]]] = {}
    for table, checks in checks_by_table.items():
        try:
            answered[table] = validate_table(session, table, batches, checks)
        except Exception as exc:  # a suite GX cannot run fails its checks; it never stops the others
            error = f"error: {type(exc).__name__}: {exc}"
            answered[table] = {
                d: [QualityRow(d, table, c.name, False, error) for c in cs] for d, cs in checks.items()
            }
    return answered


def in_document_order(
    batches: Sequence[DocumentBatch], answered: Mapping[str, Mapping[str, list[QualityRow]]]
) -> list[QualityRow]:
    """The rows by document (in ``batches`` order), then table (in SUITES order)."""
    by_document: dict[str, list[QualityRow]] = {b.info.document_id: [] for b in batches}
    for table in SUITES:
        for document_id, rows in answered.get(table, {}).items():
            by_document[document_id] += rows
    return [row for rows in by_document.values() for row in rows]


def validate_documents(
    session: Session, batches: Sequence[DocumentBatch], refs: References
) -> list[QualityRow]:
    """Every suite on these documents, each table in one GX run; rows by document, then table."""
    return in_document_order(batches, validate_tables(session, batches, table_checks(batches, refs, SUITES)))


def validate_document(session: Session, batch: DocumentBatch, refs: References) -> list[QualityRow]:
    return validate_documents(session, [batch], refs)


# What a context stores of a validation, and Data Docs read back: the suites, the validation
# definitions and the results. Their in-memory backends hold serialised values under string keys.
RESULT_STORES = ("expectations_store", "validation_definition_store", "validation_results_store")
Stored = dict[str, list[tuple[tuple[str, ...], Any]]]


def stored_results(session: Session) -> Stored:
    """The session's stored suites, validation definitions and results, picklable as they are."""
    stored: Stored = {}
    for name in RESULT_STORES:
        backend = getattr(session.context, name).store_backend
        keys = [k for k in backend.list_keys() if k != backend.STORE_BACKEND_ID_KEY]
        stored[name] = [(key, backend.get(key)) for key in keys]
    return stored


def adopt_results(session: Session, stored: Stored) -> None:
    """Add another session's ``stored_results`` to this one's (names never collide: each names
    its table), so that this session's Data Docs show both."""
    for name, items in stored.items():
        backend = getattr(session.context, name).store_backend
        for key, value in items:
            backend.set(key, value)


def clear_site(docs_dir: Path) -> None:
    for entry in SITE_ENTRIES:
        path = docs_dir / entry
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def build_data_docs(context: AbstractDataContext, docs_dir: Path) -> Path:
    """Publish this run's results as a static site; returns its index.html."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    clear_site(docs_dir)
    context.build_data_docs(site_names=[SITE_NAME])
    return docs_dir / "index.html"
