"""Progress that is never lost: attempts and an append-only answer log in one SQLite file.

Every answer is written, in its own committed transaction, the moment it is submitted. Writes
take the lock up front (`BEGIN IMMEDIATE`) and wait up to 30 s for it, so two copies of the
program on one machine take turns instead of failing. Everything shown to the learner (scores,
in-progress cases, statistics) is computed from the log; the one thing derived that is stored,
each attempt's totals for the statistics, is kept by a trigger in the answer's own transaction
(store_schema v11), so it never disagrees with the log.

A corrupt or unreadable file never stops the program: it is moved aside (never deleted), a new
one is started with every row still readable in the old one (`store_recovery`), and
`Store.notice` says how many answers were saved and where the old file is.

This module keeps only storage. Which attempt a front end plays (start, resume, review, and
the one policy that decides between them) is `tutor.core.play.attempts`.
"""

from __future__ import annotations

import datetime
import itertools
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tutor.core.algorithm.scoring_types import Response, StepResult
from tutor.core.progress import stats, store_schema
from tutor.core.progress.store_changes import Changes
from tutor.core.progress.store_outbox import Outbox, Queued
from tutor.core.progress.store_records import (
    ANSWER_SQL,
    EXPORT_SQL,
    IN_PROGRESS_IDS,
    NEWEST,
    SUMMARY_SQL,
    AnswerRow,
    AttemptSummary,
    answer_of,
    iso_utc,
    now_utc,
    summary_of,
    write_setting,
)
from tutor.core.progress.store_recovery import Recovery, move_aside, recover, recovery_notice
from tutor.paths import ENV_DATA_DIR, data_dir  # noqa: F401 - part of the store's interface

FILE_NAME = "progress.sqlite3"
LEARNER_NAME = "learner_name"

Clock = Callable[[], datetime.datetime]
AnswerStatements = Callable[[AnswerRow], Queued]
"""From the answer just recorded, the statements to queue with it (the same transaction)."""
AttemptStatements = Callable[[AttemptSummary, str], Queued]
"""From an attempt and the moment it ended, the statements that say so."""


_resolve_data_dir = data_dir  # `Store.open` has a parameter of the same name


class StoreError(RuntimeError):
    """Progress could not be written or read (disk full, file locked for over 30 s ...)."""


# --------------------------------------------------------------------------- the store


