"""Every front shows the same crisis block first, for the same words.

One table of texts, one per kind (and the awkward ways in: a command before
the words, a button pressed with a message typed, a stale form, an
over-long message). The web search, the web chat, Telegram (real PTB against
the fake Bot API) and the command line are driven with each; the block each
front shows is read back — on the web the `section.crisis` element itself,
its kind and its tap-to-call links in order; in text fronts the block's text —
and compared with matcher.crisis.help, the one source.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakebot import FakeBotAPI
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from telegram.ext import Application

from bot.chat.identity import MemoryStateStore
from bot.telegram.app import build_application, serve_polling
from bot.telegram.ratelimit import ChatRateLimiter
from catalogue.settings import Settings
from matcher.crisis import ACUTE, PSYCHOSIS, SUICIDE, VIOLENCE, help_for
from matcher.service import MatchService
from tests.web.html_checks import elements
from web import create_app

CASES = [
    ("ik wil er niet meer zijn", SUICIDE),
    ("heb net alle pillen uit het kastje genomen, ik voel me al raar", ACUTE),
    ("mijn man slaat me en ik durf niet naar huis", VIOLENCE),
    ("de stemmen zeggen dat ik de buren moet straffen en ik ben zo bang", PSYCHOSIS),
]
MAX_MESSAGE = 1000  # web.chat.MAX_MESSAGE
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def first_block(html: str) -> tuple[str, tuple[str, ...]]:
    """Kind and links of the first crisis block; it must come before any other reply or form."""
    found = elements(html)
    blocks = [i for i, e in enumerate(found) if e.tag == "section" and "crisis" in e.classes]
    assert blocks, "no crisis block on the page"
    start = blocks[0]
    before = found[:start]
    assert not any("chat-reply" in e.classes or e.tag == "form" for e in before)
    inner = []
    for element in found[start + 1 :]:
        if not element.within("section", "crisis"):
            break
        inner.append(element)
    links = tuple(e.attrs["href"] for e in inner if e.tag == "a" and "href" in e.attrs)
    return found[start].attrs["data-crisis-kind"], links


def expected(kind: str) -> tuple[str, tuple[str, ...]]:
    return kind, tuple(a.href for a in help_for(kind).actions)


@pytest.fixture
def web(settings: Settings) -> Iterator[FlaskClient]:
    app: Flask = create_app(settings)
    yield app.test_client()
    app.extensions["groepenwijzer"].engine.dispose()


def _token(client: FlaskClient) -> str:
    found = _CSRF.search(client.get("/chat/").get_data(as_text=True))
    assert found
    return found.group(1)


@pytest.fixture
def settings(tmp_path: Path, db_file: Path, settings_for: Any) -> Settings:
    settings: Settings = settings_for(tmp_path, f"sqlite:///{db_file}")
    return settings


@pytest.fixture
def fake(settings: Settings) -> Iterator[FakeBotAPI]:
    with FakeBotAPI(settings.telegram_token) as api:
        yield api


@pytest.fixture
def telegram(
    settings: Settings, fake: FakeBotAPI, match_service: MatchService, engine: Engine
) -> Application:
    limiter = ChatRateLimiter(per_chat_rate=50.0, per_chat_burst=50.0, global_rate=200.0)
    return build_application(
        settings,
        match_service=match_service,
        engine=engine,
        base_url=fake.base_url,
        store=MemoryStateStore(),
        rate_limiter=limiter,
    )


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_web_search_and_web_chat(web: FlaskClient, text: str, kind: str) -> None:
    want = expected(kind)
    search = web.get("/zoeken", query_string={"q": text})
    assert search.status_code == 200 and first_block(search.get_data(as_text=True)) == want
    token = _token(web)
    ways_in = {
        "typed": {"message": text, "csrf_token": token},
        "after a command": {"message": f"/opnieuw {text}", "csrf_token": token},
        "with a button": {"message": text, "action": "restart", "csrf_token": token},
        "stale form": {"message": text, "csrf_token": "stale"},
        "over-long": {"message": "bla " * MAX_MESSAGE + text, "csrf_token": token},
    }
    for way, form in ways_in.items():
        page = web.post("/chat/", data=form, follow_redirects=True)
        assert page.status_code == 200, way
        assert first_block(page.get_data(as_text=True)) == want, way


def test_forget_command_with_crisis_words_shows_help_and_keeps_nothing_new(
    web: FlaskClient,
) -> None:
    token = _token(web)
    page = web.post(
        "/chat/",
        data={"message": "/vergeet ik wil dood", "csrf_token": token},
        follow_redirects=True,
    )
    assert first_block(page.get_data(as_text=True)) == expected(SUICIDE)


def test_telegram(telegram: Application, fake: FakeBotAPI) -> None:
    async def script() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(serve_polling(telegram, stop, poll_timeout=1))
        try:
            for number, (text, kind) in enumerate(CASES):
                for offset, message in enumerate((text, f"/privacy {text}")):
                    chat = 500 + 10 * number + offset
                    fake.send_text(chat, message)
                    sent = await fake.wait_for(chat, 1)
                    assert sent[0].text == help_for(kind).text(), (message, sent[0].text[:60])
        finally:
            stop.set()
            await asyncio.wait_for(task, 20)

    asyncio.run(script())


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_command_line(tmp_path: Path, text: str, kind: str) -> None:
    env = {**os.environ, "GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_MODEL": "none"}
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "match", "--text", text],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(help_for(kind).text())


def test_a_model_that_cannot_load_changes_nothing_for_crisis_help(
    tmp_path: Path, db_file: Path, settings_for: Any
) -> None:
    broken: Settings = settings_for(
        tmp_path, f"sqlite:///{db_file}", model=str(tmp_path / "no-such-model")
    )
    app = create_app(broken)
    try:
        client = app.test_client()
        for text, kind in CASES:
            page = client.get("/zoeken", query_string={"q": text})
            assert page.status_code == 200
            assert first_block(page.get_data(as_text=True)) == expected(kind)
        service = app.extensions["groepenwijzer"].match_service
        assert service.status.embedder is None  # the model really did not load
    finally:
        app.extensions["groepenwijzer"].engine.dispose()
