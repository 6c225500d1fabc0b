"""Helpers shared by the JSON API tests (importable, unlike conftest)."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from catalogue.records import GroupRecord

API = "/api/v1"
PLAIN = "ik voel me eenzaam sinds mijn scheiding en wil graag andere mensen ontmoeten"
MARKER = "zwaluwstaart-marker-7319"  # a phrase no catalogue text has, to find in logs


def match(client: FlaskClient, body: Any, **kwargs: Any) -> TestResponse:
    return client.post(f"{API}/match", json=body, **kwargs)


def first_key(response: TestResponse) -> str:
    """The first key of a JSON object as sent (the crisis part must come first)."""
    pairs = json.loads(response.get_data(as_text=True), object_pairs_hook=list)
    return str(pairs[0][0])


def active(records: dict[str, GroupRecord]) -> list[GroupRecord]:
    return [r for r in records.values() if r.status == "actief"]


def error_code(response: TestResponse) -> str:
    body = response.get_json()
    assert isinstance(body, dict) and "error" in body, response.get_data(as_text=True)
    return str(body["error"]["code"])
