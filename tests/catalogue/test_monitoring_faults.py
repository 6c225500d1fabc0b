"""Monitoring under faults (issue 13, finding 6): a killed connection costs no match event.

`record_match` retries once on a connection error; when the retry fails too,
the event is counted as lost (`lost_events()`) and a warning without any text
of the resident is logged. Real databases: a PostgreSQL backend terminated by
`pg_terminate_backend` in the middle of the insert, a SQLite file made
unreachable.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from catalogue.db import make_engine, upgrade
from catalogue.monitoring import MatchFacts, lost_events, record_match

FACTS = MatchFacts(
    channel="web",
    region=None,
    themes=("somberheid",),
    suggested_ids=(1, 2, 3),
    crisis=False,
    municipality="Deventer",
)


def _events(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM matchevent")).scalar_one()


class _KillOnInsert:
    """Terminates the inserting connection's own backend just before its INSERT runs."""

    def __init__(self, admin: Engine, times: int) -> None:
        self.admin, self.left = admin, times

    def __call__(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.left and statement.lstrip().upper().startswith("INSERT INTO MATCHEVENT"):
            self.left -= 1
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with self.admin.connect() as admin:
                admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@pytest.fixture
def admin(pg_migrated_url: str) -> Iterator[Engine]:
    engine = sa.create_engine(pg_migrated_url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def test_a_connection_killed_mid_insert_is_retried(pg_engine: Engine, admin: Engine) -> None:
    before = lost_events()
    kill = _KillOnInsert(admin, times=1)
    event.listen(pg_engine, "before_cursor_execute", kill)
    try:
        record_match(pg_engine, FACTS)
    finally:
        event.remove(pg_engine, "before_cursor_execute", kill)
    assert kill.left == 0  # the fault really happened
    assert _events(pg_engine) == 1
    assert lost_events() == before


def test_two_kills_in_a_row_count_one_loss_and_log_no_text(
    pg_engine: Engine, admin: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    before = lost_events()
    kill = _KillOnInsert(admin, times=2)
    event.listen(pg_engine, "before_cursor_execute", kill)
    try:
        with caplog.at_level(logging.WARNING, logger="catalogue.monitoring"):
            record_match(pg_engine, FACTS)
    finally:
        event.remove(pg_engine, "before_cursor_execute", kill)
    assert kill.left == 0
    assert lost_events() == before + 1
    assert _events(pg_engine) == 0
    (warning,) = [r for r in caplog.records if r.name == "catalogue.monitoring"]
    assert warning.levelno == logging.WARNING
    assert "somberheid" not in warning.getMessage() and "Deventer" not in warning.getMessage()
    assert warning.exc_info is None  # no traceback with SQL parameters
    record_match(pg_engine, FACTS)  # and the next event is stored again
    assert _events(pg_engine) == 1


def test_an_unreachable_sqlite_file_counts_a_loss(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'groepenwijzer.db'}"
    upgrade(url)
    engine = make_engine(url)
    record_match(engine, FACTS)
    assert _events(engine) == 1
    engine.dispose()
    shutil.rmtree(folder)  # the disk is gone: every new connection fails
    before = lost_events()
    with caplog.at_level(logging.WARNING, logger="catalogue.monitoring"):
        record_match(engine, FACTS)  # no exception for the caller
    assert lost_events() == before + 1
    assert any("lost" in r.getMessage() for r in caplog.records)
    engine.dispose()


def test_bad_facts_are_still_refused(engine: Engine) -> None:
    before = lost_events()
    with pytest.raises(ValueError, match="channel"):
        record_match(engine, MatchFacts("fax", None, (), (), False))
    assert lost_events() == before


def test_a_held_sqlite_lock_is_counted_without_a_second_wait(engine: Engine) -> None:
    """The page already waited the busy timeout once; a retry would make it wait twice."""
    import time

    from catalogue.db import SQLITE_BUSY_SECONDS

    before = lost_events()
    with engine.connect() as holder:
        holder.exec_driver_sql("BEGIN IMMEDIATE")
        started = time.monotonic()
        assert record_match(engine, FACTS) is False
        waited = time.monotonic() - started
        holder.exec_driver_sql("ROLLBACK")
    assert lost_events() == before + 1
    assert waited < SQLITE_BUSY_SECONDS * 1.6
