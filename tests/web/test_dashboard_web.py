"""The coordinator dashboard over HTTP: numbers, regions, roles, bad input and the CSV.

A real app on a migrated SQLite file and on PostgreSQL, with the hand-counted
fixture of tests/catalogue/dashboard_support.py and real accounts (CSRF on).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue import accounts
from catalogue.db import session_scope
from catalogue.models import Group
from catalogue.settings import Settings
from tests.catalogue.dashboard_support import (
    ORG_A,
    ORG_B,
    REGION_A,
    REGION_B,
    Fixture,
    insert_fixture,
)
from tests.web.beheer_support import PASSWORD, cheap_hashes, login
from web import create_app

ACCOUNTS = {
    "coordinator_a": ("coordinator", ORG_A),
    "coordinator_b": ("coordinator", ORG_B),
    "region_wide": ("coordinator", None),
    "admin": ("admin", None),
    "team": ("team", ORG_A),
    "facilitator": ("facilitator", ORG_A),
}


@dataclass(frozen=True)
class Site:
    app: Flask
    engine: Engine
    fixture: Fixture

    def client(self, who: str | None = None) -> FlaskClient:
        client = self.app.test_client()
        if who is not None:
            login(client, f"{who.replace('_', '-')}@example.org")
        return client

    def period(self) -> dict[str, str]:
        last = self.fixture.end - timedelta(days=1)
        return {"van": self.fixture.start.isoformat(), "tot": last.isoformat()}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def site(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    settings_for: Callable[[Path, str], Settings],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Site]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_migrated_url")
    app = create_app(settings_for(tmp_path, url))
    app.config["TESTING"] = True
    engine: Engine = app.extensions["groepenwijzer"].engine
    fixture = insert_fixture(engine)
    cheap_hashes(monkeypatch)
    with session_scope(engine) as session:
        for key, (role, org) in ACCOUNTS.items():
            email = f"{key.replace('_', '-')}@example.org"
            accounts.create_user(session, email=email, password=PASSWORD, role=role,
                                 organisation=org, actor="test")  # fmt: skip
    yield Site(app, engine, fixture)
    engine.dispose()


def _tables(html: str) -> dict[str, dict[str, list[str]]]:
    """Every dashboard table as {table key: {row label: [cells]}}."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for table in soup.select("table.dashboard-table"):
        key = str(table["id"]).removeprefix("tabel-")
        found[key] = {
            row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in table.select("tbody tr")
            if row.th is not None
        }
    return found


def _key(html: str) -> dict[str, str]:
    return {label: cells[0] for label, cells in _tables(html)["kerncijfers"].items()}


def test_coordinator_sees_hand_counted_numbers(site: Site) -> None:
    page = site.client("coordinator_a").get("/coordinatie/", query_string=site.period())
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    key = _key(html)
    assert key["Adviezen"] == "4"
    assert key["Chatgesprekken (webchat en Telegram)"] == "3"
    assert key["Zoekopdrachten op de website"] == "3"
    assert key["Aandeel zonder verwijzing (%)"] == "75"
    assert key["Mediaan dagen tot de eerste bijeenkomst"] == "5"
    tables = _tables(html)
    assert tables["adviescategorieen"]["Brede sociale basis"] == ["3", "75"]
    assert tables["adviescategorieen"]["POH-ggz"] == ["0", "0"]
    assert tables["gekozen_groepen"]["Wandelgroep Samen Op Pad"] == ["3"]
    assert tables["conversie"]["Welzijn en ontmoeting"] == ["3", "2", "67", "1", "33", "0", "0"]
    assert tables["redenen"]["Zelfhulp en lotgenoten: groep vol of wachttijd te lang"] == ["1"]
    assert tables["tekort_themas"]["Eenzaamheid en contact"] == ["1", "1", "2"]
    assert "Midden-IJssel" in html
    assert page.headers["Cache-Control"] == "no-store"


def test_default_period_is_the_last_90_days(site: Site) -> None:
    html = site.client("coordinator_a").get("/coordinatie/").get_data(as_text=True)
    key = _key(html)
    assert key["Adviezen"] == "5"  # A5 (60 days old) is inside 90 days
    assert key["Mediaan dagen tot de eerste bijeenkomst"] == "7,5"  # 3, 5, 10, 100


def test_charts_are_images_with_a_table_beside_them(site: Site) -> None:
    html = site.client("coordinator_a").get("/coordinatie/").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    images = soup.select("figure.dashboard-chart img")
    assert len(images) >= 5
    for image in images:
        assert image["role"] == "img"
        assert str(image["aria-label"]).startswith("Staafdiagram")
        assert str(image["src"]).startswith("data:image/svg+xml;base64,")
        table = image.find_parent("div", class_="dashboard-pair").find("table")
        assert table.caption.get_text(strip=True)
        assert all(th.get("scope") in ("col", "row") for th in table.select("th"))


