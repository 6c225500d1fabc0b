"""CSV export: every column in order, and export → import → export changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from catalogue.db import make_engine, session_scope, upgrade
from catalogue.groups import load_records
from catalogue.interchange.rows import COLUMNS
from catalogue.interchange.spreadsheet import (
    export_csv,
    export_engine_csv,
    import_file,
    neutralise,
)

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]


def _rich_rows(make_row: Rows) -> list[dict[str, str]]:
    return [
        make_row(
            description="Met \"aanhalingstekens\", komma's; puntkomma's\nen regels.",
            special_audiences="lhbtiq;studenten",
            cost="eigen_bijdrage",
            cost_note="€ 2,50 per keer",
            waiting_weeks="3",
            age_max="67",
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
            rrule="",
            first_session="",
            duration_minutes="",
            until="",
            exception_dates="",
            example="ja",
            organisation="Herstelacademie",
            contact_phone="",
            registration_url="",
            last_confirmed="",
        ),
    ]


def _fresh_engine(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    upgrade(url)
    return make_engine(url)


def test_export_has_every_column_in_order(engine: Engine, make_row: Rows, csv_bytes: ToCsv) -> None:
    import_file(engine, csv_bytes(_rich_rows(make_row)), "a.csv", actor="t")
    text = export_engine_csv(engine)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == list(COLUMNS)
    assert all(len(row) == len(COLUMNS) for row in reader)


def test_export_of_an_empty_catalogue_is_just_the_header() -> None:
    assert export_csv([]) == ",".join(COLUMNS) + "\r\n"


def test_canonical_file_is_exported_byte_for_byte(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    """A file already in export form (sorted areas, normalised postcode …) comes back as is."""
    data = csv_bytes(_rich_rows(make_row))
    import_file(engine_any, data, "a.csv", actor="t")
    assert export_engine_csv(engine_any).encode() == data


def test_export_import_export_is_identical(
    engine_any: Engine, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    # Non-canonical input: unsorted areas, lower-case postcode, default service area.
    rows = _rich_rows(make_row)
    rows[0].update(service_area="Voorst;Deventer", postcode="7411ab", rrule="freq=weekly;byday=tu")
    rows[1].update(service_area="")
    import_file(engine_any, csv_bytes(rows), "a.csv", actor="t")
    first = export_engine_csv(engine_any)

    fresh = _fresh_engine(tmp_path / "fresh.db")
    report = import_file(fresh, first.encode(), "export.csv", actor="t")
    second = export_engine_csv(fresh)
    fresh.dispose()

    assert report.created == 3
    assert second == first
    exported = list(csv.DictReader(io.StringIO(first, newline="")))
    assert exported[0]["service_area"] == "Deventer;Voorst"
    assert exported[0]["postcode"] == "7411 AB"
    assert exported[0]["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert exported[1]["service_area"] == "Nijmegen"


def test_reimporting_an_export_into_the_same_database_changes_no_data(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine, csv_bytes(_rich_rows(make_row)), "a.csv", actor="t")
    first = export_engine_csv(engine)
    import_file(engine, first.encode(), "export.csv", actor="t")
    assert export_engine_csv(engine) == first
    with session_scope(engine) as session:
        assert {r.version for r in load_records(session)} == {1}  # nothing was rewritten


_TEXT = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x00"),
        min_size=1,
        max_size=120,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=_TEXT,
    summary=_TEXT.filter(lambda s: len(s) <= 300),
    tags=st.lists(_TEXT.filter(lambda s: len(s) <= 40 and ";" not in s), max_size=4),
)
def test_free_text_round_trips(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, title: str, summary: str, tags: list[str]
) -> None:
    # Cells in export form: a value starting like a formula carries a ' (docs/spreadsheet.md).
    cells = {"title": title, "summary": summary, "tags": ";".join(tags)}
    row = make_row(**{name: neutralise(value) for name, value in cells.items()})
    import_file(engine, csv_bytes([row]), "a.csv", actor="t")
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert (record.title, record.summary, list(record.tags)) == (title, summary, tags)
    exported = next(csv.DictReader(io.StringIO(export_engine_csv(engine), newline="")))
    assert (exported["title"], exported["summary"]) == (row["title"], row["summary"])
