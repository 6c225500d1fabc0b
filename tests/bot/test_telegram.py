"""The Telegram adapter on the real PTB networking stack against a local fake Bot API.

Each test runs the Application by long polling (or webhook) on 127.0.0.1 and
scripts the fake server: normal flows, duplicate updates, 429/409/502 and
slow answers, and webhook requests with a missing or wrong secret.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from botkit import on_test_clock
from fakebot import FakeBotAPI
from sqlalchemy.engine import Engine
from telegram.ext import Application

from bot.chat import texts
from bot.chat.identity import MemoryStateStore
from bot.telegram.app import build_application, serve_polling, serve_webhook, webhook_server
from bot.telegram.guard import CONFLICT_MESSAGE, ConflictWatch
from bot.telegram.ratelimit import ChatRateLimiter
from catalogue.settings import Settings
from matcher.crisis import SUICIDE, help_for
from matcher.service import MatchService


def fast_limiter() -> ChatRateLimiter:
    """The real limiter with room to spare, so flow tests do not wait a second per message."""
    return ChatRateLimiter(per_chat_rate=50.0, per_chat_burst=50.0, global_rate=200.0)


@pytest.fixture
def fake(settings: Settings) -> Any:
    with FakeBotAPI(settings.telegram_token) as api:
        yield api


@pytest.fixture
def settings(tmp_path: Path, db_file: Path, settings_for: Callable[..., Settings]) -> Settings:
    return settings_for(tmp_path, f"sqlite:///{db_file}")


@pytest.fixture
def store() -> MemoryStateStore:
    return MemoryStateStore()


@pytest.fixture
def app(
    settings: Settings,
    fake: FakeBotAPI,
    match_service: MatchService,
    engine: Engine,
    store: MemoryStateStore,
) -> Application:
    return on_test_clock(
        build_application(
            settings,
            match_service=match_service,
            engine=engine,
            base_url=fake.base_url,
            store=store,
            rate_limiter=fast_limiter(),
        )
    )


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[asyncio.Task[ConflictWatch]]:
    stop = asyncio.Event()
    task = asyncio.create_task(serve_polling(app, stop, poll_timeout=1))
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_conversation_start_to_vergeet(
    app: Application, fake: FakeBotAPI, store: MemoryStateStore
) -> None:
    async def script() -> None:
        async with polling(app):
            fake.send_text(11, "/start")
            sent = await fake.wait_for(11, 2)
            assert "anoniem" in sent[0].text
            fake.send_text(11, "Ik voel me heel eenzaam en somber de laatste tijd")
            sent = await fake.wait_for(11, 4)
            assert sent[-1].actions == ["online"]
            fake.send_text(11, "Deventer")
            sent = await fake.wait_for(11, 6)
            assert "days:any" in sent[-1].actions
            fake.press(11, "days:any")
            sent = await fake.wait_for(11, 7)
            results = sent[-1]
            assert texts.RESULTS_INTRO in results.text
            info = [a for a in results.actions if a.startswith("info:")]
            assert len(info) >= 3 and "more" in results.actions
            fake.press(11, info[0])
            sent = await fake.wait_for(11, 8)
            assert "Aanmelden:" in sent[-1].text
            assert len(store) == 1
            fake.send_text(11, "/vergeet")
            sent = await fake.wait_for(11, 9)
            assert sent[-1].text == texts.FORGOTTEN
            assert len(store) == 0
        assert fake.count("answerCallbackQuery") == 2

    run(script())


def test_same_update_twice_gives_one_reply(
    app: Application, fake: FakeBotAPI, store: MemoryStateStore
) -> None:
    async def script() -> None:
        async with polling(app):
            fake.send_text(12, "/start")
            await fake.wait_for(12, 2)
            update = fake.message_update(12, "ik ben zo eenzaam")
            fake.push(update)
            fake.push(dict(update))  # Telegram re-sends after a non-2xx answer
            await fake.wait_for(12, 4)
            await fake.settle()
            assert len(fake.to(12)) == 4  # HEARD + ASK_WHERE, once
            state = store.get(app.bot_data["chat_service"].key(12))
            assert state is not None and state.step == "where"  # one state change

    run(script())


@pytest.mark.parametrize(
    ("method", "status", "delay"),
    [
        ("sendMessage", 429, 0.0),
        ("sendMessage", 502, 0.0),
        ("getUpdates", 429, 0.0),
        ("getUpdates", 409, 0.0),
        ("getUpdates", 502, 0.0),
        ("sendMessage", 200, 2.0),
        ("getUpdates", 200, 2.5),
    ],
)
def test_bot_survives_telegram_trouble(
    app: Application, fake: FakeBotAPI, method: str, status: int, delay: float
) -> None:
    async def script() -> None:
        async with polling(app) as task:
            fake.send_text(13, "/start")
            await fake.wait_for(13, 2)
            fake.fault(method, status, retry_after=1, delay=delay)
            fake.send_text(13, "ik slaap slecht door de stress")
            sent = await fake.wait_for(13, 4, timeout=20)
            assert texts.ASK_WHERE in sent[-1].text
            assert not task.done()

    run(script())
    assert fake.count(method) >= 2


def test_repeated_409_stops_with_a_clear_message(
    app: Application, fake: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    async def script() -> ConflictWatch:
        fake.fault("getUpdates", 409, times=100)
        stop = asyncio.Event()
        return await asyncio.wait_for(serve_polling(app, stop, poll_timeout=1), 20)

    watch = run(script())
    assert watch.tripped
    assert CONFLICT_MESSAGE in caplog.text


def test_pacing_per_chat_is_about_one_message_a_second(
    settings: Settings, fake: FakeBotAPI, match_service: MatchService, engine: Engine
) -> None:
    app = on_test_clock(
        build_application(
            settings, match_service=match_service, engine=engine, base_url=fake.base_url
        )
    )  # the default limiter

    async def script() -> None:
        async with polling(app):
            fake.send_text(14, "/start")
            fake.send_text(14, "ik ben eenzaam")
            fake.send_text(14, "Zwolle")
            fake.send_text(15, "/start")
            sent = await fake.wait_for(14, 6, timeout=20)
            await fake.wait_for(15, 2)
        # A bucket of 3 that refills at about one a second: no stretch of messages holds
        # more than 3 plus one per second it spans (with 25 % slack for timer jitter).
        # Judged over every stretch, not between neighbours: a reply that took long to
        # compute finds the bucket refilled and may rightly go at once.
        at = [m.at for m in sent]
        stretches = [(j - i + 1, at[j] - at[i]) for i in range(len(at)) for j in range(i, len(at))]
        assert all(count <= 3 + 1.25 * span for count, span in stretches), at
        other = fake.to(15)
        assert other[0].at - sent[0].at < 2.5  # another chat is not held up behind it

    run(script())


def test_webhook_checks_the_secret(
    app: Application, fake: FakeBotAPI, store: MemoryStateStore
) -> None:
    secret = "webhook-geheim-123"
    url = "https://bot.example/telegram/hook"
    server = webhook_server(app, url=url, secret=secret, port=0)

    async def script() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(serve_webhook(app, stop, server, url=url, secret=secret))
        await asyncio.wait_for(server.started.wait(), 10)
        endpoint = f"http://127.0.0.1:{server.port}/telegram/hook"
        update = fake.message_update(21, "/start")
        async with httpx.AsyncClient() as client:
            missing = await client.post(endpoint, json=update)
            wrong = await client.post(
                endpoint, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
            elsewhere = await client.post(
                endpoint.replace("hook", "other"),
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            )
            await fake.settle()
            assert (missing.status_code, wrong.status_code) == (403, 403)
            assert elsewhere.status_code == 404
            assert fake.to(21) == [] and len(store) == 0  # nothing processed
            good = {"X-Telegram-Bot-Api-Secret-Token": secret}
            ok = await client.post(endpoint, json=update, headers=good)
            again = await client.post(endpoint, json=update, headers=good)  # a re-send
            assert (ok.status_code, again.status_code) == (200, 200)
            await fake.wait_for(21, 2)
            await fake.settle()
            assert len(fake.to(21)) == 2 and len(store) == 1
            bad = await client.post(endpoint, content=b"{not json", headers=good)
            assert bad.status_code == 400
        stop.set()
        await asyncio.wait_for(task, 10)

    run(script())
    assert fake.webhook["url"] == url and fake.webhook["secret_token"] == secret


def test_crisis_reply_when_the_matcher_is_down(
    settings: Settings, fake: FakeBotAPI, tmp_path: Path
) -> None:
    from catalogue.db import make_engine

    dead = make_engine(f"sqlite:///{tmp_path / 'none' / 'missing.db'}")
    service = MatchService(dead, model="none", cache_dir=tmp_path / "cache")
    app = on_test_clock(
        build_application(
            settings,
            match_service=service,
            engine=dead,
            base_url=fake.base_url,
            rate_limiter=fast_limiter(),
        )
    )

    async def script() -> None:
        async with polling(app):
            fake.send_text(31, "ik wil er niet meer zijn")
            sent = await fake.wait_for(31, 1)
            assert sent[0].text == help_for(SUICIDE).text()
            fake.send_text(31, "eenzaam")
            fake.send_text(31, "online")
            fake.press(31, "days:any")
            sent = await fake.wait_for(31, 2 + 2 + 2 + 1, timeout=20)
            assert texts.MATCHER_DOWN in sent[-1].text

    run(script())


def test_non_text_messages_get_a_gentle_answer(app: Application, fake: FakeBotAPI) -> None:
    async def script() -> None:
        async with polling(app):
            update = fake.message_update(41, "")
            del update["message"]["text"]
            update["message"]["sticker"] = {
                "file_id": "x",
                "file_unique_id": "y",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
            fake.push(update)
            sent = await fake.wait_for(41, 1)
            assert sent[0].text == texts.NOT_TEXT

    run(script())


def test_token_is_not_in_logs(
    app: Application, fake: FakeBotAPI, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    _everything_at_debug(caplog)

    async def script() -> None:
        async with polling(app):
            fake.fault("sendMessage", 502)
            fake.send_text(51, "/start")
            await fake.wait_for(51, 2)

    run(script())
    assert caplog.records  # logging did happen
    assert settings.telegram_token not in _all_logged(caplog)
    assert not any(
        r.name.startswith("httpx") and r.levelno < logging.WARNING for r in caplog.records
    )


def _everything_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def _all_logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
    return "\n".join(parts)
