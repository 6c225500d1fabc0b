"""Soft cues read from the free text: what the words imply but no filter encodes.

"Mevrouw (44)", "ik ben 19", "kom de deur niet uit", "wil geen therapie",
"groepen vind ik eng": none of these are hard constraints, but a VG team
would weigh them. They become small score adjustments in the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogue.taxonomy import AUDIENCE_TERMS
from matcher.concepts import contains_phrase, stem_phrase
from matcher.text import normalise, stem, words

_AGE = [
    re.compile(r"\((\d{2})\)"),
    re.compile(r"\b(\d{2}) ?(jaar|jr)\b"),
    re.compile(r"\bben (\d{2})\b"),
    re.compile(r"\b(\d{2})[- ]?jarige?\b"),
]
_FEMALE = re.compile(
    r"\b(mevrouw|mevr|ik ben een (vrouw|meid|meisje|moeder)|als (vrouw|moeder)"
    r"|vrouw van \d{2}|meisje van \d{2}|(jonge )?moeder van)\b"
)
_MALE = re.compile(
    r"\b(meneer|dhr|ik ben een (man|jongen|vader)|als (man|vader)"
    r"|man van \d{2}|jongen van \d{2}|(jonge )?vader van)\b"
)
_ONLINE = re.compile(
    r"\b(online|internet|tablet|laptop|computer|beeldbellen|videobellen|video|zoom|thuis uit"
    r"|vanuit huis|de deur niet uit|het huis niet uit|buiten de deur|niet naar buiten"
    r"|slecht ter been|kan moeilijk reizen|geen vervoer)\b"
)
# A wish, not a history: "wil geen therapie" counts, "had nog geen behandeling" does not.
_NO_TREATMENT = re.compile(
    r"\b(wil|wilt|willen|hoef|hoeft|liever|zeker) (nu |nog |echt |even |eerst |liefst )?"
    r"(geen |niet (naar|in) (de |een )?)(behandeling|therapie|psycholoog|psychiater|ggz"
    r"|hulpverlening|behandelaar)|geen (therapie|behandeling) (nu|meer|willen)"
    r"|don t want (therapy|treatment)|no therapy\b"
)
_NO_GROUP = re.compile(
    r"\b(groep(en)? (vind ik|is|zijn) (eng|spannend|niks)|geen groep|niet in een groep"
    r"|liever (een op een|1 op 1|alleen|individueel)|niet tussen (veel )?mensen)\b"
)


@dataclass(frozen=True)
class Cues:
    """What the text suggests about the person (all optional)."""

    age: int | None = None
    gender: str | None = None  # "vrouwen" or "mannen", as group audiences name them
    wants_online: bool = False
    avoids_treatment: bool = False
    avoids_groups: bool = False
    audiences: frozenset[str] = frozenset()  # audiences the text gives evidence for


def read_cues(text: str) -> Cues:
    """Soft cues from a VG summary or chat message."""
    plain = re.sub(r"[^a-z0-9()]+", " ", normalise(text))
    age = None
    for pattern in _AGE:
        match = pattern.search(plain)
        if match and 12 <= int(match.group(1)) <= 105:
            age = int(match.group(1))
            break
    female, male = bool(_FEMALE.search(plain)), bool(_MALE.search(plain))
    return Cues(
        age=age,
        gender="vrouwen" if female and not male else "mannen" if male and not female else None,
        wants_online=bool(_ONLINE.search(plain)),
        avoids_treatment=bool(_NO_TREATMENT.search(plain)),
        avoids_groups=bool(_NO_GROUP.search(plain)),
        audiences=_audience_evidence(text, age, female, male),
    )


def _audience_evidence(text: str, age: int | None, female: bool, male: bool) -> frozenset[str]:
    tokens = [stem(w) for w in words(text)]
    found = {
        code
        for code, terms in AUDIENCE_TERMS.items()
        if any(contains_phrase(tokens, stem_phrase(term)) for term in terms)
    }
    if age is not None:
        found |= {"jongeren"} if age <= 27 else {"ouderen"} if age >= 60 else set()
    found |= {"vrouwen"} if female else set()
    found |= {"mannen"} if male else set()
    return frozenset(found)


def targeted_fit(targets: frozenset[str], cues: Cues) -> float:
    """-1 for a group aimed at specific people when nothing says the person is one of them."""
    return -1.0 if targets and not targets & cues.audiences else 0.0


def audience_fit(audience: str, cues: Cues) -> float:
    """-1 when the text rules a group's audience out, 0 otherwise (soft, never a filter)."""
    if cues.gender and audience in ("vrouwen", "mannen") and audience != cues.gender:
        return -1.0
    if cues.age is not None:
        if audience == "jongeren" and cues.age > 27:
            return -1.0
        if audience == "ouderen" and cues.age < 60:
            return -1.0
        if audience in ("volwassenen", "ouderen", "vrouwen", "mannen") and cues.age < 18:
            return -1.0
    return 0.0
