"""Documents validated together give each document the results it gets validated alone
(expectations.batching: one GX run per table for many documents)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expectations import run
from expectations.batching import DOCUMENT, KEY_SEPARATOR, add_derived, plan_evaluations
from expectations.frames import read_batches, read_references
from expectations.quality_report import QualityReport
from expectations.suites import (
    Check,
    DocumentBatch,
    DocumentInfo,
    group_sums_to_100,
    key,
    not_null,
    references,
    unique,
)


def outcome(rows) -> list[tuple]:
    return sorted((r.document_id, r.suite, r.expectation, r.success, r.observed) for r in rows)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory):
    from expectations import validate

    return validate.open_session(tmp_path_factory.mktemp("docs"))


def test_the_sample_corpus_gets_the_same_results_together_as_document_by_document(corpus_warehouse, session):
    """Every rendition of the sample plans; several share a plan (same plan_id, same stated figures),
    which a check not kept within its document would confuse."""
    from expectations import validate

    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    try:
        batches, refs = read_batches(conn), read_references(conn)
    finally:
        conn.close()
    assert len({b.info.plan_id for b in batches}) < len(batches)  # renditions sharing a plan
    together = validate.validate_documents(session, batches, refs)
    alone = [row for batch in batches for row in validate.validate_document(session, batch, refs)]
    assert len(together) > 300
    assert outcome(together) == outcome(alone)
    # The Beni Mellal deck's stated total fails in every rendition, with its own numbers.
    totals = {
        (r.document_id, r.observed)
        for r in together
        if r.expectation == "stated total_cost_mad = computed" and r.document_id.startswith("beni-mellal")
    }
    assert totals and all(observed == "stated 330000.00, computed 360000.00" for _, observed in totals)


def activity_frame(document_id: str, rows: list[tuple[str, str | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity_id": [f"{document_id}#activity#{n}" for n, _, _ in rows],
            "document_id": document_id,
            "project_id": [p for _, p, _ in rows],
            "weight_in_project_pct": [w for _, _, w in rows],
        }
    )


def info(document_id: str) -> DocumentInfo:
    return DocumentInfo(document_id, f"{document_id}/plan", "open_plan", 2024, 2025)


def activity_checks(document_id: str, own_projects: list[str]) -> list[Check]:
    return [
        *key("activity_id"),
        references("project_id", "dim_project", own_projects),
        *group_sums_to_100("weight_in_project_pct", "project_id", own_projects, str),
    ]


def test_a_reference_into_another_document_still_fails_when_both_are_validated_together(session):
    from expectations import validate

    a, b = "a.txt", "b.txt"
    frames = {
        a: activity_frame(
            a, [("1", f"{a}#project#1", 60.0), ("2", f"{a}#project#1", 40.0), ("3", f"{b}#project#1", None)]
        ),
        b: activity_frame(b, [("1", f"{b}#project#1", 90.0)]),
    }
    batches = [DocumentBatch(info(d), {"fact_activity": f}) for d, f in frames.items()]
    checks = {a: activity_checks(a, [f"{a}#project#1"]), b: activity_checks(b, [f"{b}#project#1"])}
    answered = validate.validate_table(session, "fact_activity", batches, checks)
    by_name = {d: {r.expectation: r for r in rows} for d, rows in answered.items()}
    reference = "project_id -> dim_project"
    assert not by_name[a][reference].success
    assert by_name[a][reference].observed == f"1 of 3 rows unexpected: activity#3 project_id={b}#project#1"
    assert by_name[b][reference].success and by_name[b][reference].observed == "1 rows, none unexpected"
    assert by_name[a]["activity_id is unique"].success
    assert by_name[a][f"weight_in_project_pct sums to 100 ±2 ({a}#project#1)"].observed == "100.00"
    b_sum = by_name[b][f"weight_in_project_pct sums to 100 ±2 ({b}#project#1)"]
    assert not b_sum.success and b_sum.observed == "90.00"  # a's row of b's project is not b's


def test_uniqueness_is_judged_within_each_document(session):
    from expectations import validate

    frame = {
        d: pd.DataFrame(
            {
                "proposal_id": [f"{d}#1", f"{d}#2"],
                "document_id": d,
                "workshop": ["ورشة", "ورشة"],
                "proposal_no": [1, 2],
            }
        )
        for d in ("a.txt", "b.txt")
    }
    batches = [DocumentBatch(info(d), {"fact_proposal": f}) for d, f in frame.items()]
    checks = {d: [unique("workshop", "proposal_no"), unique("workshop")] for d in frame}
    answered = validate.validate_table(session, "fact_proposal", batches, checks)
    assert [r.success for r in answered["a.txt"]] == [True, False]  # same pairs in b do not count
    assert answered["a.txt"][1].observed == "2 of 2 rows unexpected: 1 workshop=ورشة; 2 workshop=ورشة"


document_ids = st.lists(
    st.sampled_from(["a.txt", "b.docx", "c.pdf", "d.txt"]), min_size=1, max_size=4, unique=True
)
weights = st.one_of(st.none(), st.integers(0, 100).map(float))


@given(document_ids, st.data())
def test_every_check_is_answered_once_and_group_sums_are_each_documents_own(documents, data):
    frames, checks = [], {}
    for document_id in documents:
        rows = data.draw(st.lists(st.tuples(st.integers(1, 3), weights), min_size=1, max_size=8))
        projects = sorted({f"{document_id}#project#{p}" for p, _ in rows})
        frame = pd.DataFrame(
            {
                DOCUMENT: document_id,
                "activity_id": [f"{document_id}#activity#{i}" for i in range(len(rows))],
                "project_id": [f"{document_id}#project#{p}" for p, _ in rows],
                "weight_in_project_pct": [w for _, w in rows],
            }
        )
        frames.append(frame)
        checks[document_id] = [
            not_null("activity_id"),
            references("project_id", "dim_project", projects),
            *group_sums_to_100("weight_in_project_pct", "project_id", projects, str),
        ]
    stacked = pd.concat(frames, ignore_index=True)
    evaluations, derived = plan_evaluations(checks, list(stacked.columns))
    uses = sorted((u.document_id, u.check_index) for e in evaluations for u in e.uses)
    assert uses == sorted((d, i) for d, cs in checks.items() for i in range(len(cs)))
    assert len(evaluations) <= 3  # one not-null, one reference, one group sum for all documents
    out = add_derived(stacked, derived)
    for _, group in stacked.groupby([DOCUMENT, "project_id"]):
        sums = out.loc[group.index, "__weight_in_project_pct_sum_by_project_id"]
        assert (sums == group["weight_in_project_pct"].sum()).all()
    if len(documents) > 1:  # each document's own set: its rows' keys are all its own, none dangles
        (dangling,) = [c for c in derived if c.kind == "dangling"]
        assert dangling.keys == {
            f"{d}{KEY_SEPARATOR}{p}" for d, p in zip(out[DOCUMENT], out["project_id"], strict=True)
        }
        assert out[dangling.name].isna().all()


def test_digests_from_the_whole_tables_equal_each_documents_own(corpus_warehouse):
    """incremental.batch_digests (one CSV per table) gives every document the digest that
    batch_digest computes from its own frames (one CSV per document and table)."""
    from expectations import incremental
    from expectations.frames import batches_of, read_documents, read_tables

    conn = duckdb.connect(str(corpus_warehouse), read_only=True)
    try:
        tables = read_tables(conn)
        batches, refs = batches_of(read_documents(conn), tables), read_references(conn)
    finally:
        conn.close()
    digests = incremental.batch_digests(batches, tables, refs, "suites")
    assert digests == {b.info.document_id: incremental.batch_digest(b, refs, "suites") for b in batches}


def test_csv_records_keep_line_feeds_inside_quotes():
    from expectations.incremental import _csv_lines_by_document

    frame = pd.DataFrame({"document_id": ["a", "b", "a"], "text": ['one\nline "two"', "plain", 'x,"\r\ny']})
    header, lines = _csv_lines_by_document(frame)
    for document_id in ("a", "b"):
        own = frame[frame["document_id"] == document_id].to_csv(index=False).splitlines()
        assert header == own[0] and sorted(lines[document_id]) == sorted(own[1:])


def test_a_check_only_some_documents_have_reads_only_their_rows(session):
    """'every activity has a project' is a's check, not b's (a plan kind without projects): GX
    evaluates it on a's rows only (b's null projects are not listed and dropped), with a's result."""
    from expectations import validate

    a, b = "e.txt", "f.txt"  # names of their own: the GX session is the module's
    frames = {
        a: activity_frame(a, [("1", f"{a}#project#1", 50.0), ("2", f"{a}#project#1", 50.0)]),
        b: activity_frame(b, [("1", None, None), ("2", None, None), ("3", None, None)]),
    }
    batches = [DocumentBatch(info(d), {"fact_activity": f}) for d, f in frames.items()]
    has_project = not_null("project_id", "every activity has a project")
    checks = {a: [*key("activity_id"), has_project], b: key("activity_id")}
    evaluations, _ = plan_evaluations(checks, list(frames[a].columns))
    restricted = {e.gx_type: e.documents for e in evaluations}
    assert restricted["ExpectColumnValuesToNotBeNull"] == (a,)
    assert restricted["ExpectCompoundColumnsToBeUnique"] == ()  # both documents use it: no condition
    answered = validate.validate_table(session, "fact_activity", batches, checks)
    by_name = {d: {r.expectation: r for r in rows} for d, rows in answered.items()}
    assert by_name[a]["every activity has a project"].success
    assert by_name[a]["every activity has a project"].observed == "2 rows, none unexpected"
    assert "every activity has a project" not in by_name[b]


