"""Request and response bodies of the JSON API (/api/v1), defined once.

The views validate requests and serialise responses through these models, and
`web.api_spec` builds the OpenAPI document from their JSON schemas: the
document cannot drift from what the API does. Codes come from
`catalogue.taxonomy`, the one vocabulary of forms, import, matcher and API.

Request models are strict (a string is not a number, a number not a flag) and
forbid unknown fields, so a client's mistake is a 4xx that names the field.
Response models use plain strings for codes: what the catalogue holds is
reported as it is, and `/api/v1/vocabularies` lists the codes with labels.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from catalogue import taxonomy as tx
from catalogue.records import TIMES_OF_DAY
from matcher.profile import MAX_TEXT, suggest_municipalities
from matcher.team_request import MAX_NOTE
from web.search_params import clean_text

MAX_LIMIT = 20  # options per match: a short list, as the fronts show
MAX_PER_PAGE = 100
MAX_PAGE = 1000
_ASCII_SPACE = " \t\n\r\f\v"
_ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class ApiModel(BaseModel):
    """Every body: unknown fields are refused (requests) and never sent (responses)."""

    model_config = ConfigDict(extra="forbid")


def _known(vocabulary: Mapping[str, object], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown {what} code; see /api/v1/vocabularies")
        return value

    return check


def _code(vocabulary: Mapping[str, object], description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(vocabulary), "description": description})


DomainCode = Annotated[
    str, AfterValidator(_known(tx.DOMAINS, "domain")), _code(tx.DOMAINS, "domain")
]
ContextCode = Annotated[
    str, AfterValidator(_known(tx.CONTEXTS, "context")), _code(tx.CONTEXTS, "context")
]
ElementCode = Annotated[
    str, AfterValidator(_known(tx.ELEMENTS, "element")), _code(tx.ELEMENTS, "element")
]
WeekdayCode = Annotated[
    str, AfterValidator(_known(tx.WEEKDAYS, "weekday")), _code(tx.WEEKDAYS, "weekday")
]
TimeOfDayCode = Annotated[
    str, AfterValidator(_known(TIMES_OF_DAY, "time of day")), _code(TIMES_OF_DAY, "time of day")
]
PersonCategory = Annotated[
    str,
    AfterValidator(_known(tx.AUDIENCE_ALLOWED, "audience")),
    _code(tx.AUDIENCE_ALLOWED, "who the person is: the groups for them and open groups"),
]
LanguageCode = Annotated[
    str, AfterValidator(_known(tx.LANGUAGES, "language")), _code(tx.LANGUAGES, "language")
]


def canonical_municipality(value: str) -> str:
    """A GEM municipality from its name (ASCII case and spacing ignored) or a 4-digit postcode.

    Only ASCII rules apply, so no Unicode case or digit rule ('²', the Kelvin sign)
    turns an unknown value into a known one.
    """
    wanted = " ".join(_ASCII_SPACES.split(value.strip(_ASCII_SPACE))).translate(_ASCII_LOWER)
    for name in tx.MUNICIPALITIES:
        if name.lower() == wanted:
            return name
    found = tx.municipality_for_postcode(wanted)
    if found is None:
        hints = suggest_municipalities(clean_text(value)[:60])
        extra = f"; did you mean {' or '.join(hints)}?" if hints else ""
        raise ValueError(f"not a GEM municipality or postcode{extra}")
    return found


_PLACE_NOTE = "Also accepted: any ASCII case, or a 4-digit postcode in a GEM municipality."
MunicipalityName = Annotated[
    str,
    AfterValidator(canonical_municipality),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(tx.MUNICIPALITIES),
            "description": f"A GEM municipality (/api/v1/municipalities). {_PLACE_NOTE}",
        }
    ),
]
# The public search's `gemeente`: a municipality, or "online" for groups one joins from home.
SearchPlace = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "enum": [*tx.MUNICIPALITIES, "online"],
            "description": "A GEM municipality (in-person groups must serve it), or 'online' "
            f"(only groups one can join from home). {_PLACE_NOTE}",
        }
    ),
]


def _whole_number(value: object) -> object:
    """JSON Schema's integer: 75 or 75.0, never "75", true or 75.5."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number")
    return value


