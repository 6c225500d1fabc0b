"""A resident's facts from their own words: age, role, language, when and where.

Every front (chat, web search, VG form) reads the same facts from the same
words, so they live here: pure functions, no database, no model. Each reader
returns codes and numbers only, never the text, so a conversation may keep
what they return between turns (DESIGN.md §6).

The readers are conservative: a fact is returned when the words state it,
and left out when they only hint at it. A missing fact costs a question; a
wrong one silently filters groups away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache

from catalogue import taxonomy as tx
from catalogue.records import TIMES_OF_DAY, part_of_day
from matcher.places import Place, plain, read_place, word_set
from matcher.text import normalise

__all__ = [
    "TIMES_OF_DAY",
    "PersonFacts",
    "Place",
    "origin_languages",
    "read_age",
    "read_days",
    "read_facts",
    "read_gender",
    "read_languages",
    "read_parenthood",
    "read_place",
    "read_times",
    "reads_as_newcomer",
    "reads_as_relative",
]

ALL_DAYS: tuple[str, ...] = tuple(tx.WEEKDAYS)
WORKDAYS: tuple[str, ...] = ALL_DAYS[:5]


@dataclass(frozen=True)
class PersonFacts:
    """What a message states about the person; codes and numbers only, never words.

    `gender` is a group-audience code ("vrouwen"/"mannen"). `languages` are
    language codes (taxonomy LANGUAGES, never "nl") the person says they speak
    or prefer; only with `little_dutch` are they a need rather than a skill.
    """

    age: int | None = None
    gender: str | None = None
    relative: bool = False
    parent: bool = False
    young_children: bool = False
    languages: tuple[str, ...] = ()
    little_dutch: bool = False
    times: frozenset[str] | None = None
    days: tuple[str, ...] | None = None
    place: Place = field(default_factory=Place)


def read_facts(text: str) -> PersonFacts:
    """All facts of one message at once."""
    languages, little_dutch = read_languages(text)
    parent, young = read_parenthood(text)
    return PersonFacts(
        age=read_age(text),
        gender=read_gender(text),
        relative=reads_as_relative(text),
        parent=parent,
        young_children=young,
        languages=languages,
        little_dutch=little_dutch,
        times=read_times(text),
        days=read_days(text),
        place=read_place(text),
    )


# --- shared word lists -------------------------------------------------------------

_RELATIVES = (
    "zoon|zoontje|dochter|dochtertje|kind|kinderen|kindje|man|vrouw|partner|vriend|vriendin"
    "|moeder|vader|ouders|ouder|broer|broertje|zus|zusje|zuster|schoonmoeder|schoonvader"
    "|opa|oma|echtgenoot|echtgenote|mam|pap|mama|papa|tweeling|stiefzoon|stiefdochter|ex"
    "|vriendje|schoonzoon|schoondochter|kleinkind|kleinzoon|kleindochter|neef|nicht|oom|tante"
    "|son|daughter|husband|wife|mother|father|mom|mum|dad|brother|sister|child|kid|kids|parents"
)
_POSSESSIVE = frozenset({"mijn", "onze", "ons", "my", "our", "zijn", "haar", "hun", "je", "jouw"})
_RELATIVE_WORDS = frozenset(_RELATIVES.split("|"))
_CHILDREN = _RELATIVE_WORDS - {"man", "vrouw"}  # "een 34-jarige vrouw" is the writer


def _tokens(text: str) -> list[str]:
    """Words, bare numbers and the punctuation that matters for ages, in order."""
    loose = normalise(text).replace("'", " ")
    loose = re.sub(r"(\d)\s*-\s*(jarige?|plussers?|er)\b", r"\1 \2", loose)
    loose = re.sub(r"\b(mw|mevr|dhr|hr)\.", r"\1", loose)  # "Mw. is 48": no sentence end
    return re.findall(r"\d+(?:[:.,]\d+)*|[a-z]+|[(),:.;!?+/]", loose)


# --- age -----------------------------------------------------------------------------

MIN_AGE, MAX_AGE = 10, 110
_DECADES = {
    "tien": 10,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}
_UNITS_WORDS = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_TEENS = {
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
_BE = frozenset({"ben", "word", "am", "wordt"})
_BE_FILL = word_set(
    "nu bijna net pas inmiddels ruim nog binnenkort straks volgende deze maand week "
    "jaar dit in over ik zelf"
)
_VG_SUBJECTS = word_set(
    "mevrouw meneer mevr mw dhr client cliente inwoner bewoner betrokkene hij zij ze"
)
_PERSONS = word_set(
    "mevrouw meneer mevr mw dhr man vrouw jongen meisje meid jongeman dame heer weduwe "
    "weduwnaar student studente moeder vader woman man guy girl"
)
_SEX_LETTERS = frozenset({"m", "v", "f"})  # "(m, 34)", "v/32", "M/45" in forum and VG shorthand
_AGE_UNITS = word_set(
    "kilo kg keer x uur min minuten dagen dag weken week maanden maand procent euro km cm "
    "kinderen jaren"
)
_YEAR = frozenset({"jaar", "jr", "jaartjes", "years", "year", "yrs", "yo"})
_DURATION_BEFORE = word_set(
    "al sinds na voor over binnen afgelopen laatste heb had hebben hadden per elke iedere "
    "paar tot vanaf gedurende tijdens ongeveer zon zo for since ago"
)
_DURATION_AFTER = word_set(
    "geleden lang terug later eerder samen bezig ziek werkloos clean nuchter droog "
    "mantelzorger vrijwilliger lid hier daar in bij aan op uit thuis weduwe weduwnaar "
    "gescheiden getrouwd ago"
)


def read_age(text: str) -> int | None:
    """The writer's (or the VG subject's) age in years, or None.

    A decade word gives its middle ("zestiger" → 65, "begin 40" → 42).
    Durations ("al 10 jaar", "2 jaar geleden"), children's and relatives'
    ages ("mijn zoon van 16"), times, postcodes and house numbers are no ages.
    """
    tokens = _tokens(text)
    for i, token in enumerate(tokens):
        age = _age_at(tokens, i, token)
        if age is not None and MIN_AGE <= age <= MAX_AGE:
            return age
    return None


def _age_at(tokens: list[str], i: int, token: str) -> int | None:
    if token.isdigit() and len(token) <= 3:
        return _decade_range(tokens, i, int(token)) or _number_age(tokens, i, int(token))
    return _word_age(tokens, i, token)


def _decade_range(tokens: list[str], i: int, value: int) -> int | None:
    """'begin 40' → 42, 'midden vijftig' → 55, 'eind dertig' → 38, 'in de zestig' → 65."""
    offset = {"begin": 2, "midden": 5, "eind": 8, "einde": 8, "de": 5}.get(_prev(tokens, i))
    if offset is None or value % 10 or not 20 <= value <= 90 or not _be_near(tokens, i):
        return None
    return value + offset


def _prev(tokens: list[str], i: int, k: int = 1) -> str:
    return tokens[i - k] if i - k >= 0 else ""


def _next(tokens: list[str], i: int, k: int = 1) -> str:
    return tokens[i + k] if i + k < len(tokens) else ""


def _about_someone_else(tokens: list[str], i: int) -> bool:
    """A relative or a possessive just before: 'mijn zoon (16)', 'mijn 16-jarige'."""
    window = tokens[max(0, i - 3) : i]
    if any(t in _RELATIVE_WORDS and t not in ("man", "vrouw") for t in window):
        return True
    return any(
        t in _POSSESSIVE and j + 1 < len(window) and window[j + 1] in _RELATIVE_WORDS
        for j, t in enumerate(window)
    ) or (_prev(tokens, i) in _POSSESSIVE)


def _number_age(tokens: list[str], i: int, n: int) -> int | None:
    """An age written in digits, judged by the words around it."""
    before, after = _prev(tokens, i), _next(tokens, i)
    if before == "(" and after == ")":
        return None if _about_someone_else(tokens, i - 1) else n
    if after in ("jarig", "jarige"):
        someone_else = _about_someone_else(tokens, i) or _next(tokens, i, 2) in _CHILDREN
        return None if someone_else else n
    if after in ("plusser", "plussers", "er") or (after == "+" and before in ("een", "ben")):
        return n + 5
    if _after_be(tokens, i):
        return _checked_years(tokens, i, n)
    if before in ("leeftijd", "lft", "age", "aged") or (
        before == ":" and _prev(tokens, i, 2) in ("leeftijd", "lft", "age")
    ):
        return n
    if before == "van" and _prev(tokens, i, 2) in _PERSONS:
        return None if _prev(tokens, i, 3) in _POSSESSIVE else n
    if before in (",", "/") and _prev(tokens, i, 2) in _PERSONS | _SEX_LETTERS:
        return None if _prev(tokens, i, 3) in _POSSESSIVE else n
    if after in _YEAR:
        return _bare_years(tokens, i, n)
    return None


def _after_be(tokens: list[str], i: int) -> bool:
    """'ik ben 68', 'ben bijna 70', 'ik word volgende maand 65', "I'm 34", 'mevrouw is 48'."""
    j = i - 1
    while j >= 0 and tokens[j] in _BE_FILL and i - j <= 3:
        j -= 1
    word = tokens[j] if j >= 0 else ""
    if word in _BE:
        return not (word == "wordt" and _prev(tokens, j) not in _VG_SUBJECTS)
    if word == "m" and _prev(tokens, j) == "i":
        return True
    return word == "is" and _prev(tokens, j) in _VG_SUBJECTS and _prev(tokens, j, 2) != "mijn"


def _checked_years(tokens: list[str], i: int, n: int) -> int | None:
    """After 'ben': an age unless a unit or a duration follows ('ben 20 jaar getrouwd')."""
    after = _next(tokens, i)
    if after in _AGE_UNITS:
        return None
    if after in _YEAR:
        follow = _next(tokens, i, 2)
        if _prev(tokens, i) == "al" and follow not in ("oud", "old"):
            return None
        if follow in _DURATION_AFTER or (follow.startswith("ge") and len(follow) > 4):
            return None
    return n


def _bare_years(tokens: list[str], i: int, n: int) -> int | None:
    """'68 jaar' without 'ben': an age unless it reads as a duration or someone else's age."""
    window = tokens[max(0, i - 2) : i]
    if any(t in _DURATION_BEFORE for t in window) or _about_someone_else(tokens, i):
        return None
    if _prev(tokens, i) in ("is", "zijn", "was", "waren", "wordt", "werd") and (
        _prev(tokens, i, 2) not in _VG_SUBJECTS
    ):
        return None
    follow = _next(tokens, i, 2)
    if follow in _DURATION_AFTER or (follow.startswith("ge") and len(follow) > 4):
        return None
    return n


