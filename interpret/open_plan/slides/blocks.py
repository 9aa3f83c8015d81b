"""The deck's lines, their labels, and the project slides they form (``slides.interpreter``).

Paragraphs become ``SlideLine``s (one layer copy, folded key, the labels the line is). Each activities
label opens a ``ProjectSlide``, which ends after its cost block; within a slide this module reads the
activities block (bullets, numbered stages, wrapped continuations), the title lines, the axis ordinal,
the start/end dates and the cost. Text helpers: ``slides.text``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from interpret.open_plan.slides.text import (
    PROJECT_WORD,
    QUOTES,
    axis_ordinal,
    complete_from_layers,
    fix_visual_edges,
    has_letters,
    is_project_title,
    money_in_line,
    split_date_and_text,
    split_label_value,
    split_numbered_items,
    strip_edges,
    title_tokens,
    undouble,
)
from normalizers.arabic import fold_key, normalize_text
from normalizers.headers import header_lexicon
from plans.model import ExtractedDocument, Paragraph, Repair, SourceRef

# Canonical fields of the slide labels (normalizers/lexicons/headers_open_plan_slides.csv).
ACTIVITIES = "project_activities"
DURATION = "duration"
START = "start_date"
END = "end_date"
COST = "estimated_cost"
PROJECT_LIST = "project_list"
BUDGET = "budget_statement"
PLAN_TITLE = "plan_title"
BLOCK_END_FIELDS = frozenset({DURATION, START, END, COST})
# A non-bullet line found in this many project slides is furniture (footer), never a continuation.
BOILERPLATE_SLIDES = 3
# Non-bullet lines a cost block's bullet may wrap over before the next bullet (OCR breaks a slide
# box's paragraph into its printed lines).
COST_BLOCK_WRAP_LINES = 3


# --------------------------------------------------------------------------- lines and labels


@cache
def slide_labels() -> dict[str, frozenset[str]]:
    """Folded label -> fields, from every header lexicon (the same label may serve several kinds)."""
    labels: dict[str, set[str]] = {}
    for label, name in header_lexicon():
        labels.setdefault(label, set()).add(name)
    return {label: frozenset(names) for label, names in labels.items()}


def label_fields(text: str) -> frozenset[str]:
    """Fields of a line that is only a label. A PDF slip moves a label's first letter to its end
    ("لمدة الزمنيةا"), so the key with its last letter put first is tried too."""
    key = fold_key(text)
    if not key:
        return frozenset()
    found = slide_labels().get(key) or slide_labels().get(key[-1] + key[:-1])
    return found or frozenset()


def contains_label(key: str, name: str) -> bool:
    return any(name in names and f" {label} " in f" {key} " for label, names in slide_labels().items())


@dataclass(frozen=True)
class SlideLine:
    """One paragraph in reading order: display text (normalised, one layer copy), key, bullet."""

    text: str
    key: str
    bullet: bool
    paragraph: Paragraph
    labels: frozenset[str]

    def labelled(self, names: frozenset[str]) -> tuple[str, str] | None:
        return split_label_value(self.text, lambda side: bool(label_fields(side) & names))


def slide_lines(doc: ExtractedDocument) -> list[SlideLine]:
    lines = []
    for paragraph in doc.paragraphs:
        text = undouble(normalize_text(paragraph.text))
        if text:
            lines.append(SlideLine(text, fold_key(text), paragraph.bullet, paragraph, label_fields(text)))
    return lines


def source_of(line: SlideLine) -> SourceRef:
    location = line.paragraph.location
    return SourceRef(
        table=None, row=None, line=location.line, page=location.page, raw_text=line.paragraph.text
    )


# --------------------------------------------------------------------------- project slides


@dataclass
class SlideActivity:
    line: SlideLine
    parts: list[str]
    stages: list[tuple[int, list[str]]] = field(default_factory=list)  # (printed number, text parts)

    def title(self) -> str:
        text = " ".join(self.parts)
        steps = [f"{n}- {' '.join(stage)}" for n, stage in self.stages]
        return " ".join([text, *steps])


@dataclass
class ProjectSlide:
    lines: list[SlideLine]
    cost_label: int | None  # index in lines
    activities: list[SlideActivity] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)


def project_slides(lines: Sequence[SlideLine]) -> list[ProjectSlide]:
    """Each activities label opens a project slide, which ends after its cost label and the bullets
    right after it (amount, remarks); the first starts after the last axis or list line before it.
    The first amount below the cost label is the slide's too when its bullet is not where a bullet
    opens a line (a PDF of the deck prints "40000,00 •": the glyph after the figure)."""
    anchors = [i for i, line in enumerate(lines) if ACTIVITIES in line.labels]
    if not anchors:
        return []
    start = slide_start(lines, anchors[0])
    slides = []
    for anchor, following in zip(anchors, [*anchors[1:], len(lines)], strict=True):
        cost = next((i for i in range(anchor + 1, following) if COST in lines[i].labels), None)
        end = following
        if cost is not None:
            end = cost + 1
            end = max(end, amount_after(lines, cost, following))
            while end < following and not lines[end].labels and continues_cost_block(lines, end, following):
                end += 1
        slides.append(ProjectSlide(list(lines[start:end]), None if cost is None else cost - start))
        start = end
    return slides


def continues_cost_block(lines: Sequence[SlideLine], index: int, following: int) -> bool:
    """A bullet after the cost label, or a line between two of them: a remark wrapped over lines
    ("• (المبالغ المؤداة …" then "من طرفها)"), or a speck OCR read as "0", before the amount's bullet."""
    if lines[index].bullet:
        return True
    for line in lines[index + 1 : min(following, index + 1 + COST_BLOCK_WRAP_LINES)]:
        if line.labels or is_title_line(line):
            return False
        if line.bullet:
            return True
    return False


