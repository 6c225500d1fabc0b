"""The group page's data (plain functions, fixed clock): meetings, runs, safe links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

import pytest

from catalogue.errors import NotFound
from catalogue.records import GroupRecord, RunInfo
from catalogue.schedules import AMSTERDAM, ScheduleSpec
from matcher.pipeline import MatchIndex
from matcher.service import MatchService
from web.group_page import group_page, phone_href, safe_web_url

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=AMSTERDAM)
WEEKLY_TUESDAY = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 9, 1, 19, 30), 90)


@dataclass
class FakeService:
    """Just enough of MatchService: the in-memory index."""

    records: list[GroupRecord]

    def __post_init__(self) -> None:
        self._index = MatchIndex(self.records)

    def index(self) -> MatchIndex:
        return self._index


def _service(*records: GroupRecord) -> MatchService:
    return cast(MatchService, FakeService(list(records)))


def _record(**overrides: object) -> GroupRecord:
    base: dict[str, object] = {
        "id": 7,
        "title": "Praatgroep",
        "domain": "welzijn",
        "schedule": WEEKLY_TUESDAY,
        "last_confirmed_at": date(2026, 10, 1),
    }
    return GroupRecord(**{**base, **overrides})  # type: ignore[arg-type]


def test_next_five_meetings_leave_out_cancelled_dates() -> None:
    spec = ScheduleSpec(
        "FREQ=WEEKLY;BYDAY=TU",
        datetime(2026, 9, 1, 19, 30),
        90,
        exceptions=frozenset({date(2026, 12, 1), date(2026, 12, 15)}),
    )
    page = group_page(_service(_record(schedule=spec)), 7, now=NOW)
    days = [m.start.date() for m in page.meetings]
    assert days == [
        date(2026, 11, 24),
        date(2026, 12, 8),
        date(2026, 12, 22),
        date(2026, 12, 29),
        date(2027, 1, 5),
    ]
    assert page.meetings[0].start.hour == 19 and page.meetings[0].start.minute == 30
    assert page.rhythm == "elke dinsdag, 19:30–21:00"


def test_closed_group_meets_from_its_next_run() -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=TH", datetime(2026, 9, 10, 13, 30), 120, session_count=3)
    record = _record(
        open_group=False,
        schedule=spec,
        runs=(RunInfo(date(2026, 9, 10), 3), RunInfo(date(2027, 2, 11), 3, places_left=5)),
    )
    page = group_page(_service(record), 7, now=NOW)
    assert page.next_run == record.runs[1]
    assert [m.start.date() for m in page.meetings] == [
        date(2027, 2, 11),
        date(2027, 2, 18),
        date(2027, 2, 25),
    ]
    assert page.places_left == 5


def test_closed_group_without_a_next_run_shows_the_run_under_way() -> None:
    spec = ScheduleSpec("FREQ=WEEKLY;BYDAY=MO", datetime(2026, 11, 2, 9, 30), 90, session_count=16)
    record = _record(open_group=False, schedule=spec, runs=(RunInfo(date(2026, 11, 2), 16),))
    assert record.upcoming_schedule(NOW.date()) == spec
    page = group_page(_service(record), 7, now=NOW)
    assert page.next_run is None
    assert page.meetings[0].start.date() == date(2026, 11, 30)


def test_moved_run_keeps_an_end_date_in_step() -> None:
    spec = ScheduleSpec(
        "FREQ=WEEKLY;BYDAY=WE", datetime(2026, 9, 2, 10, 0), 60, until=date(2026, 10, 28)
    )
    record = _record(
        open_group=False, schedule=spec, runs=(RunInfo(date(2026, 9, 2)), RunInfo(date(2027, 1, 6)))
    )
    moved = record.upcoming_schedule(NOW.date())
    assert moved is not None
    assert moved.first_session == datetime(2027, 1, 6, 10, 0)
    assert moved.until == date(2027, 3, 3)


@pytest.mark.parametrize(
    ("confirmed", "stale"),
    [(date(2026, 10, 1), False), (date(2026, 1, 1), True), (None, True)],
)
def test_old_confirmation_is_flagged(confirmed: date | None, stale: bool) -> None:
    page = group_page(_service(_record(last_confirmed_at=confirmed)), 7, now=NOW)
    assert page.stale is stale


def test_unknown_id_is_not_found() -> None:
    with pytest.raises(NotFound):
        group_page(_service(_record()), 8, now=NOW)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://voorbeeld.nl/aanmelden", "https://voorbeeld.nl/aanmelden"),
        (" http://voorbeeld.nl ", "http://voorbeeld.nl"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("ftp://voorbeeld.nl/x", None),
        ("https://", None),
        ("voorbeeld.nl", None),
        ("", None),
        (None, None),
    ],
)
def test_only_plain_web_links_are_shown(url: str | None, safe: str | None) -> None:
    assert safe_web_url(url) == safe


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("0570-000 101", "tel:0570000101"),
        ("+31 (0)570 123456", "tel:+31570123456"),
        ("bel ons", None),
        (None, None),
    ],
)
def test_phone_links(phone: str | None, href: str | None) -> None:
    assert phone_href(phone) == href
