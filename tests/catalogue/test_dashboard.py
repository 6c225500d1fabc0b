"""Dashboard aggregates against numbers worked out by hand on a small fixture.

The fixture (tests/catalogue/dashboard_support.py) has region A advices A1–A4
in the period, A5 in region A but 60 days old, A6 in region B; and match events
on every channel, inside and outside the period and region. Each expected
number below is counted from that file by hand. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from catalogue import accounts
from catalogue.dashboard import (
    Count,
    Dashboard,
    Scope,
    build_dashboard,
    choose_region,
    dashboard_for,
    scope_of,
)
from catalogue.db import session_scope
from catalogue.errors import Forbidden, Invalid
from catalogue.models import User
from tests.catalogue.dashboard_support import (
    ORG_A,
    ORG_B,
    ORG_NO_REGION,
    REGION_A,
    REGION_B,
    Fixture,
    insert_fixture,
)

PASSWORD = "lange-zin-voor-tests-42"


@pytest.fixture
def fixture(engine_any: Engine) -> Fixture:
    return insert_fixture(engine_any)


def _board(engine: Engine, fixture: Fixture, region: str | None) -> Dashboard:
    with session_scope(engine) as session:
        return build_dashboard(session, start=fixture.start, end=fixture.end, region=region)


def _nonzero(counts: tuple[Count, ...]) -> dict[str, int]:
    return {c.code: c.count for c in counts if c.count}


def test_region_a_counts(engine_any: Engine, fixture: Fixture) -> None:
    board = _board(engine_any, fixture, REGION_A)
    assert board.advices == 4  # A1–A4
    assert board.chats == 3  # 2 webchat + 1 telegram; the cli event is not a chat
    assert board.searches == 3  # 3 web in the period; the 60-day-old one is out
    assert _nonzero(board.categories) == {
        "inwoner_zelf": 1,
        "brede_sociale_basis": 3,
        "sociaal_domein": 1,
        "ggz": 1,
    }
    assert [c.code for c in board.categories][:2] == ["inwoner_zelf", "brede_sociale_basis"]
    assert _nonzero(board.contexts) == {
        "relationeel_anderen": 2,
        "levensfase": 2,
        "pijn_van_vroeger": 1,
    }


def test_region_a_options_days_and_choices(engine_any: Engine, fixture: Fixture) -> None:
    board = _board(engine_any, fixture, REGION_A)
    assert (board.suggested_options, board.without_referral) == (8, 6)
    assert board.without_referral_share == 75.0
    assert board.median_days == 5  # of 3, 10, 5 (A3 has none)
    assert board.days_known == 3
    g = fixture.groups
    assert [(x.group_id, x.title, x.count) for x in board.top_groups] == [
        (g["g2"], "Wandelgroep Samen Op Pad", 3),
        (g["g1"], "Lotgenoten somberheid", 2),
        (g["g4"], "Rouwgroep Na het verlies", 1),  # ties by title: R before T
        (g["g3"], "Training Grip op je dip", 1),
    ]


def test_region_a_conversion_per_domain(engine_any: Engine, fixture: Fixture) -> None:
    board = _board(engine_any, fixture, REGION_A)
    got = {c.domain: (c.chosen, c.signed_up, c.started, c.not_fitting) for c in board.conversion}
    assert got == {"ggz": (1, 1, 1, 0), "welzijn": (3, 2, 1, 0), "zelfhulp": (3, 0, 0, 2)}
    assert [c.domain for c in board.conversion] == ["ggz", "welzijn", "zelfhulp"]
    zelfhulp = board.conversion[2]
    assert [(r.code, r.count) for r in zelfhulp.reasons] == [
        ("vol_of_wachttijd", 1),
        ("tijd_of_dag", 1),
    ]
    welzijn = board.conversion[1]
    assert welzijn.share(welzijn.signed_up) == pytest.approx(200 / 3)


def test_region_a_gaps(engine_any: Engine, fixture: Fixture) -> None:
    board = _board(engine_any, fixture, REGION_A)
    assert board.gap_advices == 2  # A2, A3
    assert board.gap_events == 3  # web ×2, webchat ×1 (cli and old events out)
    assert [(c.code, c.count) for c in board.gap_contexts] == [
        ("relationeel_anderen", 1),
        ("pijn_van_vroeger", 1),
        ("levensfase", 1),
    ]
    assert [(t.code, t.advices, t.events) for t in board.gap_themes] == [
        ("eenzaamheid", 1, 1),
        ("rouw", 1, 1),
        ("angst", 0, 1),
        ("geen_thema", 0, 1),
        ("trauma", 1, 0),
    ]


def test_all_regions_and_region_b(engine_any: Engine, fixture: Fixture) -> None:
    every = _board(engine_any, fixture, None)
    assert (every.advices, every.chats, every.searches) == (5, 4, 5)
    assert every.gap_events == 5  # + B's telegram gap + the online-only gap
    assert {t.code: t.total for t in every.gap_themes}["somberheid"] == 2  # A6 + B telegram
    b = _board(engine_any, fixture, REGION_B)
    assert (b.advices, b.chats, b.searches) == (1, 1, 1)
    assert (b.suggested_options, b.without_referral, b.median_days) == (2, 1, 1)
    assert [(x.group_id, x.count) for x in b.top_groups] == [(fixture.groups["g4"], 1)]
    assert {c.domain: (c.chosen, c.signed_up) for c in b.conversion} == {"zelfhulp": (1, 1)}


def test_period_edges(engine_any: Engine, fixture: Fixture) -> None:
    longer = fixture.start - timedelta(days=60)
    with session_scope(engine_any) as session:
        wide = build_dashboard(session, start=longer, end=fixture.end, region=REGION_A)
        empty = build_dashboard(
            session, start=fixture.end, end=fixture.end + timedelta(days=7), region=REGION_A
        )
        with pytest.raises(Invalid):
            build_dashboard(session, start=fixture.end, end=fixture.start, region=None)
    assert wide.advices == 5  # A5 joins
    assert wide.median_days == 7.5  # of 3, 10, 5, 100
    assert (empty.advices, empty.chats, empty.median_days, empty.top_groups) == (0, 0, None, ())
    assert empty.without_referral_share is None
    assert all(c.count == 0 for c in empty.categories)


def _user(engine: Engine, email: str, role: str, org: str | None) -> User:
    with session_scope(engine) as session:
        user = accounts.create_user(
            session, email=email, password=PASSWORD, role=role, organisation=org, actor="test"
        )
        session.flush()
        session.expunge(user)
        return user


@pytest.fixture
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def test_who_sees_what(engine_any: Engine, fixture: Fixture, cheap: None) -> None:
    coordinator_a = _user(engine_any, "coord-a@example.org", "coordinator", ORG_A)
    coordinator_b = _user(engine_any, "coord-b@example.org", "coordinator", ORG_B)
    region_wide = _user(engine_any, "coord-all@example.org", "coordinator", None)
    admin = _user(engine_any, "admin@example.org", "admin", None)
    team = _user(engine_any, "team@example.org", "team", ORG_A)
    facilitator = _user(engine_any, "fac@example.org", "facilitator", ORG_B)
    homeless = _user(engine_any, "coord-x@example.org", "coordinator", ORG_NO_REGION)
    with session_scope(engine_any) as s:
        assert scope_of(s, coordinator_a) == Scope(False, (REGION_A,))
        assert scope_of(s, coordinator_b) == Scope(False, (REGION_B,))
        assert scope_of(s, region_wide).everything
        assert scope_of(s, admin).everything
        for refused in (team, facilitator, homeless, None):
            with pytest.raises(Forbidden):
                scope_of(s, refused)
        kwargs = {"start": fixture.start, "end": fixture.end}
        own = dashboard_for(s, user=coordinator_a, region=None, **kwargs)
        assert (own.region, own.advices) == (REGION_A, 4)  # by default: their own region
        with pytest.raises(Forbidden):
            dashboard_for(s, user=coordinator_a, region=REGION_B, **kwargs)
        assert dashboard_for(s, user=region_wide, region=None, **kwargs).advices == 5
        assert dashboard_for(s, user=admin, region=REGION_B, **kwargs).advices == 1
        with pytest.raises(Forbidden):
            dashboard_for(s, user=team, region=None, **kwargs)
    with pytest.raises(Invalid):
        choose_region(Scope(True, (REGION_A,)), "atlantis")


def test_a_deactivated_coordinator_sees_nothing(engine_any: Engine, cheap: None) -> None:
    insert_fixture(engine_any)
    user = _user(engine_any, "coord-a@example.org", "coordinator", ORG_A)
    with session_scope(engine_any) as s:
        accounts.deactivate_user(s, email=user.email, actor="test")
    with session_scope(engine_any) as s, pytest.raises(Forbidden):
        scope_of(s, user)


# Columns that may hold anything but a code, a number, a flag or a time: none.
_ALLOWED_TEXT = {
    "advice": {"code", "form_key", "region", "municipality"},
    "adviceoption": {"domain", "status", "reason"},
    "matchevent": {"channel", "region", "municipality"},
}


def test_monitoring_tables_hold_no_free_text(engine_any: Engine) -> None:
    """Everything the dashboard reads is codes, ids, counts and times: no text to leak."""
    inspector = sa.inspect(engine_any)
    for table, allowed in _ALLOWED_TEXT.items():
        for column in inspector.get_columns(table):
            kind = column["type"]
            if isinstance(kind, sa.String) and not isinstance(kind, sa.Enum):
                assert column["name"] in allowed, f"{table}.{column['name']} is text"
                assert (kind.length or 10_000) <= 80, f"{table}.{column['name']} is long text"
