"""How common a word is, from wordfreq's tables, read without wordfreq's own cache.

`wordfreq.zipf_frequency` keeps every word it is asked about in a module-level
dict of up to 100,000 entries. Asked about a resident's words (to tell a typo
from a real word, or a distinctive word from an everyday one) it would keep
them in memory across messages, which DESIGN §6 forbids. The tables themselves
are read once and shared; a look-up stores nothing.
"""

from __future__ import annotations

import math
from functools import cache

import wordfreq
from wordfreq.numbers import digit_freq, smash_numbers

LANGUAGES = ("nl", "en")


@cache
def table(lang: str) -> dict[str, float]:
    """wordfreq's frequency table of one language (word → frequency), loaded once."""
    return wordfreq.get_frequency_dict(lang)


def load() -> None:
    """Load the tables now (before a fork, or before traffic), not on the first message."""
    for lang in LANGUAGES:
        table(lang)


def zipf(word: str, lang: str) -> float:
    """A normalised word's Zipf frequency, as `wordfreq.zipf_frequency` gives it.

    A hyphenated word combines its parts as wordfreq does (1/f = 1/f1 + 1/f2),
    digits as wordfreq does ("19e" is looked up as "00e", weighted by how common
    such a number is); a part the table lacks makes the word unknown (0).
    """
    freqs = table(lang)
    inverse = 0.0
    for part in word.split("-"):
        smashed = smash_numbers(part)
        if smashed not in freqs:
            return 0.0
        freq = freqs[smashed] * (digit_freq(part) if smashed != part else 1.0)
        inverse += 1.0 / freq
    if not inverse:
        return 0.0
    freq = 1.0 / inverse
    freq = round(freq, math.floor(-math.log10(freq)) + 3)  # wordfreq's 3 significant digits
    return max(round(math.log10(freq) + 9, 2), 0.0)  # wordfreq never goes below 0
