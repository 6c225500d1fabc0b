"""The web chat in Debian's Chromium (Playwright): a whole conversation, crisis, and axe-core.

Skips without /usr/bin/chromium unless GROEPENWIJZER_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from catalogue.settings import Settings
from tests.browser_support import AXE, chromium, live_server
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
        page.press("#message", "Enter")  # Enter sends the message, not a reply button


def press(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).first.click()


def serious_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_conversation_in_the_browser(page: Any, live_url: str) -> None:
    page.goto(live_url)
    assert "anoniem" in page.inner_text("main")
    assert serious_violations(page) == []
    send(page, "Ik voel me de laatste tijd erg eenzaam")
    assert "eenzaamheid en contact" in page.inner_text("main")
    press(page, texts.BTN_ONLINE)
    press(page, texts.BTN_ANY_DAY)
    main = page.inner_text("main")
    assert texts.RESULTS_INTRO in main and "Aanmelden:" in main
    assert serious_violations(page) == []
    press(page, texts.BTN_INFO.format(n=1))
    assert "Kosten:" in page.inner_text("main")
    assert page.evaluate("() => location.hash") == "#antwoord"


def test_crisis_in_the_browser(page: Any, live_url: str) -> None:
    page.goto(live_url)
    send(page, "ik wil er niet meer zijn")
    crisis = page.locator("section.crisis")
    assert crisis.count() == 1 and "0800-0113" in crisis.inner_text()
    assert page.locator('a[href="tel:113"]').count() == 1
    assert serious_violations(page) == []


def test_works_without_javascript(browser: Any, live_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url)
        send(page, "ik slaap slecht door stress")
        assert texts.ASK_WHERE in page.inner_text("main")
        send(page, "Zwolle")
        press(page, texts.BTN_ANY_DAY)
        assert texts.RESULTS_INTRO in page.inner_text("main")
    finally:
        context.close()
