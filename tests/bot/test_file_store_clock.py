"""The web chat's file store times idle chats on the clock it reads them with.

The idle timer is the file's mtime. Left to the file system it is stamped on the
kernel's clock while `get_json` compares it with `time.time()`: under a shifted
process clock (faketime in a test, a container) every chat expired after one turn.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.chat.identity import JsonFileStore, chat_key

KEY = chat_key("secret", "web", "one chat")
DAY = 86_400.0


def test_a_chat_is_found_again_on_a_shifted_process_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shifted = time.time() + 30 * DAY
    monkeypatch.setattr(time, "time", lambda: shifted)
    store = JsonFileStore(tmp_path, idle_seconds=7200)
    store.put_json(KEY, {"step": "place"})
    assert store.get_json(KEY) == {"step": "place"}


def test_an_idle_chat_still_expires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [time.time() + 30 * DAY]
    monkeypatch.setattr(time, "time", lambda: now[0])
    store = JsonFileStore(tmp_path, idle_seconds=7200)
    store.put_json(KEY, {"step": "place"})
    now[0] += 7199
    assert store.get_json(KEY) == {"step": "place"}
    now[0] += 2
    assert store.get_json(KEY) is None
    assert not list(tmp_path.glob("*.json"))  # the expired chat is gone, not only hidden
