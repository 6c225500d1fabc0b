"""The model in one process that the web workers and the bot call.

Why: torch, the tokenizer and the weights cost about 0.6 GB in every process that
loads them. With `GROEPENWIJZER_MODEL=http://127.0.0.1:5100` a process asks the
embedding service (`groepenwijzer embedder`, web/embedder_service.py) for its
vectors instead, so a host holds one copy of the model however many web workers
and bots it runs, and those processes never import torch.

The wire format is shared here by client and service: JSON in, and vectors as
base64 little-endian float32 rows out, so they arrive bit for bit as computed.
Messages travel only in memory and over this connection; neither side stores or
logs them. A service that is away is no crisis: callers treat a failure as "no
model" (lexical matching, lexical crisis layer) and say so.
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

KINDS = ("query", "passage")
MAX_TEXTS = 64  # texts per request: a catalogue re-index goes in batches of this
MAX_CHARS = 4000  # per text: longer texts are cut by the model's 512 tokens anyway
TOKEN_ENV = "GROEPENWIJZER_EMBEDDER_TOKEN"
_CONNECT_SECONDS = 2.0
_READ_SECONDS = 60.0  # a batch of 64 passages takes a few seconds on two cores


class EmbedderUnavailable(RuntimeError):
    """The embedding service did not answer, or answered with something unusable."""


def is_service_url(setting: str) -> bool:
    """Whether a model setting names an embedding service rather than a model."""
    return setting.strip().lower().startswith(("http://", "https://"))


def pack_vectors(vectors: np.ndarray) -> str:
    """Rows of float32 as base64 (the service's answer)."""
    return base64.b64encode(np.ascontiguousarray(vectors, dtype="<f4").tobytes()).decode()


def unpack_vectors(data: str, rows: int, dimension: int) -> np.ndarray:
    """The rows `pack_vectors` packed; EmbedderUnavailable when the size is wrong."""
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError as exc:  # binascii.Error
        raise EmbedderUnavailable("answer is not base64") from exc
    if len(raw) != rows * dimension * 4:
        raise EmbedderUnavailable("answer has the wrong number of values")
    return np.frombuffer(raw, dtype="<f4").reshape(rows, dimension).astype(np.float32)


def read_request(body: Any) -> tuple[str, list[str]]:
    """The kind and texts of an embed request, or ValueError saying what is wrong."""
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object with 'kind' and 'texts'")
    kind, texts = body.get("kind"), body.get("texts")
    if kind not in KINDS:
        raise ValueError("'kind' must be 'query' or 'passage'")
    if not isinstance(texts, list) or not 1 <= len(texts) <= MAX_TEXTS:
        raise ValueError(f"'texts' must be a list of 1 to {MAX_TEXTS} strings")
    if not all(isinstance(t, str) and len(t) <= MAX_CHARS for t in texts):
        raise ValueError(f"every text must be a string of at most {MAX_CHARS} characters")
    return kind, texts


class RemoteEmbedder:
    """An `Embedder` that asks the embedding service; thread-safe (one pooled client)."""

    def __init__(self, url: str, *, token: str | None = None) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(
            base_url=url.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(_READ_SECONDS, connect=_CONNECT_SECONDS),
        )
        try:
            info = self._call("GET", "/v1/info")
            name, dimension = info.get("model"), info.get("dimension")
            if not isinstance(name, str) or not isinstance(dimension, int) or dimension < 1:
                raise EmbedderUnavailable("the service did not say which model it runs")
        except Exception:
            self.close()
            raise
        # The service's model name: group vectors cached under it are shared with
        # processes that load the same model themselves.
        self.name = name
        self.dimension = dimension

    def close(self) -> None:
        """Close the pooled connections (a process that keeps its embedder never needs to)."""
        self._client.close()

    def __enter__(self) -> RemoteEmbedder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @classmethod
    def from_setting(cls, setting: str) -> RemoteEmbedder:
        """The service a model setting names, with the token from the environment."""
        return cls(setting.strip(), token=os.environ.get(TOKEN_ENV) or None)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        import httpx

        try:
            response = self._client.request(method, path, json=body)
        except httpx.HTTPError as exc:  # the message text is never part of these errors
            raise EmbedderUnavailable(
                f"embedding service unreachable ({type(exc).__name__})"
            ) from None
        if response.status_code != 200:
            raise EmbedderUnavailable(f"embedding service answered {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise EmbedderUnavailable("embedding service answered no JSON") from exc

    def _embed(self, kind: str, texts: Sequence[str]) -> np.ndarray:
        parts = []
        for start in range(0, len(texts), MAX_TEXTS):
            chunk = [t[:MAX_CHARS] for t in texts[start : start + MAX_TEXTS]]
            answer = self._call("POST", "/v1/embed", {"kind": kind, "texts": chunk})
            if not isinstance(answer, dict) or answer.get("model") != self.name:
                raise EmbedderUnavailable("embedding service changed its model; restart")
            parts.append(unpack_vectors(str(answer.get("vectors", "")), len(chunk), self.dimension))
        if not parts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack(parts)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for queries."""
        return self._embed("query", texts)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for group texts."""
        return self._embed("passage", texts)
