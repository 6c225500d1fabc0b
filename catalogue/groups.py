"""Queries and commands on groups: load records in bulk, upsert from import, edit safely."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import update as sa_update
from sqlmodel import Session, col, delete, select

from catalogue import audit
from catalogue.errors import Conflict, NotFound
from catalogue.interchange.rows import GroupInput
from catalogue.models import (
    Group,
    GroupArea,
    Location,
    Organisation,
    Run,
    Schedule,
    ScheduleException,
    utcnow,
)
from catalogue.records import GroupRecord, RunInfo
from catalogue.schedules import ScheduleSpec
from catalogue.taxonomy import MUNICIPALITIES


def load_records(session: Session, ids: list[int] | None = None) -> list[GroupRecord]:
    """All groups (or the given ids) as records, in a fixed number of queries."""
    query = select(Group).order_by(col(Group.id))
    if ids is not None:
        query = query.where(col(Group.id).in_(ids))
    groups = session.exec(query).all()
    group_ids = [g.id for g in groups]
    orgs = {o.id: o for o in session.exec(select(Organisation)).all()}
    locations = {loc.id: loc for loc in session.exec(select(Location)).all()}
    areas: dict[int, set[str]] = defaultdict(set)
    for area in session.exec(select(GroupArea).where(col(GroupArea.group_id).in_(group_ids))):
        areas[area.group_id].add(area.municipality)
    schedules = {
        s.group_id: s
        for s in session.exec(select(Schedule).where(col(Schedule.group_id).in_(group_ids)))
    }
    exceptions: dict[int, set[date]] = defaultdict(set)
    for exc in session.exec(select(ScheduleException)):
        exceptions[exc.schedule_id].add(exc.day)
    runs: dict[int, list[RunInfo]] = defaultdict(list)
    for run in session.exec(select(Run).where(col(Run.group_id).in_(group_ids))):
        runs[run.group_id].append(
            RunInfo(
                run.start_date, run.sessions, run.enrolment_open, run.next_intake, run.places_left
            )
        )
    records = []
    for group in groups:
        assert group.id is not None
        schedule = schedules.get(group.id)
        spec = None
        if schedule is not None:
            spec = ScheduleSpec(
                schedule.rrule,
                schedule.first_session,
                schedule.duration_minutes,
                schedule.until,
                schedule.session_count,
                frozenset(exceptions.get(schedule.id or 0, ())),
            )
        location = locations.get(group.location_id) if group.location_id else None
        records.append(
            _record(
                group,
                orgs[group.organisation_id],
                location,
                frozenset(areas[group.id]),
                spec,
                runs[group.id],
            )
        )
    return records


def _record(
    group: Group,
    org: Organisation,
    location: Location | None,
    area: frozenset[str],
    spec: ScheduleSpec | None,
    runs: list[RunInfo],
) -> GroupRecord:
    assert group.id is not None
    return GroupRecord(
        id=group.id,
        external_id=group.external_id,
        title=group.title,
        summary=group.summary,
        description=group.description,
        domain=group.domain,
        elements=tuple(group.elements),
        themes=tuple(group.themes),
        tags=tuple(group.tags),
        audience=group.audience,
        age_min=group.age_min,
        age_max=group.age_max,
        special_audiences=tuple(group.special_audiences),
        languages=tuple(group.languages) or ("nl",),
        open_group=group.open_group,
        mode=group.mode,
        access_route=group.access_route,
        cost=group.cost,
        cost_note=group.cost_note,
        capacity=group.capacity,
        places_left=group.places_left,
        waiting_weeks=group.waiting_weeks,
        facilitator_roles=tuple(group.facilitator_roles),
        organisation=org.name,
        contact_phone=group.contact_phone,
        contact_email=group.contact_email,
        registration_url=group.registration_url,
        location_name=location.name if location else None,
        address=location.address if location else None,
        postcode=location.postcode if location else None,
        municipality=location.municipality if location else None,
        service_area=area,
        accessibility=location.accessibility if location else None,
        address_after_registration=group.address_after_registration,
        status=group.status,
        last_confirmed_at=group.last_confirmed_at,
        is_example=group.is_example,
        schedule=spec,
        runs=tuple(sorted(runs, key=lambda r: r.start_date)),
        version=group.version,
        updated_at=group.updated_at,
    )


def get_record(session: Session, group_id: int) -> GroupRecord:
    """One group as a record, or NotFound."""
    found = load_records(session, [group_id])
    if not found:
        raise NotFound("Deze groep bestaat niet (meer).")
    return found[0]


_GROUP_FIELDS = (
    "title",
    "summary",
    "description",
    "domain",
    "elements",
    "themes",
    "tags",
    "audience",
    "age_min",
    "age_max",
    "special_audiences",
    "languages",
    "open_group",
    "mode",
    "access_route",
    "cost",
    "cost_note",
    "capacity",
    "places_left",
    "waiting_weeks",
    "facilitator_roles",
    "contact_phone",
    "contact_email",
    "registration_url",
    "address_after_registration",
    "status",
)


def upsert_from_input(session: Session, row: GroupInput, *, actor: str) -> bool:
    """Create or update the group with the row's external_id; True when created."""
    org = _organisation(session, row["organisation"], bool(row["example"]))
    org_id = org.id
    assert org_id is not None
    group = session.exec(select(Group).where(Group.external_id == row["external_id"])).first()
    created = group is None
    if group is None:
        group = Group(
            external_id=row["external_id"], organisation_id=org_id, title="", domain=row["domain"]
        )
    values: dict[str, Any] = {name: row[name] for name in _GROUP_FIELDS}
    values["summary"] = values["summary"] or ""
    values["description"] = values["description"] or ""
    for name, value in values.items():
        setattr(group, name, value)
    group.organisation_id = org_id
    group.last_confirmed_at = row["last_confirmed"]
    group.is_example = bool(row["example"])
    group.location_id = _location(session, org, row)
    if not created:
        group.version += 1
        group.updated_at = utcnow()
    session.add(group)
    session.flush()
    assert group.id is not None
    _replace_children(session, group.id, row)
    audit.record(
        session,
        actor=actor,
        action="import-create" if created else "import-update",
        entity="group",
        entity_id=group.external_id,
    )
    return created


