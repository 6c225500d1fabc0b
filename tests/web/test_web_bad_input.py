"""Absurd and hostile input: escaped, a 4xx or a normal page — never a 500."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

HOSTILE_TEXT = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    '\'; DROP TABLE "group"; --',
    "' OR '1'='1",
    "eenzaam\x00\x01\x07\x1b[2J\x7f",
    "\u202eRTL override\u202c en \u200bzero width",
    "😀" * 500,
    "{{ 7*7 }} {% raw %} ${7*7}",
    "%s %d %(x)s {0}",
    "../../etc/passwd",
]

ODD_QUERIES: list[bytes] = [
    b"q=%ff%fe%fd",
    b"q=%00%00",
    b"%%%",
    b"q=a&q=b&&&==&=x",
    b"gemeente=%E2%80%AE&domein=%00",
    b"gemeente=" + b"x" * 10_000,
    b"domein=" + b"y" * 10_000,
    b"&".join([b"dag=ma"] * 500),
    b"pagina=1e9",
    b"pagina=0x10",
    b"pagina=NaN",
    b"pagina=%C2%BD",
    b"pagina=" + b"9" * 5000,
    b"lang=%3Cscript%3E",
    b"zonder_verwijzing=" + b"z" * 5000 + b"&open=%00",
    b"doelgroep[]=x&doelgroep=",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_search_text_is_escaped(client: FlaskClient, text: str) -> None:
    response = client.get("/zoeken", query_string={"q": text})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "\x00" not in html and "\x1b" not in html


def test_html_in_the_search_box_is_escaped_not_dropped(client: FlaskClient) -> None:
    html = client.get("/zoeken", query_string={"q": "<b>vet</b>"}).get_data(as_text=True)
    assert 'value="&lt;b&gt;vet&lt;/b&gt;"' in html


def test_sql_in_the_text_leaves_the_catalogue_alone(client: FlaskClient, db_engine: Engine) -> None:
    count = sa.text('SELECT count(*) FROM "group"')
    with db_engine.connect() as conn:
        before = conn.execute(count).scalar_one()
    client.get("/zoeken", query_string={"q": 'x\'); DELETE FROM "group"; --'})
    with db_engine.connect() as conn:
        assert conn.execute(count).scalar_one() == before > 0


@pytest.mark.parametrize("query", ODD_QUERIES, ids=lambda q: q[:40].decode("latin-1"))
@pytest.mark.parametrize("path", ["/zoeken", "/zoeken.ics", "/"])
def test_odd_query_strings_never_fail(client: FlaskClient, path: str, query: bytes) -> None:
    response = client.get(path, query_string=query.decode("latin-1"))
    assert response.status_code < 500
    body = response.get_data(as_text=True)
    assert "<script>" not in body


def test_ten_kilobytes_of_text_is_a_friendly_400(client: FlaskClient) -> None:
    response = client.get("/zoeken", query_string={"q": "eenzaam " * 1250})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Je tekst is te lang (9999 tekens)" in html
    assert "maximaal 5000 tekens" in html
    box = re.search(r'<input type="search" id="q" name="q" value="([^"]*)"', html)
    assert box and len(box.group(1)) <= 5000
    assert "results-title" not in html


def test_unknown_value_echo_is_escaped(client: FlaskClient) -> None:
    html = client.get("/zoeken", query_string={"gemeente": "<i>Deventr</i>"}).get_data(as_text=True)
    assert "&lt;i&gt;Deventr&lt;/i&gt;" in html
    assert "<i>Deventr" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/groepen/1%00",
        "/groepen/%ff",
        "/groepen/1.ics.ics",
        "/groepen/" + "9" * 400,
        "/zoeken/..%2f..%2fetc",
    ],
)
def test_odd_paths_are_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404
