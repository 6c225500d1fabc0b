"""Group edits through catalogue services: values checked against the taxonomy, who may
change which group, optimistic locking with real concurrent writers, and the audit log."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.errors import Conflict, Forbidden, Invalid, NotFound
from catalogue.groups import (
    cancel_session,
    edit_group,
    get_record,
    mark_full,
    parse_update,
    update_group,
)
from catalogue.interchange.spreadsheet import import_file
from catalogue.models import AuditEntry, Group, Membership, User

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]

ORG_A = "Stichting Samen Verder"
ORG_B = "Welzijn Oost"
CONFLICT = "iemand anders heeft deze groep intussen gewijzigd"
TODAY = date.today()
# The schedule starts on the coming Tuesday, so "a Tuesday in three weeks" is always a meeting.
FIRST = TODAY + timedelta(days=(1 - TODAY.weekday()) % 7 or 7)
MEETING = FIRST + timedelta(weeks=3)


@pytest.fixture
def groups_sqlite(engine: Engine, make_row: Rows, csv_bytes: ToCsv) -> dict[str, int]:
    """The same two groups, on SQLite only."""
    return _groups_on(engine, make_row, csv_bytes)


@pytest.fixture
def groups(engine_any: Engine, make_row: Rows, csv_bytes: ToCsv) -> dict[str, int]:
    """Group 'a' of ORG_A (weekly, future schedule) and group 'b' of ORG_B."""
    return _groups_on(engine_any, make_row, csv_bytes)


def _org_id(session: Session, name: str) -> int:
    from catalogue.models import Organisation

    org = session.exec(select(Organisation).where(Organisation.name == name)).one()
    assert org.id is not None
    return org.id


def _user(
    engine: Engine, email: str, *memberships: tuple[str, str | None], active: bool = True
) -> User:
    """An account with (role, organisation name or None) memberships, straight in the tables."""
    with session_scope(engine) as session:
        user = User(email=email, password_hash="not-used-here", active=active)
        session.add(user)
        session.flush()
        assert user.id is not None
        for role, org in memberships:
            org_id = _org_id(session, org) if org else None
            session.add(Membership(user_id=user.id, organisation_id=org_id, role=role))
        return user


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an edit could touch, to show "nothing changed"."""
    tables = ("group", "grouparea", "schedule", "scheduleexception", "auditentry")
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(sa.text(f'SELECT * FROM "{name}" ORDER BY id'))]
            for name in tables
        }


def _group(engine: Engine, group_id: int) -> Group:
    with Session(engine) as session:
        found = session.get(Group, group_id)
        assert found is not None
        return found


