"""Hardening (issue 13, finding 5): HSTS, no-store, cookie flags, public links, safe 404 link.

All through the real app and the Flask test client on a seeded SQLite copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from catalogue.settings import Settings
from tests.web.conftest import make_settings
from web import create_app

HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "groepen.example.nl"}


@pytest.fixture
def proxied(tmp_path: Path, db_path: Path) -> Iterator[Flask]:
    """The app behind one trusted TLS proxy."""
    app = create_app(replace(make_settings(tmp_path, f"sqlite:///{db_path}"), proxy_hops=1))
    yield app
    app.extensions["groepenwijzer"].engine.dispose()


def _app_with(tmp_path: Path, db_path: Path, **changes: object) -> Flask:
    settings: Settings = replace(make_settings(tmp_path, f"sqlite:///{db_path}"), **changes)
    return create_app(settings)


# --- HSTS -----------------------------------------------------------------------------------


def test_hsts_when_the_proxy_says_https(proxied: Flask) -> None:
    response = proxied.test_client().get("/hulp-nu", headers=HTTPS)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_hsts_over_plain_http(proxied: Flask, client: FlaskClient) -> None:
    plain = proxied.test_client().get("/hulp-nu", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers
    # Without a trusted proxy a forged X-Forwarded-Proto changes nothing.
    forged = client.get("/hulp-nu", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in forged.headers


# --- no-store on pages with a resident's words ---------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/zoeken?q=ik+voel+me+eenzaam", "/?q=ik+voel+me+eenzaam", "/zoeken.ics?q=rouw"]
)
def test_search_results_are_not_stored(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response.headers.get("Cache-Control", "")


def test_chat_is_not_stored(client: FlaskClient) -> None:
    assert "no-store" in client.get("/chat/").headers.get("Cache-Control", "")


def test_a_posted_form_answer_is_not_stored(client: FlaskClient) -> None:
    response = client.post("/chat/", data={"message": "ik ben zo alleen"})
    assert "no-store" in response.headers.get("Cache-Control", "")


# --- the language cookie ---------------------------------------------------------------------


def test_language_cookie_is_http_only(client: FlaskClient) -> None:
    response = client.get("/hulp-nu?lang=en")
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("taal=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --- public links from the configured base URL ---------------------------------------------------


def _event_url(client: FlaskClient, url: str, **kwargs: object) -> str:
    response = client.get(url, **kwargs)  # type: ignore[arg-type]
    (event,) = Calendar.from_ical(response.data).walk("VEVENT")
    return str(event["URL"])


def test_calendar_links_use_the_base_url_not_the_host_header(tmp_path: Path, db_path: Path) -> None:
    app = _app_with(tmp_path, db_path, base_url="https://groepenwijzer.gem.nl")
    client = app.test_client()
    url = _event_url(client, "/groepen/1.ics", headers={"Host": "evil.example"})
    assert url == "https://groepenwijzer.gem.nl/groepen/1"
    app.extensions["groepenwijzer"].engine.dispose()


def test_share_link_uses_the_base_url(tmp_path: Path, db_path: Path) -> None:
    app = _app_with(tmp_path, db_path, base_url="https://groepenwijzer.gem.nl/")
    response = app.test_client().get("/groepen/1", headers={"Host": "evil.example"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[-400:]
    assert 'data-url="https://groepenwijzer.gem.nl/groepen/1"' in html
    assert "evil.example" not in html
    app.extensions["groepenwijzer"].engine.dispose()


def test_without_a_base_url_links_fall_back_to_the_request(client: FlaskClient) -> None:
    assert _event_url(client, "/groepen/1.ics") == "http://localhost/groepen/1"
    # The group page is cached for everyone: no Host header may end up in it.
    html = client.get("/groepen/1", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert 'data-url="/groepen/1"' in html and "evil.example" not in html


def test_base_url_setting_is_read_and_checked(tmp_path: Path) -> None:
    env = {"GROEPENWIJZER_INSTANCE": str(tmp_path)}
    assert Settings.from_env(env).base_url == ""
    given = Settings.from_env({**env, "GROEPENWIJZER_BASE_URL": "https://g.example.nl/"})
    assert given.base_url == "https://g.example.nl"
    for bad in ("groepen.example.nl", "javascript:alert(1)", "https://g.example.nl/?x=1"):
        with pytest.raises(ValueError, match="GROEPENWIJZER_BASE_URL"):
            Settings.from_env({**env, "GROEPENWIJZER_BASE_URL": bad})


# --- the 404 page's language switch ---------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/%5cevil.example", "/%5C%5Cevil.example", "/%2F%2Fevil.example", "/x/%5c%5cy"]
)
def test_language_link_never_leaves_the_site(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    links = re.findall(r'<a href="([^"]*)"[^>]*hreflang=', html)
    assert links, html
    for href in links:
        assert href.startswith("/") and not href.startswith(("//", "/\\")), href
        assert "\\" not in href


def test_language_link_keeps_path_and_query(client: FlaskClient) -> None:
    html = client.get("/zoeken?q=rouw").get_data(as_text=True)
    assert '<a href="/zoeken?q=rouw&amp;lang=en"' in html
