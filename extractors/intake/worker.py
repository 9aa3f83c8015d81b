"""Run one document's extraction in a child process with a memory limit and a wall-time limit.

A hostile file can make a library allocate gigabytes (a zip bomb), loop (a crafted PDF) or crash
the interpreter; in the child that ends this document only, with a reason, and the refresh goes on.

Children are forked from a ``multiprocessing`` fork server: a clean single-threaded process,
started once per refresh with the extractors already imported, so a child costs a fork (a few ms)
instead of a Python start, and forking never copies the refresh's threads (Prefect's pool, DuckDB)
into it. The memory limit is ``RLIMIT_AS``, set in the child above what it has mapped at start: a
document that needs more gets MemoryError (reported) or, at worst, is killed (also reported).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from extractors.base import ExtractionError
from extractors.dispatch import UnsupportedFormat, extract
from extractors.intake.limits import IntakeLimits, LimitExceeded, over_limit
from plans.model import ExtractedDocument

_MB = 1 << 20
# Imported once in the fork server, so every child starts with them.
_PRELOAD = [
    "extractors.intake.worker",
    "extractors.docx",
    "extractors.pdf",
    "extractors.pptx",
    "extractors.text",
]
# A child that has sent its result gets this long to exit before it is killed.
_EXIT_GRACE_SECONDS = 5.0


def _context() -> multiprocessing.context.BaseContext:
    """The fork server, preloaded; plain fork where it cannot work (see below); spawn off POSIX."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    main = sys.modules.get("__main__")
    main_file = getattr(main, "__file__", None)
    main_name = getattr(getattr(main, "__spec__", None), "name", None)
    if main_name is None and main_file is not None and not os.path.isfile(main_file):
        # A main module that cannot be imported again (a script read from stdin): every
        # fork-server child would fail to start, so fork this process (its threads are not copied;
        # a child stuck on a lock one of them held is stopped by the time limit).
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    # A script's main module is imported once in the server, not once per child; a module run
    # with -m is re-run in each child (multiprocessing's rule), cheaply once its imports are here.
    preload = ["__main__", *_PRELOAD]
    if main_name and not main_name.endswith("__main__"):
        preload.append(main_name)
    context.set_forkserver_preload(preload)
    return context


_CONTEXT: multiprocessing.context.BaseContext | None = None


def process_context() -> multiprocessing.context.BaseContext:
    """The context extraction children start from (the preloaded fork server), for other worker
    processes of the refresh too: one fork server, configured before it starts."""
    global _CONTEXT
    _CONTEXT = _CONTEXT or _context()
    return _CONTEXT


def mapped_bytes() -> int:
    """This process's address space now (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(extra_mb: float) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = mapped_bytes() + int(extra_mb * _MB)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _child(connection: Connection, path: Path, limits: IntakeLimits) -> None:
    """Extract and send ("ok", doc) or ("error", exception); never raises."""
    limit_memory(limits.max_memory_mb)
    try:
        message: tuple[str, object] = ("ok", extract(path, limits))
    except (ExtractionError, UnsupportedFormat) as error:
        message = ("error", error)
    except MemoryError:
        message = ("error", out_of_memory(limits))
    except BaseException as error:  # an extractor bug on this file: reported, not raised
        message = ("error", extractor_failure(error))
    try:
        connection.send(message)
    except MemoryError:
        connection.send(("error", out_of_memory(limits)))
    finally:
        connection.close()


def out_of_memory(limits: IntakeLimits) -> LimitExceeded:
    return over_limit(
        "the memory extraction needs", "more than the limit", f"{limits.max_memory_mb:g} MB", "max_memory_mb"
    )


def extractor_failure(error: BaseException) -> ExtractionError:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" in {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    detail = str(error)[:300]
    return ExtractionError(
        f"the extractor failed on this file: {type(error).__name__}{where}: {detail}"
        " (damaged file, or a pipeline defect to report with the file)"
    )


def ended_without_result(exitcode: int | None, limits: IntakeLimits) -> ExtractionError:
    if exitcode is not None and exitcode < 0:
        if -exitcode == signal.SIGKILL:
            return over_limit(
                "the memory extraction needs",
                "more than the machine gave it (killed by SIGKILL)",
                f"{limits.max_memory_mb:g} MB",
                "max_memory_mb",
            )
        name = signal.Signals(-exitcode).name
        return ExtractionError(
            f"the extractor crashed on this file ({name}); the rest of the refresh went on"
        )
    return ExtractionError(f"the extractor exited with code {exitcode} without a result")


_STARTING = threading.Lock()


@contextmanager
def children_allowed() -> Iterator[None]:
    """Let a daemonic process start the extraction child.

    Dask's nanny runs each worker as a daemonic process, and ``multiprocessing`` refuses such a
    process children (it could not end them when it is ended itself): on a Dask cluster every
    document was quarantined with "daemonic processes are not allowed to have children". The child
    here never outlives its document: this process ends it in every case (result, time limit, kill,
    ``stop``), so the flag is lifted while it starts. The lock keeps two threads of one worker from
    restoring it under each other.
    """
    config = multiprocessing.current_process()._config  # the only place multiprocessing keeps it
    with _STARTING:
        daemon = config.get("daemon")
        config["daemon"] = False
        try:
            yield
        finally:
            if daemon is None:
                config.pop("daemon", None)
            else:
                config["daemon"] = daemon


def extract_isolated(path: Path, limits: IntakeLimits) -> ExtractedDocument:
    """``extractors.dispatch.extract`` in a child process; raises what it raises, plus
    LimitExceeded on time or memory and ExtractionError when the child crashed."""
    if not limits.isolate:
        return extract(path, limits)
    context = process_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, path, limits), name=f"extract {path.name}", daemon=True
    )
    with children_allowed():
        process.start()
    sender.close()
    try:
        message = receive(receiver, process, time.monotonic() + limits.max_seconds)
    finally:
        receiver.close()
        exitcode = stop(process)
    if message is _TIMED_OUT:
        raise over_limit(
            "extraction time", f"over {limits.max_seconds:g} s", f"{limits.max_seconds:g} s", "max_seconds"
        )
    if message is None:
        raise ended_without_result(exitcode, limits)
    kind, payload = message
    if kind == "ok" and isinstance(payload, ExtractedDocument):
        return payload
    assert isinstance(payload, BaseException)
    raise payload


_TIMED_OUT = ("timeout", None)


def receive(receiver: Connection, process: BaseProcess, deadline: float) -> tuple[str, object] | None:
    """The child's message; _TIMED_OUT past the deadline (the child is killed); None when it died."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            process.kill()
            return _TIMED_OUT
        if receiver.poll(min(remaining, 0.5)):
            try:
                return receiver.recv()
            except (EOFError, OSError):
                return None
        if not process.is_alive() and not receiver.poll(0):
            return None


def stop(process: BaseProcess) -> int | None:
    """Reap the child (killing it if it lingers); its exit code."""
    process.join(_EXIT_GRACE_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()
    exitcode = process.exitcode
    process.close()
    return exitcode
