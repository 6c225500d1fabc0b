"""Password reset and invitations through the web: the same answer for any address, links
that work once, other sessions ended, CSRF, the configured base URL, and no token in logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue import account_links
from catalogue.db import session_scope
from catalogue.models import OutboxMessage, User
from catalogue.settings import Settings
from tests.web.beheer_support import PASSWORD, World, cheap_hashes, csrf_token, login, make_world
from web import accounts as web_accounts
from web import create_app

NEW = "een-nieuwe-lange-zin-7"
_LINK = re.compile(r"(https?://[^/\s]+)(/(?:wachtwoord-nieuw|uitnodiging)/(\S+))")


@pytest.fixture
def world(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashes(monkeypatch)
    return make_world(db_engine)


@pytest.fixture
def email(world: World) -> str:
    return world.emails["facilitator_a"]


def _ask_reset(client: FlaskClient, address: str, headers: dict[str, str] | None = None) -> str:
    token = csrf_token(client, "/wachtwoord-vergeten", headers=headers)
    response = client.post(
        "/wachtwoord-vergeten", data={"csrf_token": token, "email": address}, headers=headers
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _mails(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def _link(engine: Engine) -> tuple[str, str, str]:
    """(base, path, token) of the newest mail's link."""
    found = _LINK.search(_mails(engine)[-1].body)
    assert found
    return found.group(1), found.group(2), found.group(3)


def _set_password(
    client: FlaskClient, path: str, password: str = NEW, confirm: str | None = None
) -> tuple[int, str]:
    form = client.get(path)
    assert form.status_code == 200, form.get_data(as_text=True)[:300]
    token = csrf_token(client, path)
    data = {"csrf_token": token, "password": password, "confirm": confirm or password}
    response = client.post(path, data=data)
    return response.status_code, response.get_data(as_text=True)


def _password_hash(engine: Engine, address: str) -> str:
    with Session(engine) as session:
        return session.exec(select(User.password_hash).where(User.email == address)).one()


def _logged_in(client: FlaskClient) -> bool:
    return client.get("/beheer/").status_code == 200


