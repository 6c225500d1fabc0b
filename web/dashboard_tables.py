"""The dashboard's numbers as tables: one source for the page, its charts and the CSV.

Every figure the coordinator sees is a cell of one of these tables; the chart
beside a table is drawn from the same rows, and the CSV download lists the same
cells one per line (`onderdeel, code, omschrijving, maat, waarde`), so the three
can never disagree. Percentages are rounded to whole numbers once, here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from catalogue import taxonomy as tx
from catalogue.dashboard import Dashboard
from catalogue.interchange.spreadsheet import neutralise

Value = int | float | None


@dataclass(frozen=True)
class Row:
    """One line of a table: a code (for the CSV), its Dutch label and the numbers."""

    code: str
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Table:
    """A captioned table; `chart` is a `data:` SVG of it, or empty when there is nothing to draw."""

    key: str
    caption: str
    label_header: str
    columns: tuple[tuple[str, str], ...]  # (code for the CSV, Dutch header)
    rows: tuple[Row, ...]
    chart: str = ""
    chart_label: str = ""


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def number_text(value: Value) -> str:
    """A cell as the page shows it: 12, 4,5 or – for no value."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def region_label(region: str | None) -> str:
    """The region's Dutch name, or "alle regio's"."""
    return tx.REGIONS[region] if region else "alle regio's"


def _key_figures(board: Dashboard) -> Table:
    median = board.median_days
    rows = (
        Row("adviezen", "Adviezen", (board.advices,)),
        Row("chats", "Chatgesprekken (webchat en Telegram)", (board.chats,)),
        Row("zoekopdrachten", "Zoekopdrachten op de website", (board.searches,)),
        Row("opties_voorgesteld", "Groepen voorgesteld in adviezen", (board.suggested_options,)),
        Row("opties_zonder_verwijzing", "Daarvan zonder verwijzing", (board.without_referral,)),
        Row("aandeel_zonder_verwijzing", "Aandeel zonder verwijzing (%)",
            (_percent(board.without_referral, board.suggested_options),)),
        Row("mediaan_dagen", "Mediaan dagen tot de eerste bijeenkomst",
            (float(median) if median is not None else None,)),
        Row("adviezen_met_datum", "Adviezen met een bekende eerste bijeenkomst",
            (board.days_known,)),
        Row("adviezen_tekort", "Adviezen met te weinig passende groepen", (board.gap_advices,)),
        Row("zoeken_tekort", "Zoekopdrachten en chats met te weinig passende groepen",
            (board.gap_events,)),
    )  # fmt: skip
    return Table("kerncijfers", "Kerncijfers", "Wat", (("aantal", "Aantal"),), rows)


def _counted(key: str, caption: str, header: str, counts: Sequence[tuple[str, str, int]],
             whole: int, of: str = "de adviezen") -> Table:  # fmt: skip
    rows = tuple(Row(code, label, (n, _percent(n, whole))) for code, label, n in counts)
    columns = (("aantal", "Aantal adviezen"), ("procent", f"Aandeel van {of} (%)"))
    return _with_bars(Table(key, caption, header, columns, rows))


def _with_bars(table: Table, column: int = 0) -> Table:
    values = [row.values[column] or 0 for row in table.rows]
    if not any(values):
        return table
    from web import dashboard_charts as charts  # matplotlib: only when a chart is drawn

    svg = charts.bar_chart([row.label for row in table.rows], values)
    label = f"Staafdiagram: {table.caption.lower()}. De getallen staan in de tabel."
    return replace(table, chart=charts.data_uri(svg), chart_label=label)


