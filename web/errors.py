"""Errors as calm Dutch pages: the domain errors and HTTP errors, mapped in one place."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from catalogue.errors import CatalogueError, Conflict, Forbidden, Invalid, NotFound

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
    }


def render_error(status: int, message: str = "") -> tuple[str, int]:
    """The error page for a status, with an optional Dutch message from the domain."""
    title = _titles().get(status, _("Er ging iets mis"))
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _catalogue_error(error: CatalogueError) -> tuple[str, int]:
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    return render_error(status, error.message)


def _http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error  # redirects and the like pass through
    return render_error(error.code)


def _server_error(error: Exception) -> tuple[str, int]:
    # Flask has logged the exception with its traceback; the request's text is not in it.
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers on an app."""
    app.register_error_handler(CatalogueError, _catalogue_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
