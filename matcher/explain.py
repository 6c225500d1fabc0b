"""Explanations: why a group fits, when it meets, where, and how to get in — in plain Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from catalogue.records import GroupRecord
from catalogue.schedules import describe, next_meetings
from catalogue.taxonomy import ACCESS_ROUTES_SHORT, WEEKDAYS
from matcher.concepts import theme_label

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


NO_EVIDENCE = "lijkt inhoudelijk op wat u beschrijft"


@dataclass(frozen=True)
class Explanation:
    """The four questions every option answers."""

    why: str
    reasons: tuple[str, ...]
    when: str
    next_dates: tuple[date, ...]
    where: str
    how: str
    evidence: bool = True  # False: nothing specific matched, only overall similarity


def dutch_date(day: date) -> str:
    """'dinsdag 3 maart' style date."""
    return f"{WEEKDAYS[tuple(WEEKDAYS)[day.weekday()]]} {day.day} {_MONTHS[day.month - 1]}"


def explain(
    record: GroupRecord, *, themes: list[str], words: list[str], now: datetime
) -> Explanation:
    """Explain one option from the evidence the scorers returned."""
    reasons = [f"helpt bij {theme_label(t)}" for t in themes[:2]]
    if words:
        reasons.append("past bij: " + ", ".join(dict.fromkeys(words[:4])))
    evidence = bool(reasons)
    if not evidence:
        reasons.append(NO_EVIDENCE)
    when, dates = _when(record, now)
    return Explanation(
        why="; ".join(reasons).capitalize(),
        reasons=tuple(reasons),
        when=when,
        next_dates=dates,
        where=where(record),
        how=how(record),
        evidence=evidence,
    )


def _when(record: GroupRecord, now: datetime) -> tuple[str, tuple[date, ...]]:
    spec = record.upcoming_schedule(now.date())  # a closed group: its next run's meetings
    dates = tuple(m.start.date() for m in next_meetings(spec, 3, now)) if spec else ()
    rhythm = describe(record.schedule) if record.schedule else ""
    if not record.open_group:
        run = record.next_run(now.date())
        if run is None:
            return ("Geen nieuwe startdatum bekend", dates)
        status = "aanmelden kan" if run.enrolment_open else "aanmelden is gesloten"
        return (f"Start {dutch_date(run.start_date)} ({status}); {rhythm}".rstrip("; "), dates)
    if dates:
        return (
            f"Doorlopend, je kunt instromen. Volgende keer: {dutch_date(dates[0])}; {rhythm}",
            dates,
        )
    return ("Doorlopend; tijden in overleg", dates)


def where(record: GroupRecord) -> str:
    """Place in words; confidential venues only by municipality."""
    if record.mode == "online":
        return "Online, vanuit huis"
    place = record.municipality or ""
    if record.address_after_registration:
        place = f"{place} (adres hoor je na aanmelding)"
    elif record.location_name or record.address:
        place = ", ".join(p for p in (record.location_name, record.address, place) if p)
    return f"{place} of online" if record.mode == "hybride" else place


def how(record: GroupRecord) -> str:
    """Access route plus the first contact detail."""
    contact = record.registration_url or record.contact_email or record.contact_phone
    route = ACCESS_ROUTES_SHORT[record.access_route]
    return f"{route}: {contact}" if contact and not record.needs_referral else route
