"""Dutch text handling: one normaliser and one tokenizer for every scorer.

Steps: lower-case, strip accents, expand common chat spellings ("mn",
"savonds"), split on non-letters, drop stop words, Snowball-stem, and split
compounds into known parts ("wandelgroep" → "wandel" + "groep") so that
compound and simple forms meet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import Stemmer

# PyStemmer (Snowball's C library): 0.6 µs a word against 40 µs for the pure-Python
# port, so no word cache is needed. Its own cache is off (size 0): it would keep
# every word a resident typed (DESIGN §6).
_STEMMER = Stemmer.Stemmer("dutch", 0)
_WORD = re.compile(r"[a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Everyday chat spellings → standard Dutch (general usage, not tied to any data set).
CHAT_SPELLINGS: dict[str, str] = {
    "mn": "mijn",
    "m'n": "mijn",
    "zn": "zijn",
    "z'n": "zijn",
    "t": "het",
    "'t": "het",
    "k": "ik",
    "ff": "even",
    "nie": "niet",
    "nt": "niet",
    "wss": "waarschijnlijk",
    "idd": "inderdaad",
    "savonds": "avond",
    "smorgens": "ochtend",
    "smiddags": "middag",
    "snachts": "nacht",
    "gwn": "gewoon",
    "vd": "van de",
    "mss": "misschien",
    "kvind": "ik vind",
    "kben": "ik ben",
    "kheb": "ik heb",
    "kwil": "ik wil",
    "dr": "er",
    "zo'n": "zo een",
    "n": "een",
    "tis": "het is",
    "dat's": "dat is",
}

STOPWORDS: frozenset[str] = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "alles",
        "ben",
        "bij",
        "bijna",
        "daar",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doe",
        "doen",
        "doet",
        "door",
        "du",
        "een",
        "eens",
        "en",
        "er",
        "even",
        "geen",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "jou",
        "jouw",
        "jullie",
        "kan",
        "kom",
        "komt",
        "kun",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "te",
        "toch",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wie",
        "wij",
        "wil",
        "wordt",
        "zal",
        "ze",
        "zei",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "of",
        "in",
        "is",
        "it",
        "i",
        "my",
        "me",
        "for",
        "with",
        "on",
        "at",
        "be",
        "am",
        "are",
        "was",
        "this",
        "that",
        "so",
        "just",
        "graag",
        "heel",
        "echt",
        "erg",
        "soms",
        "vaak",
        "wel",
        "beetje",
        "gewoon",
        "eigenlijk",
        "weer",
        "alleen",
        "sinds",
        "had",
        "gehad",
        "af",
        "vindt",
        "vind",
        "dus",
        "nou",
        "hoor",
        "haar",
        "zijn",
        "hen",
        "hun",
        "hem",
        "ze",
        "zo",
        "zou",
        "zouden",
        "kunnen",
        "moeten",
        "mogen",
        "wordt",
        "worden",
        "werd",
        "geweest",
        "ben",
        "bent",
        "zijn",
        "was",
        "waren",
        "wilt",
        "willen",
        "wil",
        "gaat",
        "gaan",
        "ging",
        "daarom",
        "daardoor",
        "omdat",
        "terwijl",
        "tijdens",
        "waar",
        "wanneer",
        "welke",
        "welk",
        "wie",
        "hoe",
        "hoeveel",
        "meneer",
        "mevrouw",
        "mw",
        "dhr",
        "hoi",
        "hallo",
        "hey",
        "hi",
        "ok",
        "oke",
        "jij",
        "jou",
        "jullie",
        "iets",
        "ergens",
        "iemand",
        "laatste",
        "tijd",
        "nu",
        "nog",
        "al",
        "wat",
        "ook",
        "maar",
        "dan",
        "zoekt",
        "zoek",
        "zoeken",
        "woont",
        "woon",
        "wonen",
    ]
)
# Words that carry meaning in this domain although they look like stop words.
KEEP: frozenset[str] = frozenset({"niemand"})
PREFIX = 7  # long words also match on their first letters ("depressief" ~ "depressie")

MIN_PART = 4  # compound parts shorter than this are too ambiguous to split on


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A chat spelling as a whole run between white space, found in one regex pass instead
# of splitting every text into words and looking each up.
_CHAT_WORD = re.compile(
    r"(?<!\S)(?:"
    + "|".join(re.escape(w) for w in sorted(CHAT_SPELLINGS, key=len, reverse=True))
    + r")(?!\S)"
)


def _standard_spelling(found: re.Match[str]) -> str:
    return CHAT_SPELLINGS[found.group()]


def _drop_combining(found: re.Match[str]) -> str:
    """A non-ASCII character, or nothing when it is a combining accent."""
    ch = found.group()
    return "" if unicodedata.combining(ch) else ch


def normalise(text: str) -> str:
    """Lower-case ASCII-ish text with accents removed and chat spellings expanded."""
    text = _CONTROL.sub(" ", text).lower()
    if text.isascii():  # nothing to decompose: most texts, and checking char by char was slow
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = _NON_ASCII.sub(_drop_combining, decomposed)
        plain = plain.replace("’", "'").replace("‘", "'")
    return _CHAT_WORD.sub(_standard_spelling, plain)


def words(text: str) -> list[str]:
    """Normalised word tokens, stop words kept (used by crisis and cue detection)."""
    return _WORD.findall(normalise(text).replace("'", ""))


def stem(word: str) -> str:
    """Snowball Dutch stem of one normalised word."""
    return str(_STEMMER.stemWord(word))


def is_content(word: str) -> bool:
    """Whether a normalised word carries meaning: no stop word, letter or bare number."""
    return len(word) > 1 and not word.isdigit() and (word in KEEP or word not in STOPWORDS)


def content_words(text: str) -> list[str]:
    """Words that carry meaning, in order."""
    return [w for w in words(text) if is_content(w)]


def lexical_tokens(word: str) -> list[tuple[str, float]]:
    """Weighted lexical features of one content word: its stem, and a prefix for long words."""
    root = stem(word)
    if len(word) >= PREFIX + 1 and word[:PREFIX] != root:
        return [(root, 1.0), ("~" + word[:PREFIX], 0.5)]
    return [(root, 1.0)]


def stems(text: str) -> list[str]:
    """Stemmed content words: the lexical scorers' basic tokens."""
    return [stem(w) for w in content_words(text)]


