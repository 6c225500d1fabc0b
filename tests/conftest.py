"""Shared fixtures: real SQLite and PostgreSQL databases and valid spreadsheet rows.

PostgreSQL tests create a fresh, uniquely named database on the local server
(`GROEPENWIJZER_TEST_PG` overrides the server URL) and drop it afterwards.
Without a reachable server they are skipped — unless `GROEPENWIJZER_REQUIRE_PG=1`
(as in CI), when they fail instead. Redis tests follow the same rule: the server
at `GROEPENWIJZER_TEST_REDIS` (default redis://127.0.0.1:6379/0), skipped when
absent unless `GROEPENWIJZER_REQUIRE_REDIS=1`. They share the server, so each
test uses its own key names and removes only its own keys.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from catalogue.db import make_engine, upgrade
from catalogue.interchange.rows import COLUMNS

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_DEFAULT = "redis://127.0.0.1:6379/0"

# The tables an import writes to; "nothing written" means none of these counts changed.
CATALOGUE_TABLES = (
    "organisation",
    "location",
    "group",
    "grouparea",
    "schedule",
    "scheduleexception",
    "run",
    "auditentry",
)

# One valid transfertafel row (docs/spreadsheet.md): a weekly open group in Deventer.
BASE_ROW: dict[str, str] = {
    "external_id": "grp-001",
    "title": "Lotgenotengroep somberheid",
    "summary": "Elke week samen praten over wat somberheid met je doet.",
    "description": "Een open groep.\nJe kunt elke week instappen.",
    "domain": "zelfhulp",
    "elements": "lotgenotencontact;psychoeducatie",
    "themes": "somberheid;eenzaamheid",
    "tags": "praten;herkenning",
    "audience": "volwassenen",
    "age_min": "18",
    "age_max": "",
    "special_audiences": "",
    "languages": "nl;en",
    "open_group": "ja",
    "mode": "locatie",
    "access_route": "zonder_verwijzing",
    "cost": "gratis",
    "cost_note": "",
    "capacity": "12",
    "places_left": "4",
    "waiting_weeks": "0",
    "facilitator_roles": "ervaringsdeskundige;vrijwilliger",
    "organisation": "Stichting Samen Verder",
    "contact_phone": "0570 123456",
    "contact_email": "info@samenverder.example",
    "registration_url": "https://samenverder.example/aanmelden",
    "location_name": "Buurthuis De Hoven",
    "address": "Hovenweg 1",
    "postcode": "7411 AB",
    "municipality": "Deventer",
    "service_area": "Deventer;Voorst",
    "accessibility": "rolstoeltoegankelijk",
    "address_after_registration": "nee",
    "rrule": "FREQ=WEEKLY;BYDAY=TU",
    "first_session": "2026-09-01 19:30",
    "duration_minutes": "90",
    "until": "2027-06-29",
    "session_count": "",
    "exception_dates": "2026-12-29;2027-04-27",
    "enrolment_open": "ja",
    "next_intake": "",
    "later_runs": "",
    "status": "actief",
    "last_confirmed": "2026-08-15",
    "example": "nee",
}


# --- pure helpers, offered as fixtures so test modules need no imports from here -----------


def _make_row(**overrides: str) -> dict[str, str]:
    unknown = set(overrides) - set(COLUMNS)
    if unknown:
        raise KeyError(f"not spreadsheet columns: {sorted(unknown)}")
    return {column: overrides.get(column, BASE_ROW.get(column, "")) for column in COLUMNS}


def _csv_bytes(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(
        out, fieldnames=columns or list(COLUMNS), lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
            for name in CATALOGUE_TABLES
        }


@pytest.fixture(scope="session")
def make_row() -> Callable[..., dict[str, str]]:
    """Factory: a valid spreadsheet row (every column, as text) with overrides."""
    return _make_row


@pytest.fixture(scope="session")
def csv_bytes() -> Callable[..., bytes]:
    """Helper: rows → UTF-8 CSV bytes with the header in COLUMNS order."""
    return _csv_bytes


@pytest.fixture(scope="session")
def table_counts() -> Callable[[Engine], dict[str, int]]:
    """Helper: row counts of every table an import writes to."""
    return _table_counts


# --- SQLite -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head per session; tests get their own copy (much faster)."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _migrated_sqlite_file: Path) -> str:
    """A fresh SQLite file in tmp_path, migrated to head."""
    path = tmp_path / "test.db"
    shutil.copyfile(_migrated_sqlite_file, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """An engine on the migrated SQLite database."""
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_base_url() -> str:
    return os.environ.get("GROEPENWIJZER_TEST_PG") or PG_DEFAULT


def _admin_engine(base: str) -> Engine:
    return sa.create_engine(
        base,
        isolation_level="AUTOCOMMIT",
        poolclass=sa.pool.NullPool,
        connect_args={"connect_timeout": 5},
    )


@pytest.fixture(scope="session")
def _pg_server() -> str:
    """The server's base URL once it answered; skip (or fail when required) otherwise."""
    base = _pg_base_url()
    shown = make_url(base).render_as_string(hide_password=True)
    try:
        with _admin_engine(base).connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any driver/connect error means "not reachable"
        reason = f"PostgreSQL not reachable at {shown}: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("GROEPENWIJZER_REQUIRE_PG") == "1":
            pytest.fail(reason + " (GROEPENWIJZER_REQUIRE_PG=1)", pytrace=False)
        pytest.skip(reason)
    return base


