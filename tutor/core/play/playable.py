"""What every way of playing offers a front end: a case (Session), a quiz (QuizSession) and a
review drill (DrillSession) answer the same questions, so the screens and line mode ask the
session what it is (`kind`) instead of testing its class or probing for attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from tutor.core.algorithm.scoring_types import Confidence, Response, StepResult, Totals
    from tutor.core.cases.model import AnyStep, Case, Reveal
    from tutor.core.play.session import CalibrationRow

PlayKind = Literal["case", "quiz", "drill"]


class Playable(Protocol):
    kind: PlayKind
    """A case branches and is recorded; a quiz's items come from many cases and are not
    recorded; a drill is a quiz whose every answer reschedules a review card."""
    context_each_item: bool
    """Front ends show the vignette with every item, not once a case (a drill)."""
    results: list[StepResult]
    """The path walked now, one answer per decision."""
    seed: int
    exploring: bool
    """The learner went back to try another branch: answers from then on are not scored."""

    @property
    def counted(self) -> list[StepResult]:
        """The answers that count for the score (a case: those before going back)."""
        ...

    @property
    def explored(self) -> list[StepResult]:
        """Answers given after going back to try another branch (never scored)."""
        ...

    @property
    def finished(self) -> bool: ...

    @property
    def case(self) -> Case:
        """The case of the decision at hand (of the last one once finished)."""
        ...

    @property
    def current(self) -> AnyStep | None: ...

    @property
    def step_number(self) -> int: ...

    @property
    def revealed(self) -> list[Reveal]: ...

    @property
    def count(self) -> int | None:
        """How many decisions there are in all, when known in advance (a quiz, a drill)."""
        ...

    @property
    def changed_since_answered(self) -> bool:
        """The decision at hand was edited in its case since the learner last answered it."""
        ...

    def case_of(self, number: int) -> Case:
        """The case decision `number` (1-based) belongs to: a quiz draws on many."""
        ...

    def option_order(self, step: AnyStep) -> list[int]: ...

    def submit(self, response: Response) -> StepResult: ...

    def choose(
        self, shown_numbers: Iterable[int], confidence: Confidence | None = None
    ) -> StepResult: ...

    def answer_number(self, value: float, confidence: Confidence | None = None) -> StepResult: ...

    def totals(self) -> Totals: ...

    def can_rewind(self, mode: str) -> bool:
        """Whether the learner may go back to an earlier decision now (practice, a case)."""
        ...

    def rewind(self, number: int, mode: str) -> None:
        """Go back to decision `number` on the path walked; raises RewindRefused."""
        ...

    def calibration(self) -> list[CalibrationRow]: ...
