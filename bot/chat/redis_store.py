"""Chat state in Redis: for web workers on several hosts that serve one chat.

The same derived values as the file stores in `bot/chat/identity.py` (a chat
state as `ChatState.to_json`, the web chat's last replies), as JSON, one Redis
key per chat key and kind: `groepenwijzer:chat:<kind>:<chat key>`. Every write
sets the key's time to live to the idle time (two hours), so Redis itself
drops a conversation nobody continued; `delete` removes it at once (`/vergeet`).
Nothing is kept longer than a conversation lasts — if Redis also writes
snapshots to disk, old states survive there, so production runs it without
persistence (docs/deploy.md).

Redis errors become `StoreUnavailable`: the web chat answers crisis words with
the crisis block and everything else with a calm "try again" page.
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

import redis

from bot.chat.identity import IDLE_SECONDS, JsonStateStore, StoreUnavailable, checked_key

NAMESPACE = "groepenwijzer:chat"
TIMEOUT_SECONDS = 2.0  # connect and answer; a chat page waits no longer for Redis


def redis_client(url: str) -> redis.Redis:
    """A client (with its own connection pool) for a redis:// or rediss:// URL."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        health_check_interval=30,
    )


class RedisJsonStore:
    """JSON values of one kind ("state", "replies") under namespaced keys with a TTL."""

    def __init__(
        self,
        client: redis.Redis,
        kind: str,
        *,
        namespace: str = NAMESPACE,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        if idle_seconds <= 0:
            raise ValueError("idle_seconds must be above 0")
        self.client, self.prefix = client, f"{namespace}:{kind}:"
        self.ttl = math.ceil(idle_seconds)

    def redis_key(self, key: str) -> str:
        """The Redis key of a chat key."""
        return self.prefix + checked_key(key)

    def get_json(self, key: str) -> Any:
        """The stored value, or None when unknown, expired or unreadable."""
        try:
            raw = cast("bytes | None", self.client.get(self.redis_key(key)))
        except redis.RedisError as error:
            raise StoreUnavailable(type(error).__name__) from error
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def put_json(self, key: str, value: Any) -> None:
        """Store the value and (re)start its idle time."""
        try:
            self.client.set(self.redis_key(key), json.dumps(value), ex=self.ttl)
        except redis.RedisError as error:
            raise StoreUnavailable(type(error).__name__) from error

    def delete(self, key: str) -> None:
        """Forget a chat."""
        try:
            self.client.delete(self.redis_key(key))
        except redis.RedisError as error:
            raise StoreUnavailable(type(error).__name__) from error


class RedisStateStore(JsonStateStore):
    """Chat states in Redis (serialised by JsonStateStore, like the file store)."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        namespace: str = NAMESPACE,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        super().__init__(
            RedisJsonStore(client, "state", namespace=namespace, idle_seconds=idle_seconds)
        )
