"""The web chat on two hosts: one PostgreSQL, one Redis, turns alternating between the apps.

Each app has its own instance folder (as two hosts would), the same SECRET_KEY
and GROEPENWIJZER_REDIS_URL. The two test clients share the browser's session
cookie, so every turn may land on either host. Also: an unreachable Redis still
gives crisis help, and otherwise a calm 503 page instead of a traceback.
"""

from __future__ import annotations

import html
import logging
import re
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from bot.chat import texts
from bot.chat.identity import IDLE_SECONDS, chat_key
from catalogue.db import make_engine
from catalogue.seed import seed
from catalogue.settings import Settings
from seed_groups import seed_csv
from tests.support import today
from tests.web_chat.chat_helpers import CHAT, TRANSCRIPT, plain
from web import create_app
from web.accounts import limiter_of

MARKER = "zeppelinvriend-x7q2"
CRISIS = "ik wil er niet meer zijn"
_YOU = re.compile(
    r'<li class="chat-entry chat-you">.*?<div class="chat-text">(.*?)</div>', re.DOTALL
)
_NEWEST = re.compile(r'<li class="chat-entry chat-bot" id="antwoord".*?</li>', re.DOTALL)


class Browser:
    """One browser whose requests land on host A or host B (one session cookie for both)."""

    def __init__(self, csrf_of: Callable[[str], str], *hosts: Flask) -> None:
        self.csrf_of = csrf_of
        self.clients = [host.test_client() for host in hosts]
        self.cookie: str | None = None
        self.page = ""
        self.location: str | None = None

    def _on(self, host: int) -> FlaskClient:
        client = self.clients[host]
        if self.cookie is None:
            client.delete_cookie("session")
        else:
            client.set_cookie("session", self.cookie)
        return client

    def _after(self, client: FlaskClient) -> None:
        found = client.get_cookie("session")
        self.cookie = found.value if found is not None and found.value else None

    def get(self, host: int) -> int:
        client = self._on(host)
        response = client.get(CHAT)
        self._after(client)
        self.page = response.get_data(as_text=True)
        return response.status_code

    def post(self, host: int, **data: str) -> int:
        client = self._on(host)
        data.setdefault("csrf_token", self.csrf_of(self.page))
        found = TRANSCRIPT.search(self.page)
        if found:
            data.setdefault("transcript", html.unescape(found.group(1)))
        response = client.post(CHAT, data=data)
        self._after(client)
        self.page = response.get_data(as_text=True)
        self.location = response.location
        return response.status_code

    def sid(self) -> str:
        with self.clients[0].session_transaction() as session:
            return str(session["chat"])

    def actions(self) -> list[str]:
        return re.findall(r'name="action" value="([^"]+)"', self.page)

    def you(self) -> list[str]:
        return [plain(m).strip() for m in _YOU.findall(self.page)]

    def newest(self) -> str:
        found = _NEWEST.search(self.page)
        assert found, "no newest bot turn on the page"
        return plain(found.group(0))


@pytest.fixture
def pg_seeded_url(pg_migrated_url: str) -> str:
    engine = make_engine(pg_migrated_url)
    seed(engine, seed_csv(today=today()))
    engine.dispose()
    return pg_migrated_url


@pytest.fixture
def redis_client(redis_server_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server_url)
    yield client
    client.close()


def host_settings(instance: Path, database_url: str, secret: str, redis_url: str) -> Settings:
    """A host's settings from the environment, as gunicorn on that host would read them."""
    return Settings.from_env(
        {
            "GROEPENWIJZER_INSTANCE": str(instance),
            "DATABASE_URL": database_url,
            "GROEPENWIJZER_MODEL": "none",
            "GROEPENWIJZER_MODEL_CACHE": str(instance / "model-cache"),
            "SECRET_KEY": secret,
            "TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
            "GROEPENWIJZER_REDIS_URL": redis_url,
        }
    )


@pytest.fixture
def two_hosts(
    tmp_path: Path, pg_seeded_url: str, redis_server_url: str
) -> Iterator[tuple[Flask, Flask, str]]:
    secret = uuid.uuid4().hex  # chat keys of this test only: no clash with parallel tests
    hosts = []
    for name in ("host-a", "host-b"):
        app = create_app(host_settings(tmp_path / name, pg_seeded_url, secret, redis_server_url))
        app.config["TESTING"] = True
        hosts.append(app)
    yield hosts[0], hosts[1], secret
    for app in hosts:
        app.extensions["groepenwijzer"].engine.dispose()


