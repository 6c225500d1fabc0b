"""The public pages through the Flask test client: status, rendered text, filters, language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient

from catalogue.records import GroupRecord
from catalogue.taxonomy import ACCESS_ROUTES
from matcher.filters import passes
from web.search_params import SearchParams
from web.services import services_of

CardIds = Callable[[str], list[int]]


def _total(html: str) -> int:
    found = re.search(r'<h2 id="results-title">\s*(\d+) groep', html)
    assert found, "result heading missing"
    return int(found.group(1))


def _browse_expected(records: dict[str, GroupRecord], params: SearchParams) -> list[GroupRecord]:
    constraints = params.constraints()
    return [
        r
        for r in records.values()
        if passes(r, constraints)
        and (not params.domains or r.domain in params.domains)
        and (not params.open_only or r.open_group)
    ]


def test_home_lists_every_active_group_soonest_first(
    client: FlaskClient, records: dict[str, GroupRecord], card_ids: CardIds
) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vind een groep die bij je past" in html
    assert '<html lang="nl">' in html
    active = [r for r in records.values() if r.status == "actief"]
    assert _total(html) == len(active)
    by_id = {r.id: r for r in records.values()}
    now = datetime.now(UTC)
    starts = [by_id[i].next_start(now) or date.max for i in card_ids(html)]
    assert len(starts) == 10
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/zoeken?q=eenzaam",
        "/groepen/{id}",
        "/hulp-nu",
        "/groepen/999999",
        "/zoeken?q=" + "x" * 6000,
    ],
)
def test_every_page_has_the_help_now_link(
    client: FlaskClient, records: dict[str, GroupRecord], path: str
) -> None:
    html = client.get(path.format(id=records["vb-049"].id)).get_data(as_text=True)
    assert '<a class="help-link" href="/hulp-nu">' in html
    assert "bel 113, gratis 0800-0113, of 112" in html
    assert 'class="skip-link" href="#inhoud"' in html


def test_text_search_explains_each_result(
    client: FlaskClient, records: dict[str, GroupRecord], card_ids: CardIds
) -> None:
    html = client.get("/zoeken?q=ik+voel+me+eenzaam&gemeente=Deventer").get_data(as_text=True)
    ids = card_ids(html)
    assert ids, "no results"
    assert html.count("Waarom deze groep:") == len(ids)
    assert "passen bij wat je schrijft" in html
    by_id = {r.id: r for r in records.values()}
    for group_id in ids:  # in Deventer's area, or joinable from home
        record = by_id[group_id]
        assert record.online or "Deventer" in record.area
    assert "eenzaam" in by_id[ids[0]].title.lower() or "eenzaamheid" in by_id[ids[0]].themes


@pytest.mark.parametrize(
    "query",
    [
        {"domein": "welzijn"},
        {"open": "1"},
        {"zonder_verwijzing": "1"},
        {"gemeente": "online"},
        {"gemeente": "Harderwijk", "dag": "ma"},
        {"doelgroep": "jongeren"},
        {"domein": "herstelacademie", "gemeente": "Deventer", "open": "1"},
    ],
)
def test_browse_filters_match_the_matcher_rules(
    client: FlaskClient,
    records: dict[str, GroupRecord],
    card_ids: CardIds,
    query: dict[str, str],
) -> None:
    from werkzeug.datastructures import MultiDict

    from web.search_params import parse_search

    params, _ = parse_search(MultiDict(query))
    expected = _browse_expected(records, params)
    response = client.get("/zoeken", query_string=query)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _total(html) == len(expected)
    assert set(card_ids(html)) <= {r.id for r in expected}


def test_text_search_respects_hard_web_filters(
    client: FlaskClient, records: dict[str, GroupRecord], card_ids: CardIds
) -> None:
    by_id = {r.id: r for r in records.values()}
    html = client.get("/zoeken?q=somber&domein=zelfhulp&open=1").get_data(as_text=True)
    ids = card_ids(html)
    assert ids
    assert all(by_id[i].domain == "zelfhulp" and by_id[i].open_group for i in ids)


def _page_count(html: str) -> int:
    """Pages a result list needs: the shown total over the page size (never a seed constant)."""
    from web.search_results import PAGE_SIZE

    return max(1, -(-_total(html) // PAGE_SIZE))


def test_pagination_keeps_the_filters(client: FlaskClient, card_ids: CardIds) -> None:
    first = client.get("/zoeken?domein=welzijn").get_data(as_text=True)
    pages = _page_count(first)
    assert pages >= 3  # the filtered list really spans several pages
    assert f"Pagina 1 van {pages}" in first
    link = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert link
    assert link.group(1) == "/zoeken?domein=welzijn&amp;pagina=2"
    second = client.get("/zoeken?domein=welzijn&pagina=2").get_data(as_text=True)
    assert f"Pagina 2 van {pages}" in second
    assert '<a rel="prev" href="/zoeken?domein=welzijn">' in second
    assert not set(card_ids(first)) & set(card_ids(second))
    assert '<ol class="cards" start="11">' in second


def test_page_past_the_end_shows_the_last_page(client: FlaskClient) -> None:
    pages = _page_count(client.get("/zoeken?domein=welzijn").get_data(as_text=True))
    html = client.get("/zoeken?domein=welzijn&pagina=500").get_data(as_text=True)
    assert f"Pagina {pages} van {pages}" in html


def test_filters_stay_selected_in_the_form(client: FlaskClient) -> None:
    html = client.get(
        "/zoeken?q=rouw&gemeente=Zwolle&domein=zelfhulp&dag=wo&doelgroep=volwassenen"
        "&zonder_verwijzing=1&open=1"
    ).get_data(as_text=True)
    assert 'value="rouw"' in html
    assert '<option value="Zwolle" selected>' in html
    assert '<option value="zelfhulp" selected>' in html
    assert '<option value="wo" selected>' in html
    assert '<option value="volwassenen" selected>' in html
    assert 'name="zonder_verwijzing" value="1" checked' in html
    assert 'name="open" value="1" checked' in html


def test_every_input_has_a_label(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert len(ids) == 7
    for field_id in ids:
        assert f'<label for="{field_id}">' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "gemeente=Deventr",
            "„Deventr” kennen we niet bij „Waar”. Dit filter hebben we "
            "overgeslagen. Bedoel je Deventer?",
        ),
        ("domein=bingo", "„bingo” kennen we niet bij „Soort hulp”"),
        ("dag=funday", "„funday” kennen we niet bij „Dag”"),
        ("doelgroep=aliens", "„aliens” kennen we niet bij „Voor wie”"),
        ("open=misschien", "„misschien” kennen we niet bij „Alleen open groepen”"),
        ("pagina=abc", "Pagina „abc” bestaat niet. We laten de eerste pagina zien."),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_notice(
    client: FlaskClient, records: dict[str, GroupRecord], query: str, message: str
) -> None:
    response = client.get(f"/zoeken?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<div class="notice" role="status">' in html
    assert message in html
    active = sum(r.status == "actief" for r in records.values())
    assert _total(html) == active  # the bad filter was ignored, not applied


def test_group_page_shows_everything_a_newcomer_needs(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    group = records["vb-049"]  # open walking group, weekly, no end date
    response = client.get(f"/groepen/{group.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1>{group.title}</h1>" in html
    assert group.description.split("\n")[0][:60] in html
    assert "Wat je doet in de groep" in html
    assert "Voor wie" in html
    assert "De volgende bijeenkomsten" in html
    meetings = re.search(r'<ol class="meetings">(.*?)</ol>', html, re.S)
    assert meetings and meetings.group(1).count("<li>") == 5
    assert group.address and group.address in html
    assert "Toegankelijkheid:" in html
    assert "Kosten" in html
    assert ACCESS_ROUTES[group.access_route] in html
    assert "Laatst bevestigd door de organisatie:" in html
    assert f'href="/groepen/{group.id}.ics"' in html
    assert "Dit is een voorbeeldgroep" in html


def test_group_page_keeps_a_confidential_address_hidden(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    group = records["vb-025"]  # address only after registration
    assert group.address_after_registration and group.address
    html = client.get(f"/groepen/{group.id}").get_data(as_text=True)
    assert "Het precieze adres hoor je na je aanmelding." in html
    assert group.address not in html
    assert not group.postcode or group.postcode not in html


def test_group_page_explains_the_referral_route(
    client: FlaskClient, records: dict[str, GroupRecord]
) -> None:
    group = records["vb-001"]  # ggz, via the huisarts
    html = client.get(f"/groepen/{group.id}").get_data(as_text=True)
    assert ACCESS_ROUTES["huisarts"] in html
    assert "Praat eerst met je huisarts of de POH-ggz." in html


def test_closed_group_shows_its_next_run(
    client: FlaskClient, closed_group_with_later_run: GroupRecord
) -> None:
    now = datetime.now(UTC)
    group = closed_group_with_later_run
    run = group.next_run(now.date())
    assert run is not None
    html = client.get(f"/groepen/{group.id}").get_data(as_text=True)
    assert "De volgende groep start op" in html
    assert "De eerste bijeenkomsten van de nieuwe groep" in html
    first = re.search(r'<ol class="meetings">\s*<li>([^<]+)</li>', html)
    assert first and f" {run.start_date.day} " in first.group(1)


def test_paused_group_says_so(client: FlaskClient, records: dict[str, GroupRecord]) -> None:
    group = records["vb-034"]  # gepauzeerd
    html = client.get(f"/groepen/{group.id}").get_data(as_text=True)
    assert "Let op: deze groep is nu tijdelijk gestopt." in html


@pytest.mark.parametrize(
    "path",
    [
        "/groepen/999999",
        "/groepen/0",
        "/groepen/99999999999999999999999999",
        "/groepen/abc",
        "/groepen/-1",
        "/bestaat-niet",
        "/groepen/999999.ics",
    ],
)
def test_unknown_pages_get_a_dutch_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in html
    assert "Zoek een groep" in html


def test_unknown_group_names_the_group(client: FlaskClient) -> None:
    html = client.get("/groepen/999999").get_data(as_text=True)
    assert "Deze groep bestaat niet (meer)." in html


def test_wrong_method_is_a_calm_page(client: FlaskClient) -> None:
    response = client.post("/zoeken")
    assert response.status_code in (400, 405)
    assert "help-link" in response.get_data(as_text=True)


def test_help_now_lists_every_way_to_get_help(client: FlaskClient) -> None:
    html = client.get("/hulp-nu").get_data(as_text=True)
    for text in (
        "113 Zelfmoordpreventie",
        "0800-0113",
        "bel 112",
        "Huisartsenpost",
        'href="tel:113"',
        'href="tel:08000113"',
        'href="tel:112"',
    ):
        assert text in html


def test_health_says_starting_until_warmed_up(client: FlaskClient) -> None:
    starting = client.get("/gezond")
    assert (starting.status_code, starting.get_data(as_text=True)) == (503, "starting")
    assert starting.headers["Retry-After"] == "5"
    services_of(client.application).match_service.warm_up()
    response = client.get("/gezond")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok")


def test_static_files_are_local(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in re.sub(r"<a [^>]*>", "", html).split("<main")[0]
    with client.get("/static/site.css") as css:  # closes the file the response streams
        assert css.status_code == 200
    assert 'src="https://' not in html and 'href="https://' not in html.split("<main")[0]


@pytest.mark.parametrize(
    ("headers", "query", "heading", "lang"),
    [
        ({}, "", "Vind een groep die bij je past", "nl"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "", "Find a group that suits you", "en"),
        ({"Accept-Language": "nl-NL,en;q=0.5"}, "", "Vind een groep die bij je past", "nl"),
        ({"Accept-Language": "de-DE"}, "", "Vind een groep die bij je past", "nl"),
        ({}, "?lang=en", "Find a group that suits you", "en"),
        ({"Accept-Language": "en"}, "?lang=nl", "Vind een groep die bij je past", "nl"),
        ({}, "?lang=xx", "Vind een groep die bij je past", "nl"),
    ],
)
def test_language_choice(
    client: FlaskClient, headers: dict[str, str], query: str, heading: str, lang: str
) -> None:
    html = client.get(f"/{query}", headers=headers).get_data(as_text=True)
    assert heading in html
    assert f'<html lang="{lang}">' in html


def test_language_choice_is_remembered(client: FlaskClient) -> None:
    client.get("/?lang=en")
    html = client.get("/hulp-nu").get_data(as_text=True)
    assert "Who can you talk to now?" in html
    assert "Nederlands</a>" in html


def test_english_dates_and_plurals(client: FlaskClient, records: dict[str, GroupRecord]) -> None:
    html = client.get(f"/groepen/{records['vb-049'].id}?lang=en").get_data(as_text=True)
    assert "The next meetings" in html
    assert re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ ", html)


def test_safety_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
