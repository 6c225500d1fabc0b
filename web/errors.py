"""Errors as calm Dutch pages: the domain errors and HTTP errors, mapped in one place.

A catalogue that cannot be read (database down, file damaged, lock held) is a
503 with "try again in a few minutes", never a 500: it is not the visitor's
fault and it passes.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from sqlalchemy.exc import DatabaseError, DataError, IntegrityError, ProgrammingError
from werkzeug.exceptions import HTTPException

from catalogue.errors import CatalogueError, Conflict, Forbidden, Invalid, NotFound
from matcher.service import CatalogueUnavailable

log = logging.getLogger(__name__)

STATUS: dict[type[CatalogueError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Invalid: 400,
    Conflict: 409,
}


def _titles() -> dict[int, str]:
    return {
        400: _("Dit verzoek klopt niet helemaal"),
        403: _("Dit mag helaas niet"),
        404: _("Deze pagina bestaat niet"),
        405: _("Dit verzoek klopt niet helemaal"),
        409: _("Iemand anders was je net voor"),
        413: _("Dit verzoek is te groot"),
        414: _("Dit adres is te lang"),
        500: _("Er ging iets mis aan onze kant"),
        503: _("Dit lukt nu even niet"),
    }


# Seconds a client is asked to wait after a 503.
RETRY_AFTER_SECONDS = 60
# Database errors that mean "our code or data is wrong" rather than "the database is away".
_NOT_AN_OUTAGE = (IntegrityError, DataError, ProgrammingError)

ErrorPage = tuple[str, int] | tuple[str, int, dict[str, str]]


def render_error(status: int, message: str = "") -> tuple[str, int]:
    """The error page for a status, with an optional Dutch message from the domain."""
    title = _titles().get(status, _("Er ging iets mis"))
    return render_template("errors/error.html", status=status, title=title, message=message), status


def unavailable() -> tuple[str, int, dict[str, str]]:
    """The calm 503 page: the catalogue cannot be read just now."""
    body, status = render_error(503)
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _catalogue_error(error: CatalogueError) -> tuple[str, int]:
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    return render_error(status, error.message)


def _http_error(error: HTTPException) -> ErrorPage | HTTPException:
    if error.code is None or error.code < 400:
        return error  # redirects and the like pass through
    body, status = render_error(error.code)
    retry = dict(error.get_headers()).get("Retry-After")
    return (body, status, {"Retry-After": retry}) if retry else (body, status)


def _catalogue_unavailable(error: CatalogueUnavailable) -> ErrorPage:
    # The matcher service has logged the cause.
    return unavailable()


def _database_error(error: DatabaseError) -> ErrorPage:
    # An outage is logged by type only: it repeats on every request while it lasts.
    if isinstance(error, _NOT_AN_OUTAGE):
        log.error("database error (%s)", type(error).__name__, exc_info=error)
        return render_error(500)
    log.warning("database unavailable (%s)", type(error).__name__)
    return unavailable()


def _server_error(error: Exception) -> tuple[str, int]:
    # Flask has logged the exception with its traceback; the request's text is not in it.
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers on an app."""
    app.register_error_handler(CatalogueError, _catalogue_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CatalogueUnavailable, _catalogue_unavailable)
    app.register_error_handler(DatabaseError, _database_error)
    app.register_error_handler(500, _server_error)
