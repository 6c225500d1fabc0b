"""Accounts and who may change what (DESIGN.md §2, §6; docs/accounts.md).

Residents never have accounts. Facilitators, VG teams, coordinators and admins
do; their role is per organisation (a `Membership`), and the role codes come
from one vocabulary, `catalogue.taxonomy.ROLES`. Passwords are hashed with
argon2 and checked against a common-password list; there are no default
accounts: the first one is made with `groepenwijzer user create`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from catalogue import audit
from catalogue.errors import Forbidden, Invalid
from catalogue.models import Group, Membership, Organisation, User
from catalogue.taxonomy import ROLES

MIN_PASSWORD_LENGTH = 8
# argon2 hashes any length, but a megabyte "password" is a denial of service, not a secret.
MAX_PASSWORD_LENGTH = 256
# Roles that may change a group of their own organisation. A team (VG) only reads the
# catalogue; an admin may change every group, whatever organisation the membership names.
GROUP_EDITOR_ROLES = frozenset({"facilitator", "coordinator", "admin"})
# Roles that only make sense inside one organisation; coordinator and admin may be region-wide.
ORGANISATION_ROLES = frozenset({"facilitator", "team"})
# Dutch words the English-centred list below lacks; each was seen in published Dutch
# top-password lists (e.g. "wachtwoord", "welkom01").
_DUTCH_COMMON = frozenset(
    {
        "wachtwoord",
        "wachtwoord1",
        "wachtwoord123",
        "welkom01",
        "welkom123",
        "welkom1234",
        "voetbal123",
        "ajax1900",
        "feyenoord",
        "nederland",
        "geheim123",
        "groepenwijzer",
    }
)

_hasher = PasswordHasher()


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (zxcvbn's offline list) plus a few Dutch ones."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | _DUTCH_COMMON


def normalise_email(raw: str) -> str:
    """The address in the form it is stored and compared in (lower case), or Invalid."""
    text = raw.strip()
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid(f"'{text[:80]}' is geen geldig e-mailadres.") from None
    return checked.normalized.lower()


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """Dutch reasons a password is refused; empty when it may be used."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben.")
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord mag hoogstens {MAX_PASSWORD_LENGTH} tekens hebben.")
    elif password.lower() in common_passwords():
        problems.append("Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden.")
    elif email and password.lower() in {email.lower(), email.split("@")[0].lower()}:
        problems.append("Het wachtwoord mag niet gelijk zijn aan je e-mailadres.")
    return problems


