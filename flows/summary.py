"""What a refresh reports: one line per file, and the quality results (no Prefect import here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from expectations.quality_report import QualityReport


@dataclass(frozen=True)
class FileReport:
    file_name: str
    outcome: str  # interpreted | recognised | unchanged | skipped | quarantined | removed
    reason: str | None = None
    plan_id: str | None = None
    seconds: float = 0.0


@dataclass
class RefreshSummary:
    run_id: str
    warehouse: str
    files: list[FileReport] = field(default_factory=list)
    quality: QualityReport | None = None
    quality_error: str | None = None
    flow_started: bool = True  # False: nothing had changed, so no Prefect flow run was needed
    docs_folder: Path | None = None  # None: the docs were not asked for
    docs_written: list[Path] = field(default_factory=list)  # empty: already up to date
    docs_error: str | None = None

    def write_docs(self, warehouse: Path) -> None:
        """The data dictionary and quality page next to the warehouse, unless already current; a
        failure is reported, never undoes the refresh."""
        from catalog.docs import default_folder, refresh_docs

        self.docs_folder = default_folder(warehouse)
        try:
            self.docs_written = refresh_docs(warehouse, self.docs_folder).written
        except Exception as exc:
            self.docs_error = f"{type(exc).__name__}: {exc}"

    def count(self, *outcomes: str) -> int:
        return sum(1 for f in self.files if f.outcome in outcomes)

    @property
    def quarantined(self) -> list[FileReport]:
        return [f for f in self.files if f.outcome == "quarantined"]
