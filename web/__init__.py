"""The web front: public catalogue, web chat and the command line.

`create_app` is the one composition root: it takes settings (read from the
environment only when none are given), builds the engine and the matcher,
and attaches extensions and blueprints. For gunicorn: `gunicorn "web:create_app()"`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from catalogue.db import make_engine
from catalogue.settings import Settings
from matcher.service import MatchService

csrf = CSRFProtect()

# The largest id either database can hold (SQLite INTEGER, PostgreSQL BIGINT).
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` as the databases count: a larger number is no route (404), not an overflow.

    Werkzeug's converter takes any length of digits; `/beheer/groepen/<10**25>/…` then
    reached SQLite as an int it cannot bind (OverflowError, a 500).
    """

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _form_bodies_only() -> None:
    """A JSON body that is no object is a 400 on the pages (the API reads its own bodies).

    Flask-WTF reads a JSON body as form data (`MultiDict(request.get_json())`); a
    string, number or list there raised ValueError/TypeError: a 500 on every page
    with a form (POST /chat/ with `"x"` as body, found by test_random_requests.py).
    """
    if (
        request.is_json
        and not request.path.startswith("/api/")
        and not isinstance(request.get_json(silent=True), dict | None)
    ):
        abort(400)


def create_app(
    settings: Settings | None = None, *, match_service: MatchService | None = None
) -> Flask:
    """Build the Flask app for one database; pass `match_service` to share or fake the matcher."""
    from web import (
        accounts,
        advice_codes,
        api,
        beheer,
        catalogue,
        chat,
        coordination,
        dashboard,
        embedder_service,
        errors,
        health,
        i18n,
        page_cache,
        privacy,
        services,
        team,
    )

    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    if settings.proxy_hops:
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
        app.config["SESSION_COOKIE_SECURE"] = True
    if match_service is None:
        engine = make_engine(settings.database_url)
        match_service = MatchService(engine, model=settings.model, cache_dir=settings.model_cache)
    services.init_app(app, services.Services(settings, match_service.engine, match_service))

    app.before_request(_form_bodies_only)
    csrf.init_app(app)
    i18n.init_app(app)
    privacy.init_app(app)
    errors.init_app(app)
    page_cache.init_app(app)
    accounts.init_app(app)
    health.init_app(app, accounts.limiter_of(app))  # /gezond and /healthz, no rate limit

    app.register_blueprint(catalogue.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(beheer.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(advice_codes.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(coordination.bp)
    # The chat form checks its own CSRF token, after the crisis check (web/chat.py).
    csrf.exempt(chat.send)
    csrf.exempt(api.match)
    limiter = accounts.limiter_of(app)

    def internal(blueprint: Blueprint) -> None:  # token-checked, for the bot on this host
        csrf.exempt(blueprint)
        if limiter is not None:
            limiter.exempt(blueprint)

    embedder_service.serve_from_web_app(app, match_service, internal)
    return app