def amount_after(lines: Sequence[SlideLine], cost: int, following: int) -> int:
    """The line after the first amount printed below the cost label, before any other label
    (a remark may stand between them); ``cost + 1`` when there is none."""
    for i in range(cost + 1, following):
        if lines[i].labels:
            break
        if money_in_line(lines[i].text) is not None:
            return i + 1
    return cost + 1


def slide_start(lines: Sequence[SlideLine], first_anchor: int) -> int:
    for index in range(first_anchor - 1, -1, -1):
        line = lines[index]
        if PROJECT_LIST in line.labels or split_numbered_items(line.text) or axis_heading(line):
            return index + 1
    return 0


def axis_heading(line: SlideLine) -> bool:
    split = split_label_value(line.text, lambda side: axis_ordinal(side) is not None)
    return split is not None and bool(strip_edges(split[1])) and not is_project_title(split[1])


def block_end(slide: ProjectSlide) -> int:
    """Index of the first duration, date or cost line: the activities block ends there."""
    for index, line in enumerate(slide.lines):
        if line.labels & BLOCK_END_FIELDS or line.labelled(BLOCK_END_FIELDS):
            return index
    return len(slide.lines)


def is_boilerplate(line: SlideLine, spread: Counter[str]) -> bool:
    """Footer furniture: dates or numbers alone, or a line printed on many project slides."""
    return spread[line.key] >= BOILERPLATE_SLIDES or not has_letters(line.text)


