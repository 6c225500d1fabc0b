"""catalogue.schedule_text: a facilitator's Dutch schedule → ScheduleSpec → the same Dutch back.

Dates without a year depend on the day the text is read, so every expectation here is
computed from `date.today()` (or from an explicit `today` for the year rules).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.errors import Invalid
from catalogue.schedule_text import ScheduleTextError, describe, first_dates, parse
from catalogue.schedules import ScheduleSpec, validate
from catalogue.taxonomy import RRULE_DAYS

TODAY = date.today()
MO, TU, WE, TH, FR, SA, SU = range(7)


def next_date(day: int, month: int, on_or_after: date = TODAY) -> date:
    """The first `day month` on or after a day (what a date without a year means)."""
    for year in range(on_or_after.year, on_or_after.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= on_or_after:
            return found
    raise AssertionError("no such date")


def first_on(start: date, *weekdays: int) -> date:
    """The first of `weekdays` on or after `start`."""
    return min(start + timedelta(days=(d - start.weekday()) % 7) for d in weekdays)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def nth_tuesday(first: date, n: int) -> date:
    return first + timedelta(weeks=n - 1)


def _good_cases() -> list[tuple[str, ScheduleSpec]]:
    jan6 = first_on(next_date(6, 1), TU)
    return [
        (
            "elke dinsdag 10:00–12:00 vanaf 6 januari, 8 bijeenkomsten",
            ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", at(jan6, 10), 120, None, 8),
        ),
        (
            "om de week op donderdag 19:30-21:00 vanaf 14 januari 2027 tot 1 juli",
            ScheduleSpec(
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                at(date(2027, 1, 14), 19, 30),
                90,
                date(2027, 7, 1),
            ),
        ),
        (
            "elke maandag en woensdag 13.00 - 14.30 vanaf 5 januari",
            ScheduleSpec("FREQ=WEEKLY;BYDAY=MO,WE", at(first_on(next_date(5, 1), MO, WE), 13), 90),
        ),
        (
            "Iedere dinsdagavond van 19.30 tot 21.00 uur, vanaf 6-1-2027, 10 keer",
            ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", at(date(2027, 1, 12), 19, 30), 90, None, 10),
        ),
        (
            "om de twee weken op vrijdag 10-12 uur van 8 januari tot 24 februari 2027",
            ScheduleSpec(
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", at(date(2027, 1, 8), 10), 120, date(2027, 2, 24)
            ),
        ),
        (
            "wekelijks op za en zo 9:30 – 11:00 uur met ingang van 2027-03-06, 4x",
            ScheduleSpec("FREQ=WEEKLY;BYDAY=SA,SU", at(date(2027, 3, 6), 9, 30), 90, None, 4),
        ),
        (
            "om de 3 weken op woensdag 20:00-21:15, vanaf woensdag 6 januari 2027",
            ScheduleSpec("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", at(date(2027, 1, 6), 20), 75),
        ),
        # Count and end date together are fine when they agree: the count is kept.
        (
            f"elke dinsdag 10:00-12:00 vanaf 6 januari, 8 keer, "
            f"tot en met {nth_tuesday(jan6, 8).day} {_month(nth_tuesday(jan6, 8))} "
            f"{nth_tuesday(jan6, 8).year}",
            ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", at(jan6, 10), 120, None, 8),
        ),
    ]


def _month(day: date) -> str:
    from catalogue.schedules import MONTHS

    return MONTHS[day.month - 1]


@pytest.mark.parametrize(("text", "expected"), _good_cases())
def test_parse_reads_plain_dutch(text: str, expected: ScheduleSpec) -> None:
    spec = parse(text, today=TODAY)
    assert spec == expected
    assert validate(spec) == []
    assert parse(describe(spec), today=TODAY) == spec


def test_describe_says_it_back_with_the_end_date() -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", at(date(2027, 1, 12), 10), 120, None, 8)
    assert describe(spec) == (
        "elke dinsdag van 10:00 tot 12:00, 8 keer, van 12 januari tot en met 2 maart 2027"
    )
    assert first_dates(spec, 3) == [date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26)]
    until = ScheduleSpec(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", at(date(2026, 12, 3), 19, 30), 90, date(2027, 2, 1)
    )
    assert describe(until) == (
        "om de week op maandag en donderdag van 19:30 tot 21:00, "
        "van 3 december 2026 tot en met 1 februari 2027"
    )
    open_ended = ScheduleSpec("FREQ=WEEKLY;BYDAY=FR", at(date(2027, 5, 7), 9), 60)
    assert describe(open_ended) == "elke vrijdag van 09:00 tot 10:00, vanaf 7 mei 2027"


def test_describe_refuses_rules_it_cannot_say() -> None:
    monthly = ScheduleSpec("FREQ=MONTHLY;BYDAY=1TU", at(date(2027, 1, 5), 10), 60)
    with pytest.raises(ScheduleTextError):
        describe(monthly)


def test_a_start_date_on_another_day_means_the_first_meeting_day_after_it() -> None:
    # 6 januari 2027 is a Wednesday: "elke dinsdag vanaf 6 januari 2027" starts on the 12th.
    spec = parse("elke dinsdag 10:00-12:00 vanaf 6 januari 2027", today=TODAY)
    assert spec.first_session == at(date(2027, 1, 12), 10)


def test_years_left_out() -> None:
    today = date(2026, 12, 1)
    # The start is the next such date from today; the end the next one from the start.
    spec = parse("elke dinsdag 10:00-11:00 vanaf 1 december tot 5 januari", today=today)
    assert (spec.first_session.date(), spec.until) == (date(2026, 12, 1), date(2027, 1, 5))
    spec = parse("elke dinsdag 10:00-11:00 vanaf 30 november", today=today)
    assert spec.first_session.date() == date(2027, 11, 30)
    # "van 1 december tot 31 januari 2027": the start shares the end's year, or the year before.
    spec = parse("elke dinsdag 10:00-11:00 van 1 december tot 31 januari 2027", today=today)
    assert (spec.first_session.date(), spec.until) == (date(2026, 12, 1), date(2027, 1, 31))


BAD = [
    ("elke blauwdag 10:00-12:00 vanaf 6 januari", "'blauwdag' is geen dag van de week"),
    ("elke 10:00-12:00 vanaf 6 januari", "Noem de dag"),
    ("10:00-12:00 vanaf 6 januari, 8 keer", "Noem de dag"),
    ("elke dinsdag 12:00-10:00 vanaf 6 januari", "ligt niet na de begintijd (12:00)"),
    ("elke dinsdag 10:00-12:00 vanaf 6 janvier", "Ik ken de maand 'janvier' niet"),
    ("elke dinsdag 10:00 vanaf 6 januari", "de begintijd én de eindtijd"),
    ("elke dinsdag 10:00-12:00", "Noem de eerste datum"),
    ("elke dinsdag vanaf 6 januari", "Noem de begin- en eindtijd"),
    ("elke dinsdag 10:00-12:00 vanaf 5 januari 2027 tot 1 januari 2027", "ligt vóór de eerste"),
    ("elke dinsdag 10:00-12:00 vanaf 31 februari 2027", "31 februari 2027 bestaat niet"),
    ("elke dinsdag 25:00-26:00 vanaf 6 januari", "25:00 is geen tijd"),
    ("elke dinsdag 08:00-19:00 vanaf 6 januari", "langer dan 10 uur"),
    ("elke dinsdag 10:00-12:00 en 14:00-16:00 vanaf 6 januari", "Noem één tijd"),
    ("elke dinsdag 10:00-12:00 vanaf 6 januari behalve in de zomer", "'behalve zomer'"),
    ("elke maand op dinsdag 10:00-12:00 vanaf 6 januari", "per maand"),
    ("elke dinsdag 10:00-12:00 6 januari", "Zet 'vanaf' voor de eerste datum"),
    ("elke dinsdag 10:00-12:00 vanaf woensdag 5 januari 2027", "is een dinsdag, geen woensdag"),
    ("elke dinsdag 10:00-12:00 vanaf 5 januari 2027, 0 keer", "tussen 1 en 500"),
    ("elke dinsdag 10:00-12:00 vanaf 5 januari 2027, 8 keer, tot 1 maart 2027", "niet op"),
    ("elke dinsdag 10:00-12:00 vanaf 5 januari 2200", "Kies een jaar tussen"),
    ("", "Typ het rooster"),
    ("elke dinsdag " * 40, "te lang"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_input_gets_a_specific_dutch_message(text: str, message: str) -> None:
    with pytest.raises(ScheduleTextError) as caught:
        parse(text, today=TODAY)
    assert message in caught.value.message
    assert isinstance(caught.value, Invalid)  # mapped like every other domain error


def test_several_things_missing_are_all_named() -> None:
    with pytest.raises(ScheduleTextError) as caught:
        parse("elke dinsdag", today=TODAY)
    assert len(caught.value.problems) == 2


# --- properties ---------------------------------------------------------------------------

PIECES = (
    "elke", "iedere", "om de", "week", "weken", "twee", "drie", "op", "en", "van", "vanaf",
    "tot", "tot en met", "t/m", "dinsdag", "maandagavond", "zo", "blauwdag", "dag", "werkdag",
    "10:00", "10:00-12:00", "12.30 - 9.00", "23:59-00:00", "25:61", "10-12 uur", "-", "–",
    "6", "31", "29", "0", "999", "januari", "februari", "jan.", "janvier", "2027", "1999",
    "9999", "6-1-2027", "31/2", "2027-02-29", "2028-02-29", "00-00-0000", "8 keer", "0x",
    "500 bijeenkomsten", "om de twee weken", "elke 60 weken", "acht keer", "tweewekelijks",
    "maand", "'s avonds", ",", "!", "²", "٣", "İ", "ß", "\u00a0", "\n",
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join))
)
def test_any_text_gives_a_spec_or_the_modules_own_error(text: str) -> None:
    try:
        spec = parse(text, today=TODAY)
    except ScheduleTextError as exc:
        assert exc.message
        return
    assert validate(spec) == []


@st.composite
def weekly_schedules(draw: st.DrawFn) -> ScheduleSpec:
    days = sorted(draw(st.sets(st.integers(0, 6), min_size=1)))
    interval = draw(st.integers(1, 5))
    start_minute = draw(st.integers(0, 23 * 60 + 58))
    duration = draw(st.integers(1, min(600, 23 * 60 + 59 - start_minute)))
    day = draw(st.dates(date(2001, 1, 1), date(2090, 12, 31)))
    first = first_on(day, *days)
    end = draw(st.sampled_from(("none", "count", "until")))
    count = draw(st.integers(1, 60)) if end == "count" else None
    until = first + timedelta(days=draw(st.integers(0, 800))) if end == "until" else None
    every = f";INTERVAL={interval}" if interval > 1 else ""
    rule = f"FREQ=WEEKLY{every};BYDAY=" + ",".join(RRULE_DAYS[d] for d in days)
    clock = time(start_minute // 60, start_minute % 60)
    return ScheduleSpec(rule, datetime.combine(first, clock), duration, until, count)


@settings(max_examples=300, deadline=None)
@given(weekly_schedules(), st.dates(date(2000, 1, 1), date(2099, 1, 1)))
def test_describe_then_parse_gives_the_same_schedule(spec: ScheduleSpec, today: date) -> None:
    assert parse(describe(spec), today=today) == spec
