"""Reading a resident's message into derived, controlled-vocabulary facts.

Every function takes the text and returns only codes and names from the
taxonomy (theme codes, taxonomy terms, municipality names, weekday codes,
cue flags). The text itself is never returned, so the dialogue can keep what
these functions give back without keeping anyone's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from catalogue import taxonomy as tx
from matcher.concepts import find_themes
from matcher.cues import read_cues
from matcher.fuzzy import Speller
from matcher.profile import suggest_municipalities
from matcher.text import STOPWORDS, normalise, words

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


@dataclass(frozen=True)
class Place:
    """Where a resident wants a group: a municipality, online, or suggestions to pick from."""

    municipality: str | None = None
    online: bool = False
    suggestions: tuple[str, ...] = ()
    unknown_postcode: bool = False


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
    themes = tuple(hit.theme for hit in hits)
    terms = tuple(dict.fromkeys(term for hit in hits for term in hit.evidence))
    cues = read_cues(text)
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


def _plain(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", normalise(text)).strip() + " "


@lru_cache(maxsize=1)
def _municipality_patterns() -> tuple[tuple[str, str], ...]:
    """(plain form, canonical name), longest first so 'Oude IJsselstreek' wins."""
    pairs = [(_plain(name), name) for name in tx.MUNICIPALITIES]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def mentioned_municipality(text: str) -> str | None:
    """A GEM municipality named exactly somewhere in the text."""
    plain = _plain(text)
    for pattern, name in _municipality_patterns():
        if pattern in plain:
            return name
    return None


_ONLINE = re.compile(r" (online|internet|digitaal|thuis|vanuit huis|beeldbellen|videobellen) ")
_POSTCODE = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])", flags=re.ASCII)
_FILLER = frozenset(
    [
        "ik",
        "woon",
        "wonen",
        "in",
        "de",
        "het",
        "te",
        "bij",
        "buurt",
        "omgeving",
        "gemeente",
        "regio",
        "van",
        "uit",
        "kom",
        "dichtbij",
        "rond",
        "dorp",
        "stad",
        "plaats",
        "graag",
        "ergens",
        "near",
        "live",
        "city",
    ]
)


def read_place(text: str) -> Place:
    """Municipality, postcode or 'online' in a message; suggestions when it is unclear."""
    plain = _plain(text)
    named = mentioned_municipality(text)
    if named:
        return Place(municipality=named)
    postcode = _POSTCODE.search(plain)
    if postcode:
        found = tx.municipality_for_postcode(postcode.group(1))
        return Place(municipality=found) if found else Place(unknown_postcode=True)
    if _ONLINE.search(plain):
        return Place(online=True)
    rest = " ".join(w for w in plain.split() if w not in _FILLER)
    if len(rest) < 3:
        return Place()
    return Place(suggestions=tuple(suggest_municipalities(rest, limit=3)))


_DAY_WORDS: dict[str, tuple[str, ...]] = {
    "maandag": ("ma",),
    "maandags": ("ma",),
    "maandagen": ("ma",),
    "dinsdag": ("di",),
    "dinsdags": ("di",),
    "dinsdagen": ("di",),
    "woensdag": ("wo",),
    "woensdags": ("wo",),
    "woensdagen": ("wo",),
    "donderdag": ("do",),
    "donderdags": ("do",),
    "donderdagen": ("do",),
    "vrijdag": ("vr",),
    "vrijdags": ("vr",),
    "vrijdagen": ("vr",),
    "zaterdag": ("za",),
    "zaterdags": ("za",),
    "zaterdagen": ("za",),
    "zondag": ("zo",),
    "zondags": ("zo",),
    "zondagen": ("zo",),
    "weekend": ("za", "zo"),
    "weekenden": ("za", "zo"),
    "doordeweeks": ("ma", "di", "wo", "do", "vr"),
    "werkdagen": ("ma", "di", "wo", "do", "vr"),
}
_ANY_DAY = re.compile(
    r" (maakt (me |mij )?(niet|niks) uit|geen voorkeur|altijd|alle dagen|elke dag|iedere dag"
    r"|weet (ik )?(het )?niet|nvt|maakt niet|maakt niks|boeit niet|om het even) "
)
_JOINERS = frozenset({"en", "of", "en of", "tot", "t", "m"})


def read_days(text: str) -> tuple[str, ...] | None:
    """Weekday codes named in the text; () for 'maakt niet uit'; None when unclear."""
    plain = _plain(text)
    if _ANY_DAY.search(plain):
        return ()
    tokens = plain.split()
    found: set[str] = set()
    for token in tokens:
        found.update(_DAY_WORDS.get(token, ()))
    if " door de week " in plain:
        found.update(("ma", "di", "wo", "do", "vr"))
    if not found and tokens and all(t in tx.WEEKDAYS or t in _JOINERS for t in tokens):
        found.update(t for t in tokens if t in tx.WEEKDAYS)  # "di, do"
    if not found:
        return None
    return tuple(d for d in tx.WEEKDAYS if d in found)
