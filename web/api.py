"""The read-only JSON API /api/v1 (docs/api.md): groups, match, municipalities, vocabularies.

Thin views: parse (`web.api_input`), call the catalogue's snapshot or the
matcher, serialise through the models (`web.api_output`, `web.api_models`),
the same models `web.api_spec` turns into /api/v1/openapi.json. No login;
rate-limited per client address by the app's Flask-Limiter. Every error is
JSON, `{"error": {"code", "message", "details"}}`, and bad input is a 4xx.

POST /match puts the crisis help first, from the same static source as every
front (`matcher.crisis.help`). The check runs on the words before anything
that can fail; when validation, the catalogue or the matcher fails after it,
the error answer still carries the help. The text is never stored or logged:
only anonymous monitoring facts (codes and group ids) are recorded.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from pydantic import BaseModel
from sqlalchemy.exc import DatabaseError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from catalogue.monitoring import MatchFacts, record_match
from catalogue.taxonomy import region_of
from matcher.crisis import NO_CRISIS, CrisisSignal
from matcher.service import CatalogueUnavailable
from web import api_output as out
from web.accounts import limiter_of
from web.api_input import (
    MAX_BODY,
    ApiProblem,
    crisis_words,
    decode_json,
    match_profile,
    parse_group_query,
)
from web.api_models import Error, ErrorResponse, GroupList, MatchErrorResponse, MatchResponse
from web.api_spec import PREFIX, openapi_document
from web.catalogue import public_url
from web.errors import RETRY_AFTER_SECONDS
from web.group_page import group_page
from web.search_results import ENOUGH, PAGE_SIZE, find_record, log_failure
from web.services import match_service

bp = Blueprint("api", __name__, url_prefix=PREFIX)
log = logging.getLogger(__name__)

# Flask config keys (Flask-Limiter strings), so tests and operators can change them.
READ_LIMIT = "GROEPENWIJZER_API_READ_LIMIT"  # each GET endpoint, per client address
MATCH_LIMIT = "GROEPENWIJZER_API_MATCH_LIMIT"  # POST /match, per client address
DEFAULTS = {READ_LIMIT: "120 per minute", MATCH_LIMIT: "30 per minute"}
RATE_WINDOW_SECONDS = 60
JSON = "application/json"
_ID_DIGITS = 18


@bp.record_once
def _attach(state: Any) -> None:
    """The rate limits, once per app, on the limiter of web.accounts (one storage for all)."""
    app: Flask = state.app
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    limiter = limiter_of(app)
    for key, methods in ((READ_LIMIT, ["GET", "HEAD"]), (MATCH_LIMIT, ["POST"])):
        limiter.limit(
            lambda key=key: current_app.config[key], methods=methods, key_func=get_remote_address
        )(bp)


def _json(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = model.model_dump_json()
    return Response(body, status=status, mimetype=JSON, headers=headers)


def _json_document(document: dict[str, Any]) -> Response:
    return Response(json.dumps(document, ensure_ascii=False), mimetype=JSON)


def _error_body(problem: ApiProblem, crisis: CrisisSignal | None) -> BaseModel:
    error = Error(code=problem.code, message=problem.message, details=list(problem.details))
    if request.endpoint == "api.match":  # the crisis part comes first in every answer of /match
        return MatchErrorResponse(crisis=out.crisis_help(crisis or NO_CRISIS), error=error)
    return ErrorResponse(error=error)


def _problem(problem: ApiProblem, crisis: CrisisSignal | None = None) -> Response:
    headers = {}
    if problem.status in (429, 503):
        retry = RATE_WINDOW_SECONDS if problem.status == 429 else RETRY_AFTER_SECONDS
        headers["Retry-After"] = str(retry)
    return _json(_error_body(problem, crisis), problem.status, headers)


_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _crisis_in_body() -> CrisisSignal:
    """The crisis check for a match refused before its view ran (rate limit); never raises."""
    try:
        request.max_content_length = MAX_BODY
        payload = decode_json(request.get_data())
        return match_service().detect_crisis(crisis_words(payload))
    except Exception:
        return NO_CRISIS


def _http_problem(error: HTTPException) -> Response:
    status = error.code or 500
    code = _HTTP_CODES.get(status, "http_error")
    crisis = _crisis_in_body() if status == 429 and request.endpoint == "api.match" else None
    response = _problem(ApiProblem(status, code, error.name), crisis)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(ApiProblem)
def _api_problem(problem: ApiProblem) -> Response:
    return _problem(problem)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return _http_problem(error)


@bp.errorhandler(CatalogueUnavailable)
@bp.errorhandler(DatabaseError)
def _unavailable(error: Exception) -> Response:
    log_failure("api", error)  # type and stack only: a message may quote a value
    return _problem(ApiProblem(503, "unavailable", "The catalogue cannot be read just now."))


@bp.errorhandler(Exception)
def _failure(error: Exception) -> Response:
    log_failure("api", error)
    return _problem(ApiProblem(500, "internal_error", "Something went wrong on our side."))


@bp.before_app_request
def _routing_error() -> ResponseReturnValue | None:
    """A path or method under /api/v1 that no view takes: a JSON 404 or 405, not an HTML page."""
    error = request.routing_exception
    if error is None or not request.path.startswith(PREFIX + "/"):
        return None
    if isinstance(error, HTTPException) and error.code and error.code >= 400:
        return _http_problem(error)
    return None


def _url(group_id: int) -> str:
    return public_url("catalogue.group", group_id=group_id)


@bp.get("/groups")
def list_groups() -> Response:
    """Groups passing the web's filters, one page; `modified_after` for incremental sync."""
    query = parse_group_query(request.args)
    now = datetime.now(UTC)
    listing = out.list_groups(match_service().index().records, query, now=now)
    return _json(
        GroupList(
            items=[out.group(r, url=_url(r.id), now=now) for r in listing.records],
            page=query.page,
            per_page=query.per_page,
            total=listing.total,
            pages=listing.pages,
        )
    )


