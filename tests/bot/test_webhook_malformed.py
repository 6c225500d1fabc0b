"""Webhook updates with the right secret but a malformed body: 400, never 500 (issue 13).

The real PTB Application and the real webhook server on 127.0.0.1, against the
local fake Bot API, as in test_telegram.py. After the bad requests a good
update is still answered: nothing broke.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakebot import FakeBotAPI
from sqlalchemy.engine import Engine

from bot.chat.identity import MemoryStateStore
from bot.telegram.app import build_application, serve_webhook, webhook_server
from bot.telegram.ratelimit import ChatRateLimiter
from catalogue.settings import Settings
from matcher.service import MatchService

SECRET = "webhook-geheim-456"
URL = "https://bot.example/telegram/hook"
GOOD = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

# (what is wrong, body) — each carries the right secret.
MALFORMED: list[tuple[str, bytes]] = [
    ("message is a string", b'{"update_id": 1, "message": "hallo"}'),
    ("message without date", b'{"update_id": 2, "message": {"chat": 5}}'),
    (
        "message id is text",
        b'{"update_id": 3, "message": {"message_id": "a", "date": "x",'
        b' "chat": {"id": 1, "type": "private"}}}',
    ),
    ("callback query is a list", b'{"update_id": 4, "callback_query": []}'),
    ("nested too deep", b"[" * 50_000 + b"]" * 50_000),
    ("not UTF-8", b'{"update_id": 5, "x": "\xff\xfe"}'),
    ("update id is text", b'{"update_id": "6"}'),
    ("a list", b"[1, 2]"),
    ("nothing", b" "),
]


@pytest.fixture
def fake(settings: Settings) -> Any:
    with FakeBotAPI(settings.telegram_token) as api:
        yield api


@pytest.fixture
def settings(tmp_path: Path, db_file: Path, settings_for: Callable[..., Settings]) -> Settings:
    return settings_for(tmp_path, f"sqlite:///{db_file}")


async def _raw_status(port: int, length: str, body: bytes) -> int:
    """A POST with a Content-Length no client library would send."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        f"POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


def test_malformed_updates_get_400_and_the_bot_carries_on(
    settings: Settings, fake: FakeBotAPI, match_service: MatchService, engine: Engine
) -> None:
    app = build_application(
        settings,
        match_service=match_service,
        engine=engine,
        base_url=fake.base_url,
        store=MemoryStateStore(),
        rate_limiter=ChatRateLimiter(per_chat_rate=50.0, per_chat_burst=50.0, global_rate=200.0),
    )
    server = webhook_server(app, url=URL, secret=SECRET, port=0)

    async def script() -> dict[str, int]:
        stop = asyncio.Event()
        task = asyncio.create_task(serve_webhook(app, stop, server, url=URL, secret=SECRET))
        await asyncio.wait_for(server.started.wait(), 10)
        endpoint = f"http://127.0.0.1:{server.port}/telegram/hook"
        statuses = {}
        async with httpx.AsyncClient() as client:
            for what, body in MALFORMED:
                response = await client.post(endpoint, content=body, headers=GOOD)
                statuses[what] = response.status_code
            statuses["length is text"] = await _raw_status(server.port, "twee", b"{}")
            ok = await client.post(endpoint, json=fake.message_update(31, "/start"), headers=GOOD)
            statuses["a good update after them"] = ok.status_code
            await fake.wait_for(31, 1)
        stop.set()
        await asyncio.wait_for(task, 10)
        return statuses

    statuses = asyncio.run(script())
    expected = {what: 400 for what, _body in MALFORMED}
    expected.update({"length is text": 400, "a good update after them": 200})
    assert statuses == expected
    assert fake.to(31)
