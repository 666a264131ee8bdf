"""Where a learner stands on each case: not started, in progress, or best and last score."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from tutor.core.store_records import AttemptSummary


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
