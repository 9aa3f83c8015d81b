"""Give every axis and project its canonical theme (after interpretation, before loading)."""

from __future__ import annotations

from normalizers.themes import ThemeRule, match_theme
from plans.model import InterpretedDocument


def assign_themes(plan: InterpretedDocument, rules: tuple[ThemeRule, ...]) -> None:
    """Axis: from its label. Project: its axis's theme, else its own title, else its domain."""
    axis_by_label = {axis.label: axis for axis in plan.axes}
    for axis in plan.axes:
        match = match_theme(axis.label, rules)
        if match:
            axis.theme, axis.theme_keyword = match.theme, match.keyword
    for project in plan.projects:
        axis = axis_by_label.get(project.axis_label or "")
        if axis is not None and axis.theme:
            project.theme, project.theme_keyword, project.theme_source = (
                axis.theme,
                axis.theme_keyword,
                "axis",
            )
            continue
        for source, label in (("project", project.title), ("domain", project.domain)):
            match = match_theme(label or "", rules)
            if match:
                project.theme, project.theme_keyword, project.theme_source = (
                    match.theme,
                    match.keyword,
                    source,
                )
                break
