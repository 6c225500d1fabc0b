"""GroupRecord: next start, whether one can still join, weekdays and area."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from catalogue.records import GroupRecord, RunInfo
from catalogue.schedules import AMSTERDAM, ScheduleSpec

TUESDAYS = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 9, 1, 19, 30))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def group(**fields: object) -> GroupRecord:
    defaults: dict[str, object] = {"id": 1, "title": "Groep", "domain": "welzijn"}
    return GroupRecord(**{**defaults, **fields})  # type: ignore[arg-type]


# --- open groups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places_left", "status", "can_join"),
    [
        (None, "actief", True),  # unknown number of places: assume there is room
        (0, "actief", False),
        (1, "actief", True),
        (7, "actief", True),
        (7, "gepauzeerd", False),
        (7, "gestopt", False),
        (None, "concept", False),
    ],
)
def test_open_group_can_join(places_left: int | None, status: str, can_join: bool) -> None:
    record = group(open_group=True, schedule=TUESDAYS, places_left=places_left, status=status)
    assert record.can_join(at(2026, 9, 2, 12)) is can_join


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 8, 1, 12), date(2026, 9, 1)),  # before the first session
        (at(2026, 9, 2, 12), date(2026, 9, 8)),
        (at(2026, 9, 8, 19, 30), date(2026, 9, 8)),  # the meeting starting right now
        (at(2026, 9, 8, 20, 0), date(2026, 9, 15)),  # tonight's meeting already started
    ],
)
def test_open_group_next_start_is_the_next_meeting(now: datetime, expected: date) -> None:
    assert group(schedule=TUESDAYS).next_start(now) == expected


def test_open_group_next_start_skips_cancelled_dates() -> None:
    spec = ScheduleSpec(
        TUESDAYS.rrule, TUESDAYS.first_session, exceptions=frozenset({date(2026, 9, 8)})
    )
    assert group(schedule=spec).next_start(at(2026, 9, 2)) == date(2026, 9, 15)


def test_group_without_schedule_has_no_next_start_or_meetings() -> None:
    record = group()
    assert record.next_start(at(2026, 9, 2)) is None
    assert record.next_meetings(3, at(2026, 9, 2)) == []
    assert record.can_join(at(2026, 9, 2)) is True  # open, active, no place limit


def test_open_group_whose_series_ended_has_no_next_start() -> None:
    spec = ScheduleSpec(TUESDAYS.rrule, TUESDAYS.first_session, until=date(2026, 9, 30))
    assert group(schedule=spec).next_start(at(2026, 10, 1)) is None


# --- closed groups with runs ---------------------------------------------------------------------

SEPT = RunInfo(date(2026, 9, 1), sessions=8, enrolment_open=True, places_left=3)
JAN = RunInfo(date(2027, 1, 12), sessions=8)


def closed(*runs: RunInfo, **fields: object) -> GroupRecord:
    return group(open_group=False, schedule=TUESDAYS, runs=tuple(runs), **fields)


def test_closed_group_next_start_is_the_next_run() -> None:
    record = closed(SEPT, JAN)
    assert record.next_run(date(2026, 8, 20)) == SEPT
    assert record.next_start(at(2026, 8, 20)) == date(2026, 9, 1)
    assert record.next_start(at(2026, 9, 1, 8)) == date(2026, 9, 1)  # starts today
    # Once September's run is under way, a newcomer waits for January (not next Tuesday).
    assert record.next_start(at(2026, 9, 2)) == date(2027, 1, 12)
    assert record.next_run(date(2026, 9, 2)) == JAN


def test_closed_group_runs_need_not_be_sorted() -> None:
    assert closed(JAN, SEPT).next_run(date(2026, 8, 1)) == SEPT


def test_closed_group_with_only_past_runs_cannot_be_joined_and_has_no_next_start() -> None:
    record = closed(SEPT)
    now = at(2026, 10, 1)
    assert record.next_run(now.date()) is None
    assert record.can_join(now) is False
    assert record.next_start(now) is None


def test_closed_group_without_runs_falls_back_to_its_schedule_but_cannot_be_joined() -> None:
    record = closed()
    assert record.next_start(at(2026, 9, 2)) == date(2026, 9, 8)
    assert record.can_join(at(2026, 9, 2)) is False


@pytest.mark.parametrize(
    ("run", "group_places", "can_join"),
    [
        (RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=3), None, True),
        (RunInfo(date(2026, 9, 1), enrolment_open=False, places_left=3), None, False),
        (RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=0), 5, False),  # run wins
        (RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=2), 0, True),  # run wins
        (RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=None), 0, False),
        (RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=None), 4, True),
        (RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=None), None, True),
    ],
)
def test_closed_group_can_join_uses_enrolment_and_places(
    run: RunInfo, group_places: int | None, can_join: bool
) -> None:
    record = closed(run, places_left=group_places)
    assert record.can_join(at(2026, 8, 20)) is can_join


def test_closed_group_can_join_looks_at_the_next_run_not_the_past_one() -> None:
    full_past = RunInfo(date(2026, 9, 1), enrolment_open=True, places_left=0)
    open_next = RunInfo(date(2027, 1, 12), enrolment_open=True, places_left=6)
    record = closed(full_past, open_next)
    assert record.can_join(at(2026, 8, 20)) is False
    assert record.can_join(at(2026, 9, 2)) is True


def test_closed_group_that_is_not_active_cannot_be_joined() -> None:
    assert closed(SEPT, status="gepauzeerd").can_join(at(2026, 8, 20)) is False


# --- weekdays, area, access -------------------------------------------------------------------


def test_weekdays_come_from_the_schedule() -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=MO,TH", datetime(2026, 9, 3, 10))
    assert group(schedule=spec).weekdays == frozenset({"ma", "do"})


def test_fixed_weekdays_override_the_schedule() -> None:
    assert group(schedule=TUESDAYS, fixed_weekdays=frozenset({"vr"})).weekdays == {"vr"}
    # An explicitly empty set means "no fixed day", even with a schedule.
    assert group(schedule=TUESDAYS, fixed_weekdays=frozenset()).weekdays == frozenset()


def test_no_schedule_and_no_fixed_days_means_no_fixed_day() -> None:
    assert group().weekdays == frozenset()


@pytest.mark.parametrize(
    ("service_area", "municipality", "expected"),
    [
        (frozenset({"Deventer", "Voorst"}), "Deventer", {"Deventer", "Voorst"}),
        (frozenset({"Voorst"}), "Deventer", {"Voorst"}),  # service area wins
        (frozenset(), "Nijmegen", {"Nijmegen"}),  # falls back to the meeting place
        (frozenset(), None, set()),  # online, no place
    ],
)
def test_area(service_area: frozenset[str], municipality: str | None, expected: set[str]) -> None:
    record = group(service_area=service_area, municipality=municipality)
    assert record.area == frozenset(expected)


@pytest.mark.parametrize(
    ("mode", "online", "in_person"),
    [("locatie", False, True), ("online", True, False), ("hybride", True, True)],
)
def test_mode_properties(mode: str, online: bool, in_person: bool) -> None:
    record = group(mode=mode)
    assert (record.online, record.in_person) == (online, in_person)


@pytest.mark.parametrize(
    ("route", "needs_referral"),
    [("zonder_verwijzing", False), ("huisarts", True), ("gemeente", True), ("ggz", True)],
)
def test_needs_referral(route: str, needs_referral: bool) -> None:
    assert group(access_route=route).needs_referral is needs_referral


def test_records_compare_by_value_but_not_by_updated_at() -> None:
    a = group(updated_at=datetime(2026, 1, 1))
    b = group(updated_at=datetime(2026, 2, 1))
    assert a == b
    assert a != group(title="Andere groep")
