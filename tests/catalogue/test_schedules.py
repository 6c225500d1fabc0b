"""Schedules: RFC 5545 rules expanded in Europe/Amsterdam wall-clock time."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalogue.schedules import (
    AMSTERDAM,
    ScheduleSpec,
    describe,
    next_meetings,
    rrule_byday,
    validate,
    weekdays,
)
from catalogue.taxonomy import RRULE_DAYS

HOUR = timedelta(hours=1)


def local(*args: int) -> datetime:
    """An aware Europe/Amsterdam datetime."""
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def starts(meetings: list) -> list[datetime]:
    return [m.start for m in meetings]


# --- DST ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "expected_days", "expected_offsets"),
    [
        # Autumn: clocks go back on Sunday 2026-10-25, 03:00 → 02:00.
        (datetime(2026, 10, 11, 19, 30), [18, 25, 1], [2, 1, 1]),
        # Spring: clocks go forward on Sunday 2027-03-28, 02:00 → 03:00.
        (datetime(2027, 3, 14, 19, 30), [21, 28, 4], [1, 2, 2]),
    ],
    ids=["autumn-2026-10-25", "spring-2027-03-28"],
)
def test_weekly_group_keeps_its_local_time_across_dst(
    first: datetime, expected_days: list[int], expected_offsets: list[int]
) -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=SU", first, duration_minutes=90)
    meetings = next_meetings(spec, 3, after=first.replace(tzinfo=AMSTERDAM) + HOUR)
    assert [m.start.day for m in meetings] == expected_days
    assert all(m.start.time() == time(19, 30) for m in meetings)
    assert [m.start.utcoffset() for m in meetings] == [h * HOUR for h in expected_offsets]
    # So the UTC time shifts by an hour while the local time stays put.
    utc_times = {m.start.astimezone(UTC).time() for m in meetings}
    assert utc_times == {time(17, 30), time(18, 30)}
    for m in meetings:
        assert m.end.time() == time(21, 0)
        assert m.end.utcoffset() == m.start.utcoffset()


def test_tuesday_group_offsets_before_and_after_both_changes() -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 9, 1, 19, 30))
    meetings = next_meetings(spec, 40, after=local(2026, 10, 19))
    by_day = {m.start.date(): m.start.isoformat() for m in meetings}
    assert by_day[date(2026, 10, 20)] == "2026-10-20T19:30:00+02:00"
    assert by_day[date(2026, 10, 27)] == "2026-10-27T19:30:00+01:00"
    assert by_day[date(2027, 3, 23)] == "2027-03-23T19:30:00+01:00"
    assert by_day[date(2027, 3, 30)] == "2027-03-30T19:30:00+02:00"


@pytest.mark.parametrize(
    ("first", "expected_end"),
    [
        # 01:30 CEST on the autumn night; 90 real minutes later it is 02:00 CET.
        (datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
        # 01:30 CET on the spring night; 90 real minutes later it is 04:00 CEST.
        (datetime(2027, 3, 28, 1, 30), datetime(2027, 3, 28, 2, 0, tzinfo=UTC)),
    ],
    ids=["autumn", "spring"],
)
def test_meeting_that_spans_the_clock_change_lasts_its_real_duration(
    first: datetime, expected_end: datetime
) -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=SU", first, duration_minutes=90)
    (meeting,) = next_meetings(spec, 1, after=local(2026, 1, 1))
    assert meeting.start.replace(tzinfo=None) == first
    assert meeting.end.astimezone(UTC) == expected_end
    assert meeting.end.astimezone(UTC) - meeting.start.astimezone(UTC) == timedelta(minutes=90)


def test_never_returns_a_meeting_before_after_in_the_repeated_autumn_hour() -> None:
    # 02:30 happens twice on 2026-10-25; the meeting is the first 02:30 (00:30 UTC).
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=SU", datetime(2026, 10, 18, 2, 30))
    after = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 02:10 CET, the second pass
    meetings = next_meetings(spec, 2, after=after)
    assert all(m.start >= after for m in meetings)
    assert meetings[0].start.date() == date(2026, 11, 1)


# --- series limits and cancellations --------------------------------------------------------

TUESDAYS = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 9, 1, 19, 30))


def test_exception_dates_are_left_out() -> None:
    spec = ScheduleSpec(
        TUESDAYS.rrule,
        TUESDAYS.first_session,
        exceptions=frozenset({date(2026, 9, 8), date(2026, 9, 22)}),
    )
    days = [m.start.date() for m in next_meetings(spec, 4, after=local(2026, 8, 1))]
    assert days == [date(2026, 9, 1), date(2026, 9, 15), date(2026, 9, 29), date(2026, 10, 6)]


def test_session_count_ends_the_series() -> None:
    spec = ScheduleSpec(TUESDAYS.rrule, TUESDAYS.first_session, session_count=3)
    days = [m.start.date() for m in next_meetings(spec, 10, after=local(2026, 8, 1))]
    assert days == [date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 15)]
    assert next_meetings(spec, 10, after=local(2026, 9, 16)) == []


def test_until_is_the_last_possible_day_inclusive() -> None:
    spec = ScheduleSpec(TUESDAYS.rrule, TUESDAYS.first_session, until=date(2026, 9, 15))
    days = [m.start.date() for m in next_meetings(spec, 10, after=local(2026, 8, 1))]
    assert days == [date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 15)]


@pytest.mark.parametrize(
    ("until", "count", "expected_last"),
    [
        (date(2026, 12, 31), 3, date(2026, 9, 15)),  # the count ends it first
        (date(2026, 9, 8), 10, date(2026, 9, 8)),  # the end date ends it first
    ],
)
def test_until_and_session_count_together_whichever_ends_first(
    until: date, count: int, expected_last: date
) -> None:
    spec = ScheduleSpec(TUESDAYS.rrule, TUESDAYS.first_session, until=until, session_count=count)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil deprecates COUNT together with UNTIL
        assert validate(spec) == []
        meetings = next_meetings(spec, 20, after=local(2026, 8, 1))
    assert meetings[-1].start.date() == expected_last


def test_after_a_meeting_start_that_meeting_is_included_and_earlier_ones_not() -> None:
    after = local(2026, 9, 15, 19, 30)
    meetings = next_meetings(TUESDAYS, 2, after=after)
    assert starts(meetings) == [after, local(2026, 9, 22, 19, 30)]
    later = next_meetings(TUESDAYS, 1, after=after + timedelta(minutes=1))
    assert starts(later) == [local(2026, 9, 22, 19, 30)]


def test_after_may_be_given_in_any_zone() -> None:
    after_utc = datetime(2026, 9, 15, 17, 30, tzinfo=UTC)  # = 19:30 in Amsterdam
    assert starts(next_meetings(TUESDAYS, 1, after=after_utc)) == [local(2026, 9, 15, 19, 30)]


@pytest.mark.parametrize("n", [0, 1, 5])
def test_returns_at_most_n_meetings(n: int) -> None:
    assert len(next_meetings(TUESDAYS, n, after=local(2026, 8, 1))) == n


def test_every_other_week() -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", datetime(2026, 9, 2, 19, 0))
    days = [m.start.date() for m in next_meetings(spec, 4, after=local(2026, 8, 1))]
    assert days == [date(2026, 9, 2), date(2026, 9, 16), date(2026, 9, 30), date(2026, 10, 14)]


def test_first_thursday_of_the_month() -> None:
    spec = ScheduleSpec("FREQ=MONTHLY;BYDAY=1TH", datetime(2026, 9, 3, 10, 0), 120)
    meetings = next_meetings(spec, 5, after=local(2026, 8, 1))
    assert [m.start.date() for m in meetings] == [
        date(2026, 9, 3),
        date(2026, 10, 1),
        date(2026, 11, 5),
        date(2026, 12, 3),
        date(2027, 1, 7),
    ]
    assert all(m.start.time() == time(10) and m.end.time() == time(12) for m in meetings)


# --- weekdays, describe, rrule_byday -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "first", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 9, 1, 19, 30), {"di"}),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", datetime(2026, 9, 2, 10, 0), {"ma", "wo", "vr"}),
        ("FREQ=WEEKLY", datetime(2026, 9, 3, 10, 0), {"do"}),  # the first session's day
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", datetime(2026, 9, 2, 19, 0), {"wo"}),
        ("FREQ=MONTHLY;BYDAY=1TH", datetime(2026, 9, 3, 10, 0), {"do"}),
        ("FREQ=MONTHLY;BYDAY=1TH", datetime(2026, 9, 1, 10, 0), {"do"}),  # start on a Tuesday
        ("FREQ=MONTHLY;BYDAY=-1FR", datetime(2026, 9, 25, 10, 0), {"vr"}),
        ("FREQ=DAILY", datetime(2026, 9, 1, 10, 0), set()),
        ("FREQ=MONTHLY", datetime(2026, 9, 1, 10, 0), set()),  # day of month: weekday varies
    ],
)
def test_weekdays(rule: str, first: datetime, expected: set[str]) -> None:
    spec = ScheduleSpec(rule, first)
    assert weekdays(spec) == frozenset(expected)
    # Consistent with the meetings themselves whenever a fixed day is claimed.
    codes = ("ma", "di", "wo", "do", "vr", "za", "zo")
    if expected:
        for meeting in next_meetings(spec, 8, after=local(2026, 8, 1)):
            assert codes[meeting.start.weekday()] in expected


@pytest.mark.parametrize(
    ("rule", "first", "minutes", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 9, 1, 19, 30), 90, "elke dinsdag, 19:30–21:00"),
        (
            "FREQ=WEEKLY;BYDAY=WE,MO",
            datetime(2026, 9, 2, 9, 0),
            60,
            "elke maandag en woensdag, 09:00–10:00",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            datetime(2026, 9, 2, 19, 0),
            90,
            "om de week op woensdag, 19:00–20:30",
        ),
        (
            "FREQ=MONTHLY;BYDAY=1TH",
            datetime(2026, 9, 3, 10, 0),
            120,
            "één keer per maand op donderdag, 10:00–12:00",
        ),
        ("FREQ=MONTHLY", datetime(2026, 9, 1, 10, 0), 120, "één keer per maand, 10:00–12:00"),
        ("FREQ=DAILY", datetime(2026, 9, 1, 8, 0), 30, "elke dag, 08:00–08:30"),
        ("FREQ=WEEKLY;BYDAY=FR", datetime(2026, 9, 4, 23, 0), 90, "elke vrijdag, 23:00–00:30"),
    ],
)
def test_describe(rule: str, first: datetime, minutes: int, expected: str) -> None:
    assert describe(ScheduleSpec(rule, first, minutes)) == expected


def test_rrule_byday_translates_dutch_codes_in_order_given() -> None:
    assert rrule_byday(["di", "do"]) == "TU,TH"
    assert rrule_byday(["zo", "ma"]) == "SU,MO"
    assert rrule_byday([]) == ""


# --- validate -------------------------------------------------------------------------------

FIRST = datetime(2026, 9, 1, 19, 30)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        (ScheduleSpec("FREQ=FOO", FIRST), "'FREQ=FOO' is geen geldige RFC 5545-regel"),
        (ScheduleSpec("FREQ=WEEKLY;BYDAY=XX", FIRST), "is geen geldige RFC 5545-regel"),
        (ScheduleSpec("BYDAY=TU", FIRST), "moet met FREQ= beginnen"),
        (ScheduleSpec("", FIRST), "moet met FREQ= beginnen"),
        (ScheduleSpec("FREQ=WEEKLY;COUNT=5", FIRST), "in hun eigen kolom"),
        (ScheduleSpec("FREQ=WEEKLY;UNTIL=20270101", FIRST), "in hun eigen kolom"),
        (ScheduleSpec("DTSTART=20260901T193000;FREQ=WEEKLY", FIRST), "in hun eigen kolom"),
        (
            ScheduleSpec("FREQ=WEEKLY", FIRST, until=date(2026, 8, 31)),
            "einddatum ligt vóór de eerste bijeenkomst",
        ),
        (ScheduleSpec("FREQ=WEEKLY", FIRST, duration_minutes=0), "duur moet tussen 1 en 600"),
        (ScheduleSpec("FREQ=WEEKLY", FIRST, duration_minutes=601), "duur moet tussen 1 en 600"),
        (ScheduleSpec("FREQ=WEEKLY", FIRST, session_count=0), "aantal bijeenkomsten"),
        (ScheduleSpec("FREQ=WEEKLY", FIRST, session_count=501), "aantal bijeenkomsten"),
    ],
    ids=[
        "freq-foo",
        "byday-xx",
        "no-freq",
        "empty",
        "count-in-rule",
        "until-in-rule",
        "dtstart-in-rule",
        "until-before-start",
        "duration-0",
        "duration-601",
        "count-0",
        "count-501",
    ],
)
def test_validate_reports_the_problem(spec: ScheduleSpec, fragment: str) -> None:
    problems = validate(spec)
    assert any(fragment in p for p in problems), problems


@pytest.mark.parametrize(
    "spec",
    [
        TUESDAYS,
        ScheduleSpec("freq=weekly;byday=tu", FIRST),
        ScheduleSpec("FREQ=WEEKLY", FIRST, until=FIRST.date()),  # until = first day is fine
        ScheduleSpec("FREQ=WEEKLY", FIRST, duration_minutes=1, session_count=1),
        ScheduleSpec("FREQ=WEEKLY", FIRST, duration_minutes=600, session_count=500),
        ScheduleSpec("FREQ=MONTHLY;BYDAY=1TH", FIRST),
    ],
)
def test_validate_accepts_usable_schedules(spec: ScheduleSpec) -> None:
    assert validate(spec) == []


# --- properties -------------------------------------------------------------------------------

CODES = ("ma", "di", "wo", "do", "vr", "za", "zo")


def _expected(spec: ScheduleSpec, days: set[int], n: int, after: datetime) -> list[datetime]:
    """Brute-force model of a weekly rule: walk the calendar day by day."""
    result: list[datetime] = []
    occurrence = 0
    day = spec.first_session.date()
    while len(result) < n:
        if spec.until is not None and day > spec.until:
            break
        if day.weekday() in days:
            occurrence += 1
            if spec.session_count is not None and occurrence > spec.session_count:
                break
            start = datetime.combine(day, spec.first_session.time(), AMSTERDAM)
            if day not in spec.exceptions and start >= after:
                result.append(start)
        day += timedelta(days=1)
    return result


@settings(max_examples=100, deadline=None)
@given(
    byday=st.sets(st.integers(0, 6), min_size=1),
    first_day=st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    duration=st.integers(1, 600),
    exception_offsets=st.sets(st.integers(0, 120), max_size=12),
    after_minutes=st.integers(-14 * 24 * 60, 200 * 24 * 60),
    n=st.integers(0, 20),
    session_count=st.none() | st.integers(1, 60),
    until_offset=st.none() | st.integers(0, 400),
)
@example(  # the repeated hour of the autumn change
    byday={6},
    first_day=date(2026, 10, 18),
    hour=2,
    minute=30,
    duration=90,
    exception_offsets=set(),
    after_minutes=7 * 24 * 60 - 20,
    n=3,
    session_count=None,
    until_offset=None,
)
def test_weekly_rules_properties(
    byday: set[int],
    first_day: date,
    hour: int,
    minute: int,
    duration: int,
    exception_offsets: set[int],
    after_minutes: int,
    n: int,
    session_count: int | None,
    until_offset: int | None,
) -> None:
    first = datetime.combine(first_day, time(hour, minute))
    rule = "FREQ=WEEKLY;BYDAY=" + ",".join(RRULE_DAYS[d] for d in sorted(byday))
    exceptions = frozenset(first_day + timedelta(days=o) for o in exception_offsets)
    until = None if until_offset is None else first_day + timedelta(days=until_offset)
    spec = ScheduleSpec(rule, first, duration, until, session_count, exceptions)
    after = datetime.combine(first_day, time(hour, minute), AMSTERDAM).astimezone(UTC) + timedelta(
        minutes=after_minutes
    )

    meetings = next_meetings(spec, n, after)

    assert len(meetings) <= n
    assert weekdays(spec) == frozenset(CODES[d] for d in byday)
    for meeting in meetings:
        assert meeting.start.weekday() in byday
        assert meeting.start.replace(tzinfo=None).time() == first.time()
        assert meeting.start.date() not in exceptions
        assert meeting.start >= after
        assert meeting.start.replace(tzinfo=None) >= first
        if until is not None:
            assert meeting.start.date() <= until
        real = meeting.end.astimezone(UTC) - meeting.start.astimezone(UTC)
        assert real == timedelta(minutes=duration)
    instants = [m.start.astimezone(UTC) for m in meetings]
    assert instants == sorted(set(instants))  # strictly increasing
    assert starts(meetings) == _expected(spec, byday, n, after)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", "om de 3 weken op woensdag"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1TH", "om de 2 maanden op donderdag"),
        ("FREQ=YEARLY", "volgens een vast rooster"),
    ],
)
def test_describe_names_any_interval(rule: str, expected: str) -> None:
    spec = ScheduleSpec(rule, datetime(2026, 10, 1, 19, 30))
    assert describe(spec).startswith(expected)
