"""Which commune a document belongs to: its own text first, the upload manifest second."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from normalizers.arabic import fold_key


@dataclass(frozen=True)
class Commune:
    slug: str
    name_ar: str
    name_fr: str
    region: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name_ar, self.name_fr, *self.aliases)


class UnidentifiedCommune(Exception):
    """Neither the document's text nor the manifest establishes the commune."""


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The word "commune" before a name: a document names *its* commune this way (جماعة أيت ملول).
COMMUNE_WORDS = ("جماعه", "لجماعه", "commune de", "commune d")


def read_communes(reference_csv: Path) -> tuple[Commune, ...]:
    with reference_csv.open(encoding="utf-8") as fh:
        return tuple(
            Commune(
                slug=row["slug"],
                name_ar=row["name_ar"],
                name_fr=row["name_fr"],
                region=row["region"],
                aliases=tuple(
                    a for a in (row.get("aliases_ar", "") + "|" + row.get("aliases_fr", "")).split("|") if a
                ),
            )
            for row in csv.DictReader(fh)
        )


def read_manifest(raw_dir: Path) -> dict[str, str]:
    """file name -> commune slug from ``manifest.csv`` (columns file,commune; more allowed)."""
    manifest = raw_dir / "manifest.csv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or not {"file", "commune"} <= set(reader.fieldnames):
            raise ValueError(f"{manifest}: needs the columns 'file' and 'commune', found {reader.fieldnames}")
        return {row["file"].strip(): row["commune"].strip() for row in reader if row.get("file")}


def communes_named(text: str, communes: tuple[Commune, ...]) -> dict[str, int]:
    """How often the text names each commune as 'commune of X' (folded, any spelling we know)."""
    folded = f" {fold_key(text)} "
    counts: dict[str, int] = {}
    for commune in communes:
        n = 0
        for name in commune.names():
            key = fold_key(name)
            if key:
                n += sum(folded.count(f" {word} {key} ") for word in COMMUNE_WORDS)
        if n:
            counts[commune.slug] = n
    return counts


def resolve_commune(
    text: str, communes: tuple[Commune, ...], manifest_slug: str | None
) -> tuple[str, str, list[str]]:
    """(slug, source, notes). Source is 'document_text' or 'manifest'."""
    notes: list[str] = []
    counts = communes_named(text, communes)
    known = {c.slug for c in communes}
    if counts:
        best = max(counts.values())
        leaders = sorted(slug for slug, n in counts.items() if n == best)
        if len(leaders) == 1:
            slug = leaders[0]
            if manifest_slug and manifest_slug != slug:
                notes.append(
                    f"manifest says '{manifest_slug}', the document names '{slug}': the document wins"
                )
            return slug, "document_text", notes
        notes.append(f"the document names several communes equally often: {', '.join(leaders)}")
    if manifest_slug:
        if not SLUG_PATTERN.match(manifest_slug):
            raise UnidentifiedCommune(f"manifest commune '{manifest_slug}' is not a valid slug")
        if manifest_slug not in known:
            raise UnidentifiedCommune(
                f"manifest commune '{manifest_slug}' is not in data/reference/communes.csv: add it there"
            )
        return manifest_slug, "manifest", notes
    detail = f" ({notes[0]})" if notes else ""
    raise UnidentifiedCommune(
        "the document names no known commune and manifest.csv has no row for it" + detail
    )
