"""Statistics from the answer log: per case and per topic, attempts, best and last score, and
accuracy over time. The cases come from each attempt's totals (`attempt_totals`, which a
trigger keeps as answers are appended: store_schema v11), one row per attempt however many
answers it has, added up here case by case. The topics' pass sums the points per attempt and
set of topics in SQL (one row per attempt and set, never one per answer), and each set's sums
are added to its topics here.

Topics come from outside the log (the case tags and the algorithm stage of each step, as the
library listing holds them: `CaseSummary.topics`), so the store never reads case files.

Rules:
- `attempts`: attempts with at least one answer in the case (or topic).
- `best_percent` / `last_percent`: over finished attempts only (a half-done attempt is not a
  score); for a topic, the points and maximum of that attempt's answers filed under the topic.
- `over_time`: per calendar day in the learner's time zone (the history shows local times too),
  the percent of points earned over all answers that day, finished attempt or not.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

TopicKey = tuple[str, str]
"""(case id, step id)"""
Topics = Mapping[TopicKey, Iterable[str]]


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


def percent(points: float, max_points: float) -> float:
    return 100.0 * points / max_points if max_points else 0.0


# The same formula as `percent`, in SQL (IEEE doubles both sides: the results are identical).
PERCENT_SQL = "CASE WHEN m <> 0 THEN 100.0 * p / m ELSE 0.0 END"

# The quarter hour of UTC time a timestamp falls in. Every time zone in use offsets UTC by a
# whole number of quarter hours and changes offset on a quarter hour, so all the moments of one
# quarter share a local day and offset: each is worked out once per quarter.
_QUARTER = "substr({0}, 1, 14) || (CAST(substr({0}, 15, 2) AS INTEGER) / 15)"
_QUARTER_OF_MINUTE = {f"{minute:02d}": minute // 15 for minute in range(60)}

# Per attempt with counted answers (its stored totals), as (name, attempt, finished, first,
# last, p, m): its case, when it was finished, the times of its first and last answers and its
# points. While the offset stays the same, local time only moves forward; so when the first and
# last answers share a local day and offset, every answer between does too (nearly always:
# only an attempt carried on over midnight, or over a change of clock, is read again answer by
# answer). An answer whose attempt is lost (a damaged file recovered) has no case: it counts
# nowhere.
_ATTEMPTS_SQL = """
SELECT a.case_id, t.attempt_id, a.finished_at, t.first_at, t.last_at, t.points, t.max_points
FROM attempt_totals AS t JOIN attempts AS a ON a.id = t.attempt_id
"""
# The attempts over more than one day are read again answer by answer: they are kept in
# temp.stats_attempts (attempt, name), and each answer's day is its own quarter's.
_SPANNING = """
FROM temp.stats_attempts AS s CROSS JOIN answers AS n ON n.attempt_id = s.attempt AND n.explored = 0
"""
_SPANNING_QUARTERS_SQL = f"SELECT DISTINCT {_QUARTER.format('n.answered_at')} {_SPANNING}"
_ANSWER_DAY = f"""(SELECT d.day FROM temp.stats_days AS d
    WHERE d.quarter = {_QUARTER.format("n.answered_at")})"""
# Points per case and local day of the attempts over more than one day.
_CASE_SPANNING_SQL = f"""
SELECT s.name, {_ANSWER_DAY}, SUM(n.points), SUM(n.max_points) {_SPANNING} GROUP BY 1, 2
"""
# For the topics, only the answers at the steps that have some are read: per attempt, its
# case's steps in the order of their sets of topics (numbered: a case has a few sets), each
# answer found by the index, so the points per attempt and set come in order, without a sort
# (the joins in that order, as SQLite knows nothing of the temporary tables' sizes). Each
# set's points are then added to each of its topics (`_topics`).
_TOPIC_SETS_SQL = """
SELECT s.attempt_id, t.tset, SUM(n.points), SUM(n.max_points)
FROM attempt_totals AS s CROSS JOIN attempts AS a ON a.id = s.attempt_id
CROSS JOIN temp.stats_steps AS t ON t.case_id = a.case_id
CROSS JOIN answers AS n ON n.attempt_id = s.attempt_id AND n.explored = 0 AND n.step_id = t.step_id
GROUP BY s.attempt_id, t.tset
"""
_TOPIC_SPANNING_SQL = f"""
SELECT t.tset, {_ANSWER_DAY}, SUM(n.points), SUM(n.max_points)
FROM temp.stats_attempts AS s CROSS JOIN temp.stats_steps AS t ON t.case_id = s.name
CROSS JOIN answers AS n ON n.attempt_id = s.attempt AND n.explored = 0 AND n.step_id = t.step_id
GROUP BY 1, 2
"""

Seen = dict[int, tuple[str | None, str | None]]
"""Per attempt counted: when it was finished, and its local day (None: more than one)."""


def query(
    conn: sqlite3.Connection, topics: Topics | None, zone: datetime.tzinfo | None
) -> Statistics:
    """Statistics straight from the store's connection, in one read transaction (a consistent
    view while another program writes). The caller holds the connection's lock. Raises
    ValueError for a time in the store that it does not write."""
    local = _LocalDays(zone)
    cases: dict[str, _Group] = {}
    seen: Seen = {}
    conn.execute("BEGIN")
    try:
        _fill_temp_tables(conn)
        spanning = []
        for name, attempt, finished, first, last, points, max_points in conn.execute(_ATTEMPTS_SQL):
            group = cases.get(name) or cases.setdefault(name, _Group())
            day = local.one_day(first, last)
            group.add(attempt, finished, day, points, max_points)
            seen[attempt] = (finished, day)
            if day is None:
                spanning.append((attempt, name))
        conn.executemany("INSERT INTO temp.stats_attempts VALUES (?, ?)", spanning)
        conn.executemany(
            "INSERT INTO temp.stats_days VALUES (?, ?)",
            [
                (quarter, local.of_quarter(quarter)[0])
                for (quarter,) in conn.execute(_SPANNING_QUARTERS_SQL)
            ],
        )
        for name, day, points, max_points in conn.execute(_CASE_SPANNING_SQL):
            cases[name].on_day(day, points, max_points)
        by_topic = _topics(conn, topics, seen) if topics else {}
    finally:
        conn.execute("COMMIT")
    dates: dict[str, datetime.date] = {}
    return Statistics(
        cases={name: group.stats(name, dates) for name, group in sorted(cases.items())},
        topics=by_topic,
    )


def _fill_temp_tables(conn: sqlite3.Connection) -> None:
    for table in (
        "stats_steps (case_id TEXT, tset INTEGER, step_id TEXT,"
        " PRIMARY KEY (case_id, tset, step_id)) WITHOUT ROWID",
        "stats_days (quarter TEXT PRIMARY KEY, day TEXT) WITHOUT ROWID",
        "stats_attempts (attempt INTEGER PRIMARY KEY, name TEXT)",
    ):
        name = table.split()[0]
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}")
        conn.execute(f"DELETE FROM temp.{name}")


class _LocalDays:
    """The local day and offset of UTC times, worked out once per quarter hour (`_QUARTER`),
    looked up by the hour and the quarter of its minutes."""

    __slots__ = ("hours", "quarters", "zone")

    def __init__(self, zone: datetime.tzinfo | None) -> None:
        self.zone = zone
        self.quarters: dict[str, tuple[str, float]] = {}
        self.hours: dict[str, list[tuple[str, float] | None]] = {}

    def of_quarter(self, quarter: str) -> tuple[str, float]:
        """'2026-05-01T14:2' (the third quarter of 14:00 UTC) -> (its local date '2026-05-01',
        its offset from UTC in seconds)."""
        known = self.quarters.get(quarter)
        if known is None:
            start = f"{quarter[:-1]}{int(quarter[-1]) * 15:02d}:00+00:00"
            moment = datetime.datetime.fromisoformat(start).astimezone(self.zone)
            offset = moment.utcoffset()
            known = (moment.date().isoformat(), offset.total_seconds() if offset else 0.0)
            self.quarters[quarter] = known
        return known

    def of(self, moment: str) -> tuple[str, float]:
        """'2026-05-01T14:37:12.345Z' (as the store writes times) -> as `of_quarter`. Raises
        ValueError for a time the store does not write."""
        index = _QUARTER_OF_MINUTE.get(moment[14:16])
        if index is None:
            raise ValueError(f"{moment!r} is not a time as the store writes them")
        quarters = self.hours.get(moment[:13])
        if quarters is None:
            quarters = self.hours[moment[:13]] = [None, None, None, None]
        known = quarters[index]
        if known is None:
            known = quarters[index] = self.of_quarter(f"{moment[:14]}{index}")
        return known

    def one_day(self, first: str, last: str) -> str | None:
        """The local day of every moment from `first` to `last`, when they share one (and an
        offset); None when they do not."""
        start = self.of(first)
        if first[:16] == last[:16] or self.of(last) == start:
            return start[0]
        return None


def _topics(conn: sqlite3.Connection, topics: Topics, seen: Seen) -> dict[str, ScoreStats]:
    """Per topic, from the points per attempt and set of topics (`_TOPIC_SETS_SQL`) and what
    the cases' pass saw of each attempt (`seen`)."""
    sets: dict[frozenset[str], int] = {}
    conn.executemany(
        "INSERT INTO temp.stats_steps VALUES (?, ?, ?)",
        [
            (case_id, sets.setdefault(frozenset(names), len(sets)), step_id)
            for (case_id, step_id), names in topics.items()
            if names
        ],
    )
    names_of = sorted(sets, key=sets.__getitem__)
    groups: dict[str, _Group] = {}
    sums: dict[str, list[float]] = {}
    current: tuple[int, str | None, str | None] | None = None

    def close() -> None:
        """The sums of the attempt `current`, topic by topic, go to the topics' figures."""
        if current is None:
            return
        attempt, finished, day = current
        for topic, (points, max_points) in sums.items():
            group = groups.get(topic) or groups.setdefault(topic, _Group())
            group.add(attempt, finished, day, points, max_points)
        sums.clear()

    for attempt, tset, points, max_points in conn.execute(_TOPIC_SETS_SQL):
        if current is None or attempt != current[0]:
            close()
            current = (attempt, *seen[attempt])
        for topic in names_of[tset]:
            total = sums.get(topic)
            if total is None:
                sums[topic] = [points, max_points]
            else:
                total[0] += points
                total[1] += max_points
    close()
    for tset, day, points, max_points in conn.execute(_TOPIC_SPANNING_SQL):
        for topic in names_of[tset]:
            groups[topic].on_day(day, points, max_points)
    dates: dict[str, datetime.date] = {}
    return {name: group.stats(name, dates) for name, group in sorted(groups.items())}


