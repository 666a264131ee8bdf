"""Statistics from the answer log: per case and per topic, attempts, best and last score, and
accuracy over time. Aggregate SQL over the log, so they can always be recomputed and cost one
pass over the answers however many there are.

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
from collections.abc import Callable, Iterable, Mapping
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

# Answers by quarter hour of UTC time. Every time zone in use offsets UTC by a whole number of
# quarter hours and changes offset on a quarter hour, so all the answers of one quarter share a
# local day: the local day is worked out once per quarter, never once per answer.
_QUARTER = "substr(n.answered_at, 1, 14) || (CAST(substr(n.answered_at, 15, 2) AS INTEGER) / 15)"

# What a group is named by, and the join that files answers under it.
_BY_CASE = ("a.case_id", "")
_BY_TOPIC = (
    "t.topic",
    "JOIN temp.stats_topics AS t ON t.case_id = a.case_id AND t.step_id = n.step_id",
)


def _parts_sql(name: str, join: str) -> str:
    """One pass over the log: points per group, attempt and quarter hour (an attempt spans a
    few quarters at most, so this is far smaller than the log); scores and days follow from it."""
    return f"""
    INSERT INTO temp.stats_parts
    SELECT {name}, a.id, a.finished_at, {_QUARTER}, SUM(n.points), SUM(n.max_points)
    FROM answers AS n JOIN attempts AS a ON a.id = n.attempt_id {join}
    WHERE n.explored = 0
    GROUP BY {name}, a.id, {_QUARTER}
    """


# Per group: attempts, finished, best and last percent of the finished attempts.
_SCORES_SQL = f"""
WITH per AS (
    SELECT name, attempt, finished, SUM(p) AS p, SUM(m) AS m
    FROM temp.stats_parts GROUP BY name, attempt
), scored AS (
    SELECT name, finished, {PERCENT_SQL} AS score,
           ROW_NUMBER() OVER (
               PARTITION BY name, finished IS NULL ORDER BY finished DESC, attempt DESC
           ) AS latest
    FROM per
)
SELECT name, COUNT(*), COUNT(finished),
       MAX(CASE WHEN finished IS NOT NULL THEN score END),
       MAX(CASE WHEN finished IS NOT NULL AND latest = 1 THEN score END)
FROM scored GROUP BY name
"""

# Per group and local day: points earned and available.
_DAYS_SQL = """
SELECT s.name, d.day, SUM(s.p), SUM(s.m)
FROM temp.stats_parts AS s JOIN temp.stats_days AS d ON d.quarter = s.quarter
GROUP BY s.name, d.day ORDER BY s.name, d.day
"""


def query(
    conn: sqlite3.Connection, topics: Topics | None, zone: datetime.tzinfo | None
) -> Statistics:
    """Statistics straight from the store's connection, in one read transaction (a consistent
    view while another program writes). The caller holds the connection's lock."""
    conn.execute("BEGIN")
    try:
        _fill_temp_tables(conn, topics or {})
        cases = _groups(conn, _BY_CASE, lambda: _fill_days(conn, zone))
        by_topic = _groups(conn, _BY_TOPIC) if topics else {}
    finally:
        conn.execute("COMMIT")
    return Statistics(cases=cases, topics=by_topic)


def _fill_temp_tables(conn: sqlite3.Connection, topics: Topics) -> None:
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS stats_topics (case_id TEXT, step_id TEXT, topic TEXT,"
        " PRIMARY KEY (case_id, step_id, topic)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS stats_days (quarter TEXT PRIMARY KEY, day TEXT)"
        " WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS stats_parts (name TEXT, attempt INTEGER,"
        " finished TEXT, quarter TEXT, p REAL, m REAL)"
    )
    conn.execute("DELETE FROM temp.stats_topics")
    conn.execute("DELETE FROM temp.stats_days")
    conn.executemany(
        "INSERT OR IGNORE INTO temp.stats_topics VALUES (?, ?, ?)",
        (
            (case_id, step_id, name)
            for (case_id, step_id), names in topics.items()
            for name in names
        ),
    )


def _local_day(quarter: str, zone: datetime.tzinfo | None) -> str:
    """'2026-05-01T14:2' (the third quarter of 14:00 UTC) -> its local date, '2026-05-01'."""
    start = f"{quarter[:-1]}{int(quarter[-1]) * 15:02d}:00+00:00"
    return datetime.datetime.fromisoformat(start).astimezone(zone).date().isoformat()


def _fill_days(conn: sqlite3.Connection, zone: datetime.tzinfo | None) -> None:
    """The local day of every quarter hour in the parts of the cases (every answer is filed
    under its case, so they hold every quarter)."""
    quarters = [q for (q,) in conn.execute("SELECT DISTINCT quarter FROM temp.stats_parts")]
    conn.executemany(
        "INSERT INTO temp.stats_days VALUES (?, ?)", ((q, _local_day(q, zone)) for q in quarters)
    )


def _groups(
    conn: sqlite3.Connection, group: tuple[str, str], then: Callable[[], None] | None = None
) -> dict[str, ScoreStats]:
    """The statistics of one grouping; `then` runs once its parts are in place."""
    conn.execute("DELETE FROM temp.stats_parts")
    conn.execute(_parts_sql(*group))
    if then is not None:
        then()
    days: dict[str, list[tuple[datetime.date, float]]] = {}
    for name, day, points, max_points in conn.execute(_DAYS_SQL):
        days.setdefault(name, []).append(
            (datetime.date.fromisoformat(day), percent(points, max_points))
        )
    rows = sorted(conn.execute(_SCORES_SQL).fetchall())
    return {
        name: ScoreStats(
            name=name,
            attempts=attempts,
            finished=finished,
            best_percent=best,
            last_percent=last,
            over_time=days.get(name, []),
        )
        for name, attempts, finished, best, last in rows
    }
