"""Where a learner stands on each case: not started, in progress, or best and last score."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.progress import stats
from tutor.core.progress.store_records import AttemptSummary

if TYPE_CHECKING:
    from tutor.core.progress.store import Store


@dataclass(frozen=True)
class Standing:
    finished: int
    """Finished attempts."""
    best_percent: float
    last_percent: float
    last_date: datetime.date

    def text(self) -> str:
        if self.finished == 1:
            return f"Done: {self.last_percent:.0f}% on {self.last_date}"
        return (
            f"Best {self.best_percent:.0f}% · last {self.last_percent:.0f}% on {self.last_date}"
            f" · {self.finished} attempts"
        )


def standings(attempts: Iterable[AttemptSummary]) -> dict[str, Standing]:
    """Per case id, from its finished attempts (any order); cases never finished are absent."""
    by_case: dict[str, list[AttemptSummary]] = {}
    for attempt in attempts:
        if attempt.finished:
            by_case.setdefault(attempt.case_id, []).append(attempt)
    result = {}
    for case_id, done in by_case.items():
        done.sort(key=lambda a: (a.finished_at, a.id))
        last = done[-1]
        assert last.finished_at is not None
        result[case_id] = Standing(
            finished=len(done),
            best_percent=max(a.percent for a in done),
            last_percent=last.percent,
            last_date=last.finished_at.date(),
        )
    return result


_FINISHED_SQL = """
SELECT a.id, a.case_id, a.finished_at, SUM(n.points), SUM(n.max_points)
FROM attempts AS a JOIN answers AS n ON n.attempt_id = a.id AND n.explored = 0
WHERE a.finished_at IS NOT NULL GROUP BY a.id
"""


def standings_of_store(store: Store) -> dict[str, Standing]:
    """`standings` straight from the store, reading only the totals of finished attempts
    (much lighter than full attempt summaries on a store with many answers)."""
    by_case: dict[str, list[tuple[str, int, float]]] = {}
    for attempt_id, case_id, finished_at, points, max_points in store._read(_FINISHED_SQL):
        by_case.setdefault(case_id, []).append(
            (finished_at, attempt_id, stats.percent(float(points), float(max_points)))
        )
    result = {}
    for case_id, done in by_case.items():
        done.sort()
        finished_at, _, last = done[-1]
        result[case_id] = Standing(
            finished=len(done),
            best_percent=max(p for _, _, p in done),
            last_percent=last,
            last_date=datetime.date.fromisoformat(finished_at[:10]),
        )
    return result
