"""Dense retrieval: the only module that imports sentence-transformers.

Group vectors are cached on disk per model and per text hash (a small SQLite
file), so a restart or a catalogue change only embeds groups whose text
changed. If the model cannot load, `load_embedder` says why and returns None;
the pipeline then ranks with lexical and fuzzy scores alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from catalogue.records import GroupRecord
from catalogue.taxonomy import AUDIENCES

log = logging.getLogger(__name__)
DIM_UNKNOWN = 0
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _no_word_cache(model: Any) -> None:
    """Switch off the fast tokenizer's word cache (DESIGN §6).

    HF tokenizers' Unigram and BPE models keep every pre-tokenized word they
    encode, up to 10,000, as keys in a Rust-side cache: residents' words would
    outlive their message. `python benchmarks/tokenizer_words.py` scans the
    process memory for made-up words after other traffic.
    """
    backend = getattr(getattr(model, "tokenizer", None), "backend_tokenizer", None)
    resize = getattr(getattr(backend, "model", None), "_resize_cache", None)
    if resize is not None:
        resize(0)


class SentenceTransformerEmbedder:
    """An e5-style sentence-transformers model with `query: ` / `passage: ` prompts."""

    def __init__(self, model: Any, name: str) -> None:
        self.model = model
        self.name = name
        prompts = getattr(model, "prompts", {}) or {}
        self._prompted = "query" in prompts and "passage" in prompts
        _no_word_cache(model)

    def _encode(self, texts: Sequence[str], kind: str) -> np.ndarray:
        if self._prompted:
            vectors = self.model.encode(
                list(texts),
                prompt_name=kind,
                normalize_embeddings=True,
                convert_to_numpy=True,
                batch_size=32,
            )
        else:
            vectors = self.model.encode(
                [f"{kind}: {t}" for t in texts], normalize_embeddings=True, convert_to_numpy=True
            )
        return np.asarray(vectors, dtype=np.float32)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for queries."""
        return self._encode(texts, "query")

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for group texts."""
        return self._encode(texts, "passage")


@dataclass(frozen=True)
class EmbedderStatus:
    """The loaded embedder, or None with a human-readable reason."""

    embedder: Embedder | None
    message: str


# Embedders loaded by `preload_embedder`, by (setting, cache folder).
_PRELOADED: dict[tuple[str, str], EmbedderStatus] = {}


def preload_embedder(setting: str, cache_dir: Path) -> EmbedderStatus:
    """Load the model now; every later `load_embedder` of it in this process gets this one.

    Gunicorn's master calls it before it forks the workers (web/gunicorn_conf.py),
    so the workers share the model's memory copy-on-write instead of loading it
    each. Only loading happens here, no inference: torch's thread pools must not
    start before a fork.
    """
    status = load_embedder(setting, cache_dir)
    if status.embedder is not None:
        _PRELOADED[(setting, str(cache_dir))] = status
    return status


def load_embedder(setting: str, cache_dir: Path) -> EmbedderStatus:
    """Load the configured model; never crash, never download unless a hub id was configured.

    A setting that is an http(s) address names an embedding service
    (matcher.remote_embedder): this process then holds no model at all.
    """
    preloaded = _PRELOADED.get((setting, str(cache_dir)))
    if preloaded is not None:
        return preloaded
    if setting.strip().lower() in ("", "none", "off"):
        return EmbedderStatus(None, "Geen taalmodel ingesteld: zoeken op woorden alleen.")
    from matcher.remote_embedder import RemoteEmbedder, is_service_url

    if is_service_url(setting):
        try:
            remote = RemoteEmbedder.from_setting(setting)
        except Exception as exc:  # the service is away: run without the model, and say so
            log.warning("embedding service %s unavailable: %s", setting, exc)
            return EmbedderStatus(
                None,
                f"Taaldienst niet bereikbaar ({type(exc).__name__}); "
                "zoeken op woorden en spelling alleen.",
            )
        return EmbedderStatus(remote, f"Taalmodel: {remote.name} (via de taaldienst)")
    _return_large_buffers()
    try:
        from matcher.e5_model import resolve_model

        path = resolve_model(setting, cache_dir)
        local = Path(path).exists()
        if local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device="cpu", local_files_only=local)
        _compact(model)
    except Exception as exc:  # any failure means: run without the model, and say so
        log.warning("model %r could not load: %s", setting, exc, exc_info=True)
        return EmbedderStatus(
            None,
            f"Taalmodel '{setting}' kon niet laden ({type(exc).__name__}); "
            "zoeken op woorden en spelling alleen.",
        )
    return EmbedderStatus(SentenceTransformerEmbedder(model, setting), f"Taalmodel: {setting}")


def _return_large_buffers() -> None:
    """Let glibc hand inference buffers of 1 MiB and more straight back to the system.

    glibc raises its mmap threshold after every large free (up to 32 MiB), so
    torch's activation buffers (up to hundreds of MiB for a batch of long
    passages) end up in per-thread heaps that never shrink: an embedding
    process that served a few concurrent batches stayed at 1.8 GiB instead of
    0.9 (benchmarks/memory.py). A fixed threshold keeps them as mappings that
    go back on free. No effect (and no error) off glibc.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = getattr(libc, "mallopt", None)
    except OSError:
        return
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, 1 << 20)


