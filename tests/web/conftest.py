"""Fixtures for the web front: a seeded SQLite file per test, the app, and helpers.

Seeding runs once per session into a template file; every test gets its own
copy, so tests that write (monitoring) never see each other's rows. The app
runs without a language model (`model="none"`) so no test loads torch.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.records import GroupRecord
from catalogue.settings import Settings
from tests.support import seeded_database, settings_for_tests, today
from web import create_app

_CARD_LINK = re.compile(r'<h3 class="card-title"><a href="/groepen/(\d+)">')


@pytest.fixture(scope="session")
def _seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_database(tmp_path_factory.mktemp("seeded") / "seeded.db", today=today())


def make_settings(instance: Path, database_url: str, model: str = "none") -> Settings:
    """Settings for tests: no model, no bot, a fixed key."""
    return settings_for_tests(instance, database_url, model=model)


@pytest.fixture(scope="session")
def settings_for() -> Callable[[Path, str], Settings]:
    """Factory: test settings for an instance folder and a database URL."""
    return make_settings


@pytest.fixture
def db_path(tmp_path: Path, _seeded_file: Path) -> Path:
    """A fresh copy of the seeded database."""
    path = tmp_path / "groepenwijzer.db"
    shutil.copyfile(_seeded_file, path)
    return path


@pytest.fixture
def settings(tmp_path: Path, db_path: Path) -> Settings:
    return make_settings(tmp_path, f"sqlite:///{db_path}")


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["groepenwijzer"].engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db_engine(app: Flask) -> Engine:
    """The app's own engine, for asserting database state."""
    engine: Engine = app.extensions["groepenwijzer"].engine
    return engine


@pytest.fixture
def records(db_engine: Engine) -> dict[str, GroupRecord]:
    """All seeded groups by external id (ids are assigned by the database)."""
    with session_scope(db_engine) as session:
        return {r.external_id: r for r in load_records(session)}


@pytest.fixture(scope="session")
def card_ids() -> Callable[[str], list[int]]:
    """Helper: the group ids of the result cards on a page, in order."""

    def ids(html: str) -> list[int]:
        return [int(found) for found in _CARD_LINK.findall(html)]

    return ids


@pytest.fixture
def closed_group_with_later_run(
    db_engine: Engine,
    make_row: Callable[..., dict[str, str]],
    csv_bytes: Callable[..., bytes],
) -> GroupRecord:
    """A closed group whose first run is under way and whose next run starts in 5 weeks.

    Built relative to today, so the tests that need it never depend on the seed's dates.
    """
    from datetime import UTC, datetime, timedelta

    from catalogue.interchange.spreadsheet import import_file
    from catalogue.taxonomy import RRULE_DAYS

    start = datetime.now(UTC).date() - timedelta(days=21)
    later = start + timedelta(weeks=8)
    row = make_row(
        external_id="t-closed-later",
        open_group="nee",
        rrule=f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[start.weekday()]}",
        first_session=f"{start:%Y-%m-%d} 19:00",
        session_count="6",
        until="",
        later_runs=f"{later:%Y-%m-%d}",
        exception_dates="",
    )
    import_file(db_engine, csv_bytes([row]), "t.csv", actor="test")
    with session_scope(db_engine) as session:
        found = [r for r in load_records(session) if r.external_id == "t-closed-later"]
    return found[0]