def read_activities(slide: ProjectSlide, spread: Counter[str], title_keys: Sequence[str]) -> None:
    """Bullets become activities, numbered lines their stages, other lines continue the last one."""
    seen: set[str] = set()
    layers = [line.text for line in slide.lines]
    current: SlideActivity | None = None
    previous: SlideLine | None = None
    for line in slide.lines[: block_end(slide)]:
        after_title, previous = continues_title(line, previous), line
        if (
            line.labels
            or is_title_line(line)
            or is_boilerplate(line, spread)
            or line.key in seen
            or after_title
        ):
            continue
        items = split_numbered_items(line.text) if current is not None else []
        if current is not None and items:
            for number, body in items:
                current.stages.append((number, [complete_from_layers(fix_visual_edges(body), layers)]))
        elif line.bullet:
            current = SlideActivity(line, [complete_from_layers(fix_visual_edges(line.text), layers)])
            slide.activities.append(current)
        elif current is None or any(line.key in title for title in title_keys):
            continue
        else:
            target = current.stages[-1][1] if current.stages else current.parts
            target.append(fix_visual_edges(line.text))
            slide.repairs.append(
                Repair(
                    None, None, "join-wrapped", line.text, " ".join(target), "non-bullet line after a bullet"
                )
            )
        seen.add(line.key)


def is_title_line(line: SlideLine) -> bool:
    return is_project_title(line.text) or (
        split_label_value(line.text, lambda side: axis_ordinal(side) is not None) is not None
    )


def continues_title(line: SlideLine, previous: SlideLine | None) -> bool:
    """A non-bullet line right after a title line that the text rendition broke in visual order:
    the line has no axis of its own and ends with its opening 'مشروع “' ("تغيير ... الحملات مشروع “"
    then "التحسيسية التوعوية")."""
    return (
        previous is not None
        and not line.bullet
        and is_project_title(previous.text)
        and previous.key.split()[-1] == PROJECT_WORD
        and sum(previous.text.count(q) for q in QUOTES) == 1
        and split_label_value(previous.text, lambda side: axis_ordinal(side) is not None) is None
    )


def slide_titles(slide: ProjectSlide) -> list[str]:
    """The project titles a slide prints, without the axis ordinal, the word مشروع and quotes."""
    titles: list[str] = []
    lines = slide.lines[: block_end(slide)]
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        if not is_project_title(line.text):
            continue
        split = split_label_value(line.text, lambda side: axis_ordinal(side) is not None)
        text = split[1] if split else line.text
        if following is not None and continues_title(following, line):
            text = f"{text} {following.text}"
        words = [w for w in text.translate(str.maketrans("", "", QUOTES)).split() if w != PROJECT_WORD]
        titles.append(strip_edges(" ".join(words)))
    return titles


def slide_axis(slide: ProjectSlide) -> int | None:
    for line in slide.lines:
        split = split_label_value(line.text, lambda side: axis_ordinal(side) is not None)
        if split is not None and not axis_heading(line):
            return axis_ordinal(split[0])
    return None


def slide_title_tokens(slide: ProjectSlide) -> set[str]:
    tokens: set[str] = set()
    for line in slide.lines[: block_end(slide)]:
        if is_title_line(line):
            tokens |= title_tokens(line.key)
    for title in slide_titles(slide):
        tokens |= title_tokens(fold_key(title))
    return tokens


def slide_dates(slide: ProjectSlide) -> dict[str, tuple[date | None, str | None]]:
    """Start and end (date, text) of a slide: first print of each label wins."""
    dates: dict[str, tuple[date | None, str | None]] = {}
    layers = [line.text for line in slide.lines]
    for line in slide.lines:
        for name in (START, END):
            split = line.labelled(frozenset({name}))
            if split is not None and name not in dates and strip_edges(split[1]):
                day, text = split_date_and_text(split[1])
                dates[name] = (day, complete_from_layers(text, layers) if text else None)
    return dates


def slide_cost(slide: ProjectSlide) -> tuple[Decimal, SlideLine] | None:
    """The amount line nearest the cost label (the text layer may print it before the label)."""
    anchor = slide.cost_label if slide.cost_label is not None else len(slide.lines)
    candidates = [
        (abs(i - anchor), i < anchor, line)
        for i, line in enumerate(slide.lines)
        if money_in_line(line.text) is not None and not line.labelled(frozenset({START, END}))
    ]
    if not candidates:
        return None
    _, _, line = min(candidates, key=lambda c: (c[0], c[1]))
    amount = money_in_line(line.text)
    assert amount is not None
    return amount, line
