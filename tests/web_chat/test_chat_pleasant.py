"""A pleasant web chat: the conversation stays on screen (kept by the page only), the greeting
shows once, an over-long message stays in the box, no slash commands, English on request."""

from __future__ import annotations

import logging
import random
import re
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.chat import texts
from bot.chat.messages import Button, Reply
from catalogue.taxonomy import THEMES, WEEKDAYS
from tests.web_chat.chat_helpers import CHAT, WebChat, plain
from web import chat_texts
from web.chat_transcript import MAX_ENTRIES, MAX_FIELD, Entry, Transcript, binding, decode, encode

MARKER = "okapiregen-7qz"
COMMAND = re.compile(r"(?<![\w/])/(start|opnieuw|hulp|help|privacy|vergeet)\b")


@pytest.fixture
def chat(chat_client: FlaskClient, csrf_of: Callable[[str], str]) -> WebChat:
    return WebChat(chat_client, csrf_of)


def _greeting_count(page: str) -> int:
    return plain(page).count(texts.GREETING.split(".")[0])


# The conversation on screen --------------------------------------------------------------


def test_the_conversation_stays_on_screen(chat: WebChat) -> None:
    chat.say("Ik voel me de laatste tijd erg eenzaam")
    chat.say("Deventr")
    chat.press("place:Deventer")
    assert chat.you() == ["Ik voel me de laatste tijd erg eenzaam", "Deventr", "Deventer"]
    text = chat.text()
    # Earlier bot replies stay above the newest one, in order.
    heard = text.index("eenzaamheid en contact")
    assert heard < text.index(texts.PLACE_SUGGEST) < text.index(texts.ASK_WHEN)
    assert texts.ASK_WHEN in chat.newest() and texts.PLACE_SUGGEST not in chat.newest()
    # Only the newest turn has working buttons; older ones are text only.
    assert "place:Deventer" not in chat.actions() and "days:any" in chat.actions()


def test_words_typed_before_pressing_a_button_stay_in_the_box(chat: WebChat) -> None:
    chat.say("eenzaam")
    page = chat.post(action="online", message="nog niet af")
    assert chat.you() == ["eenzaam", texts.BTN_ONLINE]
    assert re.search(r"<textarea[^>]*>nog niet af</textarea>", page)


def test_the_transcript_is_not_kept_on_the_server(
    chat: WebChat,
    chat_client: FlaskClient,
    chat_app: Flask,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    chat.say(f"ik ben zo eenzaam {MARKER}")
    chat.say(f"Zwolle {MARKER}")
    chat.press("day:di")
    chat.say(f"{MARKER} <b>vet</b>\nen een tweede regel")
    assert MARKER in chat.text() and len(chat.you()) == 4  # the page shows the words
    chat_app.extensions["groepenwijzer"].engine.dispose()
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.parent.name == "state" for p in stored)  # the state store was written
    for path in stored:  # the state store, the last replies, the database
        assert MARKER.encode() not in path.read_bytes(), path
    assert MARKER not in caplog.text and "eenzaam" not in caplog.text
    cookie = chat_client.get_cookie(chat_app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None and MARKER not in cookie.value


def test_the_resident_line_is_escaped(chat: WebChat) -> None:
    page = chat.say('eenzaam <script>alert("x")</script> <a href="https://x.nl">klik</a>')
    assert "<script>alert" not in page and '<a href="https://x.nl"' not in page
    assert "&lt;script&gt;" in page
    assert chat.you() == ['eenzaam <script>alert("x")</script> <a href="https://x.nl">klik</a>']


def test_a_forged_or_foreign_transcript_is_dropped(
    chat: WebChat, chat_app: Flask, chat_client: FlaskClient, csrf_of: Callable[[str], str]
) -> None:
    chat.say(f"eenzaam {MARKER}")
    field = chat.transcript_field()
    assert field is not None and MARKER not in field  # compressed and signed, not readable
    secret = chat_app.config["SECRET_KEY"]
    with chat_client.session_transaction() as session:
        mine = binding(session["chat"])
    assert MARKER in decode(field, secret=secret, bound_to=mine).entries[1].text
    lies = Transcript((Entry("bot", replies=(Reply("Bel nu 0900-1234567", ()),)),))
    forged = [
        field[:-3] + ("AAA" if not field.endswith("AAA") else "BBB"),  # signature broken
        encode(lies, secret="another-key", bound_to=mine),  # not our signature
        encode(lies, secret=secret, bound_to=binding("another-chat")),  # another chat's
        "x" * (MAX_FIELD + 1),
        "not a transcript at all",
    ]
    for value in forged:
        chat.post(message="Deventer", transcript=value)
        assert MARKER not in chat.text() and "0900-1234567" not in chat.text()
        assert chat.you() == ["Deventer"]


def test_after_forgetting_an_old_transcript_is_refused(chat: WebChat) -> None:
    chat.say(f"eenzaam {MARKER}")
    old = chat.transcript_field()
    assert old is not None
    chat.press("forget")
    assert MARKER not in chat.page and chat.you() == []
    chat.post(message="somber", transcript=old)  # e.g. the back button and "send again"
    assert MARKER not in chat.text()


def test_a_long_conversation_keeps_the_newest_entries(chat: WebChat) -> None:
    for n in range(16):  # 16 turns of two entries each: the oldest go first
        chat.say(f"regel {n}")
    assert chat.you() == [f"regel {n}" for n in range(1, 16)]
    assert len(re.findall(r'class="chat-entry ', chat.page)) == MAX_ENTRIES


def test_the_field_stays_under_its_cap() -> None:
    rng = random.Random(7)
    letters = string.ascii_letters + string.digits
    big = Transcript(
        tuple(
            Entry("bot", replies=(Reply(f"{n} " + "".join(rng.choices(letters, k=8000))),))
            for n in range(MAX_ENTRIES)
        )
    )
    field = encode(big, secret="k", bound_to="b")
    assert len(field) <= MAX_FIELD
    kept = decode(field, secret="k", bound_to="b").entries
    assert 0 < len(kept) < MAX_ENTRIES and kept[-1].replies[0].text.startswith(
        f"{MAX_ENTRIES - 1} "
    )


# The greeting, once --------------------------------------------------------------------------


def test_the_greeting_shows_once(chat: WebChat) -> None:
    assert _greeting_count(chat.page) == 1
    chat.say("eenzaam")  # the dialogue greets a first message again: not shown twice
    assert _greeting_count(chat.page) == 1
    chat.press("restart")
    chat.say("somber")
    chat.press("help")
    assert _greeting_count(chat.page) == 1
    assert chat.you() == ["eenzaam", "Opnieuw beginnen", "somber", "Uitleg"]


def test_privacy_and_help_before_the_conversation_starts(chat: WebChat) -> None:
    chat.press("privacy")
    assert "Ik bewaar je berichten niet" in chat.newest()
    assert _greeting_count(chat.page) == 1
    chat.press("help")
    assert "Zo werkt het" in chat.newest()


# An over-long message -------------------------------------------------------------------------


def test_an_overlong_message_stays_in_the_box(chat: WebChat, tmp_path: Path) -> None:
    chat.say("eenzaam")
    message = "Het gaat over mijn buurt & <mijn> werk. " * 40  # > 1000 characters
    page = chat.say(message)
    assert "Je bericht is te lang" in chat.text() and "1000 tekens" in chat.text()
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.DOTALL)
    assert box and plain(box.group(1)) == message and "&lt;mijn&gt;" in box.group(1)
    assert 'aria-invalid="true"' in page
    assert chat.you() == ["eenzaam"]  # not sent: the conversation goes on where it was
    assert texts.ASK_WHERE in chat.text()


