"""The report's charts, drawn by matplotlib as SVG text to put inline in the page.

The bytes are deterministic: a fixed ``svg.hashsalt`` (the ids of clip paths), no date in
the metadata, text kept as text (``svg.fonttype = none``: smaller, and readable by a test).
Figures are made with ``matplotlib.figure.Figure``, never pyplot: no global state, no
window, safe in a library.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bulletins.report.summary import HeatMap, Ranked

SETTINGS: dict[Any, Any] = {
    "svg.hashsalt": "bulletins-report",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
METADATA = {"Date": None, "Creator": "bulletins report"}
COLOUR = "#3b6ea8"
_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with rc_context(SETTINGS):
        figure.savefig(buffer, format="svg", metadata=METADATA)
    return _PROLOGUE.sub("", buffer.getvalue())  # no XML prologue inside HTML


CHAR_WIDTH = 0.075  # inches, one character of a 9-point label, about


def _figure(width: float, height: float) -> Figure:
    """A figure whose margins ``_margins`` sets: a layout engine would draw it twice more."""
    with rc_context(SETTINGS):
        return Figure(figsize=(width, max(height, 1.4)))


def _margins(figure: Figure, left: float = 0.5, bottom: float = 0.45, right: float = 0.15) -> None:
    """Margins in inches, around the one axes of ``figure``."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=min(left / width, 0.7),
        right=1 - right / width,
        bottom=min(bottom / height, 0.6),
        top=1 - 0.1 / height,
    )


def _empty(figure: Figure, message: str = "nothing to show") -> str:
    axes = figure.subplots()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", color="#666")
    return _svg(figure)


def bars(
    pairs: Sequence[tuple[str, int]], xlabel: str, width: float = 6.0, empty: str = "nothing to show"
) -> str:
    """Horizontal bars, the first pair on top: « OTAN 17 », « UE 7 »…"""
    with rc_context(SETTINGS):
        figure = _figure(width, 0.6 + 0.24 * max(len(pairs), 1))
        if not pairs:
            return _empty(figure, empty)
        axes = figure.subplots()
        names = [name if len(name) <= 45 else name[:44] + "…" for name, _ in pairs]
        values = [value for _, value in pairs]
        positions = range(len(pairs))
        axes.barh(positions, values, color=COLOUR)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        for position, value in zip(positions, values, strict=True):
            axes.text(value, position, f" {value}", va="center", fontsize=8)
        axes.margins(x=0.12)
        _margins(figure, left=0.2 + CHAR_WIDTH * max(len(name) for name in names))
        return _svg(figure)


def columns(pairs: Sequence[tuple[str, int]], ylabel: str, width: float = 7.0) -> str:
    """Vertical bars in the order given (years, from the oldest)."""
    with rc_context(SETTINGS):
        figure = _figure(width, 2.6)
        if not pairs:
            return _empty(figure)
        axes = figure.subplots()
        positions = range(len(pairs))
        axes.bar(positions, [value for _, value in pairs], color=COLOUR)
        step = max(1, len(pairs) // 20)
        ticks = list(positions)[::step]
        rotated = len(pairs) > 8
        axes.set_xticks(ticks, [pairs[i][0] for i in ticks], rotation=60 if rotated else 0)
        axes.set_ylabel(ylabel)
        longest = max(len(name) for name, _ in pairs)
        _margins(figure, left=0.75, bottom=0.45 + (0.87 * CHAR_WIDTH * longest if rotated else 0))
        return _svg(figure)


def timelines(rows: Sequence[Ranked]) -> str:
    """For each entity a line from the first to the last year it is named, a dot per year
    sized by its bulletins of that year."""
    with rc_context(SETTINGS):
        figure = _figure(7.0, 0.6 + 0.3 * max(len(rows), 1))
        if not rows:
            return _empty(figure)
        axes = figure.subplots()
        for position, row in enumerate(rows):
            years = [year for year, _ in row.years]
            axes.plot([min(years), max(years)], [position, position], color="#9bb3d3", linewidth=2)
            axes.scatter(
                years, [position] * len(years), s=[14 + 10 * n for _, n in row.years], color=COLOUR, zorder=3
            )
        names = [row.name[:40] for row in rows]
        axes.set_yticks(range(len(rows)), names)
        axes.invert_yaxis()
        axes.set_xlabel("year of the bulletins that name it (dot size: bulletins)")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.margins(x=0.05, y=0.08)
        _margins(figure, left=0.2 + CHAR_WIDTH * max(len(name) for name in names))
        return _svg(figure)


def heat_map(heat: HeatMap) -> str:
    """Countries (rows) by programmes (columns): the bulletins that name both."""
    with rc_context(SETTINGS):
        figure = _figure(
            3.6 + 0.45 * max(len(heat.columns), 1),
            1.6 + 0.28 * max(len(heat.rows), 1) + 0.05 * max((len(c) for c in heat.columns), default=0),
        )
        if not heat.rows or not heat.columns:
            return _empty(figure, "no bulletin names both a country and a programme")
        axes = figure.subplots()
        image = axes.imshow(heat.counts, cmap="Blues", aspect="auto", vmin=0)
        columns, rows = [c[:25] for c in heat.columns], [r[:30] for r in heat.rows]
        axes.set_xticks(range(len(columns)), columns, rotation=50, ha="right")
        axes.set_yticks(range(len(rows)), rows)
        top = max((max(row) for row in heat.counts), default=0)
        for i, row in enumerate(heat.counts):
            for j, count in enumerate(row):
                if count:
                    colour = "white" if count > top / 2 else "black"
                    axes.text(j, i, str(count), ha="center", va="center", fontsize=7, color=colour)
        longest_column = max(len(c) for c in columns)
        _margins(
            figure,
            left=0.2 + CHAR_WIDTH * max(len(r) for r in rows),
            bottom=0.2 + 0.77 * CHAR_WIDTH * longest_column,
            right=0.2,
        )
        bar = figure.colorbar(image, ax=axes, label="bulletins naming both", shrink=0.8)
        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        return _svg(figure)
