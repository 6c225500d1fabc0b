"""Accounts: passwords, e-mail addresses, roles, and `groepenwijzer user` as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue.accounts import (
    MIN_PASSWORD_LENGTH,
    common_passwords,
    create_user,
    normalise_email,
    password_problems,
    verify_password,
)
from catalogue.db import make_engine, session_scope
from catalogue.errors import Invalid
from catalogue.interchange.spreadsheet import import_file
from catalogue.models import AuditEntry, Membership, Organisation, User
from catalogue.taxonomy import ROLES

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]
GOOD = "Zonnebloem-Deventer-42"


def test_the_role_vocabulary_is_the_issue_s() -> None:
    assert list(ROLES) == ["facilitator", "team", "coordinator", "admin"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "minstens 8 tekens"),
        ("1234567", "minstens 8 tekens"),
        ("password", "veelgebruikte wachtwoorden"),
        ("Password1", "veelgebruikte wachtwoorden"),  # compared case-insensitively
        ("wachtwoord", "veelgebruikte wachtwoorden"),
        ("welkom01", "veelgebruikte wachtwoorden"),
        ("x" * 257, "hoogstens 256 tekens"),
        ("jan.jansen", "gelijk zijn aan je e-mailadres"),
    ],
)
def test_weak_passwords_are_refused(password: str, message: str) -> None:
    problems = password_problems(password, email="jan.jansen@example.org")
    assert len(problems) == 1 and message in problems[0]


@given(st.text(min_size=MIN_PASSWORD_LENGTH, max_size=40))
def test_a_long_enough_uncommon_password_passes(password: str) -> None:
    if password.lower() in common_passwords():
        return
    assert password_problems(password) == []


@given(st.text(max_size=MIN_PASSWORD_LENGTH - 1))
def test_a_short_password_never_passes(password: str) -> None:
    assert password_problems(password)


def test_the_common_list_is_the_big_offline_one() -> None:
    assert len(common_passwords()) >= 30_000
    assert {"123456", "qwerty123", "iloveyou"} <= common_passwords()


@pytest.mark.parametrize(
    "address", ["", "geen-adres", "a@", "@example.org", "a b@example.org", "a@b@example.org"]
)
def test_bad_email_addresses_are_refused(address: str) -> None:
    with pytest.raises(Invalid, match="geen geldig e-mailadres"):
        normalise_email(address)


def test_email_addresses_are_stored_in_one_form() -> None:
    assert normalise_email("  Jan.Jansen@Example.ORG ") == "jan.jansen@example.org"


@pytest.fixture
def with_org(engine: Engine, make_row: Rows, csv_bytes: ToCsv) -> Engine:
    import_file(engine, csv_bytes([make_row()]), "g.csv", actor="import")
    return engine


def test_create_user_hashes_with_argon2_and_audits(with_org: Engine) -> None:
    with session_scope(with_org) as session:
        create_user(
            session,
            email="Fac@Example.org",
            password=GOOD,
            role="facilitator",
            organisation="Stichting Samen Verder",
            actor="test",
        )
    with Session(with_org) as session:
        user = session.exec(select(User)).one()
        membership = session.exec(select(Membership)).one()
        org = session.exec(select(Organisation)).one()
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert user.email == "fac@example.org" and user.active
    assert user.password_hash.startswith("$argon2id$") and GOOD not in user.password_hash
    assert verify_password(user.password_hash, GOOD)
    assert not verify_password(user.password_hash, GOOD + "!")
    assert not verify_password("not-a-hash", GOOD)
    assert (membership.user_id, membership.organisation_id, membership.role) == (
        user.id,
        org.id,
        "facilitator",
    )
    assert entry is not None and (entry.action, entry.entity) == ("create", "user")
    assert GOOD not in str(entry.detail)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "baas"}, "Onbekende rol 'baas'"),
        ({"role": "facilitator", "organisation": None}, "hoort bij een organisatie"),
        ({"role": "team", "organisation": "Bestaat Niet"}, "Organisatie 'Bestaat Niet' bestaat"),
        ({"password": "qwerty123"}, "veelgebruikte wachtwoorden"),
        ({"email": "geen-adres"}, "geen geldig e-mailadres"),
        ({"email": "EERSTE@example.org"}, "Er is al een account met e-mailadres"),
    ],
)
def test_create_user_refuses_bad_input_and_writes_nothing(
    with_org: Engine, table_counts: Callable[[Engine], dict[str, int]], kwargs: dict, message: str
) -> None:
    with session_scope(with_org) as session:
        create_user(session, email="eerste@example.org", password=GOOD, role="admin", actor="t")
    counts = table_counts(with_org)
    with Session(with_org) as session:
        users = len(session.exec(select(User)).all())
    arguments = {
        "email": "tweede@example.org",
        "password": GOOD,
        "role": "coordinator",
        "organisation": "Stichting Samen Verder",
        **kwargs,
    }
    with pytest.raises(Invalid) as info, session_scope(with_org) as session:
        create_user(session, actor="t", **arguments)
    assert message in " ".join(info.value.problems)
    assert table_counts(with_org) == counts
    with Session(with_org) as session:
        assert len(session.exec(select(User)).all()) == users


# --- the command line -----------------------------------------------------------------------


class UserCli:
    """`python -m web.cli user …` on an instance folder of its own."""

    def __init__(self, tmp_path: Path) -> None:
        self.url = f"sqlite:///{tmp_path / 'instance' / 'cli.db'}"
        self.env = {
            **os.environ,
            "GROEPENWIJZER_INSTANCE": str(tmp_path / "instance"),
            "DATABASE_URL": self.url,
            "GROEPENWIJZER_MODEL": "none",
        }
        self.cwd = tmp_path

    def __call__(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "web.cli", "user", *args],
            input=stdin,
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def users(self) -> list[tuple[str, str, str | None]]:
        engine = make_engine(self.url)
        try:
            with Session(engine) as session:
                orgs = {o.id: o.name for o in session.exec(select(Organisation))}
                rows = session.exec(select(User, Membership).join(Membership)).all()
                return sorted(
                    (u.email, m.role, orgs.get(m.organisation_id) if m.organisation_id else None)
                    for u, m in rows
                )
        finally:
            engine.dispose()


@pytest.fixture
def cli(tmp_path: Path) -> UserCli:
    return UserCli(tmp_path)


def test_cli_creates_the_first_admin_from_a_piped_password(cli: UserCli) -> None:
    empty = cli("list")
    assert empty.returncode == 0 and "nog geen accounts" in empty.stdout
    done = cli("create", "Beheer@Example.org", "--role", "admin", stdin=GOOD + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Account aangemaakt: beheer@example.org (admin)."
    assert GOOD not in done.stdout + done.stderr
    assert cli.users() == [("beheer@example.org", "admin", None)]
    listed = cli("list")
    assert listed.returncode == 0 and listed.stdout == "beheer@example.org\tadmin\n"


def test_cli_role_for_an_organisation(cli: UserCli, make_row: Rows, csv_bytes: ToCsv) -> None:
    assert cli("list").returncode == 0  # creates the database
    engine = make_engine(cli.url)
    try:
        import_file(engine, csv_bytes([make_row()]), "g.csv", actor="import")
    finally:
        engine.dispose()
    done = cli(
        "create",
        "fac@example.org",
        "--role",
        "facilitator",
        "--org",
        "Stichting Samen Verder",
        stdin=GOOD,
    )
    assert done.returncode == 0, done.stderr
    assert cli.users() == [("fac@example.org", "facilitator", "Stichting Samen Verder")]
    assert "facilitator bij Stichting Samen Verder" in cli("list").stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("dubbel@example.org", "--role", "admin"), GOOD, "Er is al een account met e-mailadres"),
        (("DUBBEL@example.org", "--role", "admin"), GOOD, "Er is al een account met e-mailadres"),
        (("nieuw@example.org", "--role", "admin"), "", "minstens 8 tekens"),
        (("nieuw@example.org", "--role", "admin"), "kort\n", "minstens 8 tekens"),
        (("nieuw@example.org", "--role", "admin"), "password\n", "veelgebruikte wachtwoorden"),
        (("nieuw@example.org", "--role", "baas"), GOOD, "Onbekende rol 'baas'"),
        (("geen-adres", "--role", "admin"), GOOD, "'geen-adres' is geen geldig e-mailadres"),
        (("nieuw@example.org", "--role", "team"), GOOD, "hoort bij een organisatie"),
        (("nieuw@example.org", "--role", "team", "--org", "Nergens"), GOOD, "'Nergens' bestaat"),
    ],
)
def test_cli_refuses_bad_input_with_exit_code_1(
    cli: UserCli, args: tuple[str, ...], stdin: str, message: str
) -> None:
    assert cli("create", "dubbel@example.org", "--role", "admin", stdin=GOOD).returncode == 0
    done = cli("create", *args, stdin=stdin)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert cli.users() == [("dubbel@example.org", "admin", None)]


def test_cli_deactivates_an_account_and_ends_its_sessions(cli: UserCli) -> None:
    assert cli("create", "weg@example.org", "--role", "admin", stdin=GOOD + "\n").returncode == 0
    engine = make_engine(cli.url)
    try:
        with Session(engine) as session:
            before = session.exec(select(User)).one().session_version
        done = cli("deactivate", "WEG@example.org")
        assert done.returncode == 0, done.stderr
        assert "Account uitgeschakeld: weg@example.org" in done.stdout
        with Session(engine) as session:
            user = session.exec(select(User)).one()
            assert not user.active and user.session_version == before + 1
    finally:
        engine.dispose()
    assert "[uitgeschakeld]" in cli("list").stdout
    unknown = cli("deactivate", "niemand@example.org")
    assert unknown.returncode == 1 and "geen account" in unknown.stderr
    assert "Traceback" not in unknown.stderr
