"""`groepenwijzer worker`: the one process that runs the scheduled jobs (APScheduler 3).

Jobs are defined here in code (APScheduler 3 cannot share a job store between
processes, and its SQLAlchemy store pickles callables); their bodies live in
catalogue.jobs and matcher.jobs. Every run is claimed by an idempotency key
for its slot (the day, the ISO week, the catalogue's state) through
catalogue.jobruns, so starting two workers — by accident or for availability —
never runs a job twice. Misfires coalesce into one run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import click
from sqlalchemy.engine import Engine

from catalogue import jobs
from catalogue.jobruns import run_once
from catalogue.progress import Progress
from catalogue.schedules import AMSTERDAM
from catalogue.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A job: when it runs (cron fields, Europe/Amsterdam), its slot key and its body."""

    name: str
    cron: dict[str, Any]
    slot: Callable[[datetime], str]
    body: Callable[[datetime], dict[str, Any]]


def _day(now: datetime) -> str:
    return now.astimezone(AMSTERDAM).date().isoformat()


def _week(now: datetime) -> str:
    year, week, _day_of_week = now.astimezone(AMSTERDAM).isocalendar()
    return f"{year}-W{week:02d}"


def define(
    settings: Settings, engine: Engine, *, reindex_progress: Progress | None = None
) -> list[Job]:
    """The region's jobs; `reindex_progress(done, total)` follows the re-index (a CLI bar)."""
    from catalogue.digest import send_weekly_digest
    from matcher.jobs import warm_vectors

    base = settings.base_url or "http://127.0.0.1:8000"
    return [
        Job(
            "reindex",
            {"minute": "*/5"},
            lambda _now: jobs.catalogue_state(engine),
            lambda _now: warm_vectors(
                engine, settings.model, settings.model_cache, on_progress=reindex_progress
            ),
        ),
        Job(
            "freshness",
            {"hour": 6, "minute": 0},
            _day,
            lambda now: jobs.remind_unconfirmed(engine, now.astimezone(AMSTERDAM).date(), base),
        ),
        Job(
            "end-finished",
            {"hour": 2, "minute": 30},
            _day,
            lambda now: jobs.end_finished_groups(engine, now),
        ),
        Job(
            "digest",
            {"day_of_week": "mon", "hour": 7, "minute": 0},
            _week,
            lambda now: send_weekly_digest(engine, now.astimezone(AMSTERDAM).date(), base),
        ),
    ]


def run_job(engine: Engine, job: Job, now: datetime | None = None) -> dict[str, Any] | None:
    """Run one job for the slot of `now`, unless another worker has that slot."""
    moment = now or datetime.now(UTC)
    key = f"{job.name}:{job.slot(moment)}"
    detail = run_once(engine, job.name, key, lambda: job.body(moment))
    if detail is not None:
        log.info("job %s done: %s", key, detail)
    return detail


def run_all_once(engine: Engine, defined: list[Job]) -> dict[str, dict[str, Any] | None]:
    """Every job once, now (for `worker --once`, cron-style deployments and tests)."""
    return {job.name: run_job(engine, job) for job in defined}


def serve(engine: Engine, defined: list[Job]) -> None:  # pragma: no cover - runs forever
    """Run the jobs on their schedule until stopped."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    scheduler = BlockingScheduler(
        timezone=AMSTERDAM,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for job in defined:
        scheduler.add_job(
            run_job,
            CronTrigger(timezone=AMSTERDAM, **job.cron),
            args=(engine, job),
            id=job.name,
            name=job.name,
        )
    log.info("worker started: %s", ", ".join(job.name for job in defined))
    scheduler.start()


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once now, then stop.")
def command(once: bool) -> None:
    """Run the scheduled jobs (reminders, ending finished groups, re-indexing)."""
    from catalogue.db import make_engine, upgrade
    from web.cli_progress import progress_bar

    settings = Settings.from_env()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    if once:  # a person (or cron) waits for this: a bar while groups are embedded, on a terminal
        with progress_bar("Groepen inbedden") as on_progress:
            done = run_all_once(engine, define(settings, engine, reindex_progress=on_progress))
        for name, detail in done.items():
            click.echo(
                f"{name}: {'al gedaan door een andere worker' if detail is None else detail}"
            )
        return
    serve(engine, define(settings, engine))