def _conversion(board: Dashboard) -> Table:
    rows = []
    for c in board.conversion:
        rows.append(Row(c.domain, c.label, (
            c.chosen, c.signed_up, _percent(c.signed_up, c.chosen), c.started,
            _percent(c.started, c.chosen), c.not_fitting, _percent(c.not_fitting, c.chosen),
        )))  # fmt: skip
    columns = (
        ("gekozen", "Gekozen"),
        ("aangemeld_of_verder", "Aangemeld of verder"),
        ("aangemeld_of_verder_procent", "Aangemeld of verder (%)"),
        ("gestart", "Gestart"),
        ("gestart_procent", "Gestart (%)"),
        ("niet_passend", "Niet passend"),
        ("niet_passend_procent", "Niet passend (%)"),
    )
    table = Table("conversie", "Hoe het ging met gekozen groepen, per domein", "Domein",
                  columns, tuple(rows))  # fmt: skip
    if not rows:
        return table
    series = [(columns[i][1].removesuffix(" (%)"), [r.values[i] or 0 for r in rows])
              for i in (2, 4, 6)]  # fmt: skip
    from web import dashboard_charts as charts  # matplotlib: only when a chart is drawn

    svg = charts.grouped_bar_chart([r.label for r in rows], series, unit="%")
    label = "Staafdiagram: per domein het deel van de gekozen groepen dat aangemeld, gestart of "
    label += "niet passend is. De getallen staan in de tabel."
    return replace(table, chart=charts.data_uri(svg), chart_label=label)


def _reasons(board: Dashboard) -> Table:
    rows = tuple(
        Row(f"{c.domain}/{r.code}", f"{c.label}: {r.label.lower()}", (r.count,))
        for c in board.conversion
        for r in c.reasons
    )
    return Table("redenen", "Waarom een gekozen groep niet paste", "Domein en reden",
                 (("aantal", "Aantal"),), rows)  # fmt: skip


def _theme_gaps(board: Dashboard) -> Table:
    rows = tuple(Row(g.code, g.label, (g.advices, g.events, g.total)) for g in board.gap_themes)
    columns = (("adviezen", "Adviezen"), ("zoeken_en_chat", "Zoeken en chat"), ("totaal", "Totaal"))
    table = Table("tekort_themas", "Thema's met te weinig passende groepen", "Thema",
                  columns, rows)  # fmt: skip
    return _with_bars(table, column=2)


def tables(board: Dashboard) -> list[Table]:
    """All tables of the dashboard, in page order."""
    total = board.advices
    return [
        _key_figures(board),
        _counted("adviescategorieen", "Soort advies", "Adviescategorie",
                 [(c.code, c.label, c.count) for c in board.categories], total),
        _counted("contexten", "Contexten uit samen begrijpen", "Context",
                 [(c.code, c.label, c.count) for c in board.contexts], total),
        _with_bars(Table("gekozen_groepen", "Meest gekozen groepen", "Groep",
                         (("aantal", "Aantal keer gekozen"),),
                         tuple(Row(str(g.group_id), g.title, (g.count,))
                               for g in board.top_groups))),
        _conversion(board),
        _reasons(board),
        _theme_gaps(board),
        _counted("tekort_contexten", "Contexten van adviezen met te weinig passende groepen",
                 "Context", [(c.code, c.label, c.count) for c in board.gap_contexts],
                 board.gap_advices, of="de adviezen met een tekort"),
    ]  # fmt: skip


def csv_text(board: Dashboard, all_tables: Sequence[Table]) -> str:
    """The CSV download: the period, then every cell of every table, one per line.

    Starts with a byte-order mark so spreadsheet programmes read é and ë right; every text
    cell is neutralised so a group title cannot run as a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("onderdeel", "code", "omschrijving", "maat", "waarde"))
    last_day = board.end - timedelta(days=1)
    writer.writerow(("periode", "van", "Van", "datum", board.start.isoformat()))
    writer.writerow(("periode", "tot_en_met", "Tot en met", "datum", last_day.isoformat()))
    region = ("periode", "regio", region_label(board.region), "regio", board.region or "alle")
    writer.writerow(region)
    for table in all_tables:
        for row in table.rows:
            for (measure, _), value in zip(table.columns, row.values, strict=True):
                cells = (table.key, row.code, row.label, measure, _csv_number(value))
                writer.writerow([neutralise(cell) for cell in cells])
    return "\ufeff" + out.getvalue()


def _csv_number(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))
