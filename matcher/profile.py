"""The query: a profile of what is going on and what is possible, validated up front."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import process

from catalogue import taxonomy as tx
from catalogue.errors import Invalid
from catalogue.records import TIMES_OF_DAY

MAX_TEXT = 5000


@dataclass(frozen=True)
class Constraints:
    """Hard constraints; every field None/empty means "no constraint".

    `municipality`: in-person groups must serve it. `municipalities`: in-person
    groups must serve one of them (empty tuple: online only). `audience` is a
    person category (taxonomy AUDIENCE_ALLOWED) or an explicit set of group
    audiences the person may join. `times_of_day`: parts of the day
    (catalogue.records.TIMES_OF_DAY) a group may start in; a group without a
    fixed time (no schedule) always passes.
    """

    online_ok: bool = True
    municipality: str | None = None
    municipalities: tuple[str, ...] | None = None
    weekdays: frozenset[str] | None = None
    times_of_day: frozenset[str] | None = None
    referral_possible: bool = True
    audience: str | frozenset[str] | None = None
    age: int | None = None
    language: str | None = None
    domains: frozenset[str] | None = None  # only groups of these domains
    open_only: bool = False  # only groups one can join any week


@dataclass(frozen=True)
class Profile:
    """What the matcher is asked: free text plus structured context and constraints."""

    text: str
    contexts: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    matters: str = ""
    constraints: Constraints = field(default_factory=Constraints)


def suggest_municipalities(name: str, limit: int = 3) -> list[str]:
    """Closest GEM municipality names for a misspelt or unknown place."""
    hits = process.extract(name, list(tx.MUNICIPALITIES), limit=limit, score_cutoff=50)
    return [str(hit[0]) for hit in hits]


def resolve_municipality(name: str) -> str:
    """The canonical municipality for a user-typed name, or Invalid with suggestions."""
    found = tx.find_municipality(name)
    if found:
        return found
    cleaned = " ".join(name.split())
    suggestions = suggest_municipalities(cleaned)
    hint = f" Bedoelt u {' of '.join(suggestions)}?" if suggestions else ""
    raise Invalid(f"Gemeente '{cleaned[:60]}' ken ik niet in de GEM-regio's.{hint}")


def validate_profile(profile: Profile) -> list[str]:
    """Problems that make the profile unusable (Dutch); empty when fine."""
    problems = []
    text = profile.text.strip()
    if not text and not profile.contexts and not profile.elements:
        problems.append("Schrijf kort wat er speelt, of kies een onderwerp.")
    if len(profile.text) > MAX_TEXT:
        problems.append(
            f"De tekst is te lang ({len(profile.text)} tekens); "
            f"maximaal {MAX_TEXT}. Houd het bij de kern."
        )
    for code in profile.contexts:
        if code not in tx.CONTEXTS:
            problems.append(f"Onbekende context '{code}'.")
    for code in profile.domains:
        if code not in tx.DOMAINS:
            problems.append(f"Onbekend domein '{code}'.")
    problems += _constraint_problems(profile.constraints)
    return problems


def _constraint_problems(c: Constraints) -> list[str]:
    problems = []
    for name in ([c.municipality] if c.municipality else []) + list(c.municipalities or ()):
        if name not in tx.MUNICIPALITIES:
            hints = suggest_municipalities(name)
            extra = f" Bedoelt u {' of '.join(hints)}?" if hints else ""
            problems.append(f"Gemeente '{name[:60]}' ken ik niet.{extra}")
    if c.municipalities == () and not c.online_ok:
        problems.append("Geen gemeente én geen online groepen: dan blijft er niets over.")
    if c.weekdays is not None:
        if not c.weekdays:
            problems.append("Kies minstens één dag.")
        problems += [f"Onbekende dag '{d}'." for d in c.weekdays if d not in tx.WEEKDAYS]
    if c.times_of_day is not None:
        if not c.times_of_day:
            problems.append("Kies minstens één dagdeel.")
        problems += [
            f"Onbekend dagdeel '{str(t)[:20]}'."
            for t in sorted(c.times_of_day, key=str)
            if t not in TIMES_OF_DAY
        ]
    if isinstance(c.audience, str) and c.audience not in tx.AUDIENCE_ALLOWED:
        problems.append(f"Onbekende doelgroep '{c.audience}'.")
    if c.age is not None and not 0 <= c.age <= 120:
        problems.append("Leeftijd moet tussen 0 en 120 liggen.")
    if c.age is not None and c.audience == "ouderen" and c.age < 55:
        problems.append("Leeftijd en doelgroep 'ouderen' spreken elkaar tegen.")
    if c.age is not None and c.audience == "jongeren" and c.age > 27:
        problems.append("Leeftijd en doelgroep 'jongeren' spreken elkaar tegen.")
    problems += [f"Onbekend domein '{d}'." for d in sorted(c.domains or ()) if d not in tx.DOMAINS]
    if c.language is not None and c.language not in tx.LANGUAGES:
        problems.append(f"Onbekende taal '{c.language}'.")
    return problems


def checked(profile: Profile) -> Profile:
    """The profile itself, or Invalid listing every problem."""
    problems = validate_profile(profile)
    if problems:
        raise Invalid(problems[0], problems)
    return profile
