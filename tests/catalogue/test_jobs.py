"""Scheduled jobs: their bodies with a clock the test chooses, their claims, and two real
worker processes against PostgreSQL that must not run any job twice."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue import accounts, jobs
from catalogue.db import make_engine, session_scope
from catalogue.interchange.spreadsheet import import_file
from catalogue.jobruns import claim, run_once
from catalogue.models import AuditEntry, Group, JobRun, OutboxMessage
from catalogue.taxonomy import RRULE_DAYS

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.now(UTC).date()


def _weekly(start: date, **overrides: str) -> dict[str, str]:
    return {
        "rrule": f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[start.weekday()]}",
        "first_session": f"{start:%Y-%m-%d} 19:00",
        "exception_dates": "",
        "until": "",
        "session_count": "",
        **overrides,
    }


@pytest.fixture
def groups(
    engine_any: Engine,
    make_row: Callable[..., dict[str, str]],
    csv_bytes: Callable[..., bytes],
) -> dict[str, int]:
    """Groups whose schedules end (or not) relative to today, so the tests hold on any day."""
    long_ago = TODAY - timedelta(weeks=20)
    rows = [
        make_row(external_id="t-over", **_weekly(long_ago, session_count="6")),
        make_row(
            external_id="t-until-over", **_weekly(long_ago, until=f"{TODAY - timedelta(days=3)}")
        ),
        make_row(external_id="t-forever", **_weekly(long_ago)),
        make_row(
            external_id="t-closed-running",
            open_group="nee",
            **_weekly(TODAY - timedelta(weeks=2), session_count="8"),
        ),
        make_row(
            external_id="t-closed-later-run",
            open_group="nee",
            later_runs=f"{TODAY + timedelta(weeks=6)}",
            **_weekly(long_ago, session_count="4"),
        ),
        make_row(
            external_id="t-closed-last-run-under-way",
            open_group="nee",
            later_runs=f"{TODAY - timedelta(weeks=1)}",
            **_weekly(long_ago, session_count="4"),
        ),
    ]
    import_file(engine_any, csv_bytes(rows), "t.csv", actor="test")
    with session_scope(engine_any) as s:
        return {g.external_id: g.id for g in s.exec(select(Group)).all() if g.id is not None}


def _status(engine: Engine, ids: dict[str, int]) -> dict[str, str]:
    with session_scope(engine) as s:
        return {name: s.get(Group, gid).status for name, gid in ids.items()}  # type: ignore[union-attr]


def test_finished_groups_end_once_and_running_ones_stay(
    engine_any: Engine, groups: dict[str, int]
) -> None:
    now = datetime.now(UTC)
    assert jobs.end_finished_groups(engine_any, now) == {"ended": 2}
    assert _status(engine_any, groups) == {
        "t-over": "gestopt",
        "t-until-over": "gestopt",
        "t-forever": "actief",
        "t-closed-running": "actief",
        "t-closed-later-run": "actief",
        "t-closed-last-run-under-way": "actief",
    }
    assert jobs.end_finished_groups(engine_any, now) == {"ended": 0}
    with session_scope(engine_any) as s:
        ends = s.exec(select(AuditEntry).where(AuditEntry.action == "end")).all()
        assert sorted(int(e.entity_id) for e in ends) == sorted(
            [groups["t-over"], groups["t-until-over"]]
        )
        assert all(e.actor == "worker" for e in ends)


def test_a_closed_group_ends_after_its_last_run(engine_any: Engine, groups: dict[str, int]) -> None:
    later = datetime.now(UTC) + timedelta(weeks=20)
    jobs.end_finished_groups(engine_any, later)
    status = _status(engine_any, groups)
    assert status["t-closed-later-run"] == "gestopt"
    assert status["t-closed-last-run-under-way"] == "gestopt"
    assert status["t-forever"] == "actief"


def _confirm(engine: Engine, ids: list[int], day: date) -> None:
    with session_scope(engine) as s:
        for gid in ids:
            group = s.get(Group, gid)
            assert group is not None
            group.last_confirmed_at = day
            s.add(group)


def test_reminders_go_once_per_confirmation_to_the_groups_facilitators(
    engine_any: Engine, groups: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    with session_scope(engine_any) as s:
        accounts.create_user(
            s, email="begeleider@example.org", password="lange-zin-voor-tests-42",
            role="facilitator", organisation="Stichting Samen Verder", actor="t",
        )  # fmt: skip
    target = groups["t-forever"]
    others = [gid for gid in groups.values() if gid != target]
    _confirm(engine_any, others, TODAY)
    _confirm(engine_any, [target], TODAY - timedelta(days=50))

    def remind(day: date) -> int:
        return jobs.remind_unconfirmed(engine_any, day, "https://x")["reminded"]

    # The day before the threshold: nothing; at it: one reminder; again: none.
    assert remind(TODAY - timedelta(days=6)) == 0
    assert remind(TODAY) == 1
    assert remind(TODAY + timedelta(days=1)) == 0
    with session_scope(engine_any) as s:
        mails = s.exec(select(OutboxMessage)).all()
        assert [(m.to, m.kind) for m in mails] == [("begeleider@example.org", "reminder")]
        assert f"/beheer/groepen/{target}" in mails[0].body
    # Confirmed again, and unconfirmed for long again: a new reminder.
    _confirm(engine_any, [target], TODAY - timedelta(days=46))
    assert remind(TODAY) == 1


def test_a_claimed_slot_is_not_run_again(engine: Engine) -> None:
    calls: list[int] = []
    assert run_once(engine, "demo", "demo:1", lambda: calls.append(1) or {"n": 1}) == {"n": 1}
    assert run_once(engine, "demo", "demo:1", lambda: calls.append(2) or {"n": 2}) is None
    assert calls == [1]
    assert claim(engine, "demo", "demo:2") is not None
    with session_scope(engine) as s:
        runs = s.exec(select(JobRun).where(JobRun.job == "demo")).all()
        assert sorted(r.key for r in runs) == ["demo:1", "demo:2"]
        assert {r.outcome for r in runs if r.key == "demo:1"} == {"done"}


def test_a_failing_job_is_recorded_by_error_type_only(engine: Engine) -> None:
    def boom() -> dict[str, int]:
        raise ValueError("resident words never reach the record")

    with pytest.raises(ValueError):
        run_once(engine, "demo", "demo:fail", boom)
    with session_scope(engine) as s:
        run = s.exec(select(JobRun).where(JobRun.key == "demo:fail")).one()
        assert (run.outcome, run.detail) == ("failed", {"error": "ValueError"})


@pytest.mark.postgres
def test_two_worker_processes_never_run_a_job_twice(
    pg_migrated_url: str,
    make_row: Callable[..., dict[str, str]],
    csv_bytes: Callable[..., bytes],
    tmp_path: Path,
) -> None:
    engine = make_engine(pg_migrated_url)
    long_ago = TODAY - timedelta(weeks=20)
    rows = [
        make_row(external_id=f"t-over-{i}", **_weekly(long_ago, session_count="3"))
        for i in range(5)
    ]
    import_file(engine, csv_bytes(rows), "t.csv", actor="test")
    env = {
        **os.environ,
        "DATABASE_URL": pg_migrated_url,
        "GROEPENWIJZER_MODEL": "none",
        "GROEPENWIJZER_INSTANCE": str(tmp_path),
    }
    command = [sys.executable, "-m", "web.cli", "worker", "--once"]
    pipe = subprocess.PIPE
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=pipe, stderr=pipe, text=True)
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=180) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    with engine.connect() as c:
        keys = c.execute(text("SELECT key, count(*) FROM jobrun GROUP BY key")).all()
        ended = c.execute(text("SELECT count(*) FROM auditentry WHERE action = 'end'")).scalar()
    engine.dispose()
    assert keys and all(count == 1 for _key, count in keys)
    assert {key.split(":")[0] for key, _n in keys} >= {"reindex", "freshness", "end-finished"}
    assert ended == 5  # each finished group ended once, not once per worker
    said = "".join(out for out, _err in outputs)
    assert said.count("end-finished: {'ended': 5}") == 1
