"""What coordinators and admins manage: organisations, people and catalogue imports (issue 10).

Who may do what follows `catalogue.dashboard.scope_of`: an admin or a coordinator
without organisation (region-wide) manages everything; a coordinator of an
organisation manages only the organisations of their region and the people
whose every membership lies there. Everyone else gets Forbidden. Each change
writes an audit entry in the caller's transaction; nothing here commits.

Views call one function per action with the logged-in account, which is read
afresh (a deactivated account is refused at once).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue import account_links, accounts, audit
from catalogue import taxonomy as tx
from catalogue.dashboard import Scope, scope_of
from catalogue.errors import Forbidden, Invalid, NotFound
from catalogue.interchange.rows import GroupInput
from catalogue.models import Group, Membership, Organisation, User

MAX_NAME = 200
# Roles a coordinator may hand out; only an admin may make another admin.
COORDINATOR_MAY_GRANT = frozenset({"facilitator", "team", "coordinator"})
NOT_YOUR_REGION = "Je beheert alleen organisaties in je eigen regio."


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation as the list shows it."""

    id: int
    name: str
    region: str | None
    region_label: str
    groups: int
    people: int


@dataclass(frozen=True)
class PersonRow:
    """One account with its roles per organisation (never the password hash)."""

    id: int
    email: str
    name: str
    active: bool
    roles: tuple[tuple[str, str], ...]  # (role label, organisation name or "hele regio")
    may_deactivate: bool


def coordinator_scope(session: Session, user: User | None) -> Scope:
    """The regions the account manages; Forbidden unless coordinator or admin."""
    try:
        return scope_of(session, user)
    except Forbidden as error:
        if user is None:
            raise
        raise Forbidden(
            "Alleen coördinatoren en beheerders mogen deze pagina gebruiken."
            if error.message.startswith("Alleen")
            else error.message
        ) from None


def _actor(session: Session, user: User | None) -> tuple[User, Scope]:
    scope = coordinator_scope(session, user)
    assert user is not None and user.id is not None
    current = session.get(User, user.id)
    assert current is not None
    return current, scope


def _in_scope(scope: Scope, region: str | None) -> bool:
    return scope.everything or (region is not None and region in scope.regions)


def _is_admin(session: Session, user_id: int) -> bool:
    found = session.exec(
        select(Membership.id).where(Membership.user_id == user_id, Membership.role == "admin")
    ).first()
    return found is not None


def visible_organisations(session: Session, scope: Scope) -> list[Organisation]:
    """The organisations an account with this scope manages, by name."""
    query = select(Organisation).order_by(col(Organisation.name), col(Organisation.id))
    if not scope.everything:
        query = query.where(col(Organisation.region).in_(scope.regions))
    return list(session.exec(query).all())


def list_organisations(session: Session, *, user: User | None) -> list[OrganisationRow]:
    """The organisations the account manages, with their number of groups and people."""
    _, scope = _actor(session, user)
    orgs = visible_organisations(session, scope)
    ids = [o.id for o in orgs]
    groups = dict(
        session.exec(
            select(Group.organisation_id, func.count())
            .where(col(Group.organisation_id).in_(ids))
            .group_by(col(Group.organisation_id))
        ).all()
    )
    people = dict(
        session.exec(
            select(Membership.organisation_id, func.count(func.distinct(Membership.user_id)))
            .where(col(Membership.organisation_id).in_(ids))
            .group_by(col(Membership.organisation_id))
        ).all()
    )
    return [
        OrganisationRow(
            o.id,
            o.name,
            o.region,
            tx.REGIONS.get(o.region or "", "geen regio"),
            groups.get(o.id, 0),
            people.get(o.id, 0),
        )
        for o in orgs
        if o.id is not None
    ]


def check_name(raw: str) -> str:
    """An organisation name: trimmed, 2–200 characters, no control characters; else Invalid."""
    name = " ".join(raw.split())
    if len(name) < 2:
        raise Invalid(
            "Naam: vul de naam van de organisatie in.", fields={"name": "Vul een naam in."}
        )
    if len(name) > MAX_NAME:
        message = f"Naam: hoogstens {MAX_NAME} tekens."
        raise Invalid(message, fields={"name": message})
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        message = "Naam: er staan tekens in die niet in een naam horen."
        raise Invalid(message, fields={"name": message})
    return name


