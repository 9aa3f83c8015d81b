"""Communal action programmes (PAC): domains > axes > projects > actions, cost and planned completion.

Recognised by its tables: a year header (one planned-completion column per year) with the PAC
labels (المشروع, الأهداف المراد بلوغها, الكلفة الإجمالية ...; ``headers_pac.csv``). Read:
- detail tables (``pac_grid``, ``pac_rows``): per action its project, text, total cost (printed in
  million dirhams when the cost header says so; stored in MAD) and the planned cumulative % per
  year, every repair of a misaligned export logged;
- headings (``pac_summary``): the domain and axis of each table;
- the summary table: stated axes/projects/actions per domain (scope ``domain N``) and in total.
Nothing is adjusted to make the detail tables agree with the summary: the reconciliation view
shows where the document contradicts itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from interpret.base import Interpreter, find_period, plan_record
from interpret.pac.breaks import PAGE_BREAK_JOIN, carried_project, crosses_page, join_split, split_row
from interpret.pac.grid import (
    ACTION,
    COST,
    DETAIL_FIELDS,
    MIN_LABELLED_FIELDS,
    Grid,
    continued_grid,
    is_header_only,
    orphan_header,
    read_grid,
    summary_grid,
)
from interpret.pac.names import read_actions
from interpret.pac.rows import UNREADABLE, Action, Reading
from interpret.pac.summary import Heading, Summary, read_heading, read_summary
from normalizers.arabic import fold_key
from normalizers.numbers import millions_to_mad, parse_amount
from normalizers.repair_cells import read_percent_series
from plans.model import (
    Activity,
    Axis,
    ExtractedDocument,
    InterpretedDocument,
    Location,
    Paragraph,
    Project,
    Repair,
    SourceRef,
    Table,
)


def pac_grids(doc: ExtractedDocument) -> list[Grid]:
    grids = (read_grid(t) for t in doc.tables)
    return [g for g in grids if g is not None and len(g.labelled & DETAIL_FIELDS) >= MIN_LABELLED_FIELDS]


def score(doc: ExtractedDocument) -> float:
    """0.95 with PAC detail tables and the domains summary (or several detail tables), 0.9 with one."""
    grids = pac_grids(doc)
    if not grids:
        return 0.0
    has_summary = any(summary_grid(t) is not None for t in doc.tables)
    return 0.95 if has_summary or len(grids) > 1 else 0.9


# --------------------------------------------------------------------------- where tables sit


@dataclass
class Place:
    """The domain and axis the next table belongs to, as the headings so far say."""

    summary: Summary | None
    domain_no: int | None = None
    domain: str | None = None
    axis_no: int | None = None
    axis: str | None = None
    domain_pending: bool = False
    notes: list[str] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def read(self, heading: Heading, where: str) -> None:
        if heading.kind == "domain":
            self.domain_no, self.domain, self.domain_pending = heading.number, heading.name, True
            return
        printed = f"المحور {heading.number}: {heading.name}"
        if heading.number == self.axis_no and fold_key(heading.name) == fold_key(self.axis or ""):
            self.notes.append(f"{where}: axis heading printed again, same axis continues")
            self.repairs.append(
                Repair(
                    None,
                    None,
                    "repeated-heading",
                    printed,
                    f"axis {self.axis_no} continues",
                    f"{where}: same number and name as the axis heading above (a page break)",
                )
            )
        elif not self.domain_pending and self.axis_no is not None and heading.number <= self.axis_no:
            before = f"domain {self.domain_no}"
            self.domain_no = (self.domain_no or 0) + 1
            names = self.summary.domain_names if self.summary else {}
            self.domain = names.get(self.domain_no)
            evidence = (
                f"{where}: axis numbering restarts ({heading.number} after {self.axis_no}) without a "
                f"domain heading; named from row {self.domain_no} of the summary table"
            )
            self.notes.append(evidence)
            self.repairs.append(
                Repair(
                    None,
                    None,
                    "domain-from-numbering",
                    f"{printed} (under {before})",
                    f"domain {self.domain_no}: {self.domain or '?'}",
                    evidence,
                )
            )
        self.axis_no, self.axis, self.domain_pending = heading.number, heading.name, False


# --------------------------------------------------------------------------- records


def reorder_repair(grid: Grid) -> Repair | None:
    if grid.order is None or not grid.order.mirrored:
        return None
    after = grid.field_order()
    return Repair(
        grid.table.index,
        None,
        "reorder-columns",
        " | ".join(reversed(after)),
        " | ".join(after),
        grid.order.evidence,
    )


def action_cost(action: Action, grid: Grid, repairs: list[Repair], notes: list[str]) -> Decimal | None:
    text = action.first.cost
    try:
        value = parse_amount(text)
    except ValueError:
        notes.append(f"table {grid.table.index} row {action.first.row}: cost kept raw, unreadable: {text!r}")
        repairs.append(
            Repair(
                grid.table.index, action.first.row, UNREADABLE, text, "", "cost does not read as an amount"
            )
        )
        return None
    if value is None or grid.unit is None:  # no unit printed: the figure stays raw (unit_flag)
        return None
    return millions_to_mad(value) if grid.millions else value


UNIT_UNKNOWN = "unit-unknown"


def unit_flag(grid: Grid, reading: Reading, result: InterpretedDocument) -> None:
    """Flag each cost of a column whose header states no unit (MAD or million MAD): kept raw, unloaded."""
    if grid.unit is not None or COST not in grid.columns:
        return
    costs = [a for a in reading.actions if any(ch.isdigit() for ch in a.first.cost)]
    if not costs:
        return
    col = grid.columns[COST]
    header = " / ".join(r[col].strip() for r in grid.rows[: grid.header_end] if r[col].strip())
    why = f"the cost header ({header or 'not printed in this table'}) states no unit, MAD or million MAD"
    for action in costs:
        result.repairs.append(
            Repair(
                grid.table.index, action.first.row, UNIT_UNKNOWN, action.first.cost, "", f"{why}: kept raw"
            )
        )
    result.defects.append(
        f"table {grid.table.index}: {why}; {len(costs)} costs kept raw (v_repairs, unit-unknown)"
    )


def action_progress(
    action: Action, grid: Grid, repairs: list[Repair], notes: list[str]
) -> dict[int, Decimal]:
    years = sorted(action.first.years)
    cells = [action.first.years[y] for y in years]
    reading = read_percent_series(cells)
    for i in reading.repaired:
        repairs.append(
            Repair(
                grid.table.index,
                action.first.row,
                "garbage-to-number",
                cells[i],
                str(reading.values[i]),
                reading.evidence(),
            )
        )
    for i in reading.unread:
        notes.append(
            f"table {grid.table.index} row {action.first.row}: {years[i]} kept raw, unreadable: {cells[i]!r}"
        )
        repairs.append(
            Repair(
                grid.table.index,
                action.first.row,
                UNREADABLE,
                cells[i],
                "",
                f"{years[i]}: not a percentage, no OCR reading keeps the series cumulative; "
                f"{reading.evidence()}",
            )
        )
    return {y: v for y, v in zip(years, reading.values, strict=True) if v is not None}


def source_of(grid: Grid, row: int, raw: str) -> SourceRef:
    location = grid.table.rows[row].location
    return SourceRef(grid.table.index, row, location.line, location.page, raw)


def carry_over_break(
    reading: Reading, carried: Project, grid: Grid, result: InterpretedDocument
) -> list[int]:
    """The actions printed after a page break before any project name: they go on in ``carried``."""
    leading = []
    for n, action in enumerate(reading.actions):
        if action.project is not None:
            break
        leading.append(n)
    if leading:
        rows = [reading.actions[n].first.row for n in leading]
        source = carried.source
        span = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[0]}-{rows[-1]}"
        result.repairs.append(
            Repair(
                grid.table.index,
                rows[0],
                "carry-down",
                "",
                carried.title,
                f"{span} of table {grid.table.index}: no project name printed before them on this page; "
                f"the project of table {source.table if source else '?'} row "
                f"{source.row if source else '?'} goes on over the page break",
            )
        )
    return leading


def records(
    grid: Grid, reading: Reading, place: Place, result: InterpretedDocument, carried: Project | None = None
) -> None:
    """Projects and activities of one detail table, placed in its domain and axis; ``carried``: the
    project running at the page break when the table continues the one before it."""
    table = grid.table.index
    keys = [f"T{table}/P{k}" for k in range(1, len(reading.names) + 1)]
    over_break = set(carry_over_break(reading, carried, grid, result)) if carried is not None else set()
    for key, name in zip(keys, reading.names, strict=True):
        result.projects.append(
            Project(
                key,
                None,
                None,
                name.title,
                axis_label=place.axis,
                axis_number=place.axis_no,
                domain=place.domain,
                source=source_of(grid, name.line.row, "\n".join(name.fragments)),
            )
        )
    unit_flag(grid, reading, result)
    for n, action in enumerate(reading.actions):
        project_key = keys[action.project] if action.project is not None else None
        if n in over_break and carried is not None:
            project_key = carried.key
        if project_key is None:
            result.notes.append(f"table {table} row {action.first.row}: action outside any project name")
        result.activities.append(
            Activity(
                key=f"T{table}/R{action.first.row}",
                project_key=project_key,
                title=action.title,
                domain=place.domain,
                domain_no=place.domain_no,
                axis_label=place.axis,
                cost_mad=action_cost(action, grid, result.repairs, result.notes),
                progress=action_progress(action, grid, result.repairs, result.notes),
                source=source_of(grid, action.first.row, "\n".join(action.parts)),
            )
        )


def add_axis(result: InterpretedDocument, place: Place) -> None:
    if place.axis is None or any(a.label == place.axis for a in result.axes):
        return
    result.axes.append(Axis(place.axis, place.axis_no, place.domain))


@dataclass(frozen=True)
class DetailTable:
    """A detail table read: its grid, and whether its project names sit in merged cells (a table
    continuing it over a page break has the same layout)."""

    grid: Grid
    merged: bool


def header_over_break(table: Table, above: Table | None, result: InterpretedDocument) -> Grid | None:
    """``table`` read under the header that ``above`` prints alone at the foot of the page before,
    the join logged (``page-break-join``); None when ``above`` is no such header."""
    grid = orphan_header(table, above)
    if grid is None or above is None:
        return None
    printed = " | ".join(c.text.strip() for r in above.rows for c in r.cells if c.text.strip())
    pages = above.rows[-1].location.page, table.rows[0].location.page
    result.repairs.append(
        Repair(
            table.index,
            None,
            PAGE_BREAK_JOIN,
            printed,
            f"header of table {table.index}",
            f"table {above.index} prints only header labels at the foot of page {pages[0]}; table "
            f"{table.index}, of the same width at the top of page {pages[1]}, prints none of them: its "
            "columns and cost unit are read from that header",
        )
    )
    return grid


def read_table(
    table: Table,
    place: Place,
    result: InterpretedDocument,
    previous: DetailTable | None,
    above: Table | None = None,
) -> DetailTable | None:
    """Read one detail table (or the headerless continuation of ``previous``), if it is one;
    ``above``: the table just before it when that one prints only a header."""
    grid = header_over_break(table, above, result) or read_grid(table)
    before = previous.grid if previous is not None else None
    continues = grid is not None and before is not None and same_columns(grid, before)
    if grid is None and before is not None:
        grid = continued_grid(table, before)
        continues = grid is not None
        if grid is not None:
            evidence = (
                f"table {table.index}: no header, same {len(grid.rows[0])} columns as table "
                f"{before.table.index} just before it: read as its continuation (a page break)"
            )
            result.notes.append(evidence)
    if grid is None or ACTION not in grid.columns:
        return None
    carried, merged = None, None
    if continues and previous is not None and crosses_page(grid, previous.grid):
        grid, carried = join_over_break(grid, previous.grid, result)
        merged = previous.merged
    place.domain_pending = False
    add_axis(result, place)
    reading = read_actions(grid, merged)
    repair = reorder_repair(grid)
    result.repairs.extend([repair] if repair else [])
    result.repairs.extend(reading.repairs)
    result.notes.extend(reading.notes)
    records(grid, reading, place, result, carried)
    return DetailTable(grid, reading.merged)


def same_columns(grid: Grid, previous: Grid) -> bool:
    """A table whose header names the same columns and years as the table before (printed again)."""
    return grid.columns == previous.columns and grid.years == previous.years


def join_over_break(grid: Grid, previous: Grid, result: InterpretedDocument) -> tuple[Grid, Project | None]:
    """The grid without the rest of a row split by the page break (joined to the row before it),
    and the project running at the break."""
    split = split_row(grid, previous)
    if split is not None and join_split(split, grid, previous, result) is not None:
        grid = replace(grid, skip=grid.skip | {split.row})
    return grid, carried_project(result, previous)


def summary_of(doc: ExtractedDocument, result: InterpretedDocument) -> Summary | None:
    for table in doc.tables:
        summary = read_summary(table)
        if summary is None:
            continue
        order = summary_grid(table)[3]  # type: ignore[index]
        if order is not None and order.mirrored:
            result.repairs.append(
                Repair(
                    table.index,
                    None,
                    "reorder-columns",
                    "figures | domain",
                    "domain | figures",
                    order.evidence,
                )
            )
        result.repairs.extend(summary.repairs)
        result.stated.extend(summary.stated)
        return summary
    result.notes.append("no domains summary table: nothing stated to reconcile")
    return None


def printed_at(location: Location) -> str:
    """Where a heading is printed, as the rendition can say it (a line, a page or both)."""
    parts = [
        f"line {location.line}" if location.line else "",
        f"page {location.page}" if location.page else "",
    ]
    return " ".join(p for p in parts if p) or "position unknown"


def interpret(doc: ExtractedDocument, commune: str) -> InterpretedDocument:
    result = plan_record(commune, "pac", None, None)  # the period is read last, from the year columns
    place = Place(summary_of(doc, result))
    previous: DetailTable | None = None  # the detail table the next one may continue
    above: Table | None = None  # a header printed alone just before (cut from its body by a page break)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            heading = read_heading(block.text)
            if heading is not None:
                place.read(heading, printed_at(block.location))
                previous, above = None, None
        elif is_header_only(block):
            above = block
        else:
            previous, above = read_table(block, place, result, previous, above), None
    result.notes.extend(place.notes)
    result.repairs.extend(place.repairs)
    years = sorted({y for g in pac_grids(doc) for y in g.years.values()})
    period = find_period(doc) or ((years[0], years[-1]) if years else None)
    if period:
        result.period_start_year, result.period_end_year = period
    result.notes.append("no title line printed: title left empty")
    return result


INTERPRETER = Interpreter(name="pac_tables", kind="pac", score=score, interpret=interpret)
