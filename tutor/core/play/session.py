"""One attempt at one case, a decision at a time: the logic every front end drives.

present the current step -> accept an answer -> reveal feedback and new information -> advance.
The TUI, the plain line mode and the tests all use this object, so they cannot disagree.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.scoring import score_step
from tutor.core.algorithm.scoring_types import (
    CREDIT,
    Confidence,
    InvalidResponse,
    Response,
    StepResult,
    Totals,
)
from tutor.core.cases.model import END, AnyStep, Case, NumericStep, Reveal
from tutor.core.cases.vocabulary import Verdict
from tutor.core.play.modes import allows_rewind
from tutor.core.play.playable import PlayKind


class AttemptLog(Protocol):
    """Where a session reports what happens, as it happens (the progress store implements it)."""

    def answered(self, session: Session, result: StepResult, seconds: float) -> None: ...

    def finished(self, session: Session) -> None: ...


class SessionFinished(RuntimeError):
    """An answer was submitted after the last step."""


class RewindRefused(ValueError):
    """Going back is not allowed here (an exam) or there is no such decision; `str` says why."""


@dataclass(frozen=True)
class CalibrationRow:
    confidence: Confidence
    answered: int
    correct: int


class Session:
    """One attempt at one case, along the path the learner's answers take (a Playable)."""

    kind: PlayKind = "case"
    context_each_item = False
    count = None
    changed_since_answered = False

    def __init__(
        self,
        case: Case,
        algorithm: Algorithm | None = None,
        *,
        seed: int | None = None,
        shuffle: bool = True,
        log: AttemptLog | None = None,
        exam: bool = False,
    ) -> None:
        self.case = case
        self.exam = exam
        """An exam keeps to the case's main line (see `submit`)."""
        self.log = log
        self._step_started = time.monotonic()
        self.algorithm = algorithm
        self.seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        self.shuffle = shuffle
        self.results: list[StepResult] = []
        """The path walked now: one answer per decision, in order (rewinding cuts it back)."""
        self.counted: list[StepResult] = []
        """The answers that count for the score and the exports: those given before the
        first rewind (the first answer at each decision)."""
        self.explored: list[StepResult] = []
        """The answers given after a rewind: exploration, shown as such, never scored."""
        self.exploring = False
        """True once the learner has gone back to try another branch."""
        self._current: str = case.steps[0].id
        self._counted_next: str = self._current
        self._skipped: str | None = None
        """The detour an exam did not take after the last answer (see `replay`)."""

    # -- where we are --------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self._current == END

    def case_of(self, number: int) -> Case:
        return self.case

    @property
    def current(self) -> AnyStep | None:
        return None if self.finished else self.case.step(self._current)

    @property
    def step_number(self) -> int:
        """1-based count of the decision being presented."""
        return len(self.results) + 1

    @property
    def seconds_on_current(self) -> float:
        """How long the decision at hand has been open (since the last answer, or the start)."""
        return time.monotonic() - self._step_started

    def steps_left(self) -> list[AnyStep]:
        """The decisions not answered, from the one open on (when time runs out): each step's
        own `next`, else the step written after it; an option that would choose another way
        was never chosen."""
        left: list[AnyStep] = []
        current = self._current
        while current != END and current not in {s.id for s in left}:
            index = self.case.step_indexes.get(current)
            if index is None:
                break
            left.append(self.case.steps[index])
            current = self.case.default_next(index)
        return left

    @property
    def revealed(self) -> list[Reveal]:
        """New information revealed so far, in the order the case unfolded."""
        return [reveal for result in self.results for reveal in result.reveals]

    def option_order(self, step: AnyStep) -> list[int]:
        """The order options are shown in: shuffled per attempt (seeded), unless pinned."""
        if isinstance(step, NumericStep):
            return []
        order = list(range(len(step.options)))
        if self.shuffle and not step.pin_order:
            random.Random(f"{self.seed}:{step.id}").shuffle(order)
        return order

    # -- answering -----------------------------------------------------------------
    def submit(self, response: Response) -> StepResult:
        """Score the answer to the current step and move on. Raises InvalidResponse to re-ask."""
        step = self.current
        if step is None:
            raise SessionFinished("the case is already finished")
        if response.step_id != step.id:
            raise ValueError(f"answer is for step '{response.step_id}', not '{step.id}'")
        result = score_step(step, response, self.algorithm)
        index = self.case.steps.index(step)
        next_step = result.next_step or self.case.default_next(index)
        if self.exam:
            # An option's own reveal, and the detour a wrong answer leads to, are verdicts on the
            # answer, and an exam gives verdicts only at the end: it shows what the step reveals
            # after any answer, and leaves the step's own path only for a sound answer's branch
            # (say, the dosing of the partner drug chosen). docs/authoring.md, "Exam mode".
            if not result.verdict.is_correct:
                next_step = self.case.default_next(index)
            result = replace(result, reveals=tuple(r for r in result.reveals if r is step.reveal))
        skipped = result.next_step if result.next_step and result.next_step != next_step else None
        result = replace(result, next_step=next_step)
        now = time.monotonic()
        if self.log is not None:
            # Record first: if the write fails, the session has not moved and nothing is lost.
            self.log.answered(self, result, now - self._step_started)
        self.results.append(result)
        if self.exploring:
            self.explored.append(result)
        else:
            self.counted.append(result)
            self._counted_next = next_step
        self._current = next_step
        self._skipped = skipped
        self._step_started = now
        if self.log is not None and self.finished:
            self.log.finished(self)
        return result

    def choose(
        self,
        shown_numbers: Iterable[int],
        confidence: Confidence | None = None,
    ) -> StepResult:
        """Answer with the 1-based numbers the options were shown under."""
        step = self.current
        if step is None:
            raise SessionFinished("the case is already finished")
        choices = shown_to_written(self.option_order(step), shown_numbers)
        return self.submit(Response(step.id, choices, confidence=confidence))

    def answer_number(self, value: float, confidence: Confidence | None = None) -> StepResult:
        step = self.current
        if step is None:
            raise SessionFinished("the case is already finished")
        return self.submit(Response(step.id, value=value, confidence=confidence))

    # -- going back (practice mode) ---------------------------------------------------
    def can_rewind(self, mode: str) -> bool:
        return allows_rewind(mode) and bool(self.results)

    def rewind(self, number: int, mode: str) -> None:
        """Go back to decision `number` (1-based, on the path walked) to try another branch.
        Answers from then on are exploration: the score keeps the first answers."""
        if not allows_rewind(mode):
            raise RewindRefused("An exam has no going back: your first answers stand.")
        if not 1 <= number <= len(self.results):
            raise RewindRefused(f"There is no decision {number} to go back to.")
        self._go_back(number)

    def _go_back(self, number: int) -> None:
        self._current = self.results[number - 1].step_id
        del self.results[number - 1 :]
        self.exploring = True
        self._step_started = time.monotonic()

    def replay(self, responses: Iterable[Response]) -> None:
        """Bring a resumed attempt back to where it stopped, without logging the answers again.
        An answer to a decision already on the path was given after going back to it."""
        log, self.log = self.log, None
        try:
            for response in responses:
                if response.step_id == self._skipped:
                    # An exam recorded before exams kept to the main line went into the detour;
                    # its answers there are kept and replayed.
                    self._current = response.step_id
                elif response.step_id != self._current:
                    walked = [r.step_id for r in self.results]
                    if response.step_id in walked:
                        self._go_back(walked.index(response.step_id) + 1)
                self.submit(response)
        finally:
            self.log = log

    # -- results -------------------------------------------------------------------
    def totals(self) -> Totals:
        """The score of the counted answers (exploration never counts)."""
        counted = self.counted
        return Totals(
            points=sum(r.points for r in counted),
            path_max=sum(r.max_points for r in counted) + self._remaining_best(),
            best_path_max=best_path_points(self.case),
            harmful=tuple((r.step_id, choice) for r in counted for choice in r.harmful_choices),
            answered_max=sum(r.max_points for r in counted),
        )

    def _remaining_best(self) -> float:
        """Points still to come on the best continuation of the counted path."""
        nxt = self._counted_next
        return 0.0 if nxt == END else best_path_points(self.case, nxt)

    def calibration(self) -> list[CalibrationRow]:
        return calibration_of(self.counted)