def _word_age(tokens: list[str], i: int, token: str) -> int | None:
    """Decade words and numbers in words: 'zestiger', 'in de zeventig', 'ik ben vijftig'."""
    decade = _decade_word(token)
    if decade is not None:
        if _next(tokens, i) in ("jaren", "years") or _about_someone_else(tokens, i):
            return None
        return decade + 5 if decade > 10 else 16
    if token.endswith("plusser") and token[: -len("plusser")] in _DECADES:
        return _DECADES[token[: -len("plusser")]] + 5
    value = _number_word(token)
    if value is None:
        return None
    ranged = _decade_range(tokens, i, value)
    if ranged is not None:
        return ranged
    if _after_be(tokens, i):
        return value if _next(tokens, i) not in _AGE_UNITS else None
    return None


def _decade_word(token: str) -> int | None:
    """'zestiger(s)' → 60, 'tiener' → 10; None for other words."""
    for suffix in ("ers", "er"):
        stem = token[: -len(suffix)] if token.endswith(suffix) else ""
        if stem in _DECADES:
            return _DECADES[stem]
    return None


def _number_word(token: str) -> int | None:
    """Dutch numbers 10–99 in words: 'vijftig', 'achtenzestig', 'zeventien'."""
    if token in _TEENS:
        return _TEENS[token]
    if token in _DECADES and token != "tien":
        return _DECADES[token]
    for unit, value in _UNITS_WORDS.items():
        for joiner in ("en", "ën"):
            rest = token.removeprefix(unit + joiner)
            if rest != token and rest in _DECADES and rest != "tien":
                return _DECADES[rest] + value
    return None


