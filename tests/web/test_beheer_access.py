"""The access matrix of the facilitator pages: every state-changing route × every kind of user.

Refused requests must leave the database exactly as it was (groups, cancellations, audit
log); allowed ones must really change it. CSRF stays on: every client first gets a token.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from catalogue.db import session_scope
from catalogue.groups import get_record
from tests.web.beheer_support import (
    World,
    cheap_hashes,
    csrf_token,
    login,
    make_world,
    snapshot,
)

USERS = ("anonymous", "facilitator_a", "facilitator_b", "team", "coordinator", "admin")
ALLOWED = {"facilitator_a", "coordinator", "admin"}
ROUTES = ("save", "confirm", "full", "cancel")


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


def _request(route: str, world: World, db_engine: Engine, token: str) -> tuple[str, dict[str, Any]]:
    base = f"/beheer/groepen/{world.group_id}"
    with session_scope(db_engine) as session:
        record = get_record(session, world.group_id)
    if route == "save":
        data = {
            "title": record.title + " (nieuw)",
            "summary": record.summary,
            "description": record.description,
            "status": record.status,
            "capacity": str(record.capacity),
            "places_left": "1",
            "waiting_weeks": "3",
            "contact_phone": record.contact_phone or "",
            "contact_email": record.contact_email or "",
            "registration_url": record.registration_url or "",
        }
        return base, {"csrf_token": token, "version": str(record.version), **data}
    if route == "confirm":
        return base + "/klopt-nog", {"csrf_token": token, "version": str(record.version)}
    if route == "full":
        return base + "/vol", {
            "csrf_token": token,
            "version": str(record.version),
            "waiting_weeks": "7",
        }
    return base + "/afgelast", {"csrf_token": token, "day": world.days[1], "reason": "ziek"}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", USERS)
def test_access_matrix(app: Flask, db_engine: Engine, world: World, who: str, route: str) -> None:
    client, token = _client_as(app, world, who)
    path, data = _request(route, world, db_engine, token)
    before = snapshot(db_engine)
    response = client.post(path, data=data)
    after = snapshot(db_engine)
    if who == "anonymous":
        assert response.status_code == 302
        assert response.location.startswith("/inloggen")
        assert after == before
    elif who in ALLOWED:
        assert response.status_code == 303, response.get_data(as_text=True)[:400]
        assert after != before
        assert after[2] == before[2] + 1  # exactly one audit entry
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("who", USERS)
def test_edit_page_and_overview_per_user(app: Flask, world: World, who: str) -> None:
    client = app.test_client()
    if who != "anonymous":
        login(client, world.emails[who])
    page = client.get(f"/beheer/groepen/{world.group_id}")
    overview = client.get("/beheer/")
    if who == "anonymous":
        assert page.status_code == overview.status_code == 302
        return
    assert overview.status_code == 200
    listed = f'href="/beheer/groepen/{world.group_id}"' in overview.get_data(as_text=True)
    assert page.status_code == (200 if who in ALLOWED else 403)
    assert listed == (who in ALLOWED)


def test_get_never_changes_state(app: Flask, db_engine: Engine, world: World) -> None:
    client, _token = _client_as(app, world, "admin")
    before = snapshot(db_engine)
    for suffix in ("/klopt-nog", "/vol", "/afgelast"):
        assert client.get(f"/beheer/groepen/{world.group_id}{suffix}").status_code == 405
    assert client.get("/uitloggen").status_code == 405
    assert snapshot(db_engine) == before


@pytest.mark.parametrize("token_kind", ["missing", "wrong", "other_session"])
def test_post_without_valid_csrf_token_changes_nothing(
    app: Flask, db_engine: Engine, world: World, token_kind: str
) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    _other, other_token = _client_as(app, world, "facilitator_a")
    path, data = _request("full", world, db_engine, token)
    if token_kind == "missing":
        del data["csrf_token"]
    elif token_kind == "wrong":
        data["csrf_token"] = "nep-" + token
    else:
        data["csrf_token"] = other_token
    before = snapshot(db_engine)
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert snapshot(db_engine) == before
    # The same request with the session's own token does go through.
    data["csrf_token"] = csrf_token(client, f"/beheer/groepen/{world.group_id}")
    assert client.post(path, data=data).status_code == 303
    assert snapshot(db_engine) != before


def test_conflict_keeps_typed_values_and_writes_nothing(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    path, data = _request("save", world, db_engine, token)
    data["version"] = str(int(data["version"]) - 1 if int(data["version"]) > 1 else 99)
    data["summary"] = "Mijn nieuwe <b>samenvatting</b>"
    before = snapshot(db_engine)
    response = client.post(path, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft deze groep intussen gewijzigd" in html
    assert "Mijn nieuwe &lt;b&gt;samenvatting&lt;/b&gt;" in html
    assert snapshot(db_engine) == before


def test_invalid_values_give_messages_per_field(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    path, data = _request("save", world, db_engine, token)
    data.update(capacity="3", places_left="9", registration_url="javascript:alert(1)")
    before = snapshot(db_engine)
    response = client.post(path, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="registration_url-fout"' in html
    assert 'aria-describedby="registration_url-uitleg registration_url-fout"' in html
    assert "moet een webadres zijn" in html
    assert snapshot(db_engine) == before
    # Not a number at all: parsed by the view, still a 400 with the field marked.
    data.update(capacity="twaalf", registration_url="")
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert 'id="capacity-fout"' in response.get_data(as_text=True)
    assert snapshot(db_engine) == before


def test_cancel_shows_on_the_page_and_removes_the_date(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client_as(app, world, "facilitator_a")
    day = world.days[0]
    response = client.post(
        f"/beheer/groepen/{world.group_id}/afgelast", data={"csrf_token": token, "day": day}
    )
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "gaat de groep niet door" in page
    assert f'value="{day}"' not in page  # no button for a meeting that is already cancelled
    again = client.post(
        f"/beheer/groepen/{world.group_id}/afgelast",
        data={"csrf_token": csrf_token(client, response.location), "day": day},
    )
    assert again.status_code == 400
    assert "gaat de groep al niet door" in again.get_data(as_text=True)
