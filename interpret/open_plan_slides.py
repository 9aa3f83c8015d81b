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
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from interpret.base import Interpreter, find_period, plan_record
from normalizers.arabic import fold_key, normalize_text
from normalizers.dates import find_dates, parse_date
from normalizers.headers import header_lexicon
from normalizers.numbers import ORDINALS, find_amounts, parse_amount
from plans.model import (
    Activity,
    Axis,
    ExtractedDocument,
    InterpretedDocument,
    Paragraph,
    Project,
    Repair,
    SourceRef,
    StatedMeasure,
)

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

_AXIS_LABEL = re.compile(rf"^المحور ({'|'.join(ORDINALS)})$")
# Cardinal words a sentence counts projects with ("عشرة مشاريع", "للمشاريع العشر"), folded.
NUMBER_WORDS: dict[str, int] = {
    fold_key(word): number
    for number, words in {
        2: ("اثنان", "اثنين"),
        3: ("ثلاثة", "ثلاث"),
        4: ("أربعة", "أربع"),
        5: ("خمسة", "خمس"),
        6: ("ستة", "ست"),
        7: ("سبعة", "سبع"),
        8: ("ثمانية", "ثماني", "ثمان"),
        9: ("تسعة", "تسع"),
        10: ("عشرة", "عشر"),
        11: ("أحد عشر",),
        12: ("اثنا عشر",),
    }.items()
    for word in words
}
_COUNTED_PROJECTS = re.compile(r"(?:^| )(\S+) مشاريع(?: |$)|(?:^| )(?:ل?ل)?مشاريع (?:ال)?(\S+)")
CURRENCY_TOKENS = frozenset({"درهم", "دراهم", "mad", "dh", "dhs"})
PROJECT_WORD = "مشروع"
QUOTES = '“”"«»„‟'
EDGE_PUNCTUATION = " .:;,،؛"
# A list item or stage number: "1- x", "10. x" (logical order) or "x . 1", "x - 4" (visual order).
_LEADING_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*[.)\-–]\s+")
_TRAILING_NUMBER = re.compile(r"^(?P<body>.*?\S)\s*(?:[.\-–)]\s*|\s)(?P<number>\d{1,2})\s*[.\-–]?$")
_LEADING_PUNCTUATION = re.compile(r"^([.:;,،؛]+)\s*(.*\S)$")
# A Latin run glued to the Arabic text after it: the PDF put an RTL line's last word first.
_LEADING_LATIN = re.compile(r"^([A-Za-z][A-Za-z .]*?[A-Za-z])([،,]?)(?=[\u0600-\u06ff])(.+)$")
# How much of a listed title a slide's title lines must carry to be that project's slide.
MIN_TITLE_MATCH = 0.5
# A non-bullet line found in this many project slides is furniture (footer), never a continuation.
BOILERPLATE_SLIDES = 3
# The budget amount sits on the statement line or a few lines below it.
BUDGET_AMOUNT_WINDOW = 5


# --------------------------------------------------------------------------- pure text helpers


def undouble(text: str) -> str:
    """One copy of a line that a PDF's overlapping text layers printed twice ("A A" or "AA")."""
    text = text.strip()
    half = len(text) // 2
    for cut in {half, half + 1}:
        first, second = text[:cut].strip(), text[cut:].strip()
        if len(first) >= 3 and first == second:
            return first
    return text


def fix_visual_edges(text: str) -> str:
    """Undo the two visual-order slips at the start of an RTL line: a glued leading Latin run
    ("ENABELبالتنسيق ...") and leading punctuation (".ببرنامج عمل") belong at the end."""
    latin = _LEADING_LATIN.match(text)
    if latin:
        text = f"{latin.group(3).strip()} {latin.group(1)}{latin.group(2)}"
    punctuation = _LEADING_PUNCTUATION.match(text)
    if punctuation and re.search("[\u0600-\u06ff]", punctuation.group(2)):
        text = f"{punctuation.group(2)}{punctuation.group(1)}"
    return text


def strip_edges(text: str) -> str:
    """Text without the punctuation a list or a label leaves at its ends (" ؛", ": ")."""
    return text.strip(EDGE_PUNCTUATION)


def split_label_value(text: str, is_label: Callable[[str], bool]) -> tuple[str, str] | None:
    """(label, value) of a "label: value" or visual-order "value: label" line; a line that is only
    the label gives (label, ""). None when no side of any colon is a label."""
    if is_label(text):
        return text, ""
    for match in re.finditer("[:：]", text):
        left, right = text[: match.start()], text[match.end() :]
        if is_label(left):
            return left, right
        if is_label(right):
            return right, left
    return None


