"""Accuracy over time as text: a one-line sparkline and a small bar chart, on a fixed 0-100 scale.

Textual's Sparkline scales between the smallest and largest value shown, so 60% and 70% would
look like empty and full; a score needs an absolute scale. These are plain strings (easy to
test), styled by `chart_content`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from textual.content import Content

from tutor.ui import render

EIGHTHS = " ▁▂▃▄▅▆▇█"
AXIS_WIDTH = 6  # "100% ┤"
COLUMN = 2  # one bar and a space per day


def spark(values: Sequence[float], width: int = 12) -> str:
    """One block per value (the last `width`); 0% is the lowest block, 100% the full one."""
    return "".join(EIGHTHS[1 + round(max(0.0, min(100.0, v)) / 100 * 7)] for v in values[-width:])


def bar_rows(values: Sequence[float], height: int) -> list[str]:
    """Rows of bars from the top down, one column per value, in eighths of a row."""
    rows = []
    for row in range(height):
        floor = (height - 1 - row) * 8
        cells = []
        for value in values:
            eighths = round(max(0.0, min(100.0, value)) / 100 * height * 8)
            cells.append(EIGHTHS[max(0, min(8, eighths - floor))])
        rows.append((" " * (COLUMN - 1)).join(cells))
    return rows


def bar_chart(
    points: Sequence[tuple[datetime.date, float]], *, height: int = 5, width: int = 70
) -> list[str]:
    """A bar per day (the most recent that fit), a 0-100% axis, and the first and last day."""
    fit = max(1, (width - AXIS_WIDTH) // COLUMN)
    shown = list(points)[-fit:]
    bars = bar_rows([value for _, value in shown], height)
    lines = []
    for index, bars_row in enumerate(bars):
        label = {0: "100%", height // 2: " 50%"}.get(index, "")
        lines.append(f"{label:>4} ┤{bars_row}".rstrip())
    span = max(1, len(shown) * COLUMN - 1)
    lines.append("  0% └" + "─" * span)
    if shown:
        first = f"{shown[0][0]:%m-%d}"
        last = f"{shown[-1][0]:%m-%d}"
        gap = max(1, span - len(first) - len(last))  # a short axis: the labels run past it
        axis = first + (" " * gap + last if len(shown) > 1 else "")
        lines.append(" " * AXIS_WIDTH + axis)
    return lines


def chart_content(lines: Sequence[str], bar_style: str = "$text-accent") -> Content:
    """The chart with its bars in `bar_style` and the axes muted."""
    styled = []
    for text in lines:
        axis, mark, bars = text.partition("┤")
        if mark:
            styled.append(Content.assemble((axis + mark, render.MUTED), (bars, bar_style)))
        else:
            styled.append(Content.styled(text, render.MUTED))
    return Content("\n").join(styled)
