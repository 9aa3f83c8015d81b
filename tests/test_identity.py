"""Commune lookup: the one-pass index counts what scanning the text once per commune name counted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interpret.identity import COMMUNE_WORDS, Commune, communes_named, resolve_commune
from normalizers.arabic import fold_key


def communes_named_by_scan(text: str, communes: tuple[Commune, ...]) -> dict[str, int]:
    """The reference: the text scanned once per commune x name x commune word (the former code)."""
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


# A small vocabulary so that generated texts name generated communes often, with spellings that fold
# together (ة/ه, hamza forms, accents, case) and the commune words in their raw forms.
NAME_WORDS = ["أيت", "ايت", "ملول", "الداخلة", "الداخله", "Aït", "ait", "Melloul", "Tétouan", "TETOUAN", "de"]
TEXT_WORDS = [*NAME_WORDS, "جماعة", "لجماعة", "للجماعة", "Commune", "commune", "d", "d'", "la", "2024", "x"]
SEPARATORS = [" ", "  ", "\n", " - ", ", ", "'", "\u00a0", "(", ")"]

names = st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3).map(" ".join)


@st.composite
def commune_lists(draw: st.DrawFn) -> tuple[Commune, ...]:
    size = draw(st.integers(min_value=0, max_value=6))
    return tuple(
        Commune(
            slug=f"c{i}",
            name_ar=draw(names),
            name_fr=draw(names),
            region="r",
            aliases=tuple(draw(st.lists(names, max_size=2))),
        )
        for i in range(size)
    )


@st.composite
def texts_and_communes(draw: st.DrawFn) -> tuple[str, tuple[Commune, ...]]:
    """Communes, and a text made of commune words, their names (whole or in part) and noise."""
    communes = draw(commune_lists())
    known = [name for c in communes for name in c.names()]
    pieces = st.one_of(
        st.sampled_from(TEXT_WORDS),
        st.sampled_from(["جماعة", "لجماعة", "Commune de", "commune d'", "COMMUNE D’"]),
        *([st.sampled_from(known)] if known else []),
    )
    parts = []
    for piece in draw(st.lists(pieces, max_size=40)):
        parts += [piece, draw(st.sampled_from(SEPARATORS))]
    return "".join(parts), communes


@settings(max_examples=500, deadline=None)
@given(case=texts_and_communes())
def test_the_index_counts_what_the_scan_counted(case: tuple[str, tuple[Commune, ...]]) -> None:
    text, communes = case
    assert communes_named(text, communes) == communes_named_by_scan(text, communes)


def test_counts_on_a_known_text() -> None:
    communes = (
        Commune("ait-melloul", "أيت ملول", "Aït Melloul", "Souss", aliases=("ايت ملول",)),
        Commune("tetouan", "تطوان", "Tétouan", "Tanger"),
        Commune("ait", "أيت", "Ait", "x"),  # a name that begins another's
    )
    text = "جماعة أيت ملول - Commune d'Aït Melloul. لجماعة تطوان ; جماعة أيت ملول جماعة أيت ملول"
    # "أيت ملول" and its alias fold alike: each Arabic match counts twice (2 + 2), the French one
    # once; the last repeat shares its space with the match before it and is not counted
    # (str.count's rule). "أيت" is named wherever "أيت ملول" is (3 Arabic, 1 French).
    expected = {"ait-melloul": 5, "tetouan": 1, "ait": 4}
    assert communes_named(text, communes) == expected == communes_named_by_scan(text, communes)
    assert resolve_commune(text, communes, None) == ("ait-melloul", "document_text", [])
