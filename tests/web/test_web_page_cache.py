"""The page cache: fresh pages after a catalogue change, per language, never for queries."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from catalogue.db import session_scope
from catalogue.groups import update_group
from catalogue.records import GroupRecord
from web.page_cache import KEY, PageCache


def test_entries_expire_and_the_oldest_go_first() -> None:
    cache = PageCache(max_entries=2, ttl=10)
    cache.put(("/a", "nl", 1), "A", now=0)
    cache.put(("/b", "nl", 1), "B", now=0)
    assert cache.get(("/a", "nl", 1), now=5) == "A"  # /a is now the most recent
    cache.put(("/c", "nl", 1), "C", now=5)
    assert cache.get(("/b", "nl", 1), now=5) is None
    assert cache.get(("/a", "nl", 1), now=9.9) == "A"
    assert cache.get(("/a", "nl", 1), now=10) is None


def test_group_page_follows_a_catalogue_change(
    client: FlaskClient,
    db_engine: Engine,
    records: dict[str, GroupRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("matcher.service.CHECK_EVERY_SECONDS", 0.0)
    # A generous wait for the rebuild: the default second was too short on a loaded CI
    # machine; rebuild times are measured by benchmarks/matcher_scale.py.
    monkeypatch.setattr("matcher.service.REBUILD_WAIT_SECONDS", 60.0)
    group = records["vb-049"]
    assert group.title in client.get(f"/groepen/{group.id}").get_data(as_text=True)
    with session_scope(db_engine) as session:
        update_group(
            session,
            actor="test",
            group_id=group.id,
            expected_version=group.version,
            changes={"title": "Wandelgroep Nieuwe Naam"},
        )
    html = client.get(f"/groepen/{group.id}").get_data(as_text=True)
    assert "Wandelgroep Nieuwe Naam" in html


def test_languages_are_cached_apart(client: FlaskClient) -> None:
    assert "Who can you talk to now?" in client.get(
        "/hulp-nu", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "Met wie kun je nu praten?" in client.get("/hulp-nu").get_data(as_text=True)


def test_pages_with_a_query_string_are_not_cached(app: Flask, client: FlaskClient) -> None:
    client.get("/zoeken?q=eenzaam")
    client.get("/groepen/1?utm_source=x")
    cache: PageCache = app.extensions[KEY]
    assert not cache._entries
    client.get("/")
    assert [key[0] for key in cache._entries] == ["/"]


def test_errors_are_not_cached(app: Flask, client: FlaskClient) -> None:
    client.get("/groepen/999999")
    assert not app.extensions[KEY]._entries
