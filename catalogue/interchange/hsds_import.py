"""Open Referral HSDS 3.0 import: a JSON list of services into the catalogue (docs/hsds.md).

Each service is turned into the spreadsheet row it stands for and then goes
through the spreadsheet import's own validation and transaction
(`check_rows`, `import_inputs`): all-or-nothing, versions and audit entries
as for a CSV file. Problems name the service and the HSDS field at fault.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy.engine import Engine

from catalogue.errors import Invalid
from catalogue.interchange.hsds_export import (
    EXTENSION,
    SINGLE_VALUED,
    STATUS_TO_HSDS,
    TAXONOMY_PREFIX,
    VOCABULARIES,
)
from catalogue.interchange.rows import GroupInput
from catalogue.interchange.spreadsheet import (
    MAX_BYTES,
    MAX_ROWS,
    ImportReport,
    check_rows,
    import_inputs,
)

STATUS_FROM_HSDS = {hsds: ours for ours, hsds in STATUS_TO_HSDS.items()}
_PLACE = "service_at_locations[0].location"
_SCHEDULE = "schedules[0]"
_X = EXTENSION
# Where each spreadsheet column lives in a service, for the problem messages.
FIELDS: dict[str, str] = {
    "external_id": f"{_X}.external_id",
    "title": "name",
    "summary": f"{_X}.summary",
    "description": "description",
    **{col: f"attributes ({TAXONOMY_PREFIX}{kind})" for kind, (col, _v) in VOCABULARIES.items()},
    "tags": f"{_X}.tags",
    "age_min": "minimum_age",
    "age_max": "maximum_age",
    "languages": "languages[].code",
    "open_group": f"{_X}.open_group",
    "cost_note": "fees_description",
    "capacity": f"{_X}.capacity",
    "places_left": f"{_X}.places_left",
    "waiting_weeks": f"{_X}.waiting_weeks",
    "organisation": "organization.name",
    "contact_phone": "contacts[0].phones[0].number",
    "contact_email": "contacts[0].email",
    "registration_url": "url",
    "location_name": f"{_PLACE}.name",
    "address": f"{_PLACE}.addresses[0].address_1",
    "postcode": f"{_PLACE}.addresses[0].postal_code",
    "municipality": f"{_PLACE}.addresses[0].city",
    "service_area": "service_areas[].name",
    "accessibility": f"{_PLACE}.accessibility[0].description",
    "address_after_registration": f"{_X}.address_after_registration",
    "rrule": f"{_SCHEDULE}.{_X}.rrule",
    "first_session": f"{_SCHEDULE}.dtstart + opens_at",
    "duration_minutes": f"{_SCHEDULE}.opens_at/closes_at",
    "until": f"{_SCHEDULE}.until",
    "session_count": f"{_SCHEDULE}.count",
    "exception_dates": f"{_SCHEDULE}.{_X}.cancelled[].date",
    "enrolment_open": f"{_X}.runs[0].enrolment_open",
    "next_intake": f"{_X}.runs[0].next_intake",
    "later_runs": f"{_X}.runs[1:].start_date",
    "status": "status",
    "last_confirmed": "assured_date",
    "example": f"{_X}.example",
}
# The keys of our extension objects (hsds_export): on the service, a schedule, a run, a date.
SERVICE_KEYS = (
    "external_id",
    "summary",
    "tags",
    "open_group",
    "capacity",
    "places_left",
    "waiting_weeks",
    "address_after_registration",
    "example",
    "registration_url",
    "runs",
)
SCHEDULE_KEYS = ("rrule", "timezone", "cancelled")
RUN_KEYS = ("start_date", "sessions", "enrolment_open", "next_intake", "places_left")
CANCELLED_KEYS = ("date", "reason")
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _kind(value: object) -> str:
    if value is None:
        return "leeg (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    return "een lijst" if isinstance(value, list) else "een object"


def _day(value: str) -> str:
    """The date part of an ISO date-time ('2026-09-01T19:30:00' → '2026-09-01')."""
    return value[:10] if _DATE_TIME.match(value) else value


class _Reader:
    """Typed values out of one service; a value of the wrong JSON type becomes a problem."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def _wrong(self, path: str, expected: str, value: object) -> None:
        self.problems.append((path, f"moet {expected} zijn, niet {_kind(value)}"))

    def text(self, obj: dict[str, Any], key: str, path: str) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self._wrong(path, "tekst", value)
            return ""
        return value

    def number(self, obj: dict[str, Any], key: str, path: str) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong(path, "een getal", value)
            return ""
        if isinstance(value, float) and not value.is_integer():
            self.problems.append((path, f"{value} is geen heel getal"))
            return ""
        return str(int(value))

    def flag(self, obj: dict[str, Any], key: str, path: str) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, bool):
            self._wrong(path, "true of false", value)
            return ""
        return "ja" if value else "nee"

    def obj(self, obj: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        value = obj.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self._wrong(path, "een object", value)
            return {}
        return value

    def objects(self, obj: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(path, "een lijst", value)
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append(item)
            else:
                self._wrong(f"{path}[{index}]", "een object", item)
        return found

    def strings(self, obj: dict[str, Any], key: str, path: str) -> list[str]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(path, "een lijst", value)
            return []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self._wrong(f"{path}[{index}]", "tekst", item)
        return [item for item in value if isinstance(item, str)]

    def known(self, obj: dict[str, Any], keys: tuple[str, ...], path: str) -> None:
        """Our extension's keys are ours: an unknown one is a typo, as an unknown column is."""
        for key in obj:
            if key not in keys:
                self.problems.append(
                    (f"{path}.{key}", f"onbekend veld (bekend: {', '.join(keys)})")
                )

    def one(self, items: list[dict[str, Any]], path: str, what: str) -> dict[str, Any]:
        """The single item of a list that Groepenwijzer keeps one of per group."""
        if len(items) > 1:
            self.problems.append(
                (path, f"Groepenwijzer kent één {what} per groep, niet {len(items)}")
            )
        return items[0] if items else {}


def _codes(r: _Reader, service: dict[str, Any]) -> dict[str, str]:
    """Our vocabulary codes from the attributes; terms of other taxonomies are left alone."""
    found: dict[str, list[str]] = {kind: [] for kind in VOCABULARIES}
    for index, attribute in enumerate(r.objects(service, "attributes", "attributes")):
        path = f"attributes[{index}].taxonomy_term"
        term = r.obj(attribute, "taxonomy_term", path)
        taxonomy = r.text(term, "taxonomy", f"{path}.taxonomy")
        if not taxonomy.startswith(TAXONOMY_PREFIX):
            continue
        kind = taxonomy.removeprefix(TAXONOMY_PREFIX)
        if kind not in VOCABULARIES:
            known = ", ".join(TAXONOMY_PREFIX + name for name in VOCABULARIES)
            r.problems.append((f"{path}.taxonomy", f"onbekende taxonomie '{taxonomy}' ({known})"))
            continue
        code = r.text(term, "code", f"{path}.code")
        if not code:
            r.problems.append((f"{path}.code", "ontbreekt"))
            continue
        found[kind].append(code)
    row = {}
    for kind, (column, _vocabulary) in VOCABULARIES.items():
        codes = list(dict.fromkeys(found[kind]))
        if kind in SINGLE_VALUED and len(codes) > 1:
            r.problems.append((FIELDS[column], f"één code verwacht, niet {', '.join(codes)}"))
        row[column] = ";".join(codes)
    return row


def _place(r: _Reader, service: dict[str, Any]) -> dict[str, str]:
    at = r.one(
        r.objects(service, "service_at_locations", "service_at_locations"),
        "service_at_locations",
        "plek",
    )
    location = r.obj(at, "location", _PLACE)
    addresses = r.objects(location, "addresses", f"{_PLACE}.addresses")
    address = addresses[0] if addresses else {}
    access = r.objects(location, "accessibility", f"{_PLACE}.accessibility")
    where = f"{_PLACE}.addresses[0]"
    return {
        "location_name": r.text(location, "name", f"{_PLACE}.name"),
        "address": r.text(address, "address_1", f"{where}.address_1"),
        "postcode": r.text(address, "postal_code", f"{where}.postal_code"),
        "municipality": r.text(address, "city", f"{where}.city"),
        "accessibility": r.text(access[0], "description", FIELDS["accessibility"])
        if access
        else "",
    }


def _rule(r: _Reader, schedule: dict[str, Any]) -> str:
    """The RFC 5545 rule: ours from the extension, else built from HSDS's iCal fields."""
    own = r.text(r.obj(schedule, _X, f"{_SCHEDULE}.{_X}"), "rrule", FIELDS["rrule"])
    if own:
        return own
    freq = r.text(schedule, "freq", f"{_SCHEDULE}.freq")
    if not freq:
        return ""
    parts = [f"FREQ={freq}"]
    interval = r.number(schedule, "interval", f"{_SCHEDULE}.interval")
    if interval:
        parts.append(f"INTERVAL={interval}")
    for key in ("byday", "bymonthday", "wkst"):
        value = r.text(schedule, key, f"{_SCHEDULE}.{key}")
        if value:
            parts.append(f"{key.upper()}={value}")
    return ";".join(parts)


def _minutes(r: _Reader, value: str, path: str) -> int | None:
    found = _CLOCK.match(value)
    if found is None:
        r.problems.append((path, f"'{value}' is geen tijd (UU:MM)"))
        return None
    return int(found.group(1)) * 60 + int(found.group(2))


def _schedule(r: _Reader, service: dict[str, Any]) -> dict[str, str]:
    schedule = r.one(r.objects(service, "schedules", "schedules"), "schedules", "rooster")
    own = r.obj(schedule, _X, f"{_SCHEDULE}.{_X}")
    r.known(own, SCHEDULE_KEYS, f"{_SCHEDULE}.{_X}")
    dtstart = _day(r.text(schedule, "dtstart", f"{_SCHEDULE}.dtstart"))
    opens = r.text(schedule, "opens_at", f"{_SCHEDULE}.opens_at")
    closes = r.text(schedule, "closes_at", f"{_SCHEDULE}.closes_at")
    start = _minutes(r, opens, f"{_SCHEDULE}.opens_at") if opens else None
    end = _minutes(r, closes, f"{_SCHEDULE}.closes_at") if closes else None
    first = ""
    if dtstart:
        if not opens:
            r.problems.append((f"{_SCHEDULE}.opens_at", "begintijd ontbreekt (UU:MM)"))
        first = f"{dtstart} {opens[:5]}"
    cancelled = r.objects(own, "cancelled", f"{_SCHEDULE}.{_X}.cancelled")
    days = []
    for index, item in enumerate(cancelled):
        path = f"{_SCHEDULE}.{_X}.cancelled[{index}]"
        r.known(item, CANCELLED_KEYS, path)
        days.append(r.text(item, "date", f"{path}.date"))
    return {
        "rrule": _rule(r, schedule),
        "first_session": first,
        "duration_minutes": str((end - start) % (24 * 60))
        if start is not None and end is not None
        else "",
        "until": _day(r.text(schedule, "until", f"{_SCHEDULE}.until")),
        "session_count": r.number(schedule, "count", f"{_SCHEDULE}.count"),
        "exception_dates": ";".join(days),
    }


def _runs(r: _Reader, own: dict[str, Any], first_session: str) -> dict[str, str]:
    runs = r.objects(own, "runs", f"{_X}.runs")
    if not runs:
        return {}
    for index, run in enumerate(runs):
        r.known(run, RUN_KEYS, f"{_X}.runs[{index}]")
    starts = [
        _day(r.text(run, "start_date", f"{_X}.runs[{i}].start_date")) for i, run in enumerate(runs)
    ]
    # Checked only against a first session that is a date (else that is the message).
    first_day = first_session[:10]
    if starts[0] and _ISO_DAY.match(first_day) and starts[0] != first_day:
        r.problems.append(
            (
                f"{_X}.runs[0].start_date",
                f"de eerste ronde begint met het rooster ({first_day}), niet op {starts[0]}",
            )
        )
    return {
        "enrolment_open": r.flag(runs[0], "enrolment_open", FIELDS["enrolment_open"]),
        "next_intake": r.text(runs[0], "next_intake", FIELDS["next_intake"]),
        "later_runs": ";".join(starts[1:]),
    }


def service_row(service: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The spreadsheet row a service stands for, and (field, message) type problems."""
    r = _Reader()
    own = r.obj(service, _X, _X)
    r.known(own, SERVICE_KEYS, _X)
    status = r.text(service, "status", "status")
    if status and status not in STATUS_FROM_HSDS:
        r.problems.append(
            ("status", f"onbekende status '{status}' (kies uit: {', '.join(STATUS_FROM_HSDS)})")
        )
    contacts = r.objects(service, "contacts", "contacts")
    contact = contacts[0] if contacts else {}
    phones = r.objects(contact, "phones", "contacts[0].phones") or r.objects(
        service, "phones", "phones"
    )
    options = r.objects(service, "cost_options", "cost_options")
    schedule = _schedule(r, service)
    row = {
        "external_id": r.text(own, "external_id", FIELDS["external_id"])
        or r.text(service, "id", "id"),
        "title": r.text(service, "name", "name"),
        "summary": r.text(own, "summary", FIELDS["summary"]),
        "description": r.text(service, "description", "description"),
        **_codes(r, service),
        "tags": ";".join(r.strings(own, "tags", FIELDS["tags"])),
        "age_min": r.number(service, "minimum_age", "minimum_age"),
        "age_max": r.number(service, "maximum_age", "maximum_age"),
        "languages": ";".join(
            r.text(item, "code", f"languages[{i}].code")
            for i, item in enumerate(r.objects(service, "languages", "languages"))
        ),
        "open_group": r.flag(own, "open_group", FIELDS["open_group"]),
        "cost_note": r.text(service, "fees_description", "fees_description")
        or (
            r.text(options[0], "amount_description", "cost_options[0].amount_description")
            if options
            else ""
        ),
        "capacity": r.number(own, "capacity", FIELDS["capacity"]),
        "places_left": r.number(own, "places_left", FIELDS["places_left"]),
        "waiting_weeks": r.number(own, "waiting_weeks", FIELDS["waiting_weeks"]),
        "organisation": r.text(
            r.obj(service, "organization", "organization"), "name", "organization.name"
        ),
        "contact_phone": r.text(phones[0], "number", FIELDS["contact_phone"]) if phones else "",
        "contact_email": r.text(contact, "email", "contacts[0].email")
        or r.text(service, "email", "email"),
        "registration_url": r.text(own, "registration_url", f"{_X}.registration_url")
        or r.text(service, "url", "url"),
        **_place(r, service),
        "service_area": ";".join(
            r.text(item, "name", f"service_areas[{i}].name")
            for i, item in enumerate(r.objects(service, "service_areas", "service_areas"))
        ),
        "address_after_registration": r.flag(
            own, "address_after_registration", FIELDS["address_after_registration"]
        ),
        **schedule,
        **_runs(r, own, schedule["first_session"]),
        "status": STATUS_FROM_HSDS.get(status, ""),
        "last_confirmed": _day(r.text(service, "assured_date", "assured_date")),
        "example": r.flag(own, "example", FIELDS["example"]),
    }
    return row, r.problems


def read_services(data: bytes) -> list[Any]:
    """The JSON list of an HSDS file; Invalid for anything else."""
    if len(data) > MAX_BYTES:
        raise Invalid(f"Het bestand is te groot (maximaal {MAX_BYTES // 1_000_000} MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"Het bestand is geen geldige UTF-8-tekst (byte {exc.start}).") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(
            f"Het bestand is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}."
        ) from None
    except RecursionError:
        raise Invalid("Het bestand is te diep genest om als JSON te lezen.") from None
    if not isinstance(document, list):
        raise Invalid(
            "Het bestand moet een JSON-lijst van HSDS-diensten zijn ([{…}, …]), "
            f"niet {_kind(document)}."
        )
    if not document:
        raise Invalid("Het bestand bevat geen groepen.")
    if len(document) > MAX_ROWS:
        raise Invalid(f"Te veel diensten (maximaal {MAX_ROWS}).")
    return document


def validate_services(services: list[Any]) -> list[GroupInput]:
    """Every service as a validated row; Invalid listing 'dienst N (id), veld X: …' otherwise."""
    problems: list[str] = []
    labelled: list[tuple[str, dict[str, str]]] = []
    for number, item in enumerate(services, start=1):
        if not isinstance(item, dict):
            problems.append(f"dienst {number}: moet een object zijn, niet {_kind(item)}")
            continue
        row, type_problems = service_row(item)
        label = f"dienst {number}" + (f" ({row['external_id']})" if row["external_id"] else "")
        # A field of the wrong type would also be reported as missing: say it once.
        problems += [f"{label}, veld {path}: {message}" for path, message in type_problems]
        if not type_problems:
            labelled.append((label, row))
    inputs, row_problems = check_rows(labelled, lambda column: f"veld {FIELDS.get(column, column)}")
    problems += row_problems
    if problems:
        raise Invalid(f"{len(problems)} fout(en) gevonden; er is niets ingelezen.", problems)
    return inputs


def import_hsds(
    engine: Engine, data: bytes, *, actor: str, staged: bool | None = None
) -> ImportReport:
    """Validate every service, then write them all in one transaction — or nothing."""
    inputs = validate_services(read_services(data))
    return import_inputs(engine, inputs, actor=actor, staged=staged)
