"""Telegram's flood limits, kept by the bot itself: ~1 message/s per chat, 30/s overall.

PTB's AIORateLimiter only paces group chats; our chats are private, so this
limiter paces every chat with a small token bucket (a short burst of three,
then one per second) under one global bucket, and on a 429 (RetryAfter)
holds all sending for the time Telegram asks, then tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

PER_CHAT_RATE = 1.0  # messages per second per chat
PER_CHAT_BURST = 3.0
GLOBAL_RATE = 30.0  # messages per second overall
MAX_CHATS = 2048  # buckets kept; idle full ones are dropped beyond this


class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.stamp = burst, clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def full(self) -> bool:
        """Whether the bucket is idle (nothing to remember)."""
        self._refill()
        return self.tokens >= self.burst

    async def take(self) -> None:
        """Wait for one token."""
        while True:
            self._refill()
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)


class ChatRateLimiter(BaseRateLimiter[int]):
    """Per-chat and global pacing plus RetryAfter handling; `rate_limit_args` = max retries."""

    def __init__(
        self,
        *,
        per_chat_rate: float = PER_CHAT_RATE,
        per_chat_burst: float = PER_CHAT_BURST,
        global_rate: float = GLOBAL_RATE,
        max_retries: int = 3,
    ) -> None:
        self.per_chat_rate, self.per_chat_burst = per_chat_rate, per_chat_burst
        self.global_bucket = TokenBucket(global_rate, global_rate)
        self.max_retries = max_retries
        self._chats: dict[str, TokenBucket] = {}
        self._open = asyncio.Event()
        self._open.set()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def _chat_bucket(self, chat_id: object) -> TokenBucket:
        key = str(chat_id)
        bucket = self._chats.get(key)
        if bucket is None:
            if len(self._chats) >= MAX_CHATS:
                for old in [k for k, b in self._chats.items() if b.full()]:
                    del self._chats[old]
            bucket = self._chats[key] = TokenBucket(self.per_chat_rate, self.per_chat_burst)
        return bucket

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Pace, send, and retry after a 429. Never logs `data` (it holds message text)."""
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        for attempt in range(retries + 1):
            await self._open.wait()
            if chat_id is not None:
                await self._chat_bucket(chat_id).take()
            await self.global_bucket.take()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                pause = _seconds(exc.retry_after) + 0.1
                log.warning("Telegram asked to slow down (%s); waiting %.1f s", endpoint, pause)
                self._open.clear()
                try:
                    await asyncio.sleep(pause)
                finally:
                    self._open.set()
        raise AssertionError("unreachable")  # pragma: no cover


def _seconds(value: object) -> float:
    with contextlib.suppress(AttributeError):
        return float(value.total_seconds())  # type: ignore[attr-defined]
    return float(value)  # type: ignore[arg-type]
