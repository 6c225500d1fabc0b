"""Readiness (`/gezond`) and health (`/healthz`) for load balancers and monitoring.

Two questions, two endpoints, one source for the index state (`index_state`):

- `/gezond` — readiness of *this process*: "starting" (503) until the model, the
  index and the semantic crisis layer are loaded, then "ok". It never asks the
  database, so during a database outage the process stays "ready" and keeps
  serving `/hulp-nu` and the crisis block (which need no database).
- `/healthz` — health of the process *and its database*: 200
  `{"database": "ok", "index": "ok"|"loading"}` when the database answers, 503
  `{"database": "unavailable", …}` when it does not. The database is asked on a
  connection of its own (no pool, so every check also proves that a new connection
  can be made) with short connect and statement timeouts, in a helper thread the
  request waits for at most PROBE_SECONDS: a dead, frozen or firewalled database
  answers 503 within that time, never a hang and never a 500. While one probe is
  still waiting for the database, later requests wait for that same probe instead
  of starting another, so a hanging database cannot pile up threads or connections.

Both answer without cookies, with `Cache-Control: no-store`, and are exempt from
rate limits (load balancers ask every few seconds from one address).
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from concurrent.futures import Future
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Flask, Response, current_app, jsonify
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from web.services import match_service, services_of

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)
KEY = "groepenwijzer.health"
# The longest /healthz waits for the database before it says "unavailable".
PROBE_SECONDS = 2.0


class DatabaseProbe:
    """`SELECT 1` on its own short-timeout connection, one attempt at a time, bounded in time."""

    def __init__(self, url: str, timeout: float = PROBE_SECONDS) -> None:
        self.timeout = timeout
        self._engine = probe_engine(url, timeout)
        self._lock = threading.Lock()
        self._pending: Future[bool] | None = None

    def answers(self) -> bool:
        """Whether the database answered within `timeout` seconds (never raises, never hangs)."""
        with self._lock:
            pending = self._pending
            if pending is None or pending.done():
                pending = Future()
                self._pending = pending
                # A daemon thread: a probe stuck in a driver call never holds up shutdown.
                threading.Thread(
                    target=self._run, args=(pending,), name="healthz-probe", daemon=True
                ).start()
        try:
            return pending.result(timeout=self.timeout)
        except TimeoutError:
            log.warning("health check: database did not answer within %.1f s", self.timeout)
            return False
        except Exception as exc:  # the driver's error: its type only, never its text
            log.warning("health check: database unavailable (%s)", type(exc).__name__)
            return False

    def _run(self, pending: Future[bool]) -> None:
        try:
            with self._engine.connect() as conn:
                if conn.dialect.name == "postgresql":  # for this transaction only
                    milliseconds = int(self.timeout * 1000)
                    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")
                if conn.dialect.name == "sqlite":
                    # SELECT 1 alone never reads the file; the schema cookie is in its header.
                    conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
                conn.exec_driver_sql("SELECT 1").scalar_one()
        except BaseException as exc:
            pending.set_exception(exc)
        else:
            pending.set_result(True)

    def dispose(self) -> None:
        """Close the probe's engine (no connections are pooled; for tests and shutdown)."""
        self._engine.dispose()


def probe_engine(url: str, timeout: float) -> Engine:
    """An engine for health probes only: no pool, short timeouts, never creates a file.

    PostgreSQL: libpq's `connect_timeout` (whole seconds, at least 2); the probe sets
    `statement_timeout` with SET LOCAL, not as a startup option a pooler may refuse.
    SQLite: the file opened read-write without `create` (a missing file is
    "unavailable", not a new empty database) and a short busy timeout.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or "mode=memory" in url:
            return create_engine("sqlite://", poolclass=NullPool)
        target = f"file:{quote(database)}?mode=rw"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(target, uri=True, timeout=timeout, check_same_thread=False)

        return create_engine("sqlite://", poolclass=NullPool, creator=connect)
    connect_args: dict[str, Any] = {}
    if backend == "postgresql":
        connect_args = {"connect_timeout": max(2, math.ceil(timeout))}
    return create_engine(parsed, poolclass=NullPool, connect_args=connect_args)


def index_state() -> str:
    """'ok' when matching answers at full strength (model, index, crisis layer), else 'loading'."""
    return "ok" if match_service().ready else "loading"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/gezond")
def ready() -> Response:
    """Readiness: "starting" (503) until the model and index are loaded, then "ok".

    Load balancers send no traffic to a worker that says 503, so nobody waits for the
    model. Also the ceiling in the speed benchmark.
    """
    if index_state() != "ok":
        response = Response("starting", status=503, mimetype="text/plain")
        response.headers["Retry-After"] = "5"
        return _no_store(response)
    return _no_store(Response("ok", mimetype="text/plain"))


@bp.get("/healthz")
def healthz() -> Response:
    """Health: does the database answer (200/503), and is the matcher's index loaded."""
    try:
        index = index_state()
    except Exception:  # never a 500 from a health check
        log.exception("health check: index state unknown")
        index = "loading"
    probe: DatabaseProbe = current_app.extensions[KEY]
    if probe.answers():
        response = jsonify(database="ok", index=index)
    else:
        response = jsonify(database="unavailable", index=index)
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return _no_store(response)


def init_app(app: Flask, limiter: Any = None) -> None:
    """Register the endpoints, the app's database probe and the rate-limit exemption."""
    engine = services_of(app).engine
    app.extensions[KEY] = DatabaseProbe(engine.url.render_as_string(hide_password=False))
    if limiter is not None:
        limiter.exempt(bp)
    app.register_blueprint(bp)
