"""Crisis help without the database: damaged file, dropped database, killed connections, locks.

Every test serves several requests in a row, some inside and some after the
matcher's check interval (shortened here to CHECK seconds), and each must
show the help: `/hulp-nu` its contact list, a crisis search the crisis block
(`section.crisis`). A search without crisis help that cannot be served is a
calm 503, never a 500. All parts are real: SQLite files, a PostgreSQL server.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from catalogue.db import make_engine, session_scope
from catalogue.groups import load_records, update_group
from catalogue.seed import seed
from catalogue.settings import Settings
from matcher.service import MatchService
from seed_groups import seed_csv
from tests.support import today
from tests.web.html_checks import calm_message_shown, crisis_block_first, help_now_shown
from web import create_app

CHECK = 0.2  # the matcher's check interval in these tests
# Longest a page may wait behind another connection's SQLite lock: "a few seconds", not 30.
LOCK_PATIENCE = 7.0
REQUESTS = 3
CRISIS_SEARCH = "/zoeken?q=ik+wil+dood"
PLAIN_SEARCH = "/zoeken?q=ik+voel+me+eenzaam"


# --- requests ---------------------------------------------------------------------------------


def check_help_every_time(client: FlaskClient, *, expect_calm: bool | None = None) -> None:
    """REQUESTS rounds of /hulp-nu and a crisis search, the last ones after a check interval."""
    for round_ in range(REQUESTS):
        if round_:
            time.sleep(CHECK * 1.5)
        page = client.get("/hulp-nu")
        assert page.status_code == 200, f"/hulp-nu, round {round_ + 1}"
        assert help_now_shown(page.get_data(as_text=True)), f"/hulp-nu, round {round_ + 1}"
        for _twice in range(2):  # inside the interval the matcher does not look again
            found = client.get(CRISIS_SEARCH)
            html = found.get_data(as_text=True)
            assert found.status_code == 200, f"crisis search, round {round_ + 1}"
            assert crisis_block_first(html), f"crisis search, round {round_ + 1}"
            if expect_calm is not None:
                assert calm_message_shown(html) is expect_calm


def check_calm_unavailable(client: FlaskClient) -> None:
    """Without any index: searching, browsing and group pages are calm 503s with help at hand."""
    for path in (PLAIN_SEARCH, "/", "/zoeken?gemeente=Deventer"):
        found = client.get(path)
        html = found.get_data(as_text=True)
        assert found.status_code == 503, path
        assert calm_message_shown(html), path
        assert found.headers["Retry-After"].isdigit()
        assert 'href="/hulp-nu"' in html  # the help bar is on every page
    for path in ("/groepen/1", "/groepen/1.ics", "/zoeken.ics?q=eenzaam", "/zoeken.ics"):
        found = client.get(path)
        assert found.status_code == 503, path
        assert 'href="/hulp-nu"' in found.get_data(as_text=True), path


# --- apps -------------------------------------------------------------------------------------


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[[str], Flask]]:
    """Factory: an app on a database URL whose matcher looks at the catalogue every CHECK s."""
    engines: list[Engine] = []

    def build(url: str) -> Flask:
        engine = make_engine(url)
        engines.append(engine)
        service = MatchService(
            engine, model="none", cache_dir=tmp_path / "model-cache", check_every=CHECK
        )
        settings = Settings(
            instance_path=tmp_path,
            database_url=url,
            model="none",
            model_cache=tmp_path / "model-cache",
            secret_key="test-secret",
            telegram_token="",
            telegram_webhook_url="",
            telegram_webhook_secret="",
            telegram_api_url="http://127.0.0.1:9/bot",
        )
        app = create_app(settings, match_service=service)
        app.config["TESTING"] = True
        return app

    yield build
    for engine in engines:
        engine.dispose()


def serve_once(client: FlaskClient) -> None:
    """A normal first request: the matcher builds its index."""
    found = client.get(PLAIN_SEARCH)
    assert found.status_code == 200 and "card-title" in found.get_data(as_text=True)


def damage(path: Path) -> None:
    """Overwrite every byte of a database file with random garbage."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.write(os.urandom(size))


# --- SQLite -----------------------------------------------------------------------------------


def test_help_now_never_asks_the_database(make_app: Callable[[str], Flask], db_path: Path) -> None:
    app = make_app(f"sqlite:///{db_path}")
    engine: Engine = app.extensions["groepenwijzer"].engine
    asked: list[str] = []
    sa.event.listen(engine, "connect", lambda *_args: asked.append("connect"))
    sa.event.listen(engine, "before_cursor_execute", lambda *args: asked.append(args[2]))
    client = app.test_client()
    for language in ("nl", "en", "nl"):
        time.sleep(CHECK * 1.5)
        page = client.get("/hulp-nu", headers={"Accept-Language": language})
        assert page.status_code == 200 and help_now_shown(page.get_data(as_text=True))
    assert asked == []


def test_sqlite_file_damaged_after_serving(make_app: Callable[[str], Flask], db_path: Path) -> None:
    app = make_app(f"sqlite:///{db_path}")
    client = app.test_client()
    serve_once(client)
    damage(db_path)
    check_help_every_time(client)
    # A worker's fresh connection meets the damage for sure; the last index keeps serving.
    app.extensions["groepenwijzer"].engine.dispose()
    check_help_every_time(client, expect_calm=False)
    assert app.extensions["groepenwijzer"].match_service.failing
    assert client.get(PLAIN_SEARCH).status_code == 200


