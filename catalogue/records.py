"""GroupRecord: the frozen, database-free view of a group that matcher and fronts read.

Answers "when is the next start?" and "can I still join?" from the group's
schedule (open groups) or its dated runs (closed groups).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from catalogue.schedules import Meeting, ScheduleSpec, next_meetings, starting_on, weekdays

# Parts of the day a resident can ask for, in day order, with the start time that opens each.
# Avond opens at 17:00: a group at 17:30 is after most working days, which is what
# "na het werk" and "'s avonds" ask for; middag opens at 12:00.
TIMES_OF_DAY: dict[str, time] = {
    "ochtend": time(0, 0),
    "middag": time(12, 0),
    "avond": time(17, 0),
}


def part_of_day(start: time) -> str:
    """'ochtend', 'middag' or 'avond' for a local (Europe/Amsterdam) start time."""
    found = "ochtend"
    for name, opens in TIMES_OF_DAY.items():
        if start >= opens:
            found = name
    return found


@dataclass(frozen=True)
class RunInfo:
    """A cohort of a closed group."""

    start_date: date
    sessions: int | None = None
    enrolment_open: bool = True
    next_intake: date | None = None
    places_left: int | None = None


@dataclass(frozen=True)
class GroupRecord:
    """Everything the matcher and the pages need to know about one group."""

    id: int
    title: str
    domain: str
    external_id: str = ""
    summary: str = ""
    description: str = ""
    elements: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    audience: str = "iedereen"
    age_min: int | None = None
    age_max: int | None = None
    special_audiences: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("nl",)
    open_group: bool = True
    mode: str = "locatie"
    access_route: str = "zonder_verwijzing"
    cost: str = "gratis"
    cost_note: str | None = None
    capacity: int | None = None
    places_left: int | None = None
    waiting_weeks: int | None = None
    facilitator_roles: tuple[str, ...] = ()
    organisation: str = ""
    contact_phone: str | None = None
    contact_email: str | None = None
    registration_url: str | None = None
    location_name: str | None = None
    address: str | None = None
    postcode: str | None = None
    municipality: str | None = None
    service_area: frozenset[str] = frozenset()
    accessibility: str | None = None
    address_after_registration: bool = False
    status: str = "actief"
    last_confirmed_at: date | None = None
    is_example: bool = False
    schedule: ScheduleSpec | None = None
    runs: tuple[RunInfo, ...] = ()
    # Weekday codes; derived from the schedule unless given (bench records have no rule).
    fixed_weekdays: frozenset[str] | None = None
    version: int = 1
    updated_at: datetime | None = field(default=None, compare=False)

    @property
    def online(self) -> bool:
        """Can be joined from home."""
        return self.mode in ("online", "hybride")

    @property
    def in_person(self) -> bool:
        """Meets somewhere physical."""
        return self.mode in ("locatie", "hybride")

    @property
    def for_relatives(self) -> bool:
        """A group for carers and relatives: so marked, or so named in its title
        ("Mantelzorgcafé") when a catalogue does not mark the audience. Tags are not
        enough: a tag "naasten" often means relatives are welcome too."""
        if self.audience == "naasten" or "mantelzorgers" in self.special_audiences:
            return True
        words = re.findall(r"\w+", self.title.lower())
        return any(w.startswith(("mantelzorg", "naaste")) for w in words)

    @property
    def needs_referral(self) -> bool:
        """Needs a huisarts referral or a municipal decision: not for anonymous residents."""
        return self.access_route != "zonder_verwijzing"

    @property
    def area(self) -> frozenset[str]:
        """Municipalities served: the service area, else the meeting place."""
        if self.service_area:
            return self.service_area
        return frozenset({self.municipality}) if self.municipality else frozenset()

    @property
    def weekdays(self) -> frozenset[str]:
        """Dutch weekday codes of its meetings; empty = no fixed day."""
        if self.fixed_weekdays is not None:
            return self.fixed_weekdays
        return weekdays(self.schedule) if self.schedule else frozenset()

    @property
    def time_of_day(self) -> str | None:
        """Part of the day its meetings start, from the schedule's local wall-clock time.

        None = no fixed time (no schedule): such a group passes a time-of-day filter.
        A closed group's later runs keep the first run's time (see `upcoming_schedule`).
        """
        return part_of_day(self.schedule.first_session.time()) if self.schedule else None

    def next_meetings(self, n: int, after: datetime) -> list[Meeting]:
        """Next meetings after `after`, cancelled dates left out."""
        return next_meetings(self.schedule, n, after) if self.schedule else []

    def upcoming_schedule(self, today: date) -> ScheduleSpec | None:
        """The meetings a newcomer would join: an open group's own, a closed group's next run.

        A closed group stores the schedule of its first run; later runs repeat it
        from their own start date. Without a next run, the run under way is shown.
        """
        spec = self.schedule
        if spec is None or self.open_group:
            return spec
        run = self.next_run(today)
        if run is None:
            return spec
        moved = starting_on(spec, run.start_date)
        return replace(moved, session_count=run.sessions or spec.session_count)

    def next_run(self, today: date) -> RunInfo | None:
        """The first run starting today or later, for closed groups."""
        upcoming = [run for run in self.runs if run.start_date >= today]
        return min(upcoming, key=lambda run: run.start_date) if upcoming else None

    def next_start(self, now: datetime) -> date | None:
        """When a newcomer could first take part."""
        if not self.open_group and self.runs:
            # A closed group is joined at the start of a run, not at a meeting of one under way.
            run = self.next_run(now.date())
            return run.start_date if run is not None else None
        meetings = self.next_meetings(1, now)
        return meetings[0].start.date() if meetings else None

    def can_join(self, now: datetime) -> bool:
        """Whether someone can still sign up now (places, enrolment, status)."""
        if self.status != "actief":
            return False
        if self.open_group:
            return self.places_left is None or self.places_left > 0
        run = self.next_run(now.date())
        if run is None:
            return False
        places = run.places_left if run.places_left is not None else self.places_left
        return run.enrolment_open and (places is None or places > 0)
