"""Automatic refresh: a Prefect deployment that picks up new, changed or removed uploads.

``plans serve`` serves ``refresh_on_upload`` on an interval schedule. Each scheduled run looks at
the raw folder first (hashes against the warehouse, read-only): with nothing to do it completes at
once, writing nothing; otherwise it runs the ``refresh`` flow as a subflow (one task run per
document, retried on transient I/O errors). A run that quarantined files ends Failed, with the
files and reasons in its message; one whose expectations failed ends Completed with that said.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.deployments.runner import RunnerDeployment
from prefect.states import Completed, Failed, State

from flows.intake import has_work
from flows.refresh import refresh
from flows.summary import RefreshSummary

DEPLOYMENT = "data-raw"


def run_message(summary: RefreshSummary) -> str:
    counts = (
        f"loaded {summary.count('interpreted', 'recognised')}, unchanged {summary.count('unchanged')}, "
        f"skipped {summary.count('skipped')}, quarantined {summary.count('quarantined')}, "
        f"removed {summary.count('removed')}"
    )
    quarantined = "; ".join(f"{f.file_name}: {f.reason}" for f in summary.quarantined)
    quality = summary.quality
    failed = f"; {quality.failed} expectations failed" if quality and quality.failed else ""
    error = f"; quality suites could not run: {summary.quality_error}" if summary.quality_error else ""
    if summary.docs_error:
        error += f"; data dictionary not written: {summary.docs_error}"
    return counts + failed + error + (f" -- quarantined: {quarantined}" if quarantined else "")


def final_state(summary: RefreshSummary) -> State:
    """Failed when files were quarantined (the rest is loaded): the run needs someone's attention."""
    message = run_message(summary)
    if summary.quarantined or summary.quality_error:
        return Failed(message=message)
    return Completed(message=message)


@flow(name="refresh-on-upload")
def refresh_on_upload(raw_dir: str, warehouse: str, strict: bool = False) -> State:
    logger = get_run_logger()
    raw, target = Path(raw_dir), Path(warehouse)
    if not has_work(raw, target, quality=True):
        logger.info("nothing changed in %s", raw)
        return Completed(message="nothing changed")
    summary = refresh(raw_dir=raw, warehouse=target, show_progress=False, quality=True, strict=strict)
    state = final_state(summary)
    (logger.warning if state.is_failed() else logger.info)(state.message)
    return state


def deployment(raw_dir: Path, warehouse: Path, every: timedelta, strict: bool = False) -> RunnerDeployment:
    return refresh_on_upload.to_deployment(
        name=DEPLOYMENT,
        interval=every,
        parameters={"raw_dir": str(raw_dir), "warehouse": str(warehouse), "strict": strict},
        description="Refresh the warehouse from the raw folder when uploads arrive, change or go.",
    )
