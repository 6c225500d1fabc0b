"""Server-side SVG charts for the monitoring dashboard (matplotlib; no JavaScript).

Each chart is a picture of a table the page shows beside it, so a screen reader
user gets the same numbers from the table. The SVG travels as a `data:` image:
the site's Content-Security-Policy allows `data:` images, while matplotlib's
inline `style` attributes would be refused in an inline `<svg>`. Text stays text
(`svg.fonttype = none`) and the output is deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "groepenwijzer"

from matplotlib.axes import Axes  # noqa: E402  (after the backend is chosen)
from matplotlib.figure import Figure  # noqa: E402

ACCENT = "#00566f"  # the site's accent colour, 7.9:1 on white
# Okabe–Ito colours, distinguishable with colour blindness; hatches add a second cue.
SERIES = (("#00566f", ""), ("#e69f00", "//"), ("#cc79a7", ""))
TEXT = "#1b1b1b"
WIDTH_INCHES = 5.2  # drawn at about 60% of the page: text stays readable
LABEL_WIDTH = 30  # characters per line of a category label


def _wrap(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH)) or label


def _figure(rows: int) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, 0.9 + 0.42 * max(rows, 1)), layout="constrained")
    figure.patch.set_facecolor("white")
    return figure


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[float], *, unit: str = "") -> str:
    """Horizontal bars, first label on top, each bar with its number at the end (SVG text)."""
    figure = _figure(len(labels))
    axes = figure.subplots()
    positions = range(len(labels))
    bars = axes.barh(list(positions), list(values), color=ACCENT)
    axes.set_yticks(list(positions), [_wrap(label) for label in labels], color=TEXT)
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[f"{v:g}{unit}" for v in values], padding=3, color=TEXT)
    _tidy(axes, max(values, default=0))
    return _svg(figure)


def grouped_bar_chart(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, unit: str = ""
) -> str:
    """Horizontal bars per label, one bar per series, with a legend (e.g. shares per domain)."""
    figure = _figure(len(labels) * len(series) + 1)  # one row more for the legend
    axes = figure.subplots()
    height = 0.8 / max(len(series), 1)
    top = 0.0
    for index, (name, values) in enumerate(series):
        colour, hatch = SERIES[index % len(SERIES)]
        positions = [i + index * height for i in range(len(labels))]
        bars = axes.barh(positions, list(values), height=height, color=colour, hatch=hatch,
                         edgecolor="white", label=name)  # fmt: skip
        axes.bar_label(bars, labels=[f"{v:.0f}{unit}" for v in values], padding=3, color=TEXT)
        top = max(top, *values) if values else top
    middle = height * (len(series) - 1) / 2
    axes.set_yticks([i + middle for i in range(len(labels))], [_wrap(x) for x in labels])
    axes.invert_yaxis()
    figure.legend(loc="outside upper center", ncols=len(series), frameon=False, labelcolor=TEXT)
    _tidy(axes, top)
    return _svg(figure)


def _tidy(axes: Axes, top: float) -> None:
    axes.set_xlim(0, (top or 1) * 1.18)  # room for the number after the longest bar
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0, labelcolor=TEXT)


def data_uri(svg: str) -> str:
    """The SVG as a `data:` URL for an `<img>` (allowed by the site's CSP)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