@bp.get("/groups/<group_id>")
def get_group(group_id: str) -> Response:
    """One group in full (ASCII digits only: '٣' is not 3)."""
    found = (
        group_id.isascii() and group_id.isdigit() and len(group_id) <= _ID_DIGITS
        and find_record(match_service(), int(group_id)) is not None
    )  # fmt: skip
    if not found:
        raise ApiProblem(404, "not_found", "No group with this id.")
    now = datetime.now(UTC)
    page = group_page(match_service(), int(group_id), now=now)
    return _json(out.group_detail(page, url=_url(page.record.id), now=now))


@bp.get("/municipalities")
def municipalities() -> Response:
    """The GEM municipalities and their regions."""
    return _json(out.municipalities())


@bp.get("/vocabularies")
def vocabularies() -> Response:
    """Every code the API reads or writes, with its Dutch label."""
    return _json(out.vocabularies())


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document, generated from the same models the views use."""
    return _json_document(openapi_document())


@bp.post("/match")
def match() -> Response:
    """Crisis help first, then ranked, explained options for a JSON profile."""
    if request.mimetype != JSON:
        raise ApiProblem(415, "unsupported_media_type", "Send the profile as application/json.")
    request.max_content_length = MAX_BODY
    payload = decode_json(request.get_data(cache=False))
    service = match_service()
    signal = service.detect_crisis(crisis_words(payload))  # needs nothing, never raises
    try:
        question = match_profile(payload)
    except ApiProblem as problem:
        return _problem(problem, signal)
    now = datetime.now(UTC)
    try:
        result = service.match(question.profile, now=now, limit=question.limit, crisis=signal)
        answer = out.match_response(result, signal, url_of=_url, now=now)
    except Exception as exc:
        log_failure("api match", exc)
        unavailable = ApiProblem(503, "search_unavailable", "Searching is not possible just now.")
        return _problem(unavailable, signal)
    _record(question.municipality, result.themes, answer, signal)
    return _json(answer)


def _record(
    municipality: str | None,
    themes: tuple[str, ...],
    answer: MatchResponse,
    signal: CrisisSignal,
) -> None:
    """Anonymous monitoring (codes and ids, never words); a failure never breaks the answer."""
    shown = tuple(option.group.id for option in answer.options[:PAGE_SIZE])
    try:
        record_match(
            match_service().engine,
            MatchFacts(
                channel="api",
                region=region_of(municipality),
                themes=themes,
                suggested_ids=shown,
                crisis=signal.crisis,
                municipality=municipality,
                gap=len(shown) < ENOUGH and not signal.crisis,
            ),
        )
    except Exception:
        log.exception("could not record monitoring facts")
