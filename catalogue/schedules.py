"""Recurring meetings: RFC 5545 rules expanded by python-dateutil, in Europe/Amsterdam.

A schedule's first session is local wall-clock time; the rule is expanded in
local time and only then given the zone, so a 19:30 group stays at 19:30
across the DST change instead of drifting an hour.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from catalogue.taxonomy import RRULE_DAYS, WEEKDAYS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Expanding a rule stops after this many occurrences: enough for years of weekly meetings.
MAX_SCAN = 5000
# Around a clock change wall-clock order and real order differ by up to an hour.
_DST_SLACK = timedelta(hours=2)
_FORBIDDEN_PARTS = ("DTSTART", "UNTIL", "COUNT")
# How far ahead a cancelled meeting is announced (pages, calendar text, chat).
CANCELLED_AHEAD = timedelta(weeks=6)


@dataclass(frozen=True)
class ScheduleSpec:
    """Everything needed to expand a group's meetings; plain data, no database."""

    rrule: str
    first_session: datetime  # naive, Europe/Amsterdam wall clock
    duration_minutes: int = 90
    until: date | None = None
    session_count: int | None = None
    exceptions: frozenset[date] = field(default_factory=frozenset)
    # Why a cancelled date does not go ahead, where the facilitator said so: (day, reason).
    reasons: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True)
class Meeting:
    """One meeting, with aware start and end times."""

    start: datetime
    end: datetime


def validate(spec: ScheduleSpec) -> list[str]:
    """Dutch problem messages for a schedule; empty when it is usable."""
    return [message for _field, message in field_problems(spec)]


def field_problems(spec: ScheduleSpec) -> list[tuple[str, str]]:
    """validate()'s messages, each with the ScheduleSpec field (= spreadsheet column) at fault."""
    problems: list[tuple[str, str]] = []
    upper = spec.rrule.upper()
    if any(part in upper for part in _FORBIDDEN_PARTS):
        problems.append(
            ("rrule", "zet begin, einddatum en aantal keer in hun eigen kolom, niet in de regel")
        )
    else:  # expanding a rule that has its own COUNT/UNTIL would clash with the columns
        try:
            _rule(spec)
        except (ValueError, TypeError) as exc:
            problems.append(
                ("rrule", f"herhaling '{spec.rrule}' is geen geldige RFC 5545-regel ({exc})")
            )
    if spec.until is not None and spec.until < spec.first_session.date():
        problems.append(("until", "einddatum ligt vóór de eerste bijeenkomst"))
    if not 1 <= spec.duration_minutes <= 600:
        problems.append(("duration_minutes", "duur moet tussen 1 en 600 minuten liggen"))
    if spec.session_count is not None and not 1 <= spec.session_count <= 500:
        problems.append(("session_count", "aantal bijeenkomsten moet tussen 1 en 500 liggen"))
    return problems


def _parsed(spec: ScheduleSpec) -> rrule:
    if not spec.rrule.upper().startswith("FREQ="):
        raise ValueError("de regel moet met FREQ= beginnen")
    rule = rrulestr(spec.rrule, dtstart=spec.first_session)
    if not isinstance(rule, rrule):
        raise ValueError("één regel verwacht")
    return rule


def _series_end(spec: ScheduleSpec, rule: rrule) -> tuple[datetime | None, int | None]:
    until = datetime.combine(spec.until, time.max) if spec.until is not None else None
    count = spec.session_count
    if until is not None and count is not None:
        # RFC 5545 (and dateutil) allow UNTIL or COUNT, not both: keep the one that ends first.
        if len(list(islice(rule.replace(until=until), count))) >= count:
            until = None
        else:
            count = None
    return until, count


def series_end(spec: ScheduleSpec) -> tuple[datetime | None, int | None]:
    """(until, count) ending the series, at most one set; until is naive local time."""
    return _series_end(spec, _parsed(spec))


def _rule(spec: ScheduleSpec) -> rrule:
    rule = _parsed(spec)
    until, count = _series_end(spec, rule)
    if until is not None:
        rule = rule.replace(until=until)
    if count is not None:
        rule = rule.replace(count=count)
    return rule


def _local(naive: datetime) -> datetime:
    return naive.replace(tzinfo=AMSTERDAM)


def _starts(spec: ScheduleSpec, after_local: datetime) -> Iterator[datetime]:
    """Every start of the rule from `after_local` (naive local), cancelled ones included."""
    for scanned, start in enumerate(_rule(spec).xafter(after_local, inc=True)):
        if scanned >= MAX_SCAN:
            return
        yield start


def _occurrences(spec: ScheduleSpec, after_local: datetime) -> Iterator[datetime]:
    return (start for start in _starts(spec, after_local) if start.date() not in spec.exceptions)


