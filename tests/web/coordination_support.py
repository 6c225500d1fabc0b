"""Shared by the coordinator-page tests: two regions, one account per kind, database state."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from werkzeug.test import TestResponse

from catalogue import accounts
from catalogue.db import session_scope
from catalogue.models import Organisation
from tests.web.beheer_support import csrf_token, login

REGION_A = "midden_ijssel"
REGION_B = "ijssel_vecht"
ORG_A = "Coördinatie Organisatie Noord"
ORG_B = "Coördinatie Organisatie Zuid"
# key: (role, organisation); the address is "<key with dashes>@example.org".
ACCOUNTS = {
    "facilitator": ("facilitator", ORG_A),
    "team": ("team", ORG_A),
    "coordinator_a": ("coordinator", ORG_A),
    "coordinator_b": ("coordinator", ORG_B),
    "admin": ("admin", None),
    "target": ("facilitator", ORG_A),  # the account the deactivation tests switch off
}
USERS = ("anonymous", "facilitator", "team", "coordinator_a", "coordinator_b", "admin")
_DIGEST = re.compile(r'name="sha256" value="([0-9a-f]{64})"')
# Every table a coordinator page could write to; compared whole, row by row.
TABLES = ("organisation", '"user"', "membership", "auditentry", "outboxmessage", '"group"')


@dataclass(frozen=True)
class World:
    app: Flask
    engine: Engine
    org_a: int
    org_b: int
    user_ids: dict[str, int]

    def client(self, who: str) -> FlaskClient:
        client = self.app.test_client()
        if who != "anonymous":
            login(client, email_of(who))
        return client


def email_of(key: str) -> str:
    return f"{key.replace('_', '-')}@example.org"


def make_world(app: Flask) -> World:
    engine: Engine = app.extensions["groepenwijzer"].engine
    ids = {}
    with session_scope(engine) as session:
        org_a = Organisation(name=ORG_A, region=REGION_A)
        org_b = Organisation(name=ORG_B, region=REGION_B)
        session.add_all([org_a, org_b])
        session.flush()
        for key, (role, org) in ACCOUNTS.items():
            user = accounts.create_user(
                session,
                email=email_of(key),
                password="lange-zin-voor-tests-42",
                role=role,
                organisation=org,
                actor="test",
            )
            assert user.id is not None
            ids[key] = user.id
        assert org_a.id is not None and org_b.id is not None
        return World(app, engine, org_a.id, org_b.id, ids)


def snapshot(engine: Engine) -> tuple[object, ...]:
    """Every row of every table a coordinator page could change."""
    with engine.connect() as connection:
        return tuple(
            tuple(tuple(row) for row in connection.execute(text(f"SELECT * FROM {t} ORDER BY id")))
            for t in TABLES
        )


def token_for(client: FlaskClient, path: str = "/coordinatie/organisaties") -> str:
    """A CSRF token of the session, from `path` or else another page with a form."""
    for candidate in (path, "/beheer/", "/inloggen"):
        if client.get(candidate).status_code == 200:
            return csrf_token(client, candidate)
    raise AssertionError("no page with a form")


def upload(client: FlaskClient, data: bytes, filename: str = "groepen.csv") -> TestResponse:
    """Upload a file for checking (the preview)."""
    token = token_for(client, "/coordinatie/import")
    return client.post(
        "/coordinatie/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def preview(client: FlaskClient, data: bytes, filename: str = "groepen.csv") -> tuple[int, str]:
    """Upload a file for checking; the status and the page."""
    response = upload(client, data, filename)
    return response.status_code, response.get_data(as_text=True)


def digest_in(html: str) -> str:
    found = _DIGEST.search(html)
    assert found, "no confirm button on the preview"
    return found.group(1)


def pending_files(app: Flask) -> list[Path]:
    folder = Path(app.instance_path) / "pending-imports"
    return sorted(folder.glob("*.upload")) if folder.exists() else []


RowMaker = Callable[..., dict[str, str]]
