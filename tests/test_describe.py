"""Phrasings shared by every front end."""

from __future__ import annotations

import pytest

from tutor.core.play import answers
from tutor.core.play.describe import format_points


@pytest.mark.parametrize(
    ("points", "shown"),
    [(1, "1"), (0.5, "0.5"), (5 / 6, "0.83"), (2 / 3, "0.67"), (12.5, "12.5"), (0.0, "0")],
)
def test_points_show_at_most_two_decimals(points: float, shown: str) -> None:
    assert format_points(points) == shown


def test_the_line_mode_reads_answers_with_the_shared_parser() -> None:
    import tutor.plain

    assert tutor.plain.parse_answer is answers.parse_answer