def _be_near(tokens: list[str], i: int) -> bool:
    """'ben' or a VG subject shortly before: 'ik ben in de zestig', 'mevrouw, begin 40'."""
    window = tokens[max(0, i - 4) : i]
    return any(t in _BE or t in _VG_SUBJECTS or t == "m" for t in window) or i <= 2


# --- relatives ---------------------------------------------------------------------

_REL_NP = rf"(?:mijn|onze|ons|my|our) (?:[a-z]+ )?(?:{_RELATIVES})"
_PROBLEM = (
    r"depressie|depressies|depressief|depressed|dementie|dement|dementerend|alzheimer|parkinson|kanker"
    r"|ziek|zieke|psychose|psychoses|psychotisch|schizofrenie|schizofreen|bipolair|manisch|borderline"
    r"|autisme|autistisch|adhd|add|verslaving|verslaafd|alcoholist|alcohol|drugs|drinkt|drinks"
    r"|gaat drinken|weer drinken"
    r"|gebruikt|uses|gokt|gokken|blowt|eetstoornis|anorexia|boulimia|angststoornis|ocd|ptss"
    r"|suicidaal|zelfmoord|snijdt|zelfbeschadiging|stemmen|agressief|hersenletsel|nah"
    r"|beperking|handicap|overspannen|burn ?out|opgenomen|dementia|addicted|addiction|cancer"
    r"|eet (bijna )?niet|eet niks"
)
_LOSS = (
    r"overleden|gestorven|dood|verloren|overlijden|verlies|vertrokken|verlaten|gescheiden"
    r"|scheiding|vreemdgegaan|ruzie|sloeg|slaat|mishandel\w*|misbruik\w*|died|passed away"
)
_OTHER_PROBLEM = re.compile(rf" {_REL_NP} (?:[a-z0-9]+ ){{0,6}}?(?:{_PROBLEM}) ")
_OTHER_ILL = re.compile(
    rf" (?:mijn|onze|my|our) (?:zieke|depressieve|dementerende|demente|verslaafde|psychotische"
    rf"|autistische|gehandicapte|sick|ill|depressed|addicted) (?:{_RELATIVES}) "
)
_OTHER_LOSS = re.compile(rf" {_REL_NP} (?:[a-z0-9]+ ){{0,4}}?(?:{_LOSS}) ")
_CARER = re.compile(
    r" (mantelzorg\w*|naaste|naasten|ik ben (de |een )?naaste|caregiver|carer"
    r"|partner van iemand met|ouder van (een kind|iemand) met|familie van iemand met"
    r"|(moeder|vader|ouder|partner|zus|broer|dochter|zoon) van (een|mijn) (\w+ )?"
    r"(zoon|dochter|kind|man|vrouw|partner|broer|zus|moeder|vader) met) "
)
_CARE_FOR = re.compile(rf" (?:ik )?zorg (?:al [a-z]+ |al )?voor {_REL_NP} ")
# A VG summary's carer: "hij zorgt samen met zijn zus voor zijn moeder". Grown-ups
# only: a parent who "zorgt voor haar kinderen" is not a carer of someone ill.
_VG_CARER = re.compile(
    r" zorgt (?:[a-z0-9]+ ){0,5}?voor (?:zijn|haar) (?:[a-z]+ )?(?:moeder|vader|ouders|man|vrouw"
    r"|partner|echtgenoot|echtgenote|broer|zus|zusje|broertje|opa|oma|schoonmoeder|schoonvader) "
)
_SUPPORTER = re.compile(
    r" (hoe (ga|kan|moet) ik (er|daar|hier)? ?mee om|hoe (ik|we) (er|daar|hier)? ?mee om"
    r"|hoe (kan|moet|kunnen) (ik|we) (hem|haar|ze|hen|hun|mijn \w+) (\w+ )?(helpen|steunen"
    r"|ondersteunen|bereiken|benaderen|bijstaan)"
    r"|hoe ik (hem|haar|ze|hen) (\w+ )?(moet |kan )?(helpen|steunen|ondersteunen|bereiken)"
    r"|(met|om) (hem|haar|ze) om (moet|kan) gaan|wat kan ik (doen|voor (hem|haar|ze))"
    r"|wat (moet|kan) ik (nu )?doen|weet (niet|niet meer) (wat|hoe) ik"
    r"|machteloos|zorgen (om|over) (mijn|hem|haar)|ten einde raad"
    r"|als (naaste|partner|ouder|moeder|vader|zus|broer|dochter|zoon|kind)"
    r"|lotgenoten|how (can|do) i (help|support|cope|deal)|i don t know how|what can i do) "
)
_OWN_COMPLAINT = re.compile(
    r" ik (ben|voel me|voel mij|heb|zit|word) (\w+ ){0,3}?(eenzaam|somber|depressief|angstig"
    r"|bang|boos|moe|kapot|verdrietig|stress|paniek|overspannen|burn ?out|leeg|last van"
    r"|een depressie|angst|verslaafd|alleen|op) "
)


