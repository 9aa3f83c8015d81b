"""Free text of a PDF page: glyphs -> visual lines -> logical-order TextLines -> Paragraphs.

pdfplumber gives glyphs in visual order; each visual line (or segment of it, split at wide gaps such
as two slide text boxes side by side) is turned into logical order by
``extractors.bidi.visual_to_logical``. Lines are then gathered into paragraphs by line pitch, font
size, weight and bullets, measured per document. Table cells reuse the line reading here.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pdfplumber.utils.text import chars_to_textmap

from extractors.bidi import has_rtl, visual_to_logical
from plans.model import Location, Paragraph

if TYPE_CHECKING:
    from extractors.pdf import PdfSettings

Char = dict[str, Any]

# Stands for a glyph without Unicode mapping until the visual line is built, then removed.
UNMAPPED_GLYPH = "\ue000"
# Stands for a no-break space while pdfplumber builds lines: it drops blank glyphs and puts plain
# spaces for the gaps, but a no-break space decides how an amount is reordered (see bidi).
NBSP_GLYPH = "\ue001"


@dataclass(frozen=True)
class TextLine:
    """One visual line (or one segment of it) of a page, its text already in logical order."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool


# --------------------------------------------------------------------------- glyphs and lines


def clean_chars(chars: Iterable[Char]) -> list[Char]:
    """Glyphs with usable text: drop unmapped glyphs, put ligature text in visual order.

    ``(cid:N)`` glyphs have no Unicode mapping (Noto Naskh justification kashidas in the corpus);
    they become UNMAPPED_GLYPH, dropped once the line's spacing is known.
    A ligature glyph (lam-alef in Noto Sans) carries its letters in logical order while the line
    around it is visual: reversing them keeps the whole line visual before bidi reordering.
    """
    cleaned: list[Char] = []
    for char in chars:
        text = char["text"]
        if text.startswith("(cid:"):
            # Kept as a placeholder so the gap it fills does not become a space between letters.
            char = {**char, "text": UNMAPPED_GLYPH}
        elif text == "\u00a0":
            char = {**char, "text": NBSP_GLYPH}
        if len(text) > 1 and has_rtl(text):
            char = {**char, "text": text[::-1]}
        cleaned.append(char)
    return place_marks_on_base(place_zero_width_before_next(cleaned))


def is_overprinted_punctuation(char: Char, neighbour: Char) -> bool:
    """True for an ASCII punctuation glyph drawn over an Arabic letter next to it in the stream.

    LibreOffice exports of Noto Sans Arabic slides emit such glyphs mapped to ";" inside words
    ("تد;بير" for تدبير): the glyph sits almost entirely within the letter's box, which a printed
    semicolon never does. Seen in the Beni Mellal PDF, never in the source text.
    """
    text = char["text"]
    if len(text) != 1 or not (text.isascii() and not text.isalnum() and not text.isspace()):
        return False
    if not has_rtl(neighbour["text"]) or abs(char["top"] - neighbour["top"]) > 1:
        return False
    width = char["x1"] - char["x0"]
    covered = min(char["x1"], neighbour["x1"]) - max(char["x0"], neighbour["x0"])
    return width > 0 and covered >= 0.8 * width


def drop_overprinted_punctuation(chars: Sequence[Char]) -> tuple[list[Char], int]:
    """The glyphs without punctuation printed over the Arabic letter that follows or precedes it."""
    kept: list[Char] = []
    for i, char in enumerate(chars):
        neighbours = chars[max(i - 1, 0) : i] + chars[i + 1 : i + 2]
        if any(is_overprinted_punctuation(char, n) for n in neighbours):
            continue
        kept.append(char)
    return kept, len(chars) - len(kept)


def place_zero_width_before_next(chars: list[Char]) -> list[Char]:
    """Move each zero-width glyph just left of the glyph that follows it in the content stream.

    Noto Naskh lam-alef comes as a zero-width alef then the ligature glyph (mapped to lam), the
    alef's x a hair right of the lam's: sorted by x the pair would read lam-alef reversed.
    """
    placed = list(chars)
    for i, (char, nxt) in enumerate(itertools.pairwise(chars)):
        same_line = abs(char["top"] - nxt["top"]) < 1
        if char["x1"] - char["x0"] < 0.01 and same_line and abs(nxt["x0"] - char["x0"]) < 0.5:
            x = nxt["x0"] - 0.01
            placed[i] = {**char, "x0": x, "x1": x}
    return placed


