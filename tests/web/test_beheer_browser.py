"""The facilitator's flow in a real browser (Debian Chromium via Playwright):
login → cancel a meeting → the date is gone from the public group page → logout,
with axe-core finding no serious accessibility problems on the beheer pages."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from catalogue import accounts
from catalogue.db import make_engine
from catalogue.settings import Settings
from tests.browser_support import ARTIFACTS, chromium, live_server, serious_violations
from tests.web.beheer_support import PASSWORD, World, make_world
from web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_file: Path,
    settings_for: Callable[[Path, str], Settings],
) -> Iterator[tuple[str, World]]:
    folder = tmp_path_factory.mktemp("beheer-live")
    shutil.copyfile(_seeded_file, folder / "live.db")
    url = f"sqlite:///{folder / 'live.db'}"
    engine = make_engine(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        world = make_world(engine)
    engine.dispose()
    app = create_app(settings_for(folder, url))
    with live_server(app) as base:
        yield base, world
    app.extensions["groepenwijzer"].engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _meetings(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("ol.meetings li").all_inner_texts()]


def test_login_cancel_a_meeting_and_logout(browser: Any, live: tuple[str, World]) -> None:
    base, world = live
    ARTIFACTS.mkdir(exist_ok=True)
    # axe is injected by the test; the site's CSP (rightly) forbids that, so bypass it.
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{base}/groepen/{world.group_id}")
        before = _meetings(page)
        assert len(before) >= 2

        page.goto(f"{base}/beheer/")
        page.wait_for_url("**/inloggen?next=*")
        assert serious_violations(page) == []
        page.fill("#email", world.emails["facilitator_a"])
        page.fill("#password", "verkeerd-wachtwoord")
        page.click("form.beheer-form button[type=submit]")
        assert "klopt niet" in page.locator("#login-probleem").inner_text()
        assert page.get_attribute("#email", "aria-describedby") == "login-probleem"
        assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "beheer-login.png"), full_page=True)

        page.fill("#password", PASSWORD)
        page.click("form.beheer-form button[type=submit]")
        page.wait_for_url("**/beheer/")
        assert page.locator("h1").inner_text() == "Mijn groepen"
        assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "beheer-overview.png"), full_page=True)

        page.click(f"a[href='/beheer/groepen/{world.group_id}']")
        page.wait_for_url(f"**/beheer/groepen/{world.group_id}")
        assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "beheer-group.png"), full_page=True)

        page.fill("#reason", "De begeleider is ziek")
        page.click(f"button[name=day][value='{world.days[0]}']")
        page.wait_for_url(f"**/beheer/groepen/{world.group_id}")
        assert "gaat de groep niet door" in page.locator("#melding").inner_text()
        assert page.locator(f"button[name=day][value='{world.days[0]}']").count() == 0
        assert serious_violations(page) == []

        # The public page (its index refreshes within seconds) no longer shows the date.
        deadline = time.monotonic() + 15
        while True:
            page.goto(f"{base}/groepen/{world.group_id}")
            after = _meetings(page)
            if before[0] not in after or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert before[0] not in after
        assert before[1] in after

        page.goto(f"{base}/beheer/")
        page.click("nav.beheer-bar button[type=submit]")
        page.wait_for_url("**/inloggen")
        assert "Je bent uitgelogd" in page.locator("#melding").inner_text()
        page.goto(f"{base}/beheer/")
        page.wait_for_url("**/inloggen?next=*")
    finally:
        context.close()
