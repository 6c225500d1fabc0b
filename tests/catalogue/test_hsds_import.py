"""HSDS 3.0 import: round trips through export, goes through the spreadsheet import's
validation and transaction, and bad input changes nothing (docs/hsds.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from catalogue.db import make_engine, session_scope, upgrade
from catalogue.errors import Invalid
from catalogue.groups import load_records
from catalogue.interchange.hsds_export import export_engine_hsds
from catalogue.interchange.hsds_import import import_hsds
from catalogue.interchange.spreadsheet import export_engine_csv, import_file
from catalogue.models import AuditEntry
from catalogue.seed import seed
from seed_groups import seed_csv
from tests.catalogue.hsds_support import Rows, varied_rows

ToCsv = Callable[..., bytes]
Counts = Callable[[Engine], dict[str, int]]


def _fresh(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    upgrade(url)
    return make_engine(url)


def _records(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every group's data, without what a database assigns (id, version, times)."""
    with session_scope(engine) as session:
        records = load_records(session)
    left_out = ("id", "version", "updated_at")
    return {
        r.external_id: {k: v for k, v in asdict(r).items() if k not in left_out} for r in records
    }


def _encode(services: list[dict[str, Any]]) -> bytes:
    return json.dumps(services).encode()


def test_the_seed_round_trips_through_hsds(engine_any: Engine, tmp_path: Path) -> None:
    seed(engine_any, seed_csv())
    exported = export_engine_hsds(engine_any, private=True)

    fresh = _fresh(tmp_path / "fresh.db")
    report = import_hsds(fresh, exported.encode(), actor="t", staged=True)
    try:
        assert report.created == len(json.loads(exported)) and report.updated == 0
        assert export_engine_csv(fresh) == export_engine_csv(engine_any)
        assert _records(fresh) == _records(engine_any)
    finally:
        fresh.dispose()


