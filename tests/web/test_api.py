"""The JSON API /api/v1 (issue 12): each endpoint, filters, paging, incremental sync,
crisis first on /match (issue 8), limits, headers and privacy. Bad input: test_api_bad_input.py.

Runs on the seeded SQLite app without a model (tests/web/conftest.py). Every
answer is read back through the API's own models (`web.api_models`), which
forbid unknown fields: a view that sends a field the document does not name fails.
"""

from __future__ import annotations

import json
import logging
import math
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.models import Group, MatchEvent
from catalogue.records import GroupRecord
from catalogue.settings import Settings
from matcher.crisis import help_for
from tests.web.api_support import API, MARKER, PLAIN, active, error_code, first_key, match
from web import create_app
from web.api import MATCH_LIMIT, READ_LIMIT
from web.api_models import (
    ErrorResponse,
    GroupDetail,
    GroupList,
    MatchErrorResponse,
    MatchResponse,
    MunicipalityList,
    Vocabularies,
)

# --- groups -----------------------------------------------------------------------------------


def test_groups_are_paged(client: FlaskClient, records: dict[str, GroupRecord]) -> None:
    first = GroupList.model_validate(client.get(f"{API}/groups?per_page=7").get_json())
    second = GroupList.model_validate(client.get(f"{API}/groups?per_page=7&page=2").get_json())
    total = len(active(records))
    assert (first.total, first.per_page, first.page, len(first.items)) == (total, 7, 1, 7)
    assert first.pages == math.ceil(total / 7)
    assert second.page == 2 and not {g.id for g in first.items} & {g.id for g in second.items}
    everything = client.get(f"{API}/groups?per_page=100&page=1").get_json()["items"]
    everything += client.get(f"{API}/groups?per_page=100&page=2").get_json()["items"]
    everything += client.get(f"{API}/groups?per_page=100&page=3").get_json()["items"]
    assert sorted(g["id"] for g in everything) == sorted(r.id for r in active(records))
    beyond = client.get(f"{API}/groups?per_page=100&page={first.pages + 50}")
    assert beyond.status_code == 200 and beyond.get_json()["items"] == []


def _serves(place: str) -> Any:
    return lambda g: (
        g["mode"] != "locatie" or place in (g["service_area"] or [g["location"]["municipality"]])
    )


FILTERS = [
    ("gemeente=Deventer", _serves("Deventer")),
    ("gemeente=7411", _serves("Deventer")),  # a postcode, as the public search reads it
    ("gemeente=online", lambda g: g["mode"] in ("online", "hybride")),
    ("domein=ggz&domein=wmo", lambda g: g["domain"] in ("ggz", "wmo")),
    ("dag=di", lambda g: True),  # checked against the records below
    ("doelgroep=jongeren", lambda g: g["audience"] in ("jongeren", "iedereen")),
    ("zonder_verwijzing=1", lambda g: g["access_route"] == "zonder_verwijzing"),
    ("zonder_verwijzing=true", lambda g: g["access_route"] == "zonder_verwijzing"),
    ("open=ja", lambda g: g["open_group"]),
]


@pytest.mark.parametrize(("query", "holds"), FILTERS, ids=[q for q, _ in FILTERS])
def test_groups_filters(
    client: FlaskClient, records: dict[str, GroupRecord], query: str, holds: Any
) -> None:
    body = GroupList.model_validate(client.get(f"{API}/groups?per_page=100&{query}").get_json())
    items = [g.model_dump(mode="json") for g in body.items]
    assert items and body.total < len(active(records)), "the filter must keep some, not all"
    assert all(holds(g) for g in items)
    by_id = {r.id: r for r in records.values()}
    if query == "dag=di":
        assert all(not by_id[g["id"]].weekdays or "di" in by_id[g["id"]].weekdays for g in items)
    assert all(by_id[g["id"]].status == "actief" for g in items)


def _set_changed(engine: Engine, changes: dict[int, tuple[datetime, str | None]]) -> None:
    """Move every group's last change 30 days back, then set the given ones."""
    with session_scope(engine) as db:
        db.execute(update(Group).values(updated_at=datetime.now(UTC) - timedelta(days=30)))
        for group_id, (moment, status) in changes.items():
            values: dict[str, Any] = {"updated_at": moment}
            if status:
                values["status"] = status
            db.execute(update(Group).where(col(Group.id) == group_id).values(**values))


