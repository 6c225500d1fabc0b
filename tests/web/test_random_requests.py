"""2,000 random and malformed requests across every route of the app (issue 13, reliability suite).

The other input tests pick cases by hand for one front each (test_web_bad_input:
search parameters; test_api_bad_input and test_api_schemathesis: the API;
test_beheer_access: who may post what). This one walks `app.url_map`, so a
route added later is covered without anyone listing it: for each request a
seeded generator picks a rule, a method (mostly one the rule takes, sometimes
another or a made-up one), path arguments (valid ids, zero, negative, huge,
non-ASCII digits, odd text), a query string (known and unknown names, repeats,
control characters, bidi and zero-width characters, 10,000-character values,
broken percent-escapes) and a body (form fields seen on the site's pages, JSON
that is almost a match profile, JSON that is no object at all, bytes that are
no UTF-8 under any content type). Half the requests come from visitors, half
from logged-in accounts (a facilitator, a VG team, an admin) whose posts carry
their real CSRF token most of the time, so the views' own checks are reached.

On a healthy seeded SQLite database nothing is an outage, so no answer may be
5xx: the documented 503s are for an unreadable catalogue (tests/web/
test_web_database_down.py) and `/gezond` saying "starting" until the index is
loaded (web/catalogue.py), the one 503 allowed here. Every HTML answer carries
the security headers of web/privacy.py (Referrer-Policy `same-origin` instead
of `no-referrer` on the login and facilitator pages, whose forms need it:
web/accounts.py), every cookie is HttpOnly with a SameSite attribute, and
every answer to a request that carries input (a query string or a body), to
the chat, or that shows a marker from the request (error pages repeat the
path) is `Cache-Control: no-store`. The rate limits are switched off: a 429
would stop the request before the view that should be exercised. The walk
found four defects, each with its own test at the end of this file.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter, Rule
from werkzeug.test import TestResponse

from tests.web.beheer_support import PASSWORD, cheap_hashes, csrf_token, login, make_world
from tests.web.conftest import make_settings
from web import MAX_ID, create_app
from web.accounts import limiter_of
from web.privacy import HEADERS

REQUESTS = 2000
SEED = 20_13
MARKER = "zqx7"
# Pages with forms behind a login send Referer to their own origin only (web/accounts.py).
FORM_AREAS = ("/inloggen", "/uitloggen", "/wachtwoord-", "/uitnodiging/", "/beheer/", "/team/")
FORM_AREAS += ("/coordinatie/",)  # in generated text, to see where input is echoed

ODD_TEXT = [
    "",
    " ",
    "eenzaam",
    "ik wil dood",
    "Deventer",
    "7411 AB",
    "online",
    "di",
    "ja",
    "0",
    "-1",
    "1e9",
    "NaN",
    "9" * 40,
    "٣",
    "²",
    "½",
    "\x00",
    "a\x00b\x1b[2J\x7f",
    "\u202egnirts\u202c",
    "\u200b\u200d\ufeff",
    "😀" * 50,
    "ﬁ ǅ ẞ İ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '\'; DROP TABLE "group"; --',
    "{{ 7*7 }} %s %(x)s {0}",
    "../../etc/passwd",
    "\\\\evil.example",
    "//evil.example",
    "x" * 10_000,
    "2026-03-01T09:30:00Z",
    "2026-02-30",
    "true",
    "null",
]
PARAM_NAMES = [
    "q",
    "gemeente",
    "domein",
    "dag",
    "doelgroep",
    "zonder_verwijzing",
    "open",
    "pagina",
    "lang",
    "page",
    "per_page",
    "modified_after",
    "tijd",
    "thema",
    "regio",
    "next",
    "code",
    "format",
]
RAW_QUERIES = ["%", "%zz", "%ff%fe", "&&&==&=", "q", "=x", "q=%00", ";;", "a[]=1&a[b]=2"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "BREW"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json",
    "application/json; charset=latin-1",
    "text/plain",
    "application/xml",
    "",
]
LANGUAGES = ["nl", "en", "de", "*", "en;q=abc", "x" * 300, "", "tr-TR,tr;q=0.9"]
JSON_KEYS = [
    "text",
    "matters",
    "contexts",
    "domains",
    "elements",
    "municipality",
    "travel",
    "online_ok",
    "online_only",
    "weekdays",
    "times_of_day",
    "age",
    "audience",
    "language",
    "no_referral",
    "open_only",
    "limit",
    "onbekend",
]


class Generator:
    """Random requests from the app's own routes; field names grow with the pages seen."""

    def __init__(self, app: Flask, seed: int, group_ids: list[int]) -> None:
        self.rng = random.Random(seed)
        self.rules: list[Rule] = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
        self.rules.append(next(r for r in app.url_map.iter_rules() if r.endpoint == "static"))
        self.group_ids = group_ids
        self.fields = set(PARAM_NAMES) | {"message", "email", "password", "confirm", "title"}

    def text(self) -> str:
        rng = self.rng
        choice = rng.choice(ODD_TEXT)
        return choice + MARKER if rng.random() < 0.3 and len(choice) < 100 else choice

    def argument(self, rule: Rule, name: str) -> str:
        converter = rule._converters[name]  # werkzeug keeps them there
        rng = self.rng
        if isinstance(converter, IntegerConverter):
            options = [str(rng.choice(self.group_ids)), "0", "1", str(10**25), "999999"]
            return rng.choice(options)
        if rule.endpoint == "static":
            return rng.choice(["app.css", "app.js", "nope.css", "../secret", "%2e%2e/x", "a" * 300])
        value = rng.choice([str(rng.choice(self.group_ids)), self.text(), "٣", "1" * 19])
        return quote(value, safe="") or "x"

    def path(self, rule: Rule) -> str:
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:[^:<>]+:)?{name}>", self.argument(rule, name), path)
        roll = self.rng.random()
        if roll < 0.05:
            path += "/"
        elif roll < 0.08:
            path = "/" + path
        elif roll < 0.10:
            path += quote(self.text()[:50], safe="/")
        return path

    def query(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            return ""
        parts = []
        for _ in range(rng.choice([1, 1, 2, 3, 5, 40])):
            if rng.random() < 0.07:
                parts.append(rng.choice(RAW_QUERIES))
                continue
            name = rng.choice(sorted(self.fields)) if rng.random() < 0.85 else self.text()[:30]
            parts.append(f"{quote(name, safe='')}={quote(self.text(), safe='')}")
        return "&".join(parts)

    def json_value(self, depth: int = 0) -> Any:
        rng = self.rng
        kind = rng.randrange(7 if depth < 3 else 4)
        if kind == 0:
            return self.text()
        if kind == 1:
            return rng.choice([0, -1, 1, 7, 121, 10**30, 1.5, float("1e308")])
        if kind == 2:
            return rng.choice([True, False, None])
        if kind == 3:
            return rng.choice(["di", "avond", "Deventer", "ggz", "lotgenotencontact"])
        if kind == 4:
            return [self.json_value(depth + 1) for _ in range(rng.randrange(4))]
        return {rng.choice(JSON_KEYS): self.json_value(depth + 1) for _ in range(rng.randrange(4))}

    def body(self, token: str | None) -> tuple[dict[str, Any], str]:
        """Keyword arguments for the test client's `open`, and a label for the report."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            data = {rng.choice(sorted(self.fields)): self.text() for _ in range(rng.randrange(6))}
            if token and rng.random() < 0.8:
                data["csrf_token"] = token
            return {"data": data}, "form"
        if roll < 0.75:
            payload = {k: self.json_value() for k in rng.sample(JSON_KEYS, rng.randrange(1, 6))}
            if rng.random() < 0.2:
                payload = self.json_value()  # a list, a string, a number...
            text = json.dumps(payload, allow_nan=True)
            return {"data": text, "content_type": "application/json"}, "json"
        raw = rng.choice([b"\xff\xfe\x00", b"{", b'{"text": "x"' * 100, b"a=%ff&b", bytes(300)])
        return {"data": raw, "content_type": rng.choice(CONTENT_TYPES)}, "raw"

    def request(self, token: str | None) -> dict[str, Any]:
        rng = self.rng
        rule = rng.choice(self.rules)
        methods = sorted((rule.methods or set()) - {"OPTIONS"})
        method = rng.choice(methods) if rng.random() < 0.85 else rng.choice(METHODS)
        path = self.path(rule)
        query = self.query()
        headers = {"Accept-Language": rng.choice(LANGUAGES)} if rng.random() < 0.3 else {}
        if rng.random() < 0.05:
            headers["Cookie"] = f"taal={quote(self.text()[:40], safe='')}"
        kwargs: dict[str, Any] = {}
        label = "-"
        if method not in ("GET", "HEAD") and rng.random() < 0.9:
            kwargs, label = self.body(token)
        return {
            "method": method,
            "path": path,
            "query_string": query,
            "headers": headers,
            "kwargs": kwargs,
            "label": f"{rule.endpoint} ({label})",
        }

    def learn(self, html: str) -> None:
        """Field names of the forms on a page (so posts reach the views with real names)."""
        for name in re.findall(
            r'<(?:input|select|textarea)[^>]*\sname="([A-Za-z_][\w-]{0,40})"', html
        ):
            if name != "csrf_token":
                self.fields.add(name)


@pytest.fixture
def world_app(tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    cheap_hashes(monkeypatch)
    app = create_app(make_settings(tmp_path, f"sqlite:///{db_path}"))
    app.config["TESTING"] = True
    limiter_of(app).enabled = False
    yield app
    app.extensions["groepenwijzer"].engine.dispose()


def _where(request: dict[str, Any]) -> str:
    query = request["query_string"][:80]
    return f"{request['method']} {request['path'][:120]}?{query!r} {request['label']}"


def _check(request: dict[str, Any], response: TestResponse) -> list[str]:
    """What is wrong with one answer (empty: nothing)."""
    problems = []
    where = _where(request)
    # A HEAD answer has no body to say "starting" in; its status is the same as GET's.
    starting = request["path"] == "/gezond" and (
        request["method"] == "HEAD" or response.get_data(as_text=True) == "starting"
    )
    if response.status_code >= 500 and not (response.status_code == 503 and starting):
        problems.append(f"{response.status_code} for {where}")
    if response.mimetype == "text/html":
        for name, value in HEADERS.items():
            shown = response.headers.get(name)
            allowed = {value}
            if name == "Referrer-Policy" and request["path"].startswith(FORM_AREAS):
                allowed.add("same-origin")  # web/accounts.py: forms need their own origin
            if shown not in allowed:
                problems.append(f"header {name}: {shown!r} on {where}")
    for cookie in response.headers.getlist("Set-Cookie"):
        if "HttpOnly" not in cookie or "SameSite=" not in cookie:
            problems.append(f"cookie without HttpOnly/SameSite on {where}: {cookie[:60]}")
    carries = bool(request["query_string"]) or request["method"] not in ("GET", "HEAD")
    chat = request["path"].startswith("/chat")
    echoed = response.mimetype == "text/html" and MARKER in response.get_data(as_text=True)
    if (carries or chat or echoed) and "no-store" not in response.headers.get("Cache-Control", ""):
        problems.append(f"no Cache-Control: no-store on {where} ({response.status_code})")
    return problems


def test_random_requests_never_fail(world_app: Flask) -> None:
    engine: Engine = world_app.extensions["groepenwijzer"].engine
    world = make_world(engine)
    with engine.connect() as conn:
        ids = [int(row[0]) for row in conn.exec_driver_sql('SELECT id FROM "group" LIMIT 20')]
    generator = Generator(world_app, SEED, [world.group_id, *ids])
    accounts = [None, "facilitator_a", "team", "admin"]
    clients: dict[str | None, FlaskClient] = {who: world_app.test_client() for who in accounts}
    tokens: dict[str | None, str | None] = dict.fromkeys(accounts)

    def sign_in(who: str | None) -> None:
        client = clients[who] = world_app.test_client()
        if who is not None:
            login(client, world.emails[who], PASSWORD)
        tokens[who] = csrf_token(client, "/wachtwoord-vergeten")

    for who in accounts:
        sign_in(who)
    problems: list[str] = []
    statuses: Counter[int] = Counter()
    for number in range(REQUESTS):
        who = accounts[0] if number % 2 == 0 else generator.rng.choice(accounts[1:])
        if number % 150 == 149:
            sign_in(who)  # a random /uitloggen or password change may have ended the session
        request = generator.request(tokens[who])
        try:
            response = clients[who].open(
                request["path"],
                method=request["method"],
                query_string=request["query_string"],
                headers=request["headers"],
                **request["kwargs"],
            )
        except Exception as exc:  # TESTING propagates what a server would answer with a 500
            problems.append(f"{type(exc).__name__} ({exc}) for {_where(request)}")
            continue
        statuses[response.status_code] += 1
        problems += _check(request, response)
        if response.mimetype == "text/html" and response.status_code == 200:
            generator.learn(response.get_data(as_text=True))
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:15])
    # The walk reached the views, not only the routing errors.
    assert statuses[200] > REQUESTS // 5, statuses
    assert sum(n for s, n in statuses.items() if 300 <= s < 400) > 0, statuses


@pytest.mark.parametrize("path", ["/groepen/{id}", "/groepen/{id}.ics", "/beheer/groepen/{id}"])
@pytest.mark.parametrize("number", [2**63 - 1, 2**63, 10**25])
def test_an_id_beyond_64_bits_is_a_404(world_app: Flask, path: str, number: int) -> None:
    """Found by the walk above: 10**25 reached SQLite (OverflowError) on the beheer pages."""
    world = make_world(world_app.extensions["groepenwijzer"].engine)
    client = world_app.test_client()
    login(client, world.emails["admin"], PASSWORD)
    url = path.format(id=number)
    assert client.get(url).status_code == 404  # the largest possible id is no group either
    for action in ("", "/aanmeldingen", "/klopt-nog", "/vol", "/afgelast", "/rooster"):
        if path.startswith("/beheer"):
            token = csrf_token(client, "/wachtwoord-vergeten")
            response = client.post(url + action, data={"csrf_token": token, "code": "ABCD2345"})
            assert response.status_code < 500, (url + action, response.status_code)
            if number > MAX_ID:
                assert response.status_code in (404, 405), (url + action, response.status_code)


@pytest.mark.parametrize("path", ["/team/", "/team/adviezen", "/team/advies", "/coordinatie/"])
def test_an_anonymous_options_request_is_refused_not_a_500(world_app: Flask, path: str) -> None:
    """Found by the walk: Flask-Login lets OPTIONS past login_required; _user() then failed."""
    assert world_app.test_client().open(path, method="OPTIONS").status_code == 403


@pytest.mark.parametrize("body", ['"x"', "[1]", "123", '["a", "b"]'])
@pytest.mark.parametrize("path", ["/chat/", "/inloggen", "/wachtwoord-vergeten"])
def test_a_json_body_that_is_no_object_is_a_400(world_app: Flask, path: str, body: str) -> None:
    """Found by the walk: Flask-WTF read it as form data and raised (a 500)."""
    response = world_app.test_client().post(path, data=body, content_type="application/json")
    assert response.status_code == 400


def test_an_error_page_that_repeats_the_path_is_not_stored(world_app: Flask) -> None:
    response = world_app.test_client().get(f"/groepen/1{MARKER}")
    assert response.status_code == 404 and MARKER in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
