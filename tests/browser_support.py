"""Shared by the browser tests: Debian's Chromium via Playwright, a live local server, axe-core.

Without /usr/bin/chromium (or axe-core from npm) browser tests skip with the
reason shown, unless GROEPENWIJZER_REQUIRE_BROWSER=1 (CI), when they fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
# Without the background-networking flags Chromium keeps dialling out on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def unavailable(reason: str) -> None:
    """Skip, or fail when the browser is required (CI)."""
    if os.environ.get("GROEPENWIJZER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (GROEPENWIJZER_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (no downloaded browser)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found: install Debian's chromium package")
    if not AXE.exists():
        unavailable(f"{AXE} not found: run `npm install`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve the app with werkzeug on 127.0.0.1 (a free port) in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (empty: none)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} {[node['target'] for node in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
