"""Reset and invitation links: single use, expiry, purpose, no enumeration, and the outbox."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterator

import pytest
from argon2 import PasswordHasher
from itsdangerous import TimestampSigner
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue import account_links, accounts, outbox
from catalogue.db import session_scope
from catalogue.errors import Invalid
from catalogue.models import AuditEntry, Membership, Organisation, OutboxMessage, User

SECRET = "links-test-secret"
BASE = "https://groepen.example.nl"
OLD = "oude-lange-zin-42"
NEW = "nieuwe-lange-zin-43"
EMAIL = "jan@example.org"
_LINK = re.compile(r"https://groepen\.example\.nl/(wachtwoord-nieuw|uitnodiging)/(\S+)")


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with small parameters: the same code path, a fraction of the time."""
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def _make_user(engine: Engine) -> int:
    with session_scope(engine) as session:
        user = accounts.create_user(session, email=EMAIL, password=OLD, role="admin", actor="test")
        assert user.id is not None
        return user.id


@pytest.fixture
def user_id(engine: Engine) -> int:
    """An admin account with password OLD on the SQLite database."""
    return _make_user(engine)


def _request(engine: Engine, email: str = EMAIL) -> str:
    """Ask a reset link for `email`; the token of the newest reset mail."""
    with session_scope(engine) as session:
        account_links.request_reset(session, email, BASE, secret_key=SECRET)
    return _last_token(engine, "reset")


def _last_token(engine: Engine, kind: str) -> str:
    with Session(engine) as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == kind)
        message = session.exec(query.order_by(col(OutboxMessage.id).desc())).first()
    assert message is not None, f"no {kind} mail"
    found = _LINK.search(message.body)
    assert found, message.body
    return found.group(2)


def _reset(engine: Engine, token: str, password: str = NEW) -> None:
    with session_scope(engine) as session:
        account_links.reset_password(session, token, password, secret_key=SECRET)


def _state(engine: Engine, user_id: int) -> tuple[str, int, bool]:
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        return user.password_hash, user.session_version, user.active


def _logs_in(engine: Engine, password: str) -> bool:
    with Session(engine) as session:
        return accounts.authenticate(session, email=EMAIL, password=password) is not None


def _outbox_count(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(OutboxMessage)).all())


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Sign tokens as if it were `clock[0]` seconds ago (itsdangerous' own timestamp hook)."""
    offset = [0.0]
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda _self: int(time.time() - offset[0])
    )
    yield offset


def test_a_reset_link_works_once_and_ends_other_sessions(engine_any: Engine) -> None:
    user_id = _make_user(engine_any)
    token = _request(engine_any)
    before_hash, before_version, _ = _state(engine_any, user_id)
    _reset(engine_any, token)
    after_hash, after_version, _ = _state(engine_any, user_id)
    assert after_hash != before_hash and after_version == before_version + 1
    assert _logs_in(engine_any, NEW) and not _logs_in(engine_any, OLD)
    with pytest.raises(Invalid, match="werkt niet"):  # the second use is refused
        _reset(engine_any, token, "nog-een-andere-zin-44")
    assert _logs_in(engine_any, NEW)
    with Session(engine_any) as session:
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "user")).all()
    assert "reset-password" in actions


def test_using_one_reset_link_ends_every_other(
    engine: Engine, user_id: int, clock: list[float]
) -> None:
    clock[0] = 10
    first = _request(engine)
    clock[0] = 0
    second = _request(engine)
    assert first != second
    _reset(engine, second)
    with pytest.raises(Invalid, match="werkt niet"):
        _reset(engine, first, "nog-een-andere-zin-44")


