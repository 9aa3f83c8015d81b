"""The refresh summary as plain lines: readable at 80 columns and in CI logs.

One line per file, outcome first and the file name whole (never folded mid-name); a reason goes on
the indented line below. A failed expectation is printed once per plan, with the renditions that
show it: the same contradiction read from a plan's .docx, .pdf and .txt is one finding, not three.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from expectations.quality_report import FailedExpectation
from flows.summary import FileReport

OUTCOME_WIDTH = 12  # the longest outcome ("interpreted", "quarantined") and a space


def file_line(report: FileReport) -> str:
    return f"{report.outcome:<{OUTCOME_WIDTH}}{report.file_name}"


def file_lines(files: Iterable[FileReport]) -> list[str]:
    """``outcome  file`` per file, then ``    reason`` for files that carry one."""
    lines: list[str] = []
    for report in files:
        lines.append(file_line(report))
        if report.reason and report.outcome != "unchanged":
            lines.append(f"{'':<{OUTCOME_WIDTH}}{report.reason}")
    return lines


def rendition(source_file: str) -> str:
    """What tells a plan's renditions apart: the file's extension(s), e.g. 'pdf', 'scanned.pdf'."""
    name = Path(source_file).name
    return name.split(".", 1)[1] if "." in name else name


def contradiction_lines(failures: Sequence[FailedExpectation]) -> list[str]:
    """One line per (plan, expectation, observed): ``plan (docx, pdf): expectation: observed``."""
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for f in failures:
        owner = f.plan_id or f.source_file or "warehouse"
        key = (owner, f.suite, f.expectation, f.observed or "")
        groups.setdefault(key, [])
        if f.source_file:
            groups[key].append(rendition(f.source_file) if f.plan_id else f.source_file)
    lines = []
    for (owner, _suite, expectation, observed), renditions in sorted(groups.items()):
        shown = f" ({', '.join(sorted(set(renditions)))})" if renditions and owner != renditions[0] else ""
        lines.append(f"- {owner}{shown}: {expectation}: {observed}")
    return lines
