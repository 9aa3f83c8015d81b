"""A chunk's suites validated in two processes at once: this one and a fork of it.

Great Expectations evaluates in pure Python, on one core: the quality phase ran alone on one core
at the end of every refresh while the other was idle (the sample corpus: about 1.5 s of GX runs).
A fork starts with GX imported and the chunk's frames in memory (pages shared until written: no
import, no copy). It validates some of the tables in a GX session of its own and sends back its
rows and what its session stored; this process validates the other tables meanwhile, then adds the
child's stored results to its own session, so that Data Docs show every table.

Forked only where it is safe and cheap: the "fork" start method exists, no other Python thread runs
in this process (one holding a lock at the fork, a logging handler's say, would leave it locked in
the child) and this process is not a daemon (``multiprocessing`` lets no daemon have children). The
child never touches the caller's DuckDB connection and ends with ``os._exit``, as every
``multiprocessing`` fork child does, so no destructor of the parent's objects runs in it. Elsewhere,
or when the child fails, every table is validated here: the rows are the same either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from expectations import validate
from expectations.batching import plan_evaluations
from expectations.results import QualityRow
from expectations.suites import SUITES, Check, DocumentBatch, References

logger = logging.getLogger(__name__)

# A table's GX run costs a fixed part (suite, validation definition, batch) plus a part per
# evaluation, about this many evaluations' worth (measured: ~50 ms against 12-20 ms an evaluation).
RUN_COST_IN_EVALUATIONS = 3

Answered = dict[str, dict[str, list[QualityRow]]]


def can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def validate_documents(
    session: validate.Session, batches: Sequence[DocumentBatch], refs: References, docs_dir: Path
) -> list[QualityRow]:
    """``validate.validate_documents``, the tables shared with a forked child when ``can_fork``."""
    checks = validate.table_checks(batches, refs, SUITES)
    here, there = split_tables(batches, checks)
    if not there or not can_fork():
        return validate.in_document_order(batches, validate.validate_tables(session, batches, checks))
    theirs_checks = {table: checks[table] for table in there}
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_validate_in_child,
        args=(sender, docs_dir, batches, theirs_checks),
        name="quality (fork)",
    )
    child.start()
    sender.close()
    try:
        answered = validate.validate_tables(session, batches, {table: checks[table] for table in here})
        theirs = _receive(receiver, child)
    finally:
        receiver.close()
        child.join()
    if theirs is None:
        logger.warning("the forked validation of %s failed; validated here instead", ", ".join(there))
        answered |= validate.validate_tables(session, batches, theirs_checks)
    else:
        their_rows, stored = theirs
        validate.adopt_results(session, stored)
        answered |= their_rows
    return validate.in_document_order(batches, answered)


def split_tables(
    batches: Sequence[DocumentBatch], checks: validate.TableChecks
) -> tuple[list[str], list[str]]:
    """The tables with checks, in two groups of about equal estimated cost, each in SUITES order."""
    return balanced_halves({table: estimated_cost(table, batches, checks[table]) for table in checks})


def balanced_halves(costs: Mapping[str, int]) -> tuple[list[str], list[str]]:
    """The keys in two groups whose summed costs differ by at most the largest cost: heaviest first,
    each to the group lighter so far (longest processing time first). Each group keeps the order of
    ``costs``; the second is empty when there are fewer than two keys."""
    groups: tuple[list[str], list[str]] = ([], [])
    totals = [0, 0]
    for name in sorted(costs, key=lambda n: -costs[n]):
        lighter = 0 if totals[0] <= totals[1] else 1
        groups[lighter].append(name)
        totals[lighter] += costs[name]
    order = {name: n for n, name in enumerate(costs)}
    return sorted(groups[0], key=order.__getitem__), sorted(groups[1], key=order.__getitem__)


def estimated_cost(table: str, batches: Sequence[DocumentBatch], checks: Mapping[str, list[Check]]) -> int:
    """The GX evaluations of one table's run on these documents (``checks``: document_id -> its
    checks of the table), plus its fixed cost."""
    columns = next(b.frames[table].columns for b in batches if b.info.document_id in checks)
    evaluations, _derived = plan_evaluations(checks, list(columns))
    return len(evaluations) + RUN_COST_IN_EVALUATIONS


def _validate_in_child(
    sender: Connection, docs_dir: Path, batches: Sequence[DocumentBatch], checks: validate.TableChecks
) -> None:
    try:
        session = validate.open_session(docs_dir)
        answered = validate.validate_tables(session, batches, checks)
        sender.send((answered, validate.stored_results(session)))
    except Exception:
        logger.exception("forked validation of %s", ", ".join(checks))
        sender.send(None)
    finally:
        sender.close()


def _receive(
    receiver: Connection, child: multiprocessing.process.BaseProcess
) -> tuple[Answered, validate.Stored] | None:
    """The child's rows and stored results; None when it sent nothing (it failed, or died)."""
    wait([receiver, child.sentinel])
    try:
        return receiver.recv() if receiver.poll() else None
    except EOFError:
        return None
