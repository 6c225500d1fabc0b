"""The `groepenwijzer` command: turns flags into calls, nothing more.

Heavy imports (matcher, web app, bot) happen inside the commands that need
them, so `groepenwijzer --help` and `db upgrade` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError

from catalogue.db import make_engine, upgrade
from catalogue.errors import Invalid
from catalogue.settings import Settings


def _settings() -> Settings:
    return Settings.from_env()


def _reason(exc: OperationalError) -> str:
    """The driver's first line ("attempt to write a readonly database"), never the SQL or rows."""
    lines = str(exc.orig).strip().splitlines() if exc.orig is not None else []
    return lines[0] if lines else type(exc).__name__


@click.group()
def main() -> None:
    """Groepenwijzer: catalogue and matching of GEM group offers."""


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations to DATABASE_URL (creates the SQLite file if needed)."""
    settings = _settings()
    make_engine(settings.database_url).dispose()  # creates the folder of a SQLite file
    upgrade(settings.database_url)
    click.echo("Database is up to date.")


@main.command()
def seed() -> None:
    """Load the example groups from seed_groups/ (idempotent)."""
    from datetime import UTC, datetime

    from catalogue.seed import seed as run_seed
    from seed_groups import seed_csv

    settings = _settings()
    upgrade(settings.database_url)
    report = run_seed(make_engine(settings.database_url), seed_csv(today=datetime.now(UTC).date()))
    click.echo(
        f"Voorbeeldgroepen geladen: {report.created} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd."
    )


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "hsds"]),
    help="csv or xlsx (default: from the file name), or hsds: Open Referral HSDS 3 JSON.",
)
def import_(file: Path, fmt: str | None) -> None:
    """Import groups from a CSV, XLSX or HSDS file (all-or-nothing; see docs/spreadsheet.md).

    On a terminal, bars show the rows being checked and written (web/cli_progress.py).
    """
    from catalogue.interchange.hsds_import import read_services, validate_services
    from catalogue.interchange.spreadsheet import import_file, import_inputs
    from web.cli_progress import progress_bar

    settings = _settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(settings.database_url)
        if fmt == "hsds":  # catalogue.interchange.hsds_import.import_hsds, with a bar
            inputs = validate_services(read_services(file.read_bytes()))
            with progress_bar("Inlezen") as on_write:
                report = import_inputs(engine, inputs, actor="cli", on_progress=on_write)
        else:
            name = file.with_suffix(f".{fmt}").name if fmt else file.name
            with (
                progress_bar("Controleren", unit="rij") as on_check,
                progress_bar("Inlezen", unit="rij") as on_write,
            ):
                report = import_file(
                    engine,
                    file.read_bytes(),
                    name,
                    actor="cli",
                    on_check=on_check,
                    on_write=on_write,
                )
    except Invalid as exc:
        click.echo(exc.message, err=True)
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    except OperationalError as exc:  # read-only file, lock, server away: a message, no traceback
        click.echo(
            f"De database weigert het inlezen ({_reason(exc)}); er is niets ingelezen.", err=True
        )
        sys.exit(1)
    finally:
        engine.dispose()
    click.echo(
        f"Ingelezen: {report.created} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd."
    )


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "hsds"]),
    default="csv",
    show_default=True,
    help="Spreadsheet (csv, xlsx) or Open Referral HSDS 3 JSON (hsds; docs/hsds.md).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output (required for xlsx).",
)
@click.option(
    "--private-addresses",
    "private",
    is_flag=True,
    help="hsds: keep venues told only after registration (an operator's file, not open data).",
)
def export(fmt: str, output: Path | None, private: bool) -> None:
    """Export all groups (round-trips with import in the same format).

    On a terminal, a bar on standard error shows the groups written (never on stdout).
    """
    from catalogue.interchange.hsds_export import export_engine_hsds
    from catalogue.interchange.spreadsheet import export_engine_csv, export_engine_xlsx
    from web.cli_progress import progress_bar

    if fmt == "xlsx" and output is None:
        raise click.UsageError("Een xlsx-bestand gaat niet naar het scherm: geef -o BESTAND mee.")
    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with progress_bar("Uitvoeren") as on_progress:
            body: str | bytes
            if fmt == "xlsx":
                body = export_engine_xlsx(engine, on_progress)
            elif fmt == "hsds":
                body = export_engine_hsds(engine, private=private, on_progress=on_progress)
            else:
                body = export_engine_csv(engine, on_progress)
        if isinstance(body, bytes):
            assert output is not None
            output.write_bytes(body)
        elif output is None:
            click.echo(body, nl=False)
            return
        else:
            output.write_text(body, encoding="utf-8")
    finally:
        engine.dispose()
    click.echo(f"Geschreven naar {output}.", err=True)


@main.command()
def summary() -> None:
    """Print a short overview of the catalogue."""
    from catalogue.reports import catalogue_summary

    settings = _settings()
    upgrade(settings.database_url)
    click.echo(catalogue_summary(make_engine(settings.database_url)))


@main.group()
def user() -> None:
    """Accounts of facilitators, VG teams, coordinators and admins (docs/accounts.md)."""


def _read_password() -> str:
    """From the terminal without echo (asked twice), or the first line of a pipe."""
    if sys.stdin.isatty():
        return str(click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


@user.command("create")
@click.argument("email")
@click.option("--role", required=True, help="facilitator, team, coordinator or admin.")
@click.option("--org", "organisation", help="Name of the organisation the role is for.")
@click.option("--name", default="", help="The person's name, as colleagues see it.")
def user_create(email: str, role: str, organisation: str | None, name: str) -> None:
    """Create an account; the password is read from standard input (never an argument)."""
    from catalogue.accounts import check_role, create_user, normalise_email
    from catalogue.db import session_scope

    settings = _settings()
    try:  # cheap checks first, so a typo is reported before the password is asked
        normalise_email(email)
        check_role(role)
    except Invalid as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)
    password = _read_password()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            created = create_user(
                session,
                email=email,
                password=password,
                role=role,
                organisation=organisation,
                name=name,
                actor="cli",
            )
            address = created.email
    except Invalid as exc:
        click.echo(exc.message, err=True)
        for problem in exc.problems[1:]:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    where = f" bij {organisation}" if organisation else ""
    click.echo(f"Account aangemaakt: {address} ({role}{where}).")


@user.command("list")
def user_list() -> None:
    """List every account with its roles (never a password hash)."""
    from catalogue.accounts import list_users
    from catalogue.db import session_scope

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            users = list_users(session)
    finally:
        engine.dispose()
    if not users:
        click.echo("Er zijn nog geen accounts. Maak er een met: groepenwijzer user create")
        return
    for found in users:
        roles = ", ".join(f"{r} bij {o}" if o else r for r, o in found.roles) or "geen rol"
        state = "" if found.active else " [uitgeschakeld]"
        click.echo(f"{found.email}\t{roles}{state}")


@user.command("deactivate")
@click.argument("email")
def user_deactivate(email: str) -> None:
    """Switch an account off: it can change nothing and its live sessions end at once."""
    from catalogue.accounts import deactivate_user
    from catalogue.db import session_scope

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            address = deactivate_user(session, email=email, actor="cli").email
    except Invalid as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    click.echo(f"Account uitgeschakeld: {address}. Openstaande sessies zijn beëindigd.")


@user.command("invite")
@click.argument("email")
@click.option("--role", required=True, help="facilitator, team, coordinator or admin.")
@click.option("--org", "organisation", help="Name of the organisation the role is for.")
@click.option("--name", default="", help="The person's name, as colleagues see it.")
def user_invite(email: str, role: str, organisation: str | None, name: str) -> None:
    """Create an account without a password and print (and queue) its invitation link."""
    from web.cli_commands import invite_user

    invite_user(email, role, organisation, name)


@main.command("outbox")
def outbox() -> None:
    """Print the e-mails waiting in the outbox (reset and invitation links), marking them sent."""
    from web.cli_commands import deliver_outbox

    deliver_outbox()


def _load_matcher_commands() -> None:
    """Attach the matcher, web and bot commands (kept in their own modules)."""
    from web import cli_commands, worker

    for command in cli_commands.COMMANDS:
        main.add_command(command)
    main.add_command(worker.command)


_load_matcher_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
