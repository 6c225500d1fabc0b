"""/beheer/groepen/nieuw: who may add a group, the blocking and advisory quality hints, CSRF,
and the new group in a public search right after it is saved."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from catalogue import quality
from catalogue.models import Organisation
from catalogue.taxonomy import MUNICIPALITIES
from tests.web.beheer_support import World, cheap_hashes, csrf_token, login, make_world, snapshot

TITLE = "Wandelclub Zonnebloemveld"
DESCRIPTION = (
    "Elke week wandelen we een uur door het park. Onderweg praten we over hoe het gaat. "
    "Je hoeft niets te vertellen als je dat niet wilt. Daarna drinken we samen koffie."
)


@pytest.fixture
def world(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashes(monkeypatch)
    # The public pages look at the catalogue on every request, as a later request would.
    monkeypatch.setattr("matcher.service.CHECK_EVERY_SECONDS", 0.0)
    monkeypatch.setattr("matcher.service.REBUILD_WAIT_SECONDS", 30.0)
    return make_world(db_engine)


def _org_id(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        found = session.exec(select(Organisation.id).where(Organisation.name == name)).one()
    assert found is not None
    return found


def _client(app: Flask, world: World, who: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    if who == "anonymous":
        return client, csrf_token(client)
    login(client, world.emails[who])
    return client, csrf_token(client, "/beheer/")


def _form(token: str, org_id: int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": token,
        "organisation_id": str(org_id),
        "title": TITLE,
        "domain": "welzijn",
        "summary": "Samen wandelen en praten.",
        "description": DESCRIPTION,
        "themes": ["somberheid", "eenzaamheid"],
        "elements": ["lotgenotencontact"],
        "audience": "volwassenen",
        "mode": "locatie",
        "municipality": next(iter(MUNICIPALITIES)),
        "access_route": "zonder_verwijzing",
        "contact_email": "wandel@example.org",
        "contact_phone": "",
        "registration_url": "",
        "schedule_text": "elke dinsdag 10:00-11:00 vanaf 6 januari",
    }
    data.update(overrides)
    return data


def test_a_facilitator_adds_a_group_that_a_public_search_finds_at_once(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client(app, world, "facilitator_a")
    search = client.get("/zoeken?q=wandelclub+zonnebloemveld")  # the index exists already
    assert TITLE not in search.get_data(as_text=True)
    page = client.get("/beheer/groepen/nieuw")
    assert page.status_code == 200 and 'name="csrf_token"' in page.get_data(as_text=True)
    before = snapshot(db_engine)
    response = client.post(
        "/beheer/groepen/nieuw", data=_form(token, _org_id(db_engine, world.org_a))
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:600]
    after = snapshot(db_engine)
    groups_before, _cancelled, audit_before = before
    groups_after, _cancelled, audit_after = after
    assert len(groups_after) == len(groups_before) + 1  # type: ignore[arg-type]
    assert audit_after == audit_before + 1  # type: ignore[operator]
    edit = client.get(response.location).get_data(as_text=True)
    assert "De groep is toegevoegd" in edit and TITLE in edit
    found = client.get("/zoeken?q=wandelclub+zonnebloemveld").get_data(as_text=True)
    assert TITLE in found


@pytest.mark.parametrize("who", ["facilitator_b", "team"])
def test_adding_to_another_organisation_is_refused_and_writes_nothing(
    app: Flask, db_engine: Engine, world: World, who: str
) -> None:
    client, token = _client(app, world, who)
    before = snapshot(db_engine)
    response = client.post(
        "/beheer/groepen/nieuw", data=_form(token, _org_id(db_engine, world.org_a))
    )
    assert response.status_code == 403
    assert snapshot(db_engine) == before


def test_a_team_member_gets_no_create_page(app: Flask, world: World) -> None:
    client, _token = _client(app, world, "team")
    assert client.get("/beheer/groepen/nieuw").status_code == 403
    assert "Nieuwe groep toevoegen" not in client.get("/beheer/").get_data(as_text=True)
    anonymous = app.test_client()
    assert anonymous.get("/beheer/groepen/nieuw").status_code == 302


def test_without_csrf_token_nothing_is_saved(app: Flask, db_engine: Engine, world: World) -> None:
    client, _token = _client(app, world, "facilitator_a")
    before = snapshot(db_engine)
    data = _form("nep", _org_id(db_engine, world.org_a))
    assert client.post("/beheer/groepen/nieuw", data=data).status_code == 400
    assert snapshot(db_engine) == before


def test_no_contact_route_refuses_the_save_and_shows_the_tips(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client(app, world, "facilitator_a")
    before = snapshot(db_engine)
    data = _form(
        token, _org_id(db_engine, world.org_a), contact_email="", summary="", description="Kort."
    )
    response = client.post("/beheer/groepen/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Zonder een van deze kan niemand zich aanmelden." in html
    assert 'id="contact_email-fout"' in html
    assert "Tips om de groep beter vindbaar te maken" in html and "nog kort" in html
    assert TITLE in html  # what was typed stays
    assert snapshot(db_engine) == before


def test_advisory_hints_are_shown_but_the_group_is_saved(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client, token = _client(app, world, "facilitator_a")
    data = _form(token, _org_id(db_engine, world.org_a), description="Kort.", summary="")
    del data["themes"], data["elements"]
    data.update(audience="", schedule_text="")
    before = snapshot(db_engine)
    response = client.post("/beheer/groepen/nieuw", data=data)
    assert response.status_code == 303
    assert snapshot(db_engine) != before
    edit = client.get(response.location).get_data(as_text=True)
    assert "Tips om de groep beter vindbaar te maken" in edit
    for words in ("nog kort", "kies minstens één thema", "geen volgende bijeenkomst"):
        assert words in edit
    assert quality.NO_CONTACT not in edit


def test_typing_errors_come_back_per_field(app: Flask, db_engine: Engine, world: World) -> None:
    client, token = _client(app, world, "facilitator_a")
    before = snapshot(db_engine)
    bad = _form(token, _org_id(db_engine, world.org_a), schedule_text="elke blauwdag om tien uur")
    response = client.post("/beheer/groepen/nieuw", data=bad)
    assert response.status_code == 400
    assert 'id="schedule_text-fout"' in response.get_data(as_text=True)
    bad = _form(token, _org_id(db_engine, world.org_a), domain="", municipality="Atlantis")
    html = client.post("/beheer/groepen/nieuw", data=bad).get_data(as_text=True)
    assert "Domein: is verplicht." in html and 'id="municipality-fout"' in html
    assert snapshot(db_engine) == before
