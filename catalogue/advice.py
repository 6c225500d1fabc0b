"""VG advices: the anonymous record of each one, and how its groups went (issue 11).

What a team writes about a person (the summary, what matters, strengths, the
advice texts) is used in memory to match and print, and never reaches this
module: an advice is stored as codes, group ids and day counts only (DESIGN.md
§6). Its random `code` is printed on the advice; a facilitator who later
hears that someone signed up enters that code on their group's page, so the
loop closes without a name.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from catalogue import audit
from catalogue import taxonomy as tx
from catalogue.errors import Forbidden, Invalid, NotFound
from catalogue.models import Advice, AdviceOption, Group, Membership, Organisation, User

# Crockford's base32 without I, L, O and U: no letters that read as digits or words.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8  # 32**8 ≈ 10**12: guessing one that belongs to a given group is hopeless
TEAM_ROLES = frozenset({"team", "coordinator", "admin"})

# Which status may follow which; "niet passend" can end any open option.
_NEXT: dict[str, frozenset[str]] = {
    "voorgesteld": frozenset({"aangemeld", "gestart", "niet_passend"}),
    "gekozen": frozenset({"aangemeld", "gestart", "niet_passend"}),
    "aangemeld": frozenset({"gestart", "niet_passend"}),
    "gestart": frozenset({"niet_passend"}),
    "niet_passend": frozenset(),
}


def new_code() -> str:
    """A short random code such as "7K3M-9P2X", easy to read out over the phone."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """The code as stored, from what someone typed ("7k3m 9p2x", "7K3M-9P2X")."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != CODE_LENGTH or any(ch not in _ALPHABET for ch in cleaned):
        raise Invalid("Deze code klopt niet. Een code heeft 8 tekens, zoals 7K3M-9P2X.")
    return f"{cleaned[:4]}-{cleaned[4:]}"


@dataclass(frozen=True)
class SuggestedGroup:
    """One option as the matcher offered it: what the record keeps of it."""

    group_id: int
    domain: str
    without_referral: bool
    days_to_first_session: int | None


@dataclass(frozen=True)
class AdviceFacts:
    """Everything an advice record may hold: codes, ids and day counts."""

    form_key: str
    municipality: str | None
    advice_categories: tuple[str, ...]
    contexts: tuple[str, ...]
    pg_dimensions: tuple[str, ...]
    themes: tuple[str, ...]
    suggested: tuple[SuggestedGroup, ...]
    chosen_ids: tuple[int, ...]
    gap: bool


@dataclass(frozen=True)
class Team:
    """Where a team member works: the organisation and region their advices belong to."""

    organisation_id: int | None
    region: str | None


def team_of(session: Session, user: User | None) -> Team:
    """The team a user advises for; Forbidden unless they hold a team-like role.

    A coordinator or admin may use the form too (to try it, to train teams); their
    advices count for their own organisation's region, or none when region-wide.
    """
    if user is None or user.id is None:
        raise Forbidden("Log in met een account van een VG-team.")
    current = session.get(User, user.id)
    if current is None or not current.active:
        raise Forbidden("Dit account is niet meer actief.")
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    usable = sorted(
        (m for m in memberships if m.role in TEAM_ROLES),
        key=lambda m: ("team", "coordinator", "admin").index(m.role),
    )
    if not usable:
        raise Forbidden("Alleen VG-teams en coördinatoren maken adviezen.")
    org_id = usable[0].organisation_id
    org = session.get(Organisation, org_id) if org_id is not None else None
    return Team(org_id, org.region if org else None)


def _check_codes(values: Sequence[str], vocabulary: dict[str, str], what: str) -> list[str]:
    unknown = [v for v in values if v not in vocabulary]
    return [f"Onbekende {what}: {', '.join(unknown)}."] if unknown else []


