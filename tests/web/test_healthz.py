"""`/healthz` (health: process and database) next to `/gezond` (readiness: this process).

Real databases throughout: a seeded SQLite file, a missing and a damaged one,
a PostgreSQL database, a port nobody listens on and a server that accepts
connections but never answers (a frozen or firewalled database). Whatever the
database does, the answer is a 200 or a 503 within a few seconds, never a 500.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_limiter import ExemptionScope
from werkzeug.test import TestResponse

from catalogue.settings import Settings
from tests.support import free_port
from web import create_app
from web.health import PROBE_SECONDS
from web.services import services_of

# A correctness bound (the probe waits PROBE_SECONDS), not a benchmark.
QUICKLY = 5.0


@pytest.fixture
def app_on(
    tmp_path: Path, settings_for: Callable[[Path, str], Settings]
) -> Iterator[Callable[[str], Flask]]:
    """Factory: the real app on any database URL (no model)."""
    apps: list[Flask] = []

    def build(url: str) -> Flask:
        app = create_app(settings_for(tmp_path, url))
        app.config["TESTING"] = True
        apps.append(app)
        return app

    yield build
    for app in apps:
        services_of(app).engine.dispose()
        app.extensions["groepenwijzer.health"].dispose()


def _timed_health(client: FlaskClient) -> tuple[int, dict[str, str], float]:
    """GET /healthz in a helper thread: a hang fails the test instead of stalling the run."""
    answers: list[TestResponse] = []
    start = time.monotonic()
    asking = threading.Thread(target=lambda: answers.append(client.get("/healthz")), daemon=True)
    asking.start()
    asking.join(QUICKLY * 3)
    elapsed = time.monotonic() - start
    if not answers:
        pytest.fail(f"/healthz did not answer within {QUICKLY * 3:.0f} s")
    response = answers[0]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert response.is_json
    return response.status_code, response.get_json(), elapsed


def test_healthz_ok_on_a_working_sqlite_database(client: FlaskClient) -> None:
    status, body, _elapsed = _timed_health(client)
    assert (status, body) == (200, {"database": "ok", "index": "loading"})
    services_of(client.application).match_service.warm_up()
    status, body, _elapsed = _timed_health(client)
    assert (status, body) == (200, {"database": "ok", "index": "ok"})


def test_readiness_and_health_differ_while_the_index_loads(client: FlaskClient) -> None:
    """/gezond says "not yet" (503) while /healthz says "alive, database ok, loading" (200)."""
    ready = client.get("/gezond")
    assert (ready.status_code, ready.get_data(as_text=True)) == (503, "starting")
    assert ready.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").status_code == 200


def test_healthz_is_never_rate_limited_nor_sets_cookies(client: FlaskClient) -> None:
    limiter = client.application.extensions["groepenwijzer.limiter"]
    for endpoint in ("health.healthz", "health.ready"):  # what the limiter asks per request
        scope = limiter.limit_manager.exemption_scope(client.application, endpoint, "health")
        assert ExemptionScope.APPLICATION in scope and ExemptionScope.DEFAULT in scope
    for _ in range(30):
        response = client.get("/healthz", headers={"Accept-Language": "en"})
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers


def test_healthz_503_when_the_sqlite_file_is_missing(
    app_on: Callable[[str], Flask], tmp_path: Path
) -> None:
    missing = tmp_path / "gone" / "groepenwijzer.db"
    app = app_on(f"sqlite:///{missing}")
    missing.unlink(missing_ok=True)  # create_app may have made the folder; not the file
    status, body, elapsed = _timed_health(app.test_client())
    assert status == 503 and body["database"] == "unavailable"
    assert elapsed < QUICKLY
    assert not missing.exists()  # the probe never creates an empty database


def test_healthz_503_when_the_sqlite_file_is_damaged(
    app_on: Callable[[str], Flask], db_path: Path
) -> None:
    client = app_on(f"sqlite:///{db_path}").test_client()
    assert client.get("/healthz").status_code == 200
    db_path.write_bytes(os.urandom(db_path.stat().st_size))
    status, body, elapsed = _timed_health(client)
    assert status == 503 and body["database"] == "unavailable"
    assert elapsed < QUICKLY


def test_healthz_503_when_the_sqlite_file_is_unreadable(
    app_on: Callable[[str], Flask], tmp_path: Path
) -> None:
    """A path that cannot be opened as a file (here: a folder; root reads any mode bits)."""
    folder = tmp_path / "not-a-file.db"
    folder.mkdir()
    status, body, elapsed = _timed_health(app_on(f"sqlite:///{folder}").test_client())
    assert status == 503 and body["database"] == "unavailable"
    assert elapsed < QUICKLY


def test_healthz_ok_on_postgresql(app_on: Callable[[str], Flask], pg_migrated_url: str) -> None:
    status, body, _elapsed = _timed_health(app_on(pg_migrated_url).test_client())
    assert (status, body["database"]) == (200, "ok")


def test_healthz_503_when_postgresql_is_down(app_on: Callable[[str], Flask]) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres"
    status, body, elapsed = _timed_health(app_on(url).test_client())
    assert status == 503 and body["database"] == "unavailable"
    assert elapsed < QUICKLY


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and then never says a word (a frozen server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    server.close()


def test_healthz_does_not_hang_on_a_silent_postgresql(
    app_on: Callable[[str], Flask], silent_server: int
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/postgres"
    client = app_on(url).test_client()
    status, body, elapsed = _timed_health(client)
    assert status == 503 and body["database"] == "unavailable"
    assert PROBE_SECONDS * 0.5 < elapsed < QUICKLY  # it did wait for the server, then gave up
    # The next request waits for the probe still under way, or starts a new one: as quick.
    status, body, elapsed = _timed_health(client)
    assert status == 503 and elapsed < QUICKLY
