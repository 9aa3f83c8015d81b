"""The refresh's temporary Prefect API, started before Prefect is imported.

Without ``PREFECT_API_URL``, Prefect starts a temporary API server the first time a flow runs: it
imports the server's modules in the calling process (about 2.7 s), then waits, idle, for the server
process to import them too and answer (about 4 s). Both were serial time of every refresh. Started
here, the server process boots on the other core while this process imports the flow, the
extractors and pandas, and this process never imports the server's modules: Prefect finds
``PREFECT_API_URL`` set and talks to it as to any server.

The command and environment are Prefect's own for its temporary server
(``prefect.server.api.server.SubprocessASGIServer``, Prefect pinned in pyproject.toml): no UI, the
services of an ephemeral server, state in ``PREFECT_HOME``; and, ours, no block registration (see
``server_environment``). Its flow runs send no heartbeats (``TemporaryApi.for_flow_runs``). The
process is ended when the block exits, whatever happens inside it.

Nothing here imports Prefect. Used only where Prefect is not imported yet (the CLI): once it is,
its settings are fixed and it would not see ``PREFECT_API_URL``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

STARTUP_TIMEOUT_SECONDS = 90.0  # PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, when unset
STOP_TIMEOUT_SECONDS = 5.0


class ApiNotStarted(RuntimeError):
    """The temporary Prefect API did not answer in time or exited."""


@dataclass
class TemporaryApi:
    """A running server, or None when Prefect should start or find its own."""

    url: str | None
    process: subprocess.Popen[bytes] | None = None

    def wait_until_ready(self) -> None:
        """Block until the API answers its health check (no-op without a process of ours)."""
        if self.process is None or self.url is None:
            return
        timeout = float(
            os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or STARTUP_TIMEOUT_SECONDS
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ApiNotStarted(
                    f"the temporary Prefect API exited with code {self.process.returncode} before answering"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise ApiNotStarted(
            f"the temporary Prefect API did not answer within {timeout:.0f} s "
            "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, "
            "or set PREFECT_API_URL to a running server)"
        )

    def stop(self) -> None:
        """Stop the server now, when the last flow run is over (no-op without a process of ours);
        the block's end stops it otherwise."""
        if self.process is not None:
            stop(self.process)

    @contextmanager
    def for_flow_runs(self) -> Iterator[None]:
        """Prefect settings for the flow runs of the block (import Prefect only inside it): no
        flow-run heartbeats when the API is ours. Heartbeats let a long-lived server notice a
        crashed run; ours ends with the refresh. And the sync engine, at the end of a run, waits
        for its heartbeat thread's current 1-s sleep: 0.5 s on average at the end of every refresh.
        A server of the user's (``PREFECT_API_URL``) keeps Prefect's settings."""
        if self.process is None:
            yield
            return
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield


@contextmanager
def temporary_api() -> Iterator[TemporaryApi]:
    """A Prefect API for the block: ``PREFECT_API_URL`` if set, otherwise a server of ours, started
    now and stopped on exit. Call ``wait_until_ready`` before the first flow runs."""
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules:
        yield TemporaryApi(os.environ.get("PREFECT_API_URL"))
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    process = subprocess.Popen(server_command(port), env=server_environment())
    os.environ["PREFECT_API_URL"] = url
    try:
        yield TemporaryApi(url, process)
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        stop(process)


def server_command(port: int) -> list[str]:
    """Prefect's command for its temporary server (SubprocessASGIServer._run_uvicorn_command)."""
    import importlib.util

    spec = importlib.util.find_spec("prefect")  # its location, without importing it
    assert spec is not None and spec.origin is not None, "prefect is installed"
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(spec.origin).parent.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


def server_environment() -> dict[str, str]:
    return {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        # No block types registered: the refresh uses none, and a server's check that they are
        # current imports every installed collection (prefect-dask imports dask.distributed):
        # 0.7-0.9 s of the 4.3 s of CPU the server takes to boot. A long-lived `prefect server
        # start` on the same database registers them as usual.
        "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    }


def free_port() -> int:
    """A port the system says is free now (bound to 0); uvicorn binds it a moment later."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