def split_compound(word: str, known: frozenset[str] | set[str]) -> list[str]:
    """Split a compound into two known stems if possible ("wandelgroep" → wandel, groep).

    Tries every split point, allowing the Dutch linking -s- and -en-; the
    first split whose both halves are known stems wins.
    """
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        head_stem = stem(head)
        if head_stem not in known:  # no link can help: the tail is stemmed only after a hit
            continue
        for link in ("", "s", "en", "e"):
            if link and not tail.startswith(link):
                continue
            rest = tail[len(link) :]
            if len(rest) < MIN_PART:
                continue
            rest_stem = stem(rest)
            if rest_stem in known:
                return [head_stem, rest_stem]
    return []


def expand_compounds(
    tokens: Iterable[str], raw_words: Iterable[str], known: frozenset[str] | set[str]
) -> list[str]:
    """Tokens plus the known parts of any compound among the raw words."""
    out = list(tokens)
    for word in raw_words:
        if len(word) >= 2 * MIN_PART:
            out.extend(split_compound(word, known))
    return out


# Endings that keep a word's meaning: inflection and the few derivations that stay on
# topic ("eenzaam" ~ "eenzaamheid", "angst" ~ "angstig"). "-ing" is not one of them:
# Snowball gives "stemmen" (voices) and "stemming" (mood) the same stem.
_SAME_MEANING_ENDINGS = frozenset(
    [
        *("", "e", "en", "n", "s", "es", "t", "d", "te", "de", "ten", "den", "heid", "ig"),
        *("ige", "igheid", "er", "ers", "je", "jes", "tje", "tjes", "ste", "f", "ve"),
    ]
)


RELATED_PREFIX = 3  # different words are forms of one word only if they share this many letters


def related(a: str, b: str) -> bool:
    """Whether two normalised words are forms of one word, not merely one Snowball stem.

    After the longest common prefix (a doubled final consonant counts once:
    "stem"/"stemmen"), both rests must be endings that keep the meaning.
    """
    if a == b:
        return True
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    if size < RELATED_PREFIX:
        return False
    rest_a, rest_b = a[size:], b[size:]
    if rest_a[:1] == a[size - 1 : size] and rest_a:  # "stem" + "men": drop the doubling
        rest_a = rest_a[1:]
    if rest_b[:1] == b[size - 1 : size] and rest_b:
        rest_b = rest_b[1:]
    return rest_a in _SAME_MEANING_ENDINGS and rest_b in _SAME_MEANING_ENDINGS
