"""catalogue.schedules.cancelled_meetings: which coming meetings are cancelled, and why.

Pure functions on an explicit moment, so fixed dates are fine here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from catalogue.schedules import AMSTERDAM, Cancellation, ScheduleSpec, cancelled_meetings

# Tuesdays 19:30 from 1 September 2026; "now" is Tuesday 1 December 2026, 12:00.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=AMSTERDAM)
DEC_15 = date(2026, 12, 15)


def tuesdays(
    *cancelled: date, reasons: dict[date, str] | None = None, until: date | None = None
) -> ScheduleSpec:
    return ScheduleSpec(
        "FREQ=WEEKLY;BYDAY=TU",
        datetime(2026, 9, 1, 19, 30),
        until=until,
        exceptions=frozenset(cancelled),
        reasons=tuple(sorted((reasons or {}).items())),
    )


def test_a_coming_cancelled_meeting_is_named_with_its_reason() -> None:
    spec = tuesdays(DEC_15, date(2026, 12, 22), reasons={DEC_15: "de begeleider is ziek"})
    found = cancelled_meetings(spec, NOW)
    assert found == [
        Cancellation(DEC_15, "de begeleider is ziek"),
        Cancellation(date(2026, 12, 22)),
    ]
    assert found[0].text() == (
        "Op dinsdag 15 december gaat de groep niet door (de begeleider is ziek)."
    )
    assert found[1].text() == "Op dinsdag 22 december gaat de groep niet door."


def test_only_dates_that_would_have_been_a_meeting_in_the_coming_weeks() -> None:
    spec = tuesdays(
        date(2026, 11, 24),  # past
        date(2026, 12, 16),  # a Wednesday: there was no meeting to cancel
        date(2027, 3, 2),  # a Tuesday, but three months ahead
        DEC_15,
    )
    assert [c.day for c in cancelled_meetings(spec, NOW)] == [DEC_15]
    wider = cancelled_meetings(spec, NOW, within=timedelta(weeks=20))
    assert [c.day for c in wider] == [DEC_15, date(2027, 3, 2)]


def test_after_the_series_ended_nothing_is_cancelled() -> None:
    spec = tuesdays(DEC_15, until=date(2026, 12, 8))
    assert cancelled_meetings(spec, NOW) == []


def test_a_meeting_of_today_counts_until_it_starts() -> None:
    spec = tuesdays(date(2026, 12, 1))
    assert [c.day for c in cancelled_meetings(spec, NOW)] == [date(2026, 12, 1)]
    evening = NOW.replace(hour=19, minute=45)
    assert cancelled_meetings(spec, evening) == []
