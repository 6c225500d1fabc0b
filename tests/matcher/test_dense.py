"""Dense retrieval with the real model: vector cache invalidation, fallback, Dutch ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from catalogue.records import GroupRecord
from matcher.dense import DenseIndex, VectorCache, load_embedder
from matcher.pipeline import MatchIndex, match
from matcher.profile import Profile

pytestmark = pytest.mark.model
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


class Counting:
    """Wraps the real embedder and counts how many passages it embeds."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.embedded = inner, inner.name, 0

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.queries(texts)

    def passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += len(texts)
        return self.inner.passages(texts)


def test_vectors_are_cached_and_only_changed_groups_reembedded(
    embedder: Any, corpus: list[GroupRecord], tmp_path: Path
) -> None:
    counting = Counting(embedder)
    path = tmp_path / "vectors.sqlite3"
    first = DenseIndex.build(corpus, counting, VectorCache(path))
    assert first.computed == len(corpus)
    again = DenseIndex.build(corpus, counting, VectorCache(path))  # fresh process, same disk
    assert again.computed == 0 and counting.embedded == len(corpus)
    np.testing.assert_allclose(first.matrix, again.matrix)
    changed = [replace(corpus[0], description="Nu ook met fietsen."), *corpus[1:]]
    third = DenseIndex.build(changed, counting, VectorCache(path))
    assert third.computed == 1 and counting.embedded == len(corpus) + 1


def test_missing_model_falls_back_with_a_message(tmp_path: Path, corpus: list[GroupRecord]) -> None:
    status = load_embedder(str(tmp_path / "no-such-model"), tmp_path)
    assert status.embedder is None
    assert "kon niet laden" in status.message
    index = MatchIndex(corpus, embedder=status.embedder, model_notice=status.message)
    result = match(index, Profile(text="ik voel me zo eenzaam"), now=NOW)
    assert result.options and result.notices == (status.message,)
    assert load_embedder("none", tmp_path).embedder is None


PARAPHRASES = [
    ("ik hoor dingen die anderen niet horen", "Stemmenhoordersgroep"),
    ("mijn man is vorig jaar gestorven en ik mis hem elke dag", "Rouwgroep Samen Verder"),
    ("de brieven van de incasso liggen ongeopend op tafel", "Inloop Geldzorgen"),
]


@pytest.mark.parametrize(("text", "title"), PARAPHRASES)
def test_dense_ranks_dutch_paraphrases(
    embedder: Any, corpus: list[GroupRecord], text: str, title: str
) -> None:
    index = MatchIndex(corpus, embedder=embedder)
    assert index.dense is not None
    vector = index.embed(text)
    assert vector is not None
    best = int(np.argmax(index.dense.matrix @ vector))
    assert corpus[best].title == title
    assert match(index, Profile(text=text), now=NOW).options[0].record.title == title
