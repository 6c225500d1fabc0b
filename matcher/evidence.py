"""Evidence for explanations: only what the group itself has, in the group's own words.

A reason shown to a resident must be true of the group. So a theme is a
reason only when the group has it (declared, or named in its own texts), and
a word is a reason only when it is distinctive — not a stop word, not an
everyday Dutch or English word by `wordfreq`'s counts (`matcher.word_frequency`),
unless it is one of the taxonomy's own theme words — and the group's text holds a
form of it (`related`, which refuses Snowball's collisions such as "stemmen" and
"stemming").
The word shown is the group's form, so every reason can be found in the group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import stop_words

from catalogue.records import GroupRecord
from catalogue.taxonomy import THEMES
from matcher.text import RELATED_PREFIX, STOPWORDS, normalise, related, stem
from matcher.word_frequency import LANGUAGES, zipf

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


def distinctive(word: str) -> bool:
    """Whether a normalised word can explain a match."""
    if len(word) < MIN_LENGTH or word.isdigit() or word in _stop_words():
        return False
    if word in _theme_words():
        return True
    return max(zipf(word, lang) for lang in LANGUAGES) < COMMON_ZIPF


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
        self._roots: dict[str, str | None] = {}

    def _stem_if_distinctive(self, candidate: str) -> str | None:
        """A group word's stem, or None when it cannot explain a match.

        Remembered per group: these are the catalogue's words, never a resident's.
        """
        try:
            return self._roots[candidate]
        except KeyError:
            root = self._roots[candidate] = stem(candidate) if distinctive(candidate) else None
            return root

    def form_of(self, query: QueryWord) -> str | None:
        """The group's own distinctive form of a query word, or None when the group lacks it."""
        for candidate in self.by_prefix.get(query.word[: self.PREFIX], ()):
            if self._stem_if_distinctive(candidate) == query.root and related(
                query.word, candidate
            ):
                return candidate
        return None


class QueryWord(NamedTuple):
    """A distinctive word of a query and its stem."""

    word: str
    root: str


def query_evidence(words: Iterable[str]) -> tuple[QueryWord, ...]:
    """A query's distinctive words with their stems, in order.

    Worked out once per query, not once per group compared: no cache may keep a
    resident's word (DESIGN §6), and repeating this per group doubled a match's time.
    """
    return tuple(QueryWord(w, stem(w)) for w in dict.fromkeys(words) if distinctive(w))


def shared_words(query: Iterable[QueryWord], group: GroupWords, limit: int = 3) -> list[str]:
    """The group's forms of the query's distinctive words it contains, in query order."""
    found: list[str] = []
    for word in query:
        form = group.form_of(word)
        if form and form not in found:
            found.append(form)
            if len(found) == limit:
                break
    return found
