"""Imports vs. edits (issue 13, finding 3): every committed row state has its own version.

An editor saves exactly while an import is between reading a group and
writing it. Whatever the order the database lets them commit in, the two
states must not share one version number, or a later editor who saw the
edit would save over the import without a conflict.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from catalogue.db import make_engine, session_scope
from catalogue.errors import Conflict
from catalogue.groups import load_records, update_group
from catalogue.interchange.spreadsheet import import_file
from catalogue.models import AuditEntry, Group

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]


def _group(engine: Engine) -> Group:
    with Session(engine) as session:
        return session.exec(select(Group).where(Group.external_id == "grp-001")).one()


class _EditDuringImport:
    """Runs one editor's save, on its own connection, when the import first writes a group.

    The save runs in a thread: if the import holds a lock the save waits for it
    (and must then see the import's new version); if not, it commits at once.
    """

    def __init__(self, editor_engine: Engine, group_id: int) -> None:
        self.editor_engine, self.group_id = editor_engine, group_id
        self.outcome = "not run"
        self.thread: threading.Thread | None = None

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.thread is None and statement.lstrip().upper().startswith('UPDATE "GROUP"'):
            self.thread = threading.Thread(target=self._save)
            self.thread.start()
            self.thread.join(timeout=1.5)  # commits now unless the import holds a lock

    def _save(self) -> None:
        try:
            with session_scope(self.editor_engine) as session:
                update_group(
                    session,
                    actor="redacteur",
                    group_id=self.group_id,
                    expected_version=1,
                    changes={"title": "Van de redacteur"},
                )
            self.outcome = "saved"
        except Conflict:
            self.outcome = "conflict"


def test_an_edit_during_an_import_never_shares_a_version(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine_any, csv_bytes([make_row()]), "a.csv", actor="import")
    group = _group(engine_any)
    assert group.version == 1
    editor_engine = make_engine(str(engine_any.url.render_as_string(hide_password=False)))
    edit = _EditDuringImport(editor_engine, group.id or 0)
    event.listen(engine_any, "before_cursor_execute", edit)
    try:
        changed = csv_bytes([make_row(title="Uit het bestand")])
        import_file(engine_any, changed, "b.csv", actor="import")
    finally:
        event.remove(engine_any, "before_cursor_execute", edit)
        assert edit.thread is not None
        edit.thread.join(timeout=30)
        editor_engine.dispose()

    after = _group(engine_any)
    if edit.outcome == "saved":
        # The edit committed as version 2; the import's state must then be a later version.
        assert after.version == 3, (edit.outcome, after.title, after.version)
    else:
        assert edit.outcome == "conflict"
        assert (after.title, after.version) == ("Uit het bestand", 2)


def test_an_editor_who_saw_the_pre_import_version_gets_a_conflict(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine_any, csv_bytes([make_row()]), "a.csv", actor="import")
    group_id = _group(engine_any).id or 0
    import_file(engine_any, csv_bytes([make_row(title="Nieuw")]), "b.csv", actor="import")
    with pytest.raises(Conflict), session_scope(engine_any) as session:
        update_group(
            session, actor="r", group_id=group_id, expected_version=1, changes={"title": "Oud"}
        )
    assert (_group(engine_any).title, _group(engine_any).version) == ("Nieuw", 2)


def test_a_group_changed_through_a_shared_location_gets_a_new_version(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    """Two groups meet in one place; the sheet changes the place's accessibility on one row.

    The import stores a place once per organisation, name and address, so the
    other group's page changes too: it must get a new version (and an audit entry).
    """
    rows = [make_row(), make_row(external_id="grp-002", title="Tweede groep")]
    import_file(engine_any, csv_bytes(rows), "a.csv", actor="import")
    rows[0]["accessibility"] = "trap, geen lift"
    import_file(engine_any, csv_bytes(rows[:1]), "b.csv", actor="import")
    with session_scope(engine_any) as session:
        records = {r.external_id: r for r in load_records(session)}
        actions = session.exec(select(AuditEntry.entity_id, AuditEntry.action)).all()
    assert records["grp-002"].accessibility == "trap, geen lift"
    assert (records["grp-001"].version, records["grp-002"].version) == (2, 2)
    assert actions.count(("grp-002", "import-update")) == 1
