"""The synthetic corpus of bench.scale: distinct files, each naming and filed under its own commune."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from bench.synthetic_corpus import (
    MAX_COMMUNES,
    scale_money,
    synthetic_commune,
    write_corpus,
)
from extractors.dispatch import extract
from interpret.identity import communes_named, read_communes, read_manifest, resolve_commune
from normalizers.numbers import find_amounts

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
REAL = read_communes(ROOT / "data" / "reference" / "communes.csv")
SIZE = 7  # more than the five sample plans: two communes get the same plan, amounts scaled apart


def text_of(path: Path) -> str:
    """The text the pipeline resolves the commune on (plans.pipeline)."""
    return extract(path).full_text()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    files = write_corpus(RAW, REAL, SIZE, folder / "raw", folder / "communes.csv")
    return files, folder


def test_files_are_distinct_and_filed_under_their_own_commune(corpus: tuple[list[Path], Path]) -> None:
    files, folder = corpus
    # The five sample plans taking turns, each in its .txt and (three of them) .docx renditions:
    # Aït Melloul 2, Béni Mellal 1, Dakhla 1, Tétouan 2 + 2, then Aït Melloul 2 and Béni Mellal 1.
    assert len(files) == 11
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in files}) == len(files)
    manifest = read_manifest(folder / "raw")
    assert sorted(manifest) == sorted(p.name for p in files)
    assert len(set(manifest.values())) == SIZE
    communes = read_communes(folder / "communes.csv")
    assert [c.slug for c in communes] == [synthetic_commune(i).slug for i in range(SIZE)]


def test_each_file_names_its_commune_and_no_sample_commune(corpus: tuple[list[Path], Path]) -> None:
    files, folder = corpus
    manifest = read_manifest(folder / "raw")
    communes = read_communes(folder / "communes.csv")
    by_slug = {c.slug: c for c in communes}
    from_text = 0
    for path in files:
        text = text_of(path)
        commune = by_slug[manifest[path.name]]
        assert commune.name_ar in text, path.name
        assert communes_named(text, REAL) == {}, path.name
        slug, source, notes = resolve_commune(text, communes, manifest[path.name])
        assert (slug, notes) == (commune.slug, []), path.name
        from_text += source == "document_text"
    # As in the samples, the open plans, the co-creation report and the action plan's Word rendition
    # name their commune ("جماعة ..."); the PAC and the action plan's text rely on the manifest.
    assert from_text == 9


def test_amounts_scale_by_one_factor_per_document(corpus: tuple[list[Path], Path]) -> None:
    files, _ = corpus
    sample = (RAW / "ait-melloul_open-plan_2024-2025.txt").read_text(encoding="utf-8")
    # Communes 0 and 5 both get the Aït Melloul open plan (five plans taking turns), factors 2 and 7.
    for index, factor in ((0, 2), (5, 7)):
        name = f"{synthetic_commune(index).slug}_open-plan_2024-2025.txt"
        copy = next(p for p in files if p.name == name).read_text(encoding="utf-8")
        grouped = f"{factor * 2461996:,}".replace(",", "\u00a0")  # the sample groups with no-break spaces
        assert f"{grouped},00" in copy
        assert max(find_amounts(copy)) == factor * max(find_amounts(sample)) == factor * Decimal("2461996")


def test_scale_money_leaves_years_percentages_and_law_numbers() -> None:
    text = "2 461 996,00 درهم و40000.00 و0.00 سنة 2024 بنسبة 12.50% القانون 113.14 في 12.05.2023"
    assert (
        scale_money(text, 3)
        == "7 385 988,00 درهم و120000.00 و0.00 سنة 2024 بنسبة 12.50% القانون 113.14 في 12.05.2023"
    )


def test_synthetic_names_are_unique_up_to_the_limit() -> None:
    communes = [synthetic_commune(i) for i in range(MAX_COMMUNES)]
    assert len({c.slug for c in communes}) == len({c.name_ar for c in communes}) == MAX_COMMUNES
    with pytest.raises(ValueError):
        synthetic_commune(MAX_COMMUNES)
