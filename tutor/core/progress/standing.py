"""Where a learner stands on each case: not started, in progress, or best and last score."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.progress import stats

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
            f" · {self.finished:,} attempts"
        )


# Per case, from its finished attempts with counted answers: how many, the best score, and the
# latest one's score and moment (latest by finish time, then id). Each attempt's points come
# from its stored totals (`attempt_totals`, kept by a trigger as answers are appended), one row
# per attempt: the answer log itself is not read, however long it grows.
_STANDINGS_SQL = f"""
WITH per AS (
    SELECT a.id, a.case_id, a.finished_at, t.points AS p, t.max_points AS m
    FROM attempts AS a JOIN attempt_totals AS t ON t.attempt_id = a.id
    WHERE a.finished_at IS NOT NULL {{cases}}
), scored AS (
    SELECT case_id, finished_at, {stats.PERCENT_SQL} AS score,
           ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY finished_at DESC, id DESC) AS latest
    FROM per
)
SELECT case_id, COUNT(*), MAX(score),
       MAX(CASE WHEN latest = 1 THEN score END), MAX(CASE WHEN latest = 1 THEN finished_at END)
FROM scored GROUP BY case_id
"""


def standings_of_store(store: Store, cases: set[str] | None = None) -> dict[str, Standing]:
    """Per case id (of `cases`, or of all), from its finished attempts; cases never finished
    are absent."""
    sql = _STANDINGS_SQL.replace("{cases}", "")
    params: tuple[str, ...] = ()
    if cases is not None:
        sql = _STANDINGS_SQL.replace("{cases}", "AND a.case_id IN (SELECT value FROM json_each(?))")
        params = (json.dumps(sorted(cases)),)
    return {
        case_id: Standing(
            finished=finished,
            best_percent=best,
            last_percent=last,
            last_date=datetime.date.fromisoformat(finished_at[:10]),
        )
        for case_id, finished, best, last, finished_at in store._read(sql, params)
    }


class Standings:
    """The standings of one store, kept between calls (the library asks for them each time it
    is shown): read again only when the store has changed, and then only for the cases it
    wrote answers or finished attempts to, unless another program wrote to the file."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._revision: tuple[int, int] | None = None
        self._standings: dict[str, Standing] = {}

    def __call__(self) -> dict[str, Standing]:
        """The standings now (a new dict whenever they may have changed, never one changed in
        place)."""
        revision = self.store.revision()  # before reading: a write meanwhile is read next time
        if revision == self._revision:
            return self._standings
        if self._revision is not None and revision[0] == self._revision[0]:
            cases = self.store.scored_since(self._revision[1])
            kept = {k: v for k, v in self._standings.items() if k not in cases}
            self._standings = kept | standings_of_store(self.store, cases) if cases else kept
        else:
            self._standings = standings_of_store(self.store)
        self._revision = revision
        return self._standings
