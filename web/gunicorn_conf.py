"""Gunicorn settings that keep residents' words out of the access and error logs.

    gunicorn -c python:web.gunicorn_conf -w 2 -b 127.0.0.1:8000 "web:create_app()"

Gunicorn's default access log writes the full request line (search text in the
query string) and the Referer (the previous page's query); its error log quotes
malformed request lines in full. Here the access log gets method, path without
query, protocol, status, size and duration, and the error log gets the reason
of a rejected request without the raw line (DESIGN.md §6).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

from web.privacy import reason_only, safe_method, safe_path, scrub_line

# Remote address, time, method, path without query, protocol, status, bytes, milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
accesslog = "-"  # stdout; --access-logfile FILE overrides

# Atoms that never carry request text; all others (query, Referer, User-Agent,
# headers, environ) are dropped and render as "-" even if a format asks for them.
_KEPT_ATOMS = frozenset("hltsHbBTDMLp")
# handle_error's warning: "Invalid request from ip=…: Invalid HTTP request line: '…'".
_INVALID = re.compile(r"(Invalid request from ip=\S*: )(.*)", re.DOTALL)


class ErrorLogScrubber(logging.Filter):
    """Cuts raw request lines and query strings from gunicorn's error-log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        invalid = _INVALID.match(message)
        scrubbed = invalid[1] + reason_only(invalid[2]) if invalid else scrub_line(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


class PrivateLogger(Logger):
    """Gunicorn's logger with request text removed from both logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, ErrorLogScrubber) for f in self.error_log.filters):
            self.error_log.addFilter(ErrorLogScrubber())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """Only text-free atoms; method and path rebuilt from the raw line, query cut."""
        full = super().atoms(resp, req, environ, request_time)
        atoms = {key: value for key, value in full.items() if key in _KEPT_ATOMS}
        method = safe_method(str(environ.get("REQUEST_METHOD", "")))
        path = safe_path(str(environ.get("RAW_URI", "")))
        atoms.update(m=method, U=path, r=f"{method} {path} {atoms.get('H', '-')}")
        return atoms


logger_class = PrivateLogger


def post_worker_init(worker: Any) -> None:
    """Load the model, index and crisis layer before the worker takes traffic."""
    from web.services import services_of

    services_of(worker.wsgi).match_service.warm_up()