def record_advice(session: Session, facts: AdviceFacts, *, user: User | None) -> Advice:
    """Store one advice and its options; the same `form_key` twice returns the first one.

    Invalid (nothing written) when a code is unknown, no group was chosen, or a chosen
    group was not among the suggested ones.
    """
    team = team_of(session, user)
    existing = session.exec(select(Advice).where(Advice.form_key == facts.form_key)).first()
    if existing is not None:
        return existing
    problems = [
        *_check_codes(facts.advice_categories, tx.ADVICE_CATEGORIES, "adviescategorie"),
        *_check_codes(facts.contexts, tx.CONTEXTS, "context"),
        *_check_codes(facts.pg_dimensions, tx.PG_DIMENSIONS, "dimensie"),
    ]
    if not facts.advice_categories:
        problems.append("Kies minstens één adviescategorie.")
    suggested = {s.group_id: s for s in facts.suggested}
    if not facts.chosen_ids:
        problems.append("Kies minstens één groep voor het advies.")
    if any(gid not in suggested for gid in facts.chosen_ids):
        problems.append("Een gekozen groep hoort niet bij de voorgestelde groepen.")
    if not facts.form_key or len(facts.form_key) > 64:
        problems.append("Het formulier is verlopen. Begin opnieuw.")
    if problems:
        raise Invalid(problems[0], problems)
    chosen_days = [
        days for g in facts.chosen_ids if (days := suggested[g].days_to_first_session) is not None
    ]
    advice = Advice(
        code=new_code(),
        form_key=facts.form_key,
        organisation_id=team.organisation_id,
        region=team.region or _region_of(facts.municipality),
        municipality=facts.municipality,
        advice_categories=list(dict.fromkeys(facts.advice_categories)),
        contexts=list(dict.fromkeys(facts.contexts)),
        pg_dimensions=list(dict.fromkeys(facts.pg_dimensions)),
        themes=[t for t in dict.fromkeys(facts.themes) if t in tx.THEMES],
        days_to_first_session=min(chosen_days) if chosen_days else None,
        gap=facts.gap,
    )
    session.add(advice)
    try:
        session.flush()
    except IntegrityError:  # the same form sent twice at once; the other one won
        session.rollback()
        raise Invalid("Dit advies is al opgeslagen. Open het via Mijn adviezen.") from None
    assert advice.id is not None
    chosen = set(facts.chosen_ids)
    for option in suggested.values():
        session.add(
            AdviceOption(
                advice_id=advice.id,
                group_id=option.group_id,
                domain=option.domain,
                without_referral=option.without_referral,
                days_to_first_session=option.days_to_first_session,
                status="gekozen" if option.group_id in chosen else "voorgesteld",
            )
        )
    return advice


def _region_of(municipality: str | None) -> str | None:
    found = tx.MUNICIPALITIES.get(municipality or "")
    return found.region if found else None


def chosen_groups(session: Session, advice: Advice) -> list[int]:
    """The group ids a stored advice chose, in the order they were suggested."""
    rows = session.exec(
        select(AdviceOption)
        .where(AdviceOption.advice_id == advice.id, AdviceOption.status != "voorgesteld")
        .order_by(col(AdviceOption.id))
    ).all()
    return [row.group_id for row in rows]


def visible_advices(session: Session, user: User | None, *, limit: int = 100) -> list[Advice]:
    """The advices a team member may see: their region's, else their organisation's."""
    team = team_of(session, user)
    query = select(Advice).order_by(col(Advice.at).desc(), col(Advice.id).desc()).limit(limit)
    if team.region is not None:
        query = query.where(Advice.region == team.region)
    elif team.organisation_id is not None:
        query = query.where(Advice.organisation_id == team.organisation_id)
    elif not _region_wide(session, user):
        return []
    return list(session.exec(query).all())


@dataclass(frozen=True)
class AdviceRow:
    """One advice in a team's list: when, which categories, and each chosen group's state."""

    code: str
    at: datetime
    categories: tuple[str, ...]
    groups: tuple[tuple[str, str], ...]  # (group title, status label)