def _validated_copy(corpus_warehouse: Path, folder: Path) -> tuple[QualityReport, list[tuple], list[tuple]]:
    """A copy of the sample warehouse validated by run_quality: its report, stored results, inputs."""
    path = folder / "plans.duckdb"
    folder.mkdir(parents=True)
    shutil.copy(corpus_warehouse, path)
    report = run.run_quality(path)
    conn = duckdb.connect(str(path), read_only=True)
    try:
        results = conn.execute(
            """SELECT document_id, suite, expectation, success, observed, details
               FROM quality_result ORDER BY document_id NULLS FIRST, result_no"""
        ).fetchall()
        inputs = conn.execute("SELECT document_id, digest FROM quality_input ORDER BY 1").fetchall()
    finally:
        conn.close()
    return report, results, inputs


@pytest.fixture(scope="module")
def validated_corpus(corpus_warehouse, tmp_path_factory) -> tuple[QualityReport, list[tuple], list[tuple]]:
    return _validated_copy(corpus_warehouse, tmp_path_factory.mktemp("validated") / "whole")


def test_documents_read_and_validated_a_few_at_a_time_get_the_results_of_all_at_once(
    corpus_warehouse, validated_corpus, tmp_path, monkeypatch
):
    """run_quality reads the warehouse a group of documents at a time (memory bounded whatever its
    size) and validates as groups arrive: the same results, digests and report as reading every
    document at once, here with groups of 2 and GX runs of 3 over the 15 sample documents."""
    whole, whole_results, whole_inputs = validated_corpus
    monkeypatch.setattr(run, "DOCUMENTS_PER_READ", 2)
    monkeypatch.setattr(run, "DOCUMENTS_PER_VALIDATION", 3)
    grouped, grouped_results, grouped_inputs = _validated_copy(corpus_warehouse, tmp_path / "grouped")
    assert whole.validated == grouped.validated == whole.documents == 15
    assert len(whole_results) > 300 and grouped_results == whole_results
    assert grouped_inputs == whole_inputs
    assert (grouped.evaluated, grouped.failed) == (whole.evaluated, whole.failed) and whole.failed > 0
    assert grouped.docs_index.is_file()