def is_combining_mark(char: Char) -> bool:
    """True for a glyph that is only combining marks (tanween, shadda, a detached accent)."""
    text = char["text"]
    return bool(text) and all(unicodedata.combining(ch) for ch in text)


def mark_base(chars: Sequence[Char], i: int) -> Char | None:
    """The letter a combining mark at ``i`` is drawn on: a stream neighbour under its middle."""
    mark = chars[i]
    middle = (mark["x0"] + mark["x1"]) / 2
    for j in (i + 1, i - 1, i + 2, i - 2):
        if 0 <= j < len(chars) and not is_combining_mark(chars[j]):
            base = chars[j]
            near = abs(base["top"] - mark["top"]) <= base["size"]
            if near and base["x0"] - 0.5 <= middle <= base["x1"] + 0.5:
                return base
    return None


def place_marks_on_base(chars: list[Char]) -> list[Char]:
    """Move each combining mark to the visual place that makes it follow its letter logically.

    Shapers draw a mark over its letter, so sorted by x it lands inside the letter (LibreOffice's
    fathatan of "أيضًا"), after it in a right-to-left word, with a gap that became a space. A mark
    on a right-to-left letter is put just left of it (the letter comes first once the line is
    reversed), on a left-to-right letter just before its right edge; the letter's line is kept.
    """
    placed = list(chars)
    for i, char in enumerate(chars):
        base = mark_base(chars, i) if is_combining_mark(char) else None
        if base is None:
            continue
        x = base["x0"] - 0.01 if has_rtl(base["text"]) else base["x1"] - 0.01
        placed[i] = {**char, "x0": x, "x1": x, "top": base["top"], "bottom": base["bottom"]}
    return placed


def is_bold(chars: Sequence[Char]) -> bool:
    """True when every visible glyph comes from a bold font."""
    visible = [c for c in chars if c["text"].strip()]
    return bool(visible) and all("bold" in c["fontname"].lower() for c in visible)


def dominant_size(chars: Sequence[Char]) -> float:
    """The most common font size among the glyphs, rounded to a tenth of a point."""
    return Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]


def split_at_gaps(chars: Sequence[Char], settings: PdfSettings) -> list[list[Char]]:
    """Split the glyphs of one visual line where the horizontal gap is wider than a few font sizes."""
    ordered = sorted(chars, key=lambda c: c["x0"])
    segments: list[list[Char]] = [[ordered[0]]]
    for prev, char in itertools.pairwise(ordered):
        if char["x0"] - prev["x1"] > settings.segment_gap_in_font_sizes * char["size"]:
            segments.append([])
        segments[-1].append(char)
    return segments


def visual_lines(chars: Sequence[Char], settings: PdfSettings) -> list[list[Char]]:
    """Group glyphs into visual lines, top to bottom, each line's glyphs left to right."""
    if not chars:
        return []
    textmap = chars_to_textmap(
        list(chars), x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance
    )
    lines = textmap.extract_text_lines(strip=True, return_chars=True)
    # A ligature glyph carries several characters and is listed once per character: keep it once.
    return [list({id(c): c for c in line["chars"]}.values()) for line in lines if line["chars"]]


def line_text(chars: Sequence[Char], settings: PdfSettings) -> str:
    """The logical-order text of the glyphs of one visual line."""
    textmap = chars_to_textmap(
        list(chars), x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance
    )
    # Collapse plain spaces only: a no-break space is kept (it holds amounts together, see bidi).
    visual = re.sub(r"[ \t\n]+", " ", textmap.as_string.replace(UNMAPPED_GLYPH, "")).strip()
    visual = visual.replace(NBSP_GLYPH, "\u00a0")
    return visual_to_logical(visual).strip()


def text_lines(chars: Sequence[Char], settings: PdfSettings) -> list[TextLine]:
    """Visual lines split into segments at wide gaps, as logical-order TextLines."""
    result: list[TextLine] = []
    for line_chars in visual_lines(chars, settings):
        for segment in split_at_gaps(line_chars, settings):
            text = line_text(segment, settings)
            if len(text.replace(" ", "")) < settings.min_paragraph_chars:
                continue
            result.append(
                TextLine(
                    text=text,
                    top=min(c["top"] for c in segment),
                    bottom=max(c["bottom"] for c in segment),
                    x0=min(c["x0"] for c in segment),
                    x1=max(c["x1"] for c in segment),
                    size=dominant_size(segment),
                    bold=is_bold(segment),
                )
            )
    return result


