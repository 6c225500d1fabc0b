"""Login sessions: cookie flags, a new session at login, logout and deactivation end live
cookies, idle and absolute timeouts, rate limit and lockout, and nothing personal in logs."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue import accounts
from catalogue.db import session_scope
from catalogue.settings import Settings
from tests.web.beheer_support import PASSWORD, World, cheap_hashes, csrf_token, login, make_world
from web import accounts as web_accounts
from web import create_app


@pytest.fixture
def world(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashes(monkeypatch)
    return make_world(db_engine)


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _logged_in(client: FlaskClient) -> bool:
    return client.get("/beheer/").status_code == 200


def _try(client: FlaskClient, email: str, password: str) -> int:
    token = csrf_token(client)
    response = client.post(
        "/inloggen", data={"csrf_token": token, "email": email, "password": password}
    )
    return response.status_code


@pytest.fixture
def proxied_app(settings: Settings, world: World) -> Iterator[Flask]:
    app = create_app(replace(settings, proxy_hops=1))
    app.config["TESTING"] = True
    yield app
    app.extensions["groepenwijzer"].engine.dispose()


def test_session_cookie_flags_behind_the_tls_proxy(proxied_app: Flask, world: World) -> None:
    client = proxied_app.test_client()
    https = {"X-Forwarded-Proto": "https"}
    page = client.get("/inloggen", headers=https)
    assert page.headers["Referrer-Policy"] == "same-origin"  # else browsers send no Referer
    token = csrf_token(client, headers=https)
    data = {"csrf_token": token, "email": world.emails["facilitator_a"], "password": PASSWORD}
    # Over TLS the CSRF check also wants a same-origin Referer.
    assert client.post("/inloggen", data=data, headers=https).status_code == 400
    https["Referer"] = "https://localhost/inloggen"
    response = client.post("/inloggen", data=data, headers=https)
    assert response.status_code == 303
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    flags = {part.strip().lower() for part in session_cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= flags
    assert not any(f.startswith(("expires", "max-age")) for f in flags)  # ends with the browser
    assert "Strict-Transport-Security" in response.headers


def test_login_starts_a_new_session(app: Flask, world: World) -> None:
    client = app.test_client()
    before_token = csrf_token(client)
    before_cookie = _session_cookie(client)
    login(client, world.emails["facilitator_a"])
    assert _session_cookie(client) != before_cookie
    assert csrf_token(client, "/beheer/") != before_token
    # A cookie planted before the login (session fixation) is still anonymous.
    planted = app.test_client()
    planted.set_cookie("session", before_cookie)
    assert not _logged_in(planted)


def test_a_cookie_captured_before_logout_is_refused_after_it(app: Flask, world: World) -> None:
    client = app.test_client()
    login(client, world.emails["facilitator_a"])
    captured = _session_cookie(client)
    other_device = app.test_client()
    login(other_device, world.emails["facilitator_a"])
    response = client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/beheer/")})
    assert response.status_code == 303
    assert not _logged_in(client)
    replay = app.test_client()
    replay.set_cookie("session", captured)
    assert not _logged_in(replay)
    assert not _logged_in(other_device)  # logout ends every session of the account


def test_deactivating_an_account_refuses_its_live_cookie(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client = app.test_client()
    login(client, world.emails["facilitator_a"])
    assert _logged_in(client)
    with session_scope(db_engine) as session:
        accounts.deactivate_user(session, email=world.emails["facilitator_a"], actor="test")
    assert not _logged_in(client)
    # And a login with the right password no longer works either.
    assert _try(app.test_client(), world.emails["facilitator_a"], PASSWORD) == 400


def test_an_inactive_account_is_refused_even_without_a_new_session_version(
    app: Flask, db_engine: Engine, world: World
) -> None:
    client = app.test_client()
    login(client, world.emails["coordinator"])
    with db_engine.begin() as connection:
        connection.execute(
            text('UPDATE "user" SET active = false WHERE email = :e'),
            {"e": world.emails["coordinator"]},
        )
    assert not _logged_in(client)


@pytest.mark.parametrize(
    ("minutes_later", "still_in"),
    [(29, True), (31, False)],
)
def test_idle_timeout(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch, minutes_later: int, still_in: bool
) -> None:
    client = app.test_client()
    start = int(time.time())
    monkeypatch.setattr(web_accounts, "_now", lambda: start)
    login(client, world.emails["facilitator_a"])
    monkeypatch.setattr(web_accounts, "_now", lambda: start + minutes_later * 60)
    assert _logged_in(client) is still_in


def test_absolute_timeout_despite_activity(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = app.test_client()
    start = int(time.time())
    monkeypatch.setattr(web_accounts, "_now", lambda: start)
    login(client, world.emails["facilitator_a"])
    # Active every 20 minutes for almost 12 hours: still logged in.
    for step in range(1, 36):
        monkeypatch.setattr(web_accounts, "_now", lambda step=step: start + step * 20 * 60)
        assert _logged_in(client), step
    monkeypatch.setattr(web_accounts, "_now", lambda: start + 12 * 3600 + 60)
    assert not _logged_in(client)
    page = client.get("/inloggen").get_data(as_text=True)
    assert "Log opnieuw in" in page or "Log eerst in" in page


def test_lockout_after_failed_tries_and_it_expires(app: Flask, world: World) -> None:
    app.config[web_accounts.LOCKOUT] = "3 per 2 seconds"
    email = world.emails["facilitator_a"]
    client = app.test_client()
    assert [_try(client, email, "fout-wachtwoord") for _ in range(3)] == [400, 400, 400]
    # The window runs from the last failure: hashing can make three tries take seconds.
    last_failure = time.monotonic()
    locked = client.post(
        "/inloggen",
        data={"csrf_token": csrf_token(client), "email": email, "password": PASSWORD},
    )
    assert locked.status_code == 429  # locked, even with the right password
    assert "te vaak een verkeerd wachtwoord" in locked.get_data(as_text=True)
    assert not _logged_in(client)
    # Another account from the same address is not locked.
    assert _try(app.test_client(), world.emails["admin"], PASSWORD) == 303
    time.sleep(max(0.0, 2.2 - (time.monotonic() - last_failure)))
    assert _try(client, email, PASSWORD) == 303


def test_successful_logins_do_not_count_towards_the_lockout(app: Flask, world: World) -> None:
    app.config[web_accounts.LOCKOUT] = "2 per 1 minute"
    for _ in range(4):
        assert _try(app.test_client(), world.emails["admin"], PASSWORD) == 303


def test_rate_limit_per_address(app: Flask, world: World) -> None:
    app.config[web_accounts.RATE_LIMIT] = "3 per 1 minute"
    client = app.test_client()
    codes = [_try(client, f"iemand{n}@example.org", "fout-wachtwoord") for n in range(4)]
    assert codes == [400, 400, 400, 429]


def test_failed_logins_leave_no_address_or_password_in_logs(
    app: Flask, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    app.config[web_accounts.LOCKOUT] = "2 per 1 minute"
    caplog.set_level(logging.DEBUG)
    secret = f"geheim-{uuid.uuid4().hex}"
    client = app.test_client()
    for _ in range(3):
        _try(client, world.emails["facilitator_b"], secret)
    events = [getattr(r, "event", None) for r in caplog.records]
    assert "login.refused" in events and "login.locked" in events
    for record in caplog.records:
        everything = record.getMessage() + repr(vars(record))
        assert secret not in everything
        assert "facilitator-b" not in everything


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_login_never_redirects_off_site(app: Flask, world: World, target: str) -> None:
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/inloggen",
        query_string={"next": target},
        data={"csrf_token": token, "email": world.emails["admin"], "password": PASSWORD},
    )
    assert response.status_code == 303
    assert response.location == "/beheer/"


def test_login_follows_a_local_next(app: Flask, world: World) -> None:
    client = app.test_client()
    first = client.get(f"/beheer/groepen/{world.group_id}")
    assert first.status_code == 302
    token = csrf_token(client, first.location)
    response = client.post(
        first.location,
        data={"csrf_token": token, "email": world.emails["admin"], "password": PASSWORD},
    )
    assert response.location == f"/beheer/groepen/{world.group_id}"


def test_redis_storage_shares_the_lockout_between_apps(settings: Settings, world: World) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    shared = replace(
        settings, ratelimit_storage="redis://127.0.0.1:6379", secret_key=uuid.uuid4().hex
    )
    first, second = create_app(shared), create_app(shared)
    for app in (first, second):
        app.config[web_accounts.LOCKOUT] = "2 per 30 seconds"
    email = world.emails["facilitator_a"]
    assert _try(first.test_client(), email, "fout-wachtwoord") == 400
    assert _try(second.test_client(), email, "fout-wachtwoord") == 400
    assert _try(first.test_client(), email, PASSWORD) == 429  # the other worker's count
    for app in (first, second):
        app.extensions["groepenwijzer"].engine.dispose()
