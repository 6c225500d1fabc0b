"""Queries and commands on groups: load records in bulk, upsert from import, edit safely."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, delete, select

from catalogue import accounts, audit, quality
from catalogue import taxonomy as tx
from catalogue.errors import Conflict, Invalid, NotFound
from catalogue.interchange.rows import GroupInput
from catalogue.models import (
    Group,
    GroupArea,
    Location,
    Membership,
    Organisation,
    Run,
    Schedule,
    ScheduleException,
    User,
    utcnow,
)
from catalogue.records import GroupRecord, RunInfo
from catalogue.schedules import (
    AMSTERDAM,
    ScheduleSpec,
    dutch_date,
    field_problems,
    next_meetings,
)
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
    reasons: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for exc in session.exec(select(ScheduleException)):
        exceptions[exc.schedule_id].add(exc.day)
        if exc.reason:
            reasons[exc.schedule_id].append((exc.day, exc.reason))
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
                tuple(sorted(reasons.get(schedule.id or 0, ()))),
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


# --- edits: validated against the taxonomy, authorised, optimistically locked, audited ------

CONFLICT_MESSAGE = (
    "Iemand anders heeft deze groep intussen gewijzigd. "
    "Laad de pagina opnieuw en breng je wijziging nog eens aan."
)
# Dutch names of the editable fields, used in every validation message.
FIELD_LABELS: dict[str, str] = {
    "title": "Titel",
    "summary": "Korte omschrijving",
    "description": "Beschrijving",
    "domain": "Domein",
    "elements": "Werkvormen",
    "themes": "Thema's",
    "tags": "Trefwoorden",
    "audience": "Voor wie",
    "age_min": "Minimumleeftijd",
    "age_max": "Maximumleeftijd",
    "special_audiences": "Speciale doelgroepen",
    "languages": "Talen",
    "open_group": "Open groep",
    "mode": "Vorm",
    "access_route": "Toegang",
    "cost": "Kosten",
    "cost_note": "Toelichting kosten",
    "capacity": "Aantal plekken",
    "places_left": "Vrije plekken",
    "waiting_weeks": "Wachttijd in weken",
    "facilitator_roles": "Begeleiding",
    "contact_phone": "Telefoon",
    "contact_email": "E-mail",
    "registration_url": "Aanmeldlink",
    "address_after_registration": "Adres na aanmelding",
    "status": "Status",
    "last_confirmed_at": "Laatst bevestigd",
    "service_area": "Werkgebied",
    "schedule": "Rooster",
    "rrule": "Herhaling",
    "first_session": "Eerste bijeenkomst",
    "duration_minutes": "Duur in minuten",
    "until": "Einddatum",
    "session_count": "Aantal bijeenkomsten",
    "municipality": "Gemeente",
    "location_name": "Naam van de locatie",
    "address": "Adres",
}
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,38}$", flags=re.ASCII)
_PYDANTIC_MESSAGES: dict[str, str] = {
    "extra_forbidden": "dit veld bestaat niet of mag je hier niet wijzigen",
    "missing": "is verplicht",
    "string_type": "moet een tekst zijn",
    "int_type": "moet een heel getal zijn",
    "bool_type": "moet ja of nee zijn",
    "list_type": "moet een lijst zijn",
    "date_type": "moet een datum zijn",
    "datetime_type": "moet een datum met tijd zijn",
    "model_type": "heeft een onbekende vorm",
    "dict_type": "heeft een onbekende vorm",
}


def _check_text(value: str | None, limit: int, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise ValueError("is verplicht")
        return None
    text = value.strip()
    if required and not text:
        raise ValueError("is verplicht")
    if len(text) > limit:
        raise ValueError(f"is te lang ({len(text)} tekens, maximaal {limit})")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise ValueError("bevat onzichtbare stuurtekens")
    return text


def _check_code(value: str, vocabulary: Mapping[str, object]) -> str:
    if value not in vocabulary:
        raise ValueError(f"onbekende code '{value[:40]}' (kies uit: {', '.join(vocabulary)})")
    return value


def _check_codes(values: list[str], vocabulary: Mapping[str, object]) -> list[str]:
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        shown = ", ".join(f"'{v[:40]}'" for v in unknown[:5])
        raise ValueError(f"onbekende code {shown} (kies uit: {', '.join(vocabulary)})")
    return list(dict.fromkeys(values))  # duplicates dropped, order kept


def _check_range(value: int | None, low: int, high: int) -> int | None:
    if value is not None and not low <= value <= high:
        raise ValueError(f"{value} ligt niet tussen {low} en {high}")
    return value


class ScheduleUpdate(BaseModel):
    """A group's recurrence as an editor gives it; the same rules as the spreadsheet."""

    model_config = ConfigDict(strict=True, extra="forbid")

    rrule: str
    first_session: datetime
    duration_minutes: int = 90
    until: date | None = None
    session_count: int | None = None

    @field_validator("rrule")
    @classmethod
    def _rrule(cls, value: str) -> str:
        text = _check_text(value.upper(), 200, required=True)
        assert text is not None
        return text

    @field_validator("first_session")
    @classmethod
    def _local_time(cls, value: datetime) -> datetime:
        if value.tzinfo is not None:
            raise ValueError("geef de Nederlandse tijd zonder tijdzone")
        return value.replace(second=0, microsecond=0)

    def spec(self, exceptions: frozenset[date] = frozenset()) -> ScheduleSpec:
        return ScheduleSpec(
            self.rrule,
            self.first_session,
            self.duration_minutes,
            self.until,
            self.session_count,
            exceptions,
        )


