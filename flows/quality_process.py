"""The refresh's quality phase in a process of its own, started before the phase is reached.

Great Expectations takes 3-4 s of CPU to import. Imported in a thread of the refresh's process (as
before), it shared that process's one GIL with the flow's start and the first documents' loading;
in a process of its own it runs on whichever core is free while the Prefect API boots. And that
process has no other thread, so it can fork: the suites are validated on two cores at once
(``expectations.parallel``), where the refresh's process, with Prefect's threads, validates on one.

One request per process: ``validate_refreshed`` sends it the warehouse, relays each validated
document to the progress callback and returns its report as soon as the results are stored; the
process then builds GX's Data Docs while the refresh writes its own docs and stops Prefect's API,
and the ``started`` block's end waits for them. The process is forked from the extraction's fork
server (``process_context``: one server per refresh), is not a daemon (a daemon may not fork) and is
ended when the ``started`` block exits; it also exits by itself when the refresh's process is gone
(its end of the pipe closes). If it dies before answering, the phase runs in the refresh's process.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from expectations.quality_report import QualityReport

logger = logging.getLogger(__name__)

STOP_TIMEOUT_SECONDS = 5.0


class QualityProcess:
    """A process with Great Expectations imported, waiting for the warehouse to validate."""

    def __init__(self) -> None:
        from extractors.intake.worker import process_context

        context = process_context()
        self.connection, theirs = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=_serve, args=(theirs,), name="quality", daemon=False
        )
        self.answered = False  # a report or an error came back
        self.docs_pending = False  # the report came back; Data Docs are being built
        self.process.start()
        theirs.close()

    def validate(
        self, warehouse: Path, on_document: Callable[[str], None] | None = None
    ) -> QualityReport | None:
        """``validate_refreshed`` in the process; None when it died without a report."""
        try:
            self.connection.send(warehouse)
            while True:
                kind, payload = self.connection.recv()
                if kind == "document":
                    if on_document:
                        on_document(payload)
                else:
                    self.answered = True
                    if kind == "report":
                        self.docs_pending = True
                        return payload
                    raise payload
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self.process.join(STOP_TIMEOUT_SECONDS)
            logger.warning("the quality process ended (exit code %s) without a report", self.process.exitcode)
            return None

    def wait_for_docs(self) -> None:
        """Until the Data Docs of the report returned are written (a failure is logged: the results
        are stored, and the summary names the site)."""
        if not self.docs_pending:
            return
        self.docs_pending = False
        try:
            _kind, error = self.connection.recv()
        except (EOFError, ConnectionResetError):
            error = f"Data Docs not written: the quality process ended (exit code {self.process.exitcode})"
        if error is not None:
            logger.warning("%s", error)

    def stop(self) -> None:
        try:
            self.wait_for_docs()
        except BaseException:  # interrupted while waiting: the docs are abandoned with the process
            self.answered = False
            raise
        finally:
            self._end()

    def _end(self) -> None:
        if not self.answered:  # unused (the refresh failed before its quality phase) or interrupted
            self.process.terminate()
        self.connection.close()  # a process that answered has ended or is ending
        self.process.join(STOP_TIMEOUT_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _serve(connection: Connection) -> None:
    """Import GX, then validate the one warehouse asked for, sending progress and the report."""
    # Ctrl+C reaches the whole process group: the refresh's process handles it and stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from expectations import parallel  # noqa: F401  # the point of the process: imported in advance

    try:
        warehouse = connection.recv()
    except EOFError:  # stopped unused
        return
    from expectations import run

    reported = False

    def send_report(report: QualityReport) -> None:
        nonlocal reported
        connection.send(("report", report))
        reported = True

    try:
        run.run_quality(
            warehouse,
            on_document=lambda document_id: connection.send(("document", document_id)),
            views_current=True,
            on_report=send_report,
        )
        connection.send(("docs", None))
    except Exception as exc:
        if reported:  # the results are stored and reported: only Data Docs failed
            connection.send(("docs", str(exc)))
        else:  # raised in the refresh's process, as if it had validated there
            try:
                connection.send(("error", exc))
            except Exception:  # an exception that does not pickle: its type and message
                connection.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        connection.close()


_STARTED: QualityProcess | None = None


@contextmanager
def started() -> Iterator[None]:
    """Within the block, ``validate_refreshed`` in this process validates in a quality process
    started now (only one at a time; nested blocks share it)."""
    global _STARTED
    if _STARTED is not None:
        yield
        return
    process = _STARTED = QualityProcess()
    try:
        yield
    finally:
        _STARTED = None
        process.stop()  # waits for the Data Docs of a report returned; a second stop does nothing


def validate_refreshed(warehouse: Path, on_document: Callable[[str], None] | None = None) -> QualityReport:
    """The refresh's quality phase on the warehouse it has just loaded (views made, marts filled):
    ``expectations.run.run_quality`` in the started quality process if there is one (it serves one
    request), otherwise, or if it died, in this process."""
    global _STARTED
    process, _STARTED = _STARTED, None
    if process is not None:
        try:
            report = process.validate(warehouse, on_document)
        except BaseException:
            process.stop()
            raise
        if report is not None:
            return report  # its Data Docs are written meanwhile; the started block waits for them
        process.stop()
    from expectations import run  # pandas and the readers: only when validating here

    reported: list[QualityReport] = []
    try:
        return run.run_quality(
            warehouse, on_document=on_document, views_current=True, on_report=reported.append
        )
    except run.DataDocsNotWritten as exc:  # as from the process: the results are stored and reported
        logger.warning("%s", exc)
        return reported[0]