@pytest.mark.parametrize(
    ("purpose", "age", "works"),
    [
        ("reset", 59 * 60, True),
        ("reset", 60 * 60 + 5, False),
        ("invite", 7 * 86400 - 60, True),
        ("invite", 7 * 86400 + 5, False),
    ],
)
def test_links_expire(
    engine: Engine, user_id: int, clock: list[float], purpose: str, age: int, works: bool
) -> None:
    clock[0] = age
    if purpose == "reset":
        token = _request(engine)
    else:
        with session_scope(engine) as session:
            account_links.invite(
                session,
                email="nieuw@example.org",
                role="admin",
                organisation=None,
                actor="test",
                base_url=BASE,
                secret_key=SECRET,
            )
        token = _last_token(engine, "invite")
    clock[0] = 0
    use = account_links.reset_password if purpose == "reset" else account_links.accept_invitation
    if works:
        with session_scope(engine) as session:
            use(session, token, NEW, secret_key=SECRET)
        return
    with pytest.raises(Invalid, match="verlopen") as info, session_scope(engine) as session:
        use(session, token, NEW, secret_key=SECRET)
    assert ("1 uur" if purpose == "reset" else "7 dagen") in info.value.message


def test_a_token_of_one_purpose_is_refused_for_the_other(engine: Engine, user_id: int) -> None:
    reset_token = _request(engine)
    with pytest.raises(Invalid, match="werkt niet"), session_scope(engine) as session:
        account_links.accept_invitation(session, reset_token, NEW, secret_key=SECRET)
    with session_scope(engine) as session:
        account_links.invite(
            session,
            email="nieuw@example.org",
            role="admin",
            organisation=None,
            actor="test",
            base_url=BASE,
            secret_key=SECRET,
        )
    invite_token = _last_token(engine, "invite")
    with pytest.raises(Invalid, match="werkt niet"), session_scope(engine) as session:
        account_links.reset_password(session, invite_token, NEW, secret_key=SECRET)
    assert _logs_in(engine, OLD)  # nothing changed


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: "x" + t,  # payload changed
        lambda t: "",
        lambda t: "geen-token",
    ],
)
def test_tampered_tokens_are_refused(
    engine: Engine, user_id: int, spoil: Callable[[str], str]
) -> None:
    token = _request(engine)
    with pytest.raises(Invalid, match="werkt niet"):
        _reset(engine, spoil(token))
    with pytest.raises(Invalid, match="werkt niet"), session_scope(engine) as session:
        account_links.reset_password(session, token, NEW, secret_key="another-key")
    assert _logs_in(engine, OLD)


@pytest.mark.parametrize("email", ["onbekend@example.org", "geen adres", "", "x" * 400])
def test_an_unknown_address_queues_nothing_and_says_nothing(
    engine: Engine, user_id: int, email: str
) -> None:
    with session_scope(engine) as session:
        account_links.request_reset(session, email, BASE, secret_key=SECRET)  # no error
    assert _outbox_count(engine) == 0


def test_a_known_address_in_other_case_gets_one_mail(engine: Engine, user_id: int) -> None:
    _request(engine, " Jan@Example.ORG ")
    with Session(engine) as session:
        messages = session.exec(select(OutboxMessage)).all()
    assert [(m.to, m.kind, m.sent_at) for m in messages] == [(EMAIL, "reset", None)]
    assert "1 uur geldig" in messages[0].body


def test_a_deactivated_account_gets_no_mail_and_its_links_die(engine: Engine, user_id: int) -> None:
    token = _request(engine)
    with session_scope(engine) as session:
        accounts.deactivate_user(session, email=EMAIL, actor="test")
    with pytest.raises(Invalid, match="werkt niet"):
        _reset(engine, token)
    with session_scope(engine) as session:
        account_links.request_reset(session, EMAIL, BASE, secret_key=SECRET)
    assert _outbox_count(engine) == 1  # only the mail from before the deactivation


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "minstens 8 tekens"),
        ("welkom01", "veelgebruikte wachtwoorden"),
        ("jan@example.org", "gelijk zijn aan je e-mailadres"),
        ("x" * 300, "hoogstens 256 tekens"),
    ],
)
def test_bad_passwords_are_refused_and_change_nothing(
    engine: Engine, user_id: int, password: str, message: str
) -> None:
    token = _request(engine)
    before = _state(engine, user_id)
    with pytest.raises(Invalid) as info:
        _reset(engine, token, password)
    assert message in info.value.message and "password" in info.value.fields
    assert _state(engine, user_id) == before
    _reset(engine, token)  # the link still works: nothing was used up
    assert _logs_in(engine, NEW)


