"""HSDS 3.0 export: every service validates against the Open Referral schema; ids are stable."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from catalogue.db import make_engine, session_scope, upgrade
from catalogue.groups import load_records
from catalogue.interchange.hsds_export import NAMESPACE, export_engine_hsds, service
from catalogue.interchange.spreadsheet import import_file
from catalogue.records import GroupRecord
from catalogue.schedules import ScheduleSpec
from catalogue.seed import seed
from seed_groups import seed_csv
from tests.catalogue.hsds_support import Rows, schema_errors, varied_rows

ToCsv = Callable[..., bytes]


def _by_external_id(text: str) -> dict[str, dict[str, Any]]:
    return {s["groepenwijzer"]["external_id"]: s for s in json.loads(text)}


def _ids(value: Any) -> list[str]:
    """Every `id` anywhere in an exported document, in document order."""
    if isinstance(value, dict):
        own = [value["id"]] if "id" in value else []
        return own + [i for item in value.values() for i in _ids(item)]
    if isinstance(value, list):
        return [i for item in value for i in _ids(item)]
    return []


def test_every_seed_group_is_a_valid_hsds_service(engine: Engine) -> None:
    seed(engine, seed_csv())
    services = json.loads(export_engine_hsds(engine))
    with session_scope(engine) as session:
        assert len(services) == len(load_records(session)) > 60
    problems = {s["name"]: errors for s in services if (errors := schema_errors(s))}
    assert problems == {}


def test_varied_groups_validate_and_say_what_hsds_cannot(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine, csv_bytes(varied_rows(make_row)), "a.csv", actor="t")
    services = _by_external_id(export_engine_hsds(engine))
    for name, found in services.items():
        assert schema_errors(found) == [], name

    weekly, closed, online, daily = (services[f"grp-00{n}"] for n in range(1, 5))
    # Standard fields where HSDS has them.
    assert weekly["status"] == "active" and closed["status"] == "temporarily closed"
    assert (online["status"], daily["status"]) == ("inactive", "defunct")
    assert (weekly["minimum_age"], weekly["maximum_age"]) == (18, 67)
    assert weekly["url"] == "https://samenverder.example/aanmelden"
    assert weekly["contacts"][0]["email"] == "info@samenverder.example"
    assert weekly["contacts"][0]["phones"][0]["number"] == "0570 123456"
    assert [a["name"] for a in weekly["service_areas"]] == ["Deventer", "Voorst"]
    assert [lang["code"] for lang in online["languages"]] == ["nl", "ar", "pap"]
    place = weekly["service_at_locations"][0]["location"]
    assert place["addresses"][0] | {"id": None, "location_id": None} == {
        "id": None,
        "location_id": None,
        "address_1": "Hovenweg 1",
        "city": "Deventer",
        "state_province": "Overijssel",
        "postal_code": "7411 AB",
        "country": "NL",
        "address_type": "physical",
    }
    assert daily["service_at_locations"][0]["location"]["addresses"][0]["state_province"] == (
        "Limburg"
    )
    assert "service_at_locations" not in online  # online only: no place
    schedule = weekly["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["dtstart"]) == (
        "WEEKLY",
        "TU",
        "2026-09-01",
    )
    assert (schedule["opens_at"], schedule["closes_at"], schedule["timezone"]) == (
        "19:30+02:00",
        "21:00+02:00",
        2,
    )
    assert closed["schedules"][0]["interval"] == 2 and closed["schedules"][0]["count"] == 6
    assert daily["schedules"][0]["timezone"] == 1
    assert "freq" not in daily["schedules"][0]  # HSDS knows WEEKLY and MONTHLY only …
    assert daily["schedules"][0]["groepenwijzer"]["rrule"] == "FREQ=DAILY;INTERVAL=3"  # … we do
    # Our vocabularies as attributes with taxonomy terms.
    terms = {(a["link_type"], a["taxonomy_term"]["code"]) for a in weekly["attributes"]}
    assert {("domain", "zelfhulp"), ("theme", "somberheid"), ("mode", "locatie")} <= terms
    taxonomies = {(a["link_type"], a["taxonomy_term"]["taxonomy"]) for a in weekly["attributes"]}
    assert all(taxonomy == f"groepenwijzer:{kind}" for kind, taxonomy in taxonomies)
    # What HSDS has no field for, in the extension.
    assert weekly["schedules"][0]["groepenwijzer"]["cancelled"] == [
        {"date": "2026-12-29"},
        {"date": "2027-04-27"},
    ]
    assert weekly["groepenwijzer"]["waiting_weeks"] == 3
    assert weekly["groepenwijzer"]["open_group"] is True
    assert closed["groepenwijzer"]["open_group"] is False
    assert [run["start_date"] for run in closed["groepenwijzer"]["runs"]] == [
        "2026-09-03",
        "2027-01-14",
        "2027-05-13",
    ]
    assert closed["groepenwijzer"]["runs"][0]["enrolment_open"] is False
    assert closed["groepenwijzer"]["registration_url"] == "Bel of mail ons"  # not a URL …
    assert "url" not in closed  # … so not in HSDS's `url` (format uri)


def test_a_cancelled_meeting_keeps_its_reason() -> None:
    spec = ScheduleSpec(
        "FREQ=WEEKLY;BYDAY=MO",
        datetime(2026, 9, 7, 10, 0),
        exceptions=frozenset({date(2026, 9, 14), date(2026, 9, 21)}),
        reasons=((date(2026, 9, 14), "de begeleider is ziek"),),
    )
    record = GroupRecord(
        1, "Groep", "welzijn", external_id="g-1", organisation="Org", schedule=spec
    )
    found = service(record)
    assert schema_errors(found) == []
    assert found["schedules"][0]["groepenwijzer"]["cancelled"] == [
        {"date": "2026-09-14", "reason": "de begeleider is ziek"},
        {"date": "2026-09-21"},
    ]


def test_ids_are_uuid5_names_and_the_same_on_every_export(
    engine: Engine, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    rows = varied_rows(make_row)
    import_file(engine, csv_bytes(rows), "a.csv", actor="t")
    first = export_engine_hsds(engine)
    assert export_engine_hsds(engine) == first

    # Another database, filled in another order, gives every object the same id.
    url = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(url)
    other = make_engine(url)
    import_file(other, csv_bytes(rows[::-1]), "b.csv", actor="t")
    again = _by_external_id(export_engine_hsds(other))
    other.dispose()
    for external_id, found in _by_external_id(first).items():
        assert _ids(again[external_id]) == _ids(found)

    ids = _ids(json.loads(first))
    assert all(uuid.UUID(i).version == 5 for i in ids)
    weekly = _by_external_id(first)["grp-001"]
    assert weekly["id"] == str(uuid.uuid5(NAMESPACE, "service|grp-001"))
    assert weekly["organization"]["id"] == str(
        uuid.uuid5(NAMESPACE, "organization|Stichting Samen Verder")
    )
    # Objects that are one thing share an id; different things never do.
    services = json.loads(first)
    assert len({s["id"] for s in services}) == len(services)
    assert len({s["organization_id"] for s in services}) == 2


def test_the_schema_check_is_not_vacuous() -> None:
    """A broken export is caught, so the validation tests above can fail."""
    record = GroupRecord(1, "Groep", "welzijn", external_id="g-1", organisation="Org")
    good = service(record)
    assert schema_errors(good) == []
    assert schema_errors(good | {"status": "actief"})
    assert schema_errors(good | {"id": "g-1"})
    assert schema_errors(good | {"organization": {"id": good["organization_id"]}})
    assert schema_errors(service(replace(record, status="actief")) | {"minimum_age": "18"})


def test_a_venue_given_after_registration_is_not_published() -> None:
    venue = GroupRecord(
        1, "Traumagroep", "ggz", external_id="g-t", organisation="Org",
        municipality="Deventer", location_name="Huize Geheim", address="Verstopstraat 7",
        postcode="7411 AA",
    )  # fmt: skip
    hidden = replace(venue, address_after_registration=True)

    public = json.dumps(service(hidden))
    assert schema_errors(service(hidden)) == []
    assert "Verstopstraat" not in public and "Huize Geheim" not in public
    assert "7411" not in public and "Deventer" in public
    assert "Verstopstraat 7" in json.dumps(service(hidden, private=True))
    assert "Verstopstraat 7" in json.dumps(service(venue))
    # The location id is no hash of the venue either: two hidden venues of one group agree.
    moved = replace(hidden, address="Elders 1")
    assert _ids(service(moved)) == _ids(service(hidden))