def _organisation(session: Session, name: str, example: bool) -> Organisation:
    org = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if org is None:
        org = Organisation(name=name, is_example=example)
        session.add(org)
        session.flush()
    return org


def _location(session: Session, org: Organisation, row: GroupInput) -> int | None:
    municipality = row["municipality"]
    if not municipality:
        return None
    key = dict(
        organisation_id=org.id,
        name=row["location_name"],
        address=row["address"],
        municipality=municipality,
    )
    query = select(Location).filter_by(**key)
    location = session.exec(query).first()
    if location is None:
        centre = MUNICIPALITIES[municipality]
        location = Location(**key, lat=centre.lat, lon=centre.lon)
    location.postcode = row["postcode"]
    location.accessibility = row["accessibility"]
    session.add(location)
    session.flush()
    return location.id


def _replace_children(session: Session, group_id: int, row: GroupInput) -> None:
    """Areas, schedule and runs are owned by the row: replace them wholesale."""
    for old in session.exec(select(Schedule).where(Schedule.group_id == group_id)).all():
        session.exec(delete(ScheduleException).where(col(ScheduleException.schedule_id) == old.id))
        session.delete(old)
    session.exec(delete(GroupArea).where(col(GroupArea.group_id) == group_id))
    session.exec(delete(Run).where(col(Run.group_id) == group_id))
    session.flush()
    area = row["service_area"] or ([row["municipality"]] if row["municipality"] else [])
    for municipality in dict.fromkeys(area):
        session.add(GroupArea(group_id=group_id, municipality=municipality))
    spec = row.schedule()
    if spec is not None:
        schedule = Schedule(
            group_id=group_id,
            rrule=spec.rrule,
            first_session=spec.first_session,
            duration_minutes=spec.duration_minutes,
            until=spec.until,
            session_count=spec.session_count,
        )
        session.add(schedule)
        session.flush()
        assert schedule.id is not None
        for day in sorted(spec.exceptions):
            session.add(ScheduleException(schedule_id=schedule.id, day=day))
    if not row["open_group"] and row["first_session"] is not None:
        # A closed group's cohorts: the first from first_session, then any later runs.
        starts = [row["first_session"].date(), *(row["later_runs"] or [])]
        for index, start in enumerate(starts):
            session.add(
                Run(
                    group_id=group_id,
                    start_date=start,
                    sessions=row["session_count"],
                    enrolment_open=bool(row["enrolment_open"]) if index == 0 else True,
                    next_intake=row["next_intake"] if index == 0 else None,
                    places_left=row["places_left"] if index == 0 else None,
                )
            )


def update_group(
    session: Session,
    *,
    actor: str,
    group_id: int,
    expected_version: int,
    changes: dict[str, Any],
) -> None:
    """Apply field changes only if nobody else saved in between (optimistic locking).

    The version check is part of the UPDATE's WHERE clause, so two concurrent
    editors cannot both win, whatever the isolation level.
    """
    unknown = set(changes) - set(_GROUP_FIELDS) - {"last_confirmed_at"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    result = session.execute(
        sa_update(Group)
        .where(col(Group.id) == group_id, col(Group.version) == expected_version)
        .values(**changes, version=expected_version + 1, updated_at=utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        if session.get(Group, group_id) is None:
            raise NotFound("Deze groep bestaat niet (meer).")
        raise Conflict("Iemand anders heeft deze groep net aangepast. Laad de pagina opnieuw.")
    group = session.get(Group, group_id)
    assert group is not None
    session.refresh(group)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity="group",
        entity_id=group.external_id,
        detail={"fields": sorted(changes)},
    )
