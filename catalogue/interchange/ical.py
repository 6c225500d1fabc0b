"""iCalendar export per group and per search, built with the `icalendar` package.

Events carry the group's own RRULE and EXDATEs with TZID Europe/Amsterdam
and a VTIMEZONE, so calendar apps expand them exactly as we do: a cancelled
meeting is an EXDATE, so it drops out of the resident's calendar, and the
description says which coming meetings do not go ahead (and why, if known).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM, cancelled_meetings, series_end
from catalogue.taxonomy import ACCESS_ROUTES

PRODID = "-//Groepenwijzer//GEM groepen//NL"


def group_event(record: GroupRecord, *, base_url: str = "", stamp: datetime) -> Event | None:
    """One recurring VEVENT for a group with a schedule; None without one."""
    spec = record.schedule
    if spec is None:
        return None
    event = Event()
    event.add("uid", f"groep-{record.external_id or record.id}@groepenwijzer")
    event.add("dtstamp", stamp)
    event.add("summary", record.title)
    start = spec.first_session.replace(tzinfo=AMSTERDAM)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=spec.duration_minutes))
    rule = vRecur.from_ical(spec.rrule)
    until, count = series_end(spec)  # at most one: RFC 5545 forbids COUNT with UNTIL
    if until is not None:
        # With a zoned DTSTART, RFC 5545 requires UNTIL in UTC.
        rule["UNTIL"] = until.replace(microsecond=0, tzinfo=AMSTERDAM).astimezone(UTC)
    if count is not None:
        rule["COUNT"] = count
    event.add("rrule", rule)
    for day in sorted(spec.exceptions):
        event.add("exdate", datetime.combine(day, spec.first_session.time(), AMSTERDAM))
    event.add("location", _where(record))
    lines = [record.summary, ACCESS_ROUTES[record.access_route]]
    lines += [cancelled.text() for cancelled in cancelled_meetings(spec, stamp)]
    if base_url:
        lines.append(f"{base_url.rstrip('/')}/groepen/{record.id}")
        event.add("url", f"{base_url.rstrip('/')}/groepen/{record.id}")
    event.add("description", "\n".join(line for line in lines if line))
    return event


def _where(record: GroupRecord) -> str:
    if record.mode == "online":
        return "Online"
    if record.address_after_registration:
        return f"{record.municipality} (adres na aanmelding)"
    parts = [record.location_name, record.address, record.postcode, record.municipality]
    return ", ".join(part for part in parts if part)


def calendar_bytes(
    records: Iterable[GroupRecord], *, base_url: str = "", name: str = "Groepenwijzer"
) -> bytes:
    """A VCALENDAR with one event per group that has a schedule."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(AMSTERDAM).replace(microsecond=0)
    for record in records:
        event = group_event(record, base_url=base_url, stamp=stamp)
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
