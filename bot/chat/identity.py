"""Who is talking, without knowing who: keyed chat hashes and short-lived state stores.

A chat is known only by HMAC-SHA256(secret key, channel + chat id). The key
never leaves the process, so a stored hash cannot be turned back into a chat
id, and without the secret nobody can link a hash to a Telegram account.
State lives only while a conversation lasts: it expires after two idle hours.
Chat states are serialised one way (`ChatState.to_json`/`from_json`, in
`JsonStateStore`), whatever holds the JSON: a folder here, Redis in
`bot/chat/redis_store.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bot.chat.messages import ChatState

IDLE_SECONDS = 2 * 60 * 60
MAX_CHATS = 100_000  # memory bound; the oldest idle chats go first


def chat_key(secret_key: str, channel: str, chat_id: str | int) -> str:
    """The keyed hash of (channel, chat id): 64 hex characters."""
    message = f"{channel}\x00{chat_id}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


class StoreUnavailable(RuntimeError):
    """A shared store cannot be reached just now; callers answer calmly (never a crash)."""


class StateStore(Protocol):
    """Where chat states live between turns, keyed by chat key.

    A store shared over the network raises StoreUnavailable when it cannot be reached.
    """

    def get(self, key: str) -> ChatState | None: ...

    def put(self, key: str, state: ChatState) -> None: ...

    def delete(self, key: str) -> None: ...


class JsonStore(Protocol):
    """Derived JSON values keyed by chat key, expiring after an idle time."""

    def get_json(self, key: str) -> Any: ...

    def put_json(self, key: str, value: Any) -> None: ...

    def delete(self, key: str) -> None: ...


def checked_key(key: str) -> str:
    """The key itself if it is a chat key (64 lowercase hex characters); ValueError otherwise."""
    if len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
        raise ValueError("not a chat key")
    return key


class MemoryStateStore:
    """In-process store with idle expiry: right for the one Telegram consumer."""

    def __init__(
        self,
        *,
        idle_seconds: float = IDLE_SECONDS,
        max_chats: int = MAX_CHATS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_seconds, self.max_chats, self.clock = idle_seconds, max_chats, clock
        self._items: dict[str, tuple[float, ChatState]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> ChatState | None:
        """The state, or None when unknown or expired (an expired one is dropped)."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if self.clock() - item[0] > self.idle_seconds:
                del self._items[key]
                return None
            return item[1]

    def put(self, key: str, state: ChatState) -> None:
        """Store and refresh the idle timer; sweeps expired chats when full."""
        with self._lock:
            self._items.pop(key, None)  # re-insert: dict order is then oldest-first
            self._items[key] = (self.clock(), state)
            if len(self._items) > self.max_chats:
                self._sweep()

    def delete(self, key: str) -> None:
        """Forget a chat."""
        with self._lock:
            self._items.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def _sweep(self) -> None:
        now = self.clock()
        for key in [k for k, (at, _) in self._items.items() if now - at > self.idle_seconds]:
            del self._items[key]
        while len(self._items) > self.max_chats:
            del self._items[next(iter(self._items))]


class JsonFileStore:
    """One small JSON file per chat key in a private folder, with idle expiry.

    Shared by the web workers of one host. Callers store derived data only.
    """

    def __init__(self, folder: Path, *, idle_seconds: float = IDLE_SECONDS) -> None:
        self.folder = folder
        self.idle_seconds = idle_seconds
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._last_sweep = 0.0

    def _path(self, key: str) -> Path:
        return self.folder / f"{checked_key(key)}.json"

    def get_json(self, key: str) -> Any:
        """The stored value, or None when unknown, unreadable or expired."""
        path = self._path(key)
        try:
            if time.time() - path.stat().st_mtime > self.idle_seconds:
                path.unlink(missing_ok=True)
                return None
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    def put_json(self, key: str, value: Any) -> None:
        """Write atomically (temp file + rename).

        The idle timer (the file's mtime) is stamped from `time.time()`, the clock
        `get_json` reads it with, not left to the file system's clock: a shifted process
        clock (a test under faketime, a container) otherwise expired every chat at once.
        """
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(value, handle)
        now = time.time()
        os.utime(tmp, (now, now))
        os.replace(tmp, self._path(key))
        self.sweep()

    def delete(self, key: str) -> None:
        """Forget a chat."""
        self._path(key).unlink(missing_ok=True)

    def sweep(self, *, every: float = 300.0) -> None:
        """Delete expired files (at most once per `every` seconds)."""
        now = time.time()
        if now - self._last_sweep < every:
            return
        self._last_sweep = now
        for path in self.folder.glob("*.json"):
            try:
                if now - path.stat().st_mtime > self.idle_seconds:
                    path.unlink(missing_ok=True)
            except OSError:
                continue


class JsonStateStore:
    """Chat states as JSON in a JsonStore: the one place a ChatState is (de)serialised."""

    def __init__(self, values: JsonStore) -> None:
        self.values = values

    def get(self, key: str) -> ChatState | None:
        """The state, or None (also when what is stored is not a state)."""
        data = self.values.get_json(key)
        try:
            return ChatState.from_json(data) if isinstance(data, dict) else None
        except (TypeError, ValueError):
            return None

    def put(self, key: str, state: ChatState) -> None:
        """Store a state."""
        self.values.put_json(key, state.to_json())

    def delete(self, key: str) -> None:
        """Forget a chat."""
        self.values.delete(key)


class FileStateStore(JsonStateStore):
    """Chat states as JSON files: for several web workers on one host."""

    def __init__(self, folder: Path, *, idle_seconds: float = IDLE_SECONDS) -> None:
        super().__init__(JsonFileStore(folder, idle_seconds=idle_seconds))
