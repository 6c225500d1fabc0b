"""Spreadsheet import: all-or-nothing, precise messages, idempotent re-import."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue.db import session_scope
from catalogue.errors import Invalid
from catalogue.groups import load_records
from catalogue.interchange.rows import COLUMNS, REQUIRED
from catalogue.interchange.spreadsheet import MAX_BYTES, export_engine_csv, import_file
from catalogue.models import AuditEntry, Group, GroupArea, Organisation, Run, Schedule

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]
Counts = Callable[[Engine], dict[str, int]]


def test_base_row_fills_every_column(make_row: Rows) -> None:
    row = make_row()
    assert list(row) == list(COLUMNS)
    assert all(row[name] for name in REQUIRED)


@pytest.fixture
def three_rows(make_row: Rows) -> list[dict[str, str]]:
    """An open weekly group, a closed course with later runs, and an online group."""
    return [
        make_row(),
        make_row(
            external_id="grp-002",
            title="Training Grip op je dip",
            domain="ggz",
            open_group="nee",
            access_route="huisarts",
            cost="zorgverzekering",
            location_name="Praktijk Oost",
            address="Oostweg 5",
            postcode="6511AA",
            municipality="Nijmegen",
            service_area="",
            rrule="FREQ=WEEKLY;BYDAY=TH",
            first_session="2026-09-03 14:00",
            duration_minutes="120",
            until="",
            session_count="8",
            exception_dates="",
            enrolment_open="nee",
            next_intake="2026-08-20",
            later_runs="2027-01-14;2027-05-13",
            places_left="2",
        ),
        make_row(
            external_id="grp-003",
            title="Online lotgenotenchat",
            mode="online",
            organisation="Herstelacademie Online",
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
            languages="",
            example="ja",
        ),
    ]


def _audit(engine: Engine) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(e.actor, e.action, e.entity_id) for e in entries]


# --- good files -------------------------------------------------------------------------------


def test_good_csv_import_writes_everything(
    engine_any: Engine, three_rows: list[dict[str, str]], csv_bytes: ToCsv, table_counts: Counts
) -> None:
    report = import_file(engine_any, csv_bytes(three_rows), "groepen.csv", actor="tester")

    assert (report.created, report.updated) == (3, 0)
    assert table_counts(engine_any) == {
        "organisation": 2,  # two rows share "Stichting Samen Verder"
        "location": 2,  # the online group has none
        "group": 3,
        "grouparea": 3,  # Deventer+Voorst, Nijmegen (default = municipality), none online
        "schedule": 2,
        "scheduleexception": 2,
        "run": 3,  # the closed group's first run and two later runs
        "auditentry": 3,
    }
    assert _audit(engine_any) == [
        ("tester", "import-create", "grp-001"),
        ("tester", "import-create", "grp-002"),
        ("tester", "import-create", "grp-003"),
    ]
    with Session(engine_any) as session:
        orgs = {o.name: o for o in session.exec(select(Organisation)).all()}
        assert orgs["Herstelacademie Online"].is_example is True
        groups = {g.external_id: g for g in session.exec(select(Group)).all()}
        assert groups["grp-001"].organisation_id == groups["grp-002"].organisation_id
        assert groups["grp-003"].location_id is None
        assert groups["grp-003"].languages == ["nl"]  # the default language
        areas = session.exec(
            select(GroupArea.municipality).where(GroupArea.group_id == groups["grp-001"].id)
        ).all()
        assert sorted(areas) == ["Deventer", "Voorst"]
        schedule = session.exec(
            select(Schedule).where(Schedule.group_id == groups["grp-001"].id)
        ).one()
        assert schedule.first_session == datetime(2026, 9, 1, 19, 30)
        assert schedule.until == date(2027, 6, 29)
        runs = session.exec(
            select(Run).where(Run.group_id == groups["grp-002"].id).order_by(col(Run.start_date))
        ).all()
        assert [
            (r.start_date, r.sessions, r.enrolment_open, r.next_intake, r.places_left) for r in runs
        ] == [
            (date(2026, 9, 3), 8, False, date(2026, 8, 20), 2),
            (date(2027, 1, 14), 8, True, None, None),
            (date(2027, 5, 13), 8, True, None, None),
        ]


def test_imported_records_read_back_typed(
    engine_any: Engine, three_rows: list[dict[str, str]], csv_bytes: ToCsv
) -> None:
    import_file(engine_any, csv_bytes(three_rows), "groepen.csv", actor="tester")
    with session_scope(engine_any) as session:
        records = {r.external_id: r for r in load_records(session)}
    weekly = records["grp-001"]
    assert weekly.elements == ("lotgenotencontact", "psychoeducatie")
    assert weekly.languages == ("nl", "en")
    assert (weekly.age_min, weekly.age_max, weekly.capacity, weekly.places_left) == (
        18,
        None,
        12,
        4,
    )
    assert weekly.postcode == "7411 AB"
    assert weekly.description == "Een open groep.\nJe kunt elke week instappen."
    assert weekly.schedule is not None
    assert weekly.schedule.exceptions == {date(2026, 12, 29), date(2027, 4, 27)}
    assert weekly.last_confirmed_at == date(2026, 8, 15)
    assert weekly.weekdays == {"di"}
    assert records["grp-002"].postcode == "6511 AA"  # normalised
    assert records["grp-002"].area == {"Nijmegen"}
    assert records["grp-003"].area == frozenset()
    assert records["grp-003"].schedule is None


def test_reimport_updates_instead_of_duplicating(
    engine_any: Engine, three_rows: list[dict[str, str]], csv_bytes: ToCsv, table_counts: Counts
) -> None:
    import_file(engine_any, csv_bytes(three_rows), "groepen.csv", actor="tester")
    first_counts = table_counts(engine_any)

    same = import_file(engine_any, csv_bytes(three_rows), "groepen.csv", actor="tester")
    assert (same.created, same.updated, same.unchanged) == (0, 0, 3)
    assert table_counts(engine_any) == first_counts  # no new versions, no audit noise

    changed = [{**row, "summary": row["summary"] + " Nu ook op zaterdag."} for row in three_rows]
    report = import_file(engine_any, csv_bytes(changed), "groepen.csv", actor="tester")

    assert (report.created, report.updated, report.unchanged) == (0, 3, 0)
    second_counts = table_counts(engine_any)
    assert second_counts == {**first_counts, "auditentry": 6}
    with Session(engine_any) as session:
        versions = session.exec(select(Group.version)).all()
    assert versions == [2, 2, 2]
    assert _audit(engine_any)[3:] == [
        ("tester", "import-update", "grp-001"),
        ("tester", "import-update", "grp-002"),
        ("tester", "import-update", "grp-003"),
    ]


def test_reimport_applies_changes_and_replaces_children(
    engine_any: Engine, three_rows: list[dict[str, str]], csv_bytes: ToCsv, table_counts: Counts
) -> None:
    import_file(engine_any, csv_bytes(three_rows), "groepen.csv", actor="tester")
    changed = [dict(row) for row in three_rows]
    changed[0].update(
        title="Nieuwe naam",
        service_area="Deventer;Olst-Wijhe;Raalte",
        exception_dates="2026-10-13",
        rrule="FREQ=WEEKLY;BYDAY=WE",
        first_session="2026-09-02 19:00",
    )
    changed[1].update(later_runs="2027-02-04", places_left="1")

    import_file(engine_any, csv_bytes(changed), "groepen.csv", actor="tester")

    counts = table_counts(engine_any)
    assert counts["group"] == 3
    assert counts["grouparea"] == 4  # 3 + 1 (Nijmegen)
    assert counts["schedule"] == 2
    assert counts["scheduleexception"] == 1
    assert counts["run"] == 2
    with session_scope(engine_any) as session:
        records = {r.external_id: r for r in load_records(session)}
    first = records["grp-001"]
    assert (first.title, first.version) == ("Nieuwe naam", 2)
    assert first.service_area == {"Deventer", "Olst-Wijhe", "Raalte"}
    assert first.schedule is not None
    assert first.schedule.exceptions == {date(2026, 10, 13)}
    assert first.weekdays == {"wo"}
    assert [r.start_date for r in records["grp-002"].runs] == [date(2026, 9, 3), date(2027, 2, 4)]
    assert records["grp-002"].runs[0].places_left == 1
    assert records["grp-003"].version == 1  # its row did not change: nothing written


def test_rows_for_new_and_existing_groups_in_one_file(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    import_file(engine, csv_bytes([make_row()]), "a.csv", actor="t")
    rows = [make_row(title="Nieuwe titel"), make_row(external_id="grp-new"), make_row()]
    rows[2]["external_id"] = "grp-unchanged"
    import_file(engine, csv_bytes([rows[2]]), "c.csv", actor="t")
    report = import_file(engine, csv_bytes(rows), "b.csv", actor="t")
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)


def test_header_order_is_free_and_optional_columns_may_be_missing(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    columns = [
        "title",
        "external_id",
        "organisation",
        "domain",
        "audience",
        "open_group",
        "mode",
        "access_route",
        "cost",
        "municipality",
    ]
    row = {name: make_row()[name] for name in columns}
    report = import_file(engine, csv_bytes([row], columns), "kort.csv", actor="t")
    assert report.created == 1
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert (record.title, record.municipality, record.schedule) == (
        make_row()["title"],
        "Deventer",
        None,
    )


def test_header_cells_with_surrounding_spaces_are_accepted(engine: Engine, make_row: Rows) -> None:
    header = ", ".join(COLUMNS)
    values = ",".join(f'"{v}"' for v in make_row().values())
    report = import_file(engine, f"{header}\r\n{values}\r\n".encode(), "spaties.csv", actor="t")
    assert report.created == 1
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert record.summary == make_row()["summary"]  # an optional column, not dropped


def test_utf8_bom_and_non_ascii_text(engine: Engine, make_row: Rows, csv_bytes: ToCsv) -> None:
    title = "Café ‘Samen’ – ontmoeten in Mook en Middelaar 😊"
    data = b"\xef\xbb\xbf" + csv_bytes(
        [make_row(title=title, municipality="Mook en Middelaar", service_area="")]
    )
    import_file(engine, data, "bom.csv", actor="t")
    with session_scope(engine) as session:
        (record,) = load_records(session)
    assert record.title == title
    assert record.area == {"Mook en Middelaar"}


def test_blank_spreadsheet_rows_are_skipped_but_counted(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    """Excel writes an empty row as ',,,,'; row numbers must still match the sheet."""
    blank = dict.fromkeys(COLUMNS, "")
    rows = [make_row(), blank, make_row(external_id="grp-002", domain="nope")]
    with pytest.raises(Invalid) as info:
        import_file(engine, csv_bytes(rows), "gat.csv", actor="t")
    assert info.value.problems == [
        "rij 4, kolom domain: onbekende domein 'nope' (kies uit: ggz, wmo, welzijn, "
        "herstelacademie, zelfhulp)"
    ]
    rows[2]["domain"] = "ggz"
    assert import_file(engine, csv_bytes(rows), "gat.csv", actor="t").created == 2


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _typed(row: dict[str, str]) -> list[object]:
    """A row as Excel would hold it: dates as dates, numbers as numbers."""
    typed: dict[str, object] = dict(row)
    typed["first_session"] = datetime.strptime(row["first_session"], "%Y-%m-%d %H:%M")
    typed["last_confirmed"] = date.fromisoformat(row["last_confirmed"])
    typed["until"] = date.fromisoformat(row["until"])
    typed["capacity"] = float(row["capacity"])  # an integer stored as a float
    typed["places_left"] = int(row["places_left"])
    typed["age_max"] = None
    return [typed[name] for name in COLUMNS]


def test_xlsx_import_with_typed_cells(engine: Engine, make_row: Rows) -> None:
    rows = [list(COLUMNS), _typed(make_row()), _typed(make_row(external_id="grp-002"))]
    report = import_file(engine, _xlsx(rows), "groepen.xlsx", actor="t")
    assert (report.created, report.updated) == (2, 0)
    with session_scope(engine) as session:
        record = load_records(session)[0]
    assert record.capacity == 12
    assert record.places_left == 4
    assert record.last_confirmed_at == date(2026, 8, 15)
    assert record.schedule is not None
    assert record.schedule.first_session == datetime(2026, 9, 1, 19, 30)
    assert record.schedule.until == date(2027, 6, 29)


def test_xlsx_and_csv_of_the_same_data_import_identically(
    tmp_path_factory: pytest.TempPathFactory, make_row: Rows, csv_bytes: ToCsv
) -> None:
    from catalogue.db import make_engine, upgrade

    exports = []
    for name, data in [
        ("a.csv", csv_bytes([make_row()])),
        ("a.xlsx", _xlsx([list(COLUMNS), _typed(make_row())])),
    ]:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'x.db'}"
        upgrade(url)
        engine = make_engine(url)
        import_file(engine, data, name, actor="t")
        exports.append(export_engine_csv(engine))
        engine.dispose()
    assert exports[0] == exports[1]


def test_xlsx_error_row_numbers_count_blank_rows(
    engine: Engine, make_row: Rows, table_counts: Counts
) -> None:
    before = table_counts(engine)
    rows = [
        list(COLUMNS),
        _typed(make_row()),
        [None] * len(COLUMNS),
        _typed(make_row(external_id="grp-002", municipality="Atlantis")),
    ]
    with pytest.raises(Invalid) as info:
        import_file(engine, _xlsx(rows), "groepen.xlsx", actor="t")
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith("rij 4, kolom municipality: onbekende gemeente")
    assert table_counts(engine) == before


# --- bad rows: one table, every case all-or-nothing -------------------------------------------

BAD_ROWS: list[tuple[str, dict[str, str], str, str]] = [
    (
        "unknown-municipality",
        {"municipality": "Atlantis"},
        "municipality",
        "onbekende gemeente 'Atlantis'",
    ),
    (
        "unknown-service-area",
        {"service_area": "Deventer;Utrecht"},
        "service_area",
        "onbekende gemeente 'Utrecht'",
    ),
    ("unknown-domain", {"domain": "therapie"}, "domain", "onbekende domein 'therapie'"),
    (
        "unknown-element",
        {"elements": "lotgenotencontact;yoga"},
        "elements",
        "onbekende element 'yoga'",
    ),
    ("unknown-theme", {"themes": "somberheid;geluk"}, "themes", "onbekende thema 'geluk'"),
    ("malformed-rrule", {"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "rrule", "geen geldige RFC 5545-regel"),
    ("rrule-without-freq", {"rrule": "BYDAY=TU"}, "rrule", "moet met FREQ= beginnen"),
    ("count-inside-rrule", {"rrule": "FREQ=WEEKLY;COUNT=4"}, "rrule", "in hun eigen kolom"),
    (
        "until-before-first-session",
        {"until": "2026-08-31"},
        "until",
        "einddatum ligt vóór de eerste bijeenkomst",
    ),
    (
        "rrule-without-first-session",
        {"first_session": ""},
        "first_session",
        "is verplicht als er een herhaling is",
    ),
    (
        "bad-first-session",
        {"first_session": "1-9-2026 19:30"},
        "first_session",
        "geen datum met tijd",
    ),
    ("bad-date", {"until": "2027-02-30"}, "until", "'2027-02-30' is geen datum"),
    (
        "bad-exception-date",
        {"exception_dates": "2026-12-29;volgende week"},
        "exception_dates",
        "geen datum",
    ),
    ("negative-capacity", {"capacity": "-1"}, "capacity", "-1 ligt niet tussen 0 en 1000"),
    ("non-numeric-capacity", {"capacity": "twaalf"}, "capacity", "'twaalf' is geen heel getal"),
    (
        "places-over-capacity",
        {"capacity": "5", "places_left": "6"},
        "places_left",
        "meer vrije plekken (6) dan plekken (5)",
    ),
    (
        "age-max-below-min",
        {"age_min": "30", "age_max": "20"},
        "age_max",
        "maximumleeftijd is lager dan minimumleeftijd",
    ),
    (
        "duration-out-of-range",
        {"duration_minutes": "601"},
        "duration_minutes",
        "601 ligt niet tussen 1 en 600",
    ),
    ("oversized-title", {"title": "x" * 121}, "title", "te lang (121 tekens, maximaal 120)"),
    ("oversized-tag", {"tags": "kort;" + "y" * 41}, "tags", "is te lang (maximaal 40)"),
    ("control-character", {"title": "Groep\x07bel"}, "title", "onzichtbare stuurtekens"),
    (
        "control-character-in-description",
        {"description": "a\x1bb"},
        "description",
        "onzichtbare stuurtekens",
    ),
    ("missing-title", {"title": ""}, "title", "is verplicht"),
    ("missing-organisation", {"organisation": "  "}, "organisation", "is verplicht"),
    ("missing-domain", {"domain": ""}, "domain", "is verplicht"),
    ("missing-open-group", {"open_group": ""}, "open_group", "is verplicht"),
    ("missing-external-id", {"external_id": ""}, "external_id", "is verplicht"),
    ("bad-external-id", {"external_id": "grp 3"}, "external_id", "alleen letters, cijfers"),
    (
        "duplicate-external-id",
        {"external_id": "grp-001"},
        "external_id",
        "'grp-001' staat ook in rij 2",
    ),
    (
        "in-person-without-municipality",
        {"municipality": "", "service_area": ""},
        "municipality",
        "is verplicht voor groepen op locatie",
    ),
    (
        "hybrid-without-municipality",
        {"mode": "hybride", "municipality": ""},
        "municipality",
        "is verplicht voor groepen op locatie",
    ),
    ("not-yes-or-no", {"open_group": "misschien"}, "open_group", "'misschien' is geen ja of nee"),
    ("bad-postcode", {"postcode": "7411"}, "postcode", "'7411' is geen postcode"),
    (
        "later-runs-on-open-group",
        {"later_runs": "2027-01-12"},
        "later_runs",
        "alleen voor gesloten groepen",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "column", "fragment"),
    [pytest.param(o, c, f, id=i) for i, o, c, f in BAD_ROWS],
)
def test_bad_last_row_names_row_and_column_and_writes_nothing(
    engine: Engine,
    make_row: Rows,
    csv_bytes: ToCsv,
    table_counts: Counts,
    overrides: dict[str, str],
    column: str,
    fragment: str,
) -> None:
    import_file(engine, csv_bytes([make_row(external_id="bestaand")]), "a.csv", actor="t")
    before, exported = table_counts(engine), export_engine_csv(engine)
    rows = [
        make_row(),
        make_row(external_id="grp-002", title="Tweede"),
        make_row(**{"external_id": "grp-003", **overrides}),
    ]
    rows[0]["title"] = "Zou nieuw zijn"
    rows.append(make_row(external_id="bestaand", title="Zou bijgewerkt zijn"))
    rows[2], rows[3] = rows[3], rows[2]  # the bad row last, after an update of an existing one

    with pytest.raises(Invalid) as info:
        import_file(engine, csv_bytes(rows), "groepen.csv", actor="t")

    problems = info.value.problems
    assert any(p.startswith(f"rij 5, kolom {column}: ") and fragment in p for p in problems), (
        problems
    )
    assert all(p.startswith("rij 5, ") for p in problems), problems
    assert "er is niets ingelezen" in info.value.message
    assert table_counts(engine) == before
    assert export_engine_csv(engine) == exported


def test_every_problem_in_the_file_is_reported(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, table_counts: Counts
) -> None:
    rows = [
        make_row(domain="x"),
        make_row(external_id="grp-002"),
        make_row(external_id="grp-003", capacity="-5", title=""),
    ]
    with pytest.raises(Invalid) as info:
        import_file(engine, csv_bytes(rows), "groepen.csv", actor="t")
    assert sorted(p.split(":")[0] for p in info.value.problems) == [
        "rij 2, kolom domain",
        "rij 4, kolom capacity",
        "rij 4, kolom title",
    ]
    assert info.value.message.startswith("3 fout(en) gevonden")
    assert set(table_counts(engine).values()) == {0}


@pytest.mark.parametrize("position", [0, 2], ids=["first", "last"])
def test_bad_row_on_both_databases_writes_nothing(
    engine_any: Engine, make_row: Rows, csv_bytes: ToCsv, table_counts: Counts, position: int
) -> None:
    rows = [make_row(external_id=f"grp-{i}") for i in range(3)]
    rows[position]["municipality"] = "Atlantis"
    with pytest.raises(Invalid) as info:
        import_file(engine_any, csv_bytes(rows), "groepen.csv", actor="t")
    assert info.value.problems[0].startswith(f"rij {position + 2}, kolom municipality:")
    assert set(table_counts(engine_any).values()) == {0}


# --- file-level errors --------------------------------------------------------------------------


def _header_only(columns: list[str]) -> bytes:
    return (",".join(columns) + "\r\n").encode()


def _with_extra_column(make_row: Rows, csv_bytes: ToCsv) -> bytes:
    row = {**make_row(), "titel": "typo"}
    return csv_bytes([row], [*COLUMNS, "titel"])


FILE_ERRORS: list[tuple[str, str, Callable[[Rows, ToCsv], bytes], str]] = [
    ("txt", "groepen.txt", lambda r, c: c([r()]), "Bestandstype '.txt' wordt niet ondersteund"),
    ("pdf", "groepen.pdf", lambda r, c: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "'.pdf'"),
    ("no-suffix", "groepen", lambda r, c: c([r()]), "Bestandstype 'groepen'"),
    (
        "latin-1",
        "groepen.csv",
        lambda r, c: c([r()]).replace(b"Samen", "Café".encode("latin-1")),
        "geen geldige UTF-8",
    ),
    ("unknown-column", "groepen.csv", _with_extra_column, "kolom 'titel' is onbekend"),
    (
        "no-external-id-column",
        "groepen.csv",
        lambda r, c: c([r()], [n for n in COLUMNS if n != "external_id"]),
        "kolom 'external_id' ontbreekt",
    ),
    (
        "duplicate-column",
        "groepen.csv",
        lambda r, c: _header_only(["external_id", "title", "title"]) + b"a,b,c\r\n",
        "een kolomnaam komt twee keer voor",
    ),
    ("xlsx-that-is-text", "groepen.xlsx", lambda r, c: c([r()]), "geen geldig Excel-bestand"),
    ("xlsx-empty-sheet", "groepen.xlsx", lambda r, c: _xlsx([]), "Het werkblad is leeg"),
    ("empty-file", "groepen.csv", lambda r, c: b"", "kolom 'external_id' ontbreekt"),
    ("header-only", "groepen.csv", lambda r, c: _header_only(list(COLUMNS)), "bevat geen groepen"),
    (
        "only-blank-rows",
        "groepen.csv",
        lambda r, c: c([dict.fromkeys(COLUMNS, "")] * 2),
        "bevat geen groepen",
    ),
    (
        "too-many-fields",
        "groepen.csv",
        lambda r, c: _header_only(list(REQUIRED)) + b"a" + b",b" * len(REQUIRED) + b"\r\n",
        "meer velden dan de kopregel",
    ),
    ("nul-bytes", "groepen.csv", lambda r, c: c([r(title="a\x00b")]), "NUL-tekens"),
    (
        "unterminated-quote",
        "groepen.csv",
        lambda r, c: _header_only(["external_id", "title"]) + b'a,"open\r\n',
        "niet goed opgebouwd",
    ),
    ("too-big", "groepen.csv", lambda r, c: b" " * (MAX_BYTES + 1), "te groot"),
]


@pytest.mark.parametrize(
    ("filename", "build", "fragment"),
    [pytest.param(n, b, f, id=i) for i, n, b, f in FILE_ERRORS],
)
def test_file_level_errors(
    engine: Engine,
    make_row: Rows,
    csv_bytes: ToCsv,
    table_counts: Counts,
    filename: str,
    build: Callable[[Rows, ToCsv], bytes],
    fragment: str,
) -> None:
    with pytest.raises(Invalid) as info:
        import_file(engine, build(make_row, csv_bytes), filename, actor="t")
    assert any(fragment in text for text in [info.value.message, *info.value.problems]), (
        info.value.message,
        info.value.problems,
    )
    assert set(table_counts(engine).values()) == {0}


def test_unnamed_empty_columns_are_skipped_but_unnamed_values_are_refused(
    engine: Engine, make_row: Callable[..., dict[str, str]], csv_bytes: Callable[..., bytes]
) -> None:
    """Excel pads row 1 with empty cells; a trailing comma must not sink the import."""
    good = csv_bytes([make_row()]).decode()
    padded = "\r\n".join(line + "," for line in good.strip().split("\r\n")) + "\r\n"
    assert import_file(engine, padded.encode(), "padded.csv", actor="t").created == 1
    lines = good.strip().split("\r\n")
    stray = "\r\n".join([lines[0] + ",", lines[1] + ",oeps"]) + "\r\n"
    with pytest.raises(Invalid, match="geen naam"):
        import_file(engine, stray.encode(), "stray.csv", actor="t")
