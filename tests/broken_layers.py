"""Make a PDF whose text layer decodes to the wrong letters, as a broken font map does.

Word-made Arabic PDFs often carry a ToUnicode map off by one glyph: the page shows the right
letters, the text layer gives their neighbours' ("صوب أعينها" -> "صوو عييهاوخ"). This rewrites the
ToUnicode maps of the fonts used on chosen pages so that each Arabic glyph decodes to the letter of
the next Arabic glyph in the map; the drawing is untouched, so the page still renders (and OCRs)
correctly. Fonts are copied per page first, so other pages keep their correct maps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>")


def is_arabic_letter(code: int) -> bool:
    return 0x0621 <= code <= 0x064A


def shift_arabic_targets(cmap: bytes) -> bytes:
    """The CMap with each Arabic target replaced by the next Arabic target in the map (cyclic)."""
    entries = list(_ENTRY.finditer(cmap))
    arabic = [m for m in entries if is_arabic_letter(int(m.group(2), 16))]
    if len(arabic) < 2:
        return cmap
    replaced = {id(m): arabic[(n + 1) % len(arabic)].group(2) for n, m in enumerate(arabic)}
    out, last = [], 0
    for m in arabic:
        out += [cmap[last : m.start(2)], replaced[id(m)]]
        last = m.end(2)
    out.append(cmap[last:])
    return b"".join(out)


def break_text_layer(source: Path, target: Path, pages: set[int]) -> Path:
    """Write ``source`` to ``target`` with the text layer of ``pages`` (1-based) broken."""
    with pikepdf.open(source) as pdf:
        for number in sorted(pages):
            page = pdf.pages[number - 1]
            # Resources and fonts are shared between pages: give this page its own copies.
            resources = pikepdf.Dictionary({k: v for k, v in page.Resources.items()})
            fonts = pikepdf.Dictionary({k: v for k, v in page.Resources.Font.items()})
            resources.Font = fonts
            page.Resources = pdf.make_indirect(resources)
            for name in list(fonts.keys()):
                font = pikepdf.Dictionary({k: v for k, v in fonts[name].items()})
                if "/ToUnicode" in font:
                    broken = shift_arabic_targets(font.ToUnicode.read_bytes())
                    font.ToUnicode = pdf.make_stream(broken)
                fonts[name] = pdf.make_indirect(font)
        pdf.save(target)
    return target
