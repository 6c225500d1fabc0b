"""The coordinator's dashboard in a real browser (Debian Chromium via Playwright):
login → dashboard with charts that load under the site's CSP → axe-core finds no
serious accessibility problems → a screenshot for the issue's closing note."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from catalogue import accounts
from catalogue.db import make_engine, session_scope
from tests.browser_support import chromium, live_server, serious_violations
from tests.catalogue.dashboard_support import ORG_A, insert_fixture
from tests.web.beheer_support import PASSWORD
from web import create_app

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")
EMAIL = "coordinator-a@example.org"


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, _migrated_sqlite_file: Path, settings_for: Any
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("dashboard-live")
    shutil.copyfile(_migrated_sqlite_file, folder / "live.db")
    url = f"sqlite:///{folder / 'live.db'}"
    engine = make_engine(url)
    insert_fixture(engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        with session_scope(engine) as session:
            accounts.create_user(session, email=EMAIL, password=PASSWORD, role="coordinator",
                                 organisation=ORG_A, actor="test")  # fmt: skip
    engine.dispose()
    app = create_app(settings_for(folder, url))
    with live_server(app) as base:
        yield base
    app.extensions["groepenwijzer"].engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def test_coordinator_opens_the_dashboard(browser: Any, live: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    # axe is injected by the test; the site's CSP (rightly) forbids that, so bypass it —
    # but only after checking, with the CSP on, that the charts load and nothing is refused.
    strict = browser.new_context(locale="nl-NL")
    strict.set_default_timeout(15_000)
    page = strict.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto(f"{live}/coordinatie/")
        page.wait_for_url("**/inloggen?next=*")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.click("form.beheer-form button[type=submit]")
        page.wait_for_url("**/coordinatie/")
        assert page.locator("h1").inner_text() == "Monitoring"
        widths = page.eval_on_selector_all(
            "figure.dashboard-chart img", "images => images.map(i => i.naturalWidth)"
        )
        assert len(widths) >= 5 and all(w > 0 for w in widths)
        assert not [text for text in console if "Content Security Policy" in text]
        cookies = strict.cookies()
    finally:
        strict.close()

    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(15_000)
    context.add_cookies(cookies)
    page = context.new_page()
    try:
        page.goto(f"{live}/coordinatie/")
        assert page.locator("#tabel-kerncijfers").is_visible()
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENS / "dashboard.png"), full_page=True)

        page.fill("#van", "2025-03-02")
        page.fill("#tot", "2025-03-01")
        page.click("form.dashboard-filter button[type=submit]")
        assert "na de einddatum" in page.locator("#probleem").inner_text()
        assert serious_violations(page) == []
    finally:
        context.close()
