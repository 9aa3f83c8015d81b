"""Text renditions (.txt) into an ExtractedDocument: paragraphs and tables with 1-based line numbers.

The corpus's text files come in three shapes, told apart by content alone (several may share a file):

A. One table row per line, cells separated by tabs (PDF/OCR text exports). A row whose first cell is
   empty starts with a tab (``\\t8%\\t30%``); rows of one table may have different cell counts.
   Consecutive tab lines form one table; a blank or plain line ends it, except a short run of plain
   lines squeezed between two rows with the same cell count (see ``wrapped_run_end``).
B. One cell per line (Word's plain-text export): a cell line starts with exactly one tab; a cell with
   several paragraphs continues on the following lines *without* a tab; a lone tab is an empty cell;
   an empty line ends the row; the table ends when the line after a row's empty line has no leading
   tab. A row that starts with only cells of that kind and closes on an empty line is shape B; the
   same lines read as shape A would be two-cell rows with an empty first cell, which no corpus
   table has.
C. Free text (slide exports): every non-blank line is a paragraph; a bullet glyph at either end (or
   an ASCII list marker at the start) is stripped and recorded as ``bullet=True``.

Text is kept raw: only the line terminator and the one tab that marks a shape-B cell are removed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.base import ExtractionError, TextSettings
from extractors.text_decoding import decode_text
from plans.model import Block, Cell, ExtractedDocument, Location, Paragraph, Row, Table

EXTRACTOR_ID = "text/1"
# Frozen, so one shared default is safe (a call in the signature would trip ruff B008).
DEFAULT_SETTINGS = TextSettings()

# --------------------------------------------------------------------------- bytes to lines


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, or an ExtractionError naming why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read file ({exc.strerror or exc})") from exc


def split_lines(text: str) -> list[str]:
    """Lines without their terminator (LF or CRLF); a final terminator does not open a new line.

    Only LF splits: str.splitlines would also split on vertical tab, form feed and U+2028, which are
    characters inside a line here."""
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


# --------------------------------------------------------------------------- line kinds


def is_blank(line: str) -> bool:
    return line.strip() == ""


def is_shape_b_cell(line: str) -> bool:
    """A Word-export cell line: exactly one tab, at the start."""
    return line.startswith("\t") and line.count("\t") == 1


def tab_cells(line: str) -> list[str]:
    return line.split("\t")


def is_tab_row(line: str, settings: TextSettings) -> bool:
    """A shape-A row: enough tab-separated cells."""
    return "\t" in line and len(tab_cells(line)) >= settings.min_table_columns


def is_plain(line: str, settings: TextSettings) -> bool:
    """A non-blank line that is not a table row."""
    return not is_blank(line) and not is_tab_row(line, settings)


def starts_shape_b_table(lines: list[str], start: int) -> bool:
    """Whether lines[start] opens a shape-B table: its row (up to the first empty line or the end of
    the file) holds only cell lines and their tab-less continuations."""
    if not is_shape_b_cell(lines[start]):
        return False
    for line in lines[start:]:
        if line == "":
            return True
        if "\t" in line and not is_shape_b_cell(line):
            return False
    return True


# --------------------------------------------------------------------------- shape A


def row_from_tab_line(line: str, line_no: int) -> Row:
    return Row(cells=tuple(Cell(text=t) for t in tab_cells(line)), location=Location(line=line_no))


def wrapped_run_end(lines: list[str], start: int, previous: Row, settings: TextSettings) -> int | None:
    """End (exclusive) of a run of plain lines at ``start`` that stays inside the current table.

    Rule: plain (non-blank, tab-less) lines directly between two tab rows with the same cell count,
    at most ``max_wrapped_lines_in_table`` of them, are wrapped cell text of a PDF/OCR export and stay
    in the table as one-cell rows (the repair layer joins them). A blank line before or after them,
    a following row with another cell count, or a longer run ends the table: they are then
    paragraphs between tables. None when the run does not stay.
    """
    end = start
    while end < len(lines) and is_plain(lines[end], settings):
        end += 1
    run_length = end - start
    if not 0 < run_length <= settings.max_wrapped_lines_in_table or end == len(lines):
        return None
    following = lines[end]
    if not is_tab_row(following, settings) or len(tab_cells(following)) != len(previous.cells):
        return None
    return end


def read_shape_a_table(
    lines: list[str], start: int, settings: TextSettings
) -> tuple[list[Row], int, list[str]]:
    """Rows of the tab-separated table starting at lines[start], the index after it, and warnings."""
    rows: list[Row] = []
    warnings: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if is_tab_row(line, settings):
            rows.append(row_from_tab_line(line, index + 1))
            index += 1
            continue
        end = wrapped_run_end(lines, index, rows[-1], settings) if rows else None
        if end is None:
            break
        rows.extend(
            Row(cells=(Cell(text=lines[k]),), location=Location(line=k + 1)) for k in range(index, end)
        )
        warnings.append(f"lines {index + 1}-{end}: tab-less line(s) kept inside a table as one-cell rows")
        index = end
    return rows, index, warnings


# --------------------------------------------------------------------------- shape B


def row_from_cell_lines(cells: list[list[str]], first_line: int) -> Row:
    """A shape-B row: each cell's lines joined by newlines, as Word joins a cell's paragraphs."""
    return Row(
        cells=tuple(Cell(text="\n".join(parts)) for parts in cells), location=Location(line=first_line)
    )


def drop_trailing_blank_parts(parts: list[str]) -> list[str]:
    """Remove whitespace-only continuation lines at the very end of the file from the last cell.

    Word always writes a paragraph after a document's last table; when the export stops inside that
    table's last row, that whitespace paragraph lands where a continuation line would be."""
    kept = list(parts)
    while len(kept) > 1 and is_blank(kept[-1]):
        kept.pop()
    return kept