# The strain of caring: exhausted or angry, doing it all alone, "gek van" the other's
# trouble. Said beside another person's problem it marks a carer, not a second patient.
_CARER_STRAIN = re.compile(
    r" ik (ben|voel me|voel mij|word|raak) (\w+ ){0,3}?(moe|doodmoe|kapot|uitgeput|gesloopt"
    r"|boos|machteloos|radeloos|gek|overbelast|tired|exhausted|angry) "
    r"| ik doe (\w+ ){0,2}?alles (alleen|zelf) | ik sta er alleen voor | (trek|draag) het (\w+ )?"
    r"(niet|nauwelijks) meer | word er gek van | (i m|i am) (so )?(exhausted|worn out) "
)
_WORN_OUT = re.compile(r" ik ben (helemaal |echt |zo |gewoon |totaal )?op $")  # a clause's end


_HELP_RELATIVE = re.compile(
    rf" (helpen|steunen|ondersteunen|bijstaan|bereiken|benaderen|omgaan met|help|support) "
    rf"(?:[a-z]+ ){{0,2}}?{_REL_NP} | {_REL_NP} (?:[a-z]+ ){{0,3}}?(helpen|steunen|ondersteunen"
    rf"|bijstaan|bereiken|benaderen) | zorgen (om|over) {_REL_NP} "
)
_PRONOUN_PROBLEM = re.compile(
    rf"^ (hij|zij|ze|he|she) (?:[a-z0-9]+ ){{0,5}}?(?:{_PROBLEM}|somber|angstig|verward|in de war) "
)


def reads_as_relative(text: str) -> bool:
    """Whether the writer seeks help as a relative or carer of someone with the problem.

    Conservative on purpose: 'sinds mijn man is overleden ben ik eenzaam' and
    'ik heb ruzie met mijn moeder' are the writer's own complaint. Relative
    means the trouble is the other person's ('mijn zoon drinkt') and the writer
    asks how to cope or support, cares for them, is worn out by it ('ik ben op')
    or has no complaint of their own.
    """
    padded = plain(text)
    if _CARER.search(padded) or _HELP_RELATIVE.search(padded) or _VG_CARER.search(padded):
        return True
    clauses = [plain(c) for c in re.split(r"[.!?;,]+| maar | en ", normalise(text)) if c.strip()]
    named = bool(re.search(rf" {_REL_NP} ", padded))
    other = any(_OTHER_PROBLEM.search(c) or _OTHER_ILL.search(c) for c in clauses) or (
        named and any(_PRONOUN_PROBLEM.search(c) for c in clauses)
    )
    loss = any(_OTHER_LOSS.search(c) for c in clauses)
    if not other or (loss and not _SUPPORTER.search(padded)):
        return False
    strained = _CARER_STRAIN.search(padded) or any(_WORN_OUT.search(c) for c in clauses)
    if _SUPPORTER.search(padded) or _CARE_FOR.search(padded) or strained:
        return True
    return not _OWN_COMPLAINT.search(padded)


# --- gender and parenthood ---------------------------------------------------------

_FEMALE = re.compile(
    r" (?<!mijn )(?<!de )(?<!die )(?<!een )(mevrouw|mevr|mw) "
    r"| ik ben (nog )?(een |net )?(jonge |alleenstaande )?"
    r"(vrouw|meid|meisje|moeder|dame|oma|weduwe)"
    r" | (als|as a) (jonge |alleenstaande )?(vrouw|moeder|oma|weduwe|woman|mother|mom)"
    r" |^ (vrouw|mevrouw|meisje|jonge vrouw) (\d|van \d)"
    r"| (?<!mijn )(vrouw|meisje|meid|dame) van \d+ | (?<!mijn )\d+ jarige (vrouw|moeder|meid|dame) "
    r"| (?<!mijn )(?<!zijn )(?<!haar )(jonge |alleenstaande )?moeder van (\d|een|twee|drie|vier"
    r"|vijf|kinderen|een kind|\w+ kinderen)"
    r"| (?<!mijn )(jonge|alleenstaande) moeder | tienermoeder | (net )?moeder geworden "
    r"| ik ben zwanger | (i m|i am) an? (\d+ years? old )?(woman|mother|mom|girl) "
)
_MALE = re.compile(
    r" (?<!mijn )(?<!de )(?<!die )(?<!een )(meneer|dhr) "
    r"| ik ben (nog )?(een |net )?(jonge |alleenstaande )?(man|jongen|vader|opa|weduwnaar|jongeman)"
    r" | (als|as a) (jonge |alleenstaande )?(man|vader|opa|weduwnaar|father|dad)"
    r" |^ (man|meneer|jongen|jongeman) (\d|van \d)"
    r"| (?<!mijn )(man|jongen|jongeman|heer) van \d+ | (?<!mijn )\d+ jarige (man|vader|jongen) "
    r"| (?<!mijn )(?<!zijn )(?<!haar )(jonge |alleenstaande )?vader van (\d|een|twee|drie|vier"
    r"|vijf|kinderen|een kind|\w+ kinderen)"
    r"| (?<!mijn )(jonge|alleenstaande) vader | (net )?vader geworden "
    r"| (i m|i am) an? (\d+ years? old )?(man|father|dad|guy|boy) "
)


_SHORTHAND = re.compile(r"(?:^|[\s(])(?P<sex>[mvf])\s*[,/]\s*\d{2}\b")


def read_gender(text: str) -> str | None:
    """'vrouwen' or 'mannen' (group-audience codes) when the writer states it, else None."""
    padded = plain(text)
    female, male = bool(_FEMALE.search(padded)), bool(_MALE.search(padded))
    shorthand = _SHORTHAND.search(normalise(text))
    if shorthand:
        female, male = female or shorthand["sex"] != "m", male or shorthand["sex"] == "m"
    if female == male:
        return None
    return "vrouwen" if female else "mannen"