def split_numbered_items(text: str) -> list[tuple[int, str]]:
    """The numbered items a line holds: "1- a ؛ 2- b" (one or several, numbered consecutively) or one
    item numbered at its end in visual order ("a . 3"). [] when the line is not numbered."""
    starts = [m for m in _LEADING_NUMBER.finditer(text)]
    if starts and starts[0].start() == 0:
        items: list[tuple[int, str]] = []
        kept = [starts[0]]
        for match in starts[1:]:
            if int(match.group(1)) == int(kept[-1].group(1)) + 1:
                kept.append(match)
        for match, following in zip(kept, [*kept[1:], None], strict=True):
            body = text[match.end() : following.start() if following else len(text)].strip()
            items.append((int(match.group(1)), body))
        return [(n, body) for n, body in items if has_letters(body)]
    trailing = _TRAILING_NUMBER.match(text)
    if trailing and has_letters(trailing.group("body")):
        return [(int(trailing.group("number")), trailing.group("body").strip())]
    return []


def has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def split_date_and_text(value: str) -> tuple[date | None, str | None]:
    """A date field's value as (date, text): "01/07/2025" -> (date, None); a textual date -> (None,
    text); "01/01/2024 ، بالتنسيق ..." (either order) -> (date, the text without the date)."""
    value = strip_edges(fix_visual_edges(value.strip()))
    if not value:
        return None, None
    exact = parse_date(value)
    if exact is not None:
        return exact, None
    tokens = value.split()
    dated = [t for t in tokens if parse_date(t) is not None]
    if len(dated) == 1:
        rest = strip_edges(fix_visual_edges(" ".join(t for t in tokens if t not in dated)))
        return parse_date(dated[0]), rest or None
    found = find_dates(value)
    return (found[0] if len(found) == 1 else None), value


def money_in_line(text: str) -> Decimal | None:
    """The amount a line consists of ("40000,00 درهم", "درهم 330000"); None for other lines, for bare
    small numbers (slide numbers) and years."""
    try:
        amount = parse_amount(text)
    except ValueError:
        return None
    if amount is None:
        return None
    if find_amounts(text) or CURRENCY_TOKENS & set(fold_key(text).split()):
        return amount
    return None


def axis_ordinal(text: str) -> int | None:
    """The ordinal of "المحور الثاني" when the text is exactly that phrase (punctuation aside)."""
    match = _AXIS_LABEL.match(fold_key(text))
    return ORDINALS[match.group(1)] if match else None


def stated_project_count(key: str) -> int | None:
    """Projects counted in words or digits in a folded sentence: "عشره مشاريع", "للمشاريع العشر"."""
    for match in _COUNTED_PROJECTS.finditer(key):
        word = match.group(1) or match.group(2)
        if word.isdigit():
            if len(word) <= 2:  # a count, not a year or a date's last part
                return int(word)
            continue
        for candidate in (word, word.removeprefix("ال")):
            if candidate in NUMBER_WORDS:
                return NUMBER_WORDS[candidate]
    return None


def title_tokens(key: str) -> set[str]:
    """Words of a folded title line without the words that frame a project title."""
    return set(key.split()) - {PROJECT_WORD, "المحور", *ORDINALS}


def title_match(listed: set[str], slide: set[str]) -> float:
    """Share of a listed title's words found in a slide's title lines."""
    return len(listed & slide) / len(listed) if listed else 0.0


def complete_from_layers(text: str, layer_texts: Iterable[str]) -> str:
    """A value completed by an overlapping layer's copy that only adds a Latin run at its end (the
    text layer dropped "ENABEL" from the labelled line but kept it in a duplicate)."""
    key = fold_key(text)
    if not key:
        return text
    for other in layer_texts:
        candidate = strip_edges(fix_visual_edges(other))
        other_key = fold_key(candidate)
        extra = other_key.removeprefix(key + " ")
        if other_key.startswith(key + " ") and re.fullmatch(r"[a-z][a-z ]*", extra):
            return candidate
    return text


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


def is_project_title(text: str) -> bool:
    return PROJECT_WORD in fold_key(text).split() and any(q in text for q in QUOTES)


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
    right after it (amount, remarks); the first starts after the last axis or list line before it."""
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
            while end < following and lines[end].bullet and not lines[end].labels:
                end += 1
        slides.append(ProjectSlide(list(lines[start:end]), None if cost is None else cost - start))
        start = end
    return slides


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


def project_title(item: ListedProject | None, slide: ProjectSlide) -> str:
    """The slide's own title when it carries every word of the listed title (the text rendition
    prints the list in visual order), else the listed title; a slide off the list keeps its own."""
    titles = slide_titles(slide)
    if item is None:
        return titles[0] if titles else ""
    listed = title_tokens(fold_key(item.title))
    complete = [t for t in titles if title_match(listed, title_tokens(fold_key(t))) == 1.0]
    return complete[0] if complete else item.title


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