# Strict models would refuse 75.0, which JSON Schema counts as an integer. The bounds come
# before the validator: after it, pydantic writes them as "ge"/"le", which JSON Schema ignores.
Age = Annotated[int, Field(strict=False, ge=0, le=120), BeforeValidator(_whole_number)]
Limit = Annotated[int, Field(strict=False, ge=1, le=MAX_LIMIT), BeforeValidator(_whole_number)]
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(clean_text)]
Note = Annotated[str, Field(max_length=MAX_NOTE), AfterValidator(clean_text)]


# --- requests ---------------------------------------------------------------------------------


class GroupListQuery(ApiModel):
    """The query parameters of GET /groups: the web's filters, paging and incremental sync.

    The filter names are the public search's own (Dutch, as in shared search URLs).
    """

    gemeente: SearchPlace | None = None
    domein: list[DomainCode] = Field(default_factory=list, description="Only these domains.")
    dag: list[WeekdayCode] = Field(
        default_factory=list, description="Groups meeting on one of these days (or no fixed day)."
    )
    doelgroep: PersonCategory | None = None
    zonder_verwijzing: bool = Field(False, description="Only groups one can join without referral.")
    open: bool = Field(False, description="Only open groups (join any week).")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)
    modified_after: datetime | None = Field(
        None,
        description="ISO 8601 date-time (a date means its midnight, no offset means UTC): only "
        "groups changed after it, of every status, oldest change first.",
    )


