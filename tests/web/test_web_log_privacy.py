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
