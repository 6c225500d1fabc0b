"""A new group through the catalogue service: who may create it, taxonomy checks, the one
blocking quality hint (no contact route), advisory hints, audit, and the matcher seeing it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue import quality
from catalogue.db import session_scope
from catalogue.errors import Forbidden, Invalid, NotFound
from catalogue.groups import create_group, edit_group, get_record
from catalogue.taxonomy import MUNICIPALITIES
from matcher.service import MatchService
from tests.catalogue.test_group_edits import (
    FIRST,
    ORG_A,
    ORG_B,
    _audit,
    _groups_on,
    _org_id,
    _snapshot,
    _user,
)

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]
TOWN = next(iter(MUNICIPALITIES))
GOOD_DESCRIPTION = (
    "Elke week wandelen we een uur door het park. Onderweg praten we over hoe het gaat. "
    "Je hoeft niets te vertellen als je dat niet wilt. Daarna drinken we samen koffie."
)


def new_group_data(**overrides: Any) -> dict[str, Any]:
    """Valid data for a new group of any organisation, with no hints at all."""
    data: dict[str, Any] = {
        "title": "Wandelen en praten",
        "domain": "welzijn",
        "summary": "Samen wandelen en praten over hoe het gaat.",
        "description": GOOD_DESCRIPTION,
        "themes": ["somberheid"],
        "elements": ["lotgenotencontact"],
        "audience": "volwassenen",
        "mode": "locatie",
        "municipality": TOWN,
        "access_route": "zonder_verwijzing",
        "contact_email": "wandel@example.org",
        "schedule": {
            "rrule": "FREQ=WEEKLY;BYDAY=TU",
            "first_session": datetime.combine(FIRST, time(10)),
            "duration_minutes": 60,
        },
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


@pytest.fixture
def orgs(engine_any: Engine, make_row: Rows, csv_bytes: ToCsv) -> dict[str, int]:
    """Organisation ids "a" and "b", and "group_a": the imported group of ORG_A."""
    groups = _groups_on(engine_any, make_row, csv_bytes)
    with Session(engine_any) as session:
        return {"a": _org_id(session, ORG_A), "b": _org_id(session, ORG_B), "group_a": groups["a"]}


CREATORS = {
    "facilitator of A": (("facilitator", ORG_A),),
    "coordinator of A": (("coordinator", ORG_A),),
    "region coordinator": (("coordinator", None),),
    "admin": (("admin", None),),
}
REFUSED = {
    "nobody": None,
    "facilitator of B": (("facilitator", ORG_B),),
    "team of A": (("team", ORG_A),),
    "deactivated facilitator of A": (("facilitator", ORG_A),),
}


@pytest.mark.parametrize("who", list(CREATORS))
def test_an_editor_of_the_organisation_creates_a_visible_audited_group(
    engine_any: Engine, orgs: dict[str, int], who: str
) -> None:
    user = _user(engine_any, "maker@example.org", *CREATORS[who])
    audit_before = len(_audit(engine_any))
    with session_scope(engine_any) as session:
        created = create_group(session, user=user, organisation_id=orgs["a"], data=new_group_data())
    assert created.hints == ()
    assert created.external_id.startswith("gw-")
    with Session(engine_any) as session:
        record = get_record(session, created.group_id)
    assert (record.title, record.organisation, record.version) == (
        "Wandelen en praten",
        ORG_A,
        1,
    )
    assert (record.municipality, record.service_area) == (TOWN, frozenset({TOWN}))
    assert record.schedule is not None and record.schedule.rrule == "FREQ=WEEKLY;BYDAY=TU"
    assert record.status == "actief" and record.last_confirmed_at is not None
    entries = _audit(engine_any)
    assert len(entries) == audit_before + 1
    entry = entries[-1]
    assert (entry.actor, entry.action, entry.entity_id) == (
        "maker@example.org",
        "create",
        created.external_id,
    )
    assert entry.detail["changes"]["title"] == {"old": None, "new": "Wandelen en praten"}


def test_two_new_groups_get_different_external_ids(
    engine_any: Engine, orgs: dict[str, int]
) -> None:
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_A))
    ids = set()
    for title in ("Groep een", "Groep twee"):
        with session_scope(engine_any) as session:
            ids.add(
                create_group(
                    session, user=user, organisation_id=orgs["a"], data=new_group_data(title=title)
                ).external_id
            )
    assert len(ids) == 2


@pytest.mark.parametrize("who", list(REFUSED))
def test_creating_is_refused_for_other_organisations_and_roles_and_writes_nothing(
    engine_any: Engine, orgs: dict[str, int], who: str
) -> None:
    memberships = REFUSED[who]
    user = (
        None
        if memberships is None
        else _user(engine_any, "x@example.org", *memberships, active=not who.startswith("deact"))
    )
    before = _snapshot(engine_any)
    with pytest.raises(Forbidden), session_scope(engine_any) as session:
        create_group(session, user=user, organisation_id=orgs["a"], data=new_group_data())
    assert _snapshot(engine_any) == before


def test_an_unknown_organisation_is_not_found(engine_any: Engine, orgs: dict[str, int]) -> None:
    user = _user(engine_any, "admin@example.org", ("admin", None))
    with pytest.raises(NotFound), session_scope(engine_any) as session:
        create_group(session, user=user, organisation_id=99999, data=new_group_data())


def test_no_contact_route_blocks_the_save_with_that_message(
    engine_any: Engine, orgs: dict[str, int]
) -> None:
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_A))
    before = _snapshot(engine_any)
    with pytest.raises(Invalid) as info, session_scope(engine_any) as session:
        create_group(
            session,
            user=user,
            organisation_id=orgs["a"],
            data=new_group_data(contact_email=None, contact_phone="  ", registration_url=...),
        )
    assert info.value.message == quality.NO_CONTACT
    assert _snapshot(engine_any) == before
    # Any one route is enough.
    for route in ({"contact_phone": "0570 123456"}, {"registration_url": "https://x.example/a"}):
        data = new_group_data(contact_email=None, **route)
        with session_scope(engine_any) as session:
            create_group(session, user=user, organisation_id=orgs["a"], data=data)


def test_advisory_hints_are_returned_but_the_group_is_saved(
    engine_any: Engine, orgs: dict[str, int]
) -> None:
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_A))
    with Session(engine_any) as session:
        existing = get_record(session, orgs["group_a"]).title
    data = new_group_data(
        title=f"  {existing.upper()}  ",
        summary="Kort.",
        description=...,
        themes=...,
        elements=...,
        audience=...,
        schedule=...,
    )
    audit_before = len(_audit(engine_any))
    with session_scope(engine_any) as session:
        created = create_group(session, user=user, organisation_id=orgs["a"], data=data)
    assert {h.field for h in created.hints} == {
        "description",
        "themes",
        "schedule",
        "audience",
        "title",
    }
    assert not any(h.blocking for h in created.hints)
    assert len(_audit(engine_any)) == audit_before + 1
    with Session(engine_any) as session:
        assert get_record(session, created.group_id).audience == "iedereen"


BAD_NEW: list[tuple[dict[str, Any], str]] = [
    ({"domain": ...}, "Domein: is verplicht."),
    ({"domain": "ggz-plus"}, "Domein: onbekende code 'ggz-plus'"),
    ({"themes": ["somberheid", "vrolijkheid"]}, "Thema's: onbekende code 'vrolijkheid'"),
    ({"mode": "telepathie"}, "Vorm: onbekende code"),
    ({"access_route": ...}, "Toegang: is verplicht."),
    ({"municipality": "Atlantis"}, "Gemeente: onbekende code 'Atlantis'"),
    ({"municipality": ...}, "Gemeente: kies de gemeente"),
    ({"title": "   "}, "Titel: is verplicht."),
    ({"contact_email": "geen-adres"}, "E-mail: 'geen-adres' is geen geldig e-mailadres"),
    ({"organisation_id": 3}, "'organisation_id': dit veld bestaat niet"),
    ({"capacity": 3, "places_left": 9}, "Vrije plekken: meer vrije plekken (9)"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_NEW)
def test_bad_values_are_refused_with_the_same_vocabulary_as_edits(
    engine_any: Engine, orgs: dict[str, int], overrides: dict[str, Any], message: str
) -> None:
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_A))
    before = _snapshot(engine_any)
    with pytest.raises(Invalid) as info, session_scope(engine_any) as session:
        create_group(
            session, user=user, organisation_id=orgs["a"], data=new_group_data(**overrides)
        )
    assert any(message in p for p in info.value.problems), info.value.problems
    assert _snapshot(engine_any) == before


def test_an_online_group_needs_no_municipality(engine_any: Engine, orgs: dict[str, int]) -> None:
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_B))
    with session_scope(engine_any) as session:
        created = create_group(
            session,
            user=user,
            organisation_id=orgs["b"],
            data=new_group_data(mode="online", municipality=...),
        )
    with Session(engine_any) as session:
        record = get_record(session, created.group_id)
    assert (record.mode, record.municipality, record.organisation) == ("online", None, ORG_B)


def test_the_matcher_sees_a_new_group_on_its_next_look(
    engine_any: Engine, orgs: dict[str, int], tmp_path: Path
) -> None:
    service = MatchService(
        engine_any, model="none", cache_dir=tmp_path, check_every=0.0, rebuild_wait=30.0
    )
    before = {r.id for r in service.index().records}
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_A))
    with session_scope(engine_any) as session:
        created = create_group(session, user=user, organisation_id=orgs["a"], data=new_group_data())
    after = {r.id for r in service.index().records}
    assert after - before == {created.group_id}


def test_an_edit_that_removes_the_last_contact_route_is_refused(
    engine_any: Engine, orgs: dict[str, int]
) -> None:
    user = _user(engine_any, "f@example.org", ("facilitator", ORG_A))
    group_id = orgs["group_a"]
    with Session(engine_any) as session:
        record = get_record(session, group_id)
    assert record.contact_email and record.contact_phone and record.registration_url
    before = _snapshot(engine_any)
    none = {"contact_email": None, "contact_phone": None, "registration_url": None}
    with pytest.raises(Invalid) as info, session_scope(engine_any) as session:
        edit_group(
            session, user=user, group_id=group_id, expected_version=record.version, changes=none
        )
    assert info.value.message == quality.NO_CONTACT
    assert _snapshot(engine_any) == before
    # Removing one route while another stays is fine.
    with session_scope(engine_any) as session:
        edit_group(
            session,
            user=user,
            group_id=group_id,
            expected_version=record.version,
            changes={"contact_email": None, "registration_url": None},
        )
