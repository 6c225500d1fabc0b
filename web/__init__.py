"""The web front: public catalogue, web chat and the command line.

`create_app` is the one composition root: it takes settings (read from the
environment only when none are given), builds the engine and the matcher,
and attaches extensions and blueprints. For gunicorn: `gunicorn "web:create_app()"`.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from catalogue.db import make_engine
from catalogue.settings import Settings
from matcher.service import MatchService

csrf = CSRFProtect()


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
        dashboard,
        errors,
        i18n,
        page_cache,
        privacy,
        services,
        team,
    )

    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_path))
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

    csrf.init_app(app)
    i18n.init_app(app)
    privacy.init_app(app)
    errors.init_app(app)
    page_cache.init_app(app)
    accounts.init_app(app)

    app.register_blueprint(catalogue.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(beheer.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(advice_codes.bp)
    app.register_blueprint(dashboard.bp)
    # The chat form checks its own CSRF token, after the crisis check (web/chat.py).
    csrf.exempt(chat.send)
    csrf.exempt(api.match)
    return app
