"""Typo tolerance with rapidfuzz: spelling repair of query words and fuzzy keyword scoring.

The speller maps a query word the catalogue has never seen ("eenzaamhied",
"depresief") to the closest word it knows. The keyword scorer compares query
words with each group's title, tags and vocabulary labels, so near-misses
still count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from catalogue.records import GroupRecord
from catalogue.taxonomy import ELEMENTS, THEMES
from matcher.text import content_words, related, words
from matcher.word_frequency import LANGUAGES, zipf

MIN_LENGTH = 5  # shorter words need a looser cutoff to allow one typo
SPELL_CUTOFF = 85.0
SHORT_CUTOFF = 75.0
KEYWORD_CUTOFF = 80.0
# A word this common in Dutch or English text is a word, not a typo: "midden" is not a
# misspelt "middelen" (addiction), nor "iemand" a misspelt "niemand"; it may only become
# another form of itself ("debts" → "debt"). Typos common on the web stay below it
# ("depresief" 1.2, "eenzam" 0).
REAL_WORD_ZIPF = 2.5


class Speller:
    """Repairs misspelt words against a known vocabulary.

    The vocabulary grows with the catalogue (every venue and street name is a
    word), so a repair compares only with known words of a length that can reach
    the cutoff, and of those only the ones whose letter sets differ little enough to
    reach the cutoff (`letter_mask`): one numpy pass that leaves about one word in a
    hundred. Answers are not remembered: the words asked about are residents' words
    the catalogue lacks, which may not outlive their message (DESIGN §6).
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        words = sorted({w for w in vocabulary if len(w) >= 3})
        self.known = frozenset(words)
        self.by_length: dict[int, list[str]] = {}
        for word in words:  # sorted within each length, as in one sorted list
            self.by_length.setdefault(len(word), []).append(word)
        self.masks = {
            length: np.array([letter_mask(w) for w in group], dtype=np.uint64)
            for length, group in self.by_length.items()
        }

    def correct(self, word: str) -> str | None:
        """The known word closest to `word`; None when it is known, nothing is close, or
        `word` is a common real word and the closest is not a form of it."""
        if word in self.known or len(word) < 4 or word.isdigit():
            return None
        # Short words: one substituted letter in four scores 75.
        cutoff = SHORT_CUTOFF if len(word) < MIN_LENGTH else SPELL_CUTOFF
        best: tuple[float, str] | None = None
        mask = np.uint64(letter_mask(word))
        for length in reachable_lengths(len(word), cutoff):
            if length not in self.by_length:
                continue
            # Each letter in one word's set and not the other's costs at least one edit.
            allowed = (1 - cutoff / 100) * (len(word) + length) + 1e-6
            near = np.flatnonzero(np.bitwise_count(self.masks[length] ^ mask) <= allowed)
            group = self.by_length[length]
            hit = process.extractOne(
                word, [group[i] for i in near], scorer=fuzz.ratio, score_cutoff=cutoff
            )
            # The best score wins; on a tie the alphabetically first word, as before.
            if hit and (best is None or (hit[1], best[1]) > (best[0], hit[0])):
                best = (hit[1], hit[0])
        if best is None:
            return None
        if (
            not related(word, best[1])
            and max(zipf(word, lang) for lang in LANGUAGES) >= REAL_WORD_ZIPF
        ):
            return None  # a real word becomes another form of itself ("debts"), never another word
        return best[1]


def letter_mask(word: str) -> int:
    """The set of a word's characters as 64 bits (a-z, 0-9, anything else shares bits).

    fuzz.ratio = 100 · (1 − d / (n + m)), and every bit set in one word's mask and
    not the other's needs at least one insertion or deletion, so the popcount of
    the masks' XOR bounds d from below: words it puts out of reach are out of reach.
    Sharing a bit only lowers that bound, so it stays safe.
    """
    mask = 0
    for ch in word:
        code = ord(ch)
        if 97 <= code <= 122:
            mask |= 1 << (code - 97)
        elif 48 <= code <= 57:
            mask |= 1 << (code - 22)
        else:
            mask |= 1 << (36 + code % 28)
    return mask


def reachable_lengths(length: int, cutoff: float) -> range:
    """Word lengths whose fuzz.ratio with a word of `length` can reach `cutoff`.

    ratio = 100 · (1 − d / (n + m)) and the edit distance d ≥ |n − m|, so
    |n − m| ≤ (1 − cutoff/100) · (n + m) bounds m on both sides.
    """
    slack = 1 - cutoff / 100
    low = math.ceil(length * (1 - slack) / (1 + slack) - 1e-9)
    high = math.floor(length * (1 + slack) / (1 - slack) + 1e-9)
    return range(max(low, 3), high + 1)


def keyword_text(record: GroupRecord) -> str:
    """Title, tags and vocabulary labels: the short fields fuzzy matching compares with."""
    labels = [THEMES[t].label for t in record.themes if t in THEMES]
    labels += [ELEMENTS[e] for e in record.elements if e in ELEMENTS]
    return " ".join([record.title, *record.tags, *labels])


class FuzzyIndex:
    """Which keyword words each group has, as a sparse (groups × words) incidence matrix."""

    def __init__(self, records: Sequence[GroupRecord]) -> None:
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for doc, record in enumerate(records):
            for word in set(content_words(keyword_text(record))):
                if len(word) >= 3:
                    rows.append(doc)
                    cols.append(vocab.setdefault(word, len(vocab)))
        self.vocab = list(vocab)
        self.incidence = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(records), max(len(vocab), 1)),
        )
        self.size = len(records)

    def scores(self, query_text: str, docs: np.ndarray | None = None) -> np.ndarray:
        """For each group (or only `docs`), the summed best fuzzy match of each query word."""
        query_words = sorted({w for w in content_words(query_text) if len(w) >= 4})
        out = np.zeros(self.size, dtype=np.float32)
        if not query_words or not self.vocab:
            return out
        sims = process.cdist(
            query_words,
            self.vocab,
            scorer=fuzz.ratio,
            score_cutoff=KEYWORD_CUTOFF,
            dtype=np.float32,
            workers=1,
        )
        matrix = self.incidence if docs is None else self.incidence[docs]
        total = np.zeros(matrix.shape[0], dtype=np.float32)
        for row in sims:
            hits = np.flatnonzero(row)
            if len(hits):
                best = matrix[:, hits].multiply(row[hits] / 100.0).max(axis=1)
                total += np.asarray(best.todense(), dtype=np.float32).ravel()
        if docs is None:
            return total
        out[docs] = total
        return out


def vocabulary_words(records: Sequence[GroupRecord]) -> set[str]:
    """All words of the catalogue and the taxonomy, for the speller."""
    vocab: set[str] = set()
    for record in records:
        vocab.update(
            words(" ".join([record.title, record.summary, record.description, *record.tags]))
        )
    for theme in THEMES.values():
        for term in theme.terms:
            vocab.update(words(term))
    return vocab