_CHILD = r"baby|babys|kind|kinderen|kindje|kids|zoon|zoontje|dochter|dochtertje|tweeling|peuter"
_CHILD += r"|kleuter|zoons|dochters|son|daughter|children|kid"
_PARENT = re.compile(
    rf" (ik heb|heb|wij hebben|we hebben|i have) (een |\d+ |twee |drie |vier |vijf |[a-z]+ )?"
    rf"(jonge |kleine |pasgeboren )?({_CHILD}) "
    rf"| (mijn|onze|my|our) ({_CHILD}) "
    r"| (?<!mijn )(?<!zijn )(?<!haar )(jonge |alleenstaande )?(moeder|vader|ouder|mother|father)"
    r" van (\d|een|twee|drie|vier|vijf|kinderen|een kind|\w+ kinderen)"
    r"| (als|as a) (jonge |alleenstaande )?(moeder|vader|ouder|mother|father|parent)"
    r"| ik ben (een |net )?(jonge |alleenstaande )?(moeder|vader|ouder)"
    r"| (?<!mijn )(jonge|alleenstaande) (moeder|vader|ouder|ouders) | tienermoeder "
    r"| (net )?(moeder|vader|ouder) geworden | ik ben zwanger | (i am|i m) pregnant "
)
_YOUNG = re.compile(
    r" (baby|babys|peuter|peuters|kleuter|pasgeboren|zwanger|pregnant|tienermoeder"
    r"|jonge (moeder|vader|ouder|ouders|kinderen)|net (moeder|vader|ouder) geworden) "
)


_VG_NOTE = re.compile(r"^ (mevrouw|meneer|mevr|mw|dhr|client|cliente) ")
_VG_PARENT = re.compile(rf" (haar|zijn|heeft) (\w+ )?(jonge |kleine )?({_CHILD}) ")


def read_parenthood(text: str) -> tuple[bool, bool]:
    """(is a parent or expecting, has a baby or young child) as the writer states it.

    In a VG note about 'Mevrouw' or 'Meneer', 'haar kinderen' are the subject's.
    """
    padded = plain(text)
    parent = bool(_PARENT.search(padded)) or bool(
        _VG_NOTE.search(padded) and _VG_PARENT.search(padded)
    )
    return parent, parent and bool(_YOUNG.search(padded))


# --- language ----------------------------------------------------------------------

_LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("engels", "english", "englisch"),
    "ar": ("arabisch", "arabic", "arabisch talig"),
    "tr": ("turks", "turkish", "turkce"),
    "ti": ("tigrinya", "tigrinia", "tigrigna", "tigrinyaans"),
    "tw": ("twi", "akan"),
    "pap": ("papiaments", "papiamento", "papiamentu"),
    "srn": ("sranantongo", "sranan", "sranan tongo"),
    "pl": ("pools", "polish", "polski", "polsku"),
    "fa": ("farsi", "perzisch", "persian", "dari"),
    "so": ("somalisch", "somali", "somaals"),
    "uk": ("oekraiens", "ukrainian", "oekraiense taal"),
}
_LANGUAGE = re.compile(
    r" (?P<neg>geen |niet |no |not |don t speak |do not speak )?(?P<word>"
    + "|".join(sorted((w for ws in _LANGUAGE_WORDS.values() for w in ws), key=len, reverse=True))
    + ") "
)
_CODE_OF = {w: code for code, ws in _LANGUAGE_WORDS.items() for w in ws}
_LITTLE_DUTCH = re.compile(
    r" ((weinig|geen|slecht|niet goed|niet zo goed|een beetje|beetje|nauwelijks|amper|niet veel"
    r"|niet echt|bijna geen) (nederlands|dutch)|nederlands (is|vind ik) (\w+ )?(moeilijk|lastig)"
    r"|nederlands een beetje|nederlands niet (zo )?goed|nederlands spreek ik (niet|slecht"
    r"|nauwelijks|weinig|amper|een beetje|maar een beetje)|mijn nederlands is (niet )?(zo )?"
    r"(slecht|matig|niet goed)|mijn nederlands is niet (zo |erg |heel )?goed"
    r"|beter dan (mijn )?nederlands|(don t|do not|cannot|can t|no) "
    r"(speak )?dutch|little dutch|spreek (alleen|enkel|vooral|maar) (?!nederlands)[a-z]+"
    r"|speak only (?!dutch)[a-z]+|liever (in het )?(?!nederlands)(engels|arabisch|turks|pools"
    r"|tigrinya|farsi|somalisch|oekraiens|papiaments)) "
)
_ENGLISH = word_set(
    "i the and my am to for with have feel you it of looking since don t can how help do what "
    "want need very about people they he she we our been this that lonely anxious"
)
_DUTCH = word_set(
    "ik de het een en mijn ben voor met van niet je wil graag heb dat die er op te zijn maar "
    "ook nog wel naar voel me zit kan"
)


def read_languages(text: str) -> tuple[tuple[str, ...], bool]:
    """(language codes the person names or writes in, whether they say Dutch is hard for them)."""
    padded = plain(text)
    codes = [_CODE_OF[m.group("word")] for m in _LANGUAGE.finditer(padded) if not m.group("neg")]
    little_dutch = bool(_LITTLE_DUTCH.search(padded))
    if _written_in_english(padded):
        codes.insert(0, "en")
        little_dutch = True
    return tuple(dict.fromkeys(c for c in codes if c in tx.LANGUAGES)), little_dutch


def _written_in_english(padded: str) -> bool:
    tokens = padded.split()
    english = sum(t in _ENGLISH for t in tokens)
    dutch = sum(t in _DUTCH for t in tokens)
    return english >= 2 and english > 2 * dutch


# --- newcomers -----------------------------------------------------------------------

