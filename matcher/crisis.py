"""Crisis detection: Dutch (and some English) signals of suicidality or acute danger.

Pure, dependency-light and fast, because every front calls it first — also
when the database or the matcher is down. Patterns run on normalised text
after typo repair against a small crisis vocabulary; idioms ("ik ga nog dood
aan die deadlines") and negated clinical notes ("geen suïcidale gedachten")
are recognised and do not raise the flag. When in doubt the flag is raised:
a false alarm costs a calm message, a miss can cost a life.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from matcher.text import normalise

# Words worth repairing when misspelt by one or two letters ("levn", "zelfmord").
_CRISIS_WORDS = (
    "leven",
    "zelfmoord",
    "zelfdoding",
    "suicide",
    "suicidaal",
    "ophangen",
    "afscheidsbrief",
    "doodgaan",
    "pillen",
    "overdosis",
    "verdwijnen",
)
# Real words one edit away from a crisis word: never "repair" these.
_NOT_TYPOS = frozenset(
    {
        "geven",
        "lezen",
        "beven",
        "heven",
        "leveren",
        "levens",
        "lenen",
        "delen",
        "leven",
        "billen",
        "willen",
        "pillen",
        "vullen",
    }
)

_SUICIDE = [
    r"zelfmoord",
    r"zelfdoding",
    r"suicid",
    r"suizid",
    r"levensmoe",
    r"(een )?(eind|einde) (aan )?(mijn|m n|het) leven",
    r"er een (eind|einde) aan (maken|te maken|maak)",
    r"(mezelf|mijzelf|mij zelf|me zelf) (van kant|om ?brengen|dood|iets aan ?(te )?doen|wat aan)",
    # Dutch inverts after an adverb ("soms wil ik ..."): allow "ik" after the verb.
    r"(wil|ga|zou willen|wou|wilde) (ik )?(het liefst |gewoon |eigenlijk )?dood",
    r"niet meer (willen |wil )?(leven|wakker (worden|word))",
    r"(wil|ga|zou|wilde) (ik )?er (gewoon |echt |liever )?niet meer (zijn|willen zijn|wezen)",
    r"(wil|wilde) (ik )?(gewoon |echt )?niet meer (leven|verder)",
    r"(geen|niet) (zin|waarde) (meer )?(in|aan|om te) (het |mijn )?leven",
    r"(wil|ga|zou|wilde) (ik )?(liever |het liefst |gewoon )?sterven",
    r"(maak|maken|maakte) (ik )?(er )?(een )?(eind|einde) aan",
    r"(mijn )?leven (wil )?(beeindigen|beindigen)",
    r"(mezelf|mijzelf) (pijn (te )?doen|snijden|beschadigen)",
    r"(snij|snijd|kras|beschadig) (me|mezelf|mijzelf)",
    r"(enige|geen andere) uitweg",
    r"(beter|fijner) af (zijn )?zonder mij",
    r"pillen (gespaard|verzameld|sparen|opgespaard)",
    r"overdosis",
    r"afscheidsbrief",
    r"(van|vanaf) (het|een|de) (dak|brug|flat) (springen|af)",
    r"voor (de|een) trein",
    r"mezelf ophangen",
    r"\bme ophangen",
    r"kill (my ?self|me)",
    r"want(ed)? to die",
    r"end (it all|my life)",
    r"don t want to (live|be here)",
    r"suicidal",
    r"ik ga het (vanavond |vannacht |morgen |straks )?doen",
]
_DANGER = [
    r"(slaat|sloeg|schopt|wurgt|wurgde|bedreigt|bedreigde) (me|mij)",
    r"(bang|angst) dat (hij|zij|ze|mijn \w+) (me|mij) (iets aandoet|vermoordt|doodt|slaat)",
    r"(niet|nergens) (meer )?veilig",
    r"(acuut|direct) gevaar",
    r"stemmen (zeggen|zegt|bevelen|dwingen) (dat ik|me|mij)",
    r"(mes|messen|wapen) .{0,40}(stemmen|pijn doen|iemand|mezelf)",
    r"(stemmen|opdracht) .{0,40}(mes|messen|wapen)",
    r"crisisdienst",
    r"crisis ?(beoordeling|opname|team)",
    r"acute? suicid",
    r"iemand (iets )?(aan ?doen|vermoorden|pijn doen)",
    r"(heeft|hebben|heb) (me|mij) (net |zojuist |vandaag |weer )?(geslagen|mishandeld|gewurgd)",
    r"(dreigt|dreigde|gedreigd|bedreigd) .{0,25}(dood|vermoorden|iets aan te doen)",
    r"(sta|zit|ben|loop) (nu |hier )?(bij|op|naast|boven) (het spoor|de rails|het perron|"
    r"de brug|het dak|de flat|het water)",
    r"weet (niet|niet meer) of ik (nog )?(terug|verder|door) (wil|kan)",
    r"opgesloten .{0,30}(bang|komt terug|hij komt|zij komt)",
]
# Figures of speech that contain alarming words but signal no danger.
_IDIOMS = [
    r"(ga|gaan|ging) (nog )?dood aan",
    r"dood ?(moe|op)",
    r"lach (me|mij) dood",
    r"schaam (me|mij) (dood|kapot)",
    r"dood van (de )?verveling",
    r"dood ?ziek van",
    r"gek van",
    r"dood ?gewoon",
    r"doodeng",
    r"doodsbang voor (spinnen|honden|examens)",
]
# A negation right before a phrase cancels it ("geen suïcidale gedachten", "zonder acuut
# gevaar"); at most one word may sit between, so "ik kan niet meer, ik wil dood" still alarms.
_NEGATION = re.compile(r"\b(geen|niet|nooit|zonder|ontkent|ontkende|geen sprake van)\s+(\w+\s+)?$")
# A history in a clinical note ("jaren geleden een poging") is not a current crisis.
_PAST = re.compile(r"\b(geleden|vroeger|eerder|verleden|destijds|ooit)\b")
# Negation and history only reach within a clause: "ik heb eerder hulp gehad. nu wil ik dood".
_CLAUSE = re.compile(r"[.;!?\n]+|\bmaar\b")

_SUICIDE_RE = [re.compile(p) for p in _SUICIDE]
_DANGER_RE = [re.compile(p) for p in _DANGER]
_IDIOM_RE = re.compile("|".join(_IDIOMS))


@dataclass(frozen=True)
class CrisisSignal:
    """Whether the text signals crisis, and which kind (for the right first line of help)."""

    crisis: bool
    kind: str | None = None  # "suicide" or "danger"


def _repair(text: str) -> str:
    """Replace words one or two edits from a crisis word by that word."""
    out = []
    for word in text.split():
        fixed = word
        if len(word) >= 4 and word not in _NOT_TYPOS:
            for target in _CRISIS_WORDS:
                limit = 1 if len(target) <= 6 else 2
                if Levenshtein.distance(word, target, score_cutoff=limit) <= limit:
                    fixed = target
                    break
        out.append(fixed)
    return " ".join(out)


def _clauses(text: str) -> list[str]:
    """Normalised clauses with typos repaired and idioms removed."""
    out = []
    for clause in _CLAUSE.split(normalise(text)):
        plain = " " + _repair(re.sub(r"[^a-z0-9]+", " ", clause)) + " "
        out.append(_IDIOM_RE.sub(" ", plain))
    return out


def _hit(patterns: list[re.Pattern[str]], clause: str) -> bool:
    for pattern in patterns:
        for match in pattern.finditer(clause):
            if _NEGATION.search(clause[: match.start()]):
                continue  # "geen suïcidale gedachten", "zonder acuut gevaar"
            if "poging" in clause and _PAST.search(clause):
                continue  # "jaren geleden deed hij een suïcidepoging"
            return True
    return False


def detect(text: str) -> CrisisSignal:
    """Crisis flag for a resident's message or a VG summary."""
    clauses = _clauses(text)
    if any(_hit(_SUICIDE_RE, clause) for clause in clauses):
        return CrisisSignal(True, "suicide")
    if any(_hit(_DANGER_RE, clause) for clause in clauses):
        return CrisisSignal(True, "danger")
    return CrisisSignal(False)


