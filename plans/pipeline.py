"""One document from raw file to plan records: extract -> identify -> recognise -> interpret.

Pure with respect to the warehouse: nothing here touches DuckDB, so documents can be processed in
parallel and loaded one transaction at a time afterwards.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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

    try:
        commune, commune_source, notes = resolve_commune(
            doc.full_text(), context.communes, context.manifest.get(path.name)
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
