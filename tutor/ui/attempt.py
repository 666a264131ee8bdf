"""What the screens of one attempt share: the session (the core decides), the mode and the clock.

This holds no scoring logic; it bundles the objects the player, feedback and results screens
render, so they can be handed from one screen to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.core.play.modes import MODES, Mode, is_exam  # noqa: F401 - re-exported
from tutor.core.play.modes import seconds_left as time_left
from tutor.core.play.wording import plural

if TYPE_CHECKING:  # the models load after the first frame; see tutor.launch
    from tutor.core.algorithm.algorithm import Algorithm
    from tutor.core.cases.loader import LoadedCase
    from tutor.core.cases.model import AnyStep, Case, Reference
    from tutor.core.play.playable import Playable
    from tutor.core.play.session import Session

SessionFactory = Callable[["Case", "Algorithm | None", "int | None"], "Session"]
Clock = Callable[[], float]


def default_session_factory(case: Case, algorithm: Algorithm | None, seed: int | None) -> Session:
    from tutor.core.play.session import Session

    return Session(case, algorithm, seed=seed)


@dataclass
class Attempt:
    loaded: LoadedCase | None
    """The case played (None for a quiz, whose items come from many cases)."""
    session: Playable
    references: dict[str, Reference]
    algorithm: Algorithm | None
    mode: Mode = "practice"
    time_limit: float | None = None
    """Minutes, exam mode only."""
    clock: Clock = field(default=lambda: 0.0)
    started: float = 0.0
    timed_out: bool = False
    attempt_id: int | None = None
    """The store's record of this attempt; None when the answers are not being saved."""
    notice: str = ""
    """Said when the case opens (resumed where you stopped ...), on the player's message line."""
    notice_warning: bool = False

    @property
    def case(self) -> Case:
        """The case of the decision at hand (for a quiz, of the current question)."""
        return self.session.case

    @property
    def quiz(self) -> bool:
        """Questions drawn from many cases (a quiz or a drill), not one case's decisions."""
        return self.session.kind != "case"

    @property
    def step_word(self) -> str:
        """What one step is called on screen: a quiz asks questions, a case has decisions
        (a quiz's question 2 may be decision 3 of its case)."""
        return "question" if self.quiz else "decision"

    def steps_text(self, count: int) -> str:
        """'1 decision', '3 questions'."""
        return plural(count, self.step_word)

    @property
    def saved(self) -> bool:
        return self.attempt_id is not None

    @property
    def title(self) -> str:
        if self.session.kind == "drill":
            return "Review drill"
        return "Self-assessment quiz" if self.quiz else self.case.title

    def step_of(self, number: int) -> AnyStep:
        """The step answered as decision `number` (1-based)."""
        return self.case_of(number).step(self.session.results[number - 1].step_id)

    def case_of(self, number: int) -> Case:
        """The case decision `number` belongs to (a quiz draws on many)."""
        return self.session.case_of(number)

    @property
    def count(self) -> int | None:
        """How many decisions there are in all, when that is known in advance (a quiz)."""
        return self.session.count

    @property
    def exam(self) -> bool:
        return is_exam(self.mode)

    @property
    def over(self) -> bool:
        """No more answers: the case is finished or the time ran out."""
        return self.session.finished or self.timed_out

    def seconds_left(self) -> float | None:
        return time_left(self.time_limit, self.started, self.clock())


def countdown_text(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60:d}:{whole % 60:02d} left"


def leave_question(attempt: Attempt) -> tuple[str, str]:
    """What to ask before leaving a case (or quiz) for the library, and the word for yes."""
    if attempt.quiz:
        return "Leave the quiz? Your answers in it are not kept.", "Leave"
    if attempt.saved:
        return (
            "Go back to the library? Your answers so far are saved: open the case again to "
            "carry on where you left off.",
            "Leave",
        )
    return (
        "Abandon this case and go back to the library? Your answers so far are not kept.",
        "Abandon",
    )


def quit_question(attempt: Attempt) -> str:
    if attempt.quiz:
        return "Quit the quiz? Your answers in it are not kept."
    if attempt.saved:
        return (
            "Quit the tutor? Your answers so far are saved: the case waits in the library, "
            "marked in progress."
        )
    return "Quit and abandon the case in progress? Your answers so far are not kept."