def next_meetings(spec: ScheduleSpec, n: int, after: datetime) -> list[Meeting]:
    """The next `n` meetings starting at or after `after` (aware), cancelled dates left out."""
    scan_from = (after.astimezone(AMSTERDAM) - _DST_SLACK).replace(tzinfo=None)
    after_utc = after.astimezone(UTC)
    meetings: list[Meeting] = []
    for start in _occurrences(spec, scan_from):
        if len(meetings) >= n:
            break
        begin = _local(start)
        if begin.astimezone(UTC) < after_utc:  # compare instants, not wall-clock times
            continue
        # The duration is real time, also for a meeting that spans the clock change.
        end = begin.astimezone(UTC) + timedelta(minutes=spec.duration_minutes)
        meetings.append(Meeting(begin, end.astimezone(AMSTERDAM)))
    return meetings


@dataclass(frozen=True)
class Cancellation:
    """A meeting of the series that does not go ahead, with the facilitator's reason if any."""

    day: date
    reason: str | None = None

    def text(self) -> str:
        """'Op dinsdag 15 december gaat de groep niet door (de begeleider is ziek).'"""
        why = f" ({self.reason})" if self.reason else ""
        return f"Op {dutch_date(self.day)} gaat de groep niet door{why}."


def cancelled_meetings(
    spec: ScheduleSpec, after: datetime, *, within: timedelta = CANCELLED_AHEAD
) -> list[Cancellation]:
    """Cancelled meetings that would have started from `after` (aware) until `after + within`.

    Only dates the rule really meets on count: an exception on a day without a meeting
    (or after the series ended) is not news for anyone.
    """
    if not spec.exceptions:
        return []
    scan_from = (after.astimezone(AMSTERDAM) - _DST_SLACK).replace(tzinfo=None)
    after_utc = after.astimezone(UTC)
    end_utc = after_utc + within
    reasons = dict(spec.reasons)
    found: list[Cancellation] = []
    for start in _starts(spec, scan_from):
        instant = _local(start).astimezone(UTC)
        if instant >= end_utc + _DST_SLACK:
            break
        if not after_utc <= instant < end_utc or start.date() not in spec.exceptions:
            continue
        found.append(Cancellation(start.date(), reasons.get(start.date()) or None))
    return found


def weekdays(spec: ScheduleSpec) -> frozenset[str]:
    """Dutch weekday codes the schedule meets on; empty when the day varies (daily, by date)."""
    rule = _parsed(spec)
    # dateutil keeps BYDAY as ints (Monday = 0) in _byweekday, filled from the first session
    # for a weekly rule without BYDAY; nth weekdays of a month (1TH, -1FR) go to _bynweekday.
    byday, nth = rule._byweekday, rule._bynweekday  # type: ignore[attr-defined]
    days = set(byday or ()) | {d for d, _n in nth or ()}
    return frozenset(tuple(WEEKDAYS)[d] for d in days)


MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(day: date, *, year: bool = False, weekday: bool = True) -> str:
    """'dinsdag 3 maart' ('3 maart 2027', …): the one Dutch date format of the texts."""
    text = f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{WEEKDAYS[tuple(WEEKDAYS)[day.weekday()]]} {text}" if weekday else text


def describe(spec: ScheduleSpec) -> str:
    """Short Dutch description such as 'elke dinsdag, 19:30–21:00'."""
    rule_text = spec.rrule.upper()
    days = " en ".join(WEEKDAYS[d] for d in sorted(weekdays(spec), key=tuple(WEEKDAYS).index))
    start = spec.first_session.time()
    end = (spec.first_session + timedelta(minutes=spec.duration_minutes)).time()
    hours = f"{start:%H:%M}–{end:%H:%M}"
    found = re.search(r"INTERVAL=(\d+)", rule_text)
    every = int(found.group(1)) if found else 1
    on_days = f" op {days}" if days else ""
    if "FREQ=MONTHLY" in rule_text:
        how = ("één keer per maand" if every == 1 else f"om de {every} maanden") + on_days
    elif "FREQ=WEEKLY" in rule_text:
        how = (
            f"elke {days}"
            if every == 1
            else f"om de week op {days}"
            if every == 2
            else f"om de {every} weken op {days}"
        )
    elif "FREQ=DAILY" in rule_text:
        how = "elke dag" if every == 1 else f"om de {every} dagen"
    else:
        how = "volgens een vast rooster"
    return f"{how}, {hours}"


def rrule_byday(codes: list[str]) -> str:
    """BYDAY value for Dutch weekday codes (used when building rules from forms)."""
    order = tuple(WEEKDAYS)
    return ",".join(RRULE_DAYS[order.index(code)] for code in codes)


def starting_on(spec: ScheduleSpec, day: date) -> ScheduleSpec:
    """The same series moved to start on `day` (a later run of a closed group), same time."""
    first = datetime.combine(day, spec.first_session.time())
    shift = first - spec.first_session
    until = spec.until + shift if spec.until is not None else None
    return replace(spec, first_session=first, until=until)
