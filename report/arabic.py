"""Arabic for chart labels.

Matplotlib 3.11 lays out complex text itself (libraqm: letters joined, right-to-left runs ordered);
older versions draw code points left to right in their isolated forms. A label is therefore
prepared (arabic-reshaper + python-bidi) only when the installed renderer does not lay Arabic out:
preparing it for a renderer that does would reverse it twice. HTML text is left to the browser.
"""

from __future__ import annotations

from functools import cache

import arabic_reshaper
from bidi.algorithm import get_display

from normalizers.arabic import is_arabic

# Above this height (in points, at size 10) only the alef of "اب" reaches: it marks where alef is drawn.
_ALEF_TOP = 4.0


def visual_order(text: str) -> str:
    """Logical-order text as a plain left-to-right renderer must draw it: joined letter forms
    (presentation forms), right-to-left runs reversed."""
    if not is_arabic(text, threshold=0.0):  # any Arabic letter
        return text
    return get_display(arabic_reshaper.reshape(text))


@cache
def renderer_lays_out_arabic() -> bool:
    """Whether matplotlib draws logical-order Arabic right to left by itself: the alef of "اب"
    (written first) lands right of the bā'."""
    from matplotlib.textpath import TextPath

    vertices = TextPath((0, 0), "اب", size=10).vertices
    alef = vertices[vertices[:, 1] > _ALEF_TOP]
    return bool(alef[:, 0].min() > vertices[:, 0].mean())


def chart_text(text: str) -> str:
    """A label as the chart library must receive it to show it correctly (line by line: each line
    of a multi-line label is laid out on its own)."""
    return text if renderer_lays_out_arabic() else visual_lines(text)


def visual_lines(text: str) -> str:
    """``visual_order`` line by line: bidi reordering must not move letters across lines."""
    return "\n".join(visual_order(line) for line in text.split("\n"))