def read_shape_b_table(lines: list[str], start: int) -> tuple[list[Row], int, list[str]]:
    """Rows of the one-cell-per-line table starting at lines[start], the index after it, and warnings."""
    rows: list[Row] = []
    cells: list[list[str]] = []
    row_line = start + 1
    index = start
    while index < len(lines):
        line = lines[index]
        if line.startswith("\t"):
            if not cells:
                row_line = index + 1
            cells.append([line[1:]])
        elif line == "":
            rows.append(row_from_cell_lines(cells, row_line))
            cells = []
            index += 1
            if index == len(lines) or not lines[index].startswith("\t"):
                return rows, index, []
            continue
        else:
            cells[-1].append(line)
        index += 1
    cells[-1] = drop_trailing_blank_parts(cells[-1])
    rows.append(row_from_cell_lines(cells, row_line))
    above = f"; the row above has {len(rows[-2].cells)}" if len(rows) > 1 else ""
    warning = f"line {row_line}: file ends inside a table row ({len(cells)} cells{above})"
    return rows, index, [warning]


# --------------------------------------------------------------------------- paragraphs


def starts_with_ascii_marker(body: str, settings: TextSettings) -> bool:
    """An ASCII list marker ('-', '*', '+') followed by a space or a letter, then some text."""
    if not body or body[0] not in settings.ascii_bullet_markers:
        return False
    rest = body[1:]
    return bool(rest.strip()) and (rest[0].isspace() or rest[0].isalpha())


def split_bullet(line: str, settings: TextSettings) -> tuple[str, bool]:
    """The line without its bullet marker (and the spaces beside it), and whether it had one.

    A glyph counts at either end of the line, because exports of right-to-left slides put the
    bullet after the text; an ASCII marker only at the start. A line that is only a marker keeps it.
    """
    body = line.lstrip()
    if body[:1] and body[0] in settings.bullet_glyphs and body[1:].strip():
        return body[1:].lstrip(), True
    if starts_with_ascii_marker(body, settings):
        return body[1:].lstrip(), True
    body = line.rstrip()
    if body[-1:] and body[-1] in settings.bullet_glyphs and body[:-1].strip():
        return body[:-1].rstrip(), True
    return line, False


def paragraph_from_line(line: str, line_no: int, settings: TextSettings) -> Paragraph | None:
    """A paragraph for a non-blank line; blank lines are empty paragraphs and are not emitted."""
    if is_blank(line):
        return None
    text, bullet = split_bullet(line, settings)
    return Paragraph(text=text, location=Location(line=line_no), bullet=bullet)


