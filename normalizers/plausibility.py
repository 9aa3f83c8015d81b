"""Does a text layer read as Arabic? Letter-pair and known-word scores, small pure functions.

A PDF whose font has a broken ToUnicode map decodes glyphs to the wrong letters ("صوب أعينها"
comes out as "صوو عييهاوخ"). The words look Arabic to a script check, but they are not words:

- ``score``: the mean log2-probability of each word's letter pairs (word edges included) under a
  bigram model counted from Arabic text, minus the same under uniformly random letters. Real
  Arabic pages of the corpus score 1.4-2.0; a glyph map shifted by one scores about 0.
- ``known_share``: the share of words of three letters or more found in the corpus vocabulary
  (with a leading و/ب/ل/ف/ال removed). Real pages: 0.48-0.93 with each plan's own words left out
  of the vocabulary; the garbled sentence above: 0.14, where the letter pairs alone (1.39) would
  not tell.
- ``unmapped_share``: glyphs the layer could not map at all (pdfminer's "(cid:N)", private-use
  code points, U+FFFD).

No maintained library scores letter-level plausibility of Arabic (language detectors such as
langdetect answer "which language", and still answer "ar" for garbled Arabic letters), so this is
written here; the counts come from the corpus text renditions (``count_bigrams``, rebuilt with
``python -m normalizers.plausibility data/raw/*.txt``, which also writes the vocabulary).
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from normalizers.arabic import fold_letters, normalize_text

BIGRAMS_CSV = Path(__file__).parent / "lexicons" / "arabic_letter_bigrams.csv"
VOCABULARY_TXT = Path(__file__).parent / "lexicons" / "arabic_words.txt"
# Clitics written joined to the next word: a word is known when it, or it without one of these, is.
_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
MIN_KNOWN_LENGTH = 3  # shorter words are known by chance too often to tell anything
EDGE = "#"  # a word's start or end, so "a word cannot end in this letter" is learnt too
# The 28 letters plus ة and ى and hamza forms left after fold_letters (alef variants folded).
ARABIC_LETTERS = frozenset("ءابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "ةىئؤ")
_WORD = re.compile(f"[{''.join(sorted(ARABIC_LETTERS))}]+")
_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")


@dataclass(frozen=True)
class Plausibility:
    """How a text reads: its score (mean log2-probability gain per letter pair over random letters),
    how many letter pairs it rests on, and the share of glyphs the layer left unmapped."""

    score: float
    known_share: float
    pairs: int
    unmapped_share: float


def arabic_words(text: str) -> list[str]:
    """The Arabic words of a text, letters folded (alef forms, diacritics), in order."""
    return _WORD.findall(fold_letters(normalize_text(text)))


def word_bigrams(word: str) -> list[str]:
    """A word's letter pairs, with its start and end: "باب" -> "#ب", "با", "اب", "ب#"."""
    padded = f"{EDGE}{word}{EDGE}"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def count_bigrams(texts: Iterable[str]) -> Counter[str]:
    """Letter-pair counts of the Arabic words of some texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word in arabic_words(text):
            counts.update(word_bigrams(word))
    return counts


def unmapped_share(text: str) -> float:
    """Share of the text's non-space characters that are glyphs the text layer could not map."""
    unmapped = len(_UNMAPPED.findall(text))
    rest = len(re.sub(r"\s", "", _UNMAPPED.sub("", text)))
    return unmapped / (unmapped + rest) if unmapped + rest else 0.0


def mean_gain(pairs: list[str], counts: Mapping[str, int]) -> float:
    """Mean log2 gain of the pairs' probabilities (add-one smoothed) over uniform letters."""
    symbols = len(ARABIC_LETTERS) + 1
    first = Counter[str]()
    for pair, count in counts.items():
        first[pair[0]] += count
    gain = 0.0
    for pair in pairs:
        probability = (counts.get(pair, 0) + 1) / (first.get(pair[0], 0) + symbols)
        gain += math.log2(probability * symbols)
    return gain / len(pairs)


def is_known(word: str, vocabulary: frozenset[str]) -> bool:
    """The word, or the word without a joined clitic, is in the vocabulary."""
    return word in vocabulary or any(
        word.startswith(prefix) and word[len(prefix) :] in vocabulary for prefix in _PREFIXES
    )


def known_share(words: list[str], vocabulary: frozenset[str]) -> float:
    """Share of the words (of MIN_KNOWN_LENGTH letters or more) in the vocabulary; 0.0 if none."""
    long_words = [w for w in words if len(w) >= MIN_KNOWN_LENGTH]
    if not long_words:
        return 0.0
    return sum(is_known(w, vocabulary) for w in long_words) / len(long_words)


def plausibility(text: str, counts: Mapping[str, int], vocabulary: frozenset[str]) -> Plausibility:
    """Score a text against letter-pair counts and a vocabulary. Words are scored as written and
    reversed and the better kept: a text layer in visual order (pdfplumber's raw text) spells every
    word backwards, which is no sign of a broken font map."""
    words = arabic_words(text)
    pairs = [pair for word in words for pair in word_bigrams(word)]
    if not pairs:
        return Plausibility(0.0, 0.0, 0, unmapped_share(text))
    backwards = [word[::-1] for word in words]
    reversed_pairs = [pair for word in backwards for pair in word_bigrams(word)]
    return Plausibility(
        score=max(mean_gain(pairs, counts), mean_gain(reversed_pairs, counts)),
        known_share=max(known_share(words, vocabulary), known_share(backwards, vocabulary)),
        pairs=len(pairs),
        unmapped_share=unmapped_share(text),
    )


@cache
def corpus_bigrams() -> Mapping[str, int]:
    """The letter-pair counts shipped with the project (``lexicons/arabic_letter_bigrams.csv``)."""
    with BIGRAMS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["bigram"]: int(row["count"]) for row in csv.DictReader(handle)}


@cache
def corpus_vocabulary() -> frozenset[str]:
    """The Arabic words shipped with the project (``lexicons/arabic_words.txt``), folded."""
    return frozenset(VOCABULARY_TXT.read_text(encoding="utf-8").split())


def corpus_plausibility(text: str) -> Plausibility:
    """``plausibility`` against the shipped letter pairs and vocabulary."""
    return plausibility(text, corpus_bigrams(), corpus_vocabulary())


def write_vocabulary(texts: Iterable[str], path: Path = VOCABULARY_TXT) -> None:
    words = {word for text in texts for word in arabic_words(text) if len(word) >= MIN_KNOWN_LENGTH}
    path.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")


def write_bigrams(counts: Mapping[str, int], path: Path = BIGRAMS_CSV) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["bigram", "count"])
        for pair, count in sorted(counts.items()):
            writer.writerow([pair, count])


if __name__ == "__main__":
    corpus = [Path(p).read_text(encoding="utf-8") for p in sys.argv[1:]]
    write_bigrams(count_bigrams(corpus))
    write_vocabulary(corpus)
    print(f"wrote {BIGRAMS_CSV} and {VOCABULARY_TXT}")