def hash_password(password: str) -> str:
    """An argon2id hash with the library's current parameters."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong or broken hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_role(role: str) -> str:
    """The role code, or Invalid naming the codes there are."""
    if role not in ROLES:
        raise Invalid(f"Onbekende rol '{role}'. Kies uit: {', '.join(ROLES)}.")
    return role


@dataclass(frozen=True)
class UserSummary:
    """One account as `user list` shows it (never the hash)."""

    id: int
    email: str
    name: str
    active: bool
    roles: tuple[tuple[str, str | None], ...]  # (role, organisation name or None)


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    organisation: str | None = None,
    name: str = "",
    actor: str,
) -> User:
    """Create an active account with one membership; Invalid (nothing written) on bad input."""
    address = normalise_email(email)
    check_role(role)
    problems = password_problems(password, email=address)
    org_id: int | None = None
    if organisation is not None and organisation.strip():
        org = session.exec(
            select(Organisation).where(Organisation.name == organisation.strip())
        ).first()
        if org is None:
            problems.append(f"Organisatie '{organisation.strip()}' bestaat niet.")
        else:
            org_id = org.id
    elif role in ORGANISATION_ROLES:
        problems.append(f"De rol {role} hoort bij een organisatie: geef --org NAAM mee.")
    if len(name) > 200:
        problems.append("De naam is te lang (maximaal 200 tekens).")
    if _email_taken(session, address):
        problems.insert(0, f"Er is al een account met e-mailadres {address}.")
    if problems:
        raise Invalid(problems[0], problems)
    user = User(email=address, name=name.strip(), password_hash=hash_password(password))
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # created by someone else between the check and the insert
        raise Invalid(f"Er is al een account met e-mailadres {address}.") from None
    assert user.id is not None
    session.add(Membership(user_id=user.id, organisation_id=org_id, role=role))
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="user",
        entity_id=user.id,
        detail={"email": address, "role": role, "organisation": organisation},
    )
    return user


def _email_taken(session: Session, address: str) -> bool:
    found = session.exec(select(User.id).where(func.lower(col(User.email)) == address)).first()
    return found is not None


def list_users(session: Session) -> list[UserSummary]:
    """Every account with its roles, ordered by e-mail address."""
    orgs = {o.id: o.name for o in session.exec(select(Organisation)).all()}
    roles: dict[int, list[tuple[str, str | None]]] = {}
    for m in session.exec(select(Membership).order_by(col(Membership.id))).all():
        org_name = orgs.get(m.organisation_id) if m.organisation_id is not None else None
        roles.setdefault(m.user_id, []).append((m.role, org_name))
    users = session.exec(select(User).order_by(col(User.email))).all()
    return [
        UserSummary(u.id, u.email, u.name, u.active, tuple(roles.get(u.id, ())))
        for u in users
        if u.id is not None
    ]


# --- permissions ----------------------------------------------------------------------------


def may_edit_group(session: Session, user: User | None, organisation_id: int) -> bool:
    """True when `user` (read afresh, so a deactivated account is refused) may change a group
    of that organisation: an admin anywhere, a facilitator or coordinator of that organisation,
    or a region-wide coordinator (membership without organisation)."""
    if user is None or user.id is None:
        return False
    current = session.get(User, user.id)
    if current is None or not current.active:
        return False
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    for membership in memberships:
        if membership.role not in GROUP_EDITOR_ROLES:
            continue
        if membership.role == "admin":
            return True
        if membership.organisation_id in (None, organisation_id):
            return True
    return False


def require_group_editor(session: Session, user: User | None, organisation_id: int) -> None:
    """Raise Forbidden (with a Dutch reason) unless `user` may change that organisation's group."""
    if may_edit_group(session, user, organisation_id):
        return
    if user is None:
        raise Forbidden("Log eerst in om een groep aan te passen.")
    raise Forbidden("Je mag alleen groepen van je eigen organisatie aanpassen.")


def editable_groups(session: Session, user: User | None) -> list[Group]:
    """The groups `user` (read afresh) may change, by organisation and title; [] when none."""
    if user is None or user.id is None:
        return []
    current = session.get(User, user.id)
    if current is None or not current.active:
        return []
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    editor = [m for m in memberships if m.role in GROUP_EDITOR_ROLES]
    query = select(Group).order_by(col(Group.organisation_id), col(Group.title), col(Group.id))
    if not any(m.role == "admin" or m.organisation_id is None for m in editor):
        org_ids = {m.organisation_id for m in editor}
        if not org_ids:
            return []
        query = query.where(col(Group.organisation_id).in_(org_ids))
    return list(session.exec(query).all())


# --- login sessions -------------------------------------------------------------------------

# Verified against when the address is unknown, so a wrong address takes as long as a
# wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash("groepenwijzer-geen-account")


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active account with this address and password, or None (never says which failed)."""
    try:
        address = normalise_email(email)
    except Invalid:
        address = ""
    user = None
    if address and len(password) <= MAX_PASSWORD_LENGTH:
        user = session.exec(select(User).where(func.lower(col(User.email)) == address)).first()
    if user is None or len(password) > MAX_PASSWORD_LENGTH:
        verify_password(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def end_sessions(session: Session, *, user_id: int) -> None:
    """End every live login session of the account (logout ends them on all devices)."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_version += 1
        session.add(user)
        session.flush()


def deactivate_user(session: Session, *, email: str, actor: str) -> User:
    """Switch an account off: it may change nothing and its live sessions end at once."""
    address = normalise_email(email)
    user = session.exec(select(User).where(func.lower(col(User.email)) == address)).first()
    if user is None:
        raise Invalid(f"Er is geen account met e-mailadres {address}.")
    user.active = False
    user.session_version += 1
    session.add(user)
    session.flush()
    audit.record(
        session, actor=actor, action="deactivate", entity="user", entity_id=user.id, detail={}
    )
    return user
