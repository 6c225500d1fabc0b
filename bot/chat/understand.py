"""Reading a resident's message into derived, controlled-vocabulary facts.

Every function takes the text and returns only codes and names from the
taxonomy (theme codes, taxonomy terms, municipality names, weekday codes,
cue flags). The text itself is never returned, so the dialogue can keep what
these functions give back without keeping anyone's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalogue import taxonomy as tx
from matcher import facts
from matcher.concepts import find_themes
from matcher.cues import read_cues, with_situation
from matcher.fuzzy import Speller
from matcher.places import Place, mentioned_municipality, read_place
from matcher.text import STOPWORDS, words

__all__ = [
    "CUE_PHRASES",
    "Place",
    "Topic",
    "mentioned_municipality",
    "read_days",
    "read_place",
    "read_topic",
]

MIN_REPAIR = 6  # shorter words are not spell-repaired: too many real words are one edit away

# Cue flags and the fixed phrases of ours that carry them into a Profile.
CUE_PHRASES: dict[str, str] = {
    "online": "liefst online vanuit huis",
    "geen_behandeling": "wil geen therapie",
    "geen_groep": "liever een op een",
}


@dataclass(frozen=True)
class Topic:
    """What a message is about, in taxonomy terms only."""

    themes: tuple[str, ...]
    terms: tuple[str, ...]
    cues: tuple[str, ...]


@lru_cache(maxsize=1)
def _speller() -> Speller:
    vocabulary: set[str] = set()
    for code, theme in tx.THEMES.items():
        vocabulary.update(words(" ".join((code, theme.label, *theme.terms))))
    return Speller(w for w in vocabulary if w not in STOPWORDS)


def _repaired(text: str) -> str:
    speller = _speller()
    out = []
    for word in words(text):
        fixed = speller.correct(word) if len(word) >= MIN_REPAIR else None
        out.append(fixed or word)
    return " ".join(out)


def read_topic(text: str) -> Topic:
    """Themes (with the taxonomy terms that showed them) and soft cues of a message."""
    hits = find_themes(_repaired(text))
    terms = tuple(dict.fromkeys(term for hit in hits for term in hit.evidence))
    cues = read_cues(text)
    themes = tuple(with_situation([hit.theme for hit in hits], cues))
    flags = [
        name
        for name, on in (
            ("online", cues.wants_online),
            ("geen_behandeling", cues.avoids_treatment),
            ("geen_groep", cues.avoids_groups),
        )
        if on
    ]
    return Topic(themes, terms, tuple(flags))


def read_days(text: str) -> tuple[str, ...] | None:
    """Weekday codes named in the text; () for 'maakt niet uit'; None when unclear.

    The reading itself is matcher.facts.read_days, shared by every front.
    """
    return facts.read_days(text)