class Store(Outbox, Changes):
    """The progress file. Open with `Store.open`; safe to share between threads."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        notice: str | None = None,
        persistent: bool = True,
        clock: Clock | None = None,
    ) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._clock = clock or now_utc
        self.path = path
        self.notice = notice
        """A message for the learner about the progress file, or None when all is well."""
        self.persistent = persistent
        """False when progress could not be opened on disk and lives in memory only."""
        self.learner: str | None = None
        """Who plays the attempts started from now on (the identity's JSON), or None."""
        self.recovery: Recovery | None = None
        """When the file was damaged: what was saved from it into this new one."""
        self._writes = 0
        self._written: dict[str, int] = {}

    @classmethod
    def open(cls, data_dir: Path | str | None = None, *, clock: Clock | None = None) -> Store:
        """Open (create, migrate) the progress file. Never raises for a bad file: see notice."""
        folder = _resolve_data_dir(data_dir)
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls._in_memory(path, f"the folder {folder} cannot be created ({error})", clock)
        try:
            return cls(store_schema.connect(path), path, clock=clock)
        except store_schema.Unreadable:
            pass
        except store_schema.TooNew:
            return cls._in_memory(path, f"{path} was written by a newer version of tutor", clock)
        except sqlite3.Error as error:
            return cls._in_memory(path, f"{path} cannot be opened ({error})", clock)
        except PermissionError as error:
            reason = f"{path} cannot be read ({error.strerror or error}); it was left as it is"
            return cls._in_memory(path, reason, clock)
        try:
            kept = move_aside(path, (clock or now_utc)())
            conn = store_schema.connect(path)
            recovery = recover(kept, conn)
        except (OSError, sqlite3.Error, store_schema.Unreadable, store_schema.TooNew) as error:
            return cls._in_memory(path, f"{path} is unreadable and cannot be replaced ({error})")
        store = cls(conn, path, notice=recovery_notice(recovery), clock=clock)
        store.recovery = recovery
        return store

    @classmethod
    def _in_memory(cls, path: Path, reason: str, clock: Clock | None = None) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store_schema.migrate(conn)
        notice = f"Progress from this session will not be saved: {reason}."
        return cls(conn, path, notice=notice, persistent=False, clock=clock)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return store_schema.version_of(self._conn)

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction that holds the write lock from its first statement."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
                self._writes += 1
            except sqlite3.Error as error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StoreError(f"Your progress could not be saved: {error}.") from error

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"Your progress could not be read: {error}.") from error

    # -- writing -----------------------------------------------------------------------
    def start_attempt(
        self, case_id: str, case_version: int, case_title: str, mode: str, seed: int
    ) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO attempts (case_id, case_version, case_title, mode, seed, started_at,"
                " registration, learner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    case_version,
                    case_title,
                    mode,
                    seed,
                    iso_utc(self._clock()),
                    str(uuid.uuid4()),
                    self.learner,
                ),
            )
            return int(cursor.lastrowid)  # type: ignore[arg-type]

    def record_answer(
        self,
        attempt_id: int,
        result: StepResult,
        seconds: float,
        statements: AnswerStatements | None = None,
        *,
        explored: bool = False,
    ) -> None:
        """Append the answer; with `statements`, queue what they make of it in the outbox, in
        the same transaction (nothing queued that was not saved, nothing saved left out).
        `explored`: given after going back to try another branch (kept, never counted, and
        not sent as a statement)."""
        response = result.response
        data = json.dumps({"choices": list(response.choices), "value": response.value})
        confidence = response.confidence.value if response.confidence else None
        moment = iso_utc(self._clock())
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt_id,)).fetchone():
                raise KeyError(f"no attempt {attempt_id}")
            (seq,) = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM answers WHERE attempt_id = ?",
                (attempt_id,),
            ).fetchone()
            conn.execute(
                "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict,"
                " points, max_points, harmful, seconds, confidence, answered_at, explored)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt_id,
                    seq,
                    result.step_id,
                    data,
                    result.answer_text,
                    result.verdict.value,
                    float(result.points),
                    float(result.max_points),
                    len(result.harmful_choices),
                    max(0.0, float(seconds)),
                    confidence,
                    moment,
                    int(explored),
                ),
            )
            # The answer's seconds now hold the open decision's time (see checkpoint_open_time).
            conn.execute("UPDATE attempts SET open_seconds = 0 WHERE id = ?", (attempt_id,))
            self._scored(conn, attempt_id)
            if statements is not None and not explored:
                sql = ANSWER_SQL + " WHERE n.attempt_id = ? AND n.seq = ?"
                row = answer_of(conn.execute(sql, (attempt_id, seq)).fetchone())
                self._queue(conn, attempt_id, statements(row), moment)

    def record_unanswered_time(self, attempt_id: int, seconds: float) -> None:
        """Time spent on a decision the learner left without answering (leaving the case or
        quitting): it counts towards the attempt's time, as a resumed exam's clock does."""
        with self._write() as conn:
            conn.execute(
                "UPDATE attempts SET unanswered_seconds = unanswered_seconds + ?,"
                " open_seconds = 0 WHERE id = ?",
                (max(0.0, float(seconds)), attempt_id),
            )

    def checkpoint_open_time(self, attempt_id: int, seconds: float) -> None:
        """The time on the decision open now, so far (replacing the last checkpoint): counted
        in the attempt's time until the decision is answered or left (`record_unanswered_time`),
        or the attempt is carried on in a new sitting (`close_open_time`)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE attempts SET open_seconds = ? WHERE id = ?",
                (max(0.0, float(seconds)), attempt_id),
            )

    def close_open_time(self, attempt_id: int) -> None:
        """A new sitting carries the attempt on: the open decision's time as last written (by a
        process that ended without leaving it) becomes time left unanswered."""
        with self._write() as conn:
            conn.execute(
                "UPDATE attempts SET unanswered_seconds = unanswered_seconds + open_seconds,"
                " open_seconds = 0 WHERE id = ?",
                (attempt_id,),
            )

    def finish_attempt(self, attempt_id: int, statements: AttemptStatements | None = None) -> None:
        self._mark(attempt_id, "finished_at", statements)

    def abandon_attempt(self, attempt_id: int, statements: AttemptStatements | None = None) -> None:
        """The learner gave up on it: no longer offered for resuming (its answers stay)."""
        self._mark(attempt_id, "abandoned_at", statements)

    def time_out_attempt(self, attempt_id: int, statements: AttemptStatements | None) -> None:
        """Time ran out: over as if abandoned, marked so its review lists what was unanswered."""
        self._mark(attempt_id, "abandoned_at", statements, also=", timed_out = 1")

    def _mark(
        self,
        attempt_id: int,
        column: str,
        statements: AttemptStatements | None,
        *,
        also: str = "",
    ) -> None:
        moment = iso_utc(self._clock())
        with self._write() as conn:
            changed = conn.execute(
                f"UPDATE attempts SET {column} = ?{also} WHERE id = ? AND {column} IS NULL",
                (moment, attempt_id),
            ).rowcount
            if changed:
                self._scored(conn, attempt_id)
            if changed and statements is not None:
                sql = SUMMARY_SQL + " WHERE a.id = ? GROUP BY a.id"
                summary = summary_of(conn.execute(sql, (attempt_id,)).fetchone())
                self._queue(conn, attempt_id, statements(summary, moment), moment)

    def set_learner_name(self, name: str) -> None:
        with self._write() as conn:
            write_setting(conn, LEARNER_NAME, name)

    # -- reading -----------------------------------------------------------------------
    def learner_name(self) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (LEARNER_NAME,))
        return rows[0][0] if rows else None

    def attempt(self, attempt_id: int) -> AttemptSummary:
        rows = self._read(SUMMARY_SQL + " WHERE a.id = ? GROUP BY a.id", (attempt_id,))
        if not rows:
            raise KeyError(f"no attempt {attempt_id}")
        return summary_of(rows[0])

    def attempts(self, case_id: str | None = None) -> list[AttemptSummary]:
        """Attempts, newest first (of one case, or of all)."""
        where, params = (" WHERE a.case_id = ?", (case_id,)) if case_id else ("", ())
        return [
            summary_of(row)
            for row in self._read(SUMMARY_SQL + where + " GROUP BY a.id" + NEWEST, params)
        ]

    def in_progress(self) -> dict[str, AttemptSummary]:
        """Per case id, the attempt to resume: the latest attempt with at least one answer,
        when it is neither finished nor abandoned. An attempt opened but never answered is
        not "in progress" (resuming it is the same as starting again). Only the candidates
        are summed, so a long history costs little here."""
        rows = self._read(SUMMARY_SQL + " WHERE a.id IN (" + IN_PROGRESS_IDS + ") GROUP BY a.id")
        return {summary.case_id: summary for summary in map(summary_of, rows)}

    def case_titles(self) -> dict[str, str]:
        """Per case id, the title its newest attempt was played under."""
        sql = (
            "SELECT case_id, case_title FROM (SELECT case_id, case_title, ROW_NUMBER() OVER"
            " (PARTITION BY case_id ORDER BY started_at DESC, id DESC) AS newest FROM attempts)"
            " WHERE newest = 1"
        )
        return dict(self._read(sql))

    def answers(self, attempt_id: int) -> list[AnswerRow]:
        """The answers of one attempt, in the order they were given (explored ones too)."""
        sql = ANSWER_SQL + " WHERE n.attempt_id = ? ORDER BY n.seq"
        return [answer_of(row) for row in self._read(sql, (attempt_id,))]

    def responses(self, attempt_id: int) -> list[Response]:
        """What was submitted, in order: feed to `Session.replay` to rebuild the attempt."""
        return [row.response for row in self.answers(attempt_id)]

    def answer_rows(self, since: datetime.date | None = None) -> list[AnswerRow]:
        """Every counted answer (answered on or after `since`, a UTC date), oldest first:
        explored answers are left out, as they are of scores and exports."""
        where, params = (" AND n.answered_at >= ?", (since.isoformat(),)) if since else ("", ())
        sql = ANSWER_SQL + " WHERE n.explored = 0" + where + " ORDER BY n.answered_at, n.id"
        return [answer_of(row) for row in self._read(sql, params)]

    def export_rows(self, since: datetime.date | None = None) -> Iterator[tuple[Any, ...]]:
        """Every answer (on or after `since`, a UTC date), oldest first, as EXPORT_SQL's columns,
        a batch at a time from the cursor (flat memory); the store is held until the end."""
        return itertools.chain.from_iterable(self._export_batches(since))

    def _export_batches(self, since: datetime.date | None) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of `export_rows` as the cursor hands them over, a list at a time."""
        where, params = (" AND n.answered_at >= ?", (since.isoformat(),)) if since else ("", ())
        with self._lock:
            try:
                cursor = self._conn.execute(
                    EXPORT_SQL + where + " ORDER BY n.answered_at, n.id", params
                )
                while batch := cursor.fetchmany(1000):
                    yield batch
            except sqlite3.Error as error:
                raise StoreError(f"Your progress could not be read: {error}.") from error

    def statistics(
        self, topics: stats.Topics | None = None, zone: datetime.tzinfo | None = None
    ) -> stats.Statistics:
        """Per case and per topic (`topics`: (case id, step id) -> names, as `CaseSummary.topics`
        holds them); accuracy over time by calendar days in `zone` (None: local time)."""
        with self._lock:
            try:
                return stats.query(self._conn, topics, zone)
            except (sqlite3.Error, ValueError) as error:  # ValueError: a time not ours
                raise StoreError(f"Your progress could not be read: {error}.") from error
