"""The real `groepenwijzer` console script, run as a subprocess on a SQLite file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import distinct, func, select
from sqlmodel import Session

from catalogue.db import make_engine
from catalogue.interchange.spreadsheet import export_engine_csv
from catalogue.models import Group, Location
from catalogue.taxonomy import DOMAINS

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]
Counts = Callable[..., dict[str, int]]

SCRIPT = Path(sys.executable).with_name("groepenwijzer")


def _script() -> str:
    if SCRIPT.exists():
        return str(SCRIPT)
    found = shutil.which("groepenwijzer")
    assert found, "the groepenwijzer console script is not installed"
    return found


class Cli:
    """Runs the console script against one instance folder and SQLite database."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "instance" / "cli.db"
        self.url = f"sqlite:///{self.db}"
        self.env = {
            **os.environ,
            "GROEPENWIJZER_INSTANCE": str(tmp_path / "instance"),
            "DATABASE_URL": self.url,
            "GROEPENWIJZER_MODEL": "none",
        }
        self.cwd = tmp_path
        tmp_path.mkdir(parents=True, exist_ok=True)

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        # Bytes, decoded by hand: text mode would turn the CSV's CRLF line ends into LF.
        done = subprocess.run(
            [_script(), *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            timeout=120,
            check=False,
        )
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
        )


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_db_upgrade_creates_the_database(cli: Cli, table_counts: Counts) -> None:
    result = cli("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert cli.db.exists()
    engine = make_engine(cli.url)
    assert set(table_counts(engine).values()) == {0}
    engine.dispose()


def test_import_export_round_trip_and_bad_import(
    cli: Cli, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv, table_counts: Counts
) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([make_row(), make_row(external_id="grp-002", title="Tweede")]))
    result = cli("import", str(good))
    assert result.returncode == 0, result.stderr
    assert "Ingelezen: 2 nieuw, 0 bijgewerkt" in result.stdout

    exported = cli("export", "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.encode() == good.read_bytes()  # a canonical file comes back as is

    engine = make_engine(cli.url)
    before = table_counts(engine)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes(
            [make_row(title="Gewijzigd"), make_row(external_id="grp-009", municipality="Atlantis")]
        )
    )
    result = cli("import", str(bad))
    assert result.returncode != 0
    assert "rij 3, kolom municipality: onbekende gemeente 'Atlantis'" in result.stderr
    assert "niets ingelezen" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts(engine) == before
    assert export_engine_csv(engine) == exported.stdout  # row 2's title change not applied
    engine.dispose()

    # The export, imported into a fresh database, exports the same again (to a file this time).
    exported_file = tmp_path / "export.csv"
    exported_file.write_bytes(exported.stdout.encode())
    other = Cli(tmp_path / "other")
    assert other("import", str(exported_file)).returncode == 0
    out = tmp_path / "again.csv"
    result = other("export", "--format", "csv", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "Geschreven naar" in result.stderr
    assert out.read_bytes() == exported_file.read_bytes()


def test_import_of_unsupported_file_fails_cleanly(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "groepen.txt"
    text.write_text("external_id\nx\n")
    result = cli("import", str(text))
    assert result.returncode != 0
    assert "wordt niet ondersteund" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [[], ["db"], ["db", "upgrade"], ["import"], ["export"], ["seed"], ["summary"]],
    ids=lambda args: " ".join(args) or "main",
)
def test_help(cli: Cli, args: list[str]) -> None:
    result = cli(*args, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: groepenwijzer")
    assert not cli.db.exists()  # asking for help touches no database


def test_bad_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("export", "--format", "pdf")
    assert result.returncode == 2
    assert "Invalid value" in result.stderr


def test_seed_twice_is_idempotent(cli: Cli) -> None:
    first = cli("seed")
    assert first.returncode == 0, first.stderr
    second = cli("seed")
    assert second.returncode == 0, second.stderr
    assert " 0 nieuw" in second.stdout

    engine = make_engine(cli.url)
    with Session(engine) as session:
        groups = session.execute(select(func.count()).select_from(Group)).scalar_one()
        municipalities = session.execute(select(func.count(distinct(Location.municipality))))
        domains = set(session.execute(select(Group.domain).distinct()).scalars())
        versions = set(session.execute(select(Group.version).distinct()).scalars())
        n_municipalities = municipalities.scalar_one()
    engine.dispose()
    assert f"{groups} nieuw" in first.stdout
    assert f"{groups} ongewijzigd" in second.stdout
    assert groups >= 60
    assert n_municipalities >= 10
    assert domains == set(DOMAINS)
    assert versions == {1}  # an unchanged re-seed writes nothing


def test_xlsx_export_is_text_only_and_imports_back(
    cli: Cli, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "source.csv"
    source.write_bytes(csv_bytes([make_row(title='=HYPERLINK("http://x")', cost_note="-")]))
    assert cli("import", str(source)).returncode == 0
    assert cli("export", "--format", "xlsx").returncode != 0  # a workbook never goes to stdout
    workbook = tmp_path / "export.xlsx"
    result = cli("export", "--format", "xlsx", "-o", str(workbook))
    assert result.returncode == 0, result.stderr
    cells = [cell for row in load_workbook(workbook).active.iter_rows() for cell in row]
    assert all(cell.data_type in ("s", "n") or cell.value is None for cell in cells)
    assert not any(cell.data_type == "f" for cell in cells)
    other = Cli(tmp_path / "other")
    assert other("import", str(workbook)).returncode == 0
    assert other("export", "--format", "csv").stdout == cli("export", "--format", "csv").stdout


def test_import_into_a_read_only_database_is_a_message(
    cli: Cli, tmp_path: Path, make_row: Rows, csv_bytes: ToCsv, table_counts: Counts
) -> None:
    """Issue 13 (benchmarks/faults.py, read-only): it used to end in a traceback with the row."""
    assert cli("db", "upgrade").returncode == 0
    engine = make_engine(cli.url)
    before = table_counts(engine)
    engine.dispose()
    one = tmp_path / "one.csv"
    one.write_bytes(csv_bytes([make_row()]))
    cli.env["DATABASE_URL"] = f"sqlite:///file:{cli.db}?mode=ro&uri=true"  # as on a read-only disk
    result = cli("import", str(one))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "INSERT" not in result.stderr
    assert "readonly database" in result.stderr and "niets ingelezen" in result.stderr
    engine = make_engine(cli.url)
    assert table_counts(engine) == before
    engine.dispose()
