"""Request log lines never keep a query string, not even a malformed one with spaces."""

from __future__ import annotations

import logging

import pytest

from web.privacy import QueryStringFilter


@pytest.mark.parametrize(
    "line",
    [
        '127.0.0.1 - - "GET /zoeken?q=geheim+woord&gemeente=Deventer HTTP/1.1" 200 -',
        '127.0.0.1 - - "GET /zoeken?q=geheim woord met spaties HTTP/1.1" 400 -',
        "code 400, message Bad request syntax ('GET /zoeken?q=geheim woord')",
    ],
)
def test_query_is_cut_from_log_lines(line: str) -> None:
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s", (line,), None)
    QueryStringFilter().filter(record)
    assert "geheim" not in record.getMessage()
    assert "?…" in record.getMessage()


@pytest.mark.parametrize("route", ["wachtwoord-nieuw", "uitnodiging"])
def test_account_link_tokens_are_cut_from_log_lines(route: str) -> None:
    token = "Zm9vYmFy.geheim-token-1234567890"
    line = f'127.0.0.1 - - "POST /{route}/{token} HTTP/1.1" 303 -'
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s", (line,), None)
    QueryStringFilter().filter(record)
    assert "geheim" not in record.getMessage()
    assert f"/{route}/…" in record.getMessage()
