"""Coordinator pages (/coordinatie): the monitoring dashboard and its CSV download.

Thin views over catalogue.dashboard: parse the period and region from the query
string (bad values → the page again with a Dutch message, 400), ask the domain
for the figures (it decides which regions an account may see: Forbidden → 403),
and render the tables with their server-side charts. Only coordinators and
admins get in; the figures are anonymous counts, but the pages are still
`no-store`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from catalogue import dashboard
from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.errors import Forbidden, Invalid
from catalogue.models import User
from catalogue.schedules import AMSTERDAM
from web import services
from web.accounts import same_origin_referrer
from web.dashboard_tables import csv_text, number_text, region_label, tables

bp = Blueprint("dashboard", __name__, url_prefix="/coordinatie")
bp.after_request(same_origin_referrer)
log = logging.getLogger(__name__)

DEFAULT_DAYS = 90
FIRST_YEAR, LAST_YEAR = 2000, 2100
ALL_REGIONS = "alle"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only: no "٢٠٢٥"


@dataclass(frozen=True)
class Query:
    """What the coordinator asked for: the first and last day (inclusive) and a region."""

    first: date
    last: date
    region: str | None


def _day(raw: str, name: str) -> date:
    problem = Invalid(f"De datum bij '{name}' klopt niet. Schrijf hem als 2025-03-31.")
    if not _ISO_DATE.fullmatch(raw):
        raise problem
    try:
        day = date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
    except ValueError:
        raise problem from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Invalid(f"Kies bij '{name}' een datum tussen {FIRST_YEAR} en {LAST_YEAR}.")
    return day


def parse_query(args: Mapping[str, str], *, today: date) -> Query:
    """The period and region from the query string; Invalid (Dutch) on a bad value.

    Default: the last 90 days up to and including today; `tot` is inclusive.
    """
    raw_first, raw_last = args.get("van", "").strip(), args.get("tot", "").strip()
    last = _day(raw_last, "tot en met") if raw_last else today
    first = _day(raw_first, "van") if raw_first else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise Invalid("De begindatum ligt na de einddatum. Draai ze om.")
    region = args.get("regio", "").strip()
    if region in ("", ALL_REGIONS):
        return Query(first, last, None)
    if region not in tx.REGIONS:
        raise Invalid("Deze regio kennen we niet. Kies een regio uit de lijst.")
    return Query(first, last, region)


def _user(db: Any) -> User | None:
    # Flask-Login's login_required lets OPTIONS through: an anonymous one is refused (403).
    if not current_user.is_authenticated:
        return None
    found: User | None = db.get(User, current_user.id)
    return found


def _today() -> date:
    return datetime.now(AMSTERDAM).date()


@bp.before_request
@login_required
def _coordinators_only() -> None:
    """Only coordinators and admins; everyone else gets 403, anonymous visitors the login."""
    with session_scope(services.engine()) as db:
        try:
            dashboard.scope_of(db, _user(db))
        except Forbidden:
            log.warning(
                "dashboard refused",
                extra={"event": "authz.refused", "user_id": getattr(current_user, "id", None)},
            )
            raise


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _board(query: Query) -> tuple[dashboard.Dashboard, dashboard.Scope]:
    with session_scope(services.engine()) as db:
        user = _user(db)
        board = dashboard.dashboard_for(
            db,
            user=user,
            start=query.first,
            end=query.last + timedelta(days=1),
            region=query.region,
        )
        return board, dashboard.scope_of(db, user)


def _scope() -> dashboard.Scope:
    with session_scope(services.engine()) as db:
        return dashboard.scope_of(db, _user(db))


@bp.get("/")
def overview() -> ResponseReturnValue:
    """The dashboard for the period and region in the query string."""
    try:
        query = parse_query(request.args, today=_today())
    except Invalid as error:
        page = render_template(
            "dashboard/overview.html",
            board=None,
            problem=error.message,
            values=request.args,
            regions=_region_choices(_scope()),
        )
        return page, 400
    board, scope = _board(query)
    values = {
        "van": query.first.isoformat(),
        "tot": query.last.isoformat(),
        "regio": board.region or ALL_REGIONS,
    }
    return render_template(
        "dashboard/overview.html",
        board=board,
        problem="",
        values=values,
        regions=_region_choices(scope),
        tables=tables(board),
        region_name=region_label(board.region),
        number=number_text,
        last_day=query.last,
    )


def _region_choices(scope: dashboard.Scope) -> list[tuple[str, str]]:
    choices = [(code, tx.REGIONS[code]) for code in scope.regions]
    return [(ALL_REGIONS, "Alle regio's"), *choices] if scope.everything else choices


@bp.get("/export.csv")
def export() -> ResponseReturnValue:
    """The same figures as the page, one per line, as a CSV download."""
    try:
        query = parse_query(request.args, today=_today())
    except Invalid as error:
        return Response(error.message + "\n", 400, mimetype="text/plain")
    board, _ = _board(query)
    name = f"monitoring-{query.first.isoformat()}-{query.last.isoformat()}"
    name += f"-{board.region}.csv" if board.region else ".csv"
    response = Response(csv_text(board, tables(board)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
