"""The backups of docs/deploy.md, restored for real: PostgreSQL (`pg_dump -Fc`/`pg_restore`)
and the embedded SQLite file (`sqlite3 FILE .backup`).

seed → dump → restore into a new database → the same number of groups and the
same export CSV. The PostgreSQL half runs the server's own client binaries and
is skipped, with the reason shown, when they are missing — unless
GROEPENWIJZER_REQUIRE_PG=1 (as in CI), when it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from catalogue.db import make_engine, upgrade
from catalogue.interchange.spreadsheet import export_engine_csv
from catalogue.seed import group_count, seed
from seed_groups import seed_csv
from tests.conftest import _pg_database, _pg_url_of


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed (Debian: postgresql-client)"
        if os.environ.get("GROEPENWIJZER_REQUIRE_PG") == "1":
            pytest.fail(reason + " (GROEPENWIJZER_REQUIRE_PG=1)", pytrace=False)
        pytest.skip(reason)
    return found


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as the libpq URL pg_dump and pg_restore take."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _state(url: str) -> tuple[int, str]:
    engine = make_engine(url)
    try:
        return group_count(engine), export_engine_csv(engine)
    finally:
        engine.dispose()


def test_pg_dump_restores_into_a_new_database(pg_url: str, _pg_server: str, tmp_path: Path) -> None:
    pg_dump, pg_restore = _binary("pg_dump"), _binary("pg_restore")
    upgrade(pg_url)
    engine = make_engine(pg_url)
    seed(engine, seed_csv())
    engine.dispose()
    before = _state(pg_url)
    assert before[0] > 0

    dump = tmp_path / "groepenwijzer.dump"
    subprocess.run(
        [pg_dump, "-Fc", "--no-owner", "-f", str(dump), _libpq(pg_url)], check=True, timeout=120
    )
    with _pg_database(_pg_server) as restored_name:
        restored = _pg_url_of(_pg_server, restored_name)
        subprocess.run(
            [pg_restore, "--no-owner", "--exit-on-error", "-d", _libpq(restored), str(dump)],
            check=True,
            timeout=120,
        )
        assert _state(restored) == before
        # The migrations know where the copy stands: an upgrade has nothing left to do.
        check = sa.create_engine(restored, poolclass=sa.pool.NullPool)
        with check.connect() as conn:
            head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        check.dispose()
        upgrade(restored)
        assert _state(restored) == before
        assert head


def test_sqlite_backup_command_restores(tmp_path: Path) -> None:
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        pytest.skip("sqlite3 is not installed (Debian: sqlite3)")
    live = tmp_path / "groepenwijzer.db"
    url = f"sqlite:///{live}"
    upgrade(url)
    engine = make_engine(url)  # WAL mode, as the app runs it
    seed(engine, seed_csv())
    before = _state(url)
    backup = tmp_path / "backup" / "groepenwijzer.db"
    backup.parent.mkdir()
    with engine.connect():  # the app still has the file open: .backup copies consistently
        subprocess.run([sqlite3, str(live), f".backup '{backup}'"], check=True, timeout=60)
    engine.dispose()
    live.unlink()  # the original is lost; the backup is put back in its place
    for leftover in (tmp_path / "groepenwijzer.db-wal", tmp_path / "groepenwijzer.db-shm"):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(backup, live)
    assert _state(url) == before
