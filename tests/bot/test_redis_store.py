"""The Redis chat stores: the file stores' values, namespaced keys, TTL expiry, delete, outages."""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.chat.identity import IDLE_SECONDS, FileStateStore, StoreUnavailable, chat_key
from bot.chat.messages import ChatState
from bot.chat.redis_store import RedisJsonStore, RedisStateStore, redis_client

STATE = ChatState(
    step="results",
    themes=("angst",),
    municipality="Zwolle",
    weekdays=("di",),
    suggested_ids=(1, 2),
    page_ids=(2,),
)
KEY = chat_key("s", "webchat", "abc")


@pytest.fixture
def client(redis_server_url: str) -> Iterator[redis.Redis]:
    client = redis_client(redis_server_url)
    yield client
    client.close()


@pytest.fixture
def namespace(client: redis.Redis) -> Iterator[str]:
    """A namespace of this test only; its keys are removed afterwards."""
    name = f"groepenwijzer-test:{uuid.uuid4().hex}"
    yield name
    stale = list(client.scan_iter(match=f"{name}:*"))
    if stale:
        client.delete(*stale)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_round_trip_under_a_namespaced_key(client: redis.Redis, namespace: str) -> None:
    store = RedisStateStore(client, namespace=namespace)
    assert store.get(KEY) is None
    store.put(KEY, STATE)
    assert store.get(KEY) == STATE
    assert client.keys(f"{namespace}:*") == [f"{namespace}:state:{KEY}".encode()]


def test_same_json_as_the_file_store(client: redis.Redis, namespace: str, tmp_path: Path) -> None:
    RedisStateStore(client, namespace=namespace).put(KEY, STATE)
    FileStateStore(tmp_path).put(KEY, STATE)
    in_redis = client.get(f"{namespace}:state:{KEY}")
    assert in_redis is not None
    assert json.loads(in_redis) == json.loads((tmp_path / f"{KEY}.json").read_text())


def test_every_write_sets_the_idle_ttl(client: redis.Redis, namespace: str) -> None:
    store = RedisStateStore(client, namespace=namespace)
    store.put(KEY, STATE)
    name = f"{namespace}:state:{KEY}"
    assert IDLE_SECONDS - 5 < client.ttl(name) <= IDLE_SECONDS
    client.expire(name, 10)
    store.put(KEY, STATE)  # a new turn restarts the idle time
    assert client.ttl(name) > IDLE_SECONDS - 5


def test_redis_drops_an_idle_chat(client: redis.Redis, namespace: str) -> None:
    store = RedisJsonStore(client, "replies", namespace=namespace, idle_seconds=1)
    store.put_json(KEY, [{"text": "x"}])
    assert store.get_json(KEY) == [{"text": "x"}]
    time.sleep(1.3)
    assert store.get_json(KEY) is None
    assert client.exists(f"{namespace}:replies:{KEY}") == 0


def test_delete_removes_the_key(client: redis.Redis, namespace: str) -> None:
    store = RedisStateStore(client, namespace=namespace)
    store.put(KEY, STATE)
    store.delete(KEY)
    assert store.get(KEY) is None
    assert client.exists(f"{namespace}:state:{KEY}") == 0
    store.delete(KEY)  # forgetting twice is fine


def test_garbage_reads_as_nothing_and_keys_are_checked(client: redis.Redis, namespace: str) -> None:
    store = RedisStateStore(client, namespace=namespace)
    client.set(f"{namespace}:state:{KEY}", b"{not json")
    assert store.get(KEY) is None
    client.set(f"{namespace}:state:{KEY}", b'["a list"]')
    assert store.get(KEY) is None
    with pytest.raises(ValueError):
        store.get(f"{KEY[:-1]}*")
    with pytest.raises(ValueError):
        store.put("../../etc/passwd", STATE)


def test_unreachable_redis_is_store_unavailable() -> None:
    client = redis_client(f"redis://127.0.0.1:{closed_port()}/0")
    store = RedisStateStore(client)
    replies = RedisJsonStore(client, "replies")
    for call in (
        lambda: store.get(KEY),
        lambda: store.put(KEY, STATE),
        lambda: store.delete(KEY),
        lambda: replies.get_json(KEY),
        lambda: replies.put_json(KEY, []),
    ):
        with pytest.raises(StoreUnavailable):
            call()
