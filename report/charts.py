"""Bar charts as inline SVG strings (matplotlib; text drawn as paths, so no font is needed to view)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import matplotlib
from matplotlib.figure import Figure

from report.arabic import chart_text

STYLE = {
    "svg.fonttype": "path",
    "svg.hashsalt": "plans-report",  # stable ids: the same data gives the same file
    "font.family": "DejaVu Sans",  # has Arabic letter forms
    "font.size": 8,
}
PALETTE = ("#1b6ca8", "#e08a1e", "#3a9d5d", "#8e5ea2", "#c0392b", "#7f8c8d")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    colour: str | None = None


def svg_of(fig: Figure, title: str) -> str:
    """The figure as an ``<svg>`` element to inline in HTML, labelled for screen readers."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" class="chart" ', 1)


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    value_label: str,
    value_format: Callable[[float], str],
    horizontal: bool = False,
    stacked: bool = False,
) -> str:
    """Grouped (or stacked) bars, one group per category, one bar per series, values printed on bars."""
    with matplotlib.rc_context(STYLE):
        n_cat, n_series = len(categories), max(len(series), 1)
        size = (7.5, 1.2 + 0.22 * n_cat * (1 if stacked else n_series)) if horizontal else (7.5, 3.4)
        fig = Figure(figsize=size)
        ax = fig.add_subplot()
        width = 0.8 if stacked else 0.8 / n_series
        base = [0.0] * n_cat
        for i, s in enumerate(series):
            values = [v or 0.0 for v in s.values]
            offsets = [c + (0 if stacked else (i - (n_series - 1) / 2) * width) for c in range(n_cat)]
            draw = ax.barh if horizontal else ax.bar
            kwargs = {"left" if horizontal else "bottom": base} if stacked else {}
            bars = draw(
                offsets, values, width, label=chart_text(s.label),
                color=s.colour or PALETTE[i % len(PALETTE)], **kwargs,
            )  # fmt: skip
            labels = [value_format(v) if v else "" for v in values]
            ax.bar_label(
                bars, labels=labels, label_type="center" if stacked else "edge", fontsize=6, padding=2
            )
            if stacked:
                base = [b + v for b, v in zip(base, values, strict=True)]
        ticks, shaped = range(n_cat), [chart_text(c) for c in categories]
        if horizontal:
            ax.set_yticks(ticks, shaped)
            ax.invert_yaxis()  # first category on top, as in the tables
            ax.set_xlabel(value_label)
            ax.xaxis.set_major_formatter(lambda v, _: value_format(v))
        else:
            ax.set_xticks(ticks, shaped)
            ax.set_ylabel(value_label)
            ax.yaxis.set_major_formatter(lambda v, _: value_format(v))
        ax.set_title(chart_text(title))
        ax.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            ax.legend(fontsize=7, frameon=False)
        return svg_of(fig, title)
