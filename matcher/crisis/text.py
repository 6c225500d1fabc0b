"""Text preparation for the crisis detector: sentences, short segments and plain tokens.

The rules match on concepts within a segment (a stretch between commas and
conjunctions), so a denial or a history word only reaches its own part of a
sentence: "twee jaar geleden een poging, nu weer gedachten" keeps the present.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from matcher.text import CHAT_SPELLINGS
from matcher.word_frequency import zipf

# Sentence ends; "15.30" and "(50)" are not sentence ends.
_SENTENCE = re.compile(r"[.!?]+(?=\s|$)|(?<!\d)[.!?]+(?!\d)|\n+")
# A segment ends at punctuation or before a conjunction that starts a new thought.
_SEGMENT = re.compile(
    r"[,:;\"\[\]/]+| (?=(?:want|omdat|terwijl|behalve) )"
    r"|(?<!\bhet)(?<!\bme)(?<!\bmij)(?<!\bik)(?<!\bdan)(?<!\bnou)(?<!\bnog)(?<!\bgewoon)(?<!\bzeg)(?<!\bdoe)(?<!\blaat)(?<!\bblijft)"
    r"(?<!\bblijf)(?<!\bga)(?<!\bkom)(?<!\btoch)(?<!\bzo) (?=maar )"
    r"| (?=en (?!(?:de|het|een|haar|zijn|mijn|mn|m n|hun|onze|jullie|die|deze|andere|ook|alle"
    r"|alles|\d+)\b))"
)
_TOKEN = re.compile(r"[a-z0-9]+")
_JOKE = re.compile(
    r"\b(?:haha\w*|hihi|lol|lmao|xd|grapje|geintje)\b"
    r"|[\U0001F602\U0001F923\U0001F605\U0001F648\U0001F61C\U0001F644]"
)

# Crisis words worth repairing when misspelt by one or two letters ("zelfmoort", "levn").
_REPAIRABLE = (
    "leven",
    "zelfmoord",
    "zelfdoding",
    "suicide",
    "suicidaal",
    "ophangen",
    "afscheidsbrief",
    "doodgaan",
    "overdosis",
    "slaappillen",
)
# A word with this much use in Dutch (wordfreq's Zipf scale, 1 ≈ once per 100 million
# words) is a real word, never a typo to repair: "leren" is not "leven", "heven" neither.
REAL_WORD_ZIPF = 1.0


# Chat spellings beyond the shared ones, only relevant here.
_EXTRA_SPELLINGS = {
    "kzie": "ik zie",
    "kga": "ik ga",
    "kdenk": "ik denk",
    "kan't": "kan niet",
    "wil't": "wil het",
    "zelfmoordgedachtes": "zelfmoordgedachten",
    "ni": "niet",
    "nimeer": "niet meer",
    "nmr": "niet meer",
    "dr": "er",
    "der": "er",
    # dialect and chat forms of "niet", "meer", "geen", "leven"
    "nie": "niet",
    "nait": "niet",
    "neet": "niet",
    "mie": "meer",
    "gain": "geen",
    "leve": "leven",
    "mss": "misschien",
    "ie": "hij",
    "em": "hem",
    "ze'n": "zijn",
    # past participles without their final n ("pillen genome", Limburgish "genómme")
    "genome": "genomen",
    "genomme": "genomen",
    "ingenome": "ingenomen",
    "geslikte": "geslikt",
}


@dataclass(frozen=True)
class Prepared:
    """A text cut into sentences of segments, each segment a space-joined token string."""

    sentences: tuple[tuple[str, ...], ...]
    joking: bool

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(s for sentence in self.sentences for s in sentence)

    @property
    def flat(self) -> str:
        """All tokens of the text in one string (for text-wide markers)."""
        return " ".join(self.segments)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("\u2019", "'").replace("\u2018", "'")


def _repair(word: str) -> str:
    # No cache, and no `wordfreq.zipf_frequency` (its cache would): residents' words
    # may not stay in memory between turns (DESIGN.md §6).
    if len(word) < 4 or word in _REPAIRABLE or zipf(word, "nl") >= REAL_WORD_ZIPF:
        return word
    for target in _REPAIRABLE:
        limit = 2 if len(target) >= 9 else 1
        if abs(len(word) - len(target)) <= limit and Levenshtein.distance(word, target) <= limit:
            return target
    return word


def _tokens(segment: str) -> str:
    words: list[str] = []
    for raw in segment.split():
        raw = raw.strip("'")
        expanded = _EXTRA_SPELLINGS.get(raw) or CHAT_SPELLINGS.get(raw) or raw
        for token in _TOKEN.findall(expanded.replace("'", "")):
            words.append(_repair(token))
    return " ".join(words)


# Abbreviations whose dot does not end a sentence ("Mw. voelt zich veilig").
_ABBREVIATION = re.compile(
    r"\b(mw|mevr|mr|dhr|pt|cl|ivm|i\.v\.m|o\.a|bijv|evt|tel|nr|ca|z\.s\.m|o\.b\.v|m\.b\.t|t\.a\.v"
    r"|d\.d)\."
)


def prepare(text: str) -> Prepared:
    """Sentences of segments of plain lower-case ASCII tokens, chat spellings expanded."""
    plain = _ABBREVIATION.sub(lambda m: m.group(1).replace(".", ""), _plain(text))
    sentences = []
    for sentence in _SENTENCE.split(plain):
        segments = tuple(t for t in (_tokens(s) for s in _SEGMENT.split(sentence)) if t)
        if segments:
            sentences.append(segments)
    return Prepared(tuple(sentences), bool(_JOKE.search(plain)))
