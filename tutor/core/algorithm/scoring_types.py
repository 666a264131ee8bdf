"""What scoring works with and hands back: a learner's response, the feedback on it, one step's
result and an attempt's totals, and the credit each verdict earns. The rules that turn a response
into a result are in scoring.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tutor.core.cases.vocabulary import Verdict

if TYPE_CHECKING:  # annotations only: reading progress (tutor results) never loads the models
    from tutor.core.algorithm.algorithm import Node
    from tutor.core.cases.model import Reveal, SourcesDiffer

CREDIT: dict[Verdict, float] = {
    Verdict.preferred: 1.0,
    Verdict.acceptable: 0.5,
    Verdict.suboptimal: 0.0,
    Verdict.harmful: 0.0,
}


WRONG_PICK_SHARES = 1.0
"""A wrong option chosen in a select-all step takes away one preferred option's share."""


class Confidence(StrEnum):
    sure = "sure"
    unsure = "unsure"
    guessing = "guessing"


class InvalidResponse(ValueError):
    """The answer cannot be scored as given (wrong unit, no option chosen ...): ask again."""


@dataclass(frozen=True)
class Response:
    """What the learner submitted for one step. Option indexes are as written in the case."""

    step_id: str
    choices: tuple[int, ...] = ()
    value: float | None = None
    confidence: Confidence | None = None


@dataclass(frozen=True)
class Feedback:
    """One piece of explanation: the verdict of a choice, the author's words, and citations."""

    label: str
    verdict: Verdict
    text: str
    cite: tuple[str, ...]
    chosen: bool = True


@dataclass(frozen=True)
class StepResult:
    step_id: str
    response: Response
    verdict: Verdict
    points: float
    max_points: float
    harmful_choices: tuple[str, ...]
    feedback: tuple[Feedback, ...]
    next_step: str
    node: Node | None = None
    sources_differ: tuple[SourcesDiffer, ...] = ()
    reveals: tuple[Reveal, ...] = ()
    within_tolerance: bool = False
    answer_text: str = ""
    disputed: bool = False
    """The answer is one the sources disagree about (not merely on a step that has a note)."""
    tally: str = ""
    """What happened, in words: what was chosen, missed and wrongly picked, and the points."""
    every_option: tuple[Feedback, ...] = ()
    """Every option (or band) of the step with its verdict and explanation, chosen or not."""
    partial: bool = False
    """A select-all answer that earned some but not all of the points."""

    @property
    def harmful(self) -> bool:
        return bool(self.harmful_choices)

    @property
    def correct(self) -> bool:
        return self.points >= self.max_points

    @property
    def citations(self) -> list[str]:
        ids: list[str] = []
        for item in self.feedback:
            ids.extend(item.cite)
        for note in self.sources_differ:
            ids.extend(note.cite)
        if self.node:
            ids.extend(self.node.cite)
        return list(dict.fromkeys(ids))

    @property
    def label(self) -> str:
        """'sources differ' appears where a supported answer is not the preferred one."""
        if self.harmful and self.partial:
            return "partly right, with a harmful choice"
        if self.partial:
            return "partly right"
        if self.within_tolerance:
            return f"{self.verdict.value}, within rounding"
        if self.verdict is Verdict.acceptable and self.disputed:
            return "acceptable, sources differ"
        return self.verdict.value


@dataclass(frozen=True)
class Scored:
    """What scoring one kind of step decides; score_step adds what every step shares."""

    verdict: Verdict
    points: float
    feedback: tuple[Feedback, ...]
    answer_text: str
    reveals: tuple[Reveal, ...]
    harmful_choices: tuple[str, ...] = ()
    next_step: str = ""
    within_tolerance: bool = False
    tally: str = ""
    every_option: tuple[Feedback, ...] = ()
    partial: bool = False


@dataclass(frozen=True)
class Totals:
    points: float
    path_max: float
    best_path_max: float
    harmful: tuple[tuple[str, str], ...] = field(default=())
    answered_max: float | None = None
    """Points available on the decisions answered so far (None: not recorded)."""

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.path_max if self.path_max else 0.0
