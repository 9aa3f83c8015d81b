"""What a PAC states about itself (the domains summary) and where each detail table sits (headings).

The summary table gives per domain (المجال) the number of axes, projects and actions, and a total
row (المجموع). Its rows are read in order: the n-th domain row is domain n. The text export prints
a domain's name one line below its figures; such a label-only line is joined to the figures line
next to it (``join-wrapped``).

Headings "المجال <ordinal> <name>" and "المحور <ordinal> <name>" place the detail tables. A domain
heading is not printed before every axis; an axis whose numbering restarts without a domain heading
opens the next domain (named from the summary table), and an axis heading printed again (a long
axis continued on a new page) continues the same axis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from interpret.pac.grid import COUNTS, DOMAIN, summary_grid
from normalizers.arabic import fold_key, normalize_text
from normalizers.numbers import ORDINALS, parse_amount
from normalizers.repair_cells import is_figure
from plans.model import Repair, SourceRef, StatedMeasure, Table

_HEADING = re.compile(r"^(المجال|المحور)\s+(\S+)\s+(.+)$")
DOMAIN_WORD, AXIS_WORD = fold_key("المجال"), fold_key("المحور")
TOTAL_LABELS = frozenset(fold_key(t) for t in ("المجموع", "مجموع", "المجموع العام", "Total"))


@dataclass(frozen=True)
class Heading:
    kind: str  # "domain" | "axis"
    number: int
    name: str


def read_heading(text: str) -> Heading | None:
    """A domain or axis heading ("المحور الثاني النظافة و تدبير البيئة"), or None."""
    match = _HEADING.match(normalize_text(text))
    if not match:
        return None
    word, ordinal, name = match.groups()
    number = ORDINALS.get(fold_key(ordinal))
    if number is None:
        return None
    return Heading("domain" if fold_key(word) == DOMAIN_WORD else "axis", number, name.strip())


@dataclass
class Summary:
    stated: list[StatedMeasure]
    domain_names: dict[int, str]
    repairs: list[Repair]


def _has_figures(row: list[str], columns: dict[str, int]) -> bool:
    return any(is_figure(row[columns[f]]) for f in COUNTS if f in columns)


def joined_rows(rows: list[list[str]], columns: dict[str, int], first: int, table: int) -> tuple[list, list]:
    """(row index, cells) of the data rows, a label-only line joined to the figures line beside it."""
    label = columns[DOMAIN]
    data = [[i, list(rows[i])] for i in range(first, len(rows)) if any(c.strip() for c in rows[i])]
    repairs: list[Repair] = []
    kept: list[list] = []
    for k, (i, cells) in enumerate(data):
        if _has_figures(cells, columns) or not cells[label].strip():
            kept.append([i, cells])
            continue
        before = kept[-1] if kept and not kept[-1][1][label].strip() else None
        after = data[k + 1] if before is None and k + 1 < len(data) else None
        target = before or (after if after and not after[1][label].strip() else None)
        if target is None:
            kept.append([i, cells])
            continue
        target[1][label] = cells[label]
        figures = " | ".join(c for k, c in enumerate(target[1]) if k != label and c.strip())
        repairs.append(
            Repair(
                table,
                target[0],
                "join-wrapped",
                figures,
                f"{normalize_text(cells[label])} | {figures}",
                f"label printed on row {i}, beside the figures of row {target[0]}",
            )
        )
    return kept, repairs


def read_summary(table: Table) -> Summary | None:
    """Stated axes/projects/actions per domain and in total, and the domains' names, or None."""
    found = summary_grid(table)
    if found is None:
        return None
    rows, columns, first, _order = found
    kept, repairs = joined_rows(rows, columns, first, table.index)
    stated: list[StatedMeasure] = []
    names: dict[int, str] = {}
    for i, cells in kept:
        label = normalize_text(cells[columns[DOMAIN]])
        if not _has_figures(cells, columns):
            continue
        total = fold_key(label) in TOTAL_LABELS
        if not total:
            names[len(names) + 1] = label
        scope = "" if total else f"domain {len(names)}"
        row = table.rows[i]
        source = SourceRef(table.index, i, row.location.line, row.location.page, cells[columns[DOMAIN]])
        for measure in COUNTS:
            value = _count(cells[columns[measure]]) if measure in columns else None
            if value is not None:
                stated.append(StatedMeasure(measure, value, source, scope))
    return Summary(stated, names, repairs)


def _count(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        return None
