"""The quality phase on two cores (expectations.parallel) and in its own process
(flows.quality_process): the same results, Data Docs and progress as validating here, on one core."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expectations import parallel
from expectations import run as quality_run
from flows import quality_process


def outcome(rows) -> list[tuple]:
    return [(r.document_id, r.suite, r.expectation, r.success, r.observed, r.details) for r in rows]


def validate_both_ways(warehouse: str, docs: str, child_dies: bool = False) -> dict[str, object]:
    """In a process of its own (no other thread: it may fork): the sample corpus validated with
    the tables shared with a fork, then on one core; the Data Docs of the first. ``child_dies``:
    the fork exits at once, without a word."""
    from expectations import validate

    if child_dies:
        parallel._validate_in_child = lambda *args: os._exit(1)
    from expectations.frames import read_batches, read_references
    from expectations.suites import SUITES

    conn = duckdb.connect(warehouse, read_only=True)
    try:
        batches, refs = read_batches(conn), read_references(conn)
    finally:
        conn.close()
    here, there = parallel.split_tables(batches, validate.table_checks(batches, refs, SUITES))
    shared = validate.open_session(Path(docs))
    forked = parallel.can_fork()
    rows = parallel.validate_documents(shared, batches, refs, Path(docs))
    validate.build_data_docs(shared.context, Path(docs))
    alone = validate.validate_documents(validate.open_session(Path(docs) / "alone"), batches, refs)
    return {
        "forked": forked,
        "here": here,
        "there": there,
        "shared": outcome(rows),
        "alone": outcome(alone),
        "pages": sorted(p.relative_to(docs).parts[1] for p in Path(docs).glob("validations/*/**/*.html")),
    }


def test_tables_validated_in_a_fork_give_the_same_rows_and_appear_in_data_docs(corpus_warehouse, tmp_path):
    # A fresh interpreter, no pytest or Prefect thread in it (and not a daemon, as Pool's are).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = pool.submit(validate_both_ways, str(corpus_warehouse), str(tmp_path / "docs")).result()
    assert got["forked"] is True
    assert got["here"] and got["there"] and not set(got["here"]) & set(got["there"])
    assert "fact_activity" in got["here"] + got["there"]
    assert len(got["shared"]) > 300
    assert got["shared"] == got["alone"]  # same rows, same order (document, then table)
    # The Beni Mellal deck's stated total, whichever process validated the reconciliation table.
    totals = {
        row[4] for row in got["shared"] if row[1] == "reconciliation" and row[0].startswith("beni-mellal")
    }
    assert "stated 330000.00, computed 360000.00" in totals
    # Data Docs hold a page for every table validated, by either process.
    validated_tables = {row[1] for row in got["shared"] if row[0] is not None}
    page_suites = {page.split(" - ")[0] for page in got["pages"]}
    assert validated_tables <= page_suites
    assert set(got["there"]) <= page_suites


def test_a_fork_that_dies_leaves_its_tables_to_this_process(corpus_warehouse, tmp_path):
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = pool.submit(validate_both_ways, str(corpus_warehouse), str(tmp_path / "docs"), True).result()
    assert got["forked"] is True and got["there"]
    assert got["shared"] == got["alone"]
    assert set(got["there"]) <= {page.split(" - ")[0] for page in got["pages"]}


def test_another_thread_keeps_the_validation_in_this_process():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not parallel.can_fork()
    finally:
        release.set()
        other.join()


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(1, 1000), max_size=12))
def test_balanced_halves_share_every_table_once_and_differ_by_at_most_the_largest_cost(costs):
    first, second = parallel.balanced_halves(costs)
    assert sorted(first + second) == sorted(costs)
    order = list(costs)
    assert first == sorted(first, key=order.index) and second == sorted(second, key=order.index)
    gap = abs(sum(costs[t] for t in first) - sum(costs[t] for t in second))
    assert gap <= max(costs.values(), default=0)
    assert bool(second) == (len(costs) >= 2)


@pytest.fixture
def two_copies(corpus_warehouse, tmp_path) -> tuple[Path, Path]:
    copies = tmp_path / "a" / "plans.duckdb", tmp_path / "b" / "plans.duckdb"
    for copy in copies:
        copy.parent.mkdir()
        shutil.copy(corpus_warehouse, copy)
    return copies


def stored_results(warehouse: Path) -> list[tuple]:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        return conn.execute(
            """SELECT document_id, suite, expectation, success, observed, details
               FROM quality_result ORDER BY document_id NULLS FIRST, result_no"""
        ).fetchall()
    finally:
        conn.close()


def test_the_quality_process_stores_what_this_process_would(two_copies):
    there, here = two_copies
    progress: list[str] = []
    with quality_process.started():
        process = quality_process._STARTED
        assert process is not None and process.process.is_alive()
        report = quality_process.validate_refreshed(there, on_document=progress.append)
    assert not process.process.is_alive()  # one request, then it ends
    local = quality_run.run_quality(here)
    assert (report.documents, report.validated, report.evaluated, report.failed) == (
        local.documents,
        local.validated,
        local.evaluated,
        local.failed,
    )
    assert report.validated == 15  # every rendition of the sample corpus, the scan's included
    stored = stored_results(there)
    assert stored == stored_results(here)
    # Progress: each validated document once, as the process validated it.
    assert len(progress) == report.validated
    assert set(progress) == {row[0] for row in stored if row[0] is not None}
    assert (there.parent / "quality" / "index.html").is_file()


def test_a_quality_process_that_died_is_replaced_by_this_one(two_copies):
    warehouse = two_copies[0]
    with quality_process.started():
        process = quality_process._STARTED
        assert process is not None
        process.process.kill()
        process.process.join()
        report = quality_process.validate_refreshed(warehouse)
    assert report.validated == 15 and report.evaluated > 300
    assert stored_results(warehouse)


def test_an_error_in_the_quality_process_is_raised_here(tmp_path):
    with quality_process.started(), pytest.raises(FileNotFoundError, match="warehouse not found"):
        quality_process.validate_refreshed(tmp_path / "missing.duckdb")


def test_a_quality_process_never_asked_is_stopped_with_its_block():
    with quality_process.started():
        process = quality_process._STARTED
        assert process is not None
    assert quality_process._STARTED is None
    assert not process.process.is_alive()


def test_an_interrupted_quality_phase_stops_its_process(two_copies):
    def interrupt(document_id: str) -> None:
        raise KeyboardInterrupt

    with quality_process.started():
        process = quality_process._STARTED
        assert process is not None
        with pytest.raises(KeyboardInterrupt):
            quality_process.validate_refreshed(two_copies[0], on_document=interrupt)
    assert not process.process.is_alive()
    assert process.process.exitcode == -15  # ended by this process (SIGTERM), not left to finish


@pytest.mark.parametrize("in_its_process", [True, False])
def test_data_docs_that_cannot_be_written_leave_the_results_stored_and_reported(
    two_copies, in_its_process, caplog
):
    """Data Docs come after the results are stored (in the quality process, while the refresh goes
    on): a site that cannot be written is a warning, not a lost quality run."""
    warehouse = two_copies[0]
    (warehouse.parent / "quality").write_text("a file where the Data Docs folder goes")
    with caplog.at_level("WARNING", logger="flows.quality_process"):
        if in_its_process:
            with quality_process.started():
                report = quality_process.validate_refreshed(warehouse)
        else:
            report = quality_process.validate_refreshed(warehouse)
    assert report.validated == 15 and report.failed > 0
    assert len(stored_results(warehouse)) == report.evaluated
    assert "Data Docs not written" in caplog.text
