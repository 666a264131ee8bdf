"""Numbers and counted words, phrased one way for every front end: '1 decision', '3 cases',
'0.5 points', '83%'. No imports: the first frame uses it."""

from __future__ import annotations


def word_for(count: float, word: str) -> str:
    """The word for a count of things: 'point' for 1, 'points' otherwise."""
    return word if count == 1 else word + "s"


def plural(count: int, word: str) -> str:
    """'1 decision', '0 decisions', '3 decisions', '12,500 decisions' (thousands separated, as
    every count a learner reads is)."""
    return f"{count:,} {word_for(count, word)}"


def format_points(points: float) -> str:
    """At most two decimals, no trailing zeros: 1, 0.5, 0.83 (not 0.833333)."""
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent_text(value: float | None) -> str:
    """'83%', or '-' when there is nothing to count."""
    return "-" if value is None else f"{value:.0f}%"
