"""Coordinator pages over HTTP: organisations, people, import with preview, export.

A real app on a migrated SQLite file and on PostgreSQL, real accounts, CSRF on.
Refused requests must leave every table exactly as it was; allowed ones must
really change it (docs/accounts.md, "Coordinator pages").
"""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue.db import session_scope
from catalogue.interchange.spreadsheet import import_file
from catalogue.models import AuditEntry, Group, Membership, OutboxMessage, User
from catalogue.settings import Settings
from tests.web.beheer_support import cheap_hashes, login
from tests.web.coordination_support import (
    ORG_A,
    ORG_B,
    REGION_A,
    USERS,
    RowMaker,
    World,
    digest_in,
    email_of,
    make_world,
    pending_files,
    preview,
    snapshot,
    token_for,
    upload,
)
from web import create_app, pending_imports

ALLOWED = {"coordinator_a", "admin"}
ROUTES = ("org_create", "org_rename", "invite", "deactivate", "import_preview", "import_confirm")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    settings_for: Callable[[Path, str], Settings],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[World]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_migrated_url")
    app = create_app(settings_for(tmp_path, url))
    app.config["TESTING"] = True
    cheap_hashes(monkeypatch)
    found = make_world(app)
    yield found
    found.engine.dispose()


def _rows(make_row: RowMaker, org: str = ORG_A) -> bytes:
    from tests.conftest import _csv_bytes

    return _csv_bytes(
        [
            make_row(external_id="co-001", organisation=org),
            make_row(external_id="co-002", organisation=org, title="Wandelen in de wijk"),
        ]
    )


def _post(world: World, who: str, route: str, make_row: RowMaker) -> tuple[int, str, str]:
    """Do one route as `who`; status, redirect target and page text."""
    client = world.client(who)
    token = token_for(client)
    if route == "import_preview":
        response = upload(client, _rows(make_row))
        return response.status_code, response.location or "", response.get_data(as_text=True)
    if route == "import_confirm":
        digest = "0" * 64
        if who in ALLOWED:
            status, html = preview(client, _rows(make_row))
            assert status == 200, html[:600]
            digest = digest_in(html)
        elif who == "coordinator_b":
            status, html = preview(client, _rows(make_row))
            assert status == 400 and "hoort niet bij jouw regio" in html
        path, data = "/coordinatie/import/bevestig", {"sha256": digest}
    elif route == "org_create":
        path, data = "/coordinatie/organisaties", {"name": "Buurtkracht", "region": REGION_A}
    elif route == "org_rename":
        path, data = f"/coordinatie/organisaties/{world.org_a}/naam", {"name": "Noord Nieuw"}
    elif route == "invite":
        path = "/coordinatie/mensen/uitnodigen"
        data = {"email": "nieuw@example.org", "role": "facilitator", "organisation": world.org_a}
    else:
        path, data = f"/coordinatie/mensen/{world.user_ids['target']}/uitzetten", {}
    response = client.post(path, data={"csrf_token": token, **data})
    return response.status_code, response.location or "", response.get_data(as_text=True)


REFUSED_B = {"import_preview": 400, "import_confirm": 409}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", USERS)
def test_access_matrix(world: World, make_row: RowMaker, who: str, route: str) -> None:
    before = snapshot(world.engine)
    status, location, html = _post(world, who, route, make_row)
    after = snapshot(world.engine)
    if who == "anonymous":
        assert status == 302 and location.startswith("/inloggen")
        assert after == before
    elif who in ALLOWED and route == "import_preview":
        assert status == 200, html[:500]
        assert after == before  # a preview writes nothing
    elif who in ALLOWED:
        assert status == 303, html[:800]
        assert after != before
    elif who == "coordinator_b":
        assert status == REFUSED_B.get(route, 403), html[:500]
        assert after == before
    else:
        assert status == 403
        assert after == before


@pytest.mark.parametrize("who", USERS)
def test_pages_per_user(world: World, who: str) -> None:
    client = world.client(who)
    for path in (
        "/coordinatie/organisaties",
        "/coordinatie/mensen",
        "/coordinatie/import",
        "/coordinatie/catalogus.csv",
        "/coordinatie/catalogus.xlsx",
    ):
        response = client.get(path)
        if who == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if "coordinator" in who or who == "admin" else 403)


