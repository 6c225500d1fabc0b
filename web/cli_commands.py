"""Commands of the matcher, web and bot fronts, attached to the `groepenwijzer` group.

Each command turns flags into one call; heavy modules load inside the command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from catalogue.errors import Invalid
from catalogue.settings import Settings


def _settings() -> Settings:
    return Settings.from_env()


_WHOLE_YEARS = re.compile(r"[0-9]{1,3}", flags=re.ASCII)


class AsciiInt(click.ParamType):
    """A whole number in ASCII digits: `int` would also take '٣٤', `isdigit` also '²'."""

    name = "integer"
    _PATTERN = re.compile(r"[+-]?[0-9]{1,9}", flags=re.ASCII)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip(" \t")
        if not self._PATTERN.fullmatch(text):
            self.fail(f"{text[:20]!r} is not a whole number (digits 0-9).", param, ctx)
        return int(text)


def _option_json(option: Any) -> dict[str, Any]:
    record, why = option.record, option.explanation
    return {
        "group_id": record.id,
        "external_id": record.external_id,
        "title": record.title,
        "domain": record.domain,
        "score": option.score,
        "why": why.why,
        "when": why.when,
        "next_dates": [d.isoformat() for d in why.next_dates],
        "where": why.where,
        "how": why.how,
        "needs_referral": record.needs_referral,
    }


@click.command()
@click.option("--text", required=True, help="What is going on, in the person's words.")
@click.option("--municipality", help="GEM municipality (or a 4-digit postcode).")
@click.option("--online", is_flag=True, help="Online groups are fine.")
@click.option("--no-referral", is_flag=True, help="Only groups you can join without referral.")
@click.option("--weekday", multiple=True, help="Weekday the person can (ma … zo); repeatable.")
@click.option("--age", help="Age of the person (whole years).")
@click.option("--limit", type=AsciiInt(), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def match(
    text: str,
    municipality: str | None,
    online: bool,
    no_referral: bool,
    weekday: tuple[str, ...],
    age: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Print the ranked, explained options for one profile (crisis contacts first)."""
    from matcher.crisis import detect

    signal = detect(text)  # before anything that could fail: help comes first
    if signal.crisis and not as_json:
        _print_crisis(signal.kind)
    try:
        years = _age(age)
        result = _match(text, municipality, online, no_referral, weekday, years, limit)
    except Invalid as exc:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "crisis": signal.crisis,
                        "crisis_kind": signal.kind,
                        "error": exc.problems,
                        "options": [],
                    },
                    ensure_ascii=False,
                )
            )
        click.echo(f"Fout: {'; '.join(exc.problems)}", err=True)
        sys.exit(2)
    if result.crisis and not signal.crisis and not as_json:
        _print_crisis(result.crisis_kind)  # seen by the semantic layer only
    for notice in result.notices:
        click.echo(notice, err=True)
    options = [_option_json(o) for o in result.options]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "crisis": result.crisis,
                    "crisis_kind": result.crisis_kind,
                    "themes": list(result.themes),
                    "options": options,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not options:
        click.echo("Geen passende groepen gevonden.")
    for rank, item in enumerate(options, start=1):
        click.echo(
            f"{rank}. {item['title']} [{item['domain']}] score {item['score']:.3f}\n"
            f"   waarom: {item['why']}\n   wanneer: {item['when']}\n"
            f"   waar: {item['where']}\n   hoe: {item['how']}"
        )


def _age(value: str | None) -> int | None:
    """The --age option, read after the crisis check so a typo never hides the help."""
    if value is None:
        return None
    cleaned = value.strip(" \t")
    if not _WHOLE_YEARS.fullmatch(cleaned):
        raise Invalid(f"Leeftijd '{cleaned[:20]}' is geen getal; schrijf het in cijfers (0-9).")
    return int(cleaned)


def _match(
    text: str,
    municipality: str | None,
    online: bool,
    no_referral: bool,
    weekday: tuple[str, ...],
    age: int | None,
    limit: int,
) -> Any:
    from catalogue.db import make_engine, upgrade
    from matcher.profile import Constraints, Profile, resolve_municipality
    from matcher.service import MatchService

    settings = _settings()
    place = resolve_municipality(municipality) if municipality else None
    constraints = Constraints(
        online_ok=online or place is None,
        municipality=place,
        weekdays=frozenset(weekday) if weekday else None,
        referral_possible=not no_referral,
        age=age,
    )
    upgrade(settings.database_url)
    service = MatchService(
        make_engine(settings.database_url), model=settings.model, cache_dir=settings.model_cache
    )
    return service.match(Profile(text=text, constraints=constraints), limit=limit)


def _print_crisis(kind: str | None) -> None:
    from matcher.crisis import help_for

    click.echo(help_for(kind).text() + "\n")


