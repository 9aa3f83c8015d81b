"""Arabic for chart libraries: matplotlib neither joins Arabic letters nor orders right-to-left runs.

HTML text is left to the browser, which shapes Arabic itself; only chart labels go through here.
"""

from __future__ import annotations

import re

import arabic_reshaper
from bidi.algorithm import get_display

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def chart_text(text: str) -> str:
    """Logical-order text as a left-to-right renderer must draw it: joined letter forms, visual order."""
    if not has_arabic(text):
        return text
    return get_display(arabic_reshaper.reshape(text))
