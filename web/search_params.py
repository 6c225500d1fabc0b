"""Search parameters from the URL: parse them, note what was ignored, build the matcher profile.

Plain logic without Flask, so one table of cases tests it. Every parameter is
forgiving: an unknown value is dropped and reported as a `Notice` (rendered
in the page's language by the template), never an error. Codes, numbers and
flags are read with explicit ASCII rules: Unicode digits ('²', '٣'), case
rules and spaces never turn into a known value, and never raise.

URL parameters (all optional, Dutch names because the URL is shared):
  q                  free text (matched by the matcher)
  gemeente           GEM municipality (or a postcode), or "online"
  domein             domain code, may repeat
  dag                weekday code ("di") or name ("dinsdag"), may repeat
  doelgroep          person category (taxonomy.AUDIENCE_ALLOWED)
  zonder_verwijzing  only groups you can join without a referral
  open               only open groups (join any week)
  pagina             page number, from 1
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from catalogue import taxonomy as tx
from matcher.profile import MAX_TEXT, Constraints, Profile, suggest_municipalities

# Text beyond this is cut before any processing: nobody types it, and it bounds the work.
MAX_RAW_TEXT = 4 * MAX_TEXT
MAX_PAGE = 1000
ONLINE = "online"
_TRUE = frozenset({"1", "ja", "on", "true", "waar", "yes"})
_FALSE = frozenset({"", "0", "nee", "off", "false", "onwaar", "no"})
_DAY_NAMES = {name: code for code, name in tx.WEEKDAYS.items()}
_SHOWN_VALUE = 60  # an unknown value is echoed at most this long
_ASCII_SPACE = " \t\n\r\f\v"
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_PAGE_NUMBER = re.compile(r"[0-9]{1,6}", flags=re.ASCII)


class MultiArgs(Protocol):
    """What we need of werkzeug's MultiDict (and of a plain dict of lists in tests)."""

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class Notice:
    """Something about the request the page should mention: kind, field and the value."""

    kind: str  # "unknown_value", "text_too_long", "bad_page"
    field: str
    value: str = ""
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchParams:
    """A validated search: every value is a known code."""

    text: str = ""
    municipality: str | None = None
    online_only: bool = False
    domains: tuple[str, ...] = ()
    weekdays: frozenset[str] = field(default_factory=frozenset)
    audience: str | None = None
    no_referral: bool = False
    open_only: bool = False
    page: int = 1
    text_too_long: bool = False

    @property
    def has_text(self) -> bool:
        """Whether the matcher has words to work with."""
        return bool(self.text)

    def constraints(self) -> Constraints:
        """The matcher's hard constraints for these filters."""
        return Constraints(
            online_ok=True,
            municipality=self.municipality,
            municipalities=() if self.online_only else None,
            weekdays=self.weekdays or None,
            referral_possible=not self.no_referral,
            audience=self.audience,
            domains=frozenset(self.domains) or None,
            open_only=self.open_only,
        )

    def profile(self) -> Profile:
        """The matcher profile (domains also act as a preference inside the matcher)."""
        return Profile(text=self.text, domains=self.domains, constraints=self.constraints())

    def query_args(self, page: int | None = None) -> list[tuple[str, str]]:
        """The canonical URL parameters for this search (for pagination, .ics, language)."""
        args: list[tuple[str, str]] = []
        if self.text:
            args.append(("q", self.text))
        if self.online_only:
            args.append(("gemeente", ONLINE))
        elif self.municipality:
            args.append(("gemeente", self.municipality))
        args += [("domein", code) for code in self.domains]
        args += [("dag", code) for code in tx.WEEKDAYS if code in self.weekdays]
        if self.audience:
            args.append(("doelgroep", self.audience))
        if self.no_referral:
            args.append(("zonder_verwijzing", "1"))
        if self.open_only:
            args.append(("open", "1"))
        number = self.page if page is None else page
        if number > 1:
            args.append(("pagina", str(number)))
        return args


def clean_text(raw: str) -> str:
    """Drop control and format characters, collapse whitespace, bound the length."""
    raw = raw[:MAX_RAW_TEXT]
    kept = (ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    return " ".join("".join(kept).split())


def _first(args: MultiArgs, key: str) -> str:
    values = args.getlist(key)
    return values[0] if values else ""


def _shown(value: str) -> str:
    return clean_text(value)[:_SHOWN_VALUE]


def _token(value: str) -> str:
    """A value to look up as a code: ASCII spaces trimmed, ASCII letters lower-cased.

    Other characters stay as they are, so no Unicode case rule (the Kelvin sign
    lower-cases to 'k') can make an unknown value look like a known code.
    """
    return value.strip(_ASCII_SPACE).translate(_ASCII_LOWER)


def _flag(args: MultiArgs, key: str, notices: list[Notice]) -> bool:
    value = _token(_first(args, key))
    if value in _TRUE:
        return True
    if value not in _FALSE:
        notices.append(Notice("unknown_value", key, _shown(value)))
    return False


def _codes(
    values: Sequence[str], known: Mapping[str, str], key: str, notices: list[Notice]
) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        code = known.get(_token(value))
        if code is None:
            if value.strip():
                notices.append(Notice("unknown_value", key, _shown(value)))
        elif code not in found:
            found.append(code)
    return tuple(found)


def _place(value: str, notices: list[Notice]) -> tuple[str | None, bool]:
    """(municipality, online_only) for the `gemeente` parameter."""
    cleaned = " ".join(value.split())
    if not cleaned:
        return None, False
    if _token(cleaned) == ONLINE:
        return None, True
    found = tx.find_municipality(cleaned)
    if found:
        return found, False
    shown = _shown(cleaned)
    notices.append(Notice("unknown_value", "gemeente", shown, tuple(suggest_municipalities(shown))))
    return None, False


def _page(value: str, notices: list[Notice]) -> int:
    value = value.strip(_ASCII_SPACE)
    if not value:
        return 1
    if not _PAGE_NUMBER.fullmatch(value) or int(value) < 1:
        notices.append(Notice("bad_page", "pagina", _shown(value)))
        return 1
    return min(int(value), MAX_PAGE)


def parse_search(args: MultiArgs) -> tuple[SearchParams, list[Notice]]:
    """Turn URL parameters into SearchParams plus notices for everything ignored."""
    notices: list[Notice] = []
    text = clean_text(_first(args, "q"))
    too_long = len(text) > MAX_TEXT
    if too_long:
        notices.append(Notice("text_too_long", "q", str(len(text))))
    municipality, online_only = _place(_first(args, "gemeente"), notices)
    domains = _codes(args.getlist("domein"), {c: c for c in tx.DOMAINS}, "domein", notices)
    days = _codes(
        args.getlist("dag"), {**{c: c for c in tx.WEEKDAYS}, **_DAY_NAMES}, "dag", notices
    )
    audiences = _codes(
        [_first(args, "doelgroep")], {c: c for c in tx.AUDIENCE_ALLOWED}, "doelgroep", notices
    )
    params = SearchParams(
        text=text,
        municipality=municipality,
        online_only=online_only,
        domains=domains,
        weekdays=frozenset(days),
        audience=audiences[0] if audiences else None,
        no_referral=_flag(args, "zonder_verwijzing", notices),
        open_only=_flag(args, "open", notices),
        page=_page(_first(args, "pagina"), notices),
        text_too_long=too_long,
    )
    return params, notices
