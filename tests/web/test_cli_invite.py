"""`groepenwijzer user invite` and `groepenwijzer outbox` as real subprocesses: the printed
link works in the web app once, and the outbox prints each message once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from catalogue.db import make_engine
from catalogue.models import OutboxMessage
from tests.support import settings_for_tests
from tests.web.beheer_support import cheap_hashes, csrf_token, login
from web import create_app

SECRET = "cli-invite-secret"
BASE = "https://groepen.example.nl"
NEW = "mijn-eigen-lange-zin-9"
_LINK = re.compile(re.escape(BASE) + r"(/uitnodiging/\S+)")


class Cli:
    """`python -m web.cli …` on an instance folder of its own, with a fixed key and base URL."""

    def __init__(self, tmp_path: Path) -> None:
        self.instance = tmp_path / "instance"
        self.url = f"sqlite:///{self.instance / 'cli.db'}"
        self.env = {
            **os.environ,
            "GROEPENWIJZER_INSTANCE": str(self.instance),
            "DATABASE_URL": self.url,
            "GROEPENWIJZER_MODEL": "none",
            "SECRET_KEY": SECRET,
            "GROEPENWIJZER_BASE_URL": BASE,
        }
        self.cwd = tmp_path

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "web.cli", *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_cli_invite_prints_a_link_that_works_once(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = cli("user", "invite", "Nieuw@Example.org", "--role", "admin")
    assert done.returncode == 0, done.stderr
    assert "Uitnodiging klaargezet voor nieuw@example.org (admin)." in done.stdout
    assert "7 dagen geldig" in done.stdout
    found = _LINK.search(done.stdout)
    assert found, done.stdout
    path = found.group(1)

    cheap_hashes(monkeypatch)
    app = create_app(settings_for_tests(cli.instance, cli.url, secret_key=SECRET))
    app.config["TESTING"] = True
    try:
        client = app.test_client()
        assert client.get(path).status_code == 200
        data = {"csrf_token": csrf_token(client, path), "password": NEW, "confirm": NEW}
        assert client.post(path, data=data).status_code == 303
        login(client, "nieuw@example.org", NEW)
        assert client.get("/beheer/").status_code == 200
        assert client.get(path).status_code == 400  # used
    finally:
        app.extensions["groepenwijzer"].engine.dispose()


def test_cli_outbox_prints_each_pending_message_once(cli: Cli) -> None:
    invited = cli("user", "invite", "nieuw@example.org", "--role", "admin")
    assert invited.returncode == 0, invited.stderr
    link = _LINK.search(invited.stdout)
    assert link
    first = cli("outbox")
    assert first.returncode == 0, first.stderr
    assert "Aan: nieuw@example.org" in first.stdout and link.group(0) in first.stdout
    assert "1 bericht(en) afgeleverd." in first.stdout
    second = cli("outbox")
    assert second.returncode == 0 and "Geen berichten die wachten." in second.stdout
    engine = make_engine(cli.url)
    try:
        with Session(engine) as session:
            messages = session.exec(select(OutboxMessage)).all()
    finally:
        engine.dispose()
    assert [(m.kind, m.sent_at is not None) for m in messages] == [("invite", True)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("geen-adres", "--role", "admin"), "geen geldig e-mailadres"),
        (("a@example.org", "--role", "baas"), "Onbekende rol"),
        (("a@example.org", "--role", "facilitator"), "hoort bij een organisatie"),
        (("a@example.org", "--role", "team", "--org", "Bestaat Niet"), "bestaat niet"),
    ],
)
def test_cli_invite_refuses_bad_input_and_queues_nothing(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    done = cli("user", "invite", *args)
    assert done.returncode == 1 and message in done.stderr
    assert "uitnodiging/" not in done.stdout
    assert "Geen berichten die wachten." in cli("outbox").stdout
