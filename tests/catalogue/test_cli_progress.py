"""Progress of long command-line work: callbacks in the business logic, bars in the CLI only.

`catalogue`/`matcher` report `on_progress(done, total)`; `web/cli_progress.py`
draws a tqdm bar on standard error when (and only when) it is a terminal. The
real console script is run twice: with pipes (as in cron, systemd and CI: no
bar, output unchanged) and with standard error on a pseudo-terminal (a bar).
"""

from __future__ import annotations

import errno
import io
import os
import pty
import select
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.interchange.spreadsheet import export_engine_csv, import_file
from catalogue.settings import Settings
from matcher import jobs as matcher_jobs
from matcher.dense import DenseIndex, EmbedderStatus, VectorCache
from seed_groups import seed_csv
from tests.catalogue.test_cli import Cli, _script
from web import cli_progress, worker
from web.cli_progress import progress_bar

Calls = list[tuple[int, int]]
# What tqdm draws: "Inlezen: 100%|██████████| 3/3 [00:00<00:00, …]".
BAR_MARKS = ("%|", "it/s", "groep/s", "rij/s", "\r")


def _recorder() -> tuple[Calls, Callable[[int, int], None]]:
    calls: Calls = []
    return calls, lambda done, total: calls.append((done, total))


def _complete(calls: Calls, total: int) -> None:
    """Reports count up one by one (or in steps) to (total, total)."""
    assert calls, "no progress reported"
    assert calls[-1] == (total, total)
    assert all(t == total for _done, t in calls)
    done = [d for d, _t in calls]
    assert done == sorted(done) and len(set(done)) == len(done)


class FakeTerminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


# --- the helper -------------------------------------------------------------------------------


def test_bar_is_drawn_on_a_terminal() -> None:
    screen = FakeTerminal()
    with progress_bar("Inlezen", unit="rij", stream=screen) as report:
        assert report is not None
        for done in range(1, 4):
            report(done, 3)
    drawn = screen.getvalue()
    assert "Inlezen" in drawn and "3/3" in drawn and "100%|" in drawn


def test_no_bar_when_not_a_terminal() -> None:
    piped = io.StringIO()
    with progress_bar("Inlezen", stream=piped) as report:
        assert report is None
    assert piped.getvalue() == ""


def test_nothing_drawn_when_nothing_is_reported() -> None:
    screen = FakeTerminal()
    with progress_bar("Groepen inbedden", stream=screen):
        pass  # e.g. the re-index without a model
    assert screen.getvalue() == ""


# --- callbacks in the business logic ----------------------------------------------------------


def test_import_and_export_report_every_row(
    engine: Engine, make_row: Callable[..., dict[str, str]], csv_bytes: Callable[..., bytes]
) -> None:
    rows = [make_row(external_id=f"grp-{n:03d}", title=f"Groep {n}") for n in range(1, 6)]
    checked, on_check = _recorder()
    written, on_write = _recorder()
    report = import_file(
        engine, csv_bytes(rows), "groepen.csv", actor="test", on_check=on_check, on_write=on_write
    )
    assert report.created == 5
    _complete(checked, 5)
    _complete(written, 5)
    exported, on_export = _recorder()
    assert export_engine_csv(engine, on_export) == export_engine_csv(engine)  # same text
    _complete(exported, 5)


