"""The search page tells the truth: full groups apart, "fewer than three" said, gaps counted."""

from __future__ import annotations

from urllib.parse import urlencode

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlmodel import select

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.models import MatchEvent
from web.services import services_of


def _page(client: FlaskClient, **params: str) -> BeautifulSoup:
    response = client.get("/zoeken?" + urlencode(params))
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _titles(node: BeautifulSoup | None) -> list[str]:
    if node is None:
        return []
    return [h.get_text(strip=True) for h in node.select(".card-title")]


def test_a_full_group_is_shown_apart_never_as_joinable(client: FlaskClient) -> None:
    engine = services_of(client.application).match_service.engine
    with session_scope(engine) as session:
        full = [r for r in load_records(session) if r.open_group and r.places_left == 0]
    assert full, "the example catalogue has full groups"
    seen_apart = 0
    for record in full:
        page = _page(client, q=record.title, gemeente=record.municipality or "online")
        joinable = _titles(page.select_one("ol.cards"))
        apart = _titles(page.select_one("section.unavailable"))
        assert record.title not in joinable
        seen_apart += record.title in apart
    assert seen_apart >= len(full) // 2  # each full group found by its own title shows apart


def test_fewer_than_three_is_said_plainly_with_next_steps(client: FlaskClient) -> None:
    page = _page(client, q="ik gok te veel op mijn telefoon", gemeente="Zwolle", dag="za")
    few = page.select_one("#few-results")
    assert few is not None
    links = {a.get_text(strip=True): a["href"] for a in few.select("a")}
    assert "Zoek op alle dagen" in links and "dag=" not in links["Zoek op alle dagen"]
    assert (
        "Kijk naar groepen online" in links
        and "gemeente=online" in links["Kijk naar groepen online"]
    )
    assert "113" in few.get_text() and "wijkteam" in few.get_text()
    engine = services_of(client.application).match_service.engine
    with session_scope(engine) as session:
        events = session.exec(select(MatchEvent)).all()
    assert events and events[-1].gap and events[-1].municipality == "Zwolle"
    assert "verslaving" in events[-1].themes


def test_a_well_served_search_records_no_gap(client: FlaskClient) -> None:
    page = _page(client, q="ik voel me eenzaam", gemeente="Deventer")
    assert page.select_one("#few-results") is None
    assert len(_titles(page.select_one("ol.cards"))) >= 3
    engine = services_of(client.application).match_service.engine
    with session_scope(engine) as session:
        events = session.exec(select(MatchEvent)).all()
    assert events and not events[-1].gap


def test_emoji_alone_finds_no_group(client: FlaskClient) -> None:
    page = _page(client, q="😢😢😢")
    assert _titles(page.select_one("ol.cards")) == []
    assert page.select_one("#few-results") is not None


def test_few_groups_nearby_is_said_though_online_groups_fill_the_list(
    client: FlaskClient,
) -> None:
    engine = services_of(client.application).match_service.engine
    with session_scope(engine) as session:
        online = {r.title: r.online for r in load_records(session)}
    page = _page(client, q="ik ben eenzaam", gemeente="Putten")
    shown = [online[t] for t in _titles(page.select_one("ol.cards"))]
    assert len(shown) >= 3 and sum(not o for o in shown) < 3, shown  # the case at hand
    assert shown == sorted(shown), shown  # groups in and around Putten first
    few = page.select_one("#few-results")
    assert few is not None and "In en rond Putten" in few.get_text()
    # Enough nearby: no such message, and the local groups still come first.
    page = _page(client, q="ik voel me eenzaam", gemeente="Deventer")
    shown = [online[t] for t in _titles(page.select_one("ol.cards"))]
    assert shown == sorted(shown) and page.select_one("#few-results") is None