class MatchRequest(ApiModel):
    """A profile to match: what is going on, in words or contexts, and what is possible.

    Never stored or logged; only anonymous monitoring facts (codes, ids) are kept.
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        # What matcher.profile.validate_profile asks: words, or at least one context or element.
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"pattern": "[0-9A-Za-z]"}}},
                {"required": ["contexts"], "properties": {"contexts": {"minItems": 1}}},
                {"required": ["elements"], "properties": {"elements": {"minItems": 1}}},
            ]
        },
    )

    text: Text = Field(
        "",
        description="What is going on, in the person's or team's words. Give words, or at "
        "least one context or element.",
    )
    matters: Note = Field("", description="What really matters to the person.")
    contexts: list[ContextCode] = Field(default_factory=list, max_length=len(tx.CONTEXTS))
    domains: list[DomainCode] = Field(default_factory=list, max_length=len(tx.DOMAINS))
    elements: list[ElementCode] = Field(default_factory=list, max_length=len(tx.ELEMENTS))
    municipality: MunicipalityName | None = Field(
        None, description="Where the person lives; null: in-person groups anywhere."
    )
    travel: bool = Field(False, description="Also in-person groups in the rest of the region.")
    online_ok: bool = Field(True, description="Online groups are fine.")
    online_only: bool = Field(False, description="Only groups one can join from home.")
    weekdays: list[WeekdayCode] | None = Field(None, min_length=1, max_length=7)
    times_of_day: list[TimeOfDayCode] | None = Field(None, min_length=1, max_length=3)
    age: Age | None = None
    audience: PersonCategory | None = None
    language: LanguageCode | None = None
    no_referral: bool = Field(False, description="Only groups one can join without referral.")
    open_only: bool = Field(False, description="Only open groups (join any week).")
    limit: Limit = Field(5, description="At most this many options.")


# --- responses --------------------------------------------------------------------------------


class Label(ApiModel):
    """A code and its Dutch label."""

    code: str
    label: str


class CrisisContact(ApiModel):
    """One way to get help now."""

    label: str
    how: str
    when: str


class CrisisAction(ApiModel):
    """A tap-to-call (tel:) or chat link, in the order of the advice."""

    label: str
    href: str


class CrisisHelp(ApiModel):
    """The help for one kind of crisis (matcher.crisis.help): show it before anything else."""

    kind: str = Field(description="suicide, acute, violence or psychosis")
    title: str
    intro: str
    contacts: list[CrisisContact]
    actions: list[CrisisAction]
    closing: str


class Location(ApiModel):
    """Where a group meets; a confidential venue only by municipality."""

    name: str | None
    address: str | None
    postcode: str | None
    municipality: str | None
    accessibility: str | None
    address_after_registration: bool


class GroupContact(ApiModel):
    """How to reach the group (a registration URL only when it is a plain http(s) link)."""

    phone: str | None
    email: str | None
    registration_url: str | None


class Run(ApiModel):
    """A cohort of a closed group."""

    start_date: date
    sessions: int | None
    enrolment_open: bool
    next_intake: date | None
    places_left: int | None


class Meeting(ApiModel):
    """One coming meeting (UTC)."""

    start: datetime
    end: datetime


class Group(ApiModel):
    """A group as the catalogue lists it."""

    id: int
    url: str = Field(description="The public group page.")
    title: str
    summary: str
    domain: str
    themes: list[str]
    elements: list[str]
    audience: str
    age_min: int | None
    age_max: int | None
    special_audiences: list[str]
    languages: list[str]
    open_group: bool
    mode: str
    access_route: str
    how: str = Field(description="How to get in, in words.")
    where: str = Field(description="Where, in words.")
    cost: str
    cost_note: str | None
    capacity: int | None
    places_left: int | None
    waiting_weeks: int | None
    facilitator_roles: list[str]
    organisation: str
    location: Location
    service_area: list[str]
    contact: GroupContact
    status: str
    is_example: bool
    last_confirmed_at: date | None
    stale: bool = Field(description="Not confirmed by its provider lately: ask before you go.")
    next_start: date | None
    joinable: bool = Field(description="One can sign up now (places left, enrolment open).")
    updated_at: datetime | None


class GroupDetail(Group):
    """One group in full: description, rhythm, coming meetings and runs."""

    description: str
    rhythm: str
    next_meetings: list[Meeting]
    cancelled: list[str] = Field(description="Coming meetings that do not go ahead, in words.")
    runs: list[Run]


class GroupList(ApiModel):
    """One page of groups."""

    items: list[Group]
    page: int
    per_page: int
    total: int
    pages: int


class Explanation(ApiModel):
    """Why an option fits (only evidence the group itself has), when, where and how."""

    why: str
    reasons: list[str]
    when: str
    next_dates: list[date]
    where: str
    how: str
    evidence: bool = Field(description="False: nothing specific matched, only overall likeness.")
    confirmed: str
    cancelled: list[str]


class MatchOption(ApiModel):
    """One suggested group."""

    group: Group
    relevance: float = Field(ge=0, le=1, description="Calibrated chance that the group fits.")
    joinable: bool
    stale: bool
    explanation: Explanation


class MatchResponse(ApiModel):
    """Crisis help first (null when the words show no crisis), then the options."""

    crisis: CrisisHelp | None
    options: list[MatchOption]
    unavailable: list[MatchOption] = Field(description="Fitting groups one cannot join now.")
    themes: list[str] = Field(description="Theme codes read from the profile.")
    notices: list[str]


class ErrorDetail(ApiModel):
    """What is wrong with one field or parameter."""

    field: str
    message: str


class Error(ApiModel):
    """A machine-readable code and a message for the developer."""

    code: str
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(ApiModel):
    """Every error of the API."""

    error: Error


class MatchErrorResponse(ApiModel):
    """An error of POST /match: the crisis help still comes first when the words ask for it."""

    crisis: CrisisHelp | None
    error: Error


class Municipality(ApiModel):
    """A GEM municipality and its region."""

    name: str
    region: str
    region_label: str


class MunicipalityList(ApiModel):
    """All GEM municipalities."""

    items: list[Municipality]


class Vocabularies(ApiModel):
    """Every code the API reads or writes, with its Dutch label (catalogue.taxonomy)."""

    domains: list[Label]
    themes: list[Label]
    contexts: list[Label]
    elements: list[Label]
    audiences: list[Label]
    person_categories: list[Label]
    special_audiences: list[Label]
    languages: list[Label]
    modes: list[Label]
    access_routes: list[Label]
    costs: list[Label]
    facilitator_roles: list[Label]
    statuses: list[Label]
    weekdays: list[Label]
    times_of_day: list[Label]
    regions: list[Label]
