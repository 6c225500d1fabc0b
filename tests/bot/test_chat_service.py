"""ChatService: keyed identity, stores with expiry, monitoring, subscriptions and /vergeet."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from botkit import MARKER, NOW
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.chat.conversation import ChatService
from bot.chat.identity import FileStateStore, MemoryStateStore, chat_key
from bot.chat.matching import Matcher
from bot.chat.messages import ChatState, Event
from catalogue.db import session_scope
from catalogue.models import ChatSubscription, Group, MatchEvent


def make_service(
    engine: Engine,
    matcher: Matcher,
    store: MemoryStateStore | None = None,
    *,
    channel: str = "telegram",
) -> ChatService:
    return ChatService(
        channel=channel,
        secret_key="k" * 32,
        store=store or MemoryStateStore(),
        matcher=matcher,
        engine=engine,
        clock=lambda: NOW,
        subscriptions=True,
    )


def events(engine: Engine) -> list[MatchEvent]:
    with session_scope(engine) as session:
        return list(session.exec(select(MatchEvent)))


def subscriptions(engine: Engine) -> list[ChatSubscription]:
    with session_scope(engine) as session:
        return list(session.exec(select(ChatSubscription)))


def run_to_results(service: ChatService, chat_id: int) -> None:
    service.handle(chat_id, Event.command("start"))
    service.handle(chat_id, Event.text(f"ik voel me eenzaam {MARKER}"))
    service.handle(chat_id, Event.text("Deventer"))
    service.handle(chat_id, Event.action("days:any"))


def test_chat_key_is_a_keyed_hash() -> None:
    key = chat_key("secret", "telegram", 42)
    assert len(key) == 64 and int(key, 16) >= 0
    assert key == chat_key("secret", "telegram", "42")
    assert key != chat_key("other", "telegram", 42)
    assert key != chat_key("secret", "webchat", 42)
    assert "987654321987" not in chat_key("secret", "telegram", 987654321987)


def test_memory_store_expires_idle_chats() -> None:
    clock = [0.0]
    store = MemoryStateStore(idle_seconds=10, clock=lambda: clock[0])
    store.put("a", ChatState(step="where"))
    clock[0] = 9
    assert store.get("a") == ChatState(step="where")
    clock[0] = 20
    assert store.get("a") is None and len(store) == 0


def test_memory_store_is_bounded() -> None:
    store = MemoryStateStore(max_chats=3)
    for n in range(5):
        store.put(str(n), ChatState())
    assert len(store) == 3 and store.get("0") is None and store.get("4") is not None


def test_file_store_round_trip_and_expiry(tmp_path: Path) -> None:
    store = FileStateStore(tmp_path / "state", idle_seconds=3600)
    key = chat_key("s", "webchat", "abc")
    state = ChatState(
        step="results",
        themes=("angst",),
        municipality="Zwolle",
        weekdays=("di",),
        suggested_ids=(1, 2),
        page_ids=(2,),
    )
    store.put(key, state)
    assert store.get(key) == state
    store.delete(key)
    assert store.get(key) is None
    with pytest.raises(ValueError):
        store.get("../../etc/passwd")
    expired = FileStateStore(tmp_path / "state", idle_seconds=-1)
    store.put(key, state)
    assert expired.get(key) is None


def test_monitoring_records_derived_facts_only(engine: Engine, matcher: Matcher) -> None:
    service = make_service(engine, matcher)
    run_to_results(service, 7)
    service.handle(7, Event.text("ik wil er niet meer zijn"))
    service.flush()
    rows = events(engine)
    assert [r.crisis for r in rows] == [False, True]
    search = rows[0]
    assert search.channel == "telegram" and search.themes == ["eenzaamheid"]
    assert search.region == "midden_ijssel" and search.result_count == len(search.suggested_ids) > 0
    assert all(MARKER not in repr(r) for r in rows)


def test_crisis_reply_survives_a_database_that_is_down(tmp_path: Path, matcher: Matcher) -> None:
    from catalogue.db import make_engine

    dead = make_engine(f"sqlite:///{tmp_path / 'missing' / 'nothing.db'}")  # no tables at all
    service = make_service(dead, matcher)
    replies = service.handle(1, Event.text("ik wil er niet meer zijn"))
    assert "0800-0113" in replies[0].text


def test_subscribe_then_vergeet_removes_everything(engine: Engine, matcher: Matcher) -> None:
    store = MemoryStateStore()
    service = make_service(engine, matcher, store)
    run_to_results(service, 99)
    service.handle(99, Event.action("sub"))
    [sub] = subscriptions(engine)
    assert sub.chat_key == service.key(99) and sub.channel == "telegram"
    assert sub.municipality == "Deventer" and sub.themes == ["eenzaamheid"]
    service.handle(99, Event.command("vergeet"))
    assert subscriptions(engine) == [] and len(store) == 0


def test_returning_subscriber_hears_about_a_new_group(engine: Engine, matcher: Matcher) -> None:
    service = make_service(engine, matcher)
    with session_scope(engine) as session:  # the seeded groups predate the test clock
        for existing in session.exec(select(Group)):
            existing.created_at = NOW - timedelta(days=30)
            session.add(existing)
    run_to_results(service, 5)
    service.handle(5, Event.action("sub"))
    with session_scope(engine) as session:  # a fitting group appears after the subscription
        group = session.exec(
            select(Group).where(Group.title.startswith("Wandelgroep Samen op Pad"))
        ).one()
        group.created_at = NOW + timedelta(days=1)
        session.add(group)
    later = ChatService(
        channel="telegram",
        secret_key="k" * 32,
        store=MemoryStateStore(),
        matcher=matcher,
        engine=engine,
        clock=lambda: NOW + timedelta(days=2),
        subscriptions=True,
    )
    replies = later.handle(5, Event.command("start"))
    assert "nieuwe groep" in replies[0].text and "Samen op Pad" in replies[0].text
    again = later.handle(5, Event.command("start"))
    assert "nieuwe groep" not in again[0].text  # told once
