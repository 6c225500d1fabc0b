"""Single-use, expiring, signed links for a password reset and an invitation (docs/accounts.md).

A link's token is signed with the site's SECRET_KEY by itsdangerous, with a salt per
purpose, so a reset token is worthless on the invitation page and the other way round.
It carries the account id and a fingerprint of the account's current password hash
and session version (keyed, so it says nothing about either). Setting a password
changes both, so a link works exactly once, and every other link of that account
dies with it; logging out everywhere or deactivating the account ends them too. A
reset link lasts one hour, an invitation seven days.

Nothing here says whether an address has an account: `request_reset` behaves the
same outwardly for an unknown address, and only queues a mail for an active one.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue import accounts, audit, outbox
from catalogue.errors import Invalid
from catalogue.models import User

log = logging.getLogger(__name__)

Purpose = Literal["reset", "invite"]
MAX_AGE: dict[Purpose, int] = {"reset": 60 * 60, "invite": 7 * 24 * 60 * 60}
PATHS: dict[Purpose, str] = {"reset": "/wachtwoord-nieuw/", "invite": "/uitnodiging/"}

BROKEN = (
    "Deze link werkt niet (meer). Misschien is hij al gebruikt of niet helemaal "
    "gekopieerd. Vraag een nieuwe link aan."
)
EXPIRED: dict[Purpose, str] = {
    "reset": "Deze link is verlopen: hij is 1 uur geldig. Vraag een nieuwe link aan.",
    "invite": (
        "Deze uitnodiging is verlopen: hij is 7 dagen geldig. "
        "Vraag je coördinator om een nieuwe uitnodiging."
    ),
}

RESET_SUBJECT = "Een nieuw wachtwoord voor Groepenwijzer"
RESET_BODY = """Hallo,

Iemand heeft een nieuw wachtwoord aangevraagd voor je account bij Groepenwijzer
({email}). Was jij dat? Kies dan hier een nieuw wachtwoord:

{link}

De link werkt één keer en is 1 uur geldig.

Heb je niets aangevraagd? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde.
"""
INVITE_SUBJECT = "Je bent uitgenodigd voor Groepenwijzer"
INVITE_BODY = """Hallo,

Je bent uitgenodigd voor Groepenwijzer{where}. Daar houd je de groepen bij die je
begeleidt, zodat inwoners altijd de juiste informatie zien.

Kies hier een wachtwoord voor je account ({email}):

{link}

De link werkt één keer en is 7 dagen geldig. Is hij verlopen? Vraag dan je
coördinator om een nieuwe uitnodiging.
"""


@dataclass(frozen=True)
class Invitation:
    """A new account waiting for its password, and the link that sets it."""

    user_id: int
    email: str
    link: str


def _serializer(secret_key: str, purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"groepenwijzer-account-{purpose}")


def _fingerprint(secret_key: str, user: User) -> str:
    """Changes whenever the password or the session version does (so a link works once)."""
    state = f"{user.id}\0{user.email}\0{user.password_hash}\0{user.session_version}"
    return hmac.new(secret_key.encode(), state.encode(), hashlib.sha256).hexdigest()[:24]


def make_token(user: User, purpose: Purpose, *, secret_key: str) -> str:
    """A signed token for this account and purpose, valid until the account changes."""
    return str(_serializer(secret_key, purpose).dumps([user.id, _fingerprint(secret_key, user)]))


def link_for(token: str, purpose: Purpose, base_url: str) -> str:
    """The absolute link a mail carries."""
    return base_url.rstrip("/") + PATHS[purpose] + token


def check_token(session: Session, token: str, purpose: Purpose, *, secret_key: str) -> User:
    """The active account the token is for, or Invalid (broken, expired, used, wrong purpose)."""
    try:
        payload = _serializer(secret_key, purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired:
        raise Invalid(EXPIRED[purpose]) from None
    except BadSignature:
        raise Invalid(BROKEN) from None
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise Invalid(BROKEN)
    user = session.get(User, payload[0])
    if (
        user is None
        or not user.active
        or not hmac.compare_digest(str(payload[1]), _fingerprint(secret_key, user))
    ):
        raise Invalid(BROKEN)
    return user


def request_reset(session: Session, email: str, base_url: str, *, secret_key: str) -> None:
    """Queue a reset mail when an active account has this address; otherwise do nothing.

    Returns nothing and raises nothing for an unknown or malformed address, so the
    caller cannot tell the cases apart (no account enumeration).
    """
    try:
        address = accounts.normalise_email(email)
    except Invalid:
        return
    query = select(User).where(func.lower(col(User.email)) == address)
    user = session.exec(query).first()
    if user is None or not user.active:
        return
    link = link_for(make_token(user, "reset", secret_key=secret_key), "reset", base_url)
    body = RESET_BODY.format(email=user.email, link=link)
    outbox.queue(session, user.email, RESET_SUBJECT, body, "reset")


def _set_password(session: Session, user: User, password: str) -> None:
    problems = accounts.password_problems(password, email=user.email)
    if problems:
        raise Invalid(problems[0], problems, fields={"password": problems[0]})
    user.password_hash = accounts.hash_password(password)
    user.session_version += 1  # ends every live login session of the account
    session.add(user)
    session.flush()


def reset_password(session: Session, token: str, new_password: str, *, secret_key: str) -> User:
    """Set a new password through a reset link; every other session of the account ends."""
    user = check_token(session, token, "reset", secret_key=secret_key)
    _set_password(session, user, new_password)
    audit.record(
        session, actor=user.email, action="reset-password", entity="user", entity_id=user.id
    )
    log.info("password reset", extra={"event": "account.reset", "user_id": user.id})
    return user


def invite(
    session: Session,
    *,
    email: str,
    role: str,
    organisation: str | None,
    actor: str,
    base_url: str,
    secret_key: str,
    name: str = "",
) -> Invitation:
    """Create an account without a usable password, with its membership; queue the invitation.

    The account's password is a random secret nobody ever sees, so nobody can log in
    until the invitation sets a real one. Invalid (nothing written) on bad input.
    """
    user = accounts.create_user(
        session,
        email=email,
        password=secrets.token_urlsafe(32),
        role=role,
        organisation=organisation,
        name=name,
        actor=actor,
    )
    assert user.id is not None
    link = link_for(make_token(user, "invite", secret_key=secret_key), "invite", base_url)
    where = f" bij {organisation.strip()}" if organisation and organisation.strip() else ""
    body = INVITE_BODY.format(where=where, email=user.email, link=link)
    outbox.queue(session, user.email, INVITE_SUBJECT, body, "invite")
    audit.record(
        session,
        actor=actor,
        action="invite",
        entity="user",
        entity_id=user.id,
        detail={"email": user.email, "role": role, "organisation": organisation},
    )
    return Invitation(user.id, user.email, link)


def accept_invitation(session: Session, token: str, password: str, *, secret_key: str) -> User:
    """Set the first password of an invited account; the link then stops working."""
    user = check_token(session, token, "invite", secret_key=secret_key)
    _set_password(session, user, password)
    audit.record(
        session, actor=user.email, action="accept-invitation", entity="user", entity_id=user.id
    )
    log.info("invitation accepted", extra={"event": "account.invited", "user_id": user.id})
    return user
