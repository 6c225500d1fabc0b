"""Open Referral HSDS 3.0 export: every group as a `service` object (docs/hsds.md).

Standard HSDS fields carry what HSDS can say; our vocabularies (domain,
themes, elements, audience …) go in `attributes` with taxonomy terms, and what
HSDS has no field for (dated runs, cancelled dates, waiting weeks, open or
closed group …) in an additional `groepenwijzer` object, which the HSDS 3.0
schema permits. Ids are uuid5 names in one fixed namespace, so the same
catalogue always exports the same ids.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.progress import Progress, counted
from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM, ScheduleSpec, describe

# uuid5(NAMESPACE_URL, "https://groepenwijzer.nl/hsds"): the namespace of every exported id.
NAMESPACE = uuid.UUID("8e21043c-ae6c-5f90-b616-cc9089fda894")
# The additional property that holds what HSDS has no field for.
EXTENSION = "groepenwijzer"
TAXONOMY_PREFIX = "groepenwijzer:"

# Our status ↔ HSDS service.status (one to one).
STATUS_TO_HSDS = {
    "actief": "active",
    "gepauzeerd": "temporarily closed",
    "gestopt": "defunct",
    "concept": "inactive",
}

# Vocabularies exported as attributes: link_type / taxonomy name → (record field, vocabulary).
# Single-valued fields hold one code, the others a tuple of codes.
VOCABULARIES: dict[str, tuple[str, dict[str, Any]]] = {
    "domain": ("domain", tx.DOMAINS),
    "theme": ("themes", tx.THEMES),
    "element": ("elements", tx.ELEMENTS),
    "audience": ("audience", tx.AUDIENCES),
    "special_audience": ("special_audiences", tx.SPECIAL_AUDIENCES),
    "facilitator_role": ("facilitator_roles", tx.FACILITATOR_ROLES),
    "access_route": ("access_route", tx.ACCESS_ROUTES),
    "mode": ("mode", tx.MODES),
    "cost": ("cost", tx.COSTS),
}
SINGLE_VALUED = frozenset({"domain", "audience", "access_route", "mode", "cost"})

# HSDS schedule.freq allows only these; other rules travel in the extension alone.
HSDS_FREQS = ("WEEKLY", "MONTHLY")

_PROVINCE_OF_REGION = {
    "midden_ijssel": "Overijssel",
    "ijssel_vecht": "Overijssel",
    "noordwest_veluwe": "Gelderland",
    "achterhoek": "Gelderland",
    "amsterdam_zuidoost": "Noord-Holland",
    "rijk_van_nijmegen": "Gelderland",
}
_PROVINCE_EXCEPTIONS = {
    "Voorst": "Gelderland",
    "Zeewolde": "Flevoland",
    "Mook en Middelaar": "Limburg",
}
_ABSOLUTE_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)


def stable_id(kind: str, *key: object) -> str:
    """The uuid5 id of an exported object: same kind and key, same id, on every export."""
    name = "|".join([kind, *("" if part is None else str(part) for part in key)])
    return str(uuid.uuid5(NAMESPACE, name))


def province(municipality: str) -> str:
    """The province of a GEM municipality (HSDS address.state_province)."""
    if municipality in _PROVINCE_EXCEPTIONS:
        return _PROVINCE_EXCEPTIONS[municipality]
    found = tx.MUNICIPALITIES.get(municipality)
    return _PROVINCE_OF_REGION.get(found.region, "") if found else ""


def is_absolute_url(value: str) -> bool:
    """An http(s) address, fit for HSDS `url` (format uri)."""
    return bool(_ABSOLUTE_URL.match(value))


def _label(vocabulary: dict[str, Any], code: str) -> str:
    value = vocabulary.get(code, code)
    return str(getattr(value, "label", value))


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: HSDS omits what it does not know."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _attributes(record: GroupRecord, service_id: str) -> list[dict[str, Any]]:
    found = []
    for link_type, (name, vocabulary) in VOCABULARIES.items():
        value = getattr(record, name)
        codes = [value] if link_type in SINGLE_VALUED else list(value)
        for code in codes:
            term_id = stable_id("taxonomy_term", link_type, code)
            found.append(
                {
                    "id": stable_id("attribute", record.external_id, link_type, code),
                    "link_id": service_id,
                    "link_type": link_type,
                    "link_entity": "service",
                    "taxonomy_term_id": term_id,
                    "taxonomy_term": {
                        "id": term_id,
                        "code": code,
                        "name": _label(vocabulary, code),
                        "description": _label(vocabulary, code),
                        "taxonomy": TAXONOMY_PREFIX + link_type,
                        "taxonomy_id": stable_id("taxonomy", link_type),
                        "language": "nl",
                    },
                }
            )
    return found


def _location(record: GroupRecord, service_id: str, *, private: bool) -> list[dict[str, Any]]:
    if not record.municipality:
        return []  # online only: no place to name
    org_id = stable_id("organization", record.organisation)
    hidden = record.address_after_registration and not private
    key: tuple[object, ...] = (
        ("hidden", record.external_id, record.municipality)
        if hidden  # not even a hash of the venue, which could be guessed back
        else (record.organisation, record.location_name, record.address, record.municipality)
    )
    location_id = stable_id("location", *key)
    address = {
        "id": stable_id("address", *key),
        "location_id": location_id,
        "address_1": "" if hidden else record.address or "",
        "city": record.municipality,
        "state_province": province(record.municipality),
        "postal_code": "" if hidden else record.postcode or "",
        "country": "NL",
        "address_type": "physical",
    }
    accessibility = [
        {
            "id": stable_id("accessibility", *key),
            "location_id": location_id,
            "description": record.accessibility,
        }
    ]
    location = _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": org_id,
            "name": None if hidden else record.location_name,
            "addresses": [address],
            "accessibility": accessibility if record.accessibility else [],
        }
    )
    return [
        {
            "id": stable_id("service_at_location", record.external_id),
            "service_id": service_id,
            "location_id": location_id,
            "location": location,
        }
    ]


def _rule_parts(rrule: str) -> dict[str, str]:
    parts = (part.split("=", 1) for part in rrule.upper().split(";") if "=" in part)
    return {name.strip(): value.strip() for name, value in parts}


def _clock(moment: datetime) -> str:
    """'19:30+02:00': local wall-clock time with the UTC offset of that day."""
    offset = moment.replace(tzinfo=AMSTERDAM).strftime("%z")
    return f"{moment:%H:%M}{offset[:3]}:{offset[3:]}"


def _hours(offset: timedelta) -> int | float:
    hours = offset.total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def _schedule(record: GroupRecord, spec: ScheduleSpec, service_id: str) -> dict[str, Any]:
    parts = _rule_parts(spec.rrule)
    first = spec.first_session
    end = first + timedelta(minutes=spec.duration_minutes)
    offset = first.replace(tzinfo=AMSTERDAM).utcoffset() or timedelta(0)
    standard: dict[str, Any] = {}
    if parts.get("FREQ") in HSDS_FREQS:
        standard = {
            "freq": parts["FREQ"],
            "interval": int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else None,
            "byday": parts.get("BYDAY"),
            "bymonthday": parts.get("BYMONTHDAY"),
            "wkst": parts.get("WKST"),
        }
    reasons = dict(spec.reasons)
    cancelled = [
        _compact({"date": day.isoformat(), "reason": reasons.get(day)})
        for day in sorted(spec.exceptions)
    ]
    return _compact(
        {
            "id": stable_id("schedule", record.external_id),
            "service_id": service_id,
            "dtstart": first.date().isoformat(),
            "timezone": _hours(offset),
            "until": spec.until.isoformat() if spec.until else None,
            "count": spec.session_count,
            **standard,
            "opens_at": _clock(first),
            "closes_at": _clock(end),
            "description": describe(spec),
            EXTENSION: _compact(
                {"rrule": spec.rrule, "timezone": "Europe/Amsterdam", "cancelled": cancelled}
            ),
        }
    )


def _contacts(record: GroupRecord, service_id: str) -> list[dict[str, Any]]:
    if not (record.contact_email or record.contact_phone):
        return []
    contact_id = stable_id("contact", record.external_id)
    phones = []
    if record.contact_phone:
        phone_id = stable_id("phone", record.external_id)
        phones.append({"id": phone_id, "contact_id": contact_id, "number": record.contact_phone})
    return [
        _compact(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": "Aanmelden",
                "email": record.contact_email,
                "phones": phones,
            }
        )
    ]


def _extension(record: GroupRecord) -> dict[str, Any]:
    runs = [
        _compact(
            {
                "start_date": run.start_date.isoformat(),
                "sessions": run.sessions,
                "enrolment_open": run.enrolment_open,
                "next_intake": run.next_intake.isoformat() if run.next_intake else None,
                "places_left": run.places_left,
            }
        )
        for run in record.runs
    ]
    url = record.registration_url
    return _compact(
        {
            "external_id": record.external_id,
            "summary": record.summary,
            "tags": list(record.tags),
            "open_group": record.open_group,
            "capacity": record.capacity,
            "places_left": record.places_left,
            "waiting_weeks": record.waiting_weeks,
            "address_after_registration": record.address_after_registration,
            "example": record.is_example,
            "registration_url": url if url and not is_absolute_url(url) else None,
            "runs": runs,
        }
    )


def _last_modified(record: GroupRecord) -> str | None:
    if record.updated_at is None:
        return None
    stamp = record.updated_at
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def service(record: GroupRecord, *, private: bool = False) -> dict[str, Any]:
    """One group as an HSDS 3.0 `service` with its nested objects.

    Open data by default: a venue given only after registration (a trauma group's
    meeting place, say) is named by its municipality alone, as on the public group
    page and in the API. `private=True` keeps it, for an operator's full round trip.
    """
    service_id = stable_id("service", record.external_id)
    org_id = stable_id("organization", record.organisation)
    url = record.registration_url
    cost_option = _compact(
        {
            "id": stable_id("cost_option", record.external_id),
            "service_id": service_id,
            "option": _label(tx.COSTS, record.cost),
            "currency": "EUR",
            "amount": 0 if record.cost == "gratis" else None,
            "amount_description": record.cost_note,
        }
    )
    languages = [
        {
            "id": stable_id("language", record.external_id, code),
            "service_id": service_id,
            "name": _label(tx.LANGUAGES, code),
            "code": code,
        }
        for code in record.languages
    ]
    areas = [
        {
            "id": stable_id("service_area", record.external_id, municipality),
            "service_id": service_id,
            "name": municipality,
        }
        for municipality in sorted(record.service_area)
    ]
    spec = record.schedule
    return _compact(
        {
            "id": service_id,
            "organization_id": org_id,
            "name": record.title,
            "description": record.description,
            "url": url if url and is_absolute_url(url) else None,
            "status": STATUS_TO_HSDS[record.status],
            "application_process": _label(tx.ACCESS_ROUTES, record.access_route),
            "fees_description": record.cost_note,
            "eligibility_description": _label(tx.AUDIENCES, record.audience),
            "minimum_age": record.age_min,
            "maximum_age": record.age_max,
            "assured_date": record.last_confirmed_at.isoformat()
            if record.last_confirmed_at
            else None,
            "last_modified": _last_modified(record),
            "organization": {"id": org_id, "name": record.organisation, "description": ""},
            "service_at_locations": _location(record, service_id, private=private),
            "schedules": [_schedule(record, spec, service_id)] if spec else [],
            "service_areas": areas,
            "languages": languages,
            "cost_options": [cost_option],
            "contacts": _contacts(record, service_id),
            "attributes": _attributes(record, service_id),
            EXTENSION: _extension(record),
        }
    )


def export_hsds(records: Iterable[GroupRecord], *, private: bool = False) -> str:
    """A JSON list of HSDS services, one per group, in a stable order and layout."""
    services = [service(record, private=private) for record in records]
    return json.dumps(services, ensure_ascii=False, indent=2) + "\n"


def export_engine_hsds(
    engine: Engine, *, private: bool = False, on_progress: Progress | None = None
) -> str:
    """Export every group in the database as HSDS JSON."""
    with session_scope(engine) as session:
        return export_hsds(counted(load_records(session), on_progress), private=private)
