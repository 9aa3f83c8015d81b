"""Broken text layers: a page whose layer decodes to wrong letters is read by OCR and flagged;
a correct layer is never OCR'd. Real pages of the corpus, Tesseract runs; nothing is mocked
except Tesseract's absence in the one test about it."""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_layers import break_text_layer, shift_arabic_targets
from hypothesis import given
from hypothesis import strategies as st

import extractors.ocr.engine
from extractors.base import NeedsOcr
from extractors.pdf import extract_pdf
from extractors.pdf.text_layer import TextLayerSettings, broken_reason
from normalizers.arabic import fold_key
from normalizers.plausibility import (
    ARABIC_LETTERS,
    arabic_words,
    corpus_plausibility,
    count_bigrams,
    known_share,
    plausibility,
    unmapped_share,
    word_bigrams,
)
from plans.model import Paragraph

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
DECK = RAW / "beni-mellal_open-plan_2024-2025.pdf"
BORN_DIGITAL = sorted(p for p in RAW.glob("*.pdf") if ".scanned." not in p.name)
# Slide 3 of the Beni Mellal deck, as its correct text layer gives it.
SLIDE_3_HEADING = "اجتماع اللجان لمناقشة برنامج انفتاح الجماعة"


def page_texts(doc, page: int) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.location.page == page]


@pytest.fixture(scope="module")
def broken_deck(tmp_path_factory) -> Path:
    """The Beni Mellal deck with slide 3's font map shifted by one glyph."""
    return break_text_layer(DECK, tmp_path_factory.mktemp("broken") / "deck.pdf", {3})


@pytest.fixture(scope="module")
def deck():
    return extract_pdf(DECK)


def test_the_issue_sentence_is_told_from_its_garbled_reading():
    # The page shows the first; a Word-made PDF's layer gave the second.
    settings = TextLayerSettings(min_pairs=1)
    right = corpus_plausibility("صوب أعينها خلال المرحلة المقبلة")
    garbled = corpus_plausibility("صوو عييهاوخ لوال المر اوة الم باوة")
    assert broken_reason(right, settings) is None
    assert "known words 14%" in broken_reason(garbled, settings)


@pytest.mark.parametrize("pdf", BORN_DIGITAL, ids=lambda p: p.name)
def test_a_correct_text_layer_is_never_ocrd(pdf):
    doc = extract_pdf(pdf)
    assert doc.ocr_pages == ()
    assert not [w for w in doc.warnings if "does not read as Arabic" in w]


def test_broken_page_is_read_by_ocr_and_flagged(broken_deck, deck):
    doc = extract_pdf(broken_deck)
    assert doc.ocr_pages == (3,)
    assert doc.ocr_notes[0].startswith("page 3: read by OCR")
    assert "does not read as Arabic" in doc.ocr_notes[0]
    ocr_text = fold_key(" ".join(page_texts(doc, 3)))
    assert fold_key(SLIDE_3_HEADING) in ocr_text
    # The garbled layer of slide 3 is nowhere in the document.
    with_broken_layer = extract_pdf(broken_deck, settings=_never_judged())
    garbled = [t for t in page_texts(with_broken_layer, 3) if arabic_words(t)]  # digits map right
    assert garbled and not any(fold_key(SLIDE_3_HEADING) in fold_key(t) for t in garbled)
    assert not set(garbled) & {b.text for b in doc.blocks if isinstance(b, Paragraph)}
    # Every other slide keeps its own text layer, unchanged.
    for page in (1, 2, 4, 25):
        assert page_texts(doc, page) == page_texts(deck, page)


def test_broken_page_without_tesseract_is_left_out_and_said(broken_deck, monkeypatch):
    def missing(tessdata: str, languages: str) -> None:
        raise NeedsOcr("the tesseract program is not installed")

    monkeypatch.setattr(extractors.ocr.engine, "check_tesseract", missing)
    doc = extract_pdf(broken_deck)
    assert page_texts(doc, 3) == [] and doc.ocr_pages == ()
    assert any(w.startswith("page 3: its text layer does not read as Arabic") for w in doc.warnings)
    assert page_texts(doc, 4)


def _never_judged():
    from extractors.pdf import PdfSettings

    return PdfSettings(text_layer=TextLayerSettings(min_pairs=10**9, max_unmapped_share=1.0))


# --------------------------------------------------------------------------- pure functions

arabic_word = st.text(alphabet=sorted(ARABIC_LETTERS), min_size=1, max_size=12)


@given(arabic_word)
def test_a_word_has_one_letter_pair_more_than_letters(word):
    pairs = word_bigrams(word)
    assert len(pairs) == len(word) + 1
    assert pairs[0][0] == "#" and pairs[-1][1] == "#"


@given(st.lists(arabic_word, min_size=1, max_size=20))
def test_scores_do_not_depend_on_the_direction_words_are_spelt(words):
    counts = count_bigrams(["صوب أعينها خلال المرحلة المقبلة"])
    vocabulary = frozenset(arabic_words("صوب أعينها خلال المرحلة المقبلة"))
    forwards = plausibility(" ".join(words), counts, vocabulary)
    backwards = plausibility(" ".join(w[::-1] for w in words), counts, vocabulary)
    assert forwards.score == pytest.approx(backwards.score)
    assert forwards.known_share == pytest.approx(backwards.known_share)
    assert 0.0 <= forwards.known_share <= 1.0


@given(st.text(max_size=200))
def test_shares_are_shares(text):
    assert 0.0 <= unmapped_share(text) <= 1.0
    assert 0.0 <= known_share(arabic_words(text), frozenset()) <= 1.0


def test_unmapped_glyphs_make_a_layer_broken():
    reading = corpus_plausibility("(cid:12)(cid:7) (cid:9) مشروع")
    assert broken_reason(reading, TextLayerSettings()).endswith("have no letter in the text layer")


@given(st.lists(st.sampled_from(sorted(ARABIC_LETTERS)), min_size=2, max_size=30, unique=True))
def test_a_shifted_map_moves_every_arabic_target(letters):
    cmap = "".join(f"<{n:02X}> <{ord(c):04X}>\n" for n, c in enumerate(letters)).encode()
    shifted = shift_arabic_targets(cmap).decode().split("\n")
    targets = [line.split("<")[2][:4] for line in shifted if line]
    assert targets == [f"{ord(c):04X}" for c in letters[1:] + letters[:1]]