def _name_taken(session: Session, name: str, *, other_than: int | None = None) -> bool:
    query = select(Organisation.id).where(func.lower(col(Organisation.name)) == name.lower())
    if other_than is not None:
        query = query.where(col(Organisation.id) != other_than)
    return session.exec(query).first() is not None


def create_organisation(
    session: Session, *, user: User | None, name: str, region: str
) -> Organisation:
    """A new organisation in a region the account manages; audited as `create organisation`."""
    actor, scope = _actor(session, user)
    clean = check_name(name)
    if region not in tx.REGIONS:
        message = "Regio: kies een regio uit de lijst."
        raise Invalid(message, fields={"region": message})
    if not _in_scope(scope, region):
        raise Forbidden(NOT_YOUR_REGION)
    if _name_taken(session, clean):
        message = f"Naam: er is al een organisatie met de naam '{clean}'."
        raise Invalid(message, fields={"name": message})
    org = Organisation(name=clean, region=region)
    session.add(org)
    session.flush()
    audit.record(
        session,
        actor=actor.email,
        action="create",
        entity="organisation",
        entity_id=org.id,
        detail={"user_id": actor.id, "name": clean, "region": region},
    )
    return org


def rename_organisation(
    session: Session, *, user: User | None, organisation_id: int, name: str
) -> Organisation:
    """Give an organisation of the account's region a new name; audited as `rename`."""
    actor, scope = _actor(session, user)
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("Deze organisatie bestaat niet.")
    if not _in_scope(scope, org.region):
        raise Forbidden(NOT_YOUR_REGION)
    clean = check_name(name)
    if clean == org.name:
        return org
    if _name_taken(session, clean, other_than=org.id):
        message = f"Naam: er is al een organisatie met de naam '{clean}'."
        raise Invalid(message, fields={"name": message})
    old, org.name = org.name, clean
    session.add(org)
    session.flush()
    audit.record(
        session,
        actor=actor.email,
        action="rename",
        entity="organisation",
        entity_id=org.id,
        detail={"user_id": actor.id, "old": old, "new": clean},
    )
    return org


# --- people ---------------------------------------------------------------------------------


def _memberships(session: Session) -> dict[int, list[Membership]]:
    found: dict[int, list[Membership]] = {}
    for m in session.exec(select(Membership).order_by(col(Membership.id))).all():
        found.setdefault(m.user_id, []).append(m)
    return found


def _manages(
    scope: Scope, memberships: Sequence[Membership], regions: dict[int, str | None]
) -> bool:
    """A region-limited coordinator manages an account only when all its roles lie in the region."""
    if scope.everything:
        return True
    if not memberships:
        return False
    return all(
        m.organisation_id is not None
        and m.role != "admin"
        and regions.get(m.organisation_id) in scope.regions
        for m in memberships
    )


def list_people(session: Session, *, user: User | None) -> list[PersonRow]:
    """The accounts the account manages, by e-mail address, with their roles and state."""
    actor, scope = _actor(session, user)
    orgs = session.exec(select(Organisation)).all()
    regions = {o.id: o.region for o in orgs if o.id is not None}
    names = {o.id: o.name for o in orgs if o.id is not None}
    memberships = _memberships(session)
    rows = []
    for person in session.exec(select(User).order_by(col(User.email))).all():
        assert person.id is not None
        mine = memberships.get(person.id, [])
        if not _manages(scope, mine, regions):
            continue
        roles = tuple(
            (
                tx.ROLES.get(m.role, m.role),
                names.get(m.organisation_id, "?") if m.organisation_id else "alle organisaties",
            )
            for m in mine
        )
        rows.append(
            PersonRow(
                person.id,
                person.email,
                person.name,
                person.active,
                roles,
                may_deactivate=person.active and person.id != actor.id,
            )
        )
    return rows