def _text(html: str) -> str:
    """The page without its per-session CSRF token."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_the_login_page_links_to_wachtwoord_vergeten(client: FlaskClient, world: World) -> None:
    page = client.get("/inloggen").get_data(as_text=True)
    assert 'href="/wachtwoord-vergeten"' in page and "Wachtwoord vergeten?" in page
    assert client.get("/wachtwoord-vergeten").status_code == 200


def test_known_and_unknown_addresses_get_the_same_page(
    app: Flask, db_engine: Engine, email: str
) -> None:
    unknown = _ask_reset(app.test_client(), "niemand@example.org")
    assert _mails(db_engine) == []
    known = _ask_reset(app.test_client(), email)
    assert _text(known) == _text(unknown)
    assert "Als dit adres bij ons bekend is, krijg je een e-mail" in known
    assert [(m.to, m.kind) for m in _mails(db_engine)] == [(email, "reset")]


def test_a_reset_ends_other_sessions_and_the_link_works_once(
    app: Flask, db_engine: Engine, email: str
) -> None:
    other_device = app.test_client()
    login(other_device, email)
    captured = other_device.get_cookie("session")
    assert captured is not None and _logged_in(other_device)
    client = app.test_client()
    _ask_reset(client, email)
    _, path, _ = _link(db_engine)
    status, _ = _set_password(client, path)
    assert status == 303
    assert not _logged_in(other_device)
    replay = app.test_client()
    replay.set_cookie("session", captured.value)
    assert not _logged_in(replay)  # a cookie from before the reset is refused
    login(app.test_client(), email, NEW)
    assert _try_login(app.test_client(), email, PASSWORD) == 400
    # Second use: refused with a message, nothing changed.
    before = _password_hash(db_engine, email)
    again = client.get(path)
    assert again.status_code == 400 and "Deze link werkt niet" in again.get_data(as_text=True)
    token = csrf_token(client, "/wachtwoord-vergeten")
    data = {"csrf_token": token, "password": "nog-een-zin-8", "confirm": "nog-een-zin-8"}
    assert client.post(path, data=data).status_code == 400
    assert _password_hash(db_engine, email) == before


def _try_login(client: FlaskClient, address: str, password: str) -> int:
    token = csrf_token(client)
    data = {"csrf_token": token, "email": address, "password": password}
    return client.post("/inloggen", data=data).status_code


def test_get_on_a_link_changes_nothing(app: Flask, db_engine: Engine, email: str) -> None:
    client = app.test_client()
    assert client.get("/wachtwoord-vergeten").status_code == 200
    assert _mails(db_engine) == []
    _ask_reset(client, email)
    _, path, _ = _link(db_engine)
    before = _password_hash(db_engine, email)
    for _ in range(2):
        page = client.get(path)
        assert page.status_code == 200 and email in page.get_data(as_text=True)
    assert _password_hash(db_engine, email) == before
    assert _set_password(client, path)[0] == 303


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("kort", None, "minstens 8 tekens"),
        ("welkom01", None, "veelgebruikte wachtwoorden"),
        ("facilitator-a@example.org", None, "gelijk zijn aan je e-mailadres"),
        (NEW, NEW + "x", "niet hetzelfde"),
    ],
)
def test_bad_passwords_are_refused_with_their_reason(
    app: Flask, db_engine: Engine, email: str, password: str, confirm: str | None, message: str
) -> None:
    client = app.test_client()
    _ask_reset(client, email)
    _, path, _ = _link(db_engine)
    before = _password_hash(db_engine, email)
    status, page = _set_password(client, path, password, confirm)
    assert status == 400 and message in page and 'aria-invalid="true"' in page
    assert _password_hash(db_engine, email) == before
    assert _set_password(client, path)[0] == 303  # the link was not used up


def test_a_reset_link_is_refused_on_the_invitation_page(
    app: Flask, db_engine: Engine, email: str
) -> None:
    client = app.test_client()
    _ask_reset(client, email)
    _, _, token = _link(db_engine)
    page = client.get(f"/uitnodiging/{token}")
    assert page.status_code == 400 and "Deze link werkt niet" in page.get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, "/wachtwoord-vergeten"), "password": NEW}
    before = _password_hash(db_engine, email)
    assert client.post(f"/uitnodiging/{token}", data={**data, "confirm": NEW}).status_code == 400
    assert _password_hash(db_engine, email) == before


def test_posts_without_csrf_token_change_nothing(app: Flask, db_engine: Engine, email: str) -> None:
    client = app.test_client()
    client.get("/wachtwoord-vergeten")
    assert client.post("/wachtwoord-vergeten", data={"email": email}).status_code == 400
    assert _mails(db_engine) == []
    _ask_reset(client, email)
    _, path, _ = _link(db_engine)
    before = _password_hash(db_engine, email)
    for token in ("", "verkeerd", csrf_token(app.test_client(), "/wachtwoord-vergeten")):
        data = {"csrf_token": token, "password": NEW, "confirm": NEW}
        assert client.post(path, data=data).status_code == 400
    assert _password_hash(db_engine, email) == before


@pytest.fixture
def public_app(settings: Settings, world: World) -> Iterator[Flask]:
    app = create_app(replace(settings, base_url="https://groepen.example.nl"))
    app.config["TESTING"] = True
    yield app
    app.extensions["groepenwijzer"].engine.dispose()


def test_links_come_from_the_configured_base_url_not_the_host_header(
    public_app: Flask, db_engine: Engine, email: str
) -> None:
    client = public_app.test_client()
    _ask_reset(client, email, headers={"Host": "aanvaller.example"})
    base, path, _ = _link(db_engine)
    assert base == "https://groepen.example.nl"
    assert "aanvaller" not in _mails(db_engine)[-1].body
    assert path.startswith("/wachtwoord-nieuw/")


def test_reset_requests_are_rate_limited_per_address(
    app: Flask, db_engine: Engine, email: str
) -> None:
    app.config[web_accounts.RESET_PER_ADDRESS] = "2 per 1 hour"
    client = app.test_client()
    _ask_reset(client, email)
    _ask_reset(client, email)
    token = csrf_token(client, "/wachtwoord-vergeten")
    response = client.post("/wachtwoord-vergeten", data={"csrf_token": token, "email": email})
    assert response.status_code == 429 and "Wacht een uur" in response.get_data(as_text=True)
    assert len(_mails(db_engine)) == 2
    # Logging in is not affected by the reset limit.
    login(app.test_client(), email)


def test_an_invitation_end_to_end(app: Flask, db_engine: Engine, world: World) -> None:
    with session_scope(db_engine) as session:
        invitation = account_links.invite(
            session,
            email="nieuw@example.org",
            role="facilitator",
            organisation=world.org_a,
            actor=world.emails["admin"],
            base_url="http://localhost",
            secret_key=app.config["SECRET_KEY"],
        )
    _, path, _ = _link(db_engine)
    assert invitation.link == "http://localhost" + path
    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    assert "Welkom bij Groepenwijzer" in page and "nieuw@example.org" in page
    status, _ = _set_password(client, path)
    assert status == 303
    login(client, "nieuw@example.org", NEW)
    assert _logged_in(client)
    assert client.get(path).status_code == 400  # used


def test_tokens_never_reach_the_logs(
    app: Flask, db_engine: Engine, email: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    _ask_reset(client, email)
    _, path, token = _link(db_engine)
    client.get(f"/uitnodiging/{token}")  # refused: logged as a warning
    client.get(path[:-3] + "xyz")  # tampered: logged as a warning
    assert _set_password(client, path)[0] == 303
    client.get(path)  # used: logged as a warning
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [getattr(r, "event", None) for r in warnings].count("account.link_refused") == 3
    for record in caplog.records:  # no level at all carries the token or the address
        text = str(vars(record)) + record.getMessage()
        assert token not in text and token[-20:] not in text and email not in text