# Countries and territories by their Dutch and English names (CLDR, through Babel), so
# "ik kom uit Syrië", "ik ben uit Oekraïne" and "i am from Eritrea" need no hand list.
# The Netherlands and Flanders are home, not an origin that makes someone a newcomer.
_HOME_TERRITORIES = frozenset({"NL", "BE"})


@lru_cache(maxsize=1)
def _origins() -> tuple[re.Pattern[str], dict[str, str]]:
    """The "kom uit <land>" pattern, and each country name's territory code."""
    from babel import Locale

    codes = {
        plain(name).strip(): code
        for language in ("nl", "en")
        for code, name in Locale(language).territories.items()
        if code.isalpha() and code not in _HOME_TERRITORIES
    }
    alternatives = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True) if n)
    pattern = re.compile(
        r" (?:(?:ik|wij|we|i) )?(?:kom|komen|kwam|kwamen|ben|zijn|come|came|am|are"
        r"|gevlucht|gevlucht zijn|fled)"
        r" (?:oorspronkelijk |eigenlijk |origineel |originally )?(?:uit|van|from)"
        rf" (?P<country>{alternatives}) "
    )
    return pattern, codes


def origin_languages(text: str) -> tuple[str, ...]:
    """Languages of the country the writer says they come from, as far as our taxonomy
    knows them ("ik kom uit Syrië" → ar; Eritrea → ti, en, ar): CLDR, through Babel."""
    from babel.languages import get_official_languages

    pattern, codes = _origins()
    found = pattern.search(plain(text))
    if not found:
        return ()
    spoken = get_official_languages(codes[found.group("country")], de_facto=True)
    return tuple(code for code in spoken if code in tx.LANGUAGES)


_YEARS_HERE = re.compile(
    r" (?:pas |nog maar |sinds |already |for )?(?:[0-9]|10|een|twee|drie|vier|vijf|zes|zeven"
    r"|acht|negen|tien|half|anderhalf|one|two|three|four|five|six|seven|eight|nine|ten)"
    r" (?:jaar|jaren|maanden|maand|years?|months?) (?:in|naar) "
    r"(?:nederland|holland|the netherlands|netherlands) |(?:sinds|since) (?:19|20)[0-9]{2} "
    r"(?:in|naar) (?:nederland|holland|the netherlands|netherlands) "
)


def reads_as_newcomer(text: str) -> bool:
    """Whether the writer says they came to the Netherlands from abroad, lately or with
    little Dutch: "ik kom uit Syrië", "3 jaar in Nederland", "my Dutch is not good".

    Groups for newcomers and statushouders are only offered with such a sign.
    """
    padded = plain(text)
    if _origins()[0].search(padded) or _YEARS_HERE.search(padded):
        return True
    return read_languages(text)[1]


# --- time of day -------------------------------------------------------------------

_PART_WORDS: dict[str, frozenset[str]] = {
    "ochtend": frozenset({"ochtend"}),
    "ochtends": frozenset({"ochtend"}),
    "ochtenden": frozenset({"ochtend"}),
    "morgens": frozenset({"ochtend"}),
    "voormiddag": frozenset({"ochtend"}),
    "voormiddags": frozenset({"ochtend"}),
    "morning": frozenset({"ochtend"}),
    "mornings": frozenset({"ochtend"}),
    "middag": frozenset({"middag"}),
    "middags": frozenset({"middag"}),
    "middagen": frozenset({"middag"}),
    "namiddag": frozenset({"middag"}),
    "afternoon": frozenset({"middag"}),
    "afternoons": frozenset({"middag"}),
    "avond": frozenset({"avond"}),
    "avonds": frozenset({"avond"}),
    "avonden": frozenset({"avond"}),
    "evening": frozenset({"avond"}),
    "evenings": frozenset({"avond"}),
    "overdag": frozenset({"ochtend", "middag"}),
    "daytime": frozenset({"ochtend", "middag"}),
}
_PART_PHRASES: tuple[tuple[str, frozenset[str]], ...] = (
    (" tussen de middag ", frozenset({"middag"})),
    (" na de lunch ", frozenset({"middag"})),
    (" na het werk ", frozenset({"avond"})),
    (" na werktijd ", frozenset({"avond"})),
    (" na mijn werk ", frozenset({"avond"})),
    (" na t werk ", frozenset({"avond"})),
    (" na het eten ", frozenset({"avond"})),
    (" after work ", frozenset({"avond"})),
    (" onder werktijd ", frozenset({"ochtend", "middag"})),
    (" during the day ", frozenset({"ochtend", "middag"})),
)
_ANY_TIME = re.compile(
    r" (hele dag|de hele dag|elk moment|ieder moment|elk tijdstip|tijd maakt (me |mij )?(niet|niks)"
    r" uit|tijdstip maakt (niet|niks) uit|hoe laat maakt (niet|niks) uit|any time|anytime) "
)
_AT_WORK = frozenset({"werk", "werkt", "werken", "werkte", "school", "studeer", "work"})
_NEGATORS = frozenset({"niet", "geen", "behalve", "nooit", "not", "no", "except", "uitgezonderd"})
_NEGATED_AFTER = re.compile(
    r"^(kan|kun|lukt|gaat|past) (ik |het |me |mij )?(echt )?(niet|nooit|slecht)"
    r"|^(werk|werken|ben) (ik|we)|^(is|zijn) (lastig|moeilijk|onmogelijk)"
)
_BARE_NIET = re.compile(r"niet( (want|omdat|en|of|maar))?$|niet ,")  # "vrijdag niet"
_CLOCK = re.compile(
    r" (om|rond|rondom|vanaf|na|voor|tot|tegen|at|after|before) (\d{1,2})(?:[:.](\d{2}))?"
    r"(?: uur| u| h|h|am|pm)? "
)


