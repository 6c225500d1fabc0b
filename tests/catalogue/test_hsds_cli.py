"""`groepenwijzer export --format hsds` and `import --format hsds`, as the console script."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from catalogue.db import make_engine
from tests.catalogue.hsds_support import Rows, schema_errors, varied_rows
from tests.catalogue.test_cli import Cli

ToCsv = Callable[..., bytes]
Counts = Callable[..., dict[str, int]]


def test_hsds_export_imports_into_another_database_and_bad_files_change_nothing(
    tmp_path: Path, make_row: Rows, csv_bytes: ToCsv, table_counts: Counts
) -> None:
    cli = Cli(tmp_path / "one")
    source = tmp_path / "groepen.csv"
    source.write_bytes(csv_bytes(varied_rows(make_row)))
    assert cli("import", str(source)).returncode == 0

    shown = cli("export", "--format", "hsds")
    assert shown.returncode == 0, shown.stderr
    services = json.loads(shown.stdout)
    assert [schema_errors(s) for s in services] == [[]] * 4
    out = tmp_path / "groepen.json"
    written = cli("export", "--format", "hsds", "--private-addresses", "-o", str(out))
    assert written.returncode == 0 and "Geschreven naar" in written.stderr
    # The varied rows include a venue told only after registration: left out by default.
    assert out.read_text(encoding="utf-8") != shown.stdout
    hidden = [s for s in services if s["groepenwijzer"]["address_after_registration"]]
    assert hidden and all(
        a["address_1"] == "" for s in hidden for sal in s["service_at_locations"]
        for a in sal["location"]["addresses"]
    )  # fmt: skip

    other = Cli(tmp_path / "two")
    result = other("import", "--format", "hsds", str(out))
    assert result.returncode == 0, result.stderr
    assert "Ingelezen: 4 nieuw, 0 bijgewerkt, 0 ongewijzigd." in result.stdout
    assert other("export").stdout == cli("export").stdout  # CSV of both: equal

    engine = make_engine(other.url)
    before = table_counts(engine)
    services[0]["name"] = "Gewijzigd"
    services[3]["service_areas"] = [{"id": services[3]["id"], "name": "Atlantis"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(services), encoding="utf-8")
    result = other("import", "--format", "hsds", str(bad))
    assert result.returncode == 1
    assert "1 fout(en) gevonden; er is niets ingelezen." in result.stderr
    assert (
        "dienst 4 (grp-004), veld service_areas[].name: onbekende gemeente 'Atlantis'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert table_counts(engine) == before
    engine.dispose()

    not_json = tmp_path / "kapot.json"
    not_json.write_text("external_id\ngrp-001\n", encoding="utf-8")
    result = other("import", "--format", "hsds", str(not_json))
    assert result.returncode == 1 and "geen geldige JSON" in result.stderr
    # Without --format the file name decides, as before: .json is no spreadsheet.
    result = other("import", str(out))
    assert result.returncode == 1 and "wordt niet ondersteund" in result.stderr
