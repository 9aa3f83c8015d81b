"""English, French and Arabic labels of themes, plan kinds and measures (report/labels.csv, reviewed data)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

LABELS_FILE = Path(__file__).with_name("labels.csv")


@cache
def labels() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open(encoding="utf-8") as fh:
        return {row["key"]: row for row in csv.DictReader(fh)}


def chart_lines(key: object, english: str) -> str:
    """``english · français`` over the Arabic on its own line, for chart images (the HTML's
    ``trilingual`` without markup; a line of one script keeps each run's direction plain)."""
    row = labels().get(str(key))
    return english if row is None else f"{english} · {row['fr']}\n{row['ar']}"


def trilingual(key: object, english: str) -> Markup:
    """``english · français · <span lang="ar" dir="rtl">عربي</span>`` (English alone when unlisted)."""
    row = labels().get(str(key))
    if row is None:
        return escape(english)
    return Markup('{} · <span lang="fr">{}</span> · <span lang="ar" dir="rtl">{}</span>').format(
        english, row["fr"], row["ar"]
    )