def cell_text(chars: Sequence[Char], settings: PdfSettings) -> str:
    """A cell's text: its visual lines in logical order, top to bottom, joined by newlines."""
    lines = (line_text(line, settings) for line in visual_lines(chars, settings))
    return "\n".join(text for text in lines if text)


# --------------------------------------------------------------------------- paragraphs


def is_page_number(line: TextLine, page_height: float, settings: PdfSettings) -> bool:
    """A lone number in the header or footer band: a page number, not content."""
    in_band = line.top < settings.header_band or line.bottom > page_height - settings.footer_band
    return in_band and line.text.isdigit()


def overlaps_horizontally(a: TextLine, b: TextLine) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def starts_with_bullet(text: str, settings: PdfSettings) -> bool:
    return bool(text) and text[0] in settings.bullet_glyphs


def typical_line_pitches(pages: Sequence[Sequence[TextLine]]) -> dict[float, float]:
    """Most common top-to-top distance of consecutive lines of each font size.

    Lines of one paragraph follow each other at this pitch; paragraph spacing makes the pitch
    between paragraphs larger. Measured per document because line spacing differs per document.
    """
    pitches: dict[float, Counter[float]] = {}
    for lines in pages:
        for prev, line in itertools.pairwise(lines):
            pitch = line.top - prev.top
            if line.size == prev.size and 0 < pitch < 3 * line.size and overlaps_horizontally(prev, line):
                pitches.setdefault(line.size, Counter())[round(pitch * 2) / 2] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in pitches.items()}


def continues_paragraph(
    prev: TextLine, line: TextLine, pitches: dict[float, float], settings: PdfSettings
) -> bool:
    """True when ``line`` is the next line of the paragraph whose last line is ``prev``."""
    pitch = line.top - prev.top
    typical = pitches.get(line.size, 1.2 * line.size)
    return (
        line.top >= prev.bottom - 1
        and pitch <= typical * settings.paragraph_pitch_tolerance
        and abs(line.size - prev.size) < 0.5
        and line.bold == prev.bold
        and overlaps_horizontally(prev, line)
        and not starts_with_bullet(line.text, settings)
    )


def group_paragraphs(
    lines: Sequence[TextLine], pitches: dict[float, float], settings: PdfSettings
) -> list[list[TextLine]]:
    """Gather lines into paragraphs; each line joins the open paragraph it continues, if any.

    Lines come sorted top to bottom; comparing with every open paragraph (not only the last line)
    keeps side-by-side text boxes of a slide apart.
    """
    groups: list[list[TextLine]] = []
    for line in lines:
        target = next(
            (g for g in reversed(groups) if continues_paragraph(g[-1], line, pitches, settings)), None
        )
        if target is None:
            groups.append([line])
        else:
            target.append(line)
    return groups


def heading_levels(lines: Iterable[TextLine], body_size: float) -> dict[float, int]:
    """Heading level per font size: bold text larger than the body text, largest first."""
    sizes = sorted({line.size for line in lines if line.bold and line.size > body_size + 0.5}, reverse=True)
    return {size: level for level, size in enumerate(sizes, start=1)}


def join_wrapped_lines(texts: Sequence[str]) -> str:
    """Wrapped lines of one paragraph joined by spaces, except after a hyphen that ends a number or a
    code ("2024-" / "2025", "PO-24-25-" / "CDAI-01"): the line broke inside the range or code."""
    joined = ""
    for text in texts:
        if not joined:
            joined = text
        elif len(joined) > 1 and joined.endswith("-") and joined[-2].isascii() and joined[-2].isalnum():
            joined += text.lstrip()
        else:
            joined = f"{joined} {text}"
    return joined


def to_paragraph(
    group: Sequence[TextLine], page_number: int, levels: dict[float, int], settings: PdfSettings
) -> Paragraph:
    """A model Paragraph from its lines: wrapped lines joined by spaces, bullet glyph removed."""
    text = join_wrapped_lines([line.text for line in group])
    bullet = starts_with_bullet(text, settings)
    if bullet:
        text = text[1:].lstrip()
    first = group[0]
    level = levels.get(first.size) if first.bold else None
    return Paragraph(
        text, Location(page=page_number, top=round(first.top, 1)), heading_level=level, bullet=bullet
    )


def body_font_size(lines: Iterable[TextLine]) -> float:
    """The most common font size of free text (0 when there is none)."""
    sizes = Counter(line.size for line in lines)
    return sizes.most_common(1)[0][0] if sizes else 0.0
