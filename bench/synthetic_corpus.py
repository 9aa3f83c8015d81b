"""A synthetic corpus of N communes made from the sample plans, for ``bench.scale``.

Every synthetic commune gets one sample plan (the plans taking turns) in its text and Word
renditions: renditions that need no LibreOffice and whose text is easy to vary. In each copy

- every name of the sample's commune (Arabic, French, their aliases) becomes the synthetic commune's
  name, so the document names its own commune ("جماعة عين الجبل الكبرى") as a real upload does;
- every amount in dirhams written with two decimals ("2 461 996,00", "40000.00") is multiplied by
  a small integer factor: all of a document's amounts by the same one, so totals still add up, and
  no year, count or percentage is touched. Plans whose amounts are not written so (the Dakhla PAC
  counts in millions) vary by their commune's name only.

``manifest.csv`` (file,commune) is written next to the files and a reference list of the synthetic
communes (``data/reference/communes.csv``'s columns) where the caller says, outside the raw folder
(any other file there is a document): ``plans refresh`` takes the commune from the document's text,
else from the manifest, and it must be a row of the reference list.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from interpret.identity import Commune

# The renditions copied: both are read without LibreOffice, and their text is plain to rewrite.
RENDITIONS = (".txt", ".docx")

# Three words per synthetic name (20 x 20 x 10 = 4000 communes): every name has the same number of
# words, so one name is never the start of another ("جماعة A B" inside "جماعة A B C").
_FIRST = (
    ("تيزي", "Tizi"), ("عين", "Ain"), ("سيدي", "Sidi"), ("أولاد", "Oulad"), ("دار", "Dar"),
    ("بئر", "Bir"), ("واد", "Oued"), ("تامري", "Tamri"), ("إمي", "Imi"), ("تالات", "Talat"),
    ("أكلو", "Aglou"), ("تاغزوت", "Taghazout"), ("إغرم", "Ighrem"), ("تافراوت", "Tafraout"),
    ("أمسكرود", "Amskroud"), ("تيغسالين", "Tighssaline"), ("أزرو", "Azrou"), ("إفران", "Ifrane"),
    ("تيديلي", "Tidili"), ("أنزي", "Anzi"),
)  # fmt: skip
_SECOND = (
    ("الزيتون", "Zitoune"), ("النخيل", "Nakhil"), ("الواحة", "Waha"), ("الجبل", "Jbel"),
    ("البحر", "Bahr"), ("الوادي", "Wadi"), ("السهل", "Sahl"), ("الغابة", "Ghaba"),
    ("الرمال", "Rmal"), ("الورود", "Woroud"), ("الأطلس", "Atlas"), ("السلام", "Salam"),
    ("النور", "Nour"), ("الخير", "Khir"), ("الربيع", "Rbii"), ("المرجان", "Marjane"),
    ("الياسمين", "Yasmine"), ("الزهور", "Zhour"), ("العيون", "Ayoun"), ("القصبة", "Kasba"),
)  # fmt: skip
_THIRD = (
    ("الكبرى", "Kobra"), ("العليا", "Oulia"), ("السفلى", "Soufla"), ("الجديدة", "Jadida"),
    ("القديمة", "Qadima"), ("الشرقية", "Charqia"), ("الغربية", "Gharbia"), ("الشمالية", "Chamalia"),
    ("الجنوبية", "Janoubia"), ("الوسطى", "Wosta"),
)  # fmt: skip
MAX_COMMUNES = len(_FIRST) * len(_SECOND) * len(_THIRD)
REGION = "Synthétique"

# A money figure in dirhams: at least 1 000 (grouped by spaces or not), then exactly two decimals;
# not part of a longer number, a date (12.05.2023) or a percentage. Smaller two-decimal figures are
# left alone: they are law numbers (113.14) or amounts in millions (44.80 in the Dakhla PAC, whose
# other millions have one decimal or none: scaling some of them would break its totals).
_MONEY = re.compile(
    r"(?<![\d.,/])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{4,})([.,])(\d{2})(?![\d.,/])(?!\s?[%\u066a])"
)

# The Word parts that hold text a reader sees: the body, headers and footers.
_STORY_PART = re.compile(r"^/word/(document|header\d*|footer\d*)\.xml$")


@dataclass(frozen=True)
class Template:
    """One sample plan: its commune and the renditions of it to copy."""

    commune: Commune
    stem_suffix: str  # the file name after the commune slug: "_open-plan_2024-2025"
    files: tuple[Path, ...]


def synthetic_commune(index: int) -> Commune:
    """The index-th synthetic commune (0-based): a three-word Arabic name and its French spelling."""
    if not 0 <= index < MAX_COMMUNES:
        raise ValueError(f"synthetic commune index {index} outside 0..{MAX_COMMUNES - 1}")
    first = _FIRST[index % len(_FIRST)]
    second = _SECOND[(index // len(_FIRST)) % len(_SECOND)]
    third = _THIRD[index // (len(_FIRST) * len(_SECOND))]
    name_ar = " ".join(w[0] for w in (first, second, third))
    name_fr = " ".join(w[1] for w in (first, second, third))
    return Commune(slug=name_fr.lower().replace(" ", "-"), name_ar=name_ar, name_fr=name_fr, region=REGION)


def name_replacements(old: Commune, new: Commune) -> list[tuple[str, str]]:
    """(old, new) strings, longest first: every spelling of the old commune's name, and the
    "لل..." form an article-initial Arabic name takes after the preposition ("للداخلة")."""
    pairs = [(n, new.name_ar) for n in (old.name_ar, *old.aliases) if _is_arabic(n)]
    pairs += [(n, new.name_fr) for n in (old.name_fr, *old.aliases) if not _is_arabic(n)]
    pairs += [("لل" + n[2:], "ل" + new.name_ar) for n, _ in list(pairs) if n.startswith("ال")]
    return sorted(set(pairs), key=lambda p: -len(p[0]))


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def scale_money(text: str, factor: int) -> str:
    """Every two-decimal money figure times ``factor``, written as it was (grouping, decimal mark)."""

    def scaled(match: re.Match[str]) -> str:
        whole, mark, cents = match.groups()
        separator = next((ch for ch in whole if not ch.isdigit()), "")
        value = (int(re.sub(r"\D", "", whole)) * 100 + int(cents)) * factor
        digits = str(value // 100)
        if separator:
            groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
            digits = separator.join(groups)
        return f"{digits}{mark}{value % 100:02d}"

    return _MONEY.sub(scaled, text)


def vary_text(text: str, replacements: Iterable[tuple[str, str]], factor: int) -> str:
    for old, new in replacements:
        text = text.replace(old, new)
    return scale_money(text, factor)


def vary_docx(source: Path, target: Path, rewrite: Callable[[str], str]) -> None:
    """Rewrite every paragraph's text (body, tables, headers, footers) keeping its runs.

    A paragraph whose rewrite changes nothing keeps its XML. Otherwise each text node is rewritten
    alone when that gives the paragraph's rewritten text (formatting kept); a name or amount split
    across runs puts the whole new text in the first node instead.
    """
    document = docx.Document(str(source))
    # Each part once (sections share headers): a second pass would scale its amounts twice.
    parts = [
        part.element
        for part in document.part.package.iter_parts()
        if isinstance(part, XmlPart) and _STORY_PART.match(str(part.partname))
    ]
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            nodes = [t for t in paragraph.iter(qn("w:t")) if t.text]
            text = "".join(t.text for t in nodes)
            new_text = rewrite(text)
            if new_text == text:
                continue
            rewritten = [rewrite(t.text) for t in nodes]
            if "".join(rewritten) != new_text:
                rewritten = [new_text] + [""] * (len(nodes) - 1)
            for node, value in zip(nodes, rewritten, strict=True):
                node.text = value
                node.set(qn("xml:space"), "preserve")
    properties = document.core_properties
    properties.title = rewrite(properties.title or "")
    properties.subject = rewrite(properties.subject or "")
    document.save(str(target))


def templates(raw: Path, communes: Iterable[Commune]) -> list[Template]:
    """The sample plans with a .txt or .docx rendition, by the commune their manifest row names."""
    by_slug = {c.slug: c for c in communes}
    with (raw / "manifest.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if Path(r["file"]).suffix in RENDITIONS]
    stems: dict[tuple[str, str], list[Path]] = {}
    for row in rows:
        path = raw / row["file"]
        if not path.stem.startswith(row["commune"]) or "." in path.stem:
            continue  # a rendition variant (.scanned.pdf) or a name not led by its commune's slug
        stems.setdefault((row["commune"], path.stem), []).append(path)
    return [
        Template(by_slug[slug], stem[len(slug) :], tuple(sorted(files)))
        for (slug, stem), files in sorted(stems.items())
    ]


def amount_factor(index: int) -> int:
    """2..9: never 1, so no synthetic document repeats its template's amounts."""
    return 2 + index % 8


