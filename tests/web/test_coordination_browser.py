"""The coordinator's import in a real browser (Debian Chromium via Playwright): login →
choose a file → the preview with its summary (nothing written) → "Bevestig import" →
the groups are in the catalogue; axe-core finds no serious problems on either page;
a screenshot of the preview goes to test-artifacts/coordinator-import.png."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from catalogue import accounts
from catalogue.db import make_engine, session_scope
from catalogue.models import Group, Organisation
from tests.browser_support import ARTIFACTS, chromium, live_server, serious_violations
from tests.web.beheer_support import PASSWORD
from web import create_app

pytestmark = pytest.mark.browser

EMAIL = "coordinator-a@example.org"
ORG = "Browser Organisatie Noord"


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, _migrated_sqlite_file: Path, settings_for: Any
) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("coordination-live")
    shutil.copyfile(_migrated_sqlite_file, folder / "live.db")
    url = f"sqlite:///{folder / 'live.db'}"
    engine = make_engine(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        with session_scope(engine) as session:
            session.add(Organisation(name=ORG, region="midden_ijssel"))
            session.flush()
            accounts.create_user(session, email=EMAIL, password=PASSWORD, role="coordinator",
                                 organisation=ORG, actor="test")  # fmt: skip
    engine.dispose()
    app = create_app(settings_for(folder, url))
    with live_server(app) as base:
        yield base, url
    app.extensions["groepenwijzer"].engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _groups(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return sorted(g.external_id for g in session.exec(select(Group)).all())
    finally:
        engine.dispose()


def test_import_preview_then_confirm(
    browser: Any,
    live: tuple[str, str],
    tmp_path: Path,
    make_row: Callable[..., dict[str, str]],
    csv_bytes: Callable[..., bytes],
) -> None:
    base, url = live
    sheet = tmp_path / "groepen.csv"
    sheet.write_bytes(
        csv_bytes(
            [
                make_row(external_id="br-001", organisation=ORG),
                make_row(external_id="br-002", organisation=ORG, title="Samen wandelen"),
            ]
        )
    )
    # axe is injected by the test, which the site's CSP forbids: bypass it for this context.
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{base}/coordinatie/")
        page.wait_for_url("**/inloggen?next=*")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.click("form.beheer-form button[type=submit]")
        page.wait_for_url("**/coordinatie/")
        page.click("text=Import en export")
        page.wait_for_url("**/coordinatie/import")
        page.set_input_files("#file", str(sheet))
        page.get_by_role("button", name="Controleer het bestand").click()
        page.wait_for_selector("#samenvatting")
        summary = page.locator("#samenvatting").inner_text()
        assert "Nieuwe groepen\t2" in summary or "Nieuwe groepen 2" in summary, summary
        assert _groups(url) == []  # the preview wrote nothing
        assert serious_violations(page) == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "coordinator-import.png"), full_page=True)

        page.get_by_role("button", name="Bevestig import").click()
        page.wait_for_selector("#melding")
        assert "2 nieuw, 0 gewijzigd, 0 ongewijzigd" in page.locator("#melding").inner_text()
        assert _groups(url) == ["br-001", "br-002"]
        assert serious_violations(page) == []
    finally:
        context.close()