def read_times(text: str) -> frozenset[str] | None:
    """Times of day ('ochtend', 'middag', 'avond') the person can come; None when not said.

    'overdag' is ochtend and middag; a refused part ('niet s avonds', 'overdag
    kan ik niet') leaves the others; 'na het werk' is avond.
    """
    padded = plain(text)
    tokens = padded.split()
    wanted: set[str] = set()
    unwanted: set[str] = set()
    for i in range(len(tokens)):
        parts = _part_at(tokens, i)
        if parts:
            (unwanted if _negated(tokens, i) else wanted).update(parts)
    for phrase, parts in _PART_PHRASES:
        at = padded.find(phrase)
        if at >= 0:
            index = len(padded[:at].split())
            (unwanted if _negated(tokens, index) else wanted).update(parts)
    wanted.update(_clock_parts(padded))
    return _combine(wanted, unwanted, bool(_ANY_TIME.search(padded)))


def _part_at(tokens: list[str], i: int) -> frozenset[str] | None:
    """The parts of the day one token names; 'morgen' only as 's morgens' or 'de morgen'."""
    token = tokens[i]
    if token == "morgen":
        return frozenset({"ochtend"}) if _prev(tokens, i) in ("s", "de") else None
    return _PART_WORDS.get(token) or _compound_part(token)


def _compound_part(token: str) -> frozenset[str] | None:
    """'dinsdagavond' → avond, 'woensdagochtend' → ochtend."""
    for day in _DAY_NAMES:
        if token.startswith(day) and token != day:
            return _PART_WORDS.get(token[len(day) :]) or (
                frozenset({"ochtend"}) if token[len(day) :] in ("morgen", "morgens") else None
            )
    return None


def _negated(tokens: list[str], i: int) -> bool:
    """'niet s avonds', 'liever geen weekend', 'overdag kan ik niet', 'ik werk overdag'."""
    before = tokens[max(0, i - 3) : i]
    if any(t in _NEGATORS for t in before):
        return True
    if _prev(tokens, i) in _AT_WORK:
        return True
    after = " ".join(tokens[i + 1 : i + 6])
    return bool(_NEGATED_AFTER.search(after))


def _clock_parts(padded: str) -> set[str]:
    """'om 10 uur' → ochtend, 'na 18 uur' → avond, 'voor 12 uur' → ochtend."""
    parts: set[str] = set()
    order = tuple(TIMES_OF_DAY)
    for match in _CLOCK.finditer(padded):
        hour = int(match.group(2))
        if not 6 <= hour <= 23:
            continue
        part = part_of_day(time(hour, int(match.group(3) or 0) % 60))
        index = order.index(part)
        word = match.group(1)
        if word in ("na", "vanaf", "after"):
            parts.update(order[index:])
        elif word in ("voor", "tot", "tegen", "before"):
            parts.update(order[: index + 1] if hour % 12 or word == "tot" else order[:index])
        else:
            parts.add(part)
    return parts


def _combine(wanted: set[str], unwanted: set[str], anything: bool) -> frozenset[str] | None:
    """Named parts; or every part but the refused ones; or all for 'maakt niet uit'."""
    if wanted - unwanted:
        return frozenset(wanted - unwanted)
    if unwanted:
        rest = frozenset(TIMES_OF_DAY) - unwanted
        return rest or None
    return frozenset(TIMES_OF_DAY) if anything else None


# --- weekdays ----------------------------------------------------------------------

_DAY_NAMES: dict[str, str] = {
    "maandag": "ma",
    "dinsdag": "di",
    "woensdag": "wo",
    "donderdag": "do",
    "vrijdag": "vr",
    "zaterdag": "za",
    "zondag": "zo",
    "monday": "ma",
    "tuesday": "di",
    "wednesday": "wo",
    "thursday": "do",
    "friday": "vr",
    "saturday": "za",
    "sunday": "zo",
}
_DAY_GROUPS: dict[str, tuple[str, ...]] = {
    "weekend": ("za", "zo"),
    "weekenden": ("za", "zo"),
    "weekends": ("za", "zo"),
    "doordeweeks": WORKDAYS,
    "werkdagen": WORKDAYS,
    "werkdag": WORKDAYS,
    "weekdagen": WORKDAYS,
    "weekdays": WORKDAYS,
}
_JOINERS = frozenset({"en", "of", "enof", ",", "/", "&", "+", "and", "or", "~"})
_DAY_CONTEXT = frozenset({"op", "elke", "iedere", "behalve", "niet", "geen", "alleen", "liefst"})
_ANY_DAY = re.compile(
    r" (maakt (me |mij |het )?(niet|niks) uit|geen voorkeur|altijd|alle dagen|elke dag|iedere dag"
    r"|weet (ik )?(het )?niet|nvt|maakt niet|maakt niks|boeit niet|om het even|any day"
    r"|doesn t matter|no preference|every day|everyday|all days|any time|anytime|always) "
)
# A schedule that changes ("wisselt per week", "ik werk in ploegen"): no day can be
# promised, so the answer means any day, as 'maakt niet uit' does.
_VARIES = re.compile(
    r"\b(wissel\w*|verschil\w*|flexibel|onregelmatig\w*|ploeg\w*|rooster\w*|diensten"
    r"|hangt (er )?(van )?af|varies|changes|shifts?)\b"
)
_RANGE = re.compile(r"\b(t\s*/\s*m|t\s*/\s*en\s*/\s*m|tm|tot\s+en\s+met|tot|through|until|till)\b")