def grantable_roles(session: Session, *, user: User | None) -> list[str]:
    """The role codes this account may hand out, in the vocabulary's order."""
    actor, _ = _actor(session, user)
    admin = _is_admin(session, actor.id or 0)
    return [code for code in tx.ROLES if code in COORDINATOR_MAY_GRANT or admin]


def invite_person(
    session: Session,
    *,
    user: User | None,
    email: str,
    role: str,
    organisation_id: int | None,
    base_url: str,
    secret_key: str,
) -> account_links.Invitation:
    """Invite someone with a role in an organisation the account manages.

    The invitation mail (with its single-use link) goes to the outbox only; the
    returned Invitation's link is for tests and the command line, never a page.
    A coordinator cannot make admins, nor region-wide coordinators unless they are
    region-wide themselves.
    """
    actor, scope = _actor(session, user)
    accounts.check_role(role)
    if role == "admin" and not _is_admin(session, actor.id or 0):
        raise Forbidden("Alleen een beheerder kan een beheerder uitnodigen.")
    organisation: str | None = None
    if organisation_id is not None:
        org = session.get(Organisation, organisation_id)
        if org is None:
            message = "Organisatie: kies een organisatie uit de lijst."
            raise Invalid(message, fields={"organisation": message})
        if not _in_scope(scope, org.region):
            raise Forbidden(NOT_YOUR_REGION)
        organisation = org.name
    elif role in accounts.ORGANISATION_ROLES:
        message = "Organisatie: een begeleider of VG-team hoort bij een organisatie."
        raise Invalid(message, fields={"organisation": message})
    elif not scope.everything:
        raise Forbidden("Je kunt alleen mensen uitnodigen voor een organisatie in je regio.")
    return account_links.invite(
        session,
        email=email,
        role=role,
        organisation=organisation,
        actor=actor.email,
        base_url=base_url,
        secret_key=secret_key,
    )


def deactivate_person(session: Session, *, user: User | None, person_id: int) -> User:
    """Switch off an account the coordinator manages; its live sessions end at once."""
    actor, scope = _actor(session, user)
    person = session.get(User, person_id)
    if person is None:
        raise NotFound("Dit account bestaat niet.")
    if person.id == actor.id:
        raise Invalid("Je kunt je eigen account niet uitzetten. Vraag een andere coördinator.")
    regions = {o.id: o.region for o in session.exec(select(Organisation)).all() if o.id}
    if not _manages(scope, _memberships(session).get(person_id, []), regions):
        raise Forbidden("Je beheert alleen accounts van organisaties in je eigen regio.")
    if not scope.everything and _is_admin(session, person_id):
        raise Forbidden("Alleen een beheerder kan een beheerder uitzetten.")
    return accounts.deactivate_user(session, email=person.email, actor=actor.email)


# --- imports --------------------------------------------------------------------------------


def import_problems(
    session: Session,
    *,
    user: User | None,
    labelled: Sequence[tuple[str, GroupInput]],
) -> list[str]:
    """Per-row reasons the account may not import these rows; [] when it may import all.

    A region-wide coordinator or admin may import anything. A coordinator of a region
    may only import groups of existing organisations in that region, and may not take
    over a group that now belongs to an organisation elsewhere.
    """
    _, scope = _actor(session, user)
    if scope.everything:
        return []
    regions = {o.name: o.region for o in session.exec(select(Organisation)).all()}
    owners = dict(
        session.exec(
            select(Group.external_id, Organisation.region).join(
                Organisation, col(Organisation.id) == col(Group.organisation_id)
            )
        ).all()
    )
    problems = []
    for label, row in labelled:
        org = str(row.values.get("organisation") or "")
        ext = row["external_id"]
        if org and org not in regions:
            problems.append(
                f"{label}, kolom organisation: '{org}' bestaat nog niet. Maak de organisatie "
                "eerst aan bij Organisaties."
            )
        elif org and regions[org] not in scope.regions:
            problems.append(f"{label}, kolom organisation: '{org}' hoort niet bij jouw regio.")
        if ext and ext in owners and owners[ext] not in scope.regions:
            problems.append(
                f"{label}, kolom external_id: groep '{ext}' hoort bij een organisatie "
                "buiten jouw regio."
            )
    return problems
