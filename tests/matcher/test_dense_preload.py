"""A model preloaded before a fork is the one later loads get (web/gunicorn_conf.py when_ready)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import dense
from web import gunicorn_conf


def test_a_preloaded_model_is_handed_out_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(dense, "_PRELOADED", {})
    loaded = dense.EmbedderStatus(dense.SentenceTransformerEmbedder(object(), "m"), "Taalmodel: m")
    real_load = dense.load_embedder
    monkeypatch.setattr(dense, "load_embedder", lambda _setting, _cache: loaded)
    assert dense.preload_embedder("m", tmp_path) is loaded
    monkeypatch.setattr(dense, "load_embedder", real_load)
    assert dense.load_embedder("m", tmp_path) is loaded  # no second load
    assert dense.load_embedder("none", tmp_path).embedder is None  # another setting: its own


def test_a_model_that_did_not_load_is_not_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(dense, "_PRELOADED", {})
    assert dense.preload_embedder("none", tmp_path).embedder is None
    assert dense._PRELOADED == {}


@pytest.mark.parametrize(("value", "on"), [(None, True), ("1", True), ("0", False), ("off", False)])
def test_preloading_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, value: str | None, on: bool
) -> None:
    if value is None:
        monkeypatch.delenv("GROEPENWIJZER_PRELOAD_MODEL", raising=False)
    else:
        monkeypatch.setenv("GROEPENWIJZER_PRELOAD_MODEL", value)
    assert gunicorn_conf.preload_model() is on
