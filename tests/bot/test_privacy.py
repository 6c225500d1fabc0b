"""Anonymity by construction: a marker phrase typed in a Telegram chat is found nowhere.

Not in the SQLite file, not in any PostgreSQL table, not in any log record —
with every logger at DEBUG — and the bot token is not in the logs either.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from botkit import MARKER
from fakebot import FakeBotAPI
from sqlalchemy.engine import Engine

from bot.telegram.app import build_application, serve_polling
from bot.telegram.ratelimit import ChatRateLimiter
from catalogue.db import make_engine
from catalogue.seed import seed
from catalogue.settings import Settings
from matcher.service import MatchService
from seed_groups import seed_csv

CHAT = 777


def converse(settings: Settings, engine: Engine, tmp_path: Path) -> FakeBotAPI:
    """A whole conversation with the marker in every typed message, incl. a subscription."""
    service = MatchService(engine, model="none", cache_dir=tmp_path / "cache")
    with FakeBotAPI(settings.telegram_token) as fake:
        app = build_application(
            settings,
            match_service=service,
            engine=engine,
            base_url=fake.base_url,
            rate_limiter=ChatRateLimiter(per_chat_rate=50, per_chat_burst=50),
        )

        async def script() -> None:
            stop = asyncio.Event()
            task = asyncio.create_task(serve_polling(app, stop, poll_timeout=1))
            steps: list[tuple[str, str, int]] = [
                ("text", f"/start {MARKER}", 3),
                ("text", f"{MARKER}: ik voel me eenzaam en somber", 5),
                ("text", f"Deventr {MARKER}", 6),
                ("press", "place:Deventer", 8),
                ("text", f"dinsdag en donderdag {MARKER}", 9),
                ("press", "sub", 10),
                ("text", f"ik wil er niet meer zijn {MARKER}", 12),
                ("text", f"ook rouw {MARKER}", 13),
            ]
            for kind, value, expected in steps:
                if kind == "text":
                    fake.send_text(CHAT, value)
                else:
                    fake.press(CHAT, value)
                await fake.wait_for(CHAT, expected)
            stop.set()
            await asyncio.wait_for(task, 20)

        asyncio.run(script())
        app.bot_data["chat_service"].flush()
    return fake


def everything_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args)]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
    return "\n".join(parts)


def check_logs(caplog: pytest.LogCaptureFixture, settings: Settings) -> None:
    text = logged(caplog)
    assert len(caplog.records) > 10  # DEBUG logging was really on
    assert MARKER not in text
    assert settings.telegram_token not in text


@pytest.fixture
def sqlite_settings(
    tmp_path: Path, db_file: Path, settings_for: Callable[..., Settings]
) -> Settings:
    return settings_for(tmp_path, f"sqlite:///{db_file}")


def test_marker_nowhere_in_sqlite_or_logs(
    sqlite_settings: Settings, db_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    everything_at_debug(caplog)
    engine = make_engine(sqlite_settings.database_url)
    fake = converse(sqlite_settings, engine, tmp_path)
    with engine.connect() as conn:  # the conversation did reach the database
        assert conn.execute(sa.text("SELECT count(*) FROM matchevent")).scalar() == 3
        assert conn.execute(sa.text("SELECT count(*) FROM chatsubscription")).scalar() == 1
    engine.dispose()
    assert any("Dank je" in s.text for s in fake.sent)
    for path in tmp_path.rglob("*"):  # the database, its journal, caches, lock files
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    check_logs(caplog, sqlite_settings)


@pytest.mark.postgres
def test_marker_nowhere_in_postgresql_or_logs(
    pg_migrated_url: str,
    tmp_path: Path,
    settings_for: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = settings_for(tmp_path, pg_migrated_url)
    engine = make_engine(pg_migrated_url)
    seed(engine, seed_csv())
    everything_at_debug(caplog)
    converse(settings, engine, tmp_path)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM matchevent")).scalar() == 3
        tables = sa.inspect(conn).get_table_names()
        assert "chatsubscription" in tables
        dump = "\n".join(
            str(row[0])
            for table in tables
            for row in conn.execute(sa.text(f'SELECT t::text FROM "{table}" t'))
        )
    engine.dispose()
    assert "Deventer" in dump and MARKER not in dump
    check_logs(caplog, settings)
