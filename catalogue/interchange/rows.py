"""Validation of one spreadsheet row into a GroupInput (docs/spreadsheet.md).

Each column has one parser that either returns a clean value or raises
ValueError with a Dutch message; row-level rules (online needs no
municipality, places ≤ capacity …) run after all columns parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from catalogue import taxonomy as tx
from catalogue.schedules import ScheduleSpec, field_problems

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# A plain address: no display name, no list, no mailto: or ?query (it ends up in a mailto: link).
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
_YES = {"ja", "yes", "true", "1", "j", "y"}
_NO = {"nee", "no", "false", "0", "n", ""}


def _text(limit: int) -> Callable[[str], str | None]:
    def parse(value: str) -> str | None:
        if len(value) > limit:
            raise ValueError(f"te lang ({len(value)} tekens, maximaal {limit})")
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            raise ValueError("bevat onzichtbare stuurtekens")
        return value or None

    return parse


def _label(entry: Any) -> str | None:
    """The Dutch label of a vocabulary entry: the text, or its .label (a Theme)."""
    return entry if isinstance(entry, str) else getattr(entry, "label", None)


def _code(vocabulary: dict[str, Any], what: str) -> Callable[[str], str | None]:
    """A code of `vocabulary`, given as the code or as its label (any case)."""
    by_word: dict[str, str] = {}
    for code, entry in vocabulary.items():
        if (label := _label(entry)) is not None:
            by_word.setdefault(" ".join(label.split()).casefold(), code)
    # A code wins over another code's label; a code in another case still counts.
    by_word.update({code.casefold(): code for code in vocabulary})

    def parse(value: str) -> str | None:
        if not value:
            return None
        if value in vocabulary:
            return value
        code = by_word.get(" ".join(value.split()).casefold())
        if code is None:
            raise ValueError(f"onbekende {what} '{value}' (kies uit: {', '.join(vocabulary)})")
        return code

    return parse


def _codes(vocabulary: dict[str, Any], what: str) -> Callable[[str], list[str]]:
    one = _code(vocabulary, what)

    def parse(value: str) -> list[str]:
        items = [item.strip() for item in value.split(";") if item.strip()]
        return [code for item in items if (code := one(item))]

    return parse


def _words(limit: int) -> Callable[[str], list[str]]:
    def parse(value: str) -> list[str]:
        items = [item.strip() for item in value.split(";") if item.strip()]
        for item in items:
            if len(item) > limit:
                raise ValueError(f"trefwoord '{item[:20]}…' is te lang (maximaal {limit})")
        return items

    return parse


def _int(low: int, high: int) -> Callable[[str], int | None]:
    def parse(value: str) -> int | None:
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"'{value}' is geen heel getal") from None
        if not low <= number <= high:
            raise ValueError(f"{number} ligt niet tussen {low} en {high}")
        return number

    return parse


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise ValueError(f"'{value}' is geen ja of nee")


def _date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is geen datum (JJJJ-MM-DD)") from None


def _dates(value: str) -> list[date]:
    return [d for item in value.split(";") if (d := _date(item.strip()))]


def _datetime(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"'{value}' is geen datum met tijd (JJJJ-MM-DD UU:MM)") from None


def _id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("alleen letters, cijfers, - en _ (maximaal 64)")
    return value


def _email(value: str) -> str | None:
    """One plain address (naam@domein.nl), checked here so no page links to a broken one."""
    if not value:
        return None
    if len(value) > 200 or not _EMAIL.match(value):
        raise ValueError(f"'{value[:60]}' is geen e-mailadres (zoals naam@organisatie.nl)")
    return value


def _postcode(value: str) -> str | None:
    if not value:
        return None
    if not _POSTCODE.match(value):
        raise ValueError(f"'{value}' is geen postcode (1234 AB)")
    return f"{value[:4]} {value[-2:].upper()}"


def _municipality(value: str) -> str | None:
    return _code(tx.MUNICIPALITIES, "gemeente")(value)


def _rrule(value: str) -> str | None:
    return _text(200)(value.strip().upper())


COLUMNS: dict[str, Callable[[str], Any]] = {
    "external_id": _id,
    "title": _text(120),
    "summary": _text(300),
    "description": _text(4000),
    "domain": _code(tx.DOMAINS, "domein"),
    "elements": _codes(tx.ELEMENTS, "element"),
    "themes": _codes(tx.THEMES, "thema"),
    "tags": _words(40),
    "audience": _code(tx.AUDIENCES, "doelgroep"),
    "age_min": _int(0, 120),
    "age_max": _int(0, 120),
    "special_audiences": _codes(tx.SPECIAL_AUDIENCES, "speciale doelgroep"),
    "languages": _codes(tx.LANGUAGES, "taal"),
    "open_group": _bool,
    "mode": _code(tx.MODES, "vorm"),
    "access_route": _code(tx.ACCESS_ROUTES, "toegang"),
    "cost": _code(tx.COSTS, "kosten"),
    "cost_note": _text(200),
    "capacity": _int(0, 1000),
    "places_left": _int(0, 1000),
    "waiting_weeks": _int(0, 260),
    "facilitator_roles": _codes(tx.FACILITATOR_ROLES, "rol"),
    "organisation": _text(200),
    "contact_phone": _text(40),
    "contact_email": _email,
    "registration_url": _text(300),
    "location_name": _text(200),
    "address": _text(200),
    "postcode": _postcode,
    "municipality": _municipality,
    "service_area": _codes(tx.MUNICIPALITIES, "gemeente"),
    "accessibility": _text(300),
    "address_after_registration": _bool,
    "rrule": _rrule,
    "first_session": _datetime,
    "duration_minutes": _int(1, 600),
    "until": _date,
    "session_count": _int(1, 500),
    "exception_dates": _dates,
    "enrolment_open": _bool,
    "next_intake": _date,
    "later_runs": _dates,
    "status": _code(tx.STATUSES, "status"),
    "last_confirmed": _date,
    "example": _bool,
}
REQUIRED = (
    "external_id",
    "title",
    "domain",
    "audience",
    "open_group",
    "mode",
    "access_route",
    "cost",
    "organisation",
)
DEFAULTS: dict[str, str] = {"enrolment_open": "ja", "status": "actief", "languages": "nl"}


@dataclass
class GroupInput:
    """A validated row: clean values by column name."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def schedule(self) -> ScheduleSpec | None:
        """The row's schedule, if it has a rule."""
        if not self["rrule"]:
            return None
        return ScheduleSpec(
            rrule=self["rrule"],
            first_session=self["first_session"],
            duration_minutes=self["duration_minutes"] or 90,
            until=self["until"],
            session_count=self["session_count"],
            exceptions=frozenset(self["exception_dates"] or ()),
        )


