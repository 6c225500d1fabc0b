"""The JSON API refuses bad input with a JSON 4xx, never a 500 (issues 8, 12 and 13).

One table per entry point: odd Unicode, wrong types, huge numbers, bad dates,
unknown codes, invalid JSON, wrong content types and bodies too large. And the
other side: what is unambiguous (any ASCII case, a postcode, 40.0 as an age) is
accepted.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.web.api_support import API, error_code, match
from web.api_models import ErrorResponse, MatchErrorResponse, MatchResponse

BAD_QUERIES = [
    ("gemeente=Atlantis", "invalid_parameter"),
    ("gemeente=%C2%B2", "invalid_parameter"),  # '²'
    ("gemeente=%E2%80%AEDeventer", "invalid_parameter"),  # RTL override
    ("dag=xx", "invalid_parameter"),
    ("domein=ggz&domein=%F0%9F%98%80", "invalid_parameter"),  # emoji
    ("doelgroep=%E2%84%AAinderen", "invalid_parameter"),  # Kelvin sign
    ("zonder_verwijzing=misschien", "invalid_parameter"),
    ("page=0", "invalid_parameter"),
    ("page=%C2%B2", "invalid_parameter"),
    ("page=%D9%A3", "invalid_parameter"),  # Arabic-Indic 3
    ("page=99999999999999999999", "invalid_parameter"),
    ("per_page=101", "invalid_parameter"),
    ("per_page=-5", "invalid_parameter"),
    ("modified_after=gisteren", "invalid_parameter"),
    ("modified_after=2026-13-01", "invalid_parameter"),
    ("modified_after=%D9%A2%D9%A0%D9%A2%D9%A6-01-01", "invalid_parameter"),
    ("modified_after=9999-12-31T23:59:59-23:59", "invalid_parameter"),
    ("modified_after=0000-01-01", "invalid_parameter"),
    ("modified_after=" + "9" * 5000, "invalid_parameter"),
    ("q=ik+wil+dood", "unknown_parameter"),  # words belong in POST /match, not in a URL
    ("pagina=2", "unknown_parameter"),
    ("%00=1", "unknown_parameter"),
]


@pytest.mark.parametrize(("query", "code"), BAD_QUERIES, ids=[q[:40] for q, _ in BAD_QUERIES])
def test_bad_query_parameters_are_400(client: FlaskClient, query: str, code: str) -> None:
    found = client.get(f"{API}/groups?{query}")
    assert found.status_code == 400, found.get_data(as_text=True)
    assert found.mimetype == "application/json" and error_code(found) == code
    assert ErrorResponse.model_validate(found.get_json()).error.details


BAD_BODIES: list[tuple[str, dict[str, Any], int, str]] = [
    ("invalid-json", {"data": b"{text: 1", "content_type": "application/json"}, 400,
     "invalid_json"),
    ("not-utf8", {"data": b'{"text": "\xff"}', "content_type": "application/json"}, 400,
     "invalid_json"),
    ("deep", {"data": b"[" * 100_000, "content_type": "application/json"}, 400, "invalid_json"),
    ("huge-int", {"data": b'{"age": ' + b"9" * 5000 + b"}", "content_type": "application/json"},
     400, "invalid_json"),
    ("text-plain", {"data": b'{"text": "hoi"}', "content_type": "text/plain"}, 415,
     "unsupported_media_type"),
    ("form", {"data": {"text": "hoi"}}, 415, "unsupported_media_type"),
    ("too-large", {"json": {"text": "a" * 200_000}}, 413, "body_too_large"),
    ("array", {"json": [1, 2]}, 422, "invalid_profile"),
    ("null", {"data": b"null", "content_type": "application/json"}, 422, "invalid_profile"),
    ("empty", {"json": {}}, 422, "invalid_profile"),
    ("only-marks", {"json": {"text": "\u200f\u202e \u200b"}}, 422, "invalid_profile"),
    ("text-number", {"json": {"text": 5}}, 422, "invalid_profile"),
    ("age-string", {"json": {"text": "hoi", "age": "12"}}, 422, "invalid_profile"),
    ("age-bool", {"json": {"text": "hoi", "age": True}}, 422, "invalid_profile"),
    ("age-fraction", {"json": {"text": "hoi", "age": 12.5}}, 422, "invalid_profile"),
    ("age-huge", {"json": {"text": "hoi", "age": 10**30}}, 422, "invalid_profile"),
    ("age-inf", {"data": b'{"text": "hoi", "age": 1e400}', "content_type": "application/json"},
     422, "invalid_profile"),
    ("age-nan", {"data": b'{"text": "hoi", "age": NaN}', "content_type": "application/json"},
     422, "invalid_profile"),
    ("limit-huge", {"json": {"text": "hoi", "limit": 10**100}}, 422, "invalid_profile"),
    ("flag-string", {"json": {"text": "hoi", "online_ok": "ja"}}, 422, "invalid_profile"),
    ("days-string", {"json": {"text": "hoi", "weekdays": "di"}}, 422, "invalid_profile"),
    ("unknown-day", {"json": {"text": "hoi", "weekdays": ["xx"]}}, 422, "invalid_profile"),
    ("unknown-domain", {"json": {"text": "hoi", "domains": ["GGZ"]}}, 422, "invalid_profile"),
    ("unknown-context", {"json": {"text": "hoi", "contexts": ["x"]}}, 422, "invalid_profile"),
    ("unknown-language", {"json": {"text": "hoi", "language": "xx"}}, 422, "invalid_profile"),
    ("unknown-field", {"json": {"text": "hoi", "tekst": "hoi"}}, 422, "invalid_profile"),
    ("place-superscript", {"json": {"text": "hoi", "municipality": "²"}}, 422, "invalid_profile"),
    ("place-kelvin", {"json": {"text": "hoi", "municipality": "\u212aampen"}}, 422,
     "invalid_profile"),
    ("place-type", {"json": {"text": "hoi", "municipality": ["Deventer"]}}, 422,
     "invalid_profile"),
    ("online-nowhere", {"json": {"text": "hoi", "online_only": True, "online_ok": False}}, 422,
     "invalid_profile"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [case[1:] for case in BAD_BODIES],
    ids=[case[0] for case in BAD_BODIES],
)
def test_bad_match_bodies_are_4xx_json(
    client: FlaskClient, kwargs: dict[str, Any], status: int, code: str
) -> None:
    found = client.post(f"{API}/match", **kwargs)
    assert found.status_code == status, found.get_data(as_text=True)
    assert found.mimetype == "application/json"
    refused = MatchErrorResponse.model_validate(found.get_json())
    assert refused.error.code == code and refused.crisis is None


@pytest.mark.parametrize(
    "body",
    [
        {"text": "eenzaam 😀 \u200f", "municipality": "DEVENTER"},
        {"text": "eenzaam", "municipality": "7411", "age": 40.0},
        {"contexts": ["relationeel_anderen"], "online_only": True},
        {"text": "eenzaam", "municipality": "Deventer", "travel": True, "times_of_day": ["avond"]},
    ],
    ids=["emoji-and-case", "postcode-and-whole-float", "contexts-online", "travel"],
)
def test_lenient_where_it_is_unambiguous(client: FlaskClient, body: dict[str, Any]) -> None:
    found = match(client, body)
    assert found.status_code == 200, found.get_data(as_text=True)
    MatchResponse.model_validate(found.get_json())


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("DELETE", "/groups", 405),
        ("PUT", "/match", 405),
        ("GET", "/match", 405),
        ("POST", "/groups", 405),
        ("GET", "/nothing-here", 404),
        ("GET", "/groups/1/extra", 404),
    ],
)
def test_unknown_paths_and_methods_are_json(
    client: FlaskClient, method: str, path: str, status: int
) -> None:
    found = client.open(f"{API}{path}", method=method)
    assert found.status_code == status and found.mimetype == "application/json"
    ErrorResponse.model_validate(found.get_json())
    if status == 405:
        assert found.headers["Allow"]
