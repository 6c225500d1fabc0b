"""Privacy and safety at the HTTP edge: no search text in logs, strict response headers.

The development server logs every request line, query string included; a
resident's words must never land in a log (DESIGN.md §6), so query strings
are cut from those lines.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, Response

# Everything from "?" to the protocol or the closing quote: a malformed request line may
# carry spaces inside the query ("GET /zoeken?q=ik wil dood HTTP/1.1").
_QUERY = re.compile(r"\?.*?(?=\s+HTTP/|\"|$)")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class QueryStringFilter(logging.Filter):
    """Replaces query strings in log lines by '?…'."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = _QUERY.sub("?…", message), ()
        return True


def install_log_filter(logger_name: str = "werkzeug") -> None:
    """Scrub query strings from a logger's records (once per logger)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, QueryStringFilter) for f in logger.filters):
        logger.addFilter(QueryStringFilter())


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Add the safety headers to every response and scrub the request log."""
    app.after_request(_headers)
    install_log_filter()
