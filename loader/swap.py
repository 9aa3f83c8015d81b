"""Refreshes build into a copy of the warehouse and swap it in: readers are never blocked.

DuckDB allows one writer and, while it writes, no reader at all. So a refresh never writes the
warehouse file researchers open: it copies it (``<name>.building-<pid>``, same folder), writes the
copy, and replaces the warehouse with it by ``os.replace`` (atomic on POSIX). A session that has the
old file open keeps reading the old version (its inode) until it reconnects. A refresh killed at
any point leaves the warehouse as it was; its copy is removed by the next refresh. One refresh at a
time: a second one waits for nothing and says so (an advisory lock on ``<name>.lock``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from loader.warehouse import WarehouseBusy

BUILDING = ".building-"


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def remove_stale_builds(warehouse: Path) -> None:
    """Copies left by killed refreshes (the lock is held, so none is in use)."""
    for stale in warehouse.parent.glob(f"{warehouse.name}{BUILDING}*"):
        stale.unlink(missing_ok=True)


def copy_for_build(warehouse: Path, target: Path) -> None:
    """A consistent copy: the file is read only when no process holds it for writing."""
    if not warehouse.exists():
        return
    _readable(warehouse)
    shutil.copy2(warehouse, target)


def _readable(warehouse: Path) -> None:
    try:  # a checkpointed, readable file: fails fast when another process writes it
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseBusy(
            f"{warehouse} is open for writing in another process (a DuckDB session opened without "
            "read_only=True): close that session, or reopen it with read_only=True (refreshes never "
            f"block those), then refresh again. DuckDB says: {exc}"
        ) from exc


def ensure_refreshable(warehouse: Path) -> None:
    """Fail early, before any work, when no refresh can start now (the reason says what to do)."""
    with _exclusive(warehouse):
        if warehouse.exists():
            _readable(warehouse)


@contextmanager
def _exclusive(warehouse: Path) -> Iterator[None]:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(warehouse).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseBusy(
                f"another refresh of {warehouse} is running: wait for it to finish (its summary "
                "lists what it loaded), then refresh again if files changed since"
            ) from exc
        yield


@contextmanager
def building(warehouse: Path) -> Iterator[Path]:
    """The path to write; on a clean exit it replaces ``warehouse`` atomically, else it is dropped."""
    with _exclusive(warehouse):
        remove_stale_builds(warehouse)
        target = warehouse.with_name(f"{warehouse.name}{BUILDING}{os.getpid()}")
        try:
            copy_for_build(warehouse, target)
            yield target
            wal = target.with_name(target.name + ".wal")
            if wal.exists():  # every connection is closed by now; DuckDB left a log to replay
                duckdb.connect(str(target)).close()
            with target.open("rb") as written:  # on disk before it is the warehouse
                os.fsync(written.fileno())
            os.replace(target, warehouse)
            _fsync_dir(warehouse.parent)
        finally:
            target.unlink(missing_ok=True)
            target.with_name(target.name + ".wal").unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
