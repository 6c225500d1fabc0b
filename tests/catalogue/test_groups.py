"""Group queries and commands: load_records, get_record and optimistic-locking edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue.db import session_scope
from catalogue.errors import Conflict, Invalid, NotFound
from catalogue.groups import get_record, load_records, update_group
from catalogue.interchange.spreadsheet import import_file, record_row
from catalogue.models import AuditEntry, Group
from catalogue.schedules import ScheduleSpec

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]


@pytest.fixture
def imported(engine_any: Engine, make_row: Rows, csv_bytes: ToCsv) -> list[dict[str, str]]:
    rows = [
        make_row(),
        make_row(
            external_id="grp-002",
            title="Cursus",
            open_group="nee",
            session_count="8",
            until="",
            exception_dates="",
            later_runs="2027-01-12",
            next_intake="2026-08-20",
            enrolment_open="nee",
            municipality="Zwolle",
            service_area="Kampen;Zwolle",
            postcode="8011 AA",
        ),
        make_row(
            external_id="grp-003",
            title="Online",
            mode="online",
            municipality="",
            service_area="",
            location_name="",
            address="",
            postcode="",
            accessibility="",
            rrule="",
            first_session="",
            duration_minutes="",
            until="",
            exception_dates="",
        ),
    ]
    import_file(engine_any, csv_bytes(rows), "groepen.csv", actor="import")
    return rows


def _group(engine: Engine, external_id: str) -> Group:
    with Session(engine) as session:
        return session.exec(select(Group).where(Group.external_id == external_id)).one()


def _audit(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


# --- reading --------------------------------------------------------------------------------


def test_load_records_returns_what_was_imported(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    with session_scope(engine_any) as session:
        records = load_records(session)
    assert [record_row(r) for r in records] == imported
    weekly, course, online = records
    assert weekly.schedule == ScheduleSpec(
        "FREQ=WEEKLY;BYDAY=TU",
        datetime(2026, 9, 1, 19, 30),
        90,
        date(2027, 6, 29),
        None,
        frozenset({date(2026, 12, 29), date(2027, 4, 27)}),
    )
    assert weekly.organisation == "Stichting Samen Verder"
    assert weekly.service_area == {"Deventer", "Voorst"}
    assert weekly.version == 1 and weekly.updated_at is not None
    assert [(r.start_date, r.enrolment_open, r.next_intake) for r in course.runs] == [
        (date(2026, 9, 1), False, date(2026, 8, 20)),
        (date(2027, 1, 12), True, None),
    ]
    assert course.open_group is False and course.weekdays == {"di"}
    assert online.online and online.municipality is None and online.runs == ()


def test_load_records_by_ids_and_get_record(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    ids = {_group(engine_any, ext).id: ext for ext in ("grp-001", "grp-002", "grp-003")}
    wanted = [i for i, ext in ids.items() if ext != "grp-002"]
    with session_scope(engine_any) as session:
        subset = load_records(session, wanted)
        assert [r.external_id for r in subset] == ["grp-001", "grp-003"]
        assert load_records(session, []) == []
        one = get_record(session, wanted[1])
        assert one.external_id == "grp-003"
        with pytest.raises(NotFound):
            get_record(session, max(ids) + 100)


# --- optimistic locking -------------------------------------------------------------------------


def test_update_with_current_version_applies_and_audits(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    group = _group(engine_any, "grp-001")
    audit_before = len(_audit(engine_any))
    with session_scope(engine_any) as session:
        update_group(
            session,
            actor="fac@example.org",
            group_id=group.id,
            expected_version=1,
            changes={
                "title": "Nieuwe titel",
                "places_left": 0,
                "themes": ["angst"],
                "last_confirmed_at": date(2026, 11, 1),
            },
        )
    after = _group(engine_any, "grp-001")
    assert (after.title, after.places_left, after.themes, after.version) == (
        "Nieuwe titel",
        0,
        ["angst"],
        2,
    )
    assert after.last_confirmed_at == date(2026, 11, 1)
    assert after.updated_at >= group.updated_at
    entries = _audit(engine_any)
    assert len(entries) == audit_before + 1
    last = entries[-1]
    assert (last.actor, last.action, last.entity, last.entity_id) == (
        "fac@example.org",
        "update",
        "group",
        "grp-001",
    )
    assert last.detail["fields"] == ["last_confirmed_at", "places_left", "themes", "title"]
    assert last.detail["changes"]["title"] == {"old": imported[0]["title"], "new": "Nieuwe titel"}
    with session_scope(engine_any) as session:
        assert get_record(session, group.id).can_join(datetime.now().astimezone()) is False


def test_stale_version_raises_conflict_and_changes_nothing(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    group = _group(engine_any, "grp-001")
    with session_scope(engine_any) as session:
        update_group(
            session,
            actor="a",
            group_id=group.id,
            expected_version=1,
            changes={"title": "Eerste editor"},
        )
    audit_before = len(_audit(engine_any))

    with pytest.raises(Conflict) as info, session_scope(engine_any) as session:
        update_group(
            session,
            actor="b",
            group_id=group.id,
            expected_version=1,
            changes={"title": "Tweede editor"},
        )

    assert "iemand anders heeft deze groep intussen gewijzigd" in info.value.message.lower()
    after = _group(engine_any, "grp-001")
    assert (after.title, after.version) == ("Eerste editor", 2)
    assert len(_audit(engine_any)) == audit_before


def test_two_editors_who_read_the_same_version_only_one_wins(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    group_id = _group(engine_any, "grp-002").id
    with session_scope(engine_any) as first:
        version = get_record(first, group_id).version
    with session_scope(engine_any) as second:
        assert get_record(second, group_id).version == version

    outcomes = []
    for actor, title in [("a", "Titel van A"), ("b", "Titel van B")]:
        try:
            with session_scope(engine_any) as session:
                update_group(
                    session,
                    actor=actor,
                    group_id=group_id,
                    expected_version=version,
                    changes={"title": title},
                )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
    assert outcomes == ["ok", "conflict"]
    assert _group(engine_any, "grp-002").title == "Titel van A"


def test_update_of_unknown_group_is_not_found(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    with pytest.raises(NotFound), session_scope(engine_any) as session:
        update_group(
            session, actor="a", group_id=999_999, expected_version=1, changes={"title": "x"}
        )


def test_update_of_unknown_field_is_refused(
    engine_any: Engine, imported: list[dict[str, str]]
) -> None:
    group = _group(engine_any, "grp-001")
    with pytest.raises(Invalid, match="organisation_id"), session_scope(engine_any) as session:
        update_group(
            session,
            actor="a",
            group_id=group.id,
            expected_version=1,
            changes={"organisation_id": 99},
        )
    assert _group(engine_any, "grp-001").version == 1


def test_reimport_after_an_edit_bumps_the_version_again(
    engine_any: Engine, imported: list[dict[str, str]], csv_bytes: ToCsv
) -> None:
    group = _group(engine_any, "grp-001")
    with session_scope(engine_any) as session:
        update_group(
            session, actor="a", group_id=group.id, expected_version=1, changes={"title": "Bewerkt"}
        )
    import_file(engine_any, csv_bytes(imported), "groepen.csv", actor="import")
    after = _group(engine_any, "grp-001")
    assert (after.title, after.version) == (imported[0]["title"], 3)
    with pytest.raises(Conflict), session_scope(engine_any) as session:
        update_group(
            session, actor="a", group_id=group.id, expected_version=2, changes={"title": "Te laat"}
        )
