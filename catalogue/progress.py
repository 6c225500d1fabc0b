"""Progress of long catalogue and matcher work, reported to whoever asked (the CLI).

Business logic takes an optional `on_progress(done, total)` callback and knows
nothing about terminals; the command line turns it into a progress bar
(web/cli_progress.py) when standard error is a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Called with how many items are done and how many there are in all.
Progress = Callable[[int, int], None]


def counted(items: Sequence[T], on_progress: Progress | None) -> Iterator[T]:
    """Yield the items, reporting (done, total) after each one has been handled."""
    total = len(items)
    for done, item in enumerate(items, start=1):
        yield item
        if on_progress is not None:
            on_progress(done, total)
