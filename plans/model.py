"""Typed contracts between the pipeline's layers.

Data flows one way:

    raw file --extractors--> ExtractedDocument
             --interpret (using normalizers)--> InterpretedDocument (plan records)
             --loader--> DuckDB rows

No layer imports from a layer to its right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

# --------------------------------------------------------------------------- extraction

SourceFormat = Literal["txt", "docx", "pdf", "pptx"]


@dataclass(frozen=True)
class Location:
    """Where a block or row sits in its source: text line (1-based), page (1-based), or both."""

    line: int | None = None
    page: int | None = None
    top: float | None = None  # PDF: distance from the page top, in points


@dataclass(frozen=True)
class Cell:
    """One table cell as extracted, raw text kept (no normalisation yet).

    ``continues_above`` marks a cell that is the continuation of a vertically merged cell
    (DOCX ``vMerge=continue``); the text-extractor cannot know this and leaves it False:
    an empty cell there only *may* mean "same as above", which interpretation decides.
    """

    text: str
    col_span: int = 1
    row_span: int = 1
    continues_above: bool = False
    bold: bool = False
    confidence: float | None = None  # OCR only: Tesseract's mean word confidence (0-100)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    location: Location

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(frozen=True)
class Table:
    """A table in source order. ``index`` counts tables within the document from 0."""

    index: int
    rows: tuple[Row, ...]
    location: Location
    right_to_left: bool | None = None  # None: the source does not say


@dataclass(frozen=True)
class Paragraph:
    text: str
    location: Location
    heading_level: int | None = None  # 1..n for headings when the source marks them
    bullet: bool = False
    confidence: float | None = None  # OCR only: Tesseract's mean word confidence (0-100)


Block = Paragraph | Table


@dataclass(frozen=True)
class ExtractedDocument:
    """Format-neutral document: ordered blocks with raw text and provenance."""

    file_name: str
    source_format: SourceFormat
    sha256: str
    extractor: str
    pages_or_lines: int
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()
    # How the file was read (its text encoding, its format when the name says another): not defects.
    notes: tuple[str, ...] = ()
    # Pages read by OCR (1-based; all of them for a scan) and, per page, why and how.
    ocr_pages: tuple[int, ...] = ()
    ocr_notes: tuple[str, ...] = ()

    def ocr_mean_confidence(self) -> float | None:
        """Mean Tesseract confidence (0-100) of the OCR'd paragraphs and cells; None when none."""
        values = [b.confidence for b in self.blocks if isinstance(b, Paragraph) and b.confidence is not None]
        values += [
            c.confidence for t in self.tables for r in t.rows for c in r.cells if c.confidence is not None
        ]
        return round(sum(values) / len(values), 1) if values else None

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def full_text(self) -> str:
        """All text in reading order, cells joined by tabs; used for identity and kind detection."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.extend("\t".join(row.texts) for row in block.rows)
        return "\n".join(parts)


# --------------------------------------------------------------------------- plan records

PlanKind = Literal["open_plan", "action_plan", "cocreation", "pac"]


@dataclass(frozen=True)
class SourceRef:
    """Lineage of one fact: the table (index) and row (index within the table) it came from."""

    table: int | None
    row: int | None
    line: int | None = None
    page: int | None = None
    raw_text: str | None = None


@dataclass(frozen=True)
class StatedMeasure:
    """A figure the document states about itself (a total, a count)."""

    measure: str  # e.g. "total_cost_mad", "project_count", "activity_count", "budget_mobilised_mad"
    value: Decimal
    source: SourceRef
    # "" for the whole plan; "domain N" (N = the domain's ordinal) or "commitment N" for a part.
    scope: str = ""


@dataclass
class Project:
    key: str  # unique within the document
    code: str | None
    number: int | None
    title: str
    axis_label: str | None = None
    axis_number: int | None = None
    domain: str | None = None
    objectives: str | None = None
    partners: str | None = None
    cost_mad: Decimal | None = None
    source: SourceRef | None = None
    theme: str | None = None  # canonical theme, set after interpretation from the rules file
    theme_keyword: str | None = None
    theme_source: str | None = None  # which label matched: axis | project | domain


@dataclass
class Indicator:
    kind: Literal["follow_up", "impact"]
    text: str
    max_weight_pct: Decimal | None
    source: SourceRef | None = None


@dataclass
class Activity:
    key: str  # unique within the document
    project_key: str | None
    title: str
    number: int | None = None
    domain: str | None = None
    domain_no: int | None = None  # the domain's ordinal (المجال الأول = 1), for per-domain counts
    axis_label: str | None = None
    commitment_no: int | None = None
    group_label: str | None = None
    cost_mad: Decimal | None = None
    year_label: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    start_text: str | None = None  # textual date kept as printed when not a date
    end_text: str | None = None
    weight_in_project_pct: Decimal | None = None
    weight_in_commitment_pct: Decimal | None = None
    budget: dict[str, Decimal] = field(default_factory=dict)  # column ("mobilised", "2024") -> MAD
    indicators: list[Indicator] = field(default_factory=list)
    progress: dict[int, Decimal] = field(default_factory=dict)  # year -> planned cumulative %
    source: SourceRef | None = None


@dataclass
class Proposal:
    workshop: str
    number: int
    subject: str
    domain: str | None
    outcome: str | None
    cited_commitments: tuple[int, ...]
    source: SourceRef | None = None
    workshop_fr: str | None = None  # the workshop heading's French translation, when printed


@dataclass(frozen=True)
class Repair:
    """One value moved or rewritten by a repair, with the evidence that justified it."""

    table: int | None
    row: int | None
    # shift, carry-down, join-wrapped, page-break-join, reorder-columns, garbage-to-number, split-name-join,
    # dedupe-ocr-row, domain-from-numbering, repeated-heading, normalise-code, header-by-content;
    # "unreadable" flags a cell kept raw (nothing moved, nothing guessed).
    kind: str
    before: str
    after: str
    evidence: str


@dataclass(frozen=True)
class UnreadCell:
    """A printed cell of a recognised table that no fact reads (interpret.cell_accounting)."""

    table: int
    row: int
    column: int
    text: str
    page: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class CellAccount:
    """The printed (non-empty) cells of a document's recognised tables, and those left unread."""

    printed: int
    unread: tuple[UnreadCell, ...] = ()

    @property
    def read(self) -> int:
        return self.printed - len(self.unread)


@dataclass
class Axis:
    label: str
    number: int | None = None
    domain: str | None = None
    theme: str | None = None
    theme_keyword: str | None = None


@dataclass
class InterpretedDocument:
    """Plan records read from one document, ready for loading."""

    commune: str
    plan_kind: PlanKind
    title: str | None
    period_start_year: int | None
    period_end_year: int | None
    status: Literal["interpreted", "recognised"] = "interpreted"
    axes: list[Axis] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    stated: list[StatedMeasure] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    # How the document was read (column order found, headings inferred ...): for the data team.
    notes: list[str] = field(default_factory=list)
    # What this rendition fails to give (facts left NULL because the file lost them): a rendition
    # with defects is not preferred as its plan's current source (README, "Which rendition is current").
    defects: list[str] = field(default_factory=list)
    # Set after interpretation: which printed cells the facts read (None: not accounted).
    cells: CellAccount | None = None
