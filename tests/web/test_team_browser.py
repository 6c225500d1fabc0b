"""The VG team's flow in a real browser (Debian Chromium via Playwright), on SQLite and
PostgreSQL: fill in → pick options → print, counted in steps, axe-checked on every page,
once with JavaScript and once without."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from catalogue import accounts
from catalogue.db import make_engine, session_scope
from catalogue.models import Advice
from catalogue.seed import seed
from catalogue.settings import Settings
from seed_groups import seed_csv
from tests.browser_support import ARTIFACTS, chromium, live_server, serious_violations
from tests.support import today
from tests.web.beheer_support import PASSWORD, World, make_world
from web import create_app

pytestmark = pytest.mark.browser
MARKER = "Ijsvogelpad-5521"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def live(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_file: Path,
    settings_for: Callable[[Path, str], Settings],
) -> Iterator[tuple[str, World, str, str]]:
    folder = tmp_path_factory.mktemp(f"team-live-{request.param}")
    if request.param == "sqlite":
        shutil.copyfile(_seeded_file, folder / "live.db")
        url = f"sqlite:///{folder / 'live.db'}"
    else:
        url = _pg_copy(request)
    engine = make_engine(url)
    if request.param == "postgres":
        seed(engine, seed_csv(today=today()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        world = make_world(engine)
    engine.dispose()
    app = create_app(settings_for(folder, url))
    with live_server(app) as base:
        yield base, world, url, request.param
    app.extensions["groepenwijzer"].engine.dispose()


def _pg_copy(request: pytest.FixtureRequest) -> str:
    """A fresh migrated PostgreSQL database for this module (dropped by its fixture)."""
    from tests.conftest import _pg_database, _pg_url_of

    server = request.getfixturevalue("_pg_server")
    template = request.getfixturevalue("_pg_migrated_template")
    database = _pg_database(server, template)
    name = database.__enter__()
    request.addfinalizer(lambda: database.__exit__(None, None, None))
    return _pg_url_of(server, name)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_summary_to_printed_advice_in_three_steps(
    browser: Any, live: tuple[str, World, str, str], javascript: bool
) -> None:
    base, world, url, backend = live
    ARTIFACTS.mkdir(exist_ok=True)
    shots = f"{backend}-{'js' if javascript else 'nojs'}"
    context = browser.new_context(locale="nl-NL", bypass_csp=True, java_script_enabled=javascript)
    context.set_default_timeout(20_000)
    page = context.new_page()
    steps = 0
    try:
        page.goto(f"{base}/inloggen?next=/team/")
        page.fill("#email", world.emails["team"])
        page.fill("#password", PASSWORD)
        page.click("form.beheer-form button[type=submit]")
        page.wait_for_url("**/team/")
        if javascript:
            assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / f"team-form-{shots}.png"), full_page=True)

        # Step 1: fill in and send (by keyboard: the button is reachable and works with Enter).
        page.fill(
            "#samenvatting",
            "Inwoner is na een scheiding alleen komen te wonen, voelt zich somber en eenzaam "
            f"en wil graag onder de mensen komen. {MARKER}",
        )
        page.check("#context-relationeel_anderen")
        page.check("#context-levensfase")
        page.check("#dimensie-meedoen")
        page.fill("#gemeente", "Deventer")
        page.focus("form.beheer-form button[type=submit]")
        page.keyboard.press("Enter")
        steps += 1
        page.wait_for_url("**/team/opties")
        options = page.locator("input[name=kies]")
        assert options.count() >= 3
        if javascript:
            assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / f"team-options-{shots}.png"), full_page=True)

        # Step 2: pick two options and the kind of advice, then make the advice.
        titles = [page.locator(f"label[for='{options.nth(i).get_attribute('id')}']").inner_text()
                  for i in range(2)]  # fmt: skip
        options.nth(0).check()
        options.nth(1).check()
        page.check("#categorie-brede_sociale_basis")
        page.fill("#kort", "Aanmelden bij een ontmoetingsgroep in de wijk.")
        page.click("text=Maak het advies")
        steps += 1
        page.wait_for_url("**/team/advies")
        advice = page.locator("article.advice")
        text = advice.inner_text()
        for part in ("1. Wat u zelf kunt doen", "2. Welke steun", "3. Groepen en hoe u erin komt"):
            assert part in text
        for title in titles:
            assert title in text
        code = page.locator(".advice-code").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
        if javascript:
            assert serious_violations(page) == []
            assert page.locator(".print-button").is_visible()
        else:
            assert not page.locator(".print-button").is_visible()  # the browser's own print

        # Step 3: print. The print view hides the navigation and the instructions.
        page.emulate_media(media="print")
        steps += 1
        assert not page.locator("nav.beheer-bar").is_visible()
        assert not page.locator(".no-print").first.is_visible()
        assert code in advice.inner_text()
        page.screenshot(path=str(ARTIFACTS / f"team-advice-print-{shots}.png"), full_page=True)
        if javascript:  # "opslaan als pdf" through the print dialog, as a team would
            page.pdf(path=str(ARTIFACTS / f"team-advice-{shots}.pdf"))
        assert steps == 3

        engine = make_engine(url)
        try:
            with session_scope(engine) as s:
                stored = s.exec(select(Advice).where(Advice.code == code)).one()
                assert stored.contexts == ["relationeel_anderen", "levensfase"]
                assert MARKER not in repr(stored.model_dump())
        finally:
            engine.dispose()
    finally:
        context.close()
