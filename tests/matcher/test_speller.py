"""The speller's shortcuts (length buckets, memo) give exactly what a full scan gives."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from matcher.fuzzy import REAL_WORD_ZIPF, SHORT_CUTOFF, SPELL_CUTOFF, Speller, reachable_lengths
from matcher.text import related
from matcher.word_frequency import LANGUAGES, zipf


def _full_scan(vocabulary: list[str], word: str) -> str | None:
    known = sorted({w for w in vocabulary if len(w) >= 3})
    if word in known or len(word) < 4 or word.isdigit():
        return None
    cutoff = SHORT_CUTOFF if len(word) < 5 else SPELL_CUTOFF
    hit = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=cutoff)
    real = max(zipf(word, lang) for lang in LANGUAGES) >= REAL_WORD_ZIPF
    if hit and real and not related(word, hit[0]):
        return None
    return str(hit[0]) if hit else None


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice("sdi")
    letter = rng.choice("aeiouklmnrst")
    if kind == "s":
        return word[:i] + letter + word[i + 1 :]
    if kind == "d":
        return word[:i] + word[i + 1 :]
    return word[:i] + letter + word[i:]


def test_repairs_equal_a_full_scan_of_the_vocabulary() -> None:
    rng = random.Random(3)
    letters = "aeioubdgklmnprstvwz"
    vocabulary = [
        "".join(rng.choice(letters) for _ in range(rng.randint(3, 16))) for _ in range(3000)
    ]
    vocabulary += ["eenzaamheid", "eenzaam", "depressief", "somberheid", "rouw", "rouwen"]
    speller = Speller(vocabulary)
    queries = [_typo(rng, rng.choice(vocabulary)) for _ in range(600)]
    queries += ["eenzaamhied", "depresief", "rouv", "somberhijd"]
    differ = [q for q in queries if speller.correct(q) != _full_scan(vocabulary, q)]
    assert differ == []
    assert speller.correct("eenzaamhied") == "eenzaamheid"
    # Asked again (the memo), the same answer.
    assert [speller.correct(q) for q in queries] == [_full_scan(vocabulary, q) for q in queries]


def test_reachable_lengths_hold_every_word_that_can_reach_the_cutoff() -> None:
    for n in range(4, 30):
        for m in range(3, 60):
            best_possible = 100 * (1 - abs(n - m) / (n + m))
            for cutoff in (SHORT_CUTOFF, SPELL_CUTOFF):
                if best_possible >= cutoff:
                    assert m in reachable_lengths(n, cutoff), (n, m, cutoff)


def test_real_words_are_not_repaired_into_theme_words() -> None:
    # The chat's theme speller turned "midden" into "middelen" (addiction) and "iemand"
    # into "niemand" (loneliness): themes the resident never mentioned.
    speller = Speller(["middelen", "niemand", "nergens", "debt", "depressief", "eenzaam"])
    for word in ("midden", "iemand", "ergens"):
        assert speller.correct(word) is None, word
    assert speller.correct("debts") == "debt"  # another form of the same word may be
    assert speller.correct("depresief") == "depressief"
    assert speller.correct("eenzam") == "eenzaam"
