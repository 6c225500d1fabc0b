"""The persona trial: scripted residents through the real dialogue against a catalogue.

Each persona (docs/trial.md gives the file format) sends its first message
and answers the chat's questions; the trial records the turns to the first
list and the options on it, and checks each option against what the persona
said about themselves: topic, age and audience, place, days, time of day and
whether one can join now. It also counts how many groups in the whole
catalogue would fit the persona, so a short list can be told apart from a
catalogue that has nothing more to offer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.chat.scripted import Script, converse
from catalogue.errors import Invalid
from catalogue.records import GroupRecord
from catalogue.taxonomy import MUNICIPALITIES, SPECIAL_AUDIENCES, THEMES, WEEKDAYS
from matcher.lexical import record_themes
from matcher.pipeline import MatchIndex
from matcher.shortlist import IndexMatcher

ENOUGH = 3
WITHIN_TURNS = 4
CHECKS = ("topic", "audience", "place", "days", "time", "joinable")


@dataclass(frozen=True)
class Expect:
    """What a perfect listener would know about the persona (for judging the options)."""

    themes: tuple[str, ...]
    age: int | None = None
    relative: bool = False
    place: str | None = None  # municipality; None = online only
    online_ok: bool = True
    days: tuple[str, ...] | None = None
    times: tuple[str, ...] | None = None
    gender: str | None = None  # "vrouwen" or "mannen", for groups of one gender
    audiences: tuple[str, ...] = ()  # special audiences (taxonomy), e.g. "nieuwkomers"
    languages: tuple[str, ...] = ("nl",)


@dataclass(frozen=True)
class Persona:
    """One scripted resident."""

    id: str
    script: Script
    expect: Expect


def load_personas(path: Path) -> list[Persona]:
    """Read a personas file; Invalid with every problem (line numbers) when it is wrong."""
    personas, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            personas.append(_persona(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"regel {number}: {exc}")
    if problems:
        raise Invalid(problems[0], problems)
    return personas


def _persona(data: dict[str, Any]) -> Persona:
    answers, expect = data.get("answers", {}), data.get("expect", {})
    themes = tuple(expect.get("themes", ()))
    unknown = [t for t in themes if t not in THEMES]
    if unknown:
        raise ValueError(f"onbekend thema {unknown[0]!r}")
    place = expect.get("place")
    if place is not None and place not in MUNICIPALITIES:
        raise ValueError(f"onbekende gemeente {place!r}")
    days = expect.get("days")
    if days is not None and any(d not in WEEKDAYS for d in days):
        raise ValueError(f"onbekende dag in {days!r}")
    audiences: set[str] = set(expect.get("audiences", ()))
    strange = sorted(audiences - set(SPECIAL_AUDIENCES))
    if strange:
        raise ValueError(f"onbekende doelgroep {strange[0]!r}")
    return Persona(
        id=str(data["id"]),
        script=Script(
            first_message=str(data["first_message"]),
            place=answers.get("place"),
            days=answers.get("days"),
        ),
        expect=Expect(
            themes=themes,
            age=expect.get("age"),
            relative=bool(expect.get("relative", False)),
            place=place,
            online_ok=bool(expect.get("online_ok", place is None)),
            days=tuple(days) if days else None,
            times=tuple(expect["time_of_day"]) if expect.get("time_of_day") else None,
            gender=expect.get("gender"),
            audiences=tuple(sorted(audiences)),
            languages=tuple(expect.get("languages", ("nl",))),
        ),
    )


def checks(record: GroupRecord, expect: Expect, now: datetime) -> dict[str, bool]:
    """Does a group fit the persona, check by check."""
    age = expect.age
    age_ok = age is None or (
        (record.age_min is None or record.age_min <= age)
        and (record.age_max is None or age <= record.age_max)
    )
    too_old = age is not None and record.audience == "jongeren" and age > 27
    too_young = age is not None and record.audience == "ouderen" and age < 55
    gender_ok = record.audience not in ("vrouwen", "mannen") or record.audience == expect.gender
    special_ok = set(record.special_audiences) <= set(expect.audiences) | _implied(expect)
    language_ok = bool(set(record.languages) & set(expect.languages))
    audience_ok = (
        record.for_relatives == expect.relative
        and not (too_old or too_young)
        and gender_ok
        and special_ok
        and language_ok
    )
    if record.online:
        place_ok = expect.online_ok or expect.place is None
    else:
        place_ok = expect.place is not None and expect.place in record.area
    themes = set(record.themes) or record_themes(record)  # the provider's own word first
    return {
        "topic": bool(themes & set(expect.themes)),
        "audience": age_ok and audience_ok,
        "place": place_ok,
        "days": expect.days is None
        or not record.weekdays
        or bool(record.weekdays & set(expect.days)),
        "time": expect.times is None or record.time_of_day in (None, *expect.times),
        "joinable": record.can_join(now) and not record.needs_referral,
    }


def _implied(expect: Expect) -> set[str]:
    """Special audiences the other fields imply: students by age, newcomers by theme,
    carers by asking as a relative."""
    implied = {"studenten"} if expect.age is not None and expect.age <= 27 else set()
    implied |= {"nieuwkomers"} if "cultuur" in expect.themes else set()
    return implied | ({"mantelzorgers"} if expect.relative else set())


@dataclass(frozen=True)
class Shown:
    """One option the chat showed on its first list."""

    external_id: str
    title: str
    availability: str  # "joinable", "full or closed", "via referral"
    fits: bool
    failed: tuple[str, ...]  # the checks it did not pass


@dataclass(frozen=True)
class Outcome:
    """One persona's conversation, judged."""

    persona: str
    turns: int
    crisis: bool
    listed: bool
    shown: tuple[Shown, ...]
    fitting_shown: int  # joinable options on the first list that pass every check
    possible: int  # groups in the whole catalogue that pass every check

    @property
    def served(self) -> bool:
        """Three fitting joinable groups within four turns (or all there are, if fewer)."""
        wanted = min(ENOUGH, self.possible)
        return self.listed and self.turns <= WITHIN_TURNS and self.fitting_shown >= wanted


