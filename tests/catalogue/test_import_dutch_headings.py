"""Spreadsheet import of a transfertafel sheet: Dutch headings, taxonomy labels, header errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine

from catalogue import taxonomy as tx
from catalogue.errors import Invalid
from catalogue.interchange.headings import DUTCH_HEADINGS, column_for
from catalogue.interchange.rows import COLUMNS, REQUIRED
from catalogue.interchange.spreadsheet import import_file, read_table, validate_rows

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]

# Code columns written as labels in the Dutch sheet (municipalities are names already).
LABELLED = {
    "domain": tx.DOMAINS,
    "elements": tx.ELEMENTS,
    "themes": {code: theme.label for code, theme in tx.THEMES.items()},
    "audience": tx.AUDIENCES,
    "special_audiences": tx.SPECIAL_AUDIENCES,
    "languages": tx.LANGUAGES,
    "mode": tx.MODES,
    "access_route": tx.ACCESS_ROUTES,
    "cost": tx.COSTS,
    "facilitator_roles": tx.FACILITATOR_ROLES,
    "status": tx.STATUSES,
}


def _rows(make_row: Rows) -> list[dict[str, str]]:
    return [
        make_row(special_audiences="lhbtiq;studenten", cost="eigen_bijdrage"),
        make_row(
            external_id="grp-002",
            title="Online",
            mode="online",
            municipality="",
            service_area="",
            location_name="",
            address="",
            postcode="",
            accessibility="",  # kept on the place, so an online group cannot store it
            access_route="huisarts",
            audience="naasten",
            status="gepauzeerd",
        ),
    ]


def _as_labels(row: dict[str, str]) -> dict[str, str]:
    """The row as a transfertafel types it: labels in odd case instead of codes."""
    out = dict(row)
    for column, vocabulary in LABELLED.items():
        codes = [code for code in row[column].split(";") if code]
        out[column] = ";".join(f" {vocabulary[code].upper()} " for code in codes)
    out["municipality"] = row["municipality"].lower()
    return out


def _dutch_csv(rows: list[dict[str, str]]) -> bytes:
    """Rows under Dutch headings (odd case and spacing), in another column order."""
    headings = {column: "  " + DUTCH_HEADINGS[column][-1].swapcase() + " " for column in COLUMNS}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    order = list(reversed(COLUMNS))
    writer.writerow([headings[column] for column in order])
    writer.writerows([[row[column] for column in order] for row in rows])
    return out.getvalue().encode("utf-8")


def test_every_column_has_a_dutch_heading() -> None:
    assert set(DUTCH_HEADINGS) == set(COLUMNS)
    for column, headings in DUTCH_HEADINGS.items():
        assert column_for(column) == column
        assert all(column_for(f" {h.upper()}  ") == column for h in headings)
    assert column_for("Naam   groep") == "title"
    assert column_for("E-mail") == column_for("contact e-mail") == "contact_email"


def test_dutch_headings_and_labels_import_as_names_and_codes(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    rows = _rows(make_row)
    ours = csv_bytes(rows)
    dutch = _dutch_csv([_as_labels(row) for row in rows])
    assert b"zelfhulp" not in dutch and b"Naam groep" in dutch.swapcase()

    parsed_ours = validate_rows(read_table(ours, "groepen.csv"))
    parsed_dutch = validate_rows(read_table(dutch, "groepen.csv"))
    assert [r.values for r in parsed_dutch] == [r.values for r in parsed_ours]

    first = import_file(engine, ours, "groepen.csv", actor="t")
    assert first.created == 2
    again = import_file(engine, dutch, "groepen.csv", actor="t")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_unknown_label_keeps_the_message(make_row: Rows, csv_bytes: ToCsv) -> None:
    data = csv_bytes([make_row(domain="Therapie en zo")])
    with pytest.raises(Invalid) as info:
        validate_rows(read_table(data, "groepen.csv"))
    assert info.value.problems == [
        "rij 2, kolom domain: onbekende domein 'Therapie en zo' "
        f"(kies uit: {', '.join(tx.DOMAINS)})"
    ]


def test_a_heading_naming_a_present_column_is_refused(make_row: Rows, csv_bytes: ToCsv) -> None:
    row = {**make_row(), "Naam groep": "Nog een titel"}
    with pytest.raises(Invalid) as info:
        read_table(csv_bytes([row], [*COLUMNS, "Naam groep"]), "groepen.csv")
    assert info.value.problems == [
        "een kolomnaam komt twee keer voor: "
        "kolom title staat er twee keer ('title' en 'Naam groep')"
    ]


def test_every_missing_required_column_is_listed(make_row: Rows, csv_bytes: ToCsv) -> None:
    kept = [column for column in COLUMNS if column not in REQUIRED]
    with pytest.raises(Invalid) as info:
        read_table(csv_bytes([make_row()], kept), "groepen.csv")
    assert info.value.problems == [f"kolom '{column}' ontbreekt" for column in REQUIRED]


def test_missing_and_unknown_columns_are_reported_together() -> None:
    data = b"Kenmerk,titel,Domein\r\ngrp-1,x,ggz\r\n"
    with pytest.raises(Invalid) as info:
        read_table(data, "groepen.csv")
    missing = [c for c in REQUIRED if c not in ("external_id", "domain")]
    assert info.value.problems == [
        "kolom 'titel' is onbekend",
        *(f"kolom '{column}' ontbreekt" for column in missing),
    ]