class FakeEmbedder:
    """Deterministic unit vectors from a text's hash; counts what it embeds."""

    name = "fake"

    def __init__(self) -> None:
        self.embedded = 0

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += len(texts)
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=8) for t in texts]
        matrix = np.array(rows, dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    queries = passages = _vectors


def test_reindex_reports_progress_and_fills_the_cache_like_the_index(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_row: Callable[..., dict[str, str]],
    csv_bytes: Callable[..., bytes],
) -> None:
    rows = [make_row(external_id=f"grp-{n:03d}", title=f"Groep {n}") for n in range(1, 6)]
    import_file(engine, csv_bytes(rows), "groepen.csv", actor="test")
    embedder = FakeEmbedder()
    monkeypatch.setattr(matcher_jobs, "load_embedder", lambda *_a: EmbedderStatus(embedder, ""))
    monkeypatch.setattr(matcher_jobs, "WARM_BATCH", 2)
    settings = replace(Settings.from_env(), model="fake", model_cache=tmp_path)
    calls, on_progress = _recorder()
    reindex = next(
        job
        for job in worker.define(settings, engine, reindex_progress=on_progress)
        if job.name == "reindex"
    )
    assert reindex.body(None) == {"groups": 5, "embedded": 5}  # type: ignore[arg-type]
    assert calls == [(2, 5), (4, 5), (5, 5)]
    # The web's index build finds every vector in the cache and embeds nothing.
    with session_scope(engine) as session:
        records = load_records(session)
    before = embedder.embedded
    dense = DenseIndex.build(records, embedder, VectorCache(tmp_path / "vectors.sqlite3"))
    assert dense.computed == 0 and embedder.embedded == before


def test_worker_once_draws_the_reindex_bar_on_a_terminal(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine: Engine,
    make_row: Callable[..., dict[str, str]],
    csv_bytes: Callable[..., bytes],
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("GROEPENWIJZER_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("GROEPENWIJZER_MODEL", "fake")
    monkeypatch.setenv("GROEPENWIJZER_MODEL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(
        matcher_jobs, "load_embedder", lambda *_a: EmbedderStatus(FakeEmbedder(), "")
    )
    from web.cli import main

    for number, (terminal, bar) in enumerate(((False, False), (True, True)), start=1):
        # A new group: a new catalogue state, so the re-index has a slot of its own.
        row = make_row(external_id=f"grp-{number:03d}")
        import_file(engine, csv_bytes([row]), "groepen.csv", actor="test")
        monkeypatch.setattr(cli_progress, "is_terminal", lambda _stream, t=terminal: t)
        monkeypatch.setenv("GROEPENWIJZER_MODEL_CACHE", str(tmp_path / f"cache-{terminal}"))
        result = CliRunner().invoke(main, ["worker", "--once"])
        assert result.exit_code == 0, result.output
        assert ("Groepen inbedden" in result.stderr) is bar
        assert (f"{number}/{number}" in result.stderr) is bar
        assert "Groepen inbedden" not in result.stdout


# --- the real console script ------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_cli_without_a_terminal_prints_no_bar(cli: Cli, tmp_path: Path) -> None:
    groups = tmp_path / "groepen.csv"
    groups.write_bytes(seed_csv())
    imported = cli("import", str(groups))
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""
    exported = cli("export", "--format", "csv", "-o", str(tmp_path / "uit.csv"))
    assert exported.returncode == 0
    assert exported.stderr.strip() == f"Geschreven naar {tmp_path / 'uit.csv'}."
    hsds = cli("export", "--format", "hsds")
    assert hsds.returncode == 0 and hsds.stderr == ""
    for output in (imported.stdout, exported.stdout, hsds.stderr):
        assert not any(mark in output for mark in BAR_MARKS)


def _run_with_terminal_stderr(cli: Cli, *args: str) -> tuple[int, str, str]:
    """Run the console script with stdout to a file and stderr on a pseudo-terminal."""
    leader, follower = pty.openpty()  # a fresh pty reports 0×0: the helper copes
    captured = cli.cwd / "stdout.txt"  # a file, not a pipe: a big export must not block
    with (
        captured.open("wb") as stdout_file,
        subprocess.Popen(
            [_script(), *args], env=cli.env, cwd=cli.cwd, stdout=stdout_file, stderr=follower
        ) as process,
    ):
        os.close(follower)
        screen = b""
        while True:  # read until the process has ended and the terminal is drained
            ended = process.poll() is not None
            ready, _w, _x = select.select([leader], [], [], 0.1)
            chunk = b""
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError as exc:  # EIO: nobody has the terminal open any more
                    if exc.errno != errno.EIO:
                        raise
            screen += chunk
            if ended and not chunk:
                break
        os.close(leader)
        code = process.wait(timeout=120)
    return code, screen.decode(), captured.read_text(encoding="utf-8")


def test_cli_on_a_terminal_draws_bars(cli: Cli, tmp_path: Path) -> None:
    groups = tmp_path / "groepen.csv"
    groups.write_bytes(seed_csv())
    code, screen, stdout = _run_with_terminal_stderr(cli, "import", str(groups))
    assert code == 0, screen
    assert "Controleren" in screen and "Inlezen" in screen and "100%|" in screen
    assert stdout.startswith("Ingelezen:")  # the report itself is unchanged, on stdout
    code, screen, stdout = _run_with_terminal_stderr(cli, "export", "--format", "hsds")
    assert code == 0, screen
    assert "Uitvoeren" in screen and "100%|" in screen
    assert stdout.lstrip().startswith("[") and "%|" not in stdout  # the data stays clean
