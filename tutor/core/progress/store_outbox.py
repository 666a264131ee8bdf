"""The outbox of xAPI statements in the progress store: queued in the same transaction as the
answer they report (see `Store.record_answer`), sent by `tutor sync`, marked as they are
accepted or refused. A part of `Store`, kept apart so the store's module stays one job long."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from tutor.core.progress.store_records import iso_utc

Queued = Sequence[tuple[str, str]]
"""Statements to queue: (statement id, JSON body)."""


class Outbox:
    # Provided by Store.
    _clock: Callable[[], datetime.datetime]
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _read: Callable[..., list[tuple[Any, ...]]]

    def _queue(
        self, conn: sqlite3.Connection, attempt_id: int, queued: Queued, moment: str
    ) -> None:
        conn.executemany(
            "INSERT INTO outbox (statement_id, attempt_id, body, queued_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (statement_id) DO NOTHING",
            [(sid, attempt_id, body, moment) for sid, body in queued],
        )

    def waiting(self, limit: int) -> list[tuple[str, str]]:
        """Up to `limit` statements not yet accepted by a learning record store, oldest first:
        (statement id, JSON body)."""
        sql = "SELECT statement_id, body FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?"
        return [(row[0], row[1]) for row in self._read(sql, (limit,))]

    def waiting_count(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")[0][0])

    def mark_sent(self, statement_ids: Sequence[str]) -> None:
        moment = iso_utc(self._clock())
        with self._write() as conn:
            conn.executemany(
                "UPDATE outbox SET sent_at = ?, tries = tries + 1, last_error = NULL"
                " WHERE statement_id = ? AND sent_at IS NULL",
                [(moment, sid) for sid in statement_ids],
            )

    def mark_failed(self, statement_ids: Sequence[str], error: str) -> None:
        with self._write() as conn:
            conn.executemany(
                "UPDATE outbox SET tries = tries + 1, last_error = ? WHERE statement_id = ?",
                [(error, sid) for sid in statement_ids],
            )