def write_corpus(
    raw: Path, communes: Iterable[Commune], size: int, target: Path, communes_csv: Path
) -> list[Path]:
    """``size`` synthetic communes: their files and manifest.csv into ``target``, their reference
    list into ``communes_csv``. Returns the files."""
    plans = templates(raw, communes)
    target.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, Commune]] = []
    for index in range(size):
        commune = synthetic_commune(index)
        plan = plans[index % len(plans)]
        replacements = name_replacements(plan.commune, commune)
        factor = amount_factor(index)

        def rewrite(
            text: str, replacements: list[tuple[str, str]] = replacements, factor: int = factor
        ) -> str:
            return vary_text(text, replacements, factor)

        for source in plan.files:
            path = target / f"{commune.slug}{plan.stem_suffix}{source.suffix}"
            if source.suffix == ".docx":
                vary_docx(source, path, rewrite)
            else:
                path.write_text(rewrite(source.read_text(encoding="utf-8")), encoding="utf-8")
            written.append((path, commune))
    with (target / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "commune"])
        writer.writerows((p.name, c.slug) for p, c in written)
    write_communes([synthetic_commune(i) for i in range(size)], communes_csv)
    return [p for p, _ in written]


def write_communes(communes: Iterable[Commune], path: Path) -> None:
    """The reference list's format (data/reference/communes.csv)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["slug", "name_ar", "name_fr", "region", "aliases_ar", "aliases_fr"])
        writer.writerows((c.slug, c.name_ar, c.name_fr, c.region, "", "") for c in communes)
