"""A small in-process cache of rendered public pages.

A page without a query string looks the same for everyone reading it in the
same language, until the catalogue changes or time moves on (a meeting
starts). Keeping such pages for a minute takes template rendering off the
hot path. Keys: path, language and catalogue version (a new matcher index
means new keys). Searches, pages with any query string and error pages are
never cached. Pages that show no catalogue data (help now) use
`cached_static_page`, whose key has no version: they must keep working when
the catalogue cannot be read.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app, request
from flask_babel import get_locale

from matcher.service import CatalogueUnavailable
from web.search_results import snapshot
from web.services import match_service

KEY = "groepenwijzer.page_cache"
TTL_SECONDS = 60.0
MAX_ENTRIES = 512

CacheKey = tuple[str, str, int]
STATIC_VERSION = 0  # catalogue versions count from 1


class PageCache:
    """A bounded, thread-safe LRU of page bodies with a time to live."""

    def __init__(self, max_entries: int = MAX_ENTRIES, ttl: float = TTL_SECONDS) -> None:
        self.max_entries = max_entries
        self.ttl = ttl
        self._entries: OrderedDict[CacheKey, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: CacheKey, now: float) -> str | None:
        """The body if present and fresh."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] <= now:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: CacheKey, body: str, now: float) -> None:
        """Store a body; the least recently used entry goes when full."""
        with self._lock:
            self._entries[key] = (now + self.ttl, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def init_app(app: Flask, cache: PageCache | None = None) -> None:
    """Give an app its own page cache."""
    app.extensions[KEY] = cache or PageCache()


def _cacheable(result: Any) -> str | None:
    """The HTML of a plain successful view result, else None."""
    if isinstance(result, str):
        return result
    if isinstance(result, tuple) and len(result) == 2 and result[1] == 200:
        body = result[0]
        return body if isinstance(body, str) else None
    return None


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve the view from the page cache when the URL has no query string.

    Without a readable catalogue the view runs uncached (and shows what it can).
    """
    return _cached(view, _catalogue_version)


def cached_static_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Like cached_page, for a page that never reads the catalogue (not even for its key)."""
    return _cached(view, lambda: STATIC_VERSION)


def _catalogue_version() -> int | None:
    try:
        return snapshot(match_service()).version
    except CatalogueUnavailable:
        return None


def _cached(view: Callable[..., Any], version: Callable[[], int | None]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(**kwargs: Any) -> Any:
        if request.query_string:
            return view(**kwargs)
        found = version()
        if found is None:
            return view(**kwargs)
        cache: PageCache = current_app.extensions[KEY]
        key = (request.path, str(get_locale()), found)
        now = time.monotonic()
        body = cache.get(key, now)
        if body is not None:
            return body
        result = view(**kwargs)
        html = _cacheable(result)
        if html is not None:
            cache.put(key, html, now)
        return result

    return wrapper
