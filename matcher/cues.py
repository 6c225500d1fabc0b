"""Soft cues read from the free text: what the words imply but no filter encodes.

"Mevrouw (44)", "ik ben 19", "kom de deur niet uit", "wil geen therapie",
"groepen vind ik eng": none of these are hard constraints, but a VG team
would weigh them. They become small score adjustments in the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from catalogue.taxonomy import AUDIENCE_TERMS
from matcher import facts
from matcher.concepts import contains_phrase, stem_phrase
from matcher.places import without_online_activity
from matcher.text import normalise, stem, words

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
    # Languages the text names, writes in, or its country of origin speaks (never "nl").
    languages: frozenset[str] = frozenset()


def read_cues(text: str) -> Cues:
    """Soft cues from a VG summary or chat message.

    Age, gender and "asks as a relative" come from matcher.facts, which tells
    "mijn man is overleden" (about the writer) from "ik ben een man van 50".
    """
    plain = re.sub(r"[^a-z0-9()]+", " ", normalise(text))
    age = facts.read_age(text)
    gender = facts.read_gender(text)
    return Cues(
        age=age,
        gender=gender,
        wants_online=bool(_ONLINE.search(without_online_activity(f" {plain} "))),
        avoids_treatment=bool(_NO_TREATMENT.search(plain)),
        avoids_groups=bool(_NO_GROUP.search(plain)),
        audiences=_audience_evidence(text, age, gender, facts.reads_as_relative(text)),
        languages=frozenset(facts.read_languages(text)[0] + facts.origin_languages(text)),
    )


# Audiences read from facts, not from words: "mijn man" is no evidence of being a man,
# and "mijn moeder van 81" none of being a parent.
_FROM_FACTS = frozenset({"vrouwen", "mannen", "naasten", "ouders"})


@lru_cache(maxsize=1)
def _audience_phrases() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """Each word-evidenced audience with its terms as stemmed phrases, stemmed once.

    Stemming the taxonomy's terms again for every message was most of `read_cues`.
    """
    return tuple(
        (code, tuple(stem_phrase(term) for term in terms))
        for code, terms in AUDIENCE_TERMS.items()
        if code not in _FROM_FACTS
    )


def _audience_evidence(
    text: str, age: int | None, gender: str | None, relative: bool
) -> frozenset[str]:
    tokens = [stem(w) for w in words(text)]
    found = {
        code
        for code, phrases in _audience_phrases()
        if any(contains_phrase(tokens, phrase) for phrase in phrases)
    }
    if age is not None:
        found |= {"jongeren"} if age <= 27 else {"ouderen"} if age >= 60 else set()
    found |= {gender} if gender else set()
    found |= {"naasten", "mantelzorgers"} if relative else set()
    found |= {"ouders"} if facts.read_parenthood(text)[0] else set()
    found |= {"nieuwkomers"} if facts.reads_as_newcomer(text) else set()
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


# The taxonomy keeps carers and relatives under relationships and family.
CARERS_THEME = "relaties"


def with_situation(themes: Sequence[str], cues: Cues) -> list[str]:
    """A text's themes plus the subject the person's situation makes.

    Someone asking as a relative ("mijn zoon heeft psychoses, ik ben op", "mijn vrouw
    heeft alzheimer") asks about being a relative, with or without a theme word:
    without it, groups for relatives shared no theme with the text and fell below
    the relevance floor.
    """
    found = list(dict.fromkeys(themes))
    if "naasten" in cues.audiences and CARERS_THEME not in found:
        found.append(CARERS_THEME)
    return found
