"""The schedule editor on /beheer/groepen/<id>: plain Dutch → shown back with dates → saved.

The first POST only previews (nothing written); the second carries the previewed text in a
hidden field with confirm=ja and saves through catalogue.groups.edit_group with the version
the editor read. Bad text gets a specific Dutch message, status 400, and writes nothing.
Dates without a year depend on today: expectations are computed from today in Amsterdam.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from catalogue import groups
from catalogue.db import session_scope
from catalogue.schedules import AMSTERDAM, MONTHS, dutch_date
from tests.web.beheer_support import World, cheap_hashes, csrf_token, login, make_world, snapshot

TYPED = "elke dinsdag 10:00–12:00 vanaf 6 januari, 8 bijeenkomsten"
_HIDDEN = re.compile(r'name="schedule_text" value="([^"]*)"')


@pytest.fixture
def world(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashes(monkeypatch)
    return make_world(db_engine)


def _client_as(app: Flask, world: World, who: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    if who == "anonymous":
        return client, csrf_token(client)
    login(client, world.emails[who])
    return client, csrf_token(client, "/beheer/")


def _first_tuesday_from_6_januari() -> date:
    today = datetime.now(AMSTERDAM).date()
    year = today.year if date(today.year, 1, 6) >= today else today.year + 1
    start = date(year, 1, 6)
    return start + timedelta(days=(1 - start.weekday()) % 7)


def _expected_words(first: date) -> str:
    last = first + timedelta(weeks=7)
    start = f"{first.day} {MONTHS[first.month - 1]}" + (
        f" {first.year}" if first.year != last.year else ""
    )
    return (
        f"elke dinsdag van 10:00 tot 12:00, 8 keer, van {start} tot en met "
        f"{last.day} {MONTHS[last.month - 1]} {last.year}"
    )


def _post(
    client: FlaskClient, world: World, token: str, text: str, *, version: int, confirm: bool
) -> tuple[int, str]:
    data = {"csrf_token": token, "version": str(version), "schedule_text": text}
    if confirm:
        data["confirm"] = "ja"
    response = client.post(f"/beheer/groepen/{world.group_id}/rooster", data=data)
    return response.status_code, html.unescape(response.get_data(as_text=True))


def test_edit_page_offers_the_schedule_in_words(app: Flask, world: World) -> None:
    client, _token = _client_as(app, world, "facilitator_a")
    page = html.unescape(client.get(f"/beheer/groepen/{world.group_id}").get_data(as_text=True))
    assert f'action="/beheer/groepen/{world.group_id}/rooster"' in page
    assert "Wanneer komt de groep samen?" in page
    assert "Nu: " in page


def test_preview_shows_the_schedule_back_and_writes_nothing(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    before = snapshot(db_engine)
    status, page = _post(client, world, token, TYPED, version=world.version, confirm=False)
    assert status == 200, page[:500]
    first = _first_tuesday_from_6_januari()
    words = _expected_words(first)
    dates = ", ".join(dutch_date(first + timedelta(weeks=n)) for n in range(4))
    assert f"Dat wordt: <strong>{words}</strong> — eerste bijeenkomsten: {dates} …" in page
    assert _HIDDEN.findall(page)[0] == words  # the confirm step carries the canonical text
    assert 'name="confirm" value="ja"' in page
    assert snapshot(db_engine) == before


def test_confirm_saves_the_schedule(app: Flask, db_engine: Engine, world: World) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    _status, page = _post(client, world, token, TYPED, version=world.version, confirm=False)
    hidden = _HIDDEN.findall(page)[0]
    before = snapshot(db_engine)
    data = {"csrf_token": token, "version": str(world.version), "schedule_text": hidden}
    response = client.post(
        f"/beheer/groepen/{world.group_id}/rooster", data={**data, "confirm": "ja"}
    )
    assert response.status_code == 303
    assert response.location.endswith(f"/beheer/groepen/{world.group_id}")
    after = snapshot(db_engine)
    assert after[2] == before[2] + 1  # one audit entry
    with session_scope(db_engine) as session:
        record = groups.get_record(session, world.group_id)
    assert record.version == world.version + 1
    assert record.schedule is not None
    first = _first_tuesday_from_6_januari()
    assert (record.schedule.rrule, record.schedule.first_session) == (
        "FREQ=WEEKLY;BYDAY=TU",
        datetime.combine(first, time(10, 0)),
    )
    assert (record.schedule.duration_minutes, record.schedule.session_count) == (120, 8)
    assert record.schedule.until is None
    shown = html.unescape(client.get(response.location).get_data(as_text=True))
    assert f"Het rooster is opgeslagen: {_expected_words(first)}." in shown


BAD = [
    ("elke blauwdag 10:00-12:00 vanaf 6 januari", "'blauwdag' is geen dag van de week"),
    ("10:00-12:00 vanaf 6 januari, 8 keer", "Noem de dag of dagen"),
    ("elke dinsdag 12:00-10:00 vanaf 6 januari", "De eindtijd (10:00) ligt niet na de begintijd"),
    ("elke dinsdag 10:00-12:00 vanaf 6 janvier", "Ik ken de maand 'janvier' niet"),
    ("elke dinsdag 10:00-12:00 vanaf 5 januari 2027 tot 1 januari 2027", "ligt vóór de eerste"),
]


@pytest.mark.parametrize("confirm", [False, True], ids=["preview", "confirm"])
@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_schedule_text_gets_a_specific_message_and_writes_nothing(
    app: Flask, db_engine: Engine, world: World, text: str, message: str, confirm: bool
) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    before = snapshot(db_engine)
    status, page = _post(client, world, token, text, version=world.version, confirm=confirm)
    assert status == 400
    assert message in page
    assert 'aria-invalid="true"' in page
    assert f">{html.escape(text)}</textarea>" in page or f">{text}</textarea>" in page
    assert snapshot(db_engine) == before


def test_a_stale_version_is_refused(app: Flask, db_engine: Engine, world: World) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    with session_scope(db_engine) as session:  # someone else saves in the meantime
        groups.update_group(
            session,
            actor="test",
            group_id=world.group_id,
            expected_version=world.version,
            changes={"waiting_weeks": 9},
        )
    before = snapshot(db_engine)
    status, page = _post(client, world, token, TYPED, version=world.version, confirm=True)
    assert status == 409
    assert "Iemand anders heeft deze groep intussen gewijzigd" in page
    assert snapshot(db_engine) == before


@pytest.mark.parametrize("confirm", [False, True], ids=["preview", "confirm"])
@pytest.mark.parametrize("who", ["anonymous", "facilitator_b", "team"])
def test_only_editors_of_the_group_may_preview_or_save(
    app: Flask, db_engine: Engine, world: World, who: str, confirm: bool
) -> None:
    client, token = _client_as(app, world, who)
    before = snapshot(db_engine)
    status, page = _post(client, world, token, TYPED, version=world.version, confirm=confirm)
    assert status == (302 if who == "anonymous" else 403)
    assert "Dat wordt" not in page
    assert snapshot(db_engine) == before


def test_get_and_missing_csrf_change_nothing(app: Flask, db_engine: Engine, world: World) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    before = snapshot(db_engine)
    assert client.get(f"/beheer/groepen/{world.group_id}/rooster").status_code == 405
    status, _page = _post(client, world, "nep-" + token, TYPED, version=world.version, confirm=True)
    assert status == 400
    assert snapshot(db_engine) == before
