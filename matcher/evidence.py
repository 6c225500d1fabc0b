"""Evidence for explanations: only what the group itself has, in the group's own words.

A reason shown to a resident must be true of the group. So a theme is a
reason only when the group has it (declared, or named in its own texts), and
a word is a reason only when it is distinctive — not a stop word, not an
everyday Dutch or English word by `wordfreq`'s counts, unless it is one of the
taxonomy's own theme words — and the group's text holds a form of it
(`related`, which refuses Snowball's collisions such as "stemmen"/"stemming").
The word shown is the group's form, so every reason can be found in the group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import stop_words
import wordfreq

from catalogue.records import GroupRecord
from catalogue.taxonomy import THEMES
from matcher.text import RELATED_PREFIX, STOPWORDS, normalise, related, stem

COMMON_ZIPF = 4.5  # wordfreq's Zipf scale: 4.5 ≈ 30 per million words ("avonds", "vriend")
MIN_LENGTH = 3
# Hyphenated words stay whole, so "burn-out" is one reason and not "burn, out".
_EVIDENCE_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def evidence_words(text: str) -> list[str]:
    """Normalised words of a text with hyphenated compounds kept whole."""
    return _EVIDENCE_WORD.findall(normalise(text).replace("'", ""))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    listed = [*stop_words.get_stop_words("dutch"), *stop_words.get_stop_words("english")]
    return frozenset(w for word in listed for w in evidence_words(word)) | STOPWORDS


@lru_cache(maxsize=1)
def _theme_words() -> frozenset[str]:
    """The taxonomy's one-word theme terms: domain words even when everyday ("slapen").

    Words inside multi-word terms ("nee zeggen", "baan kwijt") do not count alone.
    """
    found = set()
    for code, theme in THEMES.items():
        for term in (code, *theme.terms):
            parts = evidence_words(term)
            if len(parts) == 1:
                found.add(parts[0])
    return frozenset(found - _stop_words())


@lru_cache(maxsize=100_000)
def distinctive(word: str) -> bool:
    """Whether a normalised word can explain a match."""
    if len(word) < MIN_LENGTH or word.isdigit() or word in _stop_words():
        return False
    if word in _theme_words():
        return True
    common = max(wordfreq.zipf_frequency(word, "nl"), wordfreq.zipf_frequency(word, "en"))
    return common < COMMON_ZIPF


class GroupWords:
    """The words of one group, by their first letters, for finding a query word's form in it.

    A form must share the query word's stem and its first PREFIX letters
    (`related`), so a group's words are kept by those letters and only the few in
    the query word's bucket are stemmed and checked for being distinctive. Doing
    that for every word of the group (a Snowball stem and a `wordfreq` look-up per
    new word) made a group's first match cost about a millisecond.
    """

    PREFIX = RELATED_PREFIX

    def __init__(self, record: GroupRecord) -> None:
        text = " ".join([record.title, record.summary, record.description, *record.tags])
        by_prefix: dict[str, list[str]] = defaultdict(list)
        for word in dict.fromkeys(evidence_words(text)):
            by_prefix[word[: self.PREFIX]].append(word)
        self.by_prefix = dict(by_prefix)

    def form_of(self, word: str) -> str | None:
        """The group's own distinctive form of a query word, or None when the group lacks it."""
        root = stem(word)
        for candidate in self.by_prefix.get(word[: self.PREFIX], ()):
            if stem(candidate) == root and distinctive(candidate) and related(word, candidate):
                return candidate
        return None


def shared_words(query_words: Iterable[str], group: GroupWords, limit: int = 3) -> list[str]:
    """The group's forms of the distinctive query words it contains, in query order."""
    found: list[str] = []
    for word in query_words:
        if not distinctive(word):
            continue
        form = group.form_of(word)
        if form and form not in found:
            found.append(form)
            if len(found) == limit:
                break
    return found
