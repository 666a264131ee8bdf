"""The exam clock: a once-a-second tick while a timed attempt is played."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer


class ExamClock:
    def __init__(self) -> None:
        self._timer: Timer | None = None

    def start(self, app: App[int], tick: Callable[[], None]) -> None:
        self.stop()
        self._timer = app.set_interval(1.0, tick)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