def test_an_overlong_message_with_crisis_words_gets_help_first(chat: WebChat) -> None:
    chat.say("eenzaam")
    chat.say("bla " * 400 + "ik wil er niet meer zijn")
    assert 'data-crisis-kind="suicide"' in chat.page and "te lang" not in chat.text()
    assert chat.text().index("0800-0113") < chat.text().index(texts.AFTER_CRISIS)


def test_a_stale_page_keeps_the_words(chat: WebChat) -> None:
    chat.post(message="ik zoek een wandelgroep", csrf_token="stale", expect=400)
    assert "stond te lang open" in chat.text()
    assert re.search(r"<textarea[^>]*>ik zoek een wandelgroep</textarea>", chat.page)


# Words: no commands on the web, B1 Dutch, English --------------------------------------------


def test_no_slash_commands_on_the_web_page(chat: WebChat) -> None:
    for name, value in chat_texts.constants().items():
        assert not COMMAND.search(chat_texts.show(value, "nl")), name
        assert not COMMAND.search(chat_texts.button(value, "nl")), name
    pages = [chat.page]
    for step in ("help", "privacy"):
        pages.append(chat.press(step))
    chat.say("eenzaam")
    pages.append(chat.press("no-such-button"))  # a stale button's reply
    assert "eerder gesprek" in chat.newest()
    pages.append(chat.press("forget"))
    for page in pages:
        assert not COMMAND.search(plain(page.split("<main", 1)[1])), plain(page)


def test_b1_words_in_the_bot_texts() -> None:
    for name, value in chat_texts.constants().items():
        web = chat_texts.show(value, "nl").lower()
        for jargon in ("instromen", "instroom", "gem-regio"):
            assert jargon not in value.lower() and jargon not in web, (name, jargon)
        assert "opdracht" not in web, name  # Telegram's list of commands: buttons on the web


def test_every_bot_text_has_an_english_twin() -> None:
    dutch = chat_texts.constants()
    assert set(chat_texts.EN) == set(dutch), "translate new texts in web/chat_texts.py EN"
    for name, value in dutch.items():
        assert chat_texts.fields(chat_texts.EN[name]) == chat_texts.fields(value), name
        assert not COMMAND.search(chat_texts.EN[name]), name
    assert set(chat_texts.EN_THEMES) >= set(THEMES)
    assert set(chat_texts.EN_DAYS) == set(WEEKDAYS)


