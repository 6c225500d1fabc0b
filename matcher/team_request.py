"""The samen-begrijpen form of a VG team, parsed into a matcher profile (issue 11).

Form fields arrive as lists of strings (a checkbox may repeat). Every field is
checked here with a Dutch message naming it, so the view only parses and
renders; nothing in this module stores or logs what the team wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from catalogue import taxonomy as tx
from catalogue.errors import Invalid
from catalogue.records import TIMES_OF_DAY
from matcher.profile import MAX_TEXT, Constraints, Profile

MAX_NOTE = 2000  # "wat is echt belangrijk", strengths, the advice's own texts
AGE_GROUPS: dict[str, str] = {
    "": "Niet van belang",
    "jongeren": "Jongere (16–27)",
    "volwassenen": "Volwassene",
    "ouderen": "Ouder dan 65",
}
_DIGITS = re.compile(r"[0-9]{1,3}", flags=re.ASCII)

Form = Mapping[str, Sequence[str]]
T = TypeVar("T")


@dataclass(frozen=True)
class TeamRequest:
    """What a team entered: the person's situation (in memory only) and the constraints."""

    summary: str
    matters: str = ""
    strengths: str = ""
    contexts: tuple[str, ...] = ()
    pg_dimensions: tuple[str, ...] = ()
    municipality: str | None = None  # None: online only
    online_ok: bool = True
    travel: bool = False  # may travel to the rest of the region
    weekdays: frozenset[str] | None = None
    times_of_day: frozenset[str] | None = None
    age_group: str = ""
    age: int | None = None
    language: str | None = None
    referral_possible: bool = True

    def profile(self) -> Profile:
        """The matcher's question: the summary and what matters, within the constraints."""
        if self.municipality is None:
            municipalities: tuple[str, ...] | None = ()
        elif self.travel:
            region = tx.MUNICIPALITIES[self.municipality].region
            municipalities = tuple(
                sorted(name for name, m in tx.MUNICIPALITIES.items() if m.region == region)
            )
        else:
            municipalities = (self.municipality,)
        constraints = Constraints(
            online_ok=self.online_ok,
            municipalities=municipalities,
            weekdays=self.weekdays,
            times_of_day=self.times_of_day,
            referral_possible=self.referral_possible,
            audience=self.age_group or None,
            age=self.age,
            language=self.language,
        )
        return Profile(
            text=self.summary,
            contexts=self.contexts,
            matters=self.matters,
            constraints=constraints,
        )


def _one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _codes(form: Form, name: str, vocabulary: Mapping[str, object]) -> tuple[str, ...]:
    values = [v for v in form.get(name, ()) if v]
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        raise ValueError(f"onbekende keuze {unknown[0][:30]!r}")
    return tuple(dict.fromkeys(values))


def _text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"te lang ({len(value)} tekens; maximaal {limit})")
        return value

    return check


def parse_team_form(form: Form) -> TeamRequest:
    """A TeamRequest, or Invalid whose `problems` each start with the field's label."""
    problems: dict[str, str] = {}
    none: tuple[str, ...] = ()

    def take(name: str, parse: Callable[[], T], empty: T) -> T:
        try:
            return parse()
        except ValueError as exc:
            problems[name] = str(exc)
            return empty

    summary = take("samenvatting", lambda: _text(MAX_TEXT)(_one(form, "samenvatting")), "")
    matters = take("belangrijk", lambda: _text(MAX_NOTE)(_one(form, "belangrijk")), "")
    strengths = take("krachten", lambda: _text(MAX_NOTE)(_one(form, "krachten")), "")
    contexts = take("context", lambda: _codes(form, "context", tx.CONTEXTS), none)
    dimensions = take("dimensie", lambda: _codes(form, "dimensie", tx.PG_DIMENSIONS), none)
    days = take("dag", lambda: _codes(form, "dag", tx.WEEKDAYS), none)
    times = take("dagdeel", lambda: _codes(form, "dagdeel", TIMES_OF_DAY), none)
    age_group = take("leeftijdsgroep", lambda: _choice(form, "leeftijdsgroep", AGE_GROUPS), "")
    age = take("leeftijd", lambda: _age(_one(form, "leeftijd")), None)
    language = take("taal", lambda: _choice(form, "taal", {"": "", **tx.LANGUAGES}), "")
    where = take("gemeente", lambda: _place(_one(form, "gemeente")), None)
    online = _one(form, "online") == "ja"
    travel = _one(form, "reizen") == "ja"
    referral = take("verwijzing", lambda: _yes_no(_one(form, "verwijzing")), True)
    if not problems and not summary and not contexts:
        problems["samenvatting"] = "schrijf kort wat er speelt, of kies een context"
    if not problems and where is None and not online:
        problems["gemeente"] = "kies een gemeente, of vink online aan"
    if problems:
        messages = [f"{LABELS[name]}: {text}." for name, text in problems.items()]
        raise Invalid(messages[0], messages, problems)
    return TeamRequest(
        summary=summary,
        matters=matters,
        strengths=strengths,
        contexts=contexts,
        pg_dimensions=dimensions,
        municipality=where,
        online_ok=online,
        travel=travel,
        weekdays=frozenset(days) if days else None,
        times_of_day=frozenset(times) if times else None,
        age_group=age_group,
        age=age,
        language=language or None,
        referral_possible=referral,
    )


LABELS: dict[str, str] = {
    "samenvatting": "Samenvatting",
    "belangrijk": "Wat is echt belangrijk",
    "krachten": "Krachten",
    "context": "Contexten",
    "dimensie": "Positieve gezondheid",
    "dag": "Dagen",
    "dagdeel": "Dagdeel",
    "leeftijdsgroep": "Leeftijdsgroep",
    "leeftijd": "Leeftijd",
    "taal": "Taal",
    "gemeente": "Gemeente",
    "verwijzing": "Verwijzing",
}


def _choice(form: Form, name: str, vocabulary: Mapping[str, object]) -> str:
    value = _one(form, name)
    if value not in vocabulary:
        raise ValueError(f"onbekende keuze {value[:30]!r}")
    return value


def _age(value: str) -> int | None:
    if not value:
        return None
    if not _DIGITS.fullmatch(value) or not 12 <= int(value) <= 110:
        raise ValueError("vul een leeftijd in jaren in, tussen 12 en 110")
    return int(value)


def _place(value: str) -> str | None:
    if not value:
        return None
    found = tx.find_municipality(value)
    if found is None:
        raise ValueError(f"'{value[:40]}' is geen gemeente in de GEM-regio's")
    return found


def _yes_no(value: str) -> bool:
    if value not in ("ja", "nee"):
        raise ValueError("kies ja of nee")
    return value == "ja"
