"""Scale-out: the refresh flow's document tasks on a Dask cluster load the same facts."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from plans.settings import configure_prefect

configure_prefect()

from flows.refresh import refresh  # noqa: E402
from flows.scaleout import DaskUnreachable, check_reachable, refresh_on_dask  # noqa: E402

WORKSHOPS_TXT = "tetouan_cocreation-workshops_2022.txt"
PROPOSALS = (
    "SELECT workshop, proposal_no, subject, outcome FROM v_proposals WHERE source_file = ? ORDER BY ALL"
)


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "worker-process"])
def test_a_refresh_on_a_dask_cluster_loads_what_a_local_refresh_loads(
    tmp_path: Path, workshops_raw: Path, processes: bool, monkeypatch: pytest.MonkeyPatch
):
    """In worker processes too (as ``dask worker`` runs them: daemonic, under a nanny), where the
    extraction child was once refused ("daemonic processes are not allowed to have children")."""
    from distributed import LocalCluster
    from prefect.settings import PREFECT_API_URL

    # workers started as processes reach the test's Prefect server, not one of their own
    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    local = tmp_path / "local.duckdb"
    refresh(raw_dir=workshops_raw, warehouse=local, show_progress=False, quality=False)
    on_dask = tmp_path / "dask.duckdb"
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=processes, dashboard_address=None
    ) as cluster:
        summary = refresh_on_dask(cluster.scheduler_address)(
            raw_dir=workshops_raw, warehouse=on_dask, show_progress=False, quality=False
        )
    assert [(f.file_name, f.outcome) for f in summary.files] == [(WORKSHOPS_TXT, "interpreted")]
    with duckdb.connect(str(on_dask), read_only=True) as db:
        rows = db.execute(PROPOSALS, [WORKSHOPS_TXT]).fetchall()
        subject = db.execute(
            "SELECT proposal_no FROM v_proposals WHERE source_file = ? "
            "AND subject LIKE 'إحداث موقع إلكتروني تفاعلي للجماعة%'",
            [WORKSHOPS_TXT],
        ).fetchall()
    with duckdb.connect(str(local), read_only=True) as db:
        expected = db.execute(PROPOSALS, [WORKSHOPS_TXT]).fetchall()
    assert subject == [(2,)]  # the proposal the workshops report numbers 2
    assert len(rows) > 50 and rows == expected


def test_an_unreachable_scheduler_is_named_in_the_error():
    with pytest.raises(DaskUnreachable, match=re.escape("tcp://127.0.0.1:1")):
        check_reachable("tcp://127.0.0.1:1", timeout_seconds=2)