def test_sqlite_file_damaged_before_start(make_app: Callable[[str], Flask], db_path: Path) -> None:
    damage(db_path)
    client = make_app(f"sqlite:///{db_path}").test_client()
    check_help_every_time(client, expect_calm=True)
    check_calm_unavailable(client)


def test_sqlite_file_missing_its_tables(make_app: Callable[[str], Flask], tmp_path: Path) -> None:
    client = make_app(f"sqlite:///{tmp_path / 'empty.db'}").test_client()
    check_help_every_time(client, expect_calm=True)
    check_calm_unavailable(client)


def _locked(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def _timed_help(client: FlaskClient) -> tuple[float, float]:
    """Seconds for /hulp-nu and for a crisis search (asserting both show the help)."""
    start = time.monotonic()
    page = client.get("/hulp-nu")
    help_seconds = time.monotonic() - start
    assert page.status_code == 200 and help_now_shown(page.get_data(as_text=True))
    time.sleep(CHECK * 1.5)  # the matcher looks at the locked database again
    start = time.monotonic()
    found = client.get(CRISIS_SEARCH)
    search_seconds = time.monotonic() - start
    assert found.status_code == 200 and crisis_block_first(found.get_data(as_text=True))
    return help_seconds, search_seconds


def test_sqlite_write_lock_after_serving(make_app: Callable[[str], Flask], db_path: Path) -> None:
    client = make_app(f"sqlite:///{db_path}").test_client()
    serve_once(client)
    holder = _locked(db_path)
    try:
        help_seconds, search_seconds = _timed_help(client)
    finally:
        holder.rollback()
        holder.close()
    assert help_seconds < 1.0
    # WAL: the catalogue stays readable; only the monitoring write waits for the lock.
    assert search_seconds < LOCK_PATIENCE


def test_sqlite_write_lock_from_before_start(
    make_app: Callable[[str], Flask], db_path: Path
) -> None:
    with sqlite3.connect(db_path) as plain:  # a file still in rollback-journal mode
        assert plain.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    plain.close()
    holder = _locked(db_path)  # EXCLUSIVE: in this mode even readers must wait
    try:
        client = make_app(f"sqlite:///{db_path}").test_client()
        help_seconds, search_seconds = _timed_help(client)
        assert help_seconds < 1.0
        assert search_seconds < LOCK_PATIENCE
        found = client.get(PLAIN_SEARCH)  # no index could be built: calm, not a 500
        assert found.status_code == 503 and calm_message_shown(found.get_data(as_text=True))
    finally:
        holder.rollback()
        holder.close()


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture
def pg_seeded_url(pg_migrated_url: str) -> str:
    engine = make_engine(pg_migrated_url)
    seed(engine, seed_csv(today=today()))
    engine.dispose()
    return pg_migrated_url


def _admin(server: str, statement: str, **params: str) -> None:
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(statement), params)
    finally:
        engine.dispose()


def _drop(server: str, url: str) -> None:
    name = make_url(url).database
    _admin(server, f'DROP DATABASE "{name}" WITH (FORCE)')


def _kill_connections(server: str, url: str) -> None:
    _admin(
        server,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :name AND pid <> pg_backend_pid()",
        name=make_url(url).database or "",
    )


def test_postgres_database_dropped_after_serving(
    make_app: Callable[[str], Flask], _pg_server: str, pg_seeded_url: str
) -> None:
    app = make_app(pg_seeded_url)
    client = app.test_client()
    serve_once(client)
    _drop(_pg_server, pg_seeded_url)
    check_help_every_time(client, expect_calm=False)  # the last index keeps serving
    assert app.extensions["groepenwijzer"].match_service.failing


def test_postgres_database_dropped_before_serving(
    make_app: Callable[[str], Flask], _pg_server: str, pg_seeded_url: str
) -> None:
    client = make_app(pg_seeded_url).test_client()
    _drop(_pg_server, pg_seeded_url)
    check_help_every_time(client, expect_calm=True)
    check_calm_unavailable(client)


def test_postgres_connections_killed(
    make_app: Callable[[str], Flask], _pg_server: str, pg_seeded_url: str
) -> None:
    app = make_app(pg_seeded_url)
    client = app.test_client()
    serve_once(client)
    _kill_connections(_pg_server, pg_seeded_url)
    check_help_every_time(client, expect_calm=False)
    # The pool notices dead connections before use (pool_pre_ping): a catalogue change made
    # after the kill shows on the very first look, not only after a failed one.
    _kill_connections(_pg_server, pg_seeded_url)
    editor = make_engine(pg_seeded_url)
    try:
        with session_scope(editor) as session:
            group = next(r for r in load_records(session) if r.external_id == "vb-049")
            update_group(
                session,
                actor="test",
                group_id=group.id,
                expected_version=group.version,
                changes={"title": "Wandelgroep Na Het Herstel"},
            )
    finally:
        editor.dispose()
    time.sleep(CHECK * 1.5)
    page = client.get(f"/groepen/{group.id}")
    assert page.status_code == 200
    assert "Wandelgroep Na Het Herstel" in page.get_data(as_text=True)
    assert not app.extensions["groepenwijzer"].match_service.failing