def test_regions(site: Site) -> None:
    period = site.period()
    b = site.client("coordinator_b")
    own = b.get("/coordinatie/", query_string=period).get_data(as_text=True)
    assert _key(own)["Adviezen"] == "1"
    other = b.get("/coordinatie/", query_string={**period, "regio": REGION_A})
    assert other.status_code == 403
    assert "eigen regio" in other.get_data(as_text=True)
    assert "Adviezen" not in other.get_data(as_text=True)
    assert b.get("/coordinatie/export.csv", query_string={"regio": REGION_A}).status_code == 403
    for who in ("admin", "region_wide"):
        client = site.client(who)
        every = client.get("/coordinatie/", query_string={**period, "regio": "alle"})
        assert _key(every.get_data(as_text=True))["Adviezen"] == "5"
        only_b = client.get("/coordinatie/", query_string={**period, "regio": REGION_B})
        assert _key(only_b.get_data(as_text=True))["Adviezen"] == "1"


@pytest.mark.parametrize("who", ["team", "facilitator"])
def test_team_and_facilitator_are_refused(site: Site, who: str) -> None:
    client = site.client(who)
    for path in ("/coordinatie/", "/coordinatie/export.csv"):
        response = client.get(path)
        assert response.status_code == 403
        assert "Adviezen" not in response.get_data(as_text=True)


def test_anonymous_goes_to_login(site: Site) -> None:
    for path in ("/coordinatie/", "/coordinatie/export.csv"):
        response = site.app.test_client().get(path)
        assert response.status_code == 302
        assert "/inloggen?next=" in response.headers["Location"]


BAD = [
    ({"van": "2025-13-01"}, "klopt niet"),
    ({"van": "2025-02-30"}, "klopt niet"),
    ({"tot": "31-12-2025"}, "klopt niet"),
    ({"van": "２０２５-01-01"}, "klopt niet"),  # fullwidth digits
    ({"van": "٢٠٢٥-٠١-٠١"}, "klopt niet"),  # Arabic-Indic digits
    ({"van": "2025-1-1"}, "klopt niet"),
    ({"van": "x" * 5000}, "klopt niet"),
    ({"van": "1999-12-31"}, "tussen 2000 en 2100"),
    ({"van": "2025-03-02", "tot": "2025-03-01"}, "na de einddatum"),
    ({"regio": "atlantis"}, "regio kennen we niet"),
    ({"regio": "midden_ijssel\x00"}, "regio kennen we niet"),
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_bad_params_are_400_with_a_dutch_message(
    site: Site, query: dict[str, str], message: str
) -> None:
    client = site.client("admin")
    page = client.get("/coordinatie/", query_string=query)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert message in html
    assert 'role="alert"' in html
    assert "Adviezen" not in html  # no figures for a question we did not understand
    export = client.get("/coordinatie/export.csv", query_string=query)
    assert export.status_code == 400
    assert message in export.get_data(as_text=True)


def _csv(response_bytes: bytes) -> list[dict[str, str]]:
    text = response_bytes.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_has_the_same_numbers_as_the_page(site: Site) -> None:
    client = site.client("coordinator_a")
    html = client.get("/coordinatie/", query_string=site.period()).get_data(as_text=True)
    response = client.get("/coordinatie/export.csv", query_string=site.period())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert REGION_A in response.headers["Content-Disposition"]
    rows = _csv(response.data)
    by_cell = {(r["onderdeel"], r["code"], r["maat"]): r["waarde"] for r in rows}
    assert by_cell[("kerncijfers", "adviezen", "aantal")] == "4"
    assert by_cell[("kerncijfers", "mediaan_dagen", "aantal")] == "5"
    assert by_cell[("periode", "regio", "regio")] == REGION_A
    assert by_cell[("conversie", "zelfhulp", "niet_passend")] == "2"
    assert by_cell[("tekort_themas", "eenzaamheid", "totaal")] == "2"
    g2 = str(site.fixture.groups["g2"])
    assert by_cell[("gekozen_groepen", g2, "aantal")] == "3"
    # Every cell of every table on the page is in the CSV, and nothing else.
    from_csv: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        if r["onderdeel"] != "periode":
            cells = from_csv.setdefault(r["onderdeel"], {}).setdefault(r["omschrijving"], [])
            cells.append(r["waarde"].replace(".", ",") or "–")
    assert from_csv == _tables(html)


def test_csv_cells_never_run_as_formulas(site: Site) -> None:
    with session_scope(site.engine) as session:
        group = session.exec(select(Group).where(Group.id == site.fixture.groups["g2"])).one()
        group.title = '=HYPERLINK("https://example.org","klik")'
        session.add(group)
    response = site.client("coordinator_a").get("/coordinatie/export.csv")
    titles = [r["omschrijving"] for r in _csv(response.data) if r["onderdeel"] == "gekozen_groepen"]
    assert '\'=HYPERLINK("https://example.org","klik")' in titles
    assert not any(t.startswith("=") for t in titles)
