"""The translate tables of normalizers.arabic answer as the per-character rules they replaced."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from normalizers.arabic import punctuation_to_space, strip_accents

_ASCII_PUNCTUATION = frozenset(string.punctuation)


def per_character_strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def per_character_punctuation_to_space(text: str) -> str:
    return "".join(
        " " if ch in _ASCII_PUNCTUATION or unicodedata.category(ch).startswith("P") else ch for ch in text
    )


def test_every_character_of_the_basic_plane() -> None:
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        assert punctuation_to_space(ch) == per_character_punctuation_to_space(ch)
        assert strip_accents(ch) == per_character_strip_accents(ch)


@given(st.text(max_size=40))
def test_any_text(text: str) -> None:
    assert punctuation_to_space(text) == per_character_punctuation_to_space(text)
    assert strip_accents(text) == per_character_strip_accents(text)
