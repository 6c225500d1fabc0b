"""Contact e-mail addresses are checked at entry (issue 13, finding 5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine

from catalogue.errors import Invalid
from catalogue.interchange.spreadsheet import import_file

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]


@pytest.mark.parametrize(
    "bad",
    [
        "geen-adres",
        "info@",
        "@samenverder.example",
        "info@localhost",
        "in fo@samenverder.example",
        "info@samenverder.example, ander@x.example",
        "mailto:info@samenverder.example",
        'info@samenverder.example"><script>',
        "info@samen..verder.example",
        "info@samenverder.example?subject=x",
    ],
)
def test_a_bad_address_is_refused_with_row_and_column(
    engine: Engine,
    make_row: Rows,
    csv_bytes: ToCsv,
    table_counts: Callable[[Engine], dict[str, int]],
    bad: str,
) -> None:
    before = table_counts(engine)
    rows = [make_row(), make_row(external_id="grp-002", contact_email=bad)]
    with pytest.raises(Invalid) as info:
        import_file(engine, csv_bytes(rows), "a.csv", actor="t")
    (problem,) = info.value.problems
    assert problem.startswith("rij 3, kolom contact_email: ")
    assert "e-mailadres" in problem
    assert table_counts(engine) == before


@pytest.mark.parametrize(
    "good", ["info@samenverder.example", "Jan.de-Vries+groep@gemeente-deventer.nl", "a@b.nl"]
)
def test_good_addresses_are_kept(
    engine: Engine, make_row: Rows, csv_bytes: ToCsv, good: str
) -> None:
    import_file(engine, csv_bytes([make_row(contact_email=good)]), "a.csv", actor="t")
