"""Large SQLite imports are staged on a copy and swapped in at once (issue 13, finding 4).

The live file must stay writable while the import works (editors, match
events), the result must equal a direct import's, and an edit committed
while the import was staged must neither be lost nor share a version with
the import's state.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from catalogue.db import make_engine, session_scope
from catalogue.errors import Invalid
from catalogue.groups import update_group
from catalogue.interchange.spreadsheet import export_engine_csv, import_file
from catalogue.models import AuditEntry, Group

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]


def _rows(make_row: Rows, count: int, title: str = "Groep") -> list[dict[str, str]]:
    places = ("Buurthuis De Linde", "Bibliotheek", "Wijkcentrum Oost")
    return [
        make_row(
            external_id=f"grp-{i:03d}",
            title=f"{title} {i}",
            location_name=places[i % len(places)],
            postcode=f"740{i % 10} AB",
        )
        for i in range(1, count + 1)
    ]


def _state(engine: Engine) -> tuple[str, list[tuple[str, int]], list[tuple[str, str]]]:
    with Session(engine) as session:
        versions = [(g.external_id, g.version) for g in session.exec(select(Group)).all()]
        audit = [(a.action, a.entity_id) for a in session.exec(select(AuditEntry)).all()]
    return export_engine_csv(engine), sorted(versions), sorted(audit)


def test_a_staged_import_writes_what_a_direct_one_writes(
    tmp_path: Path, _migrated_sqlite_file: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    first = csv_bytes(_rows(make_row, 12))
    # Changes titles of some groups and a shared place's postcode (others change through it).
    changed = _rows(make_row, 12)
    for row in changed[:4]:
        row["title"] += " (nieuw)"
    changed[5]["postcode"] = "7411 ZZ"
    states = []
    for staged in (False, True):
        path = tmp_path / f"staged-{staged}.db"
        path.write_bytes(_migrated_sqlite_file.read_bytes())
        engine = make_engine(f"sqlite:///{path}")
        reports = [
            import_file(engine, data, "a.csv", actor="import", staged=staged)
            for data in (first, csv_bytes(changed), csv_bytes(changed))
        ]
        states.append((reports, _state(engine)))
        engine.dispose()
        assert not list(tmp_path.glob("*.import-*"))  # the staging folder is gone
    assert states[0] == states[1]


def test_an_invalid_staged_import_writes_nothing(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, table_counts: Callable[[Engine], dict]
) -> None:
    before = table_counts(engine)
    rows = _rows(make_row, 3)
    rows[2]["domain"] = "geen-domein"
    with pytest.raises(Invalid):
        import_file(engine, csv_bytes(rows), "bad.csv", actor="import", staged=True)
    assert table_counts(engine) == before


def test_the_live_file_stays_writable_and_an_edit_meanwhile_is_kept_apart(
    tmp_path: Path,
    _migrated_sqlite_file: Path,
    make_row: Rows,
    csv_bytes: ToCsv,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "live.db"
    path.write_bytes(_migrated_sqlite_file.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    import_file(engine, csv_bytes([make_row(external_id="grp-001")]), "a.csv", actor="import")
    with Session(engine) as session:
        group = session.exec(select(Group).where(Group.external_id == "grp-001")).one()
    assert group.version == 1
    failures: list[BaseException] = []

    def run_import() -> None:
        try:
            import_file(
                engine, csv_bytes(_rows(make_row, 400, "Uit het bestand")), "b.csv", actor="import"
            )
        except BaseException as exc:  # reported below
            failures.append(exc)

    caplog.set_level(logging.INFO, logger="catalogue.interchange.staging")
    importer = threading.Thread(target=run_import)
    importer.start()
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("live.db.import-*/stage.db")):  # the snapshot is taken
        assert importer.is_alive() and time.monotonic() < deadline, "no import was staged"
        time.sleep(0.005)
    # The live file is not locked: a writer that does not wait at all gets the lock.
    with sqlite3.connect(path, timeout=0, isolation_level=None) as probe:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    probe.close()
    with session_scope(engine) as session:
        update_group(
            session,
            actor="redacteur",
            group_id=group.id or 0,
            expected_version=1,
            changes={"summary": "Van de redacteur"},
        )
    importer.join(timeout=120)
    assert not importer.is_alive() and not failures, failures
    assert "catalogue changed during import staging" in caplog.text  # staged once more
    with Session(engine) as session:
        after = session.exec(select(Group).where(Group.external_id == "grp-001")).one()
        audit = session.exec(
            select(AuditEntry.actor).where(AuditEntry.entity_id == "grp-001")
        ).all()
    # The editor's state is version 2; the import's, compared with it, version 3.
    assert (after.title, after.version) == ("Uit het bestand 1", 3)
    assert list(audit) == ["import", "redacteur", "import"]
    engine.dispose()
