"""The transfertafel spreadsheet: all-or-nothing CSV/XLSX import, CSV export that round-trips."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import update as sa_update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue import audit
from catalogue.db import session_scope
from catalogue.errors import Invalid
from catalogue.groups import load_records, upsert_from_input
from catalogue.interchange.headings import column_for
from catalogue.interchange.rows import COLUMNS, REQUIRED, GroupInput, parse_row
from catalogue.interchange.staging import sqlite_file, staged_import
from catalogue.models import Group, utcnow
from catalogue.progress import Progress, counted
from catalogue.records import GroupRecord

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
# From this many rows a SQLite import is staged on a copy (a direct one locks for ~1 s here).
STAGE_FROM_ROWS = 200

# A cell starting with one of these is a formula (or DDE call) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    created: int
    updated: int
    unchanged: int = 0


def neutralise(value: str) -> str:
    """The export form of a cell: inert in a spreadsheet programme (OWASP's rule).

    A value that would start a formula gets a leading `'`. So that the import can
    undo exactly this, a value that already is quotes followed by a formula
    character (`'=x`) gets one more quote too; other values, including Dutch
    `'s-Hertogenbosch`, are left alone (docs/spreadsheet.md, "Formulas").
    """
    return _QUOTE + value if value.lstrip(_QUOTE)[:1] in _STARTS else value


def restore(cell: str) -> str:
    """The value of an exported or hand-typed cell: the inverse of `neutralise`.

    One leading quote is dropped only when quotes are followed by a formula
    character, which is what `neutralise` writes and what a spreadsheet user
    types to enter such text; any other quote is part of the value.
    """
    if cell.startswith(_QUOTE) and cell.lstrip(_QUOTE)[:1] in _STARTS:
        return cell[1:]
    return cell


_STARTS = frozenset(FORMULA_STARTS)


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as header → text dicts; Invalid for unreadable files."""
    if len(data) > MAX_BYTES:
        raise Invalid(f"Het bestand is te groot (maximaal {MAX_BYTES // 1_000_000} MB).")
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".xlsx":
        return _read_xlsx(data)
    raise Invalid(
        f"Bestandstype '{suffix or filename}' wordt niet ondersteund: gebruik .csv of .xlsx."
    )


def _read_csv(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(
            f"Het bestand is geen geldige UTF-8-tekst (byte {exc.start}). "
            "Sla het op als 'CSV UTF-8'."
        ) from None
    if "\x00" in text:
        raise Invalid("Het bestand bevat NUL-tekens; is het echt een CSV-bestand?")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        # Strip header cells as for XLSX, so " title" is the title column, not dropped data.
        header = _name_blank_columns([name.strip() for name in reader.fieldnames or []])
        reader.fieldnames = _columns(header)
        rows = [_restored(row) for row in reader]
    except csv.Error as exc:
        raise Invalid(
            f"Het CSV-bestand is niet goed opgebouwd (rij {reader.line_num}): {exc}"
        ) from None
    _check_header(header)
    return _check_rows(rows)


def _read_xlsx(data: bytes) -> list[dict[str, str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise Invalid("Het bestand is geen geldig Excel-bestand (.xlsx).") from None
    sheet = workbook.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not values:
        raise Invalid("Het werkblad is leeg.")
    header = _name_blank_columns([str(cell or "").strip() for cell in values[0]])
    _check_header(header)
    header = _columns(header)
    body = values[1:]
    while body and all(cell in (None, "") for cell in body[-1]):
        body.pop()
    # Empty rows in between stay (and are skipped later) so row numbers match the sheet.
    rows = [
        _restored({name: _cell_text(cell) for name, cell in zip(header, row, strict=False)})
        for row in body
    ]
    return _check_rows(rows)


def _restored(row: dict[str, str]) -> dict[str, str]:
    """A row with each cell's export escaping undone (a surplus field, keyed None, stays)."""
    return {key: restore(value) if isinstance(value, str) else value for key, value in row.items()}


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        stamp = cell.strftime("%Y-%m-%d %H:%M")
        return stamp[:10] if stamp.endswith("00:00") else stamp
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


_BLANK = "\x00zonder naam "


def _name_blank_columns(header: list[str]) -> list[str]:
    """Excel often saves empty, unnamed columns: name them so they can be checked and skipped."""
    return [name or f"{_BLANK}{number}" for number, name in enumerate(header, start=1)]


def _columns(header: list[str]) -> list[str]:
    """The header as our column names: Dutch headings translated, other cells as they are."""
    return [column_for(name) or name if not name.startswith(_BLANK) else name for name in header]


def _check_header(header: list[str]) -> None:
    """Invalid listing every problem of a header row, all at once.

    Unknown headings, a column named twice (also as `title` and "Naam groep")
    and each missing required column are one problem each.
    """
    problems: list[str] = []
    named: dict[str, list[str]] = {}
    for name in header:
        if name.startswith(_BLANK):
            continue
        column = column_for(name)
        if column is None:
            problems.append(f"kolom '{name}' is onbekend")
        else:
            named.setdefault(column, []).append(name)
    for column, names in named.items():
        if len(names) > 1:
            as_named = " en ".join(f"'{name}'" for name in names)
            problems.append(
                f"een kolomnaam komt twee keer voor: kolom {column} staat er twee keer ({as_named})"
            )
    problems += [f"kolom '{column}' ontbreekt" for column in REQUIRED if column not in named]
    if problems:
        raise Invalid("De kopregel klopt niet.", problems)


def _blank(row: dict[str, str]) -> bool:
    """An empty spreadsheet row (Excel saves one as ',,,,')."""
    return not any((value or "").strip() for value in row.values())


def _check_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    if len(rows) > MAX_ROWS:
        raise Invalid(f"Te veel rijen (maximaal {MAX_ROWS}).")
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise Invalid(f"Rij {number} heeft meer velden dan de kopregel.")
        for key, value in row.items():
            if key.startswith(_BLANK) and (value or "").strip():
                raise Invalid(
                    f"Rij {number}: kolom {key.removeprefix(_BLANK)} heeft geen naam in de "
                    "kopregel, maar wel een waarde. Geef de kolom een naam of maak hem leeg."
                )
    if all(_blank(row) for row in rows):
        raise Invalid("Het bestand bevat geen groepen.")
    return rows


def validate_rows(
    rows: list[dict[str, str]], *, on_progress: Progress | None = None
) -> list[GroupInput]:
    """Parse every row; Invalid listing 'rij N, kolom X: …' for each problem."""
    # Row 1 is the header, as in a spreadsheet; blank rows are skipped but counted, so
    # later rows keep their spreadsheet number.
    labelled = [(f"rij {n}", raw) for n, raw in enumerate(rows, start=2) if not _blank(raw)]
    inputs, problems = check_rows(
        labelled, lambda column: f"kolom {column}", on_progress=on_progress
    )
    if problems:
        raise Invalid(f"{len(problems)} fout(en) gevonden; er is niets ingelezen.", problems)
    return inputs


def check_rows(
    labelled: list[tuple[str, dict[str, str]]],
    field: Callable[[str], str],
    *,
    on_progress: Progress | None = None,
) -> tuple[list[GroupInput], list[str]]:
    """Parse labelled rows; returns the inputs and 'LABEL, FIELD: …' problems.

    The one validation of every import format: `label` says where a row came
    from ("rij 3", "dienst 2 (grp-002)") and `field` names a column the way
    the format does, so each message points at the cell or field at fault.
    `on_progress(done, total)` hears of every row checked.
    """
    inputs: list[GroupInput] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for label, raw in counted(labelled, on_progress):
        row, row_problems = parse_row(raw)
        problems += [f"{label}, {field(column)}: {message}" for column, message in row_problems]
        ext = row["external_id"]
        if ext and ext in seen:
            problems.append(f"{label}, {field('external_id')}: '{ext}' staat ook in {seen[ext]}")
        elif ext:
            seen[ext] = label
        inputs.append(row)
    return inputs, problems


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, worked out without writing anything.

    `problems` are the file's problems ("rij N, kolom X: …", or one about the whole
    file); `rows` pairs each non-blank row's label with its parsed input.
    """

    problems: tuple[str, ...]
    new: int
    changed: int
    unchanged: int
    rows: tuple[tuple[str, GroupInput], ...]


def preview_file(session: Session, data: bytes, filename: str) -> ImportPreview:
    """Read and check a file as `import_file` does, and count new/changed/unchanged rows.

    A dry run: only reads the catalogue. Problems of the whole file (type, header,
    encoding) come back as the only problem, with every count 0.
    """
    try:
        table = read_table(data, filename)
    except Invalid as error:
        problems = [error.message, *(p for p in error.problems if p != error.message)]
        return ImportPreview(tuple(problems), 0, 0, 0, ())
    labelled = [(f"rij {n}", raw) for n, raw in enumerate(table, start=2) if not _blank(raw)]
    inputs, problems = check_rows(labelled, lambda column: f"kolom {column}")
    current = {
        r.external_id: _canonical(parse_row(record_row(r))[0]) for r in load_records(session)
    }
    new = changed = unchanged = 0
    for row in inputs:
        before = current.get(row["external_id"])
        if before is None:
            new += 1
        elif before == _canonical(row):
            unchanged += 1
        else:
            changed += 1
    pairs = tuple((label, row) for (label, _raw), row in zip(labelled, inputs, strict=True))
    return ImportPreview(tuple(problems), new, changed, unchanged, pairs)


def import_file(
    engine: Engine,
    data: bytes,
    filename: str,
    *,
    actor: str,
    staged: bool | None = None,
    on_check: Progress | None = None,
    on_write: Progress | None = None,
) -> ImportReport:
    """Validate everything, then write everything in one transaction — or nothing.

    `on_check` and `on_write` hear (done, total) as rows are checked and written.
    """
    inputs = validate_rows(read_table(data, filename), on_progress=on_check)
    return import_inputs(engine, inputs, actor=actor, staged=staged, on_progress=on_write)


def import_inputs(
    engine: Engine,
    inputs: list[GroupInput],
    *,
    actor: str,
    staged: bool | None = None,
    on_progress: Progress | None = None,
) -> ImportReport:
    """Write validated rows (of any import format) in one transaction — or nothing.

    A SQLite file gets imports of STAGE_FROM_ROWS rows or more staged on a copy
    and swapped in at once (catalogue.interchange.staging), so the live file's
    write lock is held for the swap only; `staged` forces either way.
    `on_progress(done, total)` hears of every row written (inside the transaction:
    nothing is committed until the last one; a retried stage counts from 0 again).
    """
    database = sqlite_file(engine)
    if staged is None:
        staged = len(inputs) >= STAGE_FROM_ROWS
    if staged and database is not None:
        report = staged_import(
            database, lambda stage: _write(stage, inputs, actor=actor, on_progress=on_progress)
        )
        if report is not None:
            return report
        log.warning("the catalogue kept changing under a staged import; importing directly")
    return _write(engine, inputs, actor=actor, on_progress=on_progress)


def _write(
    engine: Engine,
    inputs: list[GroupInput],
    *,
    actor: str,
    on_progress: Progress | None = None,
) -> ImportReport:
    """Write validated rows in one transaction, under the import's lock."""
    created = unchanged = 0
    written: set[str] = set()
    with session_scope(engine) as session:
        _lock_groups(session)
        # Rows equal to what is stored are skipped: no new version, no audit noise,
        # no index rebuild when the transfertafel re-sends the same sheet.
        current = {
            r.external_id: _canonical(parse_row(record_row(r))[0]) for r in load_records(session)
        }
        for row in counted(inputs, on_progress):
            if current.get(row["external_id"]) == _canonical(row):
                unchanged += 1
                continue
            created += upsert_from_input(session, row, actor=actor)
            written.add(row["external_id"])
        _bump_changed_by_the_way(session, current, written, actor=actor)
    return ImportReport(created, len(inputs) - created - unchanged, unchanged)


def _bump_changed_by_the_way(
    session: Session, before: dict[str, dict[str, object]], written: set[str], *, actor: str
) -> None:
    """Give a new version to groups the import changed without a row of their own.

    A place (Location) is shared by an organisation's groups that meet there, so
    a row that changes its postcode or accessibility changes the others too.
    Every changed state gets its own version and audit entry, as an edit would.
    """
    session.flush()
    for record in load_records(session):
        ext = record.external_id
        if ext in written or ext not in before:
            continue
        if _canonical(parse_row(record_row(record))[0]) == before[ext]:
            continue
        session.execute(
            sa_update(Group)
            .where(col(Group.id) == record.id)
            .values(version=Group.version + 1, updated_at=utcnow())
        )
        audit.record(
            session,
            actor=actor,
            action="import-update",
            entity="group",
            entity_id=ext,
            detail={"via": "location"},
        )


def _lock_groups(session: Session) -> None:
    """Hold the groups against edits from before the import reads them until it commits.

    The import compares with what it read and writes `version + 1` from it; an
    edit committed in between would otherwise leave two states under one
    version. PostgreSQL locks the rows (an edit then waits, and finds the new
    version); SQLite takes its write lock up front (WAL readers carry on).
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    else:
        session.exec(select(Group.id).with_for_update()).all()


def _canonical(row: GroupInput) -> dict[str, object]:
    """A row's values with the import's defaults filled in, for comparing like with like."""
    values = dict(row.values)
    values["service_area"] = values["service_area"] or (
        [values["municipality"]] if values["municipality"] else []
    )
    values["service_area"] = sorted(values["service_area"])
    return values


def _join(items: Iterable[object]) -> str:
    return ";".join(str(item) for item in items)


def _yes(value: bool) -> str:
    return "ja" if value else "nee"


def record_row(record: GroupRecord) -> dict[str, str]:
    """One record in spreadsheet columns (the inverse of the import)."""
    spec = record.schedule
    first_run = record.runs[0] if record.runs else None
    text = {
        "external_id": record.external_id,
        "title": record.title,
        "summary": record.summary,
        "description": record.description,
        "domain": record.domain,
        "elements": _join(record.elements),
        "themes": _join(record.themes),
        "tags": _join(record.tags),
        "audience": record.audience,
        "special_audiences": _join(record.special_audiences),
        "languages": _join(record.languages),
        "open_group": _yes(record.open_group),
        "mode": record.mode,
        "access_route": record.access_route,
        "cost": record.cost,
        "facilitator_roles": _join(record.facilitator_roles),
        "organisation": record.organisation,
        "service_area": _join(sorted(record.service_area)),
        "address_after_registration": _yes(record.address_after_registration),
        "status": record.status,
        "example": _yes(record.is_example),
        "rrule": spec.rrule if spec else "",
        "first_session": spec.first_session.strftime("%Y-%m-%d %H:%M") if spec else "",
        "duration_minutes": str(spec.duration_minutes) if spec else "",
        "exception_dates": _join(sorted(spec.exceptions)) if spec else "",
        "enrolment_open": _yes(first_run.enrolment_open) if first_run else "ja",
        "later_runs": _join(run.start_date for run in record.runs[1:]),
    }
    optional = {
        "age_min": record.age_min,
        "age_max": record.age_max,
        "cost_note": record.cost_note,
        "capacity": record.capacity,
        "places_left": record.places_left,
        "waiting_weeks": record.waiting_weeks,
        "contact_phone": record.contact_phone,
        "contact_email": record.contact_email,
        "registration_url": record.registration_url,
        "location_name": record.location_name,
        "address": record.address,
        "postcode": record.postcode,
        "municipality": record.municipality,
        "accessibility": record.accessibility,
        "until": spec.until if spec else None,
        "session_count": spec.session_count if spec else None,
        "next_intake": first_run.next_intake if first_run else None,
        "last_confirmed": record.last_confirmed_at,
    }
    text.update({key: "" if value is None else str(value) for key, value in optional.items()})
    return {column: text.get(column, "") for column in COLUMNS}


def export_csv(records: Sequence[GroupRecord], on_progress: Progress | None = None) -> str:
    """CSV text with the import's columns, so export → import changes nothing."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for record in counted(records, on_progress):
        writer.writerow(_neutralised(record_row(record)))
    return out.getvalue()


def _neutralised(row: dict[str, str]) -> dict[str, str]:
    return {column: neutralise(value) for column, value in row.items()}


def export_xlsx(records: Sequence[GroupRecord], on_progress: Progress | None = None) -> bytes:
    """An XLSX workbook with the CSV's columns and cells, every cell text (never a formula).

    openpyxl turns a string starting with `=` into a formula; setting the data
    type afterwards keeps it a string, and the `'` escape keeps it inert even
    when someone edits the cell in Excel.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, values in enumerate(_sheet_rows(counted(records, on_progress)), start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_rows(records: Iterable[GroupRecord]) -> Iterable[list[str]]:
    yield list(COLUMNS)
    for record in records:
        yield list(_neutralised(record_row(record)).values())


def export_engine_csv(engine: Engine, on_progress: Progress | None = None) -> str:
    """Export every group in the database; `on_progress(done, total)` per group written."""
    with session_scope(engine) as session:
        return export_csv(load_records(session), on_progress)


def export_engine_xlsx(engine: Engine, on_progress: Progress | None = None) -> bytes:
    """Export every group in the database as an XLSX workbook."""
    with session_scope(engine) as session:
        return export_xlsx(load_records(session), on_progress)
