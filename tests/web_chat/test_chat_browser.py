"""The web chat in Debian's Chromium (Playwright): a whole conversation, crisis, and axe-core.

Also: the conversation stays on screen, links in replies work, the message box is a
full-width textarea, the keyboard alone is enough, an over-long message stays in the
box, English, and the chat without JavaScript.

Skips without /usr/bin/chromium unless GROEPENWIJZER_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.chat import texts
from catalogue.settings import Settings
from tests.browser_support import chromium, live_server, serious_violations
from web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_url(
    tmp_path_factory: pytest.TempPathFactory,
    chat_seeded_file: Path,
    make_chat_settings: Callable[[Path, str], Settings],
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("chat-live")
    shutil.copyfile(chat_seeded_file, folder / "live.db")
    app = create_app(make_chat_settings(folder, f"sqlite:///{folder / 'live.db'}"))
    with live_server(app) as url:
        yield f"{url}/chat/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # The CSP forbids inline scripts; axe is injected by the test, so bypass it here only.
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    yield context.new_page()
    context.close()


def send(page: Any, text: str) -> None:
    page.fill("#message", text)
    with page.expect_navigation():
        page.press("#message", "Enter")  # Enter sends the message (chat.js), not a reply button


def send_with_button(page: Any, text: str) -> None:
    page.fill("#message", text)
    with page.expect_navigation():
        page.click("#send")


def newest(page: Any) -> str:
    return str(page.inner_text("#antwoord"))


def focused(page: Any) -> str:
    return str(
        page.evaluate(
            """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return 'body';
            return el.id ? '#' + el.id : el.tagName.toLowerCase() + ':' + el.textContent.trim();
        }"""
        )
    )


def press(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).first.click()


def duplicate_ids(page: Any) -> list[str]:
    """Ids used more than once (axe reports duplicates in ARIA references only as "review")."""
    found = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    return sorted({i for i in found if found.count(i) > 1})


def test_conversation_in_the_browser(page: Any, live_url: str) -> None:
    page.goto(live_url)
    assert "anoniem" in page.inner_text("main")
    assert serious_violations(page) == []
    send(page, "Ik voel me de laatste tijd erg eenzaam")
    assert "eenzaamheid en contact" in newest(page)
    assert page.get_by_text("Hoi, fijn dat je er bent").count() == 1  # the greeting, once
    press(page, texts.BTN_ONLINE)
    press(page, texts.BTN_ANY_DAY)
    assert texts.RESULTS_INTRO in newest(page) and "Aanmelden:" in newest(page)
    # The conversation so far stays on screen, the resident's lines included.
    said = page.locator(".chat-you").all_inner_texts()
    assert [line.split("\n")[-1] for line in said] == [
        "Ik voel me de laatste tijd erg eenzaam",
        texts.BTN_ONLINE,
        texts.BTN_ANY_DAY,
    ]
    assert texts.ONLINE_SET in page.inner_text(".chat-log")
    assert serious_violations(page) == []
    press(page, texts.BTN_INFO.format(n=1))
    assert "Kosten:" in newest(page)
    assert duplicate_ids(page) == []
    assert page.evaluate("() => location.hash") == "#antwoord"
    # Links in the group's details are real links.
    links = page.locator("#antwoord .chat-text a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(h.startswith(("https://", "mailto:", "tel:")) for h in hrefs), hrefs
    assert serious_violations(page) == []


def test_the_message_box_is_a_full_width_textarea(browser: Any, live_url: str) -> None:
    for viewport in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
        context = browser.new_context(locale="nl-NL", viewport=viewport)
        page = context.new_page()
        try:
            page.goto(live_url)
            label = page.locator("label[for=message]").bounding_box()
            assert label and label["width"] > 40 and label["height"] > 10  # visibly there
            assert page.get_attribute("#message", "aria-describedby")
            sizes = page.evaluate(
                """() => {
                const box = document.getElementById('message');
                const column = box.closest('.chat');
                const style = getComputedStyle(column);
                const inner = column.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return {tag: box.tagName, box: box.getBoundingClientRect().width, column: inner,
                        main: document.querySelector('main').clientWidth};
            }"""
            )
            assert sizes["tag"] == "TEXTAREA"
            assert abs(sizes["box"] - sizes["column"]) <= 1, sizes
            assert sizes["column"] >= 0.6 * min(sizes["main"], 736), sizes  # a real column
        finally:
            context.close()


def test_keyboard_only(page: Any, live_url: str) -> None:
    page.goto(live_url)
    page.keyboard.press("Tab")
    assert focused(page).startswith("a:Ga direct naar de inhoud")
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page) == "#message":
            break
    assert focused(page) == "#message"
    page.keyboard.type("Ik voel me eenzaam")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The page opens at the newest answer: the next Tab reaches its first button.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('#antwoord') !== null")
    for _ in range(5):
        if focused(page) == f"button:{texts.BTN_ONLINE}":
            break
        page.keyboard.press("Tab")
    assert focused(page) == f"button:{texts.BTN_ONLINE}"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert texts.ASK_WHEN in newest(page)
    page.keyboard.press("Tab")
    assert focused(page) == "button:Maandag"


def test_an_overlong_message_stays_in_the_box(page: Any, live_url: str) -> None:
    page.goto(live_url)
    send(page, "eenzaam")
    message = "Ik wil graag iets vertellen over mijn week. " * 30
    send_with_button(page, message)
    assert "Je bericht is te lang" in page.inner_text(".notice")
    assert page.input_value("#message") == message
    assert page.get_attribute("#message", "aria-invalid") == "true"
    assert texts.ASK_WHERE in page.inner_text(".chat-log")  # the conversation is still there
    assert serious_violations(page) == []


def test_english_in_the_browser(page: Any, live_url: str) -> None:
    page.goto(live_url + "?lang=en")
    assert "You are anonymous here" in page.inner_text("main")
    send(page, "Ik voel me eenzaam")
    assert "I'm looking for groups about: loneliness and contact." in newest(page)
    assert page.get_by_role("button", name="Delete everything").count() == 1
    assert serious_violations(page) == []


def test_crisis_in_the_browser(page: Any, live_url: str) -> None:
    page.goto(live_url)
    send(page, "ik wil er niet meer zijn")
    crisis = page.locator("section.crisis")
    assert crisis.count() == 1 and "0800-0113" in crisis.inner_text()
    assert page.locator('a[href="tel:113"]').count() == 1
    assert serious_violations(page) == []
    send(page, "ik wil er echt niet meer zijn")  # a second block: the first one stays above
    assert page.locator("section.crisis").count() == 2
    assert page.locator("#antwoord section.crisis").count() == 1
    assert serious_violations(page) == [] and duplicate_ids(page) == []


def test_works_without_javascript(browser: Any, live_url: str) -> None:
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url)
        assert not page.locator("#enter-hint").is_visible()  # Enter sends only with chat.js
        send_with_button(page, "ik slaap slecht door stress")
        assert texts.ASK_WHERE in newest(page)
        send_with_button(page, "Zwolle")
        press(page, texts.BTN_ANY_DAY)
        assert texts.RESULTS_INTRO in newest(page)
        said = page.locator(".chat-you").all_inner_texts()
        assert [line.split("\n")[-1] for line in said] == [
            "ik slaap slecht door stress",
            "Zwolle",
            texts.BTN_ANY_DAY,
        ]
    finally:
        context.close()
