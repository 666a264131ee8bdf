"""How a review card is scheduled: an answer's rating (`rating_for`) and the scheduler behind
our own small interface (`ReviewScheduler`), which the `fsrs` library implements
(`FsrsScheduler`), so it can be swapped and tested with any clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from tutor.core.algorithm.scoring_types import Confidence, StepResult
from tutor.core.cases.vocabulary import Verdict


class Rating(IntEnum):
    """How well a decision was recalled (FSRS's four grades)."""

    again = 1
    hard = 2
    good = 3
    easy = 4


def rating_for(
    verdict: Verdict, correct: bool, harmful: bool, confidence: Confidence | None
) -> Rating:
    """harmful or suboptimal: Again; acceptable (or partly right), or right while guessing:
    Hard; right and unsure (or unmarked): Good; right and sure: Easy."""
    if harmful or verdict in (Verdict.harmful, Verdict.suboptimal):
        return Rating.again
    if not correct or confidence is Confidence.guessing:
        return Rating.hard
    if confidence is Confidence.sure:
        return Rating.easy
    return Rating.good


def rating_of_result(result: StepResult) -> Rating:
    return rating_for(result.verdict, result.correct, result.harmful, result.response.confidence)


# --------------------------------------------------------------------------- the scheduler


@dataclass(frozen=True)
class Schedule:
    """A card's scheduling state: when it is next due, and the scheduler's own data."""

    due: datetime.datetime
    data: str
    """Opaque to everything but the scheduler that wrote it (JSON text)."""


class ReviewScheduler(Protocol):
    def new(self, now: datetime.datetime) -> Schedule:
        """A card never reviewed, due at `now`."""
        ...

    def review(self, schedule: Schedule, rating: Rating, now: datetime.datetime) -> Schedule:
        """The card after a review at `now` with `rating`."""
        ...


class FsrsScheduler:
    """FSRS (the `fsrs` package) with its default parameters and no random fuzz, so the same
    reviews always give the same schedule."""

    def __init__(self, desired_retention: float = 0.9) -> None:
        import fsrs

        self._fsrs = fsrs
        self._scheduler = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)

    def new(self, now: datetime.datetime) -> Schedule:
        card = self._fsrs.Card(card_id=0, due=_utc(now))
        return Schedule(card.due, card.to_json())

    def review(self, schedule: Schedule, rating: Rating, now: datetime.datetime) -> Schedule:
        card = self._fsrs.Card.from_json(schedule.data)
        now = _utc(now)
        if card.last_review is not None and now < card.last_review:
            now = card.last_review  # a clock set back: never review before the last review
        card, _log = self._scheduler.review_card(card, self._fsrs.Rating(int(rating)), now)
        return Schedule(card.due, card.to_json())


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(tzinfo=datetime.UTC)
