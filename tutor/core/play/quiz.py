"""A self-assessment quiz: decision points drawn from across the library, in exam mode.

Each item is one step of one case, shown with its case's vignette and the information that the
case has revealed by that point on the expert's path, so the question reads as it does in the
case. A quiz answers each item once; it does not branch.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.expert import expert_response as expert_response
from tutor.core.algorithm.expert import expert_walk
from tutor.core.algorithm.scoring import score_step
from tutor.core.algorithm.scoring_types import Confidence, Response, StepResult, Totals
from tutor.core.cases.loader import LoadedCase
from tutor.core.cases.model import AnyStep, Case, NumericStep, Reveal
from tutor.core.cases.vocabulary import Tag
from tutor.core.library.outcome import CaseSummary, Listing
from tutor.core.play.playable import PlayKind
from tutor.core.play.session import (
    CalibrationRow,
    RewindRefused,
    SessionFinished,
    calibration_of,
    shown_to_written,
)


@dataclass(frozen=True)
class QuizItem:
    case: Case
    step: AnyStep
    revealed_before: tuple[Reveal, ...]


def expert_path(case: Case, algorithm: Algorithm | None = None) -> list[QuizItem]:
    """Every step on the expert's path, each with what had been revealed before it."""
    items = []
    revealed: list[Reveal] = []
    for step, result in expert_walk(case, algorithm):
        items.append(QuizItem(case, step, tuple(revealed)))
        revealed.extend(result.reveals)
    return items


# How many questions a quiz asks when nobody says: `tutor quiz` and the library's palette.
DEFAULT_QUIZ_COUNT = 10


def assemble_quiz(
    listing: Listing,
    read: Callable[[CaseSummary], LoadedCase | None],
    *,
    count: int,
    tags: Sequence[Tag] = (),
    seed: int,
    algorithm: Algorithm | None = None,
) -> list[QuizItem]:
    """Pick `count` decision points at random (seeded) from the listed cases carrying any of
    `tags`, reading (with `read`, given a case's summary) only the cases drawn: the listing knows
    each case's tags and decisions without building its summary, so the quiz costs the same in
    a small library as a large one.

    Cases are interleaved at random, but the questions drawn from one case keep that case's
    order: a later decision's story (its prompt, and what the case revealed before it) often
    tells the answer to an earlier one, so the earlier one is always asked first. A case that
    no longer loads (changed on disk since it was listed) gives no questions."""
    wanted = {tag.value for tag in tags}
    pool = [
        (number, position)
        for number, (case_tags, decisions) in enumerate(listing.quiz_facts())
        if not wanted or wanted & set(case_tags)
        for position in range(decisions)
    ]
    rng = random.Random(seed)
    drawn = rng.sample(pool, min(count, len(pool)))
    # The slots the draw gave each case are filled with that case's questions in case order.
    paths: dict[int, list[QuizItem]] = {}
    in_case_order: dict[int, list[QuizItem]] = {}
    for number, position in sorted(drawn):
        if number not in paths:
            found = read(listing.summary_at(number))
            paths[number] = expert_path(found.model, algorithm) if found is not None else []
        if position < len(paths[number]):
            in_case_order.setdefault(number, []).append(paths[number][position])
    return [in_case_order[number].pop(0) for number, _ in drawn if in_case_order.get(number)]


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

    exploring = False

    @property
    def counted(self) -> list[StepResult]:
        """Every answer counts: a quiz has no going back."""
        return self.results

    @property
    def explored(self) -> list[StepResult]:
        return []

    def can_rewind(self, mode: str) -> bool:
        return False

    def rewind(self, number: int, mode: str) -> None:
        raise RewindRefused("A quiz has no going back: each question is answered once.")

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
