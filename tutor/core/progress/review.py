"""Spaced re-drill: every decision a learner has answered is a review card, scheduled by FSRS.

The scheduler (tutor/core/progress/scheduler.py) sits behind `ReviewScheduler`, a small
interface of our own, so it can be swapped, and tested with any clock. The deck
(`ReviewDeck`) keeps the cards and their review log in the progress store:

- Cards are made from the answer log. `ReviewDeck.sync()` reviews each answer not yet seen, in
  the order given, at the time it was given; so a store written before cards existed gets its
  cards the first time it is used, and nothing recorded is lost.
- An answer is rated from its verdict and confidence (`rating_for`).
- Due cards come confidently-wrong first, then the other misses, then by due time.
- A card whose decision changed (the case's version, or the step's content) is marked and
  starts again as a new card (`ReviewDeck.refresh`), rather than keep a stale history.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.core.algorithm.scoring_types import Confidence, Response, StepResult
from tutor.core.cases.vocabulary import Verdict
from tutor.core.progress.scheduler import (
    FsrsScheduler,
    Rating,
    ReviewScheduler,
    Schedule,
    rating_for,
    rating_of_result,
)
from tutor.core.progress.store_records import iso_utc, now_utc, parse_time, write_setting

if TYPE_CHECKING:
    from tutor.core.cases.model import AnyStep, Case
    from tutor.core.progress.store import Store

Clock = Callable[[], datetime.datetime]
SYNCED_THROUGH = "cards_synced_through_answer"
"""Settings key: the id of the last answer made into a review."""


# --------------------------------------------------------------------------- cards


def step_fingerprint(step: AnyStep) -> str:
    """A short hash of everything about a step that decides its answer and feedback."""
    text = json.dumps(step.model_dump(mode="json"), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ReviewCard:
    id: int
    case_id: str
    step_id: str
    case_version: int
    fingerprint: str
    due: datetime.datetime
    last_rating: Rating
    last_confidence: Confidence | None
    attempt_id: int | None
    changed: bool
    """The decision changed since it was last reviewed; it is being learnt again."""

    @property
    def missed(self) -> bool:
        return self.last_rating is Rating.again


_CARD_SQL = (
    "SELECT id, case_id, step_id, case_version, fingerprint, due, last_rating,"
    " last_confidence, attempt_id, changed FROM cards"
)
# Confidently wrong first, then the other misses, then the rest, each by due time.
_DUE_ORDER = " ORDER BY (last_rating = 1 AND last_confidence = 'sure') DESC, last_rating, due, id"


def due_sql(*, known: bool) -> str:
    """The due cards' query: `due <= ?` searched on cards_by_due; with `known`, only the case
    ids in a JSON list (`+case_id` keeps SQLite on the due index rather than the case's)."""
    where = " WHERE due <= ?"
    if known:
        where += " AND +case_id IN (SELECT value FROM json_each(?))"
    return _CARD_SQL + where + _DUE_ORDER


def _card_of(row: tuple[Any, ...]) -> ReviewCard:
    return ReviewCard(
        id=row[0],
        case_id=row[1],
        step_id=row[2],
        case_version=row[3],
        fingerprint=row[4],
        due=parse_time(row[5]),  # type: ignore[arg-type]
        last_rating=Rating(row[6]),
        last_confidence=Confidence(row[7]) if row[7] else None,
        attempt_id=row[8],
        changed=bool(row[9]),
    )


@dataclass(frozen=True)
class DayReviews:
    day: datetime.date
    reviews: int


class ReviewDeck:
    """The learner's review cards, in the progress store."""

    def __init__(
        self,
        store: Store,
        scheduler: ReviewScheduler | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.scheduler = scheduler or FsrsScheduler()
        self.clock = clock or now_utc

    # -- keeping up with the answer log ---------------------------------------------------
    def sync(self) -> int:
        """Make reviews of the answers given since the last sync; returns how many."""
        with self.store._write() as conn:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (SYNCED_THROUGH,)
            ).fetchone()
            through = int(row[0]) if row else 0
            answers = conn.execute(
                "SELECT n.id, n.attempt_id, a.case_id, a.case_version, n.step_id, n.response,"
                " n.verdict, n.points, n.max_points, n.harmful, n.confidence, n.answered_at"
                " FROM answers AS n JOIN attempts AS a ON a.id = n.attempt_id"
                " WHERE n.id > ? AND n.explored = 0 ORDER BY n.id",
                (through,),
            ).fetchall()
            for answer in answers:
                (answer_id, attempt_id, case_id, version, step_id, response) = answer[:6]
                verdict, points, max_points, harmful, confidence, answered_at = answer[6:]
                rating = rating_for(
                    Verdict(verdict),
                    points >= max_points,
                    bool(harmful),
                    Confidence(confidence) if confidence else None,
                )
                self._review(
                    conn,
                    case_id,
                    step_id,
                    version,
                    "",
                    rating,
                    parse_time(answered_at),  # type: ignore[arg-type]
                    source="answer",
                    answer_id=answer_id,
                    attempt_id=attempt_id,
                    response=response,
                    scored=(verdict, points, max_points, harmful, confidence),
                )
            if answers:
                write_setting(conn, SYNCED_THROUGH, str(answers[-1][0]))
            return len(answers)

    def _review(
        self,
        conn: Any,
        case_id: str,
        step_id: str,
        version: int,
        fingerprint: str,
        rating: Rating,
        when: datetime.datetime,
        *,
        source: str,
        response: str,
        scored: tuple[str, float, float, int, str | None],
        answer_id: int | None = None,
        attempt_id: int | None = None,
    ) -> None:
        found = conn.execute(
            "SELECT id, scheduler_state, due, case_version, fingerprint FROM cards"
            " WHERE case_id = ? AND step_id = ?",
            (case_id, step_id),
        ).fetchone()
        if found is None or found[3] != version:
            # A new card, or one whose case was revised: its history no longer applies.
            schedule = self.scheduler.new(when)
        else:
            schedule = Schedule(parse_time(found[2]), found[1])  # type: ignore[arg-type]
            fingerprint = fingerprint or found[4]
        schedule = self.scheduler.review(schedule, rating, when)
        confidence = scored[4]
        if found is None:
            cursor = conn.execute(
                "INSERT INTO cards (case_id, step_id, case_version, fingerprint,"
                " scheduler_state, due, last_rating, last_confidence, attempt_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    step_id,
                    version,
                    fingerprint,
                    schedule.data,
                    iso_utc(schedule.due),
                    int(rating),
                    confidence,
                    attempt_id,
                    iso_utc(when),
                ),
            )
            card_id = int(cursor.lastrowid)
        else:
            card_id = found[0]
            conn.execute(
                "UPDATE cards SET case_version = ?, fingerprint = ?, scheduler_state = ?,"
                " due = ?, last_rating = ?, last_confidence = ?,"
                " attempt_id = COALESCE(?, attempt_id), changed = 0 WHERE id = ?",
                (
                    version,
                    fingerprint,
                    schedule.data,
                    iso_utc(schedule.due),
                    int(rating),
                    confidence,
                    attempt_id,
                    card_id,
                ),
            )
        conn.execute(
            "INSERT INTO reviews (card_id, answer_id, source, response, verdict, points,"
            " max_points, harmful, confidence, rating, due_after, reviewed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                card_id,
                answer_id,
                source,
                response,
                *scored,
                int(rating),
                iso_utc(schedule.due),
                iso_utc(when),
            ),
        )

    def record(self, case: Case, result: StepResult) -> ReviewCard:
        """A drill answer: review the card of its decision now, and return the card after."""
        step = case.step(result.step_id)
        response = result.response
        data = json.dumps({"choices": list(response.choices), "value": response.value})
        confidence = response.confidence.value if response.confidence else None
        with self.store._write() as conn:
            self._review(
                conn,
                case.id,
                step.id,
                case.version,
                step_fingerprint(step),
                rating_of_result(result),
                self.clock(),
                source="drill",
                response=data,
                scored=(
                    result.verdict.value,
                    float(result.points),
                    float(result.max_points),
                    len(result.harmful_choices),
                    confidence,
                ),
            )
        return self.card(case.id, step.id)  # type: ignore[return-value]

    def refresh(self, cases: Mapping[str, Case]) -> list[ReviewCard]:
        """Mark and restart the cards whose decision changed; returns them. A card of a case or
        step no longer in the library is left alone (it is not offered: see `due`)."""
        changed: list[ReviewCard] = []
        now = self.clock()
        with self.store._write() as conn:
            for row in conn.execute(_CARD_SQL).fetchall():
                card = _card_of(row)
                case = cases.get(card.case_id)
                step = _step_of(case, card.step_id)
                if case is None or step is None:
                    continue
                fingerprint = step_fingerprint(step)
                if card.case_version == case.version and card.fingerprint in ("", fingerprint):
                    if not card.fingerprint:
                        conn.execute(
                            "UPDATE cards SET fingerprint = ? WHERE id = ?", (fingerprint, card.id)
                        )
                    continue
                schedule = self.scheduler.new(now)
                conn.execute(
                    "UPDATE cards SET case_version = ?, fingerprint = ?, scheduler_state = ?,"
                    " due = ?, changed = 1 WHERE id = ?",
                    (case.version, fingerprint, schedule.data, iso_utc(schedule.due), card.id),
                )
                changed.append(card)
        return changed

    # -- reading ---------------------------------------------------------------------------
    def card(self, case_id: str, step_id: str) -> ReviewCard | None:
        rows = self.store._read(
            _CARD_SQL + " WHERE case_id = ? AND step_id = ?", (case_id, step_id)
        )
        return _card_of(rows[0]) if rows else None

    def cards(self) -> list[ReviewCard]:
        return [_card_of(row) for row in self.store._read(_CARD_SQL + " ORDER BY id")]

    def card_count(self) -> int:
        return int(self.store._read("SELECT COUNT(*) FROM cards")[0][0])

    def due(
        self, ahead: datetime.timedelta = datetime.timedelta(0), known: Iterable[str] | None = None
    ) -> list[ReviewCard]:
        """Cards due by now + `ahead`, in the order to play them (see the module's docstring);
        with `known`, only cards of those case ids. One query, on the due index."""
        until = iso_utc(self.clock() + ahead)
        if known is None:
            rows = self.store._read(due_sql(known=False), (until,))
        else:
            rows = self.store._read(due_sql(known=True), (until, json.dumps(sorted(set(known)))))
        return [_card_of(row) for row in rows]

    def due_count(self, ahead: datetime.timedelta = datetime.timedelta(0)) -> int:
        until = iso_utc(self.clock() + ahead)
        return int(self.store._read("SELECT COUNT(*) FROM cards WHERE due <= ?", (until,))[0][0])

    def next_due(self) -> datetime.datetime | None:
        rows = self.store._read("SELECT MIN(due) FROM cards")
        return parse_time(rows[0][0]) if rows and rows[0][0] else None

    def reviews_per_day(self, zone: datetime.tzinfo | None = None) -> list[DayReviews]:
        counts: dict[datetime.date, int] = {}
        for (when,) in self.store._read("SELECT reviewed_at FROM reviews WHERE source = 'drill'"):
            day = parse_time(when).astimezone(zone).date()  # type: ignore[union-attr]
            counts[day] = counts.get(day, 0) + 1
        return [DayReviews(day, n) for day, n in sorted(counts.items())]

    # -- flags -------------------------------------------------------------------------------
    def flag(self, case_id: str, step_id: str, on: bool | None = None) -> bool:
        """Flag (or, when flagged already or `on` is False, unflag) a decision; returns whether
        it is flagged now."""
        with self.store._write() as conn:
            flagged = conn.execute(
                "SELECT 1 FROM flags WHERE case_id = ? AND step_id = ?", (case_id, step_id)
            ).fetchone()
            wanted = (not flagged) if on is None else on
            if wanted and not flagged:
                conn.execute(
                    "INSERT INTO flags (case_id, step_id, flagged_at) VALUES (?, ?, ?)",
                    (case_id, step_id, iso_utc(self.clock())),
                )
            elif not wanted and flagged:
                conn.execute(
                    "DELETE FROM flags WHERE case_id = ? AND step_id = ?", (case_id, step_id)
                )
            return wanted

    def flags(self) -> list[tuple[str, str]]:
        """Flagged decisions as (case id, step id), oldest flag first."""
        rows = self.store._read("SELECT case_id, step_id FROM flags ORDER BY flagged_at, rowid")
        return [(row[0], row[1]) for row in rows]


def _step_of(case: Case | None, step_id: str) -> AnyStep | None:
    if case is None:
        return None
    try:
        return case.step(step_id)
    except KeyError:
        return None


def responses_before(store: Store, attempt_id: int | None, step_id: str) -> list[Response]:
    """The answers of an attempt that came before its (first) answer to `step_id`."""
    if attempt_id is None:
        return []
    before: list[Response] = []
    for response in store.responses(attempt_id):
        if response.step_id == step_id:
            return before
        before.append(response)
    return []
