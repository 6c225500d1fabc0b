"""Real browser tests: Debian's Chromium driven by Playwright against a live local server.

Covers the resident's flow (search → filter → open a group → download the .ics),
the same flow with the keyboard only, the site without JavaScript, screenshots
saved to test-artifacts/, and axe-core accessibility checks.

Without /usr/bin/chromium these tests skip, unless GROEPENWIJZER_REQUIRE_BROWSER=1
(CI), when they fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from catalogue.settings import Settings
from tests.browser_support import ARTIFACTS, AXE, chromium, live_server
from web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_file: Path,
    settings_for: Callable[[Path, str], Settings],
) -> Iterator[str]:
    """The app on a werkzeug server on 127.0.0.1 (free port), in a background thread."""
    folder = tmp_path_factory.mktemp("live")
    shutil.copyfile(_seeded_file, folder / "live.db")
    app = create_app(settings_for(folder, f"sqlite:///{folder / 'live.db'}"))
    with live_server(app) as url:
        yield url
    app.extensions["groepenwijzer"].engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _context(browser: Any, **options: Any) -> Any:
    context = browser.new_context(locale="nl-NL", accept_downloads=True, **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = _context(browser)
    yield context.new_page()
    context.close()


def _parse_download(download: Any) -> Calendar:
    path = download.path()
    assert path is not None
    return Calendar.from_ical(Path(path).read_bytes())


def _focused(page: Any) -> str:
    """A short description of the focused element: #id, .class or tag:text."""
    return str(
        page.evaluate(
            """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return 'body';
            if (el.id) return '#' + el.id;
            if (el.classList.length) return '.' + el.classList[0];
            return el.tagName.toLowerCase() + ':' + el.textContent.trim().slice(0, 30);
        }"""
        )
    )


def _tab_until(page: Any, selector: str, limit: int = 40) -> int:
    """Press Tab until the focused element matches `selector`; return the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never got focus in {limit} tabs (last: {_focused(page)})")


def test_search_filter_open_group_and_download_calendar(page: Any, base_url: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Vind een groep die bij je past"
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)

    page.fill("#q", "ik voel me eenzaam")
    page.click("button[type=submit]")
    page.wait_for_url("**/zoeken?q=ik+voel+me+eenzaam*")
    assert "passen bij wat je schrijft" in page.locator("#results-title").inner_text()

    page.select_option("#gemeente", "Deventer")
    page.check("#zonder_verwijzing")
    page.click("button[type=submit]")
    page.wait_for_url("**gemeente=Deventer*")
    assert page.input_value("#q") == "ik voel me eenzaam"
    assert page.input_value("#gemeente") == "Deventer"
    assert page.is_checked("#zonder_verwijzing")
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

    first = page.locator(".card-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/groepen/*")
    assert page.locator("h1").inner_text() == title
    page.screenshot(path=str(ARTIFACTS / "group.png"), full_page=True)

    with page.expect_download() as info:
        page.click("a[href$='.ics']")
    calendar = _parse_download(info.value)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [title]

    page.go_back()  # filter state lives in the URL: the back button restores the results
    page.wait_for_url("**gemeente=Deventer*")
    assert page.locator(".card-title a").first.inner_text() == title


def test_keyboard_only_flow(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert _focused(page) == ".skip-link"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert _focused(page) == "#inhoud"
    page.keyboard.press("Tab")
    assert _focused(page) == "#q"
    page.keyboard.type("eenzaam")
    page.keyboard.press("Tab")
    assert _focused(page) == "#gemeente"
    page.keyboard.type("Deventer")  # type-ahead on a closed select, as keyboard users do
    assert page.input_value("#gemeente") == "Deventer"
    stops = [_focused(page)]
    for _ in range(6):
        page.keyboard.press("Tab")
        stops.append(_focused(page))
    assert stops == [
        "#gemeente",
        "#domein",
        "#dag",
        "#doelgroep",
        "#zonder_verwijzing",
        "#open",
        ".button",
    ]
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=eenzaam&gemeente=Deventer*")

    # On the results page: skip link first, then header and form, then the results.
    page.keyboard.press("Tab")
    assert _focused(page) == ".skip-link"
    presses = _tab_until(page, ".card-title a")
    assert presses >= 12  # every form control comes before the first result
    title = page.evaluate("() => document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url("**/groepen/*")
    assert page.locator("h1").inner_text() == title

    _tab_until(page, "a[href$='.ics']")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    calendar = _parse_download(info.value)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [title]


def test_help_now_is_reached_by_keyboard_early(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    presses = _tab_until(page, ".help-link", limit=8)
    assert presses <= 6
    page.keyboard.press("Enter")
    page.wait_for_url("**/hulp-nu")
    assert "113" in page.locator("main").inner_text()


def test_site_works_without_javascript(browser: Any, base_url: str) -> None:
    context = _context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        page.fill("#q", "rouw")
        page.select_option("#domein", "zelfhulp")
        page.click("button[type=submit]")
        page.wait_for_url("**domein=zelfhulp*")
        assert page.locator(".card-title a").count() > 0
        page.locator(".card-title a").first.click()
        page.wait_for_url("**/groepen/*")
        assert page.locator("[data-share]").is_hidden()  # the JS-only button stays hidden
        with page.expect_download() as info:
            page.click("a[href$='.ics']")
        assert list(_parse_download(info.value).walk("VEVENT"))
    finally:
        context.close()


def test_copy_link_enhancement_appears_with_javascript(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.locator(".card-title a").first.click()
    page.wait_for_url("**/groepen/*")
    page.wait_for_load_state("load")
    assert page.locator("[data-share]").is_visible()


def test_mobile_layout_screenshot(browser: Any, base_url: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = _context(browser, viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, "the page scrolls sideways on a phone"
        page.screenshot(path=str(ARTIFACTS / "home-mobile.png"), full_page=False)
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/zoeken?q=eenzaam&gemeente=Deventer",
        "/groepen/{group}",
        "/hulp-nu",
        "/zoeken?gemeente=Deventr&q=ik+wil+niet+meer+leven",
        "/groepen/999999",
    ],
)
def test_no_serious_accessibility_violations(browser: Any, base_url: str, path: str) -> None:
    # The page's CSP forbids inline scripts; axe is injected by the test, so bypass it here.
    context = _context(browser, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        group = page.locator(".card-title a").first.get_attribute("href").rsplit("/", 1)[1]
        page.goto(base_url + path.format(group=group))
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        for violation in serious:
            print(violation["id"], violation["impact"], violation["help"])
            for node in violation["nodes"][:5]:
                print("   ", node["target"], node.get("failureSummary", ""))
        assert serious == []
    finally:
        context.close()
