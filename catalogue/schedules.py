"""Recurring meetings: RFC 5545 rules expanded by python-dateutil, in Europe/Amsterdam.

A schedule's first session is local wall-clock time; the rule is expanded in
local time and only then given the zone, so a 19:30 group stays at 19:30
across the DST change instead of drifting an hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from catalogue.taxonomy import RRULE_DAYS, WEEKDAYS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Expanding a rule stops after this many occurrences: enough for years of weekly meetings.
MAX_SCAN = 5000
_FORBIDDEN_PARTS = ("DTSTART", "UNTIL", "COUNT")


@dataclass(frozen=True)
class ScheduleSpec:
    """Everything needed to expand a group's meetings; plain data, no database."""

    rrule: str
    first_session: datetime  # naive, Europe/Amsterdam wall clock
    duration_minutes: int = 90
    until: date | None = None
    session_count: int | None = None
    exceptions: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Meeting:
    """One meeting, with aware start and end times."""

    start: datetime
    end: datetime


def validate(spec: ScheduleSpec) -> list[str]:
    """Dutch problem messages for a schedule; empty when it is usable."""
    problems: list[str] = []
    upper = spec.rrule.upper()
    if any(part in upper for part in _FORBIDDEN_PARTS):
        problems.append(
            "zet begin, einddatum en aantal keer in hun eigen kolom, niet in de regel"
        )
    try:
        _rule(spec)
    except (ValueError, TypeError) as exc:
        problems.append(f"herhaling '{spec.rrule}' is geen geldige RFC 5545-regel ({exc})")
    if spec.until is not None and spec.until < spec.first_session.date():
        problems.append("einddatum ligt vóór de eerste bijeenkomst")
    if not 1 <= spec.duration_minutes <= 600:
        problems.append("duur moet tussen 1 en 600 minuten liggen")
    if spec.session_count is not None and not 1 <= spec.session_count <= 500:
        problems.append("aantal bijeenkomsten moet tussen 1 en 500 liggen")
    return problems


def _rule(spec: ScheduleSpec) -> rrule:
    if not spec.rrule.upper().startswith("FREQ="):
        raise ValueError("de regel moet met FREQ= beginnen")
    rule = rrulestr(spec.rrule, dtstart=spec.first_session)
    if not isinstance(rule, rrule):
        raise ValueError("één regel verwacht")
    if spec.until is not None:
        rule = rule.replace(until=datetime.combine(spec.until, time.max))
    if spec.session_count is not None:
        rule = rule.replace(count=spec.session_count)
    return rule


def _local(naive: datetime) -> datetime:
    return naive.replace(tzinfo=AMSTERDAM)


def _occurrences(spec: ScheduleSpec, after_local: datetime) -> Iterator[datetime]:
    for scanned, start in enumerate(_rule(spec).xafter(after_local, inc=True)):
        if scanned >= MAX_SCAN:
            return
        if start.date() not in spec.exceptions:
            yield start


def next_meetings(spec: ScheduleSpec, n: int, after: datetime) -> list[Meeting]:
    """The next `n` meetings starting at or after `after` (aware), cancelled dates left out."""
    after_local = after.astimezone(AMSTERDAM).replace(tzinfo=None)
    meetings: list[Meeting] = []
    for start in _occurrences(spec, after_local):
        # Add the duration in wall-clock time, then attach the zone (DST-correct end).
        end = start + timedelta(minutes=spec.duration_minutes)
        meetings.append(Meeting(_local(start), _local(end)))
        if len(meetings) >= n:
            break
    return meetings


def weekdays(spec: ScheduleSpec) -> frozenset[str]:
    """Dutch weekday codes the schedule meets on (from BYDAY, else the first session)."""
    rule = _rule(spec)
    days = rule._byweekday  # dateutil keeps the parsed BYDAY here (ints, Monday = 0)
    if rule._freq in (0, 1, 2) and not days:  # yearly/monthly/weekly without BYDAY
        return frozenset({tuple(WEEKDAYS)[spec.first_session.weekday()]})
    if rule._bynweekday:
        days = tuple(days or ()) + tuple(d for d, _n in rule._bynweekday)
    return frozenset(tuple(WEEKDAYS)[d] for d in (days or ()))


def describe(spec: ScheduleSpec) -> str:
    """Short Dutch description such as 'elke dinsdag, 19:30–21:00'."""
    rule_text = spec.rrule.upper()
    days = " en ".join(WEEKDAYS[d] for d in sorted(weekdays(spec), key=tuple(WEEKDAYS).index))
    start = spec.first_session.time()
    end = (spec.first_session + timedelta(minutes=spec.duration_minutes)).time()
    hours = f"{start:%H:%M}–{end:%H:%M}"
    if "FREQ=MONTHLY" in rule_text:
        how = f"één keer per maand op {days}"
    elif "INTERVAL=2" in rule_text:
        how = f"om de week op {days}"
    elif "FREQ=DAILY" in rule_text:
        how = "elke dag"
    else:
        how = f"elke {days}"
    return f"{how}, {hours}"


def rrule_byday(codes: list[str]) -> str:
    """BYDAY value for Dutch weekday codes (used when building rules from forms)."""
    order = tuple(WEEKDAYS)
    return ",".join(RRULE_DAYS[order.index(code)] for code in codes)
