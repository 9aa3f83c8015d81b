"""One document from raw file to plan records: extract -> identify -> recognise -> interpret.

Pure with respect to the warehouse: nothing here touches DuckDB, so documents can be processed in
parallel and loaded one transaction at a time afterwards.

Extraction runs in a child process per document (``extract_isolated``). What follows it (commune,
interpretation, cell accounting, themes) is pure Python: run in the refresh's threads it holds the
refresh process's GIL, so two documents never interpret at once on 2 cores, and every DuckDB call
of the loader (which releases the GIL) waits a switch interval to get it back. Within
``interpretation_workers`` it runs in a few long-lived worker processes instead: in parallel, and
with their caches (folded keys, header labels) warm from one document to the next, which a child
per document would lose (the same 24 documents interpret 3.4x slower with cold caches).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from extractors.base import ExtractionError, NeedsOcr, file_sha256
from extractors.dispatch import UnsupportedFormat
from extractors.intake.limits import IntakeLimits, LimitExceeded
from extractors.intake.worker import extract_isolated
from interpret import choose_interpreter
from interpret.base import find_period
from interpret.cell_accounting import account_cells
from interpret.identity import Commune, UnidentifiedCommune, resolve_commune
from interpret.ocr_confidence import flag_low_confidence
from interpret.themes import assign_themes
from normalizers.themes import ThemeRule
from plans.model import ExtractedDocument, InterpretedDocument

Outcome = Literal["interpreted", "recognised", "skipped", "quarantined"]

# Files in the raw folder that are not plan documents.
NOT_DOCUMENTS = {"manifest.csv", ".gitkeep", "README.md"}


@dataclass(frozen=True)
class RefreshContext:
    communes: tuple[Commune, ...]
    manifest: dict[str, str]
    theme_rules: tuple[ThemeRule, ...] = ()
    # Per-document resource limits; extraction runs in a child process bound by them.
    limits: IntakeLimits = field(default_factory=IntakeLimits)


@dataclass
class FileResult:
    file_name: str
    sha256: str
    size_bytes: int
    outcome: Outcome
    reason: str | None = None
    document: ExtractedDocument | None = None
    plan: InterpretedDocument | None = None
    commune_source: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def source_format(self) -> str:
        return Path(self.file_name).suffix.lower().lstrip(".") or "none"


def process_file(path: Path, context: RefreshContext) -> FileResult:
    started = time.perf_counter()
    result = _process(path, context)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _process(path: Path, context: RefreshContext) -> FileResult:
    sha = file_sha256(path)
    size = path.stat().st_size
    base = {"file_name": path.name, "sha256": sha, "size_bytes": size}
    try:
        doc = extract_isolated(path, context.limits)
    except UnsupportedFormat as exc:
        return FileResult(**base, outcome="skipped", reason=str(exc))
    except NeedsOcr as exc:
        return FileResult(**base, outcome="skipped", reason=f"needs OCR: {exc}")
    except LimitExceeded as exc:
        return FileResult(**base, outcome="quarantined", reason=f"over a limit: {exc}")
    except ExtractionError as exc:
        return FileResult(**base, outcome="quarantined", reason=f"unreadable: {exc}")
    pool = _WORKERS
    if pool is not None:
        try:
            return pool.submit(_interpret_in_worker, base, doc).result()
        except BrokenProcessPool:  # a worker died (killed): this document is interpreted here
            pass
    return _interpret(base, doc, context)


# The interpretation workers of the refresh running in this process (None: interpret in-thread),
# and, in a worker, the refresh's context (sent once per worker, not once per document).
_WORKERS: Executor | None = None
_WORKER_CONTEXT: RefreshContext | None = None


@contextmanager
def interpretation_workers(context: RefreshContext, workers: int) -> Iterator[None]:
    """Within this block, ``process_file`` in this process interprets in ``workers`` worker
    processes (see the module's docstring). Not with ``workers`` < 2 or in-thread extraction
    (``IntakeLimits.isolate`` False, for debugging), where everything stays in the calling thread.
    The workers come from the extraction's fork server (this process has threads: it is not
    forked itself)."""
    global _WORKERS
    if workers < 2 or not context.limits.isolate or _WORKERS is not None:
        yield
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_worker_context(),
        initializer=_set_worker_context,
        initargs=(context,),
    )
    _WORKERS = pool
    try:
        yield
    finally:
        _WORKERS = None
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_context() -> multiprocessing.context.BaseContext:
    from extractors.intake.worker import process_context

    return process_context()


def _set_worker_context(context: RefreshContext) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _interpret_in_worker(base: dict[str, Any], doc: ExtractedDocument) -> FileResult:
    assert _WORKER_CONTEXT is not None, "started by interpretation_workers"
    return _interpret(base, doc, _WORKER_CONTEXT)


def _interpret(base: dict[str, Any], doc: ExtractedDocument, context: RefreshContext) -> FileResult:
    """Everything after extraction; the same in a worker process and in the calling thread."""
    try:
        commune, commune_source, notes = resolve_commune(
            doc.full_text(), context.communes, context.manifest.get(base["file_name"])
        )
    except UnidentifiedCommune as exc:
        return FileResult(**base, outcome="quarantined", reason=f"commune unknown: {exc}", document=doc)

    interpreter = choose_interpreter(doc)
    if interpreter is None:
        return FileResult(
            **base,
            outcome="quarantined",
            reason="no plan table recognised (no known header labels in any table or block)",
            document=doc,
            commune_source=commune_source,
            notes=notes,
        )
    if interpreter.interpret is None:
        period = find_period(doc)
        plan = InterpretedDocument(
            commune=commune,
            plan_kind=interpreter.kind,
            title=None,
            period_start_year=period[0] if period else None,
            period_end_year=period[1] if period else None,
            status="recognised",
        )
        return FileResult(
            **base,
            outcome="recognised",
            reason=f"recognised as {interpreter.kind}; its tables are not interpreted yet",
            document=doc,
            plan=plan,
            commune_source=commune_source,
            notes=notes,
        )
    try:
        plan = interpreter.interpret(doc, commune)
    except Exception as exc:  # an interpreter bug or an unexpected table must not stop the refresh
        return FileResult(
            **base,
            outcome="quarantined",
            reason=f"interpretation as {interpreter.kind} failed: {type(exc).__name__}: {exc}",
            document=doc,
            commune_source=commune_source,
            notes=notes,
        )
    assign_themes(plan, context.theme_rules)
    plan.cells = account_cells(doc, plan)
    flag_low_confidence(doc, plan)  # after accounting: a flagged text is not a read one
    return FileResult(
        **base,
        outcome="interpreted",
        document=doc,
        plan=plan,
        commune_source=commune_source,
        notes=[*notes, *plan.notes],
    )
