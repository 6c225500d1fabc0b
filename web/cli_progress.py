"""Progress bars for long command-line work (import, export, re-index), terminals only.

The catalogue and matcher report `on_progress(done, total)` (catalogue.progress);
this module is the one place that turns that into a tqdm bar. A bar is drawn
only when its stream (standard error) is a terminal: piped output, cron, systemd
and tests get nothing extra, so standard output stays the data alone (an export
to stdout) and the logs stay clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from tqdm import tqdm

from catalogue.progress import Progress


def _screen(stream: TextIO) -> dict[str, int]:
    """Fixed columns and rows when the terminal says it has no size, else nothing (tqdm asks).

    A fresh pseudo-terminal (some CI runners, `script`, containers) reports 0×0, and
    tqdm then hides its bar altogether.
    """
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return {}
    return {} if size.columns > 0 and size.lines > 0 else {"ncols": 80, "nrows": 24}


def is_terminal(stream: TextIO) -> bool:
    """Whether a stream is an interactive terminal (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def progress_bar(
    description: str, *, unit: str = "groep", stream: TextIO | None = None
) -> Iterator[Progress | None]:
    """A callback that draws a bar on `stream` (default stderr), or None when it is no terminal.

    The bar appears at the first report (work that reports nothing draws nothing)
    and is closed when the block ends, before any message that follows it.
    """
    out = stream if stream is not None else sys.stderr
    if not is_terminal(out):
        yield None
        return
    bars: list[Any] = []

    def report(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc=description, unit=unit, file=out, **_screen(out)))
        bar = bars[0]
        if bar.total != total:
            bar.total = total
        if done < bar.n:  # a retried step starts again
            bar.reset(total=total)
        bar.update(done - bar.n)

    try:
        yield report
    finally:
        for bar in bars:
            bar.close()
