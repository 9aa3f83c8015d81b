"""Which tables and views each view reads, from the SQL files themselves (sql/views/)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

_COMMENT = re.compile(r"--[^\n]*")


def referenced_names(sql: str, known: Iterable[str]) -> list[str]:
    """Known object names the SQL mentions as whole words (comments removed), in name order."""
    text = _COMMENT.sub("", sql)
    return sorted(n for n in known if re.search(rf"\b{re.escape(n)}\b", text))


def view_inputs(view_files: Iterable[Path], known: Iterable[str]) -> dict[str, list[str]]:
    """For every view file (named for its view): the objects it reads."""
    known = list(known)
    return {
        f.stem: [n for n in referenced_names(f.read_text(encoding="utf-8"), known) if n != f.stem]
        for f in view_files
    }


def readers(inputs: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The inverse: for every object, the views that read it."""
    out: dict[str, list[str]] = {}
    for view, names in inputs.items():
        for name in names:
            out.setdefault(name, []).append(view)
    return {k: sorted(v) for k, v in out.items()}


def base_tables(name: str, inputs: Mapping[str, list[str]]) -> list[str]:
    """The tables a view reads, through every view it reads (tables are the names with no inputs)."""
    seen: set[str] = set()
    pending = [name]
    tables: set[str] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in inputs:
            pending.extend(inputs[current])
        elif current != name:
            tables.add(current)
    return sorted(tables)
