"""The `groepenwijzer` command: turns flags into calls, nothing more.

Heavy imports (matcher, web app, bot) happen inside the commands that need
them, so `groepenwijzer --help` and `db upgrade` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from catalogue.db import make_engine, upgrade
from catalogue.errors import Invalid
from catalogue.settings import Settings


def _settings() -> Settings:
    return Settings.from_env()


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
    from catalogue.seed import seed as run_seed
    from seed_groups import seed_csv

    settings = _settings()
    upgrade(settings.database_url)
    report = run_seed(make_engine(settings.database_url), seed_csv())
    click.echo(
        f"Voorbeeldgroepen geladen: {report.created} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd."
    )


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Import groups from a CSV or XLSX file (all-or-nothing; see docs/spreadsheet.md)."""
    from catalogue.interchange.spreadsheet import import_file

    settings = _settings()
    upgrade(settings.database_url)
    try:
        report = import_file(
            make_engine(settings.database_url), file.read_bytes(), file.name, actor="cli"
        )
    except Invalid as exc:
        click.echo(exc.message, err=True)
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(
        f"Ingelezen: {report.created} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd."
    )


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export(fmt: str, output: Path | None) -> None:
    """Export all groups in the spreadsheet format (round-trips with import)."""
    from catalogue.interchange.spreadsheet import export_engine_csv

    settings = _settings()
    upgrade(settings.database_url)
    text = export_engine_csv(make_engine(settings.database_url))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Geschreven naar {output}.", err=True)


@main.command()
def summary() -> None:
    """Print a short overview of the catalogue."""
    from catalogue.reports import catalogue_summary

    settings = _settings()
    upgrade(settings.database_url)
    click.echo(catalogue_summary(make_engine(settings.database_url)))


def _load_matcher_commands() -> None:
    """Attach the matcher, web and bot commands (kept in their own modules)."""
    from web import cli_commands

    for command in cli_commands.COMMANDS:
        main.add_command(command)


_load_matcher_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
