"""Exactly one update consumer per bot token.

Two processes polling one bot steal each other's updates (Telegram answers
the loser with 409 Conflict), and a webhook plus a poller conflict too. The
guard takes an exclusive lock file in the instance folder (same host) and,
on PostgreSQL, a session advisory lock (any host sharing the database).
`ConflictWatch` is the last line: repeated 409s while polling stop the bot
with a clear message.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import logging
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from telegram.error import Conflict, TelegramError

log = logging.getLogger(__name__)

CONFLICT_MESSAGE = (
    "Another process is already fetching updates for this bot (Telegram answered 409 "
    "Conflict). Only one consumer per bot token may run: stop the other `groepenwijzer bot` "
    "or remove its webhook. This bot stops now."
)


class AlreadyRunning(RuntimeError):
    """Another consumer for the same bot token holds the lock."""


def token_id(token: str) -> str:
    """A short, non-reversible name for a token (for lock names and messages)."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


@contextmanager
def single_consumer(
    token: str, instance_path: Path, engine: Engine | None = None
) -> Iterator[None]:
    """Hold the consumer locks for the lifetime of the block, or raise AlreadyRunning."""
    name = token_id(token)
    instance_path.mkdir(parents=True, exist_ok=True)
    handle = (instance_path / f"telegram-{name}.lock").open("w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(
                f"another bot process for this token already runs on this host (lock {name})"
            ) from None
        with _pg_lock(engine, name):
            yield
    finally:
        handle.close()  # closing releases the flock


@contextmanager
def _pg_lock(engine: Engine | None, name: str) -> Iterator[None]:
    if engine is None or engine.dialect.name != "postgresql":
        yield
        return
    key = int(name[:15], 16)  # fits a signed 64-bit integer
    with engine.connect() as conn:
        got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        if not got:
            raise AlreadyRunning("another bot process for this token holds the database lock")
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})


class ConflictWatch:
    """Polling error callback: a lone 409 is survived, repeated ones stop the bot."""

    def __init__(self, stop: asyncio.Event, *, limit: int = 3, window: float = 30.0) -> None:
        self.stop, self.limit, self.window = stop, limit, window
        self.conflicts: deque[float] = deque()
        self.tripped = False

    def __call__(self, error: TelegramError) -> None:
        if not isinstance(error, Conflict):
            log.warning("Telegram error while polling (%s); retrying", type(error).__name__)
            return
        now = time.monotonic()
        self.conflicts.append(now)
        while self.conflicts and now - self.conflicts[0] > self.window:
            self.conflicts.popleft()
        if len(self.conflicts) >= self.limit:
            log.critical(CONFLICT_MESSAGE)
            self.tripped = True
            self.stop.set()
        else:
            log.warning("Telegram answered 409 Conflict while polling; retrying")