def test_an_invitation_creates_an_account_nobody_can_log_into_until_accepted(
    engine_any: Engine,
) -> None:
    with session_scope(engine_any) as session:
        session.add(Organisation(name="Stichting Samen Verder"))
    with session_scope(engine_any) as session:
        invitation = account_links.invite(
            session,
            email="Nieuw@Example.org",
            role="facilitator",
            organisation="Stichting Samen Verder",
            actor="beheer@example.org",
            base_url=BASE + "/",
            secret_key=SECRET,
        )
    assert invitation.email == "nieuw@example.org"
    assert invitation.link.startswith(BASE + "/uitnodiging/")
    token = _last_token(engine_any, "invite")
    assert invitation.link.endswith(token)
    with Session(engine_any) as session:
        user = session.exec(select(User).where(User.email == "nieuw@example.org")).one()
        role = session.exec(select(Membership.role).where(Membership.user_id == user.id)).one()
        mail = session.exec(select(OutboxMessage)).one()
    assert role == "facilitator" and mail.to == "nieuw@example.org"
    assert "bij Stichting Samen Verder" in mail.body and "7 dagen geldig" in mail.body
    for guess in ("", NEW, user.password_hash):
        with Session(engine_any) as session:
            assert accounts.authenticate(session, email=user.email, password=guess) is None
    with session_scope(engine_any) as session:
        account_links.accept_invitation(session, token, NEW, secret_key=SECRET)
    with Session(engine_any) as session:
        assert accounts.authenticate(session, email=user.email, password=NEW) is not None
    with pytest.raises(Invalid, match="werkt niet"), session_scope(engine_any) as session:
        account_links.accept_invitation(session, token, "nog-een-andere-zin-44", secret_key=SECRET)


@pytest.mark.parametrize(
    ("email", "role", "organisation", "message"),
    [
        (EMAIL, "admin", None, "al een account"),
        ("nieuw@example.org", "facilitator", "Bestaat Niet", "bestaat niet"),
        ("nieuw@example.org", "facilitator", None, "hoort bij een organisatie"),
        ("nieuw@example.org", "baas", None, "Onbekende rol"),
        ("geen adres", "admin", None, "geen geldig e-mailadres"),
    ],
)
def test_a_bad_invitation_writes_nothing(
    engine: Engine,
    user_id: int,
    email: str,
    role: str,
    organisation: str | None,
    message: str,
) -> None:
    with pytest.raises(Invalid) as info, session_scope(engine) as session:
        account_links.invite(
            session,
            email=email,
            role=role,
            organisation=organisation,
            actor="test",
            base_url=BASE,
            secret_key=SECRET,
        )
    assert message in " ".join(info.value.problems)
    assert _outbox_count(engine) == 0
    with Session(engine) as session:
        assert len(session.exec(select(User)).all()) == 1


def test_the_outbox_delivers_each_message_once_and_logs_no_link(
    engine: Engine, user_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = _request(engine)
    stream = io.StringIO()
    assert outbox.deliver_pending(engine, outbox.printer(stream)) == 1
    assert f"Aan: {EMAIL}" in stream.getvalue() and token in stream.getvalue()
    assert outbox.deliver_pending(engine, outbox.printer(stream)) == 0
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).one().sent_at is not None
    logged = [str(vars(r)) for r in caplog.records]
    assert any("outbox.sent" in line for line in logged)
    assert not any(token in line or EMAIL in line for line in logged)


def test_a_failing_sender_leaves_the_message_pending(
    engine: Engine, user_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    token = _request(engine)

    def broken(mail: outbox.Mail) -> None:
        raise OSError("mail server away")

    assert outbox.deliver_pending(engine, broken) == 0
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).one().sent_at is None
    assert not any(token in str(vars(r)) for r in caplog.records)
    stream = io.StringIO()
    assert outbox.deliver_pending(engine, outbox.printer(stream)) == 1