def test_region_coordinator_sees_only_own_region(world: World) -> None:
    with session_scope(world.engine) as session:  # someone working in both regions
        session.add(Membership(user_id=world.user_ids["team"], organisation_id=world.org_b,
                               role="team"))  # fmt: skip
    client = world.client("coordinator_a")
    orgs = client.get("/coordinatie/organisaties").get_data(as_text=True)
    assert ORG_A in orgs and ORG_B not in orgs
    people = client.get("/coordinatie/mensen").get_data(as_text=True)
    assert email_of("facilitator") in people and email_of("target") in people
    assert email_of("coordinator_b") not in people and email_of("admin") not in people
    assert email_of("team") not in people  # also in region B: only a region-wide account manages
    assert 'value="admin"' not in people  # no admin role offered
    assert 'value="geen"' not in people  # nor a region-wide membership
    admin = world.client("admin").get("/coordinatie/mensen").get_data(as_text=True)
    assert email_of("coordinator_b") in admin and 'value="admin"' in admin


def test_coordinator_cannot_create_admins(world: World) -> None:
    client = world.client("coordinator_a")
    before = snapshot(world.engine)
    for org in (str(world.org_a), "geen"):
        data = {"email": "baas@example.org", "role": "admin", "organisation": org}
        response = client.post(
            "/coordinatie/mensen/uitnodigen", data={"csrf_token": token_for(client), **data}
        )
        assert response.status_code == 403
    assert snapshot(world.engine) == before
    admin = world.client("admin")
    data = {"email": "baas@example.org", "role": "admin", "organisation": "geen"}
    response = admin.post(
        "/coordinatie/mensen/uitnodigen", data={"csrf_token": token_for(admin), **data}
    )
    assert response.status_code == 303


def test_invitation_goes_to_the_outbox_only(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = world.client("coordinator_a")
    data = {"email": "Nieuw@Example.org", "role": "team", "organisation": str(world.org_a)}
    response = client.post(
        "/coordinatie/mensen/uitnodigen", data={"csrf_token": token_for(client), **data}
    )
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "uitnodiging voor nieuw@example.org staat klaar" in page
    with session_scope(world.engine) as session:
        mails = session.exec(select(OutboxMessage)).all()
        assert len(mails) == 1 and mails[0].kind == "invite" and mails[0].to == "nieuw@example.org"
        link = next(line for line in mails[0].body.splitlines() if "/uitnodiging/" in line)
        token = link.rsplit("/", 1)[-1]
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "invite")).one()
        assert audit.actor == email_of("coordinator_a")
    assert len(token) > 20
    assert token not in page and token not in response.get_data(as_text=True)
    assert token not in caplog.text
    assert all(token not in str(record.__dict__) for record in caplog.records)


def test_deactivation_ends_live_sessions(world: World) -> None:
    target = world.client("target")
    assert target.get("/beheer/").status_code == 200
    client = world.client("coordinator_a")
    response = client.post(
        f"/coordinatie/mensen/{world.user_ids['target']}/uitzetten",
        data={"csrf_token": token_for(client)},
    )
    assert response.status_code == 303
    assert target.get("/beheer/").status_code == 302
    with session_scope(world.engine) as session:
        assert session.get(User, world.user_ids["target"]).active is False  # type: ignore[union-attr]
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "deactivate")).one()
        assert entry.actor == email_of("coordinator_a")
        assert entry.entity_id == str(world.user_ids["target"])
    # One's own account: refused with a message, nothing written.
    before = snapshot(world.engine)
    response = client.post(
        f"/coordinatie/mensen/{world.user_ids['coordinator_a']}/uitzetten",
        data={"csrf_token": token_for(client)},
    )
    assert response.status_code == 400
    assert snapshot(world.engine) == before


def test_organisation_names_are_checked(world: World) -> None:
    client = world.client("admin")
    before = snapshot(world.engine)
    for data in (
        {"name": ORG_B, "region": REGION_A},
        {"name": " ", "region": REGION_A},
        {"name": "Goed", "region": "nergens"},
    ):
        response = client.post(
            "/coordinatie/organisaties", data={"csrf_token": token_for(client), **data}
        )
        assert response.status_code == 400
        assert 'id="problemen"' in response.get_data(as_text=True)
    assert snapshot(world.engine) == before


