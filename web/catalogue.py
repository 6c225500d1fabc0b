"""The public catalogue: search and browse, group pages, calendars, help now.

Thin views: parse the URL, call one function, render. Filter state lives in
the URL, so every result page can be shared and the back button works.

Crisis help needs nothing that can fail: `/hulp-nu` is static, and a search
shows the crisis block even when the catalogue cannot be read (then with a
calm "try again later" and status 200; without crisis help, 503).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable

from catalogue import taxonomy
from catalogue.interchange.ical import calendar_bytes
from catalogue.records import GroupRecord
from matcher import crisis
from web import search_results as search_mod
from web.errors import RETRY_AFTER_SECONDS
from web.group_page import calendar_record, group_page
from web.page_cache import cached_page, cached_static_page
from web.search_params import Notice, SearchParams, parse_search
from web.services import match_service, services

bp = Blueprint("catalogue", __name__)


@bp.record_once
def _globals(state: object) -> None:
    app = state.app  # type: ignore[attr-defined]
    app.jinja_env.globals.update(
        taxonomy=taxonomy,
        crisis_help_for=crisis.help_for,
        help_now_contacts=crisis.HELP_NOW_CONTACTS,
        help_now_actions=crisis.HELP_NOW_ACTIONS,
        search_url=search_url,
        wider_url=wider_url,
        has_endpoint=lambda name: name in app.view_functions,
        public_url=public_url,
    )


def public_base() -> str:
    """The site's public address for links that leave the page (.ics files, share links).

    GROEPENWIJZER_BASE_URL when set; otherwise the request's own root, which a
    client chooses through the Host header (README: production must set it).
    """
    return _configured_base() or request.url_root.rstrip("/")


def public_url(endpoint: str, **values: Any) -> str:
    """A public link to one of our pages for a cached page: absolute only from the setting.

    Without GROEPENWIJZER_BASE_URL it is a path, made absolute in the browser:
    a Host header must never end up in a page that is cached for everyone.
    """
    return _configured_base() + url_for(endpoint, **values)


def _configured_base() -> str:
    return services().settings.base_url.rstrip("/")


def search_url(params: SearchParams, page: int = 1, *, calendar: bool = False) -> str:
    """The URL of a search (a page of it, or its calendar feed) keeping every filter."""
    endpoint = "catalogue.search_calendar" if calendar else "catalogue.search"
    query = urlencode(params.query_args(1 if calendar else page))
    return url_for(endpoint) + (f"?{query}" if query else "")


def wider_url(params: SearchParams, widen: str) -> str:
    """The same search with one constraint let go: "place", "days" or "online" (only online)."""
    if widen == "place":
        params = replace(params, municipality=None, online_only=False)
    elif widen == "days":
        params = replace(params, weekdays=frozenset())
    elif widen == "online":
        params = replace(params, municipality=None, online_only=True)
    return search_url(params)


@bp.app_template_filter("datum")
def _date(value: date | None, with_year: bool = True) -> str:
    """'dinsdag 1 december 2026' in the page's language."""
    if value is None:
        return ""
    return format_date(value, "EEEE d MMMM y" if with_year else "EEEE d MMMM")


@bp.app_template_filter("datum_tijd")
def _datetime(value: datetime) -> str:
    """'dinsdag 1 december 2026, 19:30' in Dutch time."""
    return format_datetime(value, "EEEE d MMMM y, HH:mm")


@bp.app_template_filter("tijd")
def _time(value: datetime) -> str:
    """'19:30' in Dutch time."""
    return format_datetime(value, "HH:mm")


@bp.get("/zoeken")
@cached_page
def search() -> ResponseReturnValue:
    """Search with words, or browse by filters; the crisis block comes first when needed."""
    params, notices = parse_search(request.args)
    now = datetime.now(UTC)
    outcome = search_mod.search(match_service(), params, now=now)
    try:
        html = _search_page(params, notices, outcome, now)
    except Exception as exc:
        if outcome.failed:
            raise
        # The results could not be shown; the crisis block and the form still can.
        search_mod.log_failure("search page", exc)
        outcome = outcome.as_failed()
        html = _search_page(params, notices, outcome, now)
    if params.text_too_long:
        return html, 400
    if outcome.failed and not outcome.crisis:
        return html, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return html, 200


def _search_page(
    params: SearchParams, notices: list[Notice], outcome: search_mod.Outcome, now: datetime
) -> str:
    return render_template(
        "catalogue/search.html",
        params=params,
        notices=notices,
        outcome=outcome,
        page=outcome.page(params.page, now),
    )


bp.add_url_rule("/", "index", search)


@bp.get("/zoeken.ics")
def search_calendar() -> Response:
    """All groups of a search as one calendar (same URL parameters as the search)."""
    params, _notices = parse_search(request.args)
    outcome = search_mod.search(match_service(), params, now=datetime.now(UTC), record=False)
    if outcome.failed:
        raise ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS)
    return _calendar(
        outcome.records[: search_mod.MAX_RESULTS],
        "groepenwijzer-zoekresultaten.ics",
        _("Groepenwijzer: zoekresultaten"),
    )


@bp.get("/groepen/<int:group_id>")
@cached_page
def group(group_id: int) -> str:
    """One group in full."""
    data = group_page(match_service(), group_id, now=datetime.now(UTC))
    return render_template("catalogue/group.html", page=data, group=data.record)


@bp.get("/groepen/<int:group_id>.ics")
def group_calendar(group_id: int) -> Response:
    """One group's meetings as a calendar file."""
    data = group_page(match_service(), group_id, now=datetime.now(UTC))
    return _calendar([data.record], f"groep-{group_id}.ics", data.record.title)


@bp.get("/hulp-nu")
@cached_static_page
def help_now() -> str:
    """Who to call or chat with right now: static, so it works when nothing else does."""
    return render_template("catalogue/help_now.html")


def _calendar(records: Iterable[GroupRecord], filename: str, name: str) -> Response:
    today = datetime.now(UTC).date()
    shown = [calendar_record(record, today) for record in records]
    body = calendar_bytes(shown, base_url=public_base(), name=name)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
