"""What the JSON API reads: query parameters and match bodies, checked before anything runs.

Plain logic without Flask. The filters of GET /groups are parsed by the public
search's own parser (`web.search_params`), so the API and the pages share one
vocabulary and one set of rules; where the pages drop an unknown value with a
notice, the API answers 400 and names it. Numbers and dates are read with
explicit ASCII rules: Unicode digits ('²', '٣') never become a number.

A match body is read in two steps: `crisis_words` takes the words out of any
JSON object first (the crisis check runs on them before validation can fail),
then `match_profile` validates the whole body into a matcher Profile.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import ValidationError

from catalogue import taxonomy as tx
from matcher.profile import Constraints, Profile, validate_profile
from web.api_models import MAX_PAGE, MAX_PER_PAGE, ErrorDetail, GroupListQuery, MatchRequest
from web.search_params import MultiArgs, Notice, SearchParams, clean_text, parse_search

# Largest match body: 5,000 + 2,000 characters, each up to 12 bytes as JSON escapes.
MAX_BODY = 128 * 1024
DEFAULT_PER_PAGE = 20
QUERY_NAMES = frozenset(GroupListQuery.model_fields)
_SHOWN = 60
_NUMBER = re.compile(r"[0-9]{1,6}", flags=re.ASCII)
_MOMENT = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[Tt ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<zone>[Zz]|[+ -][0-9]{2}(?::?[0-9]{2})?)?)?",
    flags=re.ASCII,
)


class ApiProblem(Exception):
    """A request the API cannot answer: HTTP status, error code, message and field details."""

    def __init__(
        self, status: int, code: str, message: str, details: Sequence[ErrorDetail] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = tuple(details)


class QueryArgs(MultiArgs, Protocol):
    """The query string as werkzeug gives it (names and repeated values)."""

    def keys(self) -> Any: ...


@dataclass(frozen=True)
class GroupQuery:
    """A checked GET /groups request."""

    params: SearchParams
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    modified_after: datetime | None = None


def _shown(value: str) -> str:
    return clean_text(value)[:_SHOWN]


def _notice_detail(notice: Notice) -> ErrorDetail:
    message = f"unknown value '{notice.value}'"
    if notice.suggestions:
        message += f"; did you mean {' or '.join(notice.suggestions)}?"
    return ErrorDetail(field=notice.field, message=message)


def _first(args: MultiArgs, name: str) -> str | None:
    values = args.getlist(name)
    return values[0] if values else None


def _number(args: MultiArgs, name: str, default: int, high: int, details: list[ErrorDetail]) -> int:
    value = _first(args, name)
    if value is None:
        return default
    if not _NUMBER.fullmatch(value) or not 1 <= int(value) <= high:
        details.append(ErrorDetail(field=name, message=f"a whole number from 1 to {high}"))
        return default
    return int(value)


def parse_moment(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as aware UTC, or None when it is not one.

    A date means its midnight and a time without offset means UTC. A '+' that the
    query string turned into a space ("…T10:00:00 01:00") is read as '+'.
    """
    found = _MOMENT.fullmatch(value)
    if found is None:
        return None
    zone = found["zone"] or ""
    text = found["date"] + (f"T{found['time']}" if found["time"] else "")
    text += "+" + zone[1:] if zone.startswith(" ") else zone.upper()
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_group_query(args: QueryArgs) -> GroupQuery:
    """A checked GET /groups request, or ApiProblem (400) naming every bad parameter."""
    unknown = sorted(set(args.keys()) - QUERY_NAMES)
    if unknown:
        details = [ErrorDetail(field=_shown(name), message="unknown parameter") for name in unknown]
        raise ApiProblem(400, "unknown_parameter", "Unknown query parameter.", details)
    params, notices = parse_search(args)
    details = [_notice_detail(notice) for notice in notices]
    page = _number(args, "page", 1, MAX_PAGE, details)
    per_page = _number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, details)
    raw = _first(args, "modified_after")
    moment = parse_moment(raw) if raw else None
    if raw is not None and moment is None:
        details.append(ErrorDetail(field="modified_after", message="an ISO 8601 date-time"))
    if details:
        raise ApiProblem(400, "invalid_parameter", "A query parameter has a bad value.", details)
    return GroupQuery(params, page, per_page, moment)


def decode_json(body: bytes) -> Any:
    """The JSON value of a request body, or ApiProblem (400) when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ApiProblem(400, "invalid_json", "The body is not valid JSON.") from exc


def crisis_words(payload: Any) -> str:
    """The words of a match body (text and what matters), whatever else is wrong with it."""
    if not isinstance(payload, dict):
        return ""
    words = [payload.get(name) for name in ("text", "matters")]
    return clean_text(" ".join(w for w in words if isinstance(w, str)))


def _field(location: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in location)[:100] or "body"


@dataclass(frozen=True)
class MatchQuestion:
    """A checked match body: the matcher's profile, the option limit, the home municipality."""

    profile: Profile
    limit: int
    municipality: str | None


def match_profile(payload: Any) -> MatchQuestion:
    """The matcher's question for a match body, or ApiProblem (422) naming every bad field."""
    try:
        request = MatchRequest.model_validate(payload)
    except ValidationError as exc:
        details = [
            ErrorDetail(field=_field(error["loc"]), message=error["msg"])
            for error in exc.errors(include_url=False, include_input=False)
        ]
        raise ApiProblem(422, "invalid_profile", "The profile has a bad value.", details) from exc
    profile = _profile(request)
    problems = validate_profile(profile)
    if problems:
        details = [ErrorDetail(field="profile", message=problem) for problem in problems]
        raise ApiProblem(422, "invalid_profile", problems[0], details)
    return MatchQuestion(profile, request.limit, request.municipality)


def _places(request: MatchRequest) -> tuple[str, ...] | None:
    """The municipalities in-person groups must serve; () = online only; None = anywhere."""
    if request.online_only:
        return ()
    if request.municipality is None:
        return None
    if not request.travel:
        return (request.municipality,)
    region = tx.MUNICIPALITIES[request.municipality].region
    return tuple(sorted(n for n, m in tx.MUNICIPALITIES.items() if m.region == region))


def _profile(request: MatchRequest) -> Profile:
    constraints = Constraints(
        online_ok=request.online_ok,
        municipalities=_places(request),
        weekdays=frozenset(request.weekdays) if request.weekdays is not None else None,
        times_of_day=frozenset(request.times_of_day) if request.times_of_day is not None else None,
        referral_possible=not request.no_referral,
        audience=request.audience,
        age=request.age,
        language=request.language,
        domains=frozenset(request.domains) or None,
        open_only=request.open_only,
    )
    return Profile(
        text=request.text,
        contexts=tuple(dict.fromkeys(request.contexts)),
        domains=tuple(dict.fromkeys(request.domains)),
        elements=tuple(dict.fromkeys(request.elements)),
        matters=request.matters,
        constraints=constraints,
    )


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (a naive one from the database is UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
