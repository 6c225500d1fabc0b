"""Calendar downloads: one group, and every group of a search; parsed back with icalendar."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from flask.testing import FlaskClient
from icalendar import Calendar

from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM
from web import create_app

CardIds = Callable[[str], list[int]]


def _calendar(client: FlaskClient, url: str) -> tuple[Calendar, str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return Calendar.from_ical(response.data), response.headers["Content-Disposition"]


def test_group_calendar(client: FlaskClient, records: dict[str, GroupRecord]) -> None:
    group = records["vb-049"]
    calendar, disposition = _calendar(client, f"/groepen/{group.id}.ics")
    assert disposition == f'attachment; filename="groep-{group.id}.ics"'
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == group.title
    assert event.decoded("RRULE")["FREQ"] == ["WEEKLY"]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == start.astimezone(AMSTERDAM).utcoffset()
    assert str(event["URL"]).endswith(f"/groepen/{group.id}")
    assert list(calendar.walk("VTIMEZONE"))


def test_closed_group_calendar_starts_at_the_next_run(
    client: FlaskClient, closed_group_with_later_run: GroupRecord
) -> None:
    today = datetime.now(UTC).date()
    group = closed_group_with_later_run
    run = group.next_run(today)
    assert run is not None and run != group.runs[0]
    calendar, _ = _calendar(client, f"/groepen/{group.id}.ics")
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").date() == run.start_date


def test_search_calendar_has_every_result_with_a_schedule(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    query = "domein=welzijn&gemeente=Deventer"
    calendar, disposition = _calendar(client, f"/zoeken.ics?{query}")
    assert "groepenwijzer-zoekresultaten.ics" in disposition
    html = client.get(f"/zoeken?{query}").get_data(as_text=True)
    found = re.search(r"(\d+) groep", html)
    assert found
    total = int(found.group(1))
    by_title = {r.title: r for r in records.values()}
    titles = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert 0 < len(titles) <= total
    assert all(by_title[t].domain == "welzijn" for t in titles)


def test_search_page_links_its_calendar_with_the_same_filters(client: FlaskClient) -> None:
    html = client.get("/zoeken?q=rouw&gemeente=Zwolle&pagina=1").get_data(as_text=True)
    assert 'href="/zoeken.ics?q=rouw&amp;gemeente=Zwolle"' in html


def test_group_without_dates_has_no_calendar_link(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    group = next((r for r in records.values() if r.schedule is None), None)
    assert group is not None
    html = client.get(f"/groepen/{group.id}").get_data(as_text=True)
    assert f"/groepen/{group.id}.ics" not in html
    assert "Er zijn geen vaste data bekend." in html
    calendar, _ = _calendar(client, f"/groepen/{group.id}.ics")
    assert not list(calendar.walk("VEVENT"))


def test_behind_a_proxy_links_use_the_public_host(tmp_path: Path, db_path: Path) -> None:
    """With GROEPENWIJZER_PROXY_HOPS=1 the .ics links name the public https host."""
    from dataclasses import replace as dc_replace

    from tests.web.conftest import make_settings

    settings = dc_replace(make_settings(tmp_path, f"sqlite:///{db_path}"), proxy_hops=1)
    app = create_app(settings)
    client = app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "groepen.example.nl"}
    with client.get("/groepen/1.ics", headers=headers) as response:
        calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == "https://groepen.example.nl/groepen/1"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["groepenwijzer"].engine.dispose()