def test_varied_groups_round_trip_into_either_database(
    engine_any: Engine, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    source = _fresh(tmp_path / "source.db")
    import_file(source, csv_bytes(varied_rows(make_row)), "a.csv", actor="t")
    exported = export_engine_hsds(source, private=True)

    report = import_hsds(engine_any, exported.encode(), actor="t")
    try:
        assert (report.created, report.updated) == (4, 0)
        assert export_engine_csv(engine_any) == export_engine_csv(source)
        assert _records(engine_any) == _records(source)
    finally:
        source.dispose()


def test_reimport_writes_nothing_and_a_change_is_a_new_version_with_an_audit_entry(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine_any, csv_bytes(varied_rows(make_row)), "a.csv", actor="t")
    services = json.loads(export_engine_hsds(engine_any, private=True))

    assert import_hsds(engine_any, _encode(services), actor="t").unchanged == 4
    with session_scope(engine_any) as session:
        assert {r.version for r in load_records(session)} == {1}

    services[1]["name"] = "Grip op je dip (nieuw)"
    report = import_hsds(engine_any, _encode(services), actor="hsds-test")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    with session_scope(engine_any) as session:
        versions = {r.external_id: (r.title, r.version) for r in load_records(session)}
        audit = session.exec(select(AuditEntry).where(col(AuditEntry.actor) == "hsds-test")).all()
        assert versions["grp-002"] == ("Grip op je dip (nieuw)", 2)
        assert versions["grp-001"][1] == 1
        assert [(a.action, a.entity_id) for a in audit] == [("import-update", "grp-002")]


def _set(path: str, value: Any) -> Callable[[list[dict[str, Any]]], Any]:
    """Breaks the second service: sets one field at a dotted path ([n] for list items)."""

    def breaks(services: list[dict[str, Any]]) -> list[Any]:
        target: Any = services[1]
        *parents, last = path.split(".")
        for part in parents:
            name, _, index = part.partition("[")
            target = target[name][int(index[:-1])] if index else target[name]
        target[last] = value
        return services

    return breaks


def _domain(code: str) -> Callable[[list[dict[str, Any]]], Any]:
    def breaks(services: list[dict[str, Any]]) -> list[Any]:
        for attribute in services[1]["attributes"]:
            if attribute["link_type"] == "domain":
                attribute["taxonomy_term"]["code"] = code
        return services

    return breaks


BROKEN: dict[str, tuple[Callable[[list[dict[str, Any]]], Any], str]] = {
    "not an object": (lambda s: [s[0], 5], "dienst 2: moet een object zijn, niet een getal"),
    "name not text": (_set("name", 5), "dienst 2 (grp-002), veld name: moet tekst zijn"),
    "unknown municipality": (
        _set("service_areas[0].name", "Atlantis"),
        "dienst 2 (grp-002), veld service_areas[].name: onbekende gemeente 'Atlantis'",
    ),
    "unknown city": (
        _set("service_at_locations[0].location.addresses[0].city", "Atlantis"),
        "veld service_at_locations[0].location.addresses[0].city: onbekende gemeente 'Atlantis'",
    ),
    "unknown domain": (
        _domain("sport"),
        "dienst 2 (grp-002), veld attributes (groepenwijzer:domain): onbekende domein 'sport'",
    ),
    "bad start date": (
        _set("schedules[0].dtstart", "3 september"),
        "veld schedules[0].dtstart + opens_at: '3 september 14:00' is geen datum met tijd",
    ),
    "bad clock": (_set("schedules[0].opens_at", "2 uur"), "'2 uur' is geen tijd (UU:MM)"),
    "duplicate id": (
        _set("groepenwijzer.external_id", "grp-001"),
        "dienst 2 (grp-001), veld groepenwijzer.external_id: 'grp-001' staat ook in dienst 1",
    ),
    "typo in our extension": (
        _set("groepenwijzer.open_groep", True),
        "dienst 2 (grp-002), veld groepenwijzer.open_groep: onbekend veld (bekend: external_id",
    ),
    "unknown status": (_set("status", "open"), "veld status: onbekende status 'open'"),
    "yes as text": (
        _set("groepenwijzer.open_group", "nee"),
        "veld groepenwijzer.open_group: moet true of false zijn, niet tekst",
    ),
    "places above capacity": (
        _set("groepenwijzer.places_left", 40),
        "veld groepenwijzer.places_left: meer vrije plekken (40) dan plekken (12)",
    ),
    "two schedules": (
        lambda s: _set("schedules", s[1]["schedules"] * 2)(s),
        "veld schedules: Groepenwijzer kent één rooster per groep, niet 2",
    ),
    "first run elsewhere": (
        _set("groepenwijzer.runs[0].start_date", "2026-09-10"),
        "de eerste ronde begint met het rooster (2026-09-03), niet op 2026-09-10",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_field_fails_with_its_message_and_writes_nothing(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv, table_counts: Counts, case: str
) -> None:
    import_file(engine_any, csv_bytes(varied_rows(make_row)[:2]), "a.csv", actor="t")
    before_csv, before = export_engine_csv(engine_any), table_counts(engine_any)
    services = json.loads(export_engine_hsds(engine_any, private=True))
    services[0]["name"] = "Gewijzigd"  # a good change beside the broken one: not applied either
    breaks, message = BROKEN[case]

    with pytest.raises(Invalid) as raised:
        import_hsds(engine_any, _encode(breaks(services)), actor="t")

    assert "niets ingelezen" in raised.value.message
    assert any(message in problem for problem in raised.value.problems), raised.value.problems
    assert table_counts(engine_any) == before
    assert export_engine_csv(engine_any) == before_csv


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{nope", "geen geldige JSON (regel 1, kolom 2)"),
        (b'{"id": "x"}', "moet een JSON-lijst van HSDS-diensten zijn ([{…}, …]), niet een object"),
        (b"[]", "bevat geen groepen"),
        (b"\xff[]", "geen geldige UTF-8-tekst"),
        (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
    ],
    ids=["not json", "not a list", "empty", "not utf-8", "too deep"],
)
def test_a_file_that_is_no_list_of_services_is_refused(
    engine: Engine, table_counts: Counts, data: bytes, message: str
) -> None:
    before = table_counts(engine)
    with pytest.raises(Invalid) as raised:
        import_hsds(engine, data, actor="t")
    assert message in raised.value.message
    assert table_counts(engine) == before


def test_hsds_from_elsewhere_needs_only_the_standard_fields_and_our_codes(
    engine: Engine,
) -> None:
    """Without our extension's copies, the rule, id and contacts come from HSDS's own fields."""
    terms = {"domain": "welzijn", "audience": "iedereen", "access_route": "zonder_verwijzing"}
    terms |= {"mode": "locatie", "cost": "gratis", "theme": "eenzaamheid"}
    service = {
        "id": "0c6a7c4e-8b8e-4c55-9d3e-5f7f2f0f9a11",
        "name": "Koffie-ochtend",
        "status": "active",
        "email": "koffie@buurthuis.example",
        "phones": [{"id": "6a1f5c44-0000-4000-8000-000000000001", "number": "038 1234567"}],
        "organization": {"id": "6a1f5c44-0000-4000-8000-000000000002", "name": "Buurthuis"},
        "service_at_locations": [
            {
                "id": "6a1f5c44-0000-4000-8000-000000000003",
                "location": {
                    "id": "6a1f5c44-0000-4000-8000-000000000004",
                    "location_type": "physical",
                    "addresses": [
                        {
                            "id": "6a1f5c44-0000-4000-8000-000000000005",
                            "address_1": "Dorpsstraat 1",
                            "city": "Zwolle",
                            "state_province": "Overijssel",
                            "postal_code": "8011aa",
                            "country": "NL",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "schedules": [
            {
                "id": "6a1f5c44-0000-4000-8000-000000000006",
                "freq": "WEEKLY",
                "interval": 2,
                "byday": "WE",
                "dtstart": "2026-09-02T10:00:00",
                "opens_at": "10:00+02:00",
                "closes_at": "11:30+02:00",
            }
        ],
        "attributes": [
            {
                "id": f"6a1f5c44-0000-4000-8000-0000000001{n:02d}",
                "taxonomy_term": {
                    "id": "x",
                    "name": code,
                    "code": code,
                    "taxonomy": f"groepenwijzer:{kind}",
                },
            }
            for n, (kind, code) in enumerate(terms.items())
        ]
        + [
            {
                "id": "y",
                "taxonomy_term": {"id": "z", "name": "Food", "code": "BD", "taxonomy": "AIRS"},
            }
        ],
        "groepenwijzer": {"open_group": True},
    }
    assert import_hsds(engine, _encode([service]), actor="t").created == 1
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert record.external_id == service["id"]
    assert record.schedule is not None
    assert record.schedule.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    assert (str(record.schedule.first_session), record.schedule.duration_minutes) == (
        "2026-09-02 10:00:00",
        90,
    )
    assert (record.contact_email, record.contact_phone) == (
        "koffie@buurthuis.example",
        "038 1234567",
    )
    assert (record.municipality, record.postcode, record.service_area) == (
        "Zwolle",
        "8011 AA",
        frozenset({"Zwolle"}),
    )
    assert (record.domain, record.themes, record.languages) == (
        "welzijn",
        ("eenzaamheid",),
        ("nl",),
    )
