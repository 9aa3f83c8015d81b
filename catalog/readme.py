"""The README's view tables, generated from catalog/descriptions.toml.

``python -m catalog.readme`` rewrites them in README.md; tests/test_catalog.py checks they match.
"""

from __future__ import annotations

import re
from pathlib import Path

from catalog.descriptions import README_LAYERS, Descriptions, load_descriptions, readme_view_table

README = Path(__file__).resolve().parents[1] / "README.md"


def block_pattern(layer: str) -> re.Pattern[str]:
    start = rf"<!-- generated from catalog/descriptions\.toml \({layer} views\)[^\n]*-->\n"
    return re.compile(rf"({start})(.*?)(\n<!-- end {layer} views -->)", re.DOTALL)


def readme_tables(text: str) -> dict[str, str | None]:
    """The view table of each layer as the README holds it (None when its markers are missing)."""
    found = {layer: block_pattern(layer).search(text) for layer in README_LAYERS}
    return {layer: (m.group(2) if m else None) for layer, m in found.items()}


def with_generated_tables(text: str, descriptions: Descriptions) -> str:
    for layer in README_LAYERS:
        table = readme_view_table(descriptions, layer)
        text = block_pattern(layer).sub(lambda m, t=table: m.group(1) + t + m.group(3), text)
    return text


def main() -> None:
    README.write_text(with_generated_tables(README.read_text(encoding="utf-8"), load_descriptions()), "utf-8")


if __name__ == "__main__":
    main()