def test_modified_after_lists_changes_of_every_status_oldest_first(
    client: FlaskClient, db_engine: Engine, records: dict[str, GroupRecord]
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    a, b, c = sorted(r.id for r in active(records))[:3]
    _set_changed(
        db_engine,
        {a: (now - timedelta(hours=1), None), b: (now - timedelta(hours=3), "gestopt"),
         c: (now - timedelta(days=2), None)},
    )  # fmt: skip
    since = (now - timedelta(days=1)).isoformat()
    body = GroupList.model_validate(
        client.get(f"{API}/groups", query_string={"modified_after": since}).get_json()
    )
    assert [g.id for g in body.items] == [b, a]  # oldest change first; c is older than a day
    assert [g.status for g in body.items] == ["gestopt", "actief"]
    assert body.items[1].updated_at == now - timedelta(hours=1)
    # The same moment written in another zone, and as a date, and with '+' turned into a space.
    local = (now - timedelta(days=1)).astimezone(ZoneInfo("Europe/Amsterdam"))
    for moment in (local.isoformat(), local.isoformat().replace("+", " ")):
        again = client.get(f"{API}/groups", query_string={"modified_after": moment}).get_json()
        assert [g["id"] for g in again["items"]] == [b, a]
    day = (now - timedelta(days=3)).date().isoformat()
    assert client.get(f"{API}/groups?modified_after={day}").get_json()["total"] == 3
    later = (now + timedelta(minutes=1)).isoformat()
    assert (
        client.get(f"{API}/groups", query_string={"modified_after": later}).get_json()["items"]
        == []
    )
    # Filters still apply to changed groups.
    other = next(d for d in tx.DOMAINS if d != by_domain(records, a))
    assert a not in ids(client, {"modified_after": since, "domein": other})


def by_domain(records: dict[str, GroupRecord], group_id: int) -> str:
    return next(r.domain for r in records.values() if r.id == group_id)


def ids(client: FlaskClient, query: dict[str, str]) -> list[int]:
    found = client.get(f"{API}/groups", query_string=query)
    assert found.status_code == 200, found.get_data(as_text=True)
    return [g["id"] for g in found.get_json()["items"]]


def test_one_group_in_full(client: FlaskClient, records: dict[str, GroupRecord]) -> None:
    record = next(r for r in active(records) if r.schedule and not r.address_after_registration)
    found = client.get(f"{API}/groups/{record.id}")
    assert found.status_code == 200
    detail = GroupDetail.model_validate(found.get_json())
    assert (detail.id, detail.title, detail.description) == (
        record.id, record.title, record.description,
    )  # fmt: skip
    assert detail.url == f"/groepen/{record.id}" and detail.next_meetings
    assert detail.location.address == record.address


def test_a_confidential_venue_is_given_by_municipality_only(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    hidden = [r for r in records.values() if r.address_after_registration and r.address]
    assert hidden, "the seed has groups whose address is told after registration"
    for record in hidden:
        location = client.get(f"{API}/groups/{record.id}").get_json()["location"]
        assert location["address"] is None and location["name"] is None
        assert location["municipality"] == record.municipality
        listed = client.get(f"{API}/groups?per_page=100&gemeente={record.municipality}")
        item = next(g for g in listed.get_json()["items"] if g["id"] == record.id)
        assert record.address not in json.dumps(item)


@pytest.mark.parametrize("group_id", ["999999", "0", "٣", "²", "abc", "1" * 40, "-1", "1.0"])
def test_an_unknown_group_is_a_json_404(client: FlaskClient, group_id: str) -> None:
    found = client.get(f"{API}/groups/{group_id}")
    assert found.status_code == 404 and error_code(found) == "not_found"
    ErrorResponse.model_validate(found.get_json())


def test_municipalities_and_vocabularies_come_from_the_taxonomy(client: FlaskClient) -> None:
    places = MunicipalityList.model_validate(client.get(f"{API}/municipalities").get_json())
    assert [m.name for m in places.items] == list(tx.MUNICIPALITIES)
    assert {m.region for m in places.items} == set(tx.REGIONS)
    words = Vocabularies.model_validate(client.get(f"{API}/vocabularies").get_json())
    assert {w.code: w.label for w in words.domains} == tx.DOMAINS
    assert [w.code for w in words.themes] == list(tx.THEMES)
    assert [w.code for w in words.contexts] == list(tx.CONTEXTS)
    assert [w.code for w in words.access_routes] == list(tx.ACCESS_ROUTES)
    assert [w.code for w in words.person_categories] == list(tx.AUDIENCE_ALLOWED)
    assert [w.code for w in words.weekdays] == list(tx.WEEKDAYS)


def test_the_openapi_document_names_every_model(client: FlaskClient) -> None:
    found = client.get(f"{API}/openapi.json")
    assert found.status_code == 200 and found.mimetype == "application/json"
    document = found.get_json()
    schemas = document["components"]["schemas"]
    for name in ("MatchRequest", "MatchResponse", "MatchErrorResponse", "GroupList", "CrisisHelp"):
        assert name in schemas
    assert schemas["MatchRequest"]["properties"]["age"]["anyOf"][0]["maximum"] == 120
    parameters = {p["name"] for p in document["paths"][f"{API}/groups"]["get"]["parameters"]}
    assert {"gemeente", "domein", "dag", "page", "per_page", "modified_after"} <= parameters


# --- match ------------------------------------------------------------------------------------


def test_match_gives_explained_options_and_records_monitoring(
    client: FlaskClient, db_engine: Engine
) -> None:
    found = match(client, {"text": f"{PLAIN} {MARKER}", "municipality": "deventer", "limit": 4})
    assert found.status_code == 200, found.get_data(as_text=True)
    assert found.headers["Cache-Control"] == "no-store"
    answer = MatchResponse.model_validate(found.get_json())
    assert answer.crisis is None and first_key(found) == "crisis"
    assert 1 <= len(answer.options) <= 4
    for option in answer.options:
        assert option.joinable and 0 <= option.relevance <= 1
        e = option.explanation
        assert e.why and e.reasons and e.where and e.how and e.when
    assert "eenzaamheid" in answer.themes
    with session_scope(db_engine) as db:
        events = db.exec(select(MatchEvent)).all()
        stored = [event.model_dump_json() for event in events]
    assert [(e.channel, e.municipality) for e in events] == [("api", "Deventer")]
    assert events[0].suggested_ids == [o.group.id for o in answer.options]
    assert not any(MARKER in row or "eenzaam sinds" in row for row in stored)


def test_match_keeps_to_the_constraints(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    days = {"ma", "di", "wo", "do"}
    body = {
        "text": PLAIN, "municipality": "Deventer", "online_ok": False, "no_referral": True,
        "weekdays": sorted(days), "limit": 20,
    }  # fmt: skip
    answer = MatchResponse.model_validate(match(client, body).get_json())
    assert len(answer.options) >= 3
    by_id = {r.id: r for r in records.values()}
    for option in answer.options:
        group = option.group
        assert group.access_route == "zonder_verwijzing" and group.mode != "online"
        assert "Deventer" in (group.service_area or [group.location.municipality])
        assert not by_id[group.id].weekdays or by_id[group.id].weekdays & days


CRISES = [
    ("ik wil dood", "suicide", "tel:113"),
    ("ik heb net alle pillen uit het kastje ingenomen", "acute", "tel:112"),
    ("mijn man slaat me en ik durf niet naar huis", "violence", "tel:112"),
    ("ik hoor stemmen en ben heel bang, ik weet niet meer wat echt is", "psychosis", "tel:112"),
]


@pytest.mark.parametrize(("text", "kind", "first_call"), CRISES, ids=[k for _, k, _ in CRISES])
def test_crisis_help_comes_first(
    client: FlaskClient, text: str, kind: str, first_call: str
) -> None:
    found = match(client, {"text": text, "municipality": "Deventer"})
    assert found.status_code == 200
    assert first_key(found) == "crisis"
    crisis = MatchResponse.model_validate(found.get_json()).crisis
    assert crisis is not None and crisis.kind == kind
    assert crisis.actions[0].href == first_call
    block = help_for(kind)  # the one source every front shows
    assert [a.href for a in crisis.actions] == [a.href for a in block.actions]
    assert (crisis.title, crisis.intro) == (block.title, block.intro)
    if kind == "violence":
        assert "tel:08002000" in [a.href for a in crisis.actions]  # Veilig Thuis


@pytest.mark.parametrize(
    "body",
    [
        {"text": "ik wil dood", "municipality": "Atlantis"},
        {"text": "ik wil dood", "age": "veertig"},
        {"text": "ik wil dood", "weekdays": []},
        {"text": "ik wil dood " * 1000},
        {"text": "ik wil dood", "audience": "ouderen", "age": 30},
        {"matters": "ik wil dood", "text": 12},
        {"text": "\ud800ik wil\u200f dood", "extra": 1},
    ],
    ids=["place", "age-type", "no-days", "too-long", "contradiction", "matters", "odd-unicode"],
)
def test_crisis_help_comes_first_when_the_profile_is_refused(
    client: FlaskClient, body: dict[str, Any]
) -> None:
    found = match(client, body)
    assert found.status_code == 422, found.get_data(as_text=True)
    refused = MatchErrorResponse.model_validate(found.get_json())
    assert first_key(found) == "crisis"
    assert refused.crisis is not None and refused.crisis.kind == "suicide"
    assert refused.error.code == "invalid_profile" and refused.error.details


def test_crisis_help_comes_first_when_rate_limited(app: Flask, client: FlaskClient) -> None:
    app.config[MATCH_LIMIT] = "1 per minute"
    assert match(client, {"text": PLAIN}).status_code == 200
    refused = match(client, {"text": "ik wil dood"})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    body = MatchErrorResponse.model_validate(refused.get_json())
    assert body.crisis is not None and body.crisis.kind == "suicide"
    assert body.error.code == "too_many_requests"
    calm = match(client, {"text": PLAIN})
    assert calm.status_code == 429 and calm.get_json()["crisis"] is None


def test_reads_are_rate_limited_per_endpoint(app: Flask, client: FlaskClient) -> None:
    app.config[READ_LIMIT] = "2 per minute"
    assert [client.get(f"{API}/vocabularies").status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(f"{API}/vocabularies")
    assert error_code(refused) == "too_many_requests" and refused.headers["Retry-After"]
    assert client.get(f"{API}/municipalities").status_code == 200
    other = client.get(f"{API}/vocabularies", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200  # per client address


# --- with the database damaged ----------------------------------------------------------------


def damage(path: Path) -> None:
    """Overwrite every byte of a database file with random garbage."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.write(os.urandom(size))


def test_crisis_help_with_the_database_damaged(
    settings: Settings, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    damage(db_path)
    app = create_app(settings)
    client = app.test_client()
    caplog.set_level(logging.DEBUG)
    try:
        for _round in range(2):
            found = match(client, {"text": f"ik wil dood {MARKER}"})
            assert found.status_code == 503, found.get_data(as_text=True)
            assert first_key(found) == "crisis"
            body = MatchErrorResponse.model_validate(found.get_json())
            assert body.crisis is not None and body.crisis.kind == "suicide"
            assert body.crisis.actions[0].href == "tel:113"
            assert body.error.code == "search_unavailable" and found.headers["Retry-After"]
        calm = match(client, {"text": f"{PLAIN} {MARKER}"})
        assert calm.status_code == 503 and calm.get_json()["crisis"] is None
        listing = client.get(f"{API}/groups")
        assert listing.status_code == 503 and error_code(listing) == "unavailable"
        assert client.get(f"{API}/groups/1").status_code == 503
        assert client.get(f"{API}/vocabularies").status_code == 200  # needs no database
    finally:
        app.extensions["groepenwijzer"].engine.dispose()
    assert MARKER not in caplog.text


# --- headers ----------------------------------------------------------------------------------


def test_security_headers_and_no_store(client: FlaskClient) -> None:
    for found in (
        client.get(f"{API}/groups?gemeente=Deventer"),
        client.get(f"{API}/vocabularies"),
        match(client, {"text": PLAIN}),
    ):
        assert found.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in found.headers["Content-Security-Policy"]
        assert "Set-Cookie" not in found.headers  # no session, nothing to forge a request with
    assert client.get(f"{API}/groups?open=1").headers["Cache-Control"] == "no-store"
    assert match(client, {"text": PLAIN}).headers["Cache-Control"] == "no-store"
