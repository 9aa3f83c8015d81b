"""Scale-out: the ``refresh`` flow with its document tasks on an existing Dask cluster.

Only extraction and interpretation (``process-document`` tasks) go to the cluster; loading stays
in the flow process, one DuckDB transaction per document, because DuckDB has a single writer.
"""

from __future__ import annotations

from prefect import Flow


class DaskUnreachable(RuntimeError):
    """The scheduler at the given address did not answer."""


def check_reachable(address: str, timeout_seconds: float = 10) -> None:
    """Fail before the refresh starts, with the address in the message, not deep in a flow run."""
    from distributed import Client

    try:
        Client(address, timeout=f"{timeout_seconds}s").close()
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskUnreachable(
            f"no Dask scheduler answers at {address} within {timeout_seconds:g} s "
            "(start one with `dask scheduler`, or leave out --dask-address to refresh locally)"
        ) from exc


def refresh_on_dask(address: str) -> Flow:
    """The refresh flow with a DaskTaskRunner connected to ``address`` (e.g. tcp://host:8786)."""
    from prefect_dask import DaskTaskRunner

    from flows.refresh import refresh

    check_reachable(address)
    return refresh.with_options(task_runner=DaskTaskRunner(address=address))