def parse_row(raw: dict[str, str]) -> tuple[GroupInput, list[tuple[str, str]]]:
    """Validate one row; returns the input and (column, message) problems."""
    row = GroupInput()
    problems: list[tuple[str, str]] = []
    for column, parser in COLUMNS.items():
        value = (raw.get(column) or "").strip() or DEFAULTS.get(column, "")
        if not value and column in REQUIRED:
            problems.append((column, "is verplicht"))
            continue
        try:
            row.values[column] = parser(value)
        except ValueError as exc:
            problems.append((column, str(exc)))
    if not problems:
        problems.extend(_row_rules(row))
    return row, problems


def _row_rules(row: GroupInput) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if row["mode"] != "online" and not row["municipality"]:
        problems.append(("municipality", "is verplicht voor groepen op locatie"))
    if (row["age_min"] or 0) > (row["age_max"] if row["age_max"] is not None else 120):
        problems.append(("age_max", "maximumleeftijd is lager dan minimumleeftijd"))
    capacity, places = row["capacity"], row["places_left"]
    if capacity is not None and places is not None and places > capacity:
        problems.append(("places_left", f"meer vrije plekken ({places}) dan plekken ({capacity})"))
    if row["rrule"] and not row["first_session"]:
        problems.append(("first_session", "is verplicht als er een herhaling is"))
    elif (spec := row.schedule()) is not None:
        problems.extend(field_problems(spec))  # each message under its own column
    if row["later_runs"] and row["open_group"]:
        problems.append(("later_runs", "alleen voor gesloten groepen (open_group = nee)"))
    elif row["later_runs"] and not row["first_session"]:
        problems.append(("later_runs", "vul ook first_session in (de start van de eerste ronde)"))
    return problems
