"""Large imports into a SQLite file: stage on a copy, then swap the changes in at once.

A 20,000-row import written straight into the live file held SQLite's write
lock for the whole run (30 s and more): every other writer — an editor's save,
the match events a search records — waited its busy timeout and failed. Here
the live file is locked only for the swap:

1. `snapshot`: a consistent copy of the live file (SQLite's backup API, under
   one read transaction; WAL lets writers carry on meanwhile).
2. `stage`: a second copy of the snapshot, into which the ordinary import runs
   (all its checks, versions and audit entries), taking as long as it takes.
3. The swap, in one `BEGIN IMMEDIATE` transaction on the live file: if none
   of the catalogue tables changed in the live file since the snapshot, the
   rows the import changed (stage minus snapshot) are written, the rows it
   removed are deleted and its audit entries are appended; then commit. Either
   all of it is in, or none of it.

If an editor committed a change to the catalogue meanwhile, the import's view
is out of date (it compared rows and gave versions from the snapshot): the
swap is abandoned and the import staged again from a fresh snapshot, and after
STAGE_ATTEMPTS the import runs directly in the live file under its lock, as
small imports do. The staging files live next to the database (same disk) in
a folder named `<file>.import-*` that is removed afterwards.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import Engine, make_url

from catalogue.db import SQLITE_BUSY_SECONDS, make_engine

log = logging.getLogger(__name__)

# Tables an import reads and writes, parents first; each has an integer `id`.
DIFFED_TABLES = (
    "organisation",
    "location",
    "group",
    "grouparea",
    "run",
    "schedule",
    "scheduleexception",
)
# Written only by appending (nothing refers to its ids): the import's rows get fresh ids.
APPENDED_TABLE = "auditentry"
STAGE_ATTEMPTS = 2

T = TypeVar("T")


class StaleStage(RuntimeError):
    """The live catalogue changed after the snapshot; the staged import is out of date."""


def sqlite_file(engine: Engine) -> Path | None:
    """The database file of a SQLite engine on a file, else None (PostgreSQL, in memory)."""
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if not database or database == ":memory:" or "mode=memory" in str(engine.url):
        return None
    return Path(database)


def staged_import(database: Path, run: Callable[[Engine], T]) -> T | None:
    """Run `run(engine)` on a staged copy of `database`, then swap its changes in.

    Returns run's result, or None when the catalogue kept changing under the
    stage (the caller then imports directly). Errors from `run` (an invalid
    file, for instance) propagate and leave the live file untouched.
    """
    for attempt in range(1, STAGE_ATTEMPTS + 1):
        with tempfile.TemporaryDirectory(
            prefix=f"{database.name}.import-", dir=database.parent
        ) as folder:
            snapshot, stage = Path(folder) / "snapshot.db", Path(folder) / "stage.db"
            _copy(database, snapshot)
            shutil.copyfile(snapshot, stage)
            engine = make_engine(f"sqlite:///{stage}")
            try:
                result = run(engine)
            finally:
                engine.dispose()
            try:
                started = time.monotonic()
                _swap(database, snapshot, stage)
                held = time.monotonic() - started
                log.info("import swapped in (%.2f s under the write lock)", held)
                return result
            except StaleStage:
                log.info("catalogue changed during import staging (attempt %d)", attempt)
    return None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_SECONDS)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (one read transaction; writers go on)."""
    with closing(_connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to copy on


def _differ(conn: sqlite3.Connection, left: str, right: str, table: str) -> bool:
    found = conn.execute(
        f'SELECT 1 FROM (SELECT * FROM {left}."{table}" EXCEPT SELECT * FROM {right}."{table}")'
        " LIMIT 1"
    ).fetchone()
    return found is not None


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')]


def _swap(database: Path, snapshot: Path, stage: Path) -> None:
    """Write the stage's changes into the live file in one short transaction, or raise."""
    with closing(_connect(database)) as conn:
        conn.execute("ATTACH DATABASE ? AS snap", (str(snapshot),))
        conn.execute("ATTACH DATABASE ? AS stage", (str(stage),))
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table in DIFFED_TABLES:
                if _differ(conn, "main", "snap", table) or _differ(conn, "snap", "main", table):
                    raise StaleStage(table)
            conn.execute("PRAGMA defer_foreign_keys=ON")  # checked at commit
            for table in reversed(DIFFED_TABLES):  # children first
                conn.execute(
                    f'DELETE FROM main."{table}" WHERE id IN '
                    f'(SELECT id FROM snap."{table}" EXCEPT SELECT id FROM stage."{table}")'
                )
            for table in DIFFED_TABLES:  # parents first
                columns = _columns(conn, table)
                names = ", ".join(f'"{c}"' for c in columns)
                updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
                conn.execute(
                    f'INSERT INTO main."{table}" ({names}) SELECT * FROM '
                    f'(SELECT * FROM stage."{table}" EXCEPT SELECT * FROM snap."{table}") '
                    f"WHERE true ON CONFLICT(id) DO UPDATE SET {updates}"
                )
            columns = [c for c in _columns(conn, APPENDED_TABLE) if c != "id"]
            names = ", ".join(f'"{c}"' for c in columns)
            conn.execute(
                f'INSERT INTO main."{APPENDED_TABLE}" ({names}) SELECT {names} '
                f'FROM stage."{APPENDED_TABLE}" WHERE id > '
                f'(SELECT coalesce(max(id), 0) FROM snap."{APPENDED_TABLE}") ORDER BY id'
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