def calibration_of(results: Iterable[StepResult]) -> list[CalibrationRow]:
    """How often each level of confidence went with a fully correct answer."""
    results = list(results)
    rows = []
    for level in Confidence:
        marked = [r for r in results if r.response.confidence is level]
        if marked:
            rows.append(CalibrationRow(level, len(marked), sum(r.correct for r in marked)))
    return rows


def shown_to_written(order: list[int], shown_numbers: Iterable[int]) -> tuple[int, ...]:
    """Map the 1-based numbers options were shown under to their indexes in the case file."""
    choices = []
    for number in shown_numbers:
        if not 1 <= number <= len(order):
            raise InvalidResponse(f"There is no option {number}; choose 1-{len(order)}.")
        choices.append(order[number - 1])
    return tuple(choices)


def best_path_points(case: Case, start: str | None = None) -> float:
    """Points on the path an expert takes: at each step, the option with the most credit."""
    total = 0.0
    current = start or case.steps[0].id
    seen: set[str] = set()
    while current != END and current not in seen:
        seen.add(current)
        step = case.step(current)
        total += step.points
        index = case.steps.index(step)
        nxt = case.default_next(index)
        if not isinstance(step, NumericStep) and step.kind == "single":
            best = max(step.options, key=lambda o: CREDIT[o.verdict])
            if best.verdict is Verdict.preferred and best.next:
                nxt = best.next
        current = nxt
    return total