# Fields whose every value must be a code of one taxonomy vocabulary.
_ONE_CODE: dict[str, Mapping[str, object]] = {
    "domain": tx.DOMAINS,
    "audience": tx.AUDIENCES,
    "mode": tx.MODES,
    "access_route": tx.ACCESS_ROUTES,
    "cost": tx.COSTS,
    "status": tx.STATUSES,
}
_CODE_LISTS: dict[str, Mapping[str, object]] = {
    "elements": tx.ELEMENTS,
    "themes": tx.THEMES,
    "special_audiences": tx.SPECIAL_AUDIENCES,
    "languages": tx.LANGUAGES,
    "facilitator_roles": tx.FACILITATOR_ROLES,
    "service_area": tx.MUNICIPALITIES,
}


class GroupUpdate(BaseModel):
    """The fields an editor may change, each checked against catalogue/taxonomy.py.

    Partial: only the fields given are changed (`model_fields_set`). Strict types: the
    view parses form text into int/date/list first, so "5" or True never pass for a number.
    Rules between fields (places ≤ capacity, ages, dates) run on the merged result in
    `validate_changes`, because a change of one field can break a rule with another.
    """

    model_config = ConfigDict(strict=True, extra="forbid")

    title: str = ""
    summary: str = ""
    description: str = ""
    domain: str = ""
    elements: list[str] = []
    themes: list[str] = []
    tags: list[str] = []
    audience: str = ""
    age_min: int | None = None
    age_max: int | None = None
    special_audiences: list[str] = []
    languages: list[str] = []
    open_group: bool = True
    mode: str = ""
    access_route: str = ""
    cost: str = ""
    cost_note: str | None = None
    capacity: int | None = None
    places_left: int | None = None
    waiting_weeks: int | None = None
    facilitator_roles: list[str] = []
    contact_phone: str | None = None
    contact_email: str | None = None
    registration_url: str | None = None
    address_after_registration: bool = False
    status: str = ""
    last_confirmed_at: date | None = None
    service_area: list[str] = []
    schedule: ScheduleUpdate | None = None

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _check_text(value, 120, required=True) or ""

    @field_validator("summary")
    @classmethod
    def _summary(cls, value: str) -> str:
        return _check_text(value, 300) or ""

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        return _check_text(value, 4000) or ""

    @field_validator("cost_note")
    @classmethod
    def _cost_note(cls, value: str | None) -> str | None:
        return _check_text(value, 200) or None

    @field_validator(*_ONE_CODE)
    @classmethod
    def _code(cls, value: str, info: ValidationInfo) -> str:
        return _check_code(value, _ONE_CODE[str(info.field_name)])

    @field_validator(*_CODE_LISTS)
    @classmethod
    def _codes(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _check_codes(value, _CODE_LISTS[str(info.field_name)])

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        cleaned = [_check_text(tag, 40, required=True) or "" for tag in value]
        return list(dict.fromkeys(cleaned))

    @field_validator("age_min", "age_max")
    @classmethod
    def _age(cls, value: int | None) -> int | None:
        return _check_range(value, 0, 120)

    @field_validator("capacity", "places_left")
    @classmethod
    def _places(cls, value: int | None) -> int | None:
        return _check_range(value, 0, 1000)

    @field_validator("waiting_weeks")
    @classmethod
    def _waiting(cls, value: int | None) -> int | None:
        return _check_range(value, 0, 260)

    @field_validator("contact_phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        text = _check_text(value, 40)
        if text and not _PHONE.match(text):
            raise ValueError(f"'{text}' is geen telefoonnummer (cijfers, spaties, +, -)")
        return text or None

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        text = _check_text(value, 200)
        if not text:
            return None
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValueError(f"'{text[:80]}' is geen geldig e-mailadres") from None

    @field_validator("registration_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        text = _check_text(value, 300)
        if not text:
            return None
        parts = urlsplit(text)
        if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or " " in text:
            raise ValueError("moet een webadres zijn dat begint met https:// of http://")
        return text


def _dutch_problems(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        field = next((p for p in reversed(loc) if p in FIELD_LABELS), loc[0] if loc else "")
        label = FIELD_LABELS.get(field, f"'{field[:40]}'")
        if item["type"] == "value_error":
            message = str(item.get("ctx", {}).get("error", item["msg"]))
        elif item.get("input", "") is None and item["type"].endswith("_type"):
            message = "is verplicht"
        else:
            message = _PYDANTIC_MESSAGES.get(item["type"], "heeft een ongeldige waarde")
        problems.append(f"{label}: {message}.")
    return problems


def parse_update(changes: Mapping[str, Any]) -> GroupUpdate:
    """The changes as a GroupUpdate, or Invalid listing every problem in Dutch."""
    try:
        return GroupUpdate.model_validate(dict(changes))
    except ValidationError as exc:
        problems = _dutch_problems(exc)
        raise Invalid(problems[0], problems) from None


def _current_values(session: Session, group: Group) -> dict[str, Any]:
    assert group.id is not None
    values: dict[str, Any] = {name: getattr(group, name) for name in _EDITABLE_COLUMNS}
    values["service_area"] = sorted(
        session.exec(select(GroupArea.municipality).where(GroupArea.group_id == group.id)).all()
    )
    schedule = _schedule_of(session, group.id)
    values["schedule"] = (
        None
        if schedule is None
        else ScheduleUpdate(
            rrule=schedule.rrule,
            first_session=schedule.first_session,
            duration_minutes=schedule.duration_minutes,
            until=schedule.until,
            session_count=schedule.session_count,
        )
    )
    return values


def _schedule_of(session: Session, group_id: int) -> Schedule | None:
    return session.exec(
        select(Schedule).where(Schedule.group_id == group_id).order_by(col(Schedule.id))
    ).first()


def _merged_problems(merged: dict[str, Any], has_location: bool, changed: set[str]) -> list[str]:
    """Rules between fields, on the group as it would be after the change."""
    problems = []
    if changed & set(_CONTACT_FIELDS) and not quality.has_contact(merged):
        problems.append(quality.NO_CONTACT)  # the one blocking quality hint (catalogue/quality.py)
    age_min, age_max = merged["age_min"], merged["age_max"]
    if age_min is not None and age_max is not None and age_min > age_max:
        problems.append("Maximumleeftijd: is lager dan de minimumleeftijd.")
    capacity, places = merged["capacity"], merged["places_left"]
    if capacity is not None and places is not None and places > capacity:
        problems.append(
            f"Vrije plekken: meer vrije plekken ({places}) dan plekken in de groep ({capacity})."
        )
    confirmed = merged["last_confirmed_at"]
    if "last_confirmed_at" in changed and confirmed is not None and confirmed > _today():
        problems.append("Laatst bevestigd: ligt in de toekomst.")
    if "mode" in changed and merged["mode"] != "online" and not has_location:
        problems.append("Vorm: een groep op locatie heeft een adres nodig; kies online of vraag")
        problems[-1] += " de coördinator een locatie toe te voegen."
    schedule: ScheduleUpdate | None = merged["schedule"]
    if "schedule" in changed and schedule is not None:
        for field, message in field_problems(schedule.spec()):
            problems.append(f"{FIELD_LABELS.get(field, field)}: {message}.")
    return problems


def _today() -> date:
    return datetime.now(AMSTERDAM).date()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, ScheduleUpdate):
        return {k: _jsonable(v) for k, v in value.model_dump().items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def validate_changes(session: Session, group: Group, changes: Mapping[str, Any]) -> dict[str, Any]:
    """{field: (old, new)} for the fields that really change; Invalid if any value is bad."""
    update = parse_update(changes)
    given = update.model_fields_set
    current = _current_values(session, group)
    new_values = {name: getattr(update, name) for name in given}
    if "service_area" in new_values:
        new_values["service_area"] = sorted(new_values["service_area"])
    diff = {name: (current[name], new) for name, new in new_values.items() if current[name] != new}
    merged = {**current, **{name: new for name, (_old, new) in diff.items()}}
    problems = _merged_problems(merged, group.location_id is not None, set(diff))
    if problems:
        raise Invalid(problems[0], problems)
    return diff


_EDITABLE_COLUMNS = (*_GROUP_FIELDS, "last_confirmed_at")
_CONTACT_FIELDS = ("contact_email", "contact_phone", "registration_url")


def _load_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("Deze groep bestaat niet (meer).")
    return group


def _apply(
    session: Session,
    group: Group,
    *,
    actor: str,
    action: str,
    expected_version: int,
    changes: Mapping[str, Any],
    detail: dict[str, Any] | None = None,
) -> list[str]:
    """Validate, lock on the version, write the changed fields and one audit entry."""
    assert group.id is not None
    diff = validate_changes(session, group, changes)
    if not diff:
        return []  # an unchanged save writes nothing (no new version, no audit entry)
    columns = {name: new for name, (_old, new) in diff.items() if name in _EDITABLE_COLUMNS}
    result = session.execute(
        sa_update(Group)
        .where(col(Group.id) == group.id, col(Group.version) == expected_version)
        .values(**columns, version=expected_version + 1, updated_at=utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise Conflict(CONFLICT_MESSAGE)
    if "service_area" in diff:
        session.exec(delete(GroupArea).where(col(GroupArea.group_id) == group.id))
        for municipality in diff["service_area"][1]:
            session.add(GroupArea(group_id=group.id, municipality=municipality))
    if "schedule" in diff:
        _replace_schedule(session, group.id, diff["schedule"][1])
    session.flush()
    session.refresh(group)
    fields = sorted(diff)
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="group",
        entity_id=group.external_id,
        detail={
            **(detail or {}),
            "fields": fields,
            "changes": {
                name: {"old": _jsonable(old), "new": _jsonable(new)}
                for name, (old, new) in sorted(diff.items())
            },
        },
    )
    return fields


def _replace_schedule(session: Session, group_id: int, new: ScheduleUpdate | None) -> None:
    """Change the rule in place, so cancelled dates (exceptions) stay attached to it."""
    schedule = _schedule_of(session, group_id)
    if new is None:
        if schedule is not None:
            session.exec(
                delete(ScheduleException).where(col(ScheduleException.schedule_id) == schedule.id)
            )
            session.delete(schedule)
        return
    if schedule is None:
        schedule = Schedule(group_id=group_id, rrule=new.rrule, first_session=new.first_session)
    schedule.rrule = new.rrule
    schedule.first_session = new.first_session
    schedule.duration_minutes = new.duration_minutes
    schedule.until = new.until
    schedule.session_count = new.session_count
    session.add(schedule)


def _actor(user: User) -> tuple[str, dict[str, Any]]:
    return user.email, {"user_id": user.id}


def edit_group(
    session: Session,
    *,
    user: User | None,
    group_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
) -> list[str]:
    """A person's edit of a group: the changed field names (empty when nothing changed).

    NotFound for an unknown group, Forbidden unless `user` may change this group
    (accounts.may_edit_group), Invalid with every problem in Dutch, Conflict when
    someone saved since `expected_version` was read (checked in the UPDATE's WHERE
    clause, so two concurrent editors cannot both win at any isolation level).
    """
    group = _load_group(session, group_id)
    accounts.require_group_editor(session, user, group.organisation_id)
    assert user is not None
    actor, detail = _actor(user)
    return _apply(
        session,
        group,
        actor=actor,
        action="update",
        expected_version=expected_version,
        changes=changes,
        detail=detail,
    )


def mark_full(
    session: Session,
    *,
    user: User | None,
    group_id: int,
    expected_version: int,
    waiting_weeks: int | None = None,
) -> list[str]:
    """Say the group is full (no places left), optionally with a waiting time in weeks."""
    group = _load_group(session, group_id)
    accounts.require_group_editor(session, user, group.organisation_id)
    assert user is not None
    changes: dict[str, Any] = {"places_left": 0}
    if waiting_weeks is not None:
        changes["waiting_weeks"] = waiting_weeks
    actor, detail = _actor(user)
    return _apply(
        session,
        group,
        actor=actor,
        action="mark-full",
        expected_version=expected_version,
        changes=changes,
        detail=detail,
    )


def cancel_session(
    session: Session,
    *,
    user: User | None,
    group_id: int,
    day: date,
    reason: str | None = None,
) -> ScheduleException:
    """Cancel the group's meeting on `day` (a ScheduleException), with an optional reason.

    The day must be a coming meeting of the group's schedule that is not cancelled yet.
    The group's `updated_at` moves (so the matcher and pages pick it up) but not its
    `version`: a cancellation does not make an open edit form stale.
    """
    group = _load_group(session, group_id)
    accounts.require_group_editor(session, user, group.organisation_id)
    assert user is not None and group.id is not None
    problems = []
    try:
        note = _check_text(reason, 200)
    except ValueError as exc:
        problems.append(f"Reden: {exc}.")
        note = None
    schedule = _schedule_of(session, group.id)
    if schedule is None:
        raise Invalid("Deze groep heeft geen rooster: er is geen bijeenkomst om af te zeggen.")
    assert schedule.id is not None
    already: set[date] = {
        exc.day
        for exc in session.exec(
            select(ScheduleException).where(ScheduleException.schedule_id == schedule.id)
        )
    }
    when = dutch_date(day)
    if day < _today():
        problems.insert(0, f"{when.capitalize()} {day.year} is al voorbij.")
    elif day in already:
        problems.insert(0, f"Op {when} gaat de groep al niet door.")
    else:
        spec = ScheduleSpec(
            schedule.rrule,
            schedule.first_session,
            schedule.duration_minutes,
            schedule.until,
            schedule.session_count,
        )
        start = datetime.combine(day, time.min, tzinfo=AMSTERDAM)
        found = next_meetings(spec, 1, start)
        if not found or found[0].start.date() != day:
            problems.insert(0, f"Op {when} {day.year} heeft deze groep geen bijeenkomst.")
    if problems:
        raise Invalid(problems[0], problems)
    exception = ScheduleException(schedule_id=schedule.id, day=day, reason=note or None)
    session.add(exception)
    session.execute(sa_update(Group).where(col(Group.id) == group.id).values(updated_at=utcnow()))
    session.flush()
    actor, detail = _actor(user)
    audit.record(
        session,
        actor=actor,
        action="cancel-session",
        entity="group",
        entity_id=group.external_id,
        detail={
            **detail,
            "fields": ["exceptions"],
            "changes": {
                "exceptions": {
                    "old": sorted(d.isoformat() for d in already),
                    "new": sorted(d.isoformat() for d in already | {day}),
                }
            },
            "reason": note or None,
        },
    )
    return exception


def update_group(
    session: Session,
    *,
    actor: str,
    group_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
) -> list[str]:
    """A trusted system edit (import tooling, maintenance scripts, tests) with no person behind
    it: the same validation, locking and audit as `edit_group`, but no permission check.
    Anything acting for a logged-in person must call `edit_group` instead.
    """
    group = _load_group(session, group_id)
    return _apply(
        session,
        group,
        actor=actor,
        action="update",
        expected_version=expected_version,
        changes=changes,
    )


# --- a new group, made by a facilitator of its organisation (issue 10) ----------------------

# What a new group gets when the form leaves a one-code field empty (the model's defaults).
_CREATE_DEFAULTS: dict[str, str] = {"audience": "iedereen", "cost": "gratis", "status": "actief"}


class NewGroup(GroupUpdate):
    """A new group: GroupUpdate's fields and validators (one vocabulary source), with the
    essentials required, plus where it meets (a municipality unless it is online only)."""

    domain: str
    mode: str
    access_route: str
    municipality: str | None = None
    location_name: str | None = None
    address: str | None = None

    @field_validator("municipality")
    @classmethod
    def _municipality(cls, value: str | None) -> str | None:
        text = _check_text(value, 80)
        return _check_code(text, MUNICIPALITIES) if text else None

    @field_validator("location_name", "address")
    @classmethod
    def _place(cls, value: str | None) -> str | None:
        return _check_text(value, 200) or None


class NotCreated(Invalid):
    """Invalid for a new group, carrying the non-blocking hints so the form can show them too."""

    def __init__(self, problems: list[str], hints: tuple[quality.Hint, ...]) -> None:
        super().__init__(problems[0], problems)
        self.hints = hints


@dataclass(frozen=True)
class Created:
    """A new group's ids and the hints that did not stop the save (shown to the facilitator)."""

    group_id: int
    external_id: str
    hints: tuple[quality.Hint, ...]


def new_external_id() -> str:
    """A fresh public id for a group made in the web pages (import ids never start with gw-)."""
    return f"gw-{uuid.uuid4().hex[:16]}"


def parse_new_group(data: Mapping[str, Any]) -> NewGroup:
    """The data as a NewGroup, or Invalid listing every problem in Dutch."""
    try:
        return NewGroup.model_validate(dict(data))
    except ValidationError as exc:
        problems = _dutch_problems(exc)
        raise Invalid(problems[0], problems) from None


def _titles_of(session: Session, organisation_id: int, *, besides: int | None = None) -> list[str]:
    query = select(Group.title).where(Group.organisation_id == organisation_id)
    if besides is not None:
        query = query.where(col(Group.id) != besides)
    return list(session.exec(query).all())


def _quality_data(new: GroupUpdate, fields: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(new, name) for name in fields}
    data["schedule"] = new.schedule.spec() if new.schedule is not None else None
    return data


def create_group(
    session: Session,
    *,
    user: User | None,
    organisation_id: int,
    data: Mapping[str, Any],
    now: datetime | None = None,
) -> Created:
    """A person's new group for `organisation_id`, visible in the catalogue and matcher at once.

    NotFound for an unknown organisation; Forbidden unless `user` may change that
    organisation's groups (accounts.may_edit_group: facilitator or coordinator of it, a
    region-wide coordinator, an admin); Invalid with every problem in Dutch: bad values
    (GroupUpdate's validators), rules between fields, and the blocking quality hint (no
    way to get in touch). Non-blocking hints come back in `Created.hints`. The group gets a
    generated external_id, version 1 and one audit entry ("create"); the matcher sees the
    new group count on its next look and re-indexes, the same path as any edit.
    """
    if session.get(Organisation, organisation_id) is None:
        raise NotFound("Deze organisatie bestaat niet (meer).")
    accounts.require_group_editor(session, user, organisation_id)
    assert user is not None
    new = parse_new_group(data)
    given = set(new.model_fields_set)
    merged: dict[str, Any] = {name: getattr(new, name) for name in _EDITABLE_COLUMNS}
    merged.update(service_area=new.service_area, schedule=new.schedule)
    problems = _merged_problems(merged, True, given - set(_CONTACT_FIELDS))
    if new.mode != "online" and new.municipality is None:
        problems.append("Gemeente: kies de gemeente waar de groep samenkomt (of kies online).")
    moment = now or datetime.now(UTC)
    found = quality.hints(
        _quality_data(new, given | {"title"}),
        now=moment,
        other_titles=_titles_of(session, organisation_id),
    )
    problems = quality.blocking(found) + problems
    if problems:
        raise NotCreated(problems, tuple(h for h in found if not h.blocking))
    location_id = None
    if new.municipality is not None and new.mode != "online":
        centre = MUNICIPALITIES[new.municipality]
        location = Location(
            organisation_id=organisation_id,
            name=new.location_name,
            address=new.address,
            municipality=new.municipality,
            lat=centre.lat,
            lon=centre.lon,
        )
        session.add(location)
        session.flush()
        location_id = location.id
    values: dict[str, Any] = {name: getattr(new, name) for name in _GROUP_FIELDS}
    for name, default in _CREATE_DEFAULTS.items():
        values[name] = values[name] or default
    values["last_confirmed_at"] = new.last_confirmed_at or moment.astimezone(AMSTERDAM).date()
    group = Group(
        external_id=new_external_id(),
        organisation_id=organisation_id,
        location_id=location_id,
        **values,
    )
    session.add(group)
    session.flush()
    assert group.id is not None
    area = new.service_area or ([new.municipality] if new.municipality else [])
    for municipality in dict.fromkeys(area):
        session.add(GroupArea(group_id=group.id, municipality=municipality))
    if new.schedule is not None:
        _replace_schedule(session, group.id, new.schedule)
    session.flush()
    actor, detail = _actor(user)
    stored = {**values, "service_area": area, "schedule": new.schedule}
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="group",
        entity_id=group.external_id,
        detail={
            **detail,
            "organisation_id": organisation_id,
            "fields": sorted(stored),
            "changes": {
                name: {"old": None, "new": _jsonable(value)}
                for name, value in sorted(stored.items())
            },
        },
    )
    return Created(group.id, group.external_id, tuple(h for h in found if not h.blocking))


def creatable_organisations(session: Session, user: User | None) -> list[Organisation]:
    """The organisations `user` (read afresh) may add a group to, by name; [] when none."""
    if user is None or user.id is None:
        return []
    current = session.get(User, user.id)
    if current is None or not current.active:
        return []
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    editor = [m for m in memberships if m.role in accounts.GROUP_EDITOR_ROLES]
    query = select(Organisation).order_by(col(Organisation.name))
    if not any(m.role == "admin" or m.organisation_id is None for m in editor):
        org_ids = {m.organisation_id for m in editor}
        if not org_ids:
            return []
        query = query.where(col(Organisation.id).in_(org_ids))
    return list(session.exec(query).all())


def group_hints(
    session: Session,
    group_id: int,
    *,
    now: datetime,
    proposed: Mapping[str, Any] | None = None,
) -> list[quality.Hint]:
    """The quality hints of a stored group, or of it with `proposed` values (an edit form)."""
    record = get_record(session, group_id)
    group = _load_group(session, group_id)
    data: dict[str, Any] = {
        "title": record.title,
        "summary": record.summary,
        "description": record.description,
        "themes": record.themes,
        "elements": record.elements,
        "audience": record.audience,
        "contact_email": record.contact_email,
        "contact_phone": record.contact_phone,
        "registration_url": record.registration_url,
        "schedule": record.schedule,
        "run_starts": [run.start_date for run in record.runs],
        **(proposed or {}),
    }
    others = _titles_of(session, group.organisation_id, besides=group_id)
    return quality.hints(data, now=now, other_titles=others)
