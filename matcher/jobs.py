"""The matcher's scheduled job: embed the groups whose text changed, ahead of the web.

The web processes rebuild their index when the catalogue changes
(matcher.service); the slow part is embedding new or edited texts. The worker
does that first and stores the vectors in the shared vector cache, so a web
rebuild finds them there and takes seconds instead of minutes.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.progress import Progress
from matcher.dense import VectorCache, load_embedder, passage_text

# Groups embedded (or found in the cache) per step; each step reports progress.
WARM_BATCH = 64


def warm_vectors(
    engine: Engine, model: str, cache_dir: Path, on_progress: Progress | None = None
) -> dict[str, int | str]:
    """Put every group's vector in the shared cache; report what was new.

    The same texts, keys and cache as the web's index build (matcher.dense.DenseIndex),
    in steps of WARM_BATCH groups so that `on_progress(done, total)` can follow along.
    """
    with session_scope(engine) as session:
        records = load_records(session)
    status = load_embedder(model, cache_dir)
    if status.embedder is None:
        return {"groups": len(records), "model": "none"}
    embedder = status.embedder
    cache = VectorCache(cache_dir / "vectors.sqlite3")
    before = cache.count(embedder.name)
    texts = [passage_text(record) for record in records]
    for start in range(0, len(texts), WARM_BATCH):
        step = texts[start : start + WARM_BATCH]
        cache.vectors(embedder.name, [VectorCache.key(t) for t in step], step, embedder.passages)
        if on_progress is not None:
            on_progress(start + len(step), len(texts))
    return {"groups": len(records), "embedded": cache.count(embedder.name) - before}
