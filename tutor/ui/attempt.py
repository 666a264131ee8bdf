"""What the screens of one attempt share: the session (the core decides), the mode and the clock.

This holds no scoring logic; it bundles the objects the player, feedback and results screens
render, so they can be handed from one screen to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from tutor.core.algorithm import Algorithm
from tutor.core.loader import LoadedCase
from tutor.core.model import Case, Reference
from tutor.core.session import Session

Mode = Literal["practice", "exam"]
MODES: tuple[Mode, ...] = ("practice", "exam")
SessionFactory = Callable[[Case, Algorithm | None, int | None], Session]
Clock = Callable[[], float]


def default_session_factory(case: Case, algorithm: Algorithm | None, seed: int | None) -> Session:
    return Session(case, algorithm, seed=seed)


@dataclass
class Attempt:
    loaded: LoadedCase
    session: Session
    references: dict[str, Reference]
    algorithm: Algorithm | None
    mode: Mode = "practice"
    time_limit: float | None = None
    """Minutes, exam mode only."""
    clock: Clock = field(default=lambda: 0.0)
    started: float = 0.0
    timed_out: bool = False

    @property
    def case(self) -> Case:
        return self.session.case

    @property
    def exam(self) -> bool:
        return self.mode == "exam"

    @property
    def over(self) -> bool:
        """No more answers: the case is finished or the time ran out."""
        return self.session.finished or self.timed_out

    def seconds_left(self) -> float | None:
        if self.time_limit is None:
            return None
        return max(0.0, self.started + self.time_limit * 60 - self.clock())


def countdown_text(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60:d}:{whole % 60:02d} left"
