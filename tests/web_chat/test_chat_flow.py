"""The web chat without JavaScript: form posts, CSRF, server-side state, nothing in the cookie."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bot.chat import texts
from tests.web_chat.chat_helpers import CHAT, WebChat
from web.chat_texts import show

MARKER = "zebrakoffie-wq3k8"


@pytest.fixture
def chat(chat_client: FlaskClient, csrf_of: Callable[[str], str]) -> WebChat:
    return WebChat(chat_client, csrf_of)


def _rows(app: Flask, table: str) -> int:
    with app.extensions["groepenwijzer"].engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_page_greets_and_has_a_form(chat: WebChat) -> None:
    assert "anoniem" in chat.text() and 'name="message"' in chat.page
    assert '<label for="message">' in chat.page


def test_a_whole_conversation(chat: WebChat, chat_app: Flask) -> None:
    # Loneliness alone has one page of groups in Deventer since groups in one other
    # language (a Turkish women's morning) go only to its speakers; with low mood, two.
    chat.say("Ik voel me de laatste tijd erg eenzaam en somber")
    assert "eenzaamheid en contact" in chat.text() and "online" in chat.actions()
    chat.say("Deventr")
    assert "place:Deventer" in chat.actions()
    chat.press("place:Deventer")
    assert "days:any" in chat.actions()
    chat.press("day:di")
    assert "dinsdag" in chat.newest()
    chat.press("days:any")  # the seed has too few fitting groups on Tuesdays alone
    assert texts.RESULTS_INTRO in chat.newest()
    info = [a for a in chat.actions() if a.startswith("info:")]
    assert len(info) >= 3
    chat.press(info[0])
    assert "Aanmelden:" in chat.newest()
    chat.press("list")
    assert texts.RESULTS_INTRO in chat.newest()
    chat.press("more")
    assert texts.RESULTS_MORE_INTRO in chat.newest()
    assert _rows(chat_app, "matchevent") == 1
    events = (
        chat_app.extensions["groepenwijzer"]
        .engine.connect()
        .execute(sa.text("SELECT channel FROM matchevent"))
        .scalars()
        .all()
    )
    assert events == ["webchat"]


def test_crisis_block_first(chat: WebChat) -> None:
    chat.say("eenzaam")
    page = chat.say("ik wil er niet meer zijn")
    crisis = page.index('class="crisis"')
    assert crisis < page.index(texts.AFTER_CRISIS)
    assert 'href="tel:113"' in page and "0800-0113" in page and "112" in page


def test_post_without_valid_csrf_is_rejected_and_changes_nothing(
    chat_client: FlaskClient, chat_app: Flask, tmp_path: Path
) -> None:
    chat_client.get(CHAT)
    for data in ({"message": "eenzaam"}, {"message": "eenzaam", "csrf_token": "forged"}):
        assert chat_client.post(CHAT, data=data).status_code == 400
    # Crisis words without a valid token: the help is shown, but still nothing changes.
    crisis = chat_client.post(CHAT, data={"message": "ik wil er niet meer zijn"})
    assert crisis.status_code == 200 and "0800-0113" in crisis.get_data(as_text=True)
    with chat_client.session_transaction() as session:
        assert "chat" not in session
    assert _rows(chat_app, "matchevent") == 0
    state = tmp_path / "webchat" / "state"
    assert not state.exists() or not any(state.iterdir())


def test_cookie_holds_a_random_id_only(
    chat: WebChat, chat_client: FlaskClient, chat_app: Flask
) -> None:
    chat.say(f"ik ben eenzaam {MARKER}")
    chat.say(f"Zwolle {MARKER}")
    cookie = chat_client.get_cookie(chat_app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None and MARKER not in cookie.value
    serializer = chat_app.session_interface.get_signing_serializer(chat_app)  # type: ignore[attr-defined]
    session = serializer.loads(cookie.value)
    assert set(session) <= {"chat", "csrf_token"}
    assert len(session["chat"]) >= 40 and MARKER not in repr(session)
    assert "eenzaam" not in repr(session) and "Zwolle" not in repr(session)


def test_marker_is_kept_nowhere(chat: WebChat, chat_app: Flask, tmp_path: Path) -> None:
    for message in (
        f"{MARKER} ik ben somber",
        f"Deventer {MARKER}",
        f"maandag {MARKER}",
        f"ik wil dood {MARKER}",
    ):
        chat.say(message)
    assert MARKER in chat.text()  # on the page (the transcript), and only there
    chat.press("sub")  # not offered on the web: a stale button, harmless
    chat_app.extensions["groepenwijzer"].engine.dispose()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


def test_vergeet_removes_state_and_session_id(
    chat: WebChat, chat_client: FlaskClient, tmp_path: Path
) -> None:
    chat.say("eenzaam")
    folder = tmp_path / "webchat"
    assert any((folder / "state").iterdir()) and any((folder / "replies").iterdir())
    chat.say("/vergeet")
    assert show(texts.FORGOTTEN, "nl") in chat.text()
    assert not any((folder / "state").iterdir()) and not any((folder / "replies").iterdir())
    with chat_client.session_transaction() as session:
        assert "chat" not in session
    chat.say("eenzaam")  # a new conversation starts cleanly
    assert "eenzaamheid en contact" in chat.text()


def test_forget_and_privacy_buttons(chat: WebChat) -> None:
    chat.press("privacy")
    assert "bewaar je berichten niet" in chat.text()
    chat.press("forget")
    assert show(texts.FORGOTTEN, "nl") in chat.text()


def test_overlong_message_is_not_sent(chat: WebChat, tmp_path: Path) -> None:
    page = chat.say(
        "x" * 5000
    )  # kept in the box with a word of explanation: see test_chat_pleasant
    assert "te lang" in chat.text() and "x" * 5000 in page
    state = tmp_path / "webchat" / "state"
    assert not state.exists() or not any(state.iterdir())
