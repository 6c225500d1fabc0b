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
from matcher.dense import VectorCache, load_embedder
from matcher.pipeline import MatchIndex


def warm_vectors(engine: Engine, model: str, cache_dir: Path) -> dict[str, int | str]:
    """Build the index once with the shared vector cache; report what was new."""
    with session_scope(engine) as session:
        records = load_records(session)
    status = load_embedder(model, cache_dir)
    if status.embedder is None:
        return {"groups": len(records), "model": "none"}
    cache = VectorCache(cache_dir / "vectors.sqlite3")
    before = cache.count(status.embedder.name)
    MatchIndex(records, embedder=status.embedder, cache=cache)
    return {"groups": len(records), "embedded": cache.count(status.embedder.name) - before}
