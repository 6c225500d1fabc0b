"""Engines, sessions and migrations. Engines are made from settings, never at import.

Every engine checks a pooled connection before use (`pool_pre_ping`), so a
restarted or dropped server costs one reconnect instead of an error. SQLite
waits only briefly for a lock and runs file databases in WAL mode, so readers
(the crisis page, searches) keep working while an import writes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from catalogue import models  # noqa: F401  (registers the tables on SQLModel.metadata)

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# How long a SQLite reader or writer waits for another connection's lock before it fails.
# Short, so a page never hangs behind a long import; what fails then fails soft.
SQLITE_BUSY_SECONDS = 5.0
# How long a PostgreSQL connection attempt may take (an unreachable host must not hang pages).
PG_CONNECT_SECONDS = 5


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine that survives dropped connections and does not hang on locks."""
    kwargs.setdefault("pool_pre_ping", True)
    sqlite_file = False
    if url.startswith("sqlite"):
        kwargs.setdefault(
            "connect_args", {"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
        database = make_url(url).database or ""
        sqlite_file = bool(database) and database != ":memory:" and "mode=memory" not in url
        if sqlite_file:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    elif url.startswith("postgresql"):
        kwargs.setdefault("connect_args", {"connect_timeout": PG_CONNECT_SECONDS})
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_file_pragmas if sqlite_file else _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_file_pragmas(dbapi_connection: Any, record: Any) -> None:
    """Foreign keys on, and WAL so readers never wait for a writer.

    Switching to WAL needs a moment without other connections' locks; it is
    tried without waiting and simply left for a later connection when the
    file is busy. A damaged file fails here too: the caller's own query then
    reports it, as it would without this step.
    """
    _sqlite_pragmas(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        log.info("SQLite stays in its journal mode for now (%s)", type(exc).__name__)
    finally:
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
        cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A transaction: commit on success, roll back everything on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str) -> Config:
    """Alembic configuration without an ini file, so it works from an installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database schema up to `revision` through the migrations."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Step the schema back (used by migration tests)."""
    command.downgrade(alembic_config(url), revision)