def redis_keys(secret: str, sid: str) -> list[str]:
    key = chat_key(secret, "webchat", sid)
    return [f"groepenwijzer:chat:state:{key}", f"groepenwijzer:chat:replies:{key}"]


def test_a_conversation_alternating_between_two_hosts(
    two_hosts: tuple[Flask, Flask, str],
    redis_client: redis.Redis,
    csrf_of: Callable[[str], str],
    tmp_path: Path,
) -> None:
    host_a, host_b, secret = two_hosts
    A, B = 0, 1
    browser = Browser(csrf_of, host_a, host_b)
    assert browser.get(A) == 200
    assert browser.post(A, message=f"Ik voel me de laatste tijd erg eenzaam {MARKER}") == 200
    assert "online" in browser.actions()  # asks where
    sid = browser.sid()
    keys = redis_keys(secret, sid)
    try:
        # Host B knows the state host A kept: "Deventer" answers the question "where?".
        assert browser.post(B, message="Deventer") == 200
        assert "days:any" in browser.actions()
        assert browser.you() == [f"Ik voel me de laatste tijd erg eenzaam {MARKER}", "Deventer"]
        # And back on host A, the state host B wrote.
        assert browser.post(A, action="days:any") == 200
        assert texts.RESULTS_INTRO in browser.newest()
        assert len(browser.you()) == 3
        # A reload on host B shows the last replies host A stored.
        assert browser.get(B) == 200
        assert texts.RESULTS_INTRO in browser.newest()

        # Shared storage only: Redis, with the idle TTL; no files on either host.
        for name in keys:
            assert 0 < redis_client.ttl(name) <= IDLE_SECONDS
            value = redis_client.get(name)
            assert value is not None and MARKER.encode() not in value
        for host in ("host-a", "host-b"):
            assert not (tmp_path / host / "webchat").exists()
        # The same setting puts the rate-limit counters in Redis on both hosts.
        for app in (host_a, host_b):
            assert type(limiter_of(app).storage).__name__ == "RedisStorage"

        # /vergeet on host B wipes what host A stored.
        assert browser.post(B, action="forget") == 303
        assert browser.location == "/chat/gewist"
        assert redis_client.exists(*keys) == 0
        assert browser.get(A) == 200
        assert texts.RESULTS_INTRO not in plain(browser.page)
    finally:
        redis_client.delete(*keys)


# --- Redis configured but unreachable -----------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def app_without_redis(chat_app: Flask) -> Flask:
    """The chat app with GROEPENWIJZER_REDIS_URL pointing at a closed port."""
    shared = chat_app.extensions["groepenwijzer"]
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings = replace(shared.settings, redis_url=url, ratelimit_storage=url)
    app = create_app(settings, match_service=shared.match_service)
    app.config["TESTING"] = True
    return app


def test_unreachable_redis_still_gives_crisis_help(
    app_without_redis: Flask, csrf_of: Callable[[str], str]
) -> None:
    browser = Browser(csrf_of, app_without_redis)
    assert browser.get(0) == 200
    assert browser.post(0, message=CRISIS) == 200
    assert 'data-crisis-kind="suicide"' in browser.page and 'href="tel:113"' in browser.page


def test_unreachable_redis_is_a_calm_page_not_a_traceback(
    app_without_redis: Flask, csrf_of: Callable[[str], str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    browser = Browser(csrf_of, app_without_redis)
    assert browser.get(0) == 200  # no chat yet: nothing to read
    assert browser.post(0, message=f"ik voel me eenzaam {MARKER}") == 503
    assert "Dit lukt nu even niet" in browser.page
    assert f"ik voel me eenzaam {MARKER}</textarea>" in browser.page  # the words stay
    assert "Traceback" not in browser.page and "Redis" not in browser.page
    assert browser.get(0) == 503  # a reload of a chat
    assert "Dit lukt nu even niet" in browser.page
    assert browser.post(0, action="forget") == 503  # never "all gone" when it is not
    assert "web chat store unavailable" in caplog.text
    assert MARKER not in caplog.text
