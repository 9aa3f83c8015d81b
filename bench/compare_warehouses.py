"""Two warehouses equal row for row, apart from what differs between any two refreshes.

    .venv/bin/python -m bench.compare_warehouses BEFORE.duckdb AFTER.duckdb

Used to show that a speed change stores the same facts: every table and view of either file is
read whole (rows compared as multisets: the scan order of a table is not part of its content),
leaving out the columns that name a run or a moment (run ids, load and run times), the pipeline
and suite fingerprints (a code change changes them by design) and the quality inputs' digests
(they include the suites' fingerprint). ``result_no`` (a quality result's number within its run) is
left out too: it follows the scan order of the facts, which follows the order documents finished
loading in (``as_completed``), already different from one refresh to the next; the results
themselves (document, check, success, observed, details) are compared. Exit code 0 when equal, 1
otherwise (the differences are printed, a few rows each).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import duckdb

# Columns that differ between two refreshes of the same files by design.
IGNORED_COLUMNS = frozenset(
    {
        "run_id",
        "run_at",
        "started_at",
        "finished_at",
        "event_at",
        "loaded_at",
        "last_seen_at",
        "result_no",
        "pipeline_version",
        "suite_version",
        "digest",
        "docs_index",
        "gx_version",
        "is_latest_run",
    }
)
SHOWN = 5  # differing rows printed per relation and side


def relations(conn: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every table and view of the main schema -> its compared columns."""
    rows = conn.execute(
        """SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"""
    ).fetchall()
    compared: dict[str, list[str]] = {}
    for table, column in rows:
        columns = compared.setdefault(table, [])
        if column not in IGNORED_COLUMNS:
            columns.append(column)
    return compared


def content(conn: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> Counter[tuple[object, ...]]:
    listed = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'SELECT {listed} FROM "{table}"').fetchall()
    return Counter(tuple(map(repr, row)) for row in rows)


def compare(before: Path, after: Path) -> list[str]:
    """The differences, one message per relation; empty when the warehouses are equal."""
    old = duckdb.connect(str(before), read_only=True)
    new = duckdb.connect(str(after), read_only=True)
    try:
        old_relations, new_relations = relations(old), relations(new)
        problems = [f"{name}: only in {before}" for name in sorted(set(old_relations) - set(new_relations))]
        problems += [f"{name}: only in {after}" for name in sorted(set(new_relations) - set(old_relations))]
        for name in sorted(set(old_relations) & set(new_relations)):
            if old_relations[name] != new_relations[name]:
                problems.append(f"{name}: columns differ: {old_relations[name]} / {new_relations[name]}")
                continue
            a, b = content(old, name, old_relations[name]), content(new, name, new_relations[name])
            if a != b:
                lost, gained = list((a - b).elements()), list((b - a).elements())
                problems.append(
                    f"{name}: {sum(a.values())} rows / {sum(b.values())} rows; only before: "
                    f"{lost[:SHOWN]}; only after: {gained[:SHOWN]}"
                )
            else:
                print(f"equal  {name}: {sum(a.values())} rows")
    finally:
        old.close()
        new.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    problems = compare(args.before, args.after)
    for problem in problems:
        print(f"DIFFERS {problem}", file=sys.stderr)
    print("equal" if not problems else f"{len(problems)} relations differ")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