@click.command()
@click.option(
    "--groups",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Groups file in the format of shared/bench/groups.csv.",
)
@click.option(
    "--queries",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Queries file (JSON lines) in the bench format.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench(groups: Path, queries: Path, as_json: bool) -> None:
    """Benchmark every matcher variant side by side on a bench-format data set."""
    from bot.chat import bench as chat_bench
    from matcher import bench as bench_mod

    settings = _settings()
    data = bench_mod.load(groups, queries)
    index, notice = bench_mod.build_index(data, settings.model, settings.model_cache)
    click.echo(notice, err=True)
    report = bench_mod.run(data, index)
    report["chat_path"] = chat_bench.run_chat(data, index)
    if as_json:
        click.echo(json.dumps(report))
        return
    click.echo(bench_mod.format_table(report))
    click.echo(chat_bench.format_chat(report["chat_path"]))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web catalogue on an existing database (development server)."""
    from web import create_app
    from web.privacy import PrivateRequestHandler
    from web.services import services_of

    app = create_app(_settings())
    click.echo("Taalmodel en groepen laden…")
    services_of(app).match_service.warm_up()
    click.echo(f"Groepenwijzer draait op http://{host}:{port}/  (stoppen: Ctrl+C)")
    # The handler logs method, path and status only: no query, no raw malformed line.
    app.run(
        host=host,
        port=port,
        debug=False,
        use_reloader=False,
        request_handler=PrivateRequestHandler,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def run(ctx: click.Context, host: str, port: int) -> None:
    """The embedded default: migrate, seed if empty, start the bot if configured, serve."""
    from datetime import UTC, datetime

    from catalogue.db import make_engine, upgrade
    from catalogue.reports import catalogue_summary
    from catalogue.seed import group_count, seed
    from seed_groups import seed_csv

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    if group_count(engine) == 0:
        report = seed(engine, seed_csv(today=datetime.now(UTC).date()))
        click.echo(f"Voorbeeldgroepen geladen: {report.created}.")
    click.echo(catalogue_summary(engine))
    bot_process = None
    if settings.telegram_token:
        bot_process = subprocess.Popen(
            [sys.executable, "-m", "web.cli", "bot"], env=os.environ.copy()
        )
        click.echo("Telegram-bot gestart (TELEGRAM_TOKEN is gezet).")
    try:
        ctx.invoke(serve, host=host, port=port)
    finally:  # the bot lives exactly as long as the web server
        if bot_process is not None:
            bot_process.terminate()
            bot_process.wait(timeout=10)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5100, show_default=True, type=int)
def embedder(host: str, port: int) -> None:
    """Hold the model for this host's web workers and bot (GROEPENWIJZER_MODEL=http://host:port)."""
    import os

    from matcher.remote_embedder import TOKEN_ENV
    from web import embedder_service

    if not embedder_service.is_loopback(host) and not os.environ.get(TOKEN_ENV):
        click.echo(
            f"{host} is van buiten deze machine bereikbaar: zet eerst {TOKEN_ENV} "
            "(hier en bij de web-workers en de bot).",
            err=True,
        )
        sys.exit(2)
    embedder_service.serve(host, port)


@click.command()
def bot() -> None:
    """Run the Telegram bot (needs TELEGRAM_TOKEN; polling, or webhook if configured)."""
    settings = _settings()
    if not settings.telegram_token:
        click.echo("TELEGRAM_TOKEN is niet gezet; de bot start niet.", err=True)
        sys.exit(2)
    from bot.telegram.app import run_bot

    run_bot(settings)


@click.command()
@click.option(
    "--personas",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Personas file (JSON lines, docs/trial.md).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def trial(personas: Path, as_json: bool) -> None:
    """Drive scripted residents through the real chat against the catalogue; judge the lists."""
    from datetime import UTC, datetime

    from bot.chat import trial as trial_mod
    from catalogue.db import make_engine, upgrade
    from matcher.service import MatchService

    try:
        people = trial_mod.load_personas(personas)
    except Invalid as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(1) from exc
    settings = _settings()
    upgrade(settings.database_url)
    service = MatchService(
        make_engine(settings.database_url), model=settings.model, cache_dir=settings.model_cache
    )
    outcomes = trial_mod.run_trial(service.index(), people, now=datetime.now(UTC))
    click.echo(trial_mod.as_json(outcomes) if as_json else trial_mod.as_table(outcomes))


# Links in invitations from the command line when GROEPENWIJZER_BASE_URL is not set:
# the development server's address (`groepenwijzer run`).
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def invite_user(email: str, role: str, organisation: str | None, name: str) -> None:
    """`groepenwijzer user invite`: create the account, queue the mail, print the link."""
    from catalogue.account_links import MAX_AGE, invite
    from catalogue.db import make_engine, session_scope, upgrade

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            invitation = invite(
                session,
                email=email,
                role=role,
                organisation=organisation,
                name=name,
                actor="cli",
                base_url=settings.base_url or DEVELOPMENT_BASE_URL,
                secret_key=settings.secret_key,
            )
    except Invalid as exc:
        click.echo(exc.message, err=True)
        for problem in exc.problems[1:]:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    days = MAX_AGE["invite"] // 86400
    where = f" bij {organisation}" if organisation else ""
    click.echo(f"Uitnodiging klaargezet voor {invitation.email} ({role}{where}).")
    click.echo(f"Deze link werkt één keer en is {days} dagen geldig:")
    click.echo(invitation.link)


def deliver_outbox() -> None:
    """`groepenwijzer outbox`: print every pending message and mark it sent."""
    from catalogue.db import make_engine, upgrade
    from catalogue.outbox import deliver_pending, printer

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        sent = deliver_pending(engine, printer(sys.stdout))
    finally:
        engine.dispose()
    click.echo(f"{sent} bericht(en) afgeleverd." if sent else "Geen berichten die wachten.")


COMMANDS: list[click.Command] = [match, bench, serve, run, bot, trial, embedder]
