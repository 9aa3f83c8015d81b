"""The ``refresh`` flow: every file in the raw folder into the warehouse, incrementally.

Extraction and interpretation run as Prefect tasks (one per document, in a thread pool); loading
happens in the flow, one DuckDB transaction per document, so a failing document never leaves a
half-written load and never touches what other documents loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from expectations.quality_report import QualityReport
from extractors.base import file_sha256
from flows.intake import (
    checked_against_manifest,
    flag_duplicates,
    largest_first,
    list_documents,
    record_removed,
    record_run,
    scan,
)
from flows.quality_process import validate_refreshed
from flows.summary import FileReport, RefreshSummary
from interpret.identity import read_communes, read_manifest
from loader import warehouse as wh
from loader.rows import DocumentRows, document_row, plan_id_for, plan_rows
from loader.swap import building
from normalizers.themes import read_theme_rules
from plans import pipeline_fingerprint
from plans.pipeline import FileResult, RefreshContext, interpretation_workers, process_file
from plans.settings import Settings

# Re-exported: callers import the summary types and the file listing from here.
__all__ = ["FileReport", "RefreshSummary", "list_documents", "refresh"]


def is_transient(task: object, task_run: object, state: State) -> bool:
    """Retry I/O errors (a file still being written, a network share): not bugs, which recur."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(
    name="process-document",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=is_transient,
)
def process_document(path: Path, context: RefreshContext) -> FileResult:
    return process_file(path, context)


@task(name="validate-warehouse", cache_policy=NO_CACHE)
def validate_warehouse(warehouse: Path, on_document: Callable[[str], None] | None = None) -> QualityReport:
    # The flow created the views and filled the marts just before (create_views, materialise).
    return validate_refreshed(warehouse, on_document)


@flow(name="refresh", task_runner=ThreadPoolTaskRunner(max_workers=Settings().max_workers))
def refresh(
    raw_dir: Path,
    warehouse: Path,
    show_progress: bool = True,
    quality: bool = True,
    strict: bool = False,
    docs: bool = Settings().docs,
) -> RefreshSummary:
    """Load what changed in ``raw_dir``, then (``quality``) run the quality suites on the result,
    then (``docs``) write the data dictionary and quality page into <warehouse folder>/docs/.

    ``strict``: a document whose text names another commune than its manifest row is quarantined
    (otherwise it is filed under the commune its text names, and the disagreement is reported).
    """
    settings = Settings()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    context = RefreshContext(
        communes=read_communes(settings.communes_csv),
        manifest=read_manifest(raw_dir),
        theme_rules=read_theme_rules(settings.theme_rules_csv),
        limits=settings.intake,
    )
    version = pipeline_fingerprint()
    summary = RefreshSummary(run_id=uuid.uuid4().hex[:12], warehouse=str(warehouse))
    started = datetime.now()

    with building(warehouse) as work:  # readers keep the old file until the swap
        conn = wh.connect(work)
        schemas = wh.TableSchemas(conn)  # no table changes its columns while documents load
        try:
            wh.load_communes(conn, settings.communes_csv)
            intake = scan(conn, raw_dir, version)
            summary.files += intake.unchanged
            changed = largest_first(intake.changed)
            summary.files += record_removed(conn, intake.removed, summary.run_id)

            with _progress(show_progress) as progress, _local_workers(context, settings, len(changed)):
                bar = progress.add_task("extract", total=len(changed))
                # quote: Prefect walks every task's parameters (looking for upstream futures to
                # wait on) and the context holds every commune: 93-110 ms a task with 1500
                # communes against 3-5 ms quoted (bench: 300 empty tasks). The task gets the
                # context itself; on Dask the quote would arrive as a bare tuple, so not there.
                handed = quote(context) if _runs_locally() else context
                futures = [process_document.submit(path, handed) for path in changed]
                paths_by_task = {
                    future.task_run_id: path for future, path in zip(futures, changed, strict=True)
                }
                # The views read no rows: made while the first documents are read rather than
                # after the last (0.3 s of DDL). The mart tables are created empty; they are
                # filled once, by materialise, when the current renditions are known.
                wh.create_views(conn, fill_marts=False)
                for future in as_completed(futures):
                    processed = _result_or_quarantine(future, paths_by_task[future.task_run_id])
                    result = checked_against_manifest(processed, context.manifest, strict)
                    progress.update(bar, advance=1, description=result.file_name)
                    summary.files.append(_load(conn, result, summary.run_id, version, schemas))
                    # Prefect keeps every future, and its result, until the last one is done
                    # (as_completed holds them all): without this, every document's extraction
                    # stayed in memory until the end of the refresh, growing with N.
                    _release(processed, result)
            summary.files = flag_duplicates(conn, summary.files, context.manifest, summary.run_id)
            _log_outcomes(summary.files)

            wh.attach_renditions_without_period(conn)
            wh.remove_plans_without_documents(conn)
            wh.mark_current_renditions(conn)  # reads stg_rendition_defects, a view made above
            wh.materialise(conn)  # after the current renditions: the tables read is_current
            record_run(conn, summary, raw_dir, started)
        finally:
            conn.close()  # the quality suites open the file themselves
        summary.files.sort(key=lambda f: f.file_name)
        if quality:
            try:
                summary.quality = _validate_with_progress(work, show_progress)
                summary.quality.warehouse = warehouse  # what the work file becomes
            except Exception as exc:  # failed validation never undoes the load; it is reported
                summary.quality_error = f"{type(exc).__name__}: {exc}"
    if docs:  # from the swapped-in file: the pages describe what readers now see
        summary.write_docs(warehouse)
    return summary


