"""The statistics, standings, in-progress marks and history as the tutor computed them before
they became aggregate SQL (issue 17): Python loops over every answer row. Kept here, with
tests only, as the reference the SQL must agree with on generated stores."""

from __future__ import annotations

import datetime
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from tutor.core.progress.standing import Standing
from tutor.core.progress.stats import ScoreStats, Statistics, Topics, percent
from tutor.core.progress.store import Store
from tutor.core.progress.store_records import AnswerRow, AttemptSummary


def statistics(
    rows: Iterable[AnswerRow], topics: Topics | None, zone: datetime.tzinfo | None
) -> Statistics:
    mapping = topics or {}
    by_case: dict[str, list[AnswerRow]] = defaultdict(list)
    by_topic: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        by_case[row.case_id].append(row)
        for topic in mapping.get((row.case_id, row.step_id), ()):
            by_topic[topic].append(row)
    return Statistics(
        cases={name: _score(name, group, zone) for name, group in sorted(by_case.items())},
        topics={name: _score(name, group, zone) for name, group in sorted(by_topic.items())},
    )


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


def standings(attempts: Iterable[AttemptSummary]) -> dict[str, Standing]:
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


def in_progress(store: Store) -> dict[str, AttemptSummary]:
    latest: dict[str, AttemptSummary] = {}
    for summary in store.attempts():
        if summary.answered and summary.case_id not in latest:
            latest[summary.case_id] = summary
    return {
        case_id: summary
        for case_id, summary in latest.items()
        if not summary.finished and not summary.abandoned
    }


def history(store: Store, case_id: str | None) -> list[AttemptSummary]:
    return [summary for summary in store.attempts(case_id) if summary.answered]


def case_titles(store: Store) -> dict[str, str]:
    titles: dict[str, str] = {}
    for summary in store.attempts():
        titles.setdefault(summary.case_id, summary.case_title)
    return titles


RECOUNT = (
    "SELECT attempt_id, COUNT(*), SUM(points), SUM(max_points), MIN(answered_at),"
    " MAX(answered_at) FROM answers WHERE explored = 0 GROUP BY attempt_id ORDER BY attempt_id"
)


def totals_and_recount(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The per-attempt totals the store keeps (schema v10), and the same counted again from
    the answer log."""
    conn = sqlite3.connect(path)
    try:
        kept = conn.execute("SELECT * FROM attempt_totals ORDER BY attempt_id").fetchall()
        return kept, conn.execute(RECOUNT).fetchall()
    finally:
        conn.close()
