"""Crisis help comes first in the web chat, also when the form itself is not valid."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

CRISIS = "ik wil er niet meer zijn"


@pytest.fixture
def client(chat_client: FlaskClient) -> FlaskClient:
    return chat_client


@pytest.fixture
def token(client: FlaskClient, csrf_of: Callable[[str], str]) -> str:
    return csrf_of(client.get("/chat/").get_data(as_text=True))


def test_stale_csrf_token_still_shows_crisis_help(client: FlaskClient) -> None:
    response = client.post("/chat/", data={"message": CRISIS, "csrf_token": "stale"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'data-crisis-kind="suicide"' in body and 'href="tel:113"' in body


def test_stale_token_without_crisis_is_rejected(client: FlaskClient) -> None:
    response = client.post(
        "/chat/", data={"message": "ik zoek een wandelgroep", "csrf_token": "stale"}
    )
    assert response.status_code == 400


def test_too_long_message_with_crisis_words_gets_help(client: FlaskClient, token: str) -> None:
    message = "bla " * 400 + CRISIS
    response = client.post("/chat/", data={"message": message, "csrf_token": token})
    assert response.status_code == 200
    assert 'data-crisis-kind="suicide"' in response.get_data(as_text=True)


def test_command_followed_by_crisis_words(client: FlaskClient, token: str) -> None:
    response = client.post(
        "/chat/", data={"message": f"/opnieuw {CRISIS}", "csrf_token": token}, follow_redirects=True
    )
    assert response.status_code == 200
    assert 'data-crisis-kind="suicide"' in response.get_data(as_text=True)
