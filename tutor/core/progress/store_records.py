"""What the progress store reads back: attempt summaries and answer rows, built from SQL rows.

Timestamps are stored as ISO 8601 text in UTC with a Z and fixed width, so text order is
time order and SQL can compare them with dates.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from tutor.core.algorithm.scoring_types import Confidence, Response
from tutor.core.cases.vocabulary import Verdict
from tutor.core.progress import stats


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def iso_utc(moment: datetime.datetime) -> str:
    """ISO 8601 in UTC with a Z, fixed width so that text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    text = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def parse_time(text: str | None) -> datetime.datetime | None:
    return None if text is None else datetime.datetime.fromisoformat(text)


@dataclass(frozen=True)
class AttemptSummary:
    """One attempt as recomputed from its answers."""

    id: int
    case_id: str
    case_version: int
    case_title: str
    mode: str
    seed: int
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    abandoned_at: datetime.datetime | None
    answered: int
    points: float
    max_points: float
    harmful: int
    """Harmful choices made (the safety tally)."""
    last_answered_at: datetime.datetime | None
    seconds: float
    """Time spent in the attempt: on each decision answered, from its showing to its answer,
    and on decisions the learner left unanswered when stepping away."""
    registration: str = ""
    """The attempt's UUID (xAPI `context.registration`)."""
    learner: str | None = None
    """Who played it (the identity's JSON), or None when unknown."""
    timed_out: bool = False
    """A timed exam that ended when its time ran out (`Store.time_out_attempt`)."""

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def abandoned(self) -> bool:
        return self.abandoned_at is not None

    @property
    def date(self) -> datetime.date:
        return self.started_at.date()

    @property
    def percent(self) -> float:
        """Points earned over the points available on the steps answered so far."""
        return stats.percent(self.points, self.max_points)


@dataclass(frozen=True)
class AnswerRow:
    """One recorded answer with its attempt's details: a row of the results export."""

    id: int
    attempt_id: int
    seq: int
    case_id: str
    case_version: int
    case_title: str
    mode: str
    seed: int
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    step_id: str
    response: Response
    answer_text: str
    verdict: Verdict
    points: float
    max_points: float
    harmful: int
    confidence: Confidence | None
    seconds: float
    answered_at: datetime.datetime
    registration: str = ""
    learner: str | None = None
    explored: bool = False
    """Given after going back to try another branch: shown as exploration, never counted."""

    @property
    def response_data(self) -> dict[str, Any]:
        """The response as stored: option indexes as written in the case, or a number."""
        return {"choices": list(self.response.choices), "value": self.response.value}


SUMMARY_SQL = """
SELECT a.id, a.case_id, a.case_version, a.case_title, a.mode, a.seed, a.started_at,
       a.finished_at, a.abandoned_at, COUNT(n.id), COALESCE(SUM(n.points), 0),
       COALESCE(SUM(n.max_points), 0), COALESCE(SUM(n.harmful), 0), MAX(n.answered_at),
       a.unanswered_seconds + a.open_seconds + COALESCE(SUM(n.seconds), 0), a.registration,
       a.learner, a.timed_out
FROM attempts AS a LEFT JOIN answers AS n ON n.attempt_id = a.id AND n.explored = 0
"""
ANSWER_SQL = """
SELECT n.id, n.attempt_id, n.seq, a.case_id, a.case_version, a.case_title, a.mode, a.seed,
       a.started_at, a.finished_at, n.step_id, n.response, n.confidence, n.answer_text,
       n.verdict, n.points, n.max_points, n.harmful, n.seconds, n.answered_at,
       a.registration, a.learner, n.explored
FROM answers AS n JOIN attempts AS a ON a.id = n.attempt_id
"""

# An answer as the results export writes it (tutor/core/records/answer_rows.py): the stored text
# as it is, timestamps included (already ISO 8601 in UTC), so nothing is parsed to be printed.
EXPORT_SQL = """
SELECT a.learner, a.case_id, a.case_version, a.case_title, n.attempt_id, a.mode, n.seq,
       n.step_id, n.response, n.answer_text, n.verdict, n.points, n.max_points, n.harmful,
       n.confidence, n.seconds, a.started_at, n.answered_at, a.finished_at, a.registration
FROM answers AS n JOIN attempts AS a ON a.id = n.attempt_id
WHERE n.explored = 0
"""

NEWEST = " ORDER BY a.started_at DESC, a.id DESC"

# Attempts neither finished nor abandoned, with an answer, and no later attempt at the same
# case with an answer (later: started after it, or at the same moment with a higher id).
IN_PROGRESS_IDS = """
SELECT a.id FROM attempts AS a
WHERE a.finished_at IS NULL AND a.abandoned_at IS NULL
  AND EXISTS (SELECT 1 FROM answers AS n WHERE n.attempt_id = a.id)
  AND NOT EXISTS (
    SELECT 1 FROM attempts AS b
    WHERE b.case_id = a.case_id AND (b.started_at, b.id) > (a.started_at, a.id)
      AND EXISTS (SELECT 1 FROM answers AS m WHERE m.attempt_id = b.id))
"""


def write_setting(conn: Any, key: str, value: str) -> None:
    """Set one entry of the settings table (learner name, sync mark ...), inside `conn`'s
    transaction."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def summary_of(row: tuple[Any, ...]) -> AttemptSummary:
    return AttemptSummary(
        id=row[0],
        case_id=row[1],
        case_version=row[2],
        case_title=row[3],
        mode=row[4],
        seed=row[5],
        started_at=parse_time(row[6]),  # type: ignore[arg-type]
        finished_at=parse_time(row[7]),
        abandoned_at=parse_time(row[8]),
        answered=row[9],
        points=float(row[10]),
        max_points=float(row[11]),
        harmful=int(row[12]),
        last_answered_at=parse_time(row[13]),
        seconds=float(row[14]),
        registration=row[15] or "",
        learner=row[16],
        timed_out=bool(row[17]),
    )


def answer_of(row: tuple[Any, ...]) -> AnswerRow:
    data = json.loads(row[11])
    confidence = Confidence(row[12]) if row[12] else None
    response = Response(
        step_id=row[10],
        choices=tuple(data.get("choices") or ()),
        value=data.get("value"),
        confidence=confidence,
    )
    return AnswerRow(
        id=row[0],
        attempt_id=row[1],
        seq=row[2],
        case_id=row[3],
        case_version=row[4],
        case_title=row[5],
        mode=row[6],
        seed=row[7],
        started_at=parse_time(row[8]),  # type: ignore[arg-type]
        finished_at=parse_time(row[9]),
        step_id=row[10],
        response=response,
        confidence=confidence,
        answer_text=row[13],
        verdict=Verdict(row[14]),
        points=float(row[15]),
        max_points=float(row[16]),
        harmful=int(row[17]),
        seconds=float(row[18]),
        answered_at=parse_time(row[19]),  # type: ignore[arg-type]
        registration=row[20] or "",
        learner=row[21],
        explored=bool(row[22]),
    )