class _Group:
    """The figures of one case or topic, fed attempt by attempt."""

    __slots__ = ("attempts", "best", "days", "finished", "last")

    def __init__(self) -> None:
        self.attempts = 0
        self.finished = 0
        self.best: float | None = None
        self.last: tuple[str, int, float] | None = None
        self.days: dict[str, list[float]] = {}

    def add(
        self,
        attempt: int,
        finished: str | None,
        day: str | None,
        points: float,
        max_points: float,
    ) -> None:
        """One attempt's points; on its local `day`, or (None) on several, added by `on_day`."""
        self.attempts += 1
        if finished is not None:
            self.finished += 1
            score = percent(points, max_points)
            if self.best is None or score > self.best:
                self.best = score
            if self.last is None or (finished, attempt) > self.last[:2]:
                self.last = (finished, attempt, score)
        if day is not None:
            self.on_day(day, points, max_points)

    def on_day(self, day: str, points: float, max_points: float) -> None:
        total = self.days.get(day)
        if total is None:
            self.days[day] = [points, max_points]
        else:
            total[0] += points
            total[1] += max_points

    def stats(self, name: str, dates: dict[str, datetime.date]) -> ScoreStats:
        over_time = []
        for day in sorted(self.days):
            date = dates.get(day) or dates.setdefault(day, datetime.date.fromisoformat(day))
            over_time.append((date, percent(*self.days[day])))
        return ScoreStats(
            name=name,
            attempts=self.attempts,
            finished=self.finished,
            best_percent=self.best,
            last_percent=self.last[2] if self.last else None,
            over_time=over_time,
        )
