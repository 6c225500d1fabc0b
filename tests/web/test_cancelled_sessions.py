"""A cancelled meeting is said, not silently skipped: on the group page, in its .ics, in the chat.

The facilitator cancels through the real service (catalogue.groups.cancel_session), before
the app builds its index; the dates are the group's real coming meetings (relative to now).
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.chat import texts
from catalogue import groups
from catalogue.db import session_scope
from catalogue.models import User
from catalogue.schedules import AMSTERDAM, dutch_date
from matcher.explain import explain
from matcher.pipeline import Option
from tests.web.beheer_support import World, cheap_hashes, make_world

REASON = "de begeleider is ziek"


@pytest.fixture
def world(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashes(monkeypatch)
    return make_world(db_engine)


def _cancel(engine: Engine, world: World, day: date, reason: str | None) -> None:
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.email == world.emails["facilitator_a"])).one()
        groups.cancel_session(session, user=user, group_id=world.group_id, day=day, reason=reason)


@pytest.fixture
def cancelled(db_engine: Engine, world: World) -> tuple[date, date]:
    """The group's second coming meeting cancelled with a reason, its third without one."""
    with_reason, without = (date.fromisoformat(d) for d in world.days[1:3])
    _cancel(db_engine, world, with_reason, REASON)
    _cancel(db_engine, world, without, None)
    return with_reason, without


def test_group_page_says_which_meetings_do_not_go_ahead(
    client: FlaskClient, world: World, cancelled: tuple[date, date]
) -> None:
    with_reason, without = cancelled
    response = client.get(f"/groepen/{world.group_id}")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert f"Op {dutch_date(with_reason)} gaat de groep niet door ({REASON})." in page
    assert f"Op {dutch_date(without)} gaat de groep niet door." in page
    # ... and the list of coming meetings leaves both out.
    listed = page.split('<ol class="meetings">', 1)[1].split("</ol>", 1)[0]
    assert listed.count("<li>") >= 2
    for day in cancelled:
        assert dutch_date(day) not in listed


def test_group_page_without_cancellations_says_nothing_of_the_kind(
    client: FlaskClient, world: World, db_engine: Engine
) -> None:
    with session_scope(db_engine) as session:
        record = groups.get_record(session, world.group_id)
    assert record.schedule is not None
    page = html.unescape(client.get(f"/groepen/{world.group_id}").get_data(as_text=True))
    for day in (date.fromisoformat(d) for d in world.days):
        assert f"Op {dutch_date(day)} gaat de groep niet door" not in page


def test_calendar_excludes_the_cancelled_dates(
    client: FlaskClient, world: World, cancelled: tuple[date, date], db_engine: Engine
) -> None:
    response = client.get(f"/groepen/{world.group_id}.ics")
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.data).walk("VEVENT")
    assert "RRULE" in event
    exdates = event.get("EXDATE")
    exdates = exdates if isinstance(exdates, list) else [exdates]
    excluded = {when.dt for found in exdates for when in found.dts}
    start = event.decoded("DTSTART")
    for day in cancelled:
        expected = datetime.combine(day, start.time(), AMSTERDAM)
        assert expected in excluded
        assert all(getattr(when, "tzinfo", None) is not None for when in excluded)
    description = str(event["DESCRIPTION"])
    assert f"Op {dutch_date(cancelled[0])} gaat de groep niet door ({REASON})." in description


def test_chat_group_card_says_it(
    world: World, cancelled: tuple[date, date], db_engine: Engine
) -> None:
    with_reason, without = cancelled
    with session_scope(db_engine) as session:
        record = groups.get_record(session, world.group_id)
    now = datetime.now(UTC)
    option = Option(record, 1.0, explain(record, themes=[], words=[], now=now))
    card = texts.option_details(option)
    assert f"Op {dutch_date(with_reason)} gaat de groep niet door ({REASON})." in card
    assert f"Op {dutch_date(without)} gaat de groep niet door." in card
    # The next meeting the chat names is a real one, never a cancelled date.
    assert option.explanation.next_dates and not set(option.explanation.next_dates) & set(cancelled)