@dataclass(frozen=True)
class CrisisContact:
    """One way to get help now."""

    label: str
    how: str
    when: str


CRISIS_CONTACTS: tuple[CrisisContact, ...] = (
    CrisisContact(
        "113 Zelfmoordpreventie",
        "bel 113 of gratis 0800-0113, of chat op 113.nl",
        "dag en nacht, anoniem",
    ),
    CrisisContact("Direct gevaar", "bel 112", "altijd"),
    CrisisContact(
        "Huisartsenpost",
        "bel de huisartsenpost in je regio",
        "'s avonds, 's nachts en in het weekend",
    ),
    CrisisContact("Je eigen huisarts", "bel je huisarts", "overdag op werkdagen"),
)


def contacts_for(kind: str | None) -> tuple[CrisisContact, ...]:
    """The contacts in the order that fits the signal: 112 first when there is direct danger."""
    if kind != "danger":
        return CRISIS_CONTACTS
    return tuple(sorted(CRISIS_CONTACTS, key=lambda c: 0 if "112" in c.how else 1))


CRISIS_INTRO = (
    "Wat je schrijft klinkt alsof het nu heel zwaar is. Je hoeft dit niet alleen te dragen: "
    "er zijn mensen die nu met je willen praten."
)
CRISIS_CLOSING = "Praten helpt. Het kan weer beter worden, en hulp is dichtbij."
