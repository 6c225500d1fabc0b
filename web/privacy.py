"""Privacy and safety at the HTTP edge: no resident words in logs, strict response headers.

A request line carries the search text in its query string, and a malformed one
can carry it anywhere (in the method, in the "version", after a quote). A
resident's words must never land in a log (DESIGN.md §6), so request lines are
logged structurally: a known method, the path without query, the protocol and
the status. Error details that quote the raw request are cut to their reason.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, request
from werkzeug.serving import WSGIRequestHandler

METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"}
)
_VERSION = re.compile(r"HTTP/\d(?:\.\d)?")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PATH_END = re.compile(r"[?#\s]")
_PATH_SAFE = "/%-._~!$&()*+,;=:@"
_MAX_PATH = 200
# Paths whose last part is a single-use account link (web/accounts.py): as good as a
# password while it is valid, so the log keeps only the route.
_SECRET_PATHS = ("/wachtwoord-nieuw/", "/uitnodiging/")
# A request-log line ends with the closing quote, the status and the size.
_TAIL = re.compile(r'"\s\d{3}\s\S+\s*$')
# http.server's error lines: "code 400, message Bad request syntax ('<raw request line>')".
_CODE = re.compile(r"code \d{3}, message ")
# Where an error reason ends and its detail (a quoted or parenthesised raw value) begins.
_DETAIL = re.compile(r"\s*(?:[('\"]|:\s)")
_NUMBERS = re.compile(r"[\d <>=.,]+")
# Fallback: from a "?" to the end of the message (a raw newline must not end the cut).
_QUERY_ON = re.compile(r"\?.*", re.DOTALL)
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def safe_method(method: str) -> str:
    """The method if it is a standard one; anything else may be a resident's words."""
    return method if method in METHODS else "-"


def safe_path(target: str) -> str:
    """The path of a request target: query, fragment and link tokens cut, ASCII-escaped, capped."""
    path = _PATH_END.split(target, maxsplit=1)[0]
    if not path.startswith("/"):
        return "*" if path == "*" else "-"
    for prefix in _SECRET_PATHS:
        if path.startswith(prefix):
            return prefix + "…"
    path = quote(path, safe=_PATH_SAFE)
    return path if len(path) <= _MAX_PATH else path[:_MAX_PATH] + "..."


def request_summary(line: str) -> str:
    """'GET /zoeken?… HTTP/1.1' from a raw request line, however malformed.

    Split on whitespace, keep a known method, the path of the second word (with
    '?…' when a query was cut) and a well-formed protocol; drop everything else.
    """
    words = _ANSI.sub("", line).split()
    if not words:
        return "-"
    parts = [safe_method(words[0])]
    if len(words) > 1:
        path = safe_path(words[1])
        parts.append(path + "?…" if path != "-" and ("?" in words[1] or "#" in words[1]) else path)
    if len(words) > 2 and _VERSION.fullmatch(words[-1]):
        parts.append(words[-1])
    return " ".join(parts)


def reason_only(message: str) -> str:
    """An error message cut to its reason; a quoted request line becomes its summary.

    "Bad request syntax ('GET /zoeken?q=… …')" → "Bad request syntax (GET /zoeken?…)";
    "Invalid HTTP method: '…'" → "Invalid HTTP method".
    """
    cut = _DETAIL.search(message)
    if cut is None:
        return message
    reason, detail = message[: cut.start()], message[cut.start() :].strip(" :()'\"")
    words = detail.split()
    if words and words[0] in METHODS:
        return f"{reason} ({request_summary(detail)})"
    if _NUMBERS.fullmatch(detail):  # "Request Line is too large (8192 > 4094)"
        return f"{reason} ({detail})"
    return reason


def scrub_line(text: str) -> str:
    """A log line with no request detail left (for lines already rendered by a server)."""
    code = _CODE.search(text)
    if code:
        return text[: code.end()] + reason_only(text[code.end() :])
    tail, start = _TAIL.search(text), text.find('"')
    if tail and start < tail.start():
        line = text[start + 1 : tail.start()]
        return f"{text[: start + 1]}{request_summary(line)}{text[tail.start() :]}"
    return _QUERY_ON.sub("?…", text)


class QueryStringFilter(logging.Filter):
    """Rewrites request-log records so no query string or raw request detail remains.

    Covers werkzeug's own handler too (`flask run`); `groepenwijzer serve` also uses
    `PrivateRequestHandler`, which never formats the raw line in the first place.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_line(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


class PrivateRequestHandler(WSGIRequestHandler):
    """Development-server handler that logs method, path and status, never the raw line."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        line = getattr(self, "requestline", "")
        self.log("info", '"%s" %s %s', request_summary(line), code, size)

    def log_error(self, format: str, *args: Any) -> None:
        self.log("error", "%s", scrub_line(format % args if args else format))


def install_log_filter(logger_name: str = "werkzeug") -> None:
    """Scrub request detail from a logger's records (once per logger)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, QueryStringFilter) for f in logger.filters):
        logger.addFilter(QueryStringFilter())


# Two years, as the HSTS preload list asks; only ever sent on an HTTPS response.
HSTS = "max-age=63072000; includeSubDomains"


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        # HTTPS directly, or a trusted proxy said so (GROEPENWIJZER_PROXY_HOPS, ProxyFix).
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if _carries_input() or response.status_code >= 400:
        # Error pages repeat the requested path (the language links of a 404).
        response.headers["Cache-Control"] = "no-store"
    return response


def _carries_input() -> bool:
    """Whether the response may show what a resident typed (a query string or a form).

    Searches (/zoeken, / and their .ics), the chat and anything posted: no browser
    or proxy cache may keep them, on a shared computer or anywhere else.
    """
    return bool(request.query_string) or request.method not in ("GET", "HEAD")


def init_app(app: Flask) -> None:
    """Add the safety headers to every response and scrub the request log."""
    app.after_request(_headers)
    install_log_filter()
