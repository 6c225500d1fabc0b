"""iCalendar export: valid calendars whose expansion matches our own schedule expansion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from catalogue.interchange.ical import calendar_bytes
from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM, ScheduleSpec


def record(spec: ScheduleSpec | None, **fields: Any) -> GroupRecord:
    defaults: dict[str, Any] = {
        "id": 7,
        "external_id": "grp-007",
        "title": "Lotgenotengroep",
        "domain": "zelfhulp",
        "summary": "Samen praten.",
        "location_name": "Buurthuis De Hoven",
        "address": "Hovenweg 1",
        "postcode": "7411 AB",
        "municipality": "Deventer",
        "schedule": spec,
    }
    return GroupRecord(**{**defaults, **fields})


def parse(records: list[GroupRecord], **kwargs: Any) -> Calendar:
    return Calendar.from_ical(calendar_bytes(records, **kwargs))


def only_event(calendar: Calendar) -> Any:
    (event,) = calendar.walk("VEVENT")
    return event


def exdates(event: Any) -> set[datetime]:
    value = event.get("exdate")
    if value is None:
        return set()
    lists = value if isinstance(value, list) else [value]
    return {item.dt for entry in lists for item in entry.dts}


WEEKLY = ScheduleSpec(
    "FREQ=WEEKLY;BYDAY=TU",
    datetime(2026, 9, 1, 19, 30),
    90,
    exceptions=frozenset({date(2026, 9, 8), date(2026, 9, 22)}),
)

SPECS = {
    "weekly-exdates": WEEKLY,
    "weekly-until": ScheduleSpec(
        WEEKLY.rrule,
        WEEKLY.first_session,
        90,
        until=date(2026, 10, 13),
        exceptions=WEEKLY.exceptions,
    ),
    "weekly-count": ScheduleSpec(
        WEEKLY.rrule,
        WEEKLY.first_session,
        90,
        session_count=6,
        exceptions=frozenset({date(2026, 9, 15)}),
    ),
    "until-and-count": ScheduleSpec(
        WEEKLY.rrule, WEEKLY.first_session, 90, until=date(2026, 12, 31), session_count=6
    ),
    "every-other-week": ScheduleSpec(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", datetime(2026, 9, 2, 19, 0), 60
    ),
    "first-thursday": ScheduleSpec(
        "FREQ=MONTHLY;BYDAY=1TH",
        datetime(2026, 9, 3, 10, 0),
        120,
        exceptions=frozenset({date(2026, 10, 1)}),
    ),
    "across-dst": ScheduleSpec(
        "FREQ=WEEKLY;BYDAY=SU", datetime(2026, 10, 11, 19, 30), 90, until=date(2027, 4, 30)
    ),
}


def test_calendar_has_timezone_and_event_fields() -> None:
    calendar = parse([record(WEEKLY)], base_url="https://gw.example/", name="Zoekresultaat")
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Zoekresultaat"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["tzid"]) for tz in timezones] == ["Europe/Amsterdam"]
    event = only_event(calendar)
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    start = event.decoded("dtstart")
    assert start.replace(tzinfo=None) == datetime(2026, 9, 1, 19, 30)
    assert start.utcoffset() == timedelta(hours=2)
    assert event.decoded("duration") == timedelta(minutes=90)
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert event["rrule"]["BYDAY"] == ["TU"]
    assert "COUNT" not in event["rrule"] and "UNTIL" not in event["rrule"]
    assert {d.replace(tzinfo=None) for d in exdates(event)} == {
        datetime(2026, 9, 8, 19, 30),
        datetime(2026, 9, 22, 19, 30),
    }
    assert str(event["uid"]) == "groep-grp-007@groepenwijzer"
    assert str(event["url"]) == "https://gw.example/groepen/7"
    assert str(event["summary"]) == "Lotgenotengroep"
    assert "Zonder verwijzing" in str(event["description"])
    assert str(event["location"]) == "Buurthuis De Hoven, Hovenweg 1, 7411 AB, Deventer"


def test_count_and_until_are_exported() -> None:
    counted = only_event(parse([record(SPECS["weekly-count"])]))
    assert counted["rrule"]["COUNT"] == [6]
    until = only_event(parse([record(SPECS["weekly-until"])]))
    (end,) = until["rrule"]["UNTIL"]
    # RFC 5545: with a zoned DTSTART, UNTIL must be given in UTC.
    assert end.utcoffset() == timedelta(0)
    assert end.astimezone(AMSTERDAM).date() == date(2026, 10, 13)


def test_until_and_count_together_export_only_one_of_them() -> None:
    rule = only_event(parse([record(SPECS["until-and-count"])]))["rrule"]
    assert ("COUNT" in rule) != ("UNTIL" in rule)  # RFC 5545 forbids both


@pytest.mark.parametrize("name", list(SPECS))
def test_expanding_the_exported_event_gives_our_meetings(name: str) -> None:
    spec = SPECS[name]
    rec = record(spec)
    event = only_event(parse([rec]))
    dtstart = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=dtstart)
    excluded = exdates(event)
    expanded = list(islice((start for start in rule if start not in excluded), 5))

    ours = [m.start for m in rec.next_meetings(5, after=dtstart)]
    assert len(ours) == 5
    assert [s.astimezone(UTC) for s in expanded] == [s.astimezone(UTC) for s in ours]
    assert [s.replace(tzinfo=None) for s in expanded] == [s.replace(tzinfo=None) for s in ours]


def test_expansion_matches_across_the_whole_series() -> None:
    rec = record(SPECS["across-dst"])
    event = only_event(parse([rec]))
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart"))
    expanded = [s.astimezone(UTC) for s in rule]
    ours = [m.start.astimezone(UTC) for m in rec.next_meetings(100, after=event.decoded("dtstart"))]
    assert expanded == ours
    assert {s.astimezone(AMSTERDAM).time().isoformat() for s in expanded} == {"19:30:00"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"address_after_registration": True}, "Deventer (adres na aanmelding)"),
        (
            {
                "mode": "online",
                "municipality": None,
                "address": None,
                "location_name": None,
                "postcode": None,
            },
            "Online",
        ),
        ({"location_name": None, "postcode": None}, "Hovenweg 1, Deventer"),
    ],
    ids=["confidential", "online", "partial"],
)
def test_location(fields: dict[str, Any], expected: str) -> None:
    data = calendar_bytes([record(WEEKLY, **fields)])
    assert str(only_event(Calendar.from_ical(data))["location"]) == expected
    if fields.get("address_after_registration"):
        assert b"Hovenweg" not in data
        assert b"7411" not in data


def test_records_without_schedule_are_left_out() -> None:
    calendar = parse(
        [
            record(None, id=1, external_id="a"),
            record(WEEKLY, id=2, external_id="b"),
            record(SPECS["first-thursday"], id=3, external_id=""),
        ]
    )
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert uids == ["groep-b@groepenwijzer", "groep-3@groepenwijzer"]


def test_empty_calendar_is_still_valid() -> None:
    calendar = parse([])
    assert calendar.walk("VEVENT") == []
    assert str(calendar["prodid"]) == "-//Groepenwijzer//GEM groepen//NL"