def _local_workers(
    context: RefreshContext, settings: Settings, documents: int
) -> AbstractContextManager[None]:
    """Interpretation in worker processes (``plans.pipeline.interpretation_workers``) when the
    document tasks run in this process's threads; on a Dask cluster they run where the tasks do."""
    if not _runs_locally() or documents < 2:
        return nullcontext()
    return interpretation_workers(context, min(settings.max_workers, documents))


def _runs_locally() -> bool:
    """Whether this flow run's tasks run in this process's threads (not on a Dask cluster)."""
    run = FlowRunContext.get()
    return run is not None and isinstance(run.task_runner, ThreadPoolTaskRunner)


def _log_outcomes(files: list[FileReport]) -> None:
    """Each file's outcome in the flow run's log (Prefect's UI with ``plans serve``)."""
    logger = get_run_logger()
    for f in files:
        if f.outcome != "unchanged":
            log = logger.warning if f.outcome == "quarantined" else logger.info
            log("%s %s%s", f.outcome, f.file_name, f": {f.reason}" if f.reason else "")


def _release(*results: FileResult) -> None:
    """Drop a loaded document's extraction and interpretation (the result objects themselves stay
    referenced by Prefect's futures)."""
    for result in results:
        result.document = None
        result.plan = None


def _result_or_quarantine(future: PrefectFuture[FileResult], path: Path) -> FileResult:
    """A bug met while processing one document quarantines that document, not the refresh."""
    try:
        return future.result()
    except Exception as exc:
        return FileResult(
            file_name=path.name,
            sha256=file_sha256(path),
            size_bytes=path.stat().st_size,
            outcome="quarantined",
            reason=f"internal error while processing: {type(exc).__name__}: {exc}",
        )


def _load(
    conn: duckdb.DuckDBPyConnection,
    result: FileResult,
    run_id: str,
    version: str,
    schemas: wh.TableSchemas | None = None,
) -> FileReport:
    """Write one processed file: its facts in one transaction, or its quarantine record."""
    now = datetime.now()
    plan_id: str | None = None
    outcome, reason = result.outcome, result.reason
    previous = wh.document_state(conn, result.file_name)
    keeps_previous_load = (
        outcome in ("quarantined", "skipped")
        and previous is not None
        and previous[2] in ("interpreted", "recognised")
    )
    try:
        if keeps_previous_load:
            # The new version is bad: nothing already loaded is lost; the event says what happened.
            reason = f"{reason} (the previous version stays loaded)"
        elif result.plan is not None and result.document is not None:
            plan = result.plan
            plan_id = plan_id_for(plan.commune, plan.plan_kind, plan.period_start_year, plan.period_end_year)
            if plan.period_start_year is None:
                plan_id = wh.find_plan_with_period(conn, plan.commune, plan.plan_kind) or plan_id
            document = document_row(
                result.document,
                size_bytes=result.size_bytes,
                pipeline_version=version,
                status=plan.status,
                reason=reason,
                plan_id=plan_id,
                commune=plan.commune,
                commune_source=result.commune_source,
                loaded_at=now,
                plan=plan,
            )
            plan_row = {
                "plan_id": plan_id,
                "commune": plan.commune,
                "plan_kind": plan.plan_kind,
                "title": plan.title,
                "period_start_year": plan.period_start_year,
                "period_end_year": plan.period_end_year,
            }
            rows = plan_rows(result.document, plan, plan_id)
            wh.replace_document(conn, document, plan_row, rows, new=previous is None, schemas=schemas)
        else:
            unloaded = _unloaded_document(result, now, version)
            wh.replace_document(conn, unloaded, None, DocumentRows(), new=previous is None, schemas=schemas)
    except Exception as exc:  # a load failure quarantines this document only
        outcome, reason = "quarantined", f"load failed: {type(exc).__name__}: {exc}"
    conn.execute(
        "INSERT INTO etl_file_event VALUES (?, ?, ?, ?, ?, ?)",
        [run_id, result.file_name, result.sha256, outcome, reason, now],
    )
    return FileReport(result.file_name, outcome, reason, plan_id, result.seconds)


def _unloaded_document(result: FileResult, now: datetime, version: str) -> dict[str, object]:
    doc = result.document
    return {
        "document_id": result.file_name,
        "plan_id": None,
        "commune": None,
        "source_format": result.source_format,
        "sha256": result.sha256,
        "size_bytes": result.size_bytes,
        "pages_or_lines": doc.pages_or_lines if doc else None,
        "extractor": doc.extractor if doc else None,
        "pipeline_version": version,
        "status": result.outcome,
        "reason": result.reason,
        "commune_source": result.commune_source,
        "is_current": False,
        "warnings": list(doc.warnings) if doc else [],
        "notes": list(doc.notes) if doc else [],
        "defects": [],
        "loaded_at": now,
    }


def _validate_with_progress(warehouse: Path, show_progress: bool) -> QualityReport:
    """The quality phase, with its own bar: one step per document validated."""
    with _progress(show_progress, "quality") as progress:
        bar = progress.add_task("", total=None)

        def advance(document_id: str) -> None:
            progress.update(bar, advance=1, description=document_id)

        report = validate_warehouse(warehouse, advance)
        progress.update(bar, total=report.validated, completed=report.validated, description="")
    return report


def _progress(enabled: bool, phase: str = "refresh") -> Progress:
    return Progress(
        TextColumn(f"[bold]{phase}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        disable=not enabled,
        transient=False,
    )
