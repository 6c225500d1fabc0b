"""The app's shared services (settings, engine, matcher), reachable from any view.

`create_app` builds one `Services` and stores it in `app.extensions`; views and
other blueprints (chat, team) read it through the accessors below instead of
importing globals.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy.engine import Engine

from catalogue.settings import Settings
from matcher.service import MatchService

KEY = "groepenwijzer"


@dataclass(frozen=True)
class Services:
    """Everything a request may need beyond Flask itself."""

    settings: Settings
    engine: Engine
    match_service: MatchService


def init_app(app: Flask, services: Services) -> None:
    """Attach the services to an app."""
    app.extensions[KEY] = services


def services_of(app: Flask) -> Services:
    """The services of an app outside a request (start-up, server hooks)."""
    found: Services = app.extensions[KEY]
    return found


def services() -> Services:
    """The services of the current app."""
    found: Services = current_app.extensions[KEY]
    return found


def engine() -> Engine:
    """The database engine of the current app."""
    return services().engine


def match_service() -> MatchService:
    """The long-lived matcher of the current app."""
    return services().match_service
