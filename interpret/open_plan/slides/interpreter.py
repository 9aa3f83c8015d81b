"""Open plans presented as slides (Beni Mellal's "برنامج انفتاح الجماعة" deck): labelled blocks, no tables.

What the deck holds and how it is read, by content only:

- the list slide (label ``project_list``, "مشاريع الانفتاح") numbers the projects 1..N: the only source
  of project numbers. The title is the project slide's own when it carries every word of the listed
  title (the text rendition prints some list items in visual order), else the listed one;
- axis slides print "المحور <ordinal> : <name>": the axis names by ordinal;
- one slide per project: a title naming the axis by its ordinal and the project in quotes, then labelled
  blocks (``headers_open_plan_slides.csv``): activities (bullets), duration (start/end dates), estimated
  cost. A project slide is found by its activities label and ends after its cost block; it is matched
  to the list by how many of the listed title's words its title lines carry (fold_key tokens);
- the budget slide states the total ("الميزانية المرصودة للمشاريع العشر ... درهم") and the count.

Decisions:
- one Activity per bullet of the activities block. Numbered stages under a bullet ("1- ...", or
  "... 1" in visual order) are steps of that bullet's activity and are kept in its title
  ("<bullet> 1- <stage> 2- <stage>"), so a project has as many activities as the slide has bullets;
- activities carry their project's dates (the slide gives dates per project); their cost is None
  (the cost is the project's, Project.cost_mad);
- the text rendition is a PDF text layer printed two or three times over itself: a repeated line
  (same fold_key) is read once, lines before a slide's first bullet are layer debris, a non-bullet
  line after a bullet continues it (a ``join-wrapped`` repair), and a value may stand before or after
  its label (``01/07/2025: تاريخ البدء``).

Modules: line text helpers in ``slides.text``; lines, labels and one project slide's blocks
in ``slides.blocks``; here the deck as a whole (list, axes, statements, matching) and the
records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from interpret.base import Interpreter, find_period, plan_record
from interpret.open_plan.slides.blocks import (
    ACTIVITIES,
    BUDGET,
    COST,
    END,
    PLAN_TITLE,
    PROJECT_LIST,
    START,
    ProjectSlide,
    SlideLine,
    contains_label,
    project_slides,
    read_activities,
    slide_axis,
    slide_cost,
    slide_dates,
    slide_lines,
    slide_title_tokens,
    slide_titles,
    source_of,
)
from interpret.open_plan.slides.text import (
    axis_ordinal,
    fix_visual_edges,
    is_project_title,
    money_in_line,
    split_label_value,
    split_numbered_items,
    stated_project_count,
    strip_edges,
    title_match,
    title_tokens,
)
from normalizers.arabic import fold_key
from normalizers.numbers import find_amounts
from plans.model import Activity, Axis, ExtractedDocument, InterpretedDocument, Project, StatedMeasure

# How much of a listed title a slide's title lines must carry to be that project's slide.
MIN_TITLE_MATCH = 0.5
# The budget amount sits on the statement line or a few lines below it.
BUDGET_AMOUNT_WINDOW = 5


# --------------------------------------------------------------------------- list, axes, statements


@dataclass(frozen=True)
class ListedProject:
    number: int
    title: str
    line: SlideLine


def read_project_list(lines: Sequence[SlideLine]) -> list[ListedProject]:
    """The longest run of items numbered 1, 2, ... after a project-list label; an unnumbered line
    between two items continues the item before it."""
    best: list[ListedProject] = []
    for start, line in enumerate(lines):
        if PROJECT_LIST not in line.labels:
            continue
        found = items_after(lines, start + 1)
        if len(found) > len(best):
            best = found
    return best


def items_after(lines: Sequence[SlideLine], start: int) -> list[ListedProject]:
    titles: dict[int, list[str]] = {}
    sources: dict[int, SlideLine] = {}
    pending: list[str] = []
    for line in lines[start:]:
        items = split_numbered_items(line.text)
        if not items:
            if not titles and len(pending) > 6:
                break
            pending.append(line.text)
            continue
        if items[0][0] != len(titles) + 1:
            break
        if titles and pending:  # lines between two items belong to the item before
            titles[len(titles)].extend(pending)
        pending = []
        for number, body in items:
            if number != len(titles) + 1:
                break
            titles[number] = [body]
            sources[number] = line
    return [
        ListedProject(number, strip_edges(fix_visual_edges(" ".join(parts))), sources[number])
        for number, parts in titles.items()
    ]


def read_axes(lines: Sequence[SlideLine]) -> dict[int, tuple[str, SlideLine]]:
    """Axis name by ordinal from "المحور الثاني : الرقمنة ..." lines (the first print of each)."""
    axes: dict[int, tuple[str, SlideLine]] = {}
    for line in lines:
        split = split_label_value(line.text, lambda side: axis_ordinal(side) is not None)
        if split is None or not strip_edges(split[1]) or is_project_title(split[1]):
            continue
        axes.setdefault(axis_ordinal(split[0]) or 0, (strip_edges(fix_visual_edges(split[1].strip())), line))
    return axes


def read_stated(lines: Sequence[SlideLine]) -> list[StatedMeasure]:
    """The budget total and the project count the document states (first statement of each)."""
    stated: list[StatedMeasure] = []
    for index, line in enumerate(lines):
        if not contains_label(line.key, BUDGET):
            continue
        for candidate in lines[index : index + BUDGET_AMOUNT_WINDOW]:
            amount = money_in_line(candidate.text) or next(iter(find_amounts(candidate.text)), None)
            if amount is not None:
                stated.append(StatedMeasure("total_cost_mad", amount, source_of(candidate)))
                break
        break
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        count = stated_project_count(f"{line.key} {following.key if following else ''}".strip())
        if count is not None:
            stated.append(StatedMeasure("project_count", Decimal(count), source_of(line)))
            break
    return stated


# --------------------------------------------------------------------------- matching list and slides


def project_title(item: ListedProject | None, slide: ProjectSlide) -> str:
    """The slide's own title when it carries every word of the listed title (the text rendition
    prints the list in visual order), else the listed title; a slide off the list keeps its own."""
    titles = slide_titles(slide)
    if item is None:
        return titles[0] if titles else ""
    listed = title_tokens(fold_key(item.title))
    complete = [t for t in titles if title_match(listed, title_tokens(fold_key(t))) == 1.0]
    return complete[0] if complete else item.title


def match_slides(listed: Sequence[ListedProject], slides: Sequence[ProjectSlide]) -> dict[int, int]:
    """Listed number -> slide index, best matches first, one slide per listed project."""
    scores = sorted(
        (
            (title_match(title_tokens(fold_key(item.title)), slide_title_tokens(slide)), item.number, s)
            for item in listed
            for s, slide in enumerate(slides)
        ),
        reverse=True,
    )
    matched: dict[int, int] = {}
    for score, number, s in scores:
        if score >= MIN_TITLE_MATCH and number not in matched and s not in matched.values():
            matched[number] = s
    return matched


# --------------------------------------------------------------------------- records


def score(doc: ExtractedDocument) -> float:
    """Slides with several activities and cost blocks are this kind; a numbered list confirms it."""
    lines = slide_lines(doc)
    labels = Counter(name for line in lines for name in line.labels)
    if labels[ACTIVITIES] < 2 or labels[COST] < 2:
        return 0.0
    return 0.9 if read_project_list(lines) else 0.7


def interpret(doc: ExtractedDocument, commune: str) -> InterpretedDocument:
    lines = slide_lines(doc)
    listed = read_project_list(lines)
    axes = read_axes(lines)
    slides = project_slides(lines)
    spread = Counter(key for slide in slides for key in {line.key for line in slide.lines})
    matched = match_slides(listed, slides)
    result = plan_record(
        commune,
        "open_plan",
        next((line.text for line in lines if PLAN_TITLE in line.labels), None),
        find_period(doc),
        axes=[Axis(label=name, number=number) for number, (name, _) in sorted(axes.items())],
        stated=read_stated(lines),
    )
    by_slide = {s: number for number, s in matched.items()}
    items = {item.number: item for item in listed}
    for s, slide in enumerate(slides):
        number = by_slide.get(s)
        title_keys = [fold_key(t) for t in slide_titles(slide)]
        title_keys += [fold_key(items[number].title)] if number else []
        read_activities(slide, spread, title_keys)
        add_project(result, slide, items.get(number) if number else None, s, axes)
    for item in listed:
        if item.number not in matched:
            result.notes.append(f"project {item.number} ({item.title}) has no slide of its own")
            result.projects.append(Project(f"p{item.number:02d}", None, item.number, item.title))
    result.projects.sort(key=lambda p: (p.number is None, p.number or 0))
    return result


def add_project(
    result: InterpretedDocument,
    slide: ProjectSlide,
    item: ListedProject | None,
    index: int,
    axes: dict[int, tuple[str, SlideLine]],
) -> None:
    axis_number = slide_axis(slide)
    axis_label = axes[axis_number][0] if axis_number in axes else None
    cost = slide_cost(slide)
    key = f"p{item.number:02d}" if item else f"slide{index + 1:02d}"
    if item is None:
        result.notes.append(f"project slide {index + 1} matches no item of the project list")
    title = project_title(item, slide)
    result.projects.append(
        Project(
            key=key,
            code=None,
            number=item.number if item else None,
            title=title,
            axis_label=axis_label,
            axis_number=axis_number,
            cost_mad=cost[0] if cost else None,
            source=source_of(item.line) if item else source_of(slide.lines[0]),
        )
    )
    dates = slide_dates(slide)
    start, start_text = dates.get(START, (None, None))
    end, end_text = dates.get(END, (None, None))
    for n, activity in enumerate(slide.activities, start=1):
        result.activities.append(
            Activity(
                key=f"{key}-a{n:02d}",
                project_key=key,
                title=strip_edges(activity.title()),
                axis_label=axis_label,
                start_date=start,
                end_date=end,
                start_text=start_text,
                end_text=end_text,
                source=source_of(activity.line),
            )
        )
    result.repairs.extend(slide.repairs)


INTERPRETER = Interpreter(name="open_plan_slides", kind="open_plan", score=score, interpret=interpret)