def test_preview_writes_nothing_and_lists_every_row_problem(
    world: World,
    make_row: RowMaker,
    csv_bytes: Callable[..., bytes],
    table_counts: Callable[[Engine], dict[str, int]],
) -> None:
    client = world.client("coordinator_a")
    bad = csv_bytes(
        [
            make_row(external_id="co-001", organisation=ORG_A, domain="sport"),
            make_row(external_id="co-002", organisation=ORG_A),
            make_row(external_id="co-003", organisation=ORG_B, age_min="tien"),
        ]
    )
    counts, before = table_counts(world.engine), snapshot(world.engine)
    status, html = preview(client, bad)
    assert status == 400
    assert "rij 2, kolom domain" in html
    assert "rij 4, kolom age_min" in html
    assert f"rij 4, kolom organisation: &#39;{ORG_B}&#39; hoort niet bij jouw regio" in html
    assert 'name="sha256"' not in html  # no confirm button
    assert table_counts(world.engine) == counts and snapshot(world.engine) == before
    assert pending_files(world.app) == []


def test_preview_counts_new_changed_unchanged_then_confirm_imports(
    world: World,
    make_row: RowMaker,
    csv_bytes: Callable[..., bytes],
    table_counts: Callable[[Engine], dict[str, int]],
) -> None:
    first = [
        make_row(external_id="co-001", organisation=ORG_A),
        make_row(external_id="co-002", organisation=ORG_A),
    ]
    import_file(world.engine, csv_bytes(first), "eerst.csv", actor="test")
    second = [
        first[0],
        make_row(external_id="co-002", organisation=ORG_A, title="Nieuwe titel"),
        make_row(external_id="co-003", organisation=ORG_A),
    ]
    client = world.client("coordinator_a")
    counts = table_counts(world.engine)
    status, html = preview(client, csv_bytes(second))
    assert status == 200, html[:800]
    assert '<th scope="row">Nieuwe groepen</th><td>1</td>' in html
    assert '<th scope="row">Gewijzigde groepen</th><td>1</td>' in html
    assert '<th scope="row">Groepen zonder wijziging</th><td>1</td>' in html
    assert table_counts(world.engine) == counts
    assert len(pending_files(world.app)) == 1
    response = client.post(
        "/coordinatie/import/bevestig",
        data={"csrf_token": token_for(client), "sha256": digest_in(html)},
    )
    assert response.status_code == 303
    done = client.get(response.location).get_data(as_text=True)
    assert "1 nieuw, 1 gewijzigd, 1 ongewijzigd" in done
    with session_scope(world.engine) as session:
        titles = {g.external_id: g.title for g in session.exec(select(Group)).all()}
    assert titles["co-002"] == "Nieuwe titel" and "co-003" in titles
    assert pending_files(world.app) == []  # deleted after use
    # The same confirmation again: nothing pending any more.
    again = client.post(
        "/coordinatie/import/bevestig",
        data={"csrf_token": token_for(client), "sha256": digest_in(html)},
    )
    assert again.status_code == 409


def test_a_file_changed_between_preview_and_confirm_is_refused(
    world: World, make_row: RowMaker, csv_bytes: Callable[..., bytes]
) -> None:
    client = world.client("admin")
    one = csv_bytes([make_row(external_id="co-001", organisation=ORG_A)])
    two = csv_bytes([make_row(external_id="co-009", organisation=ORG_A)])
    before = snapshot(world.engine)
    # Two tabs: the first preview's button after a second file was checked.
    _, first = preview(client, one)
    _, second = preview(client, two)
    assert digest_in(first) != digest_in(second)
    assert len(pending_files(world.app)) == 1  # the second replaced the first
    response = client.post(
        "/coordinatie/import/bevestig",
        data={"csrf_token": token_for(client), "sha256": digest_in(first)},
    )
    assert response.status_code == 409
    assert "niet meer hetzelfde bestand" in response.get_data(as_text=True)
    assert snapshot(world.engine) == before
    assert pending_files(world.app) == []
    # The stored bytes changed on the server after the preview.
    _, page = preview(client, one)
    (stored,) = pending_files(world.app)
    stored.write_bytes(two)
    response = client.post(
        "/coordinatie/import/bevestig",
        data={"csrf_token": token_for(client), "sha256": digest_in(page)},
    )
    assert response.status_code == 409
    assert snapshot(world.engine) == before