def run_trial(index: MatchIndex, personas: Sequence[Persona], *, now: datetime) -> list[Outcome]:
    """Every persona through the dialogue (no database, no network: the given index)."""
    matcher = IndexMatcher(index, now=now)
    by_id = {record.id: record for record in index.records}
    outcomes = []
    for persona in personas:
        talk = converse(matcher, persona.script, now=now)
        shown = [
            *(_shown(by_id[i], persona.expect, now, "joinable") for i in talk.first_page),
            *(_shown(by_id[i], persona.expect, now, "full or closed") for i in talk.unavailable),
            *(_shown(by_id[i], persona.expect, now, "via referral") for i in talk.referral),
        ]
        fresh = index.fresh(now)  # groups unconfirmed too long can't be offered
        possible = sum(
            all(checks(r, persona.expect, now).values())
            for r, offered in zip(index.records, fresh, strict=True)
            if r.status == "actief" and offered
        )
        outcomes.append(
            Outcome(
                persona=persona.id,
                turns=talk.turns,
                crisis=talk.crisis,
                listed=talk.listed,
                shown=tuple(shown),
                fitting_shown=sum(s.fits for s in shown if s.availability == "joinable"),
                possible=possible,
            )
        )
    return outcomes


def _shown(record: GroupRecord, expect: Expect, now: datetime, availability: str) -> Shown:
    judged = checks(record, expect, now)
    failed = tuple(name for name in CHECKS if not judged[name])
    return Shown(record.external_id, record.title, availability, not failed, failed)


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The numbers the issue asks for."""
    eligible = [o for o in outcomes if o.possible >= ENOUGH]
    full_as_joinable = sum(
        1
        for o in outcomes
        for s in o.shown
        if s.availability == "joinable" and "joinable" in s.failed
    )
    return {
        "personas": len(outcomes),
        "eligible": len(eligible),
        "served_eligible": sum(o.served for o in eligible),
        "served_share": round(sum(o.served for o in eligible) / len(eligible), 3)
        if eligible
        else 0.0,
        "reached_list": sum(o.listed for o in outcomes),
        "median_turns": sorted(o.turns for o in outcomes)[len(outcomes) // 2] if outcomes else 0,
        "full_offered_as_joinable": full_as_joinable,
        "failed_checks": {
            name: sum(
                name in s.failed for o in outcomes for s in o.shown if s.availability == "joinable"
            )
            for name in CHECKS
        },
    }


def as_json(outcomes: Sequence[Outcome]) -> str:
    """Outcomes and summary as one JSON document."""
    return json.dumps({"summary": summary(outcomes), "personas": [asdict(o) for o in outcomes]})


def as_table(outcomes: Sequence[Outcome]) -> str:
    """A plain-text report: a line per persona, its options, then the summary."""
    lines = ["persona  turns  fitting/shown  possible  served"]
    for o in outcomes:
        joinable = [s for s in o.shown if s.availability == "joinable"]
        lines.append(
            f"{o.persona:<8} {o.turns:>5}  {o.fitting_shown:>7}/{len(joinable):<5}  "
            f"{o.possible:>8}  {'yes' if o.served else 'no'}"
            + ("  (crisis block)" if o.crisis else "" if o.listed else "  (no list)")
        )
        for s in o.shown:
            mark = "ok" if s.fits else "not: " + ", ".join(s.failed)
            lines.append(f"         - {s.external_id} {s.title} [{s.availability}] {mark}")
    total = summary(outcomes)
    lines += [
        "",
        f"{total['served_eligible']} of {total['eligible']} personas for whom the catalogue "
        f"holds {ENOUGH}+ fitting joinable groups got {ENOUGH} within {WITHIN_TURNS} turns "
        f"({total['served_share']:.0%}); {total['reached_list']} of {total['personas']} "
        f"reached a list; median turns {total['median_turns']}; "
        f"full or closed groups offered as joinable: {total['full_offered_as_joinable']}",
        "checks failed by joinable options: "
        + ", ".join(f"{k} {v}" for k, v in total["failed_checks"].items()),
    ]
    return "\n".join(lines)
