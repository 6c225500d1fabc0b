"""Gunicorn settings: residents' words out of the logs, and slow clients that cannot freeze it.

    gunicorn -c python:web.gunicorn_conf -w 2 -b 127.0.0.1:8000 "web:create_app()"

Gunicorn's default access log writes the full request line (search text in the
query string) and the Referer (the previous page's query); its error log quotes
malformed request lines in full. Here the access log gets method, path without
query, protocol, status, size and duration, and the error log gets the reason
of a rejected request without the raw line (DESIGN.md §6).

Workers are threaded (`gthread`, THREADS each) and every read from or write to
a client gives up after READ_TIMEOUT_SECONDS of silence. With gunicorn's
default `sync` workers one connection that sent its headers and then stalled
held a whole worker until the master killed it (30 s, then the model reloads):
two such clients froze the site. Here a stalled client holds one thread for at
most READ_TIMEOUT_SECONDS, the worker's main loop keeps its heartbeat (so the
master kills nothing), and the other threads serve. A client that trickles a
byte just inside the timeout is the reverse proxy's to stop: it buffers the
whole body before gunicorn sees the request (docs/deploy.md).

The master loads the model before it forks the workers (`when_ready`), so they
share its memory instead of holding a copy each (docs/deploy.md, "Memory").
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import re
import socket
from typing import Any

from gunicorn.glogging import Logger
from gunicorn.workers.gthread import ThreadWorker

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


class SilentClientNote(logging.Filter):
    """One line, not a traceback, when a client fell silent past READ_TIMEOUT_SECONDS."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, TimeoutError) and record.msg == "Socket error processing request.":
            record.msg, record.args, record.exc_info, record.exc_text = (
                "client silent for %ss; connection closed",
                (f"{READ_TIMEOUT_SECONDS:g}",),
                None,
                None,
            )
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class PrivateLogger(Logger):
    """Gunicorn's logger with request text removed from both logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for kind in (SilentClientNote, ErrorLogScrubber):
            if not any(isinstance(f, kind) for f in self.error_log.filters):
                self.error_log.addFilter(kind())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """Only text-free atoms; method and path rebuilt from the raw line, query cut."""
        full = super().atoms(resp, req, environ, request_time)
        atoms = {key: value for key, value in full.items() if key in _KEPT_ATOMS}
        method = safe_method(str(environ.get("REQUEST_METHOD", "")))
        path = safe_path(str(environ.get("RAW_URI", "")))
        atoms.update(m=method, U=path, r=f"{method} {path} {atoms.get('H', '-')}")
        return atoms


logger_class = PrivateLogger

# Per worker: threads enough that a few stalled clients leave most of them free.
THREADS = 8
# Longest silence of a client between two reads (headers, body) or writes.
READ_TIMEOUT_SECONDS = 10.0

worker_class = "web.gunicorn_conf.BoundedThreadWorker"
threads = THREADS
keepalive = 2  # seconds an idle kept-alive connection waits (in the poller, not a thread)
timeout = 30  # heartbeat: only a worker whose main loop hangs is killed, never for a client
graceful_timeout = 30


class _ReadBoundSocket(socket.socket):
    """A client socket whose blocking mode has a timeout, so no read or write waits for ever.

    Gunicorn's gthread worker switches a client socket to blocking mode
    (`setblocking(True)`, no timeout) before it parses headers, hands the body
    to the application and writes the response.
    """

    __slots__ = ()

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(READ_TIMEOUT_SECONDS)
        else:
            super().setblocking(False)


class BoundedThreadWorker(ThreadWorker):
    """Gunicorn's thread worker with READ_TIMEOUT_SECONDS on every client read and write.

    A stalled read raises `TimeoutError` in the thread: during the headers the
    worker drops the connection (one INFO line, SilentClientNote); during the
    body the application finds it cut short and answers 400. Either way the
    thread is free again.
    """

    def handle(self, conn: Any) -> Any:
        if type(conn.sock) is socket.socket:  # a plain TCP client (TLS ends at the proxy)
            conn.sock.__class__ = _ReadBoundSocket
        return super().handle(conn)


def preload_model() -> bool:
    """Whether the master loads the model before forking (GROEPENWIJZER_PRELOAD_MODEL, on)."""
    return os.environ.get("GROEPENWIJZER_PRELOAD_MODEL", "1").strip().lower() not in (
        "0",
        "no",
        "off",
        "false",
    )


def when_ready(server: Any) -> None:
    """In the master, before the workers fork: load the model (weights and tokenizer, no inference).

    The workers then share its memory copy-on-write instead of loading a copy
    each (docs/deploy.md, "Memory"); each still runs its first inference itself
    in `post_worker_init`, because torch's thread pools must not start before a
    fork. `gc.freeze()` keeps the collector from writing to (and so copying)
    every object loaded so far. If anything fails here the workers load the
    model themselves, as without preloading, and report the error there.
    """
    _import_before_fork()
    if not preload_model():
        gc.freeze()
        return
    try:
        from catalogue.settings import Settings
        from matcher.dense import preload_embedder
        from matcher.remote_embedder import is_service_url

        settings = Settings.from_env()
        if is_service_url(settings.model):
            gc.freeze()
            return  # the model lives in the embedding service: nothing to share
        status = preload_embedder(settings.model, settings.model_cache)
    except Exception as exc:
        server.log.warning(
            "model not preloaded (%s); each worker loads its own", type(exc).__name__
        )
        return
    server.log.info("loaded before forking the workers: %s", status.message)
    gc.freeze()


# What a worker imports to serve pages, the chat, the API and the matcher.
_SHARED_MODULES = ("web", "web.api", "web.chat", "matcher.pipeline", "matcher.service")


def _import_before_fork() -> None:
    """Import the app's code and read the word lists once, in the master.

    Each worker would otherwise import them again after the fork: about 100 MiB
    per worker that are now shared copy-on-write (docs/deploy.md, "Memory").
    Only imports and read-only tables: no app, no database or Redis connection
    exists before the fork.
    """
    try:
        for name in _SHARED_MODULES:
            importlib.import_module(name)
        from matcher import word_frequency

        word_frequency.load()  # wordfreq's Dutch and English tables
    except Exception as exc:  # the workers import what they need themselves
        logging.getLogger(__name__).warning("nothing imported before the fork (%s)", exc)


def post_worker_init(worker: Any) -> None:
    """Load the model, index and crisis layer before the worker takes traffic."""
    from web.services import services_of

    services_of(worker.wsgi).match_service.warm_up()