def _compact(model: Any) -> None:
    """Hold a 4-bit word table as 4 bits, and the other weights in this process's memory.

    The copy lets go of the memory-mapped weights file: after the word table has been
    read once to pack it, its 366 MiB would otherwise stay counted in this process.
    """
    from matcher.compact_embedding import compact_word_embeddings

    try:
        saved = compact_word_embeddings(model)
    except Exception:  # a model of another shape: it works as loaded, only larger
        log.warning("word embeddings not packed", exc_info=True)
        return
    if not saved:
        return
    import torch

    with torch.no_grad():
        for parameter in model.parameters():
            parameter.data = parameter.data.clone()
    log.info("word embeddings packed: %.0f MiB less per model copy", saved / 2**20)


def passage_text(record: GroupRecord) -> str:
    """The text a group is embedded from."""
    tags = ", ".join(record.tags)
    audience = "" if record.audience == "iedereen" else f" Voor {AUDIENCES[record.audience]}."
    return f"{record.title}. {record.summary} {record.description}{audience} {tags}".strip()


class VectorCache:
    """Vectors by (model, sha256 of text) in SQLite: survives restarts, safe to share."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: dict[tuple[str, str], np.ndarray] = {}
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS vectors "
                    "(model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))"
                )

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        return sqlite3.connect(self.path, timeout=30)

    @staticmethod
    def key(text: str) -> str:
        """Content hash of a text."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the keys that have one."""
        found = {k: v for k in keys if (v := self._memory.get((model, k))) is not None}
        missing = [k for k in keys if k not in found]
        if self.path is not None and missing:
            with self._connect() as db:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, blob in db.execute(
                        f"SELECT hash, vector FROM vectors WHERE model=? AND hash IN ({marks})",
                        [model, *chunk],
                    ):
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def vectors(
        self,
        model: str,
        keys: list[str],
        texts: list[str],
        embed: Callable[[list[str]], np.ndarray],
    ) -> tuple[list[np.ndarray], int]:
        """Vectors for texts (by key), embedding and storing only the missing ones; and how many."""
        known = self.get_many(model, list(dict.fromkeys(keys)))
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
        if todo:
            new = dict(zip(todo, embed(list(todo.values())), strict=True))
            self.put_many(model, new)
            known.update(new)
        return [known[k] for k in keys], len(todo)

    def count(self, model: str) -> int:
        """How many vectors of a model are stored (in memory when there is no file)."""
        if self.path is None:
            return sum(1 for m, _key in self._memory if m == model)
        with self._connect() as db:
            return int(
                db.execute("SELECT count(*) FROM vectors WHERE model=?", [model]).fetchone()[0]
            )

    def put_many(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Store new vectors."""
        for key, vector in vectors.items():
            self._memory[(model, key)] = vector
        if self.path is not None and vectors:
            with self._connect() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(model, k, v.astype(np.float32).tobytes()) for k, v in vectors.items()],
                )


@dataclass
class DenseIndex:
    """Normalised group vectors in catalogue order; `computed` counts fresh embeddings."""

    matrix: np.ndarray
    computed: int

    @classmethod
    def build(
        cls, records: Sequence[GroupRecord], embedder: Embedder, cache: VectorCache
    ) -> DenseIndex:
        """Embed only groups whose text is not in the cache yet."""
        texts = [passage_text(r) for r in records]
        keys = [VectorCache.key(t) for t in texts]
        rows, computed = cache.vectors(embedder.name, keys, texts, embedder.passages)
        matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 1), np.float32)
        return cls(matrix=matrix, computed=computed)

    @classmethod
    def build_unless_away(
        cls, records: Sequence[GroupRecord], embedder: Embedder, cache: VectorCache
    ) -> DenseIndex | None:
        """`build`, or None when the embedding service is away (words and spelling rank alone)."""
        from matcher.remote_embedder import EmbedderUnavailable

        try:
            return cls.build(records, embedder, cache)
        except EmbedderUnavailable as exc:
            log.warning("groups not embedded, index without the model: %s", exc)
            return None

    def scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query with every group."""
        return np.asarray(self.matrix @ query_vector, dtype=np.float32)
