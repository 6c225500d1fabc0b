"""Shared by the HSDS tests: the Open Referral schema (from ../shared) and varied groups."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "hsds-3.0" / "compiled" / "service_with_definitions.json"

Rows = Callable[..., dict[str, str]]


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(service: dict[str, Any]) -> list[str]:
    """What the HSDS 3.0 service schema says is wrong with one service; skip without it."""
    if not SCHEMA.exists():
        pytest.skip(f"HSDS 3.0 schema not found at {SCHEMA} (the shared folder beside the repo)")
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in _validator().iter_errors(service)
    ]


def varied_rows(make_row: Rows) -> list[dict[str, str]]:
    """Groups that use every corner of the mapping (docs/hsds.md)."""
    return [
        make_row(
            cost="eigen_bijdrage",
            cost_note="€ 2,50 per keer",
            waiting_weeks="3",
            age_max="67",
            special_audiences="lhbtiq;studenten",
        ),
        make_row(
            external_id="grp-002",
            title="Grip op je dip",
            open_group="nee",
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            first_session="2026-09-03 14:00",
            duration_minutes="120",
            until="",
            session_count="6",
            exception_dates="",
            enrolment_open="nee",
            next_intake="2026-08-20",
            later_runs="2027-01-14;2027-05-13",
            municipality="Nijmegen",
            postcode="6511 AA",
            service_area="Berg en Dal;Nijmegen",
            address_after_registration="ja",
            status="gepauzeerd",
            registration_url="Bel of mail ons",
            access_route="huisarts",
            cost="zorgverzekering",
        ),
        make_row(
            external_id="grp-003",
            title="Online",
            mode="online",
            location_name="",
            address="",
            postcode="",
            municipality="",
            service_area="",
            accessibility="",
            rrule="FREQ=MONTHLY;BYDAY=-1FR",
            first_session="2026-10-30 10:00",
            until="",
            exception_dates="2026-12-25",
            example="ja",
            status="concept",
            organisation="Herstelacademie",
            contact_phone="",
            contact_email="",
            registration_url="",
            last_confirmed="",
            languages="nl;ar;pap",
        ),
        make_row(
            external_id="grp-004",
            title="Nachtcafé",
            municipality="Mook en Middelaar",
            location_name="",
            address="",
            postcode="",
            service_area="",
            accessibility="",
            rrule="FREQ=DAILY;INTERVAL=3",
            first_session="2026-11-02 20:00",
            duration_minutes="600",
            until="",
            exception_dates="",
            status="gestopt",
            contact_email="",
            age_min="",
            tags="",
            elements="",
            themes="",
        ),
    ]