def test_english_sentences_replace_the_dutch_ones() -> None:
    for name, value in chat_texts.constants().items():
        if name.startswith("BTN_") or chat_texts.is_fragment(value):
            continue  # fragments: see test_the_understood_line_in_english
        filled = value.format(labels="eenzaamheid en contact", days="maandag", place="Zwolle")
        english = chat_texts.show(filled, "en")
        assert english != filled, name
    labels = texts.theme_labels(("eenzaamheid", "ontwikkeling", "rouw"))
    heard = chat_texts.show(texts.HEARD.format(labels=labels), "en")
    assert heard.endswith(
        "about: loneliness and contact, ADHD, autism and sensory overload and grief and loss."
    )
    days = chat_texts.show(texts.DAYS_CHOSEN.format(days=texts.day_list(("ma", "vr"))), "en")
    assert days.startswith("Chosen: Monday and Friday.")
    assert chat_texts.button("✓ Dinsdag", "en") == "✓ Tuesday"
    assert chat_texts.button(texts.BTN_INFO.format(n=3), "en") == "More info 3"
    assert chat_texts.button("Zwolle", "en") == "Zwolle"  # a place name stays


def test_the_understood_line_in_english() -> None:
    labels = texts.theme_labels(("eenzaamheid",))
    parts = [
        texts.HEARD_AGE.format(age=45),
        texts.HEARD_PLACE.format(place="Olst-Wijhe"),
        texts.day_list(("di", "do")),
        texts.time_list(("avond",)),
    ]
    line = texts.HEARD.format(labels=labels).rstrip(".") + " (" + ", ".join(parts) + ")."
    assert chat_texts.show(line, "en") == (
        "Thank you for telling me. I'm looking for groups about: loneliness and contact "
        "(45 years old, in Olst-Wijhe, Tuesday and Thursday, in the evening)."
    )
    words = texts.HEARD_WORDS + " (" + texts.HEARD_ONLINE + ")."
    assert chat_texts.show(words, "en") == (
        "Thank you for telling me. I'm looking for groups that fit what you write (online)."
    )
    # Fragments are translated only in that line, never in group data.
    data = "Voor iedereen vanaf 18 jaar, in Zwolle of online"
    assert chat_texts.show(data, "en") == data


def test_the_english_chat_answers_in_english(
    chat_client: FlaskClient, csrf_of: Callable[[str], str]
) -> None:
    chat_client.get(CHAT + "?lang=en")  # the site's language switch (remembered in a cookie)
    chat = WebChat(chat_client, csrf_of)
    assert chat_texts.EN["GREETING"].split(".")[0] in chat.text()
    chat.say("Ik voel me eenzaam")
    assert "I'm looking for groups about: loneliness and contact." in chat.text()
    assert "Choose an answer" in chat.page and ">Online</button>" in chat.page
    chat.say("Zwolle")
    assert "Fine, I'll look in and around Zwolle." in chat.text()
    assert ">Monday</button>" in chat.page and ">Any day</button>" in chat.page
    chat.press("day:ma")
    assert chat.you()[-1] == "Monday"
    chat.press("help")
    assert "Below the conversation there are buttons" in chat.newest()
    dutch_sentences = [
        v
        for k, v in chat_texts.constants().items()
        if not k.startswith("BTN_") and "{" not in v and not chat_texts.is_fragment(v)
    ]
    shown = chat.text()
    assert [s for s in dutch_sentences if s.split(".")[0] in shown] == []


def test_a_reply_from_group_data_is_escaped_with_working_links(chat_app: Flask) -> None:
    from web.chat import _page

    data = (
        "Aanmelden: <img src=x onerror=alert(1)> mail info@voorbeeld.nl, bel 0570-000 101 "
        'of kijk op https://voorbeeld.nl/aanmelden?a=1&b="2".\n'
        "Bij direct gevaar: bel 112. javascript:alert(1)"
    )
    shown = Transcript((Entry("bot", replies=(Reply(data, ((Button("<b>knop</b>", "x"),),)),)),))
    with chat_app.test_request_context(CHAT):
        page = _page(shown, None).get_data(as_text=True)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<a href="mailto:info@voorbeeld.nl">info@voorbeeld.nl</a>' in page
    assert '<a href="tel:0570000101">0570-000 101</a>' in page
    assert '<a href="tel:112">112</a>' in page
    assert '<a href="https://voorbeeld.nl/aanmelden?a=1&amp;b=">' in page
    assert 'href="javascript' not in page and "&lt;b&gt;knop&lt;/b&gt;</button>" in page


def test_chat_pages_are_not_cached(chat: WebChat, chat_client: FlaskClient) -> None:
    assert chat_client.get(CHAT).headers["Cache-Control"] == "no-store"
    response = chat_client.post(
        CHAT, data={"message": "eenzaam", "csrf_token": chat.csrf_of(chat.page)}
    )
    assert response.headers["Cache-Control"] == "no-store"
