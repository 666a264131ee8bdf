"""The two ways to play, in one place: practice (feedback after each decision) and exam
(feedback at the end, optionally against the clock). Light: the first frame imports it."""

from __future__ import annotations

from typing import Literal

Mode = Literal["practice", "exam"]
MODES: tuple[Mode, ...] = ("practice", "exam")


def mode_of(text: str) -> Mode:
    """A stored or typed mode as a Mode: anything but "exam" is practice."""
    return "exam" if text == "exam" else "practice"


def other_mode(mode: Mode) -> Mode:
    return "practice" if mode == "exam" else "exam"