def read_days(text: str) -> tuple[str, ...] | None:
    """Weekday codes in WEEKDAYS order; () for 'maakt niet uit'; None when unclear.

    Reads ranges ('ma t/m do', 'di-vr'), groups ('doordeweeks', 'weekend') and
    exclusions ('niet op vrijdag', 'behalve woensdag': every other day).
    """
    tokens = _day_tokens(text)
    wanted: set[str] = set()
    unwanted: set[str] = set()
    for chain in _day_chains(tokens):
        refused = any(_day_negated(tokens, start, end) for start, end, _codes in chain)
        for _start, _end, codes in chain:
            (unwanted if refused else wanted).update(codes)
    anything = _any_day_answer(tokens) or (not wanted and bool(_VARIES.search(" ".join(tokens))))
    if unwanted:
        base = wanted or set(ALL_DAYS)
        found = base - unwanted
    elif anything:
        return ()
    else:
        found = wanted
    if not found:
        return None
    return tuple(d for d in ALL_DAYS if d in found)


DayItem = tuple[int, int, tuple[str, ...]]  # first token, last token, the days it names


def _day_chains(tokens: list[str]) -> list[list[DayItem]]:
    """Days and ranges, grouped when only 'en', 'of' or a comma stands between them.

    A refusal anywhere in a chain covers all of it: 'niet op maandag en dinsdag',
    'maandag en dinsdag kan ik niet'.
    """
    days = [_day_code(tokens, i) for i in range(len(tokens))]
    chains: list[list[DayItem]] = []
    last_end = -10
    for i, codes in enumerate(days):
        if not codes or _range_end(tokens, days, i):
            continue
        span = _range_from(tokens, days, i)
        item = (i, i + 2 if span else i, span or codes)
        joined = bool(chains) and all(t in _JOINERS and t != "~" for t in tokens[last_end + 1 : i])
        if joined:
            chains[-1].append(item)
        else:
            chains.append([item])
        last_end = item[1]
    return chains


def _any_day_answer(tokens: list[str]) -> bool:
    """'maakt niet uit' as the answer, not 'het maakt me niet uit wat ze denken'."""
    text = " " + " ".join(t for t in tokens if t.isalpha()) + " "
    found = _ANY_DAY.search(text)
    if not found:
        return False
    rest = (text[: found.start()] + " " + text[found.end() :]).split()
    if len(rest) <= 3:
        return True
    return any(t in ("dag", "dagen", "wanneer", "tijd", "tijdstip", "moment") for t in rest)


def _day_tokens(text: str) -> list[str]:
    """Tokens with range words as '~' and a hyphen between letters as '~' ('di-vr')."""
    loose = normalise(text).replace("'", " ")
    loose = _RANGE.sub(" ~ ", loose)
    loose = re.sub(r"(?<=[a-z])\s*[-–]\s*(?=[a-z])", " ~ ", loose)
    return re.findall(r"[a-z]+|\d+|[~,/&+]", loose)


def _day_code(tokens: list[str], i: int) -> tuple[str, ...]:
    """The days one token names (full name, compound, group or abbreviation in context)."""
    token = tokens[i]
    for name, code in _DAY_NAMES.items():
        if token.startswith(name) and (token == name or _day_suffix(token[len(name) :])):
            return (code,)
    if token in _DAY_GROUPS:
        return _DAY_GROUPS[token]
    if token == "week" and _prev(tokens, i) == "de" and _prev(tokens, i, 2) == "door":
        return WORKDAYS
    if token in tx.WEEKDAYS and _abbreviation_is_day(tokens, i):
        return (token,)
    return ()


def _day_suffix(rest: str) -> bool:
    return rest in ("s", "en", "morgen", "morgens") or rest in _PART_WORDS


def _abbreviation_is_day(tokens: list[str], i: int) -> bool:
    """'ma', 'do', 'zo' are also words: only days next to another day or after 'op'."""
    if all(_day_or_joiner(t) for t in tokens):
        return True
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and tokens[j] in _JOINERS:
            j += step
        if j != i + step and 0 <= j < len(tokens) and _is_day_word(tokens[j]):
            return True
    previous = _prev(tokens, i)
    if tokens[i] == "zo":
        return False  # "op zo een manier"
    return previous in _DAY_CONTEXT and _next(tokens, i) not in ("een", "n")


def _day_or_joiner(token: str) -> bool:
    return token in tx.WEEKDAYS or token in _JOINERS or token in _DAY_NAMES or token in _PART_WORDS


def _is_day_word(token: str) -> bool:
    return token in tx.WEEKDAYS or any(token.startswith(name) for name in _DAY_NAMES)


def _range_from(tokens: list[str], days: list[tuple[str, ...]], i: int) -> tuple[str, ...]:
    """'ma ~ do' starting at i → ma, di, wo, do."""
    if _next(tokens, i) != "~" or i + 2 >= len(tokens) or len(days[i]) != 1:
        return ()
    end = days[i + 2] if days[i + 2] else _forced_day(tokens[i + 2])
    if len(end) != 1:
        return ()
    first, last = ALL_DAYS.index(days[i][0]), ALL_DAYS.index(end[0])
    return ALL_DAYS[first : last + 1] if first <= last else ()


def _forced_day(token: str) -> tuple[str, ...]:
    """A weekday abbreviation read as a day because it ends a range."""
    return (token,) if token in tx.WEEKDAYS else ()


def _range_end(tokens: list[str], days: list[tuple[str, ...]], i: int) -> bool:
    return i >= 2 and tokens[i - 1] == "~" and bool(_range_from(tokens, days, i - 2))


def _day_negated(tokens: list[str], start: int, end: int) -> bool:
    """'niet op vrijdag', 'behalve woensdag', 'ma-do kan ik niet', 'ik werk ma t/m vr'."""
    before = tokens[max(0, start - 4) : start]
    if any(t in _NEGATORS for t in before) and "~" not in before:
        return True
    if _prev(tokens, start) in _AT_WORK or (
        _prev(tokens, start) in ("op", "de") and _prev(tokens, start, 2) in _AT_WORK
    ):
        return True
    after = " ".join(tokens[end + 1 : end + 6])
    return bool(_NEGATED_AFTER.search(after) or _BARE_NIET.match(after))
