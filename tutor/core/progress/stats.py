"""Statistics from the answer log: per case and per topic, attempts, best and last score, and
accuracy over time. Pure functions of the recorded rows, so they can always be recomputed.

Topics come from outside the log (the case tags and the algorithm stage of each step);
`topics_of` builds that mapping from the loaded cases so the store never reads case files.

Rules:
- `attempts`: attempts with at least one answer in the case (or topic).
- `best_percent` / `last_percent`: over finished attempts only (a half-done attempt is not a
  score); for a topic, the points and maximum of that attempt's answers filed under the topic.
- `over_time`: per calendar day in the learner's time zone (the history shows local times too),
  the percent of points earned over all answers that day, finished attempt or not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.cases.model import Case

if TYPE_CHECKING:
    from tutor.core.progress.store_records import AnswerRow

TopicKey = tuple[str, str]
"""(case id, step id)"""
Topics = Mapping[TopicKey, Iterable[str]] | Callable[[str, str], Iterable[str]]


@dataclass(frozen=True)
class ScoreStats:
    """Progress on one case or one topic."""

    name: str
    attempts: int
    finished: int
    best_percent: float | None
    last_percent: float | None
    over_time: list[tuple[datetime.date, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Statistics:
    cases: dict[str, ScoreStats]
    topics: dict[str, ScoreStats]


def topics_of(
    cases: Iterable[Case], algorithm: Algorithm | None
) -> dict[TopicKey, tuple[str, ...]]:
    """(case id, step id) -> topic names: the case's tags, then the stage of the step's node."""
    topics: dict[TopicKey, tuple[str, ...]] = {}
    for case in cases:
        tags = [tag.value for tag in case.tags]
        for step in case.steps:
            names = list(tags)
            node = algorithm.node(step.node) if (algorithm and step.node) else None
            if node is not None:
                names.append(node.stage.value)
            topics[(case.id, step.id)] = tuple(dict.fromkeys(names))
    return topics


def compute(
    rows: Iterable[AnswerRow],
    topics: Topics | None = None,
    zone: datetime.tzinfo | None = None,
) -> Statistics:
    """Statistics from answer rows (each carries its attempt's case id and finished time).
    Days are calendar days in `zone`; None is the local time zone."""
    lookup = _lookup(topics)
    by_case: dict[str, list[AnswerRow]] = defaultdict(list)
    by_topic: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        by_case[row.case_id].append(row)
        for topic in lookup(row.case_id, row.step_id):
            by_topic[topic].append(row)
    return Statistics(
        cases={name: _score(name, group, zone) for name, group in sorted(by_case.items())},
        topics={name: _score(name, group, zone) for name, group in sorted(by_topic.items())},
    )


def _lookup(topics: Topics | None) -> Callable[[str, str], Iterable[str]]:
    if topics is None:
        return lambda case_id, step_id: ()
    if callable(topics):
        return topics
    mapping = topics
    return lambda case_id, step_id: mapping.get((case_id, step_id), ())


def percent(points: float, max_points: float) -> float:
    return 100.0 * points / max_points if max_points else 0.0


def _score(name: str, rows: list[AnswerRow], zone: datetime.tzinfo | None) -> ScoreStats:
    per_attempt: dict[int, list[AnswerRow]] = defaultdict(list)
    per_day: dict[datetime.date, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        per_attempt[row.attempt_id].append(row)
        per_day[row.answered_at.astimezone(zone).date()].append(row)
    finished = sorted(
        (group for group in per_attempt.values() if group[0].finished_at is not None),
        key=lambda group: (group[0].finished_at, group[0].attempt_id),
    )
    scores = [_percent_of(group) for group in finished]
    return ScoreStats(
        name=name,
        attempts=len(per_attempt),
        finished=len(finished),
        best_percent=max(scores) if scores else None,
        last_percent=scores[-1] if scores else None,
        over_time=[(day, _percent_of(per_day[day])) for day in sorted(per_day)],
    )


def _percent_of(rows: list[AnswerRow]) -> float:
    return percent(sum(r.points for r in rows), sum(r.max_points for r in rows))
