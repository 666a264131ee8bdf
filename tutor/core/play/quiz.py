"""A self-assessment quiz: decision points drawn from across the library, in exam mode.

Each item is one step of one case, shown with its case's vignette and the information that the
case has revealed by that point on the expert's path, so the question reads as it does in the
case. A quiz answers each item once; it does not branch.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.scoring import (
    CREDIT,
    Confidence,
    Response,
    StepResult,
    Totals,
    score_step,
)
from tutor.core.cases.model import AnyStep, Case, MultipleStep, NumericStep, Reveal
from tutor.core.cases.vocabulary import Tag
from tutor.core.play.playable import PlayKind
from tutor.core.play.session import (
    CalibrationRow,
    Session,
    SessionFinished,
    calibration_of,
    shown_to_written,
)


@dataclass(frozen=True)
class QuizItem:
    case: Case
    step: AnyStep
    revealed_before: tuple[Reveal, ...]


def expert_response(step: AnyStep) -> Response:
    """The answer an expert gives: the best option(s), or the middle of the best band."""
    if isinstance(step, NumericStep):
        band = max(step.numeric.bands, key=lambda b: CREDIT[b.verdict])
        return Response(step.id, value=(band.min + band.max) / 2)
    if isinstance(step, MultipleStep):
        return Response(
            step.id, tuple(i for i, o in enumerate(step.options) if o.verdict.is_correct)
        )
    best = max(range(len(step.options)), key=lambda i: CREDIT[step.options[i].verdict])
    return Response(step.id, (best,))


def expert_path(case: Case, algorithm: Algorithm | None = None) -> list[QuizItem]:
    """Every step on the expert's path, each with what had been revealed before it."""
    session = Session(case, algorithm, shuffle=False)
    items = []
    while not session.finished:
        step = session.current
        assert step is not None
        items.append(QuizItem(case, step, tuple(session.revealed)))
        session.submit(expert_response(step))
    return items


def assemble_quiz(
    cases: Iterable[Case],
    *,
    count: int,
    tags: Sequence[Tag] = (),
    seed: int,
    algorithm: Algorithm | None = None,
) -> list[QuizItem]:
    """Pick `count` decision points at random (seeded) from cases carrying any of `tags`.

    Cases are interleaved at random, but the questions drawn from one case keep that case's
    order: a later decision's story (its prompt, and what the case revealed before it) often
    tells the answer to an earlier one, so the earlier one is always asked first."""
    pool = [
        (number, position, item)
        for number, case in enumerate(cases)
        if not tags or set(tags) & set(case.tags)
        for position, item in enumerate(expert_path(case, algorithm))
    ]
    rng = random.Random(seed)
    drawn = rng.sample(pool, min(count, len(pool)))
    # The slots the draw gave each case are filled with that case's questions in case order.
    in_case_order: dict[int, list[QuizItem]] = {}
    for number, _, item in sorted(drawn, key=lambda entry: entry[:2]):
        in_case_order.setdefault(number, []).append(item)
    return [in_case_order[number].pop(0) for number, _, _ in drawn]


class QuizSession:
    """Answers quiz items one by one; a Playable, as Session is, so front ends share code."""

    kind: PlayKind = "quiz"
    context_each_item = False

    def __init__(
        self,
        items: Sequence[QuizItem],
        algorithm: Algorithm | None = None,
        *,
        seed: int = 0,
        shuffle: bool = True,
    ) -> None:
        if not items:
            raise ValueError("a quiz needs at least one item")
        self.items = list(items)
        self.algorithm = algorithm
        self.seed = seed
        self.shuffle = shuffle
        self.results: list[StepResult] = []

    @property
    def finished(self) -> bool:
        return len(self.results) >= len(self.items)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def changed_since_answered(self) -> bool:
        return False

    def case_of(self, number: int) -> Case:
        return self.items[number - 1].case

    @property
    def item(self) -> QuizItem | None:
        return None if self.finished else self.items[len(self.results)]

    @property
    def case(self) -> Case:
        """The case of the current item (of the last item once finished)."""
        return (self.item or self.items[-1]).case

    @property
    def current(self) -> AnyStep | None:
        return self.item.step if self.item else None

    @property
    def step_number(self) -> int:
        return len(self.results) + 1

    @property
    def revealed(self) -> list[Reveal]:
        return list(self.item.revealed_before) if self.item else []

    def option_order(self, step: AnyStep) -> list[int]:
        if isinstance(step, NumericStep):
            return []
        order = list(range(len(step.options)))
        if self.shuffle and not step.pin_order:
            random.Random(f"{self.seed}:{self.case.id}:{step.id}").shuffle(order)
        return order

    def submit(self, response: Response) -> StepResult:
        item = self.item
        if item is None:
            raise SessionFinished("the quiz is already finished")
        # What a step reveals belongs to its case's timeline, not to the next quiz item.
        result = replace(score_step(item.step, response, self.algorithm), reveals=())
        self.results.append(result)
        return result

    def choose(
        self, shown_numbers: Iterable[int], confidence: Confidence | None = None
    ) -> StepResult:
        step = self.current
        if step is None:
            raise SessionFinished("the quiz is already finished")
        choices = shown_to_written(self.option_order(step), shown_numbers)
        return self.submit(Response(step.id, choices, confidence=confidence))

    def answer_number(self, value: float, confidence: Confidence | None = None) -> StepResult:
        step = self.current
        if step is None:
            raise SessionFinished("the quiz is already finished")
        return self.submit(Response(step.id, value=value, confidence=confidence))

    def totals(self) -> Totals:
        maximum = float(sum(item.step.points for item in self.items))
        return Totals(
            points=sum(r.points for r in self.results),
            path_max=maximum,
            best_path_max=maximum,
            harmful=tuple((r.step_id, c) for r in self.results for c in r.harmful_choices),
        )

    def calibration(self) -> list[CalibrationRow]:
        return calibration_of(self.results)