@contextmanager
def _pg_database(base: str, template: str | None = None) -> Iterator[str]:
    """Create a uniquely named database (optionally a copy of `template`), drop it after."""
    name = f"gw_test_{uuid.uuid4().hex[:16]}"
    admin = _admin_engine(base)
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield name
    finally:
        with admin.connect() as conn:  # end connections a test left open, then drop
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _pg_url_of(base: str, database: str) -> str:
    return make_url(base).set(database=database).render_as_string(hide_password=False)


@pytest.fixture
def pg_url(_pg_server: str) -> Iterator[str]:
    """A fresh, empty, uniquely named PostgreSQL database; dropped after the test."""
    with _pg_database(_pg_server) as name:
        yield _pg_url_of(_pg_server, name)


@pytest.fixture(scope="session")
def _pg_migrated_template(_pg_server: str) -> Iterator[str]:
    """A database migrated once per session, copied for each test that needs the schema."""
    with _pg_database(_pg_server) as name:
        upgrade(_pg_url_of(_pg_server, name))  # alembic's env uses NullPool: no open connection
        yield name


@pytest.fixture
def pg_migrated_url(_pg_server: str, _pg_migrated_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database already migrated to head; dropped after the test."""
    with _pg_database(_pg_server, template=_pg_migrated_template) as name:
        yield _pg_url_of(_pg_server, name)


@pytest.fixture
def pg_engine(pg_migrated_url: str) -> Iterator[Engine]:
    """An engine on a fresh PostgreSQL database migrated to head."""
    engine = make_engine(pg_migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine_any(request: pytest.FixtureRequest) -> Engine:
    """The same test on a migrated SQLite and a migrated PostgreSQL database."""
    fixture = "engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(fixture)


# --- Redis ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server_url() -> str:
    """The Redis server's URL once it answered; skip (or fail when required) otherwise."""
    import redis

    url = os.environ.get("GROEPENWIJZER_TEST_REDIS") or REDIS_DEFAULT
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = f"Redis not reachable at {url}: {exc}"
        if os.environ.get("GROEPENWIJZER_REQUIRE_REDIS") == "1":
            pytest.fail(reason + " (GROEPENWIJZER_REQUIRE_REDIS=1)", pytrace=False)
        pytest.skip(reason)
    finally:
        client.close()
    return url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use a PostgreSQL or Redis fixture directly carry its marker."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if {"pg_url", "pg_migrated_url", "pg_engine"} & names:
            item.add_marker(pytest.mark.postgres)
        if "redis_server_url" in names:
            item.add_marker(pytest.mark.redis)