def advice_rows(session: Session, user: User | None, *, limit: int = 100) -> list[AdviceRow]:
    """The visible advices with their chosen groups, newest first."""
    found = visible_advices(session, user, limit=limit)
    ids = [a.id for a in found]
    options = session.exec(
        select(AdviceOption, Group.title)
        .join(Group, col(Group.id) == col(AdviceOption.group_id))
        .where(col(AdviceOption.advice_id).in_(ids), AdviceOption.status != "voorgesteld")
        .order_by(col(AdviceOption.id))
    ).all()
    per_advice: dict[int, list[tuple[str, str]]] = {}
    for option, title in options:
        label = tx.ADVICE_OPTION_STATUSES[option.status]
        if option.reason:
            label += f" ({tx.NOT_FITTING_REASONS[option.reason].lower()})"
        per_advice.setdefault(option.advice_id, []).append((title, label))
    return [
        AdviceRow(
            a.code,
            a.at,
            tuple(tx.ADVICE_CATEGORIES.get(c, c) for c in a.advice_categories),
            tuple(per_advice.get(a.id or 0, ())),
        )
        for a in found
    ]


def _region_wide(session: Session, user: User | None) -> bool:
    if user is None:
        return False
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    return any(
        m.role == "admin" or (m.role == "coordinator" and m.organisation_id is None)
        for m in memberships
    )


# --- closing the loop -----------------------------------------------------------------------


@dataclass(frozen=True)
class OptionState:
    """An advice option as a facilitator sees it: the code and status, nothing about the person."""

    code: str
    status: str
    reason: str | None
    at: datetime


def require_editor(session: Session, user: User | None, group_id: int) -> None:
    """Forbidden unless `user` may change this group; NotFound for an unknown group."""
    from catalogue.accounts import require_group_editor

    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("Deze groep bestaat niet.")
    require_group_editor(session, user, group.organisation_id)


def set_option_status(
    session: Session,
    *,
    user: User | None,
    group_id: int,
    code: str,
    status: str,
    reason: str | None = None,
) -> OptionState:
    """Move one advice option of this group on (aangemeld → gestart, or niet passend).

    The user must be allowed to change the group (catalogue.accounts); the code must
    belong to an advice that suggested this group. Every change is audited by code.
    """
    require_editor(session, user, group_id)
    stored = normalise_code(code)
    problems = []
    if status not in tx.ADVICE_OPTION_STATUSES or status in ("voorgesteld", "gekozen"):
        problems.append("Kies aangemeld, gestart of niet passend.")
    if status == "niet_passend":
        if reason not in tx.NOT_FITTING_REASONS:
            problems.append("Kies een reden uit de lijst.")
    elif reason:
        problems.append("Een reden hoort alleen bij 'niet passend'.")
    if problems:
        raise Invalid(problems[0], problems)
    advice = session.exec(select(Advice).where(Advice.code == stored)).first()
    option = (
        session.exec(
            select(AdviceOption).where(
                AdviceOption.advice_id == advice.id, AdviceOption.group_id == group_id
            )
        ).first()
        if advice is not None
        else None
    )
    if advice is None or option is None:
        raise Invalid(f"Code {stored} hoort niet bij een advies met deze groep.")
    if status not in _NEXT[option.status]:
        raise Invalid(
            f"Deze aanmelding staat al op '{tx.ADVICE_OPTION_STATUSES[option.status].lower()}';"
            f" '{tx.ADVICE_OPTION_STATUSES[status].lower()}' kan daarna niet meer."
        )
    old = option.status
    option.status = status
    option.reason = reason if status == "niet_passend" else None
    option.updated_at = datetime.now(UTC)
    session.add(option)
    assert user is not None
    audit.record(
        session,
        actor=user.email,
        action="advice_option",
        entity="group",
        entity_id=group_id,
        detail={"code": stored, "status": [old, status], "reason": option.reason},
    )
    return OptionState(stored, status, option.reason, option.updated_at)


def option_states(session: Session, *, group_id: int, limit: int = 50) -> list[OptionState]:
    """The advices that moved on for this group, newest first (for its facilitators)."""
    rows = session.exec(
        select(AdviceOption, Advice.code)
        .join(Advice, col(Advice.id) == col(AdviceOption.advice_id))
        .where(
            AdviceOption.group_id == group_id,
            col(AdviceOption.status).in_(("aangemeld", "gestart", "niet_passend")),
        )
        .order_by(col(AdviceOption.updated_at).desc())
        .limit(limit)
    ).all()
    return [OptionState(code, o.status, o.reason, o.updated_at) for o, code in rows]
