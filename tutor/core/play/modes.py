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


def is_exam(mode: str) -> bool:
    return mode == "exam"


def allows_rewind(mode: str) -> bool:
    """Going back to an earlier decision to try another branch: practice only (an exam's first
    answers stand)."""
    return not is_exam(mode)


def time_limit_in(mode: str, minutes: float | None) -> float | None:
    """The time limit an attempt in `mode` plays against: only an exam is timed."""
    return minutes if is_exam(mode) else None


def mode_text(mode: str, minutes: float | None = None) -> str:
    """'Practice mode', 'Exam mode', 'Exam mode, 20 min'."""
    limit = time_limit_in(mode, minutes)
    text = "Exam mode" if is_exam(mode) else "Practice mode"
    return f"{text}, {limit:g} min" if limit else text


def seconds_left(minutes: float | None, started: float, now: float) -> float | None:
    """What is left of an attempt's time limit (never below 0); None when it is not timed."""
    if minutes is None:
        return None
    return max(0.0, started + minutes * 60 - now)