def paragraphs_from_lines(lines: list[str], start: int, end: int, settings: TextSettings) -> list[Paragraph]:
    """Paragraphs for lines[start:end], blank lines skipped."""
    found = (paragraph_from_line(lines[k], k + 1, settings) for k in range(start, end))
    return [paragraph for paragraph in found if paragraph is not None]


# --------------------------------------------------------------------------- document


def is_lone_cell(rows: list[Row]) -> bool:
    """A shape-B "table" of one row of one cell is a tab-indented paragraph.

    Word exports a paragraph that starts with a tab exactly like a one-cell table, and a one-cell
    table has no tabular structure to lose (Aït Melloul's repeated title before matrix 09)."""
    return len(rows) == 1 and len(rows[0].cells) == 1


def blocks_from_lines(lines: list[str], settings: TextSettings) -> tuple[list[Block], list[str]]:
    """Paragraphs and tables in line order, tables numbered from 0, with the warnings met."""
    blocks: list[Block] = []
    warnings: list[str] = []
    table_count = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if starts_shape_b_table(lines, index):
            start = index
            rows, index, found = read_shape_b_table(lines, index)
            if is_lone_cell(rows):
                blocks.extend(paragraphs_from_lines(lines, start, index, settings))
                continue
        elif is_tab_row(line, settings):
            rows, index, found = read_shape_a_table(lines, index, settings)
        else:
            paragraph = paragraph_from_line(line, index + 1, settings)
            if paragraph is not None:
                blocks.append(paragraph)
            index += 1
            continue
        blocks.append(Table(index=table_count, rows=tuple(rows), location=rows[0].location))
        warnings.extend(f"table {table_count}, {message}" for message in found)
        table_count += 1
    return blocks, warnings


def is_visual_order_line(line: str, settings: TextSettings) -> bool:
    """A line laid out in visual order: its bullet glyph after the text, or a label's colon first.

    Logical-order text puts a bullet before its item and a colon after its label; a text export of
    right-to-left slides that kept the visual order shows both mirrored.
    """
    body = line.strip()
    if len(body) < 2:
        return False
    bullet_last = body[-1] in settings.bullet_glyphs and body[0] not in settings.bullet_glyphs
    return bullet_last or (body[0] == ":" and not body[1:2].isdigit())


def visual_order_warnings(lines: list[str], settings: TextSettings) -> list[str]:
    """A rendition-defect warning when some lines are in visual order (none when there are none)."""
    found = [n for n, line in enumerate(lines, start=1) if is_visual_order_line(line, settings)]
    if not found:
        return []
    return [
        f"{len(found)} line(s) in visual order (first at line {found[0]}): bullet after the text or"
        " colon before its label; list nesting and numbering are lost there and words may be out of order"
    ]


def replacement_char_warnings(lines: list[str]) -> list[str]:
    """A rendition-defect warning when some lines hold U+FFFD (glyphs the export could not map)."""
    found = [n for n, line in enumerate(lines, start=1) if "\ufffd" in line]
    if not found:
        return []
    return [f"{len(found)} line(s) with unreadable glyphs (U+FFFD, first at line {found[0]})"]


def extract_text(path: Path, settings: TextSettings = DEFAULT_SETTINGS) -> ExtractedDocument:
    """Extract a text rendition; raises ExtractionError with a specific reason when it is not text."""
    data = read_file_bytes(path)
    decoded = decode_text(data, settings)
    lines = split_lines(decoded.text)
    blocks, table_warnings = blocks_from_lines(lines, settings)
    return ExtractedDocument(
        file_name=path.name,
        source_format="txt",
        sha256=hashlib.sha256(data).hexdigest(),
        extractor=EXTRACTOR_ID,
        pages_or_lines=len(lines),
        blocks=tuple(blocks),
        warnings=tuple(
            table_warnings + visual_order_warnings(lines, settings) + replacement_char_warnings(lines)
        ),
        notes=(decoded.note,),
    )
