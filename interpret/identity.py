"""Which commune a document belongs to: its own text first, the upload manifest second."""

from __future__ import annotations

import csv
import functools
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
    """How often the text names each commune as 'commune of X' (folded, any spelling we know).

    One pass over the folded text's tokens, whatever the number of communes known: at each commune
    word, the 1..longest-name tokens after it are looked up in an index of folded names. Counts are
    those of ``str.count(" word name ")`` over the space-padded folded text, summed over every
    (name, word) of a commune: a repeat that shares its separating space with the previous one
    ("جماعه X جماعه X") is not counted again, and a name two spellings fold to counts twice.
    """
    index, longest = _name_index(communes)
    tokens = fold_key(text).split(" ")
    per_key: dict[str, int] = {}
    # Per (word, name): the token after the last counted match; str.count does not overlap matches.
    next_free: dict[tuple[str, str], int] = {}
    for start, word_length in _commune_words(tokens):
        after = start + word_length
        for length in range(1, min(longest, len(tokens) - after) + 1):
            key = " ".join(tokens[after : after + length])
            if key not in index:
                continue
            pattern = (" ".join(tokens[start:after]), key)
            # The match spans tokens start..after+length-1 and the spaces either side of them: the
            # next one may begin at the earliest one token later, on the space after this one's.
            if start >= next_free.get(pattern, 0):
                per_key[key] = per_key.get(key, 0) + 1
                next_free[pattern] = after + length + 1
    counts: dict[str, int] = {}
    for key, n in per_key.items():
        for slug in index[key]:
            counts[slug] = counts.get(slug, 0) + n
    return counts


# COMMUNE_WORDS as token sequences ("commune de" is two tokens).
_WORD_TOKENS = tuple(tuple(word.split(" ")) for word in COMMUNE_WORDS)


def _commune_words(tokens: list[str]) -> list[tuple[int, int]]:
    """(position, length in tokens) of every commune word in the token list."""
    found = []
    for i, token in enumerate(tokens):
        for word in _WORD_TOKENS:
            if token == word[0] and tuple(tokens[i : i + len(word)]) == word:
                found.append((i, len(word)))
    return found


@functools.lru_cache(maxsize=16)
def _name_index(communes: tuple[Commune, ...]) -> tuple[dict[str, tuple[str, ...]], int]:
    """folded name -> the slug once per name of it that folds so (in reference order); the longest
    name in tokens. Cached: a refresh asks with the same reference list for every document."""
    index: dict[str, list[str]] = {}
    for commune in communes:
        for name in commune.names():
            key = fold_key(name)
            if key:
                index.setdefault(key, []).append(commune.slug)
    longest = max((key.count(" ") + 1 for key in index), default=0)
    return {key: tuple(slugs) for key, slugs in index.items()}, longest


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
