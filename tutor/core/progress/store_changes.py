"""What a store has changed since a moment, so that what is worked out from the log can be
kept until it changes (the library's standings, issue 17), read again only for the cases
written to. A part of `Store`, kept apart so the store's module stays one job long.

A revision is (SQLite's count of the commits of other programs, as this connection has seen
them; the number of this store's own writes). SQLite does not count a connection's own
commits, so the store counts them, and remembers per case the number of its last write of an
answer or a finished attempt there.
"""

from __future__ import annotations

import sqlite3
import threading


class Changes:
    # Provided by Store.
    _conn: sqlite3.Connection
    _lock: threading.RLock
    _writes: int
    _written: dict[str, int]
    """Per case id, the number of this store's last write to its answers or attempts' ends."""

    def revision(self) -> tuple[int, int]:
        """Equal while nothing is written: (SQLite's count of other programs' commits as this
        connection has seen them, this store's own writes)."""
        with self._lock:
            return self._conn.execute("PRAGMA data_version").fetchone()[0], self._writes

    def scored_since(self, writes: int) -> set[str]:
        """The cases whose answers or finished attempts this store wrote after its write number
        `writes` (the second half of a `revision`)."""
        with self._lock:
            return {case_id for case_id, number in self._written.items() if number > writes}

    def _scored(self, conn: sqlite3.Connection, attempt_id: int) -> None:
        """The attempt's case is written to in the transaction under way."""
        (case_id,) = conn.execute(
            "SELECT case_id FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        self._written[case_id] = self._writes + 1
