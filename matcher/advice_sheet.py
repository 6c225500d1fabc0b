"""The printed VG advice: three parts in plain Dutch, built from the team's words and the
chosen groups (issue 11).

The sheet lives only for the response that prints it; the team's words are never
stored (catalogue.advice keeps codes and ids).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from catalogue import taxonomy as tx
from catalogue.errors import Invalid
from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM, dutch_date
from matcher.explain import where

NEXT_DATES = 3
# A team's own reference: short, with a digit, so it can't be a name by itself.
_REFERENCE = re.compile(r"[A-Za-z0-9./_-]{1,20}", flags=re.ASCII)
_DIGIT = re.compile(r"[0-9]", flags=re.ASCII)

# How someone gets in, in the words the advice uses (the route codes of the taxonomy).
ROUTE_STEPS: dict[str, str] = {
    "zonder_verwijzing": "U kunt zich zelf aanmelden; een verwijzing is niet nodig.",
    "huisarts": "Aanmelden gaat via de huisarts of de POH-ggz: vraag om een verwijzing.",
    "gemeente": "Aanmelden gaat via het wijkteam of de gemeente.",
    "ggz": "Aanmelden gaat via uw behandelaar in de ggz.",
}


def check_reference(typed: str) -> str:
    """The team's own reference code, or Invalid: never a name or other identifier."""
    value = typed.strip()
    if not value:
        return ""
    if not _REFERENCE.fullmatch(value) or not _DIGIT.search(value):
        raise Invalid(
            "Eigen kenmerk: gebruik alleen letters, cijfers en - . / _ (maximaal 20 tekens), "
            "met minstens één cijfer. Geen naam of geboortedatum.",
            fields={"kenmerk": "gebruik een code met een cijfer, geen naam"},
        )
    return value


def days_to_first_session(record: GroupRecord, now: datetime) -> int | None:
    """Days from today until a newcomer could first take part, or None when unknown."""
    start = record.next_start(now)
    if start is None:
        return None
    return max(0, (start - now.astimezone(AMSTERDAM).date()).days)


@dataclass(frozen=True)
class GroupAdvice:
    """One chosen group as the advice shows it."""

    id: int
    title: str
    organisation: str
    domain: str
    route: str
    steps: str
    next_dates: tuple[date, ...]
    where: str
    phone: str | None
    email: str | None
    url: str | None
    full: bool
    waiting_weeks: int | None

    def next_dates_text(self) -> str:
        if not self.next_dates:
            return "Nog geen datum bekend: neem contact op."
        return ", ".join(dutch_date(d, year=True) for d in self.next_dates)


@dataclass(frozen=True)
class AdviceSheet:
    """Everything the printed advice says; `code` closes the loop without a name."""

    code: str
    made_on: date
    reference: str
    self_text: str
    support_short: str
    support_long: str
    categories: tuple[str, ...]
    groups: tuple[GroupAdvice, ...]

    def routes(self) -> tuple[str, ...]:
        """The ways in that the chosen groups need, in the taxonomy's order."""
        used = {g.route for g in self.groups}
        return tuple(route for route in tx.ACCESS_ROUTES if route in used)

    def as_text(self) -> str:
        """The advice as plain text (for the e-mail or letter a team writes itself)."""
        lines = [f"Advies van het VG-team — {dutch_date(self.made_on, year=True)}"]
        lines.append(
            f"Code: {self.code}" + (f" — kenmerk {self.reference}" if self.reference else "")
        )
        lines += ["", "1. Wat u zelf kunt doen (met mensen om u heen)", self.self_text or "-"]
        lines += ["", "2. Welke steun", f"Op korte termijn: {self.support_short or '-'}"]
        lines.append(f"Op langere termijn: {self.support_long or '-'}")
        lines.append("Soort advies: " + ", ".join(self.categories))
        lines += ["", "3. Groepen en hoe u erin komt"]
        for g in self.groups:
            lines.append(f"- {g.title} ({g.organisation}), {g.where}")
            lines.append(f"  {g.steps}")
            lines.append(f"  Eerstvolgende keer: {g.next_dates_text()}")
            if g.full:
                lines.append("  Deze groep is nu vol: vraag naar de wachtlijst.")
        return "\n".join(lines)


def group_advice(record: GroupRecord, now: datetime) -> GroupAdvice:
    """One chosen group with its way in and next dates, as of `now`."""
    meetings = record.next_meetings(NEXT_DATES, now)
    start = record.next_start(now)
    dates = tuple(dict.fromkeys(m.start.date() for m in meetings)) or ((start,) if start else ())
    return GroupAdvice(
        id=record.id,
        title=record.title,
        organisation=record.organisation,
        domain=tx.DOMAINS.get(record.domain, record.domain),
        route=record.access_route,
        steps=ROUTE_STEPS[record.access_route],
        next_dates=dates,
        where=where(record),
        phone=record.contact_phone,
        email=record.contact_email,
        url=record.registration_url,
        full=not record.can_join(now),
        waiting_weeks=record.waiting_weeks,
    )


def make_sheet(
    *,
    code: str,
    now: datetime,
    reference: str,
    self_text: str,
    support_short: str,
    support_long: str,
    categories: Sequence[str],
    records: Sequence[GroupRecord],
) -> AdviceSheet:
    """The advice sheet for chosen groups, in the order the team saw them."""
    return AdviceSheet(
        code=code,
        made_on=now.astimezone(AMSTERDAM).date(),
        reference=reference,
        self_text=self_text.strip(),
        support_short=support_short.strip(),
        support_long=support_long.strip(),
        categories=tuple(tx.ADVICE_CATEGORIES[c] for c in categories),
        groups=tuple(group_advice(r, now) for r in records),
    )