def test_a_reference_into_the_communes_stores_them_while_few(validated_corpus):
    """Each document's 'commune -> dim_commune' is checked against every commune of the warehouse:
    stored whole while STORED_VALUES or fewer (the sample's 4), as a size and a sample beyond."""
    from expectations.validate import STORED_VALUES

    report, results, _ = validated_corpus
    with duckdb.connect(str(report.warehouse), read_only=True) as conn:
        communes = [r[0] for r in conn.execute("SELECT commune FROM dim_commune ORDER BY 1").fetchall()]
    stored = [json.loads(r[5])["kwargs"] for r in results if r[2] == "commune -> dim_commune"]
    assert 0 < len(communes) <= STORED_VALUES and len(stored) == 15
    assert all(kwargs == {"column": "commune", "value_set": communes} for kwargs in stored)


@given(st.lists(st.text(max_size=8), max_size=60), st.integers(0, 30))
def test_stored_details_keep_a_value_sets_size_and_its_first_values(values, limit):
    """Checked against thousands of keys (every plan of the warehouse), each document's stored
    result would hold all of them: beyond the limit only the size and the first values are kept."""
    from expectations import validate

    kwargs = {"column": "plan_id", "value_set": values, "mostly": 1.0}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "STORED_VALUES", limit)
        stored = validate.stored_kwargs(kwargs)
    assert stored["column"] == "plan_id" and stored["mostly"] == 1.0
    assert stored["value_set"] == values[:limit] if len(values) > limit else stored["value_set"] == values
    assert stored.get("value_set_size") == (len(values) if len(values) > limit else None)
    assert kwargs["value_set"] is values  # the expectation's own arguments are left whole
