"""Helpers for the login and facilitator-page tests: accounts per role, CSRF tokens, state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue import accounts
from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.models import Organisation
from catalogue.schedules import next_meetings

PASSWORD = "lange-zin-voor-tests-42"
ROLES = ("facilitator_a", "facilitator_b", "team", "coordinator", "admin")
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class World:
    """Two organisations, a group of A with coming meetings, and one account per role."""

    group_id: int
    version: int
    days: tuple[str, ...]  # coming meeting days of the group (ISO)
    org_a: str
    org_b: str
    emails: dict[str, str]


def make_world(engine: Engine) -> World:
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        records = load_records(session)
        group = next(
            r
            for r in records
            if r.schedule is not None
            and r.status == "actief"
            and r.open_group
            and not r.runs
            and len(next_meetings(r.schedule, 3, now)) == 3
            and r.capacity is not None
        )
        org_a = group.organisation
        org_b = next(o.name for o in session.exec(select(Organisation)).all() if o.name != org_a)
        roles = {
            "facilitator_a": ("facilitator", org_a),
            "facilitator_b": ("facilitator", org_b),
            "team": ("team", org_a),
            "coordinator": ("coordinator", org_a),
            "admin": ("admin", None),
        }
        emails = {}
        for key, (role, org) in roles.items():
            email = f"{key.replace('_', '-')}@example.org"
            accounts.create_user(
                session, email=email, password=PASSWORD, role=role, organisation=org, actor="test"
            )
            emails[key] = email
    assert group.schedule is not None
    days = tuple(m.start.date().isoformat() for m in next_meetings(group.schedule, 3, now))
    return World(group.id, group.version, days, org_a, org_b, emails)


def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with small parameters: the same code path, a fraction of the time."""
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def csrf_token(
    client: FlaskClient, path: str = "/inloggen", headers: dict[str, str] | None = None
) -> str:
    """The CSRF token of the client's session, read from a page's form."""
    page = client.get(path, headers=headers)
    found = _TOKEN.search(page.get_data(as_text=True))
    assert found, f"no csrf token on {path} ({page.status_code})"
    return found.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    token = csrf_token(client)
    response = client.post(
        "/inloggen", data={"csrf_token": token, "email": email, "password": password}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def snapshot(engine: Engine) -> tuple[object, ...]:
    """Everything a facilitator action could write: groups, cancellations, audit entries."""
    with engine.connect() as connection:
        groups = connection.execute(text('SELECT * FROM "group" ORDER BY id')).all()
        exceptions = connection.execute(
            text("SELECT schedule_id, day, reason FROM scheduleexception ORDER BY id")
        ).all()
        audit = connection.execute(text("SELECT count(*) FROM auditentry")).scalar_one()
    return tuple(groups), tuple(exceptions), audit