def test_an_old_preview_expires_and_the_cookie_holds_no_file(
    world: World, make_row: RowMaker, csv_bytes: Callable[..., bytes]
) -> None:
    client = world.client("admin")
    data = csv_bytes([make_row(external_id="co-001", organisation=ORG_A)])
    _, page = preview(client, data)
    cookie = client.get_cookie("session")
    assert cookie is not None
    serializer = world.app.session_interface.get_signing_serializer(world.app)  # type: ignore[attr-defined]
    stored = serializer.loads(cookie.value)
    assert set(stored["pending_import"]) == {"token", "sha256", "name", "at"}
    assert b"co-001" not in cookie.value.encode() and "co-001" not in str(stored)
    before = snapshot(world.engine)
    # The session's preview is older than MAX_AGE (the file itself is still there).
    with client.session_transaction() as session:
        info = dict(session["pending_import"])
        info["at"] -= pending_imports.MAX_AGE + 1
        session["pending_import"] = info
    response = client.post(
        "/coordinatie/import/bevestig",
        data={"csrf_token": token_for(client), "sha256": digest_in(page)},
    )
    assert response.status_code == 409
    assert snapshot(world.engine) == before
    assert pending_files(world.app) == []
    # A stored file older than MAX_AGE is swept away by the next preview or confirmation.
    _, page = preview(client, data)
    (stored,) = pending_files(world.app)
    old = time.time() - pending_imports.MAX_AGE - 1
    os.utime(stored, (old, old))
    response = client.post(
        "/coordinatie/import/bevestig",
        data={"csrf_token": token_for(client), "sha256": digest_in(page)},
    )
    assert response.status_code == 409
    assert snapshot(world.engine) == before


def test_uploads_of_the_wrong_kind_are_refused(world: World) -> None:
    client = world.client("admin")
    status, html = preview(client, b"hallo", "groepen.txt")
    assert status == 400 and "Kies een .csv- of .xlsx-bestand." in html
    status, html = preview(client, b"external_id,titel\r\nx,y\r\n", "groepen.csv")
    assert status == 400 and "kolom &#39;titel&#39; is onbekend" in html
    # Built by hand: the test client would spool a large file to an unclosed temporary file.
    token = token_for(client)
    body = (
        (
            f'--grens\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            '--grens\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"x" * 3_000_000
        + b"\r\n--grens--\r\n"
    )
    before = snapshot(world.engine)
    too_big = client.post(
        "/coordinatie/import", data=body, content_type="multipart/form-data; boundary=grens"
    )
    assert too_big.status_code == 413
    assert snapshot(world.engine) == before and pending_files(world.app) == []


def test_exports_download_the_whole_catalogue(
    world: World, make_row: RowMaker, csv_bytes: Callable[..., bytes]
) -> None:
    rows = [
        make_row(external_id="co-001", organisation=ORG_A),
        make_row(external_id="co-002", organisation=ORG_B),
    ]
    import_file(world.engine, csv_bytes(rows), "t.csv", actor="test")
    client = world.client("coordinator_a")
    text = client.get("/coordinatie/catalogus.csv")
    assert text.mimetype == "text/csv" and "attachment" in text.headers["Content-Disposition"]
    assert "co-001" in text.get_data(as_text=True) and "co-002" in text.get_data(as_text=True)
    sheet = client.get("/coordinatie/catalogus.xlsx")
    assert sheet.status_code == 200
    workbook = load_workbook(io.BytesIO(sheet.data), read_only=True)
    values = [row[0] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    assert values == ["external_id", "co-001", "co-002"]


def test_get_never_changes_state_and_csrf_is_required(world: World) -> None:
    client = world.client("admin")
    before = snapshot(world.engine)
    for path in (
        f"/coordinatie/organisaties/{world.org_a}/naam",
        "/coordinatie/mensen/uitnodigen",
        f"/coordinatie/mensen/{world.user_ids['target']}/uitzetten",
        "/coordinatie/import/bevestig",
    ):
        assert client.get(path).status_code == 405
    response = client.post(
        f"/coordinatie/mensen/{world.user_ids['target']}/uitzetten", data={"csrf_token": "nep"}
    )
    assert response.status_code == 400
    response = client.post("/coordinatie/organisaties", data={"name": "X Y", "region": REGION_A})
    assert response.status_code == 400
    assert snapshot(world.engine) == before


def test_navigation_links(world: World) -> None:
    coordinator = world.client("coordinator_a")
    dashboard = coordinator.get("/coordinatie/").get_data(as_text=True)
    for path in ("/coordinatie/organisaties", "/coordinatie/mensen", "/coordinatie/import"):
        assert f'href="{path}"' in dashboard
    assert 'href="/coordinatie/"' in coordinator.get("/beheer/").get_data(as_text=True)
    facilitator = world.client("facilitator")
    assert 'href="/coordinatie/"' not in facilitator.get("/beheer/").get_data(as_text=True)


def test_login_then_pages(world: World) -> None:
    client = world.app.test_client()
    assert client.get("/coordinatie/import").status_code == 302
    login(client, email_of("coordinator_b"))
    assert client.get("/coordinatie/import").status_code == 200
