"""The schedule editor and a cancelled meeting in a real browser (Debian Chromium via Playwright):
login → type a schedule in Dutch → preview → save → cancel one meeting → the public group page
says "gaat de groep niet door" and the .ics has an EXDATE for that date; axe-core finds no
serious accessibility problems on the pages on the way."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from icalendar import Calendar

from catalogue import accounts
from catalogue.db import make_engine
from catalogue.schedules import AMSTERDAM, dutch_date
from catalogue.settings import Settings
from tests.browser_support import ARTIFACTS, chromium, live_server, serious_violations
from tests.web.beheer_support import PASSWORD, World, make_world
from web import create_app

pytestmark = pytest.mark.browser

TYPED = "elke dinsdag 10:00–12:00 vanaf 6 januari, 8 bijeenkomsten"
REASON = "De begeleider is op cursus"


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_file: Path,
    settings_for: Callable[[Path, str], Settings],
) -> Iterator[tuple[str, World]]:
    folder = tmp_path_factory.mktemp("schedule-live")
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


def _exdates(ics: bytes) -> set[datetime]:
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert "RRULE" in event
    found = event.get("EXDATE", [])
    found = found if isinstance(found, list) else [found]
    return {when.dt for item in found for when in item.dts}


def test_edit_schedule_then_cancel_a_meeting(browser: Any, live: tuple[str, World]) -> None:
    base, world = live
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="nl-NL", bypass_csp=True)  # axe is injected
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{base}/inloggen")
        page.fill("#email", world.emails["facilitator_a"])
        page.fill("#password", PASSWORD)
        page.click("form.beheer-form button[type=submit]")
        page.wait_for_url("**/beheer/")

        page.goto(f"{base}/beheer/groepen/{world.group_id}")
        page.fill("#schedule_text", TYPED)
        page.click("button:has-text('Bekijk het rooster')")
        page.wait_for_url(f"**/beheer/groepen/{world.group_id}/rooster")
        preview = page.locator("#rooster-voorbeeld").inner_text()
        assert preview.startswith("Dat wordt: elke dinsdag van 10:00 tot 12:00, 8 keer, van ")
        assert "eerste bijeenkomsten: dinsdag " in preview
        assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "beheer-schedule-preview.png"), full_page=True)

        page.click("button:has-text('Ja, sla dit rooster op')")
        page.wait_for_url(f"**/beheer/groepen/{world.group_id}")
        assert "Het rooster is opgeslagen" in page.locator("#melding").inner_text()
        assert serious_violations(page) == []

        # Every coming meeting is now a Tuesday 10:00 of the new schedule; cancel the first.
        first = page.locator("button[name=day]").first
        day = date.fromisoformat(str(first.get_attribute("value")))
        assert day.weekday() == 1
        page.fill("#reason", REASON)
        first.click()
        page.wait_for_url(f"**/beheer/groepen/{world.group_id}")
        assert "gaat de groep niet door" in page.locator("#melding").inner_text()
        page.screenshot(path=str(ARTIFACTS / "beheer-schedule-saved.png"), full_page=True)

        # The public page (its index refreshes within seconds) says so, with the reason.
        said = f"Op {dutch_date(day)} gaat de groep niet door ({REASON})."
        deadline = time.monotonic() + 20
        while True:
            page.goto(f"{base}/groepen/{world.group_id}")
            notes = page.locator(".cancelled").all_inner_texts()
            if any(said in note for note in notes) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert any(said in note for note in notes), notes
        assert "10:00" in page.locator("ol.meetings").inner_text()
        assert serious_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "group-cancelled-meeting.png"), full_page=True)

        ics = page.request.get(f"{base}/groepen/{world.group_id}.ics")
        assert ics.status == 200
        assert datetime.combine(day, datetime.min.time().replace(hour=10), AMSTERDAM) in (
            _exdates(ics.body())
        )
    finally:
        context.close()
