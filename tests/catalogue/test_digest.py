"""The weekly digest: each coordinator gets last week's figures for what they may see, once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue import accounts
from catalogue.db import session_scope
from catalogue.digest import last_week, send_weekly_digest
from catalogue.models import Advice, Organisation, OutboxMessage
from catalogue.schedules import AMSTERDAM

PASSWORD = "lange-zin-voor-tests-42"
ORG_A, ORG_B = "Digest team Midden-IJssel", "Digest team IJssel-Vecht"


@pytest.fixture(autouse=True)
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def _advice(n: int, day: date, region: str) -> Advice:
    at = datetime.combine(day, time(12), AMSTERDAM)
    return Advice(code=f"DGST-{n:04d}", form_key=f"digest-{n}", at=at, region=region)


def test_last_week_is_the_iso_week_before() -> None:
    assert last_week(date(2026, 12, 2)) == (date(2026, 11, 23), date(2026, 11, 30))
    assert last_week(date(2026, 11, 30)) == (date(2026, 11, 23), date(2026, 11, 30))
    assert last_week(date(2026, 11, 29)) == (date(2026, 11, 16), date(2026, 11, 23))


def test_each_coordinator_gets_their_own_regions_week_once(engine_any: Engine) -> None:
    today = datetime.now(AMSTERDAM).date()
    start, end = last_week(today)
    with session_scope(engine_any) as s:
        s.add_all([
            Organisation(name=ORG_A, region="midden_ijssel"),
            Organisation(name=ORG_B, region="ijssel_vecht"),
            _advice(1, start, "midden_ijssel"),
            _advice(2, end - timedelta(days=1), "midden_ijssel"),
            _advice(3, start + timedelta(days=2), "ijssel_vecht"),
            _advice(4, end, "midden_ijssel"),  # this week: not in last week's figures
            _advice(5, start - timedelta(days=1), "midden_ijssel"),  # the week before
        ])  # fmt: skip
    for email, role, org in [
        ("coord-a@example.org", "coordinator", ORG_A),
        ("admin@example.org", "admin", None),
        ("team@example.org", "team", ORG_A),
        ("begeleider@example.org", "facilitator", ORG_A),
    ]:
        with session_scope(engine_any) as s:
            accounts.create_user(
                s, email=email, password=PASSWORD, role=role, organisation=org, actor="t"
            )

    assert send_weekly_digest(engine_any, today, "https://gw.example") == {"sent": 2}
    assert send_weekly_digest(engine_any, today, "https://gw.example") == {"sent": 0}

    with session_scope(engine_any) as s:
        mails = {m.to: m for m in s.exec(select(OutboxMessage)).all()}
        assert sorted(mails) == ["admin@example.org", "coord-a@example.org"]
        assert {m.kind for m in mails.values()} == {"digest"}
        regional, everything = mails["coord-a@example.org"].body, mails["admin@example.org"].body
    assert "Midden-IJssel" in regional and "Alle regio's" not in regional
    assert "Adviezen van VG-teams: 2\n" in regional
    assert "Alle regio's" in everything and "Adviezen van VG-teams: 3\n" in everything
    assert "https://gw.example/coordinatie/monitoring" in everything