def _audit(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


# --- values: every field against the taxonomy ----------------------------------------------

BAD_VALUES: list[tuple[str, Any, str]] = [
    ("status", "bestaat-niet", "Status: onbekende code 'bestaat-niet'"),
    ("domain", "ggz-plus", "Domein: onbekende code"),
    ("audience", "kinderen", "Voor wie: onbekende code"),
    ("mode", "telepathie", "Vorm: onbekende code"),
    ("access_route", "via-de-buren", "Toegang: onbekende code"),
    ("cost", "duur", "Kosten: onbekende code"),
    ("themes", ["somberheid", "vrolijkheid"], "Thema's: onbekende code 'vrolijkheid'"),
    ("elements", ["dansen-op-tafel"], "Werkvormen: onbekende code"),
    ("special_audiences", ["marsmannetjes"], "Speciale doelgroepen: onbekende code"),
    ("languages", ["klingon"], "Talen: onbekende code 'klingon'"),
    ("facilitator_roles", ["tovenaar"], "Begeleiding: onbekende code"),
    ("service_area", ["Atlantis"], "Werkgebied: onbekende code 'Atlantis'"),
    ("title", "", "Titel: is verplicht"),
    ("title", None, "Titel: is verplicht"),
    ("title", "x" * 121, "Titel: is te lang (121 tekens, maximaal 120)"),
    ("summary", "a\x00b", "Korte omschrijving: bevat onzichtbare stuurtekens"),
    ("description", "d" * 4001, "Beschrijving: is te lang"),
    ("tags", ["t" * 41], "Trefwoorden: is te lang"),
    ("age_min", -1, "Minimumleeftijd: -1 ligt niet tussen 0 en 120"),
    ("age_max", 121, "Maximumleeftijd: 121 ligt niet tussen 0 en 120"),
    ("capacity", "12", "Aantal plekken: moet een heel getal zijn"),
    ("capacity", True, "Aantal plekken: moet een heel getal zijn"),
    ("places_left", 1001, "Vrije plekken: 1001 ligt niet tussen 0 en 1000"),
    ("waiting_weeks", 261, "Wachttijd in weken: 261 ligt niet tussen 0 en 260"),
    ("open_group", "ja", "Open groep: moet ja of nee zijn"),
    ("contact_email", "geen-adres", "E-mail: 'geen-adres' is geen geldig e-mailadres"),
    ("contact_phone", "bel me", "Telefoon: 'bel me' is geen telefoonnummer"),
    ("registration_url", "javascript:alert(1)", "Aanmeldlink: moet een webadres zijn"),
    ("registration_url", "ftp://example.org/x", "Aanmeldlink: moet een webadres zijn"),
    ("last_confirmed_at", "2026-01-01", "Laatst bevestigd: moet een datum zijn"),
    ("organisation_id", 99, "'organisation_id': dit veld bestaat niet"),
    ("version", 7, "'version': dit veld bestaat niet"),
    (
        "schedule",
        {"rrule": "ELKE DINSDAG", "first_session": datetime(2027, 1, 5, 10)},
        "Herhaling: herhaling 'ELKE DINSDAG' is geen geldige RFC 5545-regel",
    ),
    (
        "schedule",
        {"rrule": "FREQ=WEEKLY;COUNT=3", "first_session": datetime(2027, 1, 5, 10)},
        "Herhaling: zet begin, einddatum en aantal keer in hun eigen kolom",
    ),
    (
        "schedule",
        {"rrule": "FREQ=WEEKLY", "first_session": "2027-01-05 10:00"},
        "Eerste bijeenkomst: moet een datum met tijd zijn",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_VALUES)
def test_a_bad_value_is_refused_with_a_specific_dutch_message_and_writes_nothing(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, field: str, value: Any, message: str
) -> None:
    import_file(engine, csv_bytes([make_row()]), "g.csv", actor="import")
    with Session(engine) as session:
        group_id = session.exec(select(Group.id)).one()
    assert group_id is not None
    before = _snapshot(engine)
    with pytest.raises(Invalid) as info, session_scope(engine) as session:
        update_group(
            session, actor="a", group_id=group_id, expected_version=1, changes={field: value}
        )
    assert info.value.message.startswith(message), info.value.problems
    assert _snapshot(engine) == before


MERGED_RULES: list[tuple[dict[str, Any], str]] = [
    ({"places_left": 13}, "Vrije plekken: meer vrije plekken (13) dan plekken in de groep (12)"),
    ({"capacity": 3}, "Vrije plekken: meer vrije plekken (4) dan plekken in de groep (3)"),
    ({"age_min": 30, "age_max": 20}, "Maximumleeftijd: is lager dan de minimumleeftijd"),
    ({"age_max": 17}, "Maximumleeftijd: is lager dan de minimumleeftijd"),  # age_min is 18
    ({"last_confirmed_at": TODAY + timedelta(days=1)}, "Laatst bevestigd: ligt in de toekomst"),
    (
        {
            "schedule": {
                "rrule": "FREQ=WEEKLY",
                "first_session": datetime(2027, 3, 2, 10),
                "until": date(2027, 1, 1),
            }
        },
        "Einddatum: einddatum ligt vóór de eerste bijeenkomst",
    ),
    (
        {
            "schedule": {
                "rrule": "FREQ=WEEKLY",
                "first_session": datetime(2027, 3, 2, 10),
                "duration_minutes": 0,
            }
        },
        "Duur in minuten: duur moet tussen 1 en 600 minuten liggen",
    ),
]


@pytest.mark.parametrize(("changes", "message"), MERGED_RULES)
def test_rules_between_fields_hold_on_the_merged_group(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, changes: dict[str, Any], message: str
) -> None:
    # The base row: capacity 12, places_left 4, age_min 18.
    import_file(engine, csv_bytes([make_row()]), "g.csv", actor="import")
    with Session(engine) as session:
        group_id = session.exec(select(Group.id)).one()
    assert group_id is not None
    before = _snapshot(engine)
    with pytest.raises(Invalid) as info, session_scope(engine) as session:
        update_group(session, actor="a", group_id=group_id, expected_version=1, changes=changes)
    assert message in info.value.problems[0]
    assert _snapshot(engine) == before


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(Invalid) as info:
        parse_update({"status": "x", "cost": "y", "capacity": -5})
    assert [p.split(":")[0] for p in info.value.problems] == ["Kosten", "Aantal plekken", "Status"]


@given(st.text(max_size=30).filter(lambda s: s not in tx.STATUSES))
def test_any_status_outside_the_taxonomy_is_refused(status: str) -> None:
    with pytest.raises(Invalid, match="Status: onbekende code"):
        parse_update({"status": status})


@given(
    themes=st.lists(st.sampled_from(sorted(tx.THEMES)), max_size=6),
    languages=st.lists(st.sampled_from(sorted(tx.LANGUAGES)), min_size=1, max_size=4),
    status=st.sampled_from(sorted(tx.STATUSES)),
    capacity=st.integers(0, 1000),
    places=st.integers(0, 1000),
)
def test_any_value_inside_the_taxonomy_parses(
    themes: list[str], languages: list[str], status: str, capacity: int, places: int
) -> None:
    update = parse_update(
        {"themes": themes, "languages": languages, "status": status, "capacity": capacity}
    )
    assert update.themes == list(dict.fromkeys(themes)) and update.status == status
    assert parse_update({"places_left": places}).places_left == places


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=st.integers(0, 40), places=st.integers(0, 40))
def test_places_left_never_exceed_capacity_in_the_database(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, capacity: int, places: int
) -> None:
    import_file(engine, csv_bytes([make_row(places_left="", capacity="")]), "g.csv", actor="i")
    with Session(engine) as session:
        group = session.exec(select(Group)).one()
    assert group.id is not None
    try:
        with session_scope(engine) as session:
            update_group(
                session,
                actor="a",
                group_id=group.id,
                expected_version=group.version,
                changes={"capacity": capacity, "places_left": places},
            )
    except Invalid:
        assert places > capacity
    else:
        assert places <= capacity
    after = _group(engine, group.id)
    assert after.places_left is None or after.places_left <= (after.capacity or 0)


def test_a_valid_edit_of_every_kind_of_field_is_stored(
    engine_any: Engine, groups: dict[str, int]
) -> None:
    changes: dict[str, Any] = {
        "title": "  Samen sterker  ",
        "domain": "welzijn",
        "themes": ["angst", "stress", "angst"],
        "languages": ["nl", "ar"],
        "status": "gepauzeerd",
        "capacity": 10,
        "places_left": 2,
        "waiting_weeks": 3,
        "contact_email": "Info@Example.org",
        "registration_url": "https://example.org/aanmelden",
        "service_area": ["Zwolle", "Deventer"],
        "last_confirmed_at": TODAY,
        "schedule": {
            "rrule": "freq=weekly;byday=we",
            "first_session": datetime.combine(FIRST, datetime.min.time()).replace(hour=10),
            "duration_minutes": 120,
            "session_count": 8,
        },
    }
    with session_scope(engine_any) as session:
        fields = update_group(
            session, actor="a", group_id=groups["a"], expected_version=1, changes=changes
        )
    assert "title" in fields and "schedule" in fields
    with session_scope(engine_any) as session:
        record = get_record(session, groups["a"])
    assert (record.title, record.domain, record.status) == (
        "Samen sterker",
        "welzijn",
        "gepauzeerd",
    )
    assert record.themes == ("angst", "stress") and record.service_area == {"Zwolle", "Deventer"}
    assert record.contact_email == "info@example.org"
    assert record.schedule is not None and record.schedule.rrule == "FREQ=WEEKLY;BYDAY=WE"
    assert (record.schedule.duration_minutes, record.schedule.session_count) == (120, 8)
    assert record.version == 2


# --- who may change which group -------------------------------------------------------------

ACTORS: dict[str, tuple[tuple[str, str | None], ...] | None] = {
    "anonymous": None,
    "facilitator A": (("facilitator", ORG_A),),
    "facilitator B": (("facilitator", ORG_B),),
    "team A": (("team", ORG_A),),
    "coordinator A": (("coordinator", ORG_A),),
    "coordinator B": (("coordinator", ORG_B),),
    "coordinator region": (("coordinator", None),),
    "admin": (("admin", None),),
    "admin of B": (("admin", ORG_B),),
    "facilitator B, team A": (("facilitator", ORG_B), ("team", ORG_A)),
    "deactivated facilitator A": (("facilitator", ORG_A),),
}
ALLOWED = {"facilitator A", "coordinator A", "coordinator region", "admin", "admin of B"}


def _act(action: str, session: Session, user: User | None, group_id: int) -> None:
    if action == "update":
        edit_group(
            session,
            user=user,
            group_id=group_id,
            expected_version=1,
            changes={"title": "Nieuwe titel", "status": "gepauzeerd"},
        )
    elif action == "cancel session":
        cancel_session(session, user=user, group_id=group_id, day=MEETING, reason="ziek")
    else:
        mark_full(session, user=user, group_id=group_id, expected_version=1, waiting_weeks=4)


@pytest.mark.parametrize("action", ["update", "cancel session", "mark full"])
@pytest.mark.parametrize("who", list(ACTORS))
def test_access_matrix(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, who: str, action: str
) -> None:
    ids = _groups_on(engine, make_row, csv_bytes)
    memberships = ACTORS[who]
    user = (
        None
        if memberships is None
        else _user(engine, "x@example.org", *memberships, active=not who.startswith("deact"))
    )
    before = _snapshot(engine)
    if who in ALLOWED:
        with session_scope(engine) as session:
            _act(action, session, user, ids["a"])
        after = _snapshot(engine)
        assert after != before
        assert len(after["auditentry"]) == len(before["auditentry"]) + 1
        assert _audit(engine)[-1].actor == "x@example.org"
    else:
        with pytest.raises(Forbidden) as info, session_scope(engine) as session:
            _act(action, session, user, ids["a"])
        assert info.value.message in {
            "Log eerst in om een groep aan te passen.",
            "Je mag alleen groepen van je eigen organisatie aanpassen.",
        }
        assert _snapshot(engine) == before


def _groups_on(engine: Engine, make_row: Rows, csv_bytes: ToCsv) -> dict[str, int]:
    schedule = {
        "first_session": f"{FIRST} 19:30",
        "until": str(FIRST + timedelta(days=365)),
        "exception_dates": "",
    }
    rows = [
        make_row(external_id="grp-a", **schedule),
        make_row(external_id="grp-b", organisation=ORG_B, title="Andere groep", **schedule),
    ]
    import_file(engine, csv_bytes(rows), "groepen.csv", actor="import")
    with Session(engine) as session:
        return {
            g.external_id.removeprefix("grp-"): g.id
            for g in session.exec(select(Group)).all()
            if g.id is not None
        }


def test_a_facilitator_of_b_can_change_b_but_not_a(
    engine: Engine, groups_sqlite: dict[str, int]
) -> None:
    user = _user(engine, "b@example.org", ("facilitator", ORG_B))
    with session_scope(engine) as session:
        assert edit_group(
            session,
            user=user,
            group_id=groups_sqlite["b"],
            expected_version=1,
            changes={"places_left": 1},
        ) == ["places_left"]
    with pytest.raises(Forbidden), session_scope(engine) as session:
        edit_group(
            session,
            user=user,
            group_id=groups_sqlite["a"],
            expected_version=1,
            changes={"places_left": 1},
        )


def test_deactivating_an_account_refuses_its_next_edit(
    engine: Engine, groups_sqlite: dict[str, int]
) -> None:
    user = _user(engine, "f@example.org", ("facilitator", ORG_A))
    with session_scope(engine) as session:
        edit_group(session, user=user, group_id=groups_sqlite["a"], expected_version=1, changes={})
        stored = session.get(User, user.id)
        assert stored is not None
        stored.active = False
    # `user` is the stale object a login session would still hold: the service reads afresh.
    with pytest.raises(Forbidden), session_scope(engine) as session:
        edit_group(
            session,
            user=user,
            group_id=groups_sqlite["a"],
            expected_version=1,
            changes={"title": "x"},
        )


def test_an_unknown_group_is_not_found_before_permissions(engine: Engine) -> None:
    with pytest.raises(NotFound), session_scope(engine) as session:
        edit_group(session, user=None, group_id=12345, expected_version=1, changes={})


# --- audit ----------------------------------------------------------------------------------


def test_every_change_is_audited_old_to_new(engine_any: Engine, groups: dict[str, int]) -> None:
    user = _user(engine_any, "fac@example.org", ("facilitator", ORG_A))
    before = len(_audit(engine_any))
    with session_scope(engine_any) as session:
        fields = edit_group(
            session,
            user=user,
            group_id=groups["a"],
            expected_version=1,
            changes={
                "title": "Nieuwe titel",
                "places_left": 0,
                "themes": ["angst"],
                "summary": _group(engine_any, groups["a"]).summary,  # unchanged: not audited
                "last_confirmed_at": date(2026, 11, 1),
            },
        )
    assert fields == ["last_confirmed_at", "places_left", "themes", "title"]
    entries = _audit(engine_any)
    assert len(entries) == before + 1
    last = entries[-1]
    assert (last.actor, last.action, last.entity, last.entity_id) == (
        "fac@example.org",
        "update",
        "group",
        "grp-a",
    )
    assert last.at is not None
    assert last.detail == {
        "user_id": user.id,
        "fields": ["last_confirmed_at", "places_left", "themes", "title"],
        "changes": {
            "last_confirmed_at": {"old": "2026-08-15", "new": "2026-11-01"},
            "places_left": {"old": 4, "new": 0},
            "themes": {"old": ["somberheid", "eenzaamheid"], "new": ["angst"]},
            "title": {"old": "Lotgenotengroep somberheid", "new": "Nieuwe titel"},
        },
    }


def test_an_unchanged_save_writes_nothing(engine_any: Engine, groups: dict[str, int]) -> None:
    user = _user(engine_any, "fac@example.org", ("facilitator", ORG_A))
    group = _group(engine_any, groups["a"])
    before = _snapshot(engine_any)
    with session_scope(engine_any) as session:
        fields = edit_group(
            session,
            user=user,
            group_id=groups["a"],
            expected_version=1,
            changes={
                "title": group.title,
                "themes": list(group.themes),
                "status": group.status,
                "service_area": ["Voorst", "Deventer"],  # same set, other order
            },
        )
    assert fields == []
    assert _snapshot(engine_any) == before


def test_cancel_session_is_stored_shown_and_audited(
    engine_any: Engine, groups: dict[str, int]
) -> None:
    user = _user(engine_any, "fac@example.org", ("facilitator", ORG_A))
    version = _group(engine_any, groups["a"]).version
    with session_scope(engine_any) as session:
        cancel_session(session, user=user, group_id=groups["a"], day=MEETING, reason=" Ziek ")
    with session_scope(engine_any) as session:
        record = get_record(session, groups["a"])
    assert record.schedule is not None and MEETING in record.schedule.exceptions
    assert record.version == version  # an open edit form does not go stale
    last = _audit(engine_any)[-1]
    assert (last.action, last.entity_id) == ("cancel-session", "grp-a")
    assert last.detail["changes"] == {"exceptions": {"old": [], "new": [MEETING.isoformat()]}}
    assert last.detail["reason"] == "Ziek"


@pytest.mark.parametrize(
    ("day", "reason", "message"),
    [
        (MEETING + timedelta(days=1), None, "heeft deze groep geen bijeenkomst"),
        (TODAY - timedelta(days=1), None, "is al voorbij"),
        (MEETING, "r" * 201, "Reden: is te lang"),
    ],
)
def test_a_bad_cancellation_is_refused_and_writes_nothing(
    engine: Engine, groups_sqlite: dict[str, int], day: date, reason: str | None, message: str
) -> None:
    user = _user(engine, "fac@example.org", ("facilitator", ORG_A))
    before = _snapshot(engine)
    with pytest.raises(Invalid) as info, session_scope(engine) as session:
        cancel_session(session, user=user, group_id=groups_sqlite["a"], day=day, reason=reason)
    assert message in info.value.message
    assert _snapshot(engine) == before


def test_cancelling_the_same_session_twice_says_so(
    engine: Engine, groups_sqlite: dict[str, int]
) -> None:
    user = _user(engine, "fac@example.org", ("facilitator", ORG_A))
    with session_scope(engine) as session:
        cancel_session(session, user=user, group_id=groups_sqlite["a"], day=MEETING)
    with pytest.raises(Invalid, match="gaat de groep al niet door"), session_scope(engine) as s:
        cancel_session(s, user=user, group_id=groups_sqlite["a"], day=MEETING)


def test_mark_full_sets_no_places_and_a_waiting_time(
    engine_any: Engine, groups: dict[str, int]
) -> None:
    user = _user(engine_any, "fac@example.org", ("facilitator", ORG_A))
    with session_scope(engine_any) as session:
        assert mark_full(
            session, user=user, group_id=groups["a"], expected_version=1, waiting_weeks=6
        ) == ["places_left", "waiting_weeks"]
    group = _group(engine_any, groups["a"])
    assert (group.places_left, group.waiting_weeks, group.version) == (0, 6, 2)
    last = _audit(engine_any)[-1]
    assert last.action == "mark-full"
    assert last.detail["changes"]["places_left"] == {"old": 4, "new": 0}
    with pytest.raises(Conflict), session_scope(engine_any) as session:
        mark_full(session, user=user, group_id=groups["a"], expected_version=1, waiting_weeks=8)


# --- optimistic locking with two real concurrent writers on PostgreSQL ----------------------


@pytest.mark.postgres
def test_two_concurrent_editors_on_postgres_one_wins_nothing_is_lost(
    pg_engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    ids = _groups_on(pg_engine, make_row, csv_bytes)
    editors = {
        "a": _user(pg_engine, "a@example.org", ("facilitator", ORG_A)),
        "b": _user(pg_engine, "b@example.org", ("coordinator", ORG_A)),
    }
    changes = {
        "a": {"title": "Titel van A", "places_left": 1},
        "b": {"title": "Titel van B", "waiting_weeks": 9},
    }
    with Session(pg_engine) as session:
        version = get_record(session, ids["a"]).version
    audit_before = len(_audit(pg_engine))
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(who: str) -> None:
        try:
            with session_scope(pg_engine) as session:
                start.wait(timeout=10)
                edit_group(
                    session,
                    user=editors[who],
                    group_id=ids["a"],
                    expected_version=version,
                    changes=changes[who],
                )
                time.sleep(0.3)  # hold the row lock: the other writer has to wait for it
            outcomes[who] = "saved"
        except Conflict as exc:
            outcomes[who] = exc.message

    threads = [threading.Thread(target=save, args=(who,)) for who in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["a", "b"]
    winners = [who for who, outcome in outcomes.items() if outcome == "saved"]
    assert len(winners) == 1, outcomes
    winner, loser = winners[0], "b" if winners[0] == "a" else "a"
    assert CONFLICT in outcomes[loser].lower()
    group = _group(pg_engine, ids["a"])
    assert group.version == version + 1
    assert group.title == f"Titel van {winner.upper()}"
    # The winner's change is complete; nothing of the loser's change slipped in.
    assert (group.places_left, group.waiting_weeks) == ((1, 0) if winner == "a" else (4, 9))
    entries = _audit(pg_engine)
    assert len(entries) == audit_before + 1
    assert entries[-1].actor == f"{winner}@example.org"
