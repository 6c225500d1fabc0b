"""Explanations: why a group fits, when it meets, where, and how to get in — in plain Dutch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from catalogue.records import GroupRecord
from catalogue.schedules import cancelled_meetings, describe, dutch_date, next_meetings
from catalogue.taxonomy import ACCESS_ROUTES_SHORT, CONTEXTS
from matcher.concepts import theme_label

NO_EVIDENCE = "lijkt op wat je beschrijft"


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
    confirmed: str = ""  # "Laatst bevestigd op …" when the provider has not confirmed lately
    # "Op dinsdag 15 december gaat de groep niet door (…)." for coming cancelled meetings
    cancelled: tuple[str, ...] = ()


def explain(
    record: GroupRecord,
    *,
    themes: list[str],
    words: list[str],
    now: datetime,
    stale: bool = False,
    contexts: Sequence[str] = (),
) -> Explanation:
    """Explain one option from evidence the group itself has (matcher.evidence).

    `themes` and `words` must already be the group's own: this function only words them.
    """
    reasons = [f"gaat over {theme_label(t)}" for t in themes[:2]]
    if words:
        reasons.append("noemt " + ", ".join(f"'{w}'" for w in dict.fromkeys(words[:3])))
    if contexts:
        labels = [CONTEXTS[c].lower() for c in contexts[:2]]
        reasons.append("past bij de context " + " en ".join(f"'{label}'" for label in labels))
    evidence = bool(reasons)
    if not evidence:
        reasons.append(NO_EVIDENCE)
    when, dates = _when(record, now)
    spec = record.upcoming_schedule(now.date())
    cancelled = tuple(c.text() for c in cancelled_meetings(spec, now)) if spec else ()
    return Explanation(
        why="; ".join(reasons).capitalize(),
        reasons=tuple(reasons),
        when=when,
        next_dates=dates,
        where=where(record),
        how=how(record),
        evidence=evidence,
        confirmed=_confirmed(record) if stale else "",
        cancelled=cancelled,
    )


def _confirmed(record: GroupRecord) -> str:
    """How old the group's data is, when the provider has not confirmed it lately."""
    day = record.last_confirmed_at
    if day is None:
        return ""
    return f"Laatst bevestigd op {dutch_date(day, year=True, weekday=False)}: vraag even na"


def _when(record: GroupRecord, now: datetime) -> tuple[str, tuple[date, ...]]:
    spec = record.upcoming_schedule(now.date())  # a closed group: its next run's meetings
    dates = tuple(m.start.date() for m in next_meetings(spec, 3, now)) if spec else ()
    rhythm = describe(record.schedule) if record.schedule else ""
    if not record.open_group:
        run = record.next_run(now.date())
        if run is None:
            return ("Geen nieuwe startdatum bekend", dates)
        places = run.places_left if run.places_left is not None else record.places_left
        status = (
            "aanmelden is gesloten"
            if not run.enrolment_open
            else "vol, vraag naar de wachtlijst"
            if places == 0
            else "aanmelden kan"
        )
        return (f"Start {dutch_date(run.start_date)} ({status}); {rhythm}".rstrip("; "), dates)
    if record.places_left == 0:
        return (f"Vol op dit moment, vraag naar de wachtlijst; {rhythm}".rstrip("; "), dates)
    if dates:
        return (
            f"Doorlopend, je kunt elke week instappen. Volgende keer: {dutch_date(dates[0])}; "
            f"{rhythm}",
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
