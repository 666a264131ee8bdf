"""Rows saved from a damaged progress file, copied into the new one that replaces it.

A file that fails SQLite's check is moved aside, never deleted; most of it is usually still
readable (a bad page holds a few dozen rows). Each table is read in rowid order, and where a
page cannot be read the scan skips ahead past it, so one damaged page costs the rows on it and
no more. Columns are matched by name, so a file of an older schema gives what it has.
`move_aside` gives the damaged file (and its -wal/-shm) the name it is kept under.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TABLES = ("attempts", "answers", "settings", "cards", "reviews", "flags", "outbox")
"""Every table of the store, parents before the rows that refer to them, but `attempt_totals`:
never copied, it is rebuilt from the answers saved (its trigger counts each one copied)."""

_MAX_SKIP = 1 << 40  # past any rowid SQLite hands out in a progress file
_MAX_PROBES = 10_000  # rows looked up one by one around one damaged stretch
_DAMAGED = object()


@dataclass
class Recovery:
    """What was copied from the damaged file, table by table."""

    kept: Path
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def answers(self) -> int:
        return self.rows.get("answers", 0)

    @property
    def attempts(self) -> int:
        return self.rows.get("attempts", 0)


def recovery_notice(recovery: Recovery) -> str:
    """What a learner is told: how much was saved, and where the damaged file is."""
    answers, attempts = recovery.answers, recovery.attempts
    saved = (
        f"{answers:,} answer(s) in {attempts:,} attempt(s) were recovered into a new one"
        if answers or attempts
        else "no answers could be recovered from it; a new one was started"
    )
    return (
        f"Your progress file was damaged: {saved}. The damaged file was kept as "
        f"{recovery.kept.name} in {recovery.kept.parent}."
    )


def recover(kept: Path, conn: sqlite3.Connection) -> Recovery:
    """Copy every row still readable in `kept` into the store `conn`; `kept` is never written
    (it is read through a copy, beside it, removed afterwards)."""
    recovery = Recovery(kept)
    copy = kept.with_name(kept.name + ".reading")
    try:
        _readable_copy(kept, copy)
        old = sqlite3.connect(copy, isolation_level=None)
    except (OSError, sqlite3.Error):
        _remove(copy)
        return recovery
    try:
        # Rows whose parent row was on a damaged page are kept all the same: an answer is
        # the learner's, whether or not the attempt it belonged to can still be read.
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in TABLES:
            recovery.rows[table] = _copy_table(old, conn, table)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
        old.close()
        _remove(copy)
    return recovery


def _readable_copy(kept: Path, copy: Path) -> None:
    """Copy the file (and its write-ahead log), made whole enough for SQLite to open: a
    truncated file is padded to whole pages and its header's page count set to what is there
    (SQLite refuses a file shorter than its header says)."""
    data = bytearray(kept.read_bytes())
    if data.startswith(b"SQLite format 3\x00") and len(data) >= 100:
        size = int.from_bytes(data[16:18], "big")
        size = 65536 if size == 1 else size
        if size >= 512:
            data.extend(bytes(-len(data) % size))
            data[28:32] = (len(data) // size).to_bytes(4, "big")
    copy.write_bytes(bytes(data))
    wal = kept.with_name(kept.name + "-wal")
    if wal.exists():
        copy.with_name(copy.name + "-wal").write_bytes(wal.read_bytes())


def _remove(copy: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        copy.with_name(copy.name + suffix).unlink(missing_ok=True)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    except sqlite3.Error:
        return []


def _copy_table(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> int:
    wanted = set(_columns(new, table))
    columns = [c for c in _columns(old, table) if c in wanted]
    if not columns:
        return 0
    names = ", ".join(columns)
    insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    select = f"SELECT rowid, {names} FROM {table}"
    copied = 0

    def keep(row: tuple[object, ...]) -> None:
        nonlocal copied
        copied += new.execute(insert, row[1:]).rowcount

    new.execute("BEGIN IMMEDIATE")
    try:
        last = _scan(old, f"{select} WHERE rowid > ? ORDER BY rowid", -1, keep)
        while last is not None:
            # A damaged page: find where a scan can start again past it (further each time),
            # then look up each row in between on its own, which reads only that row's page.
            failed, skip = last, 1
            while (found := _first_from(old, select, failed + skip)) is _DAMAGED:
                skip *= 2
                if skip > _MAX_SKIP:
                    break
            if not isinstance(found, tuple) and found is not None:
                # No seek past the damage works (a damaged inner page): what lies beyond it
                # is read from the other end, backwards, up to the damage.
                _scan(old, f"{select} WHERE rowid > ? ORDER BY rowid DESC", failed, keep)
                break
            end = int(found[0]) if found is not None else failed + skip
            for rowid in range(failed + 1, min(end, failed + 1 + _MAX_PROBES)):
                _scan(old, f"{select} WHERE rowid = ?", rowid - 1, keep, exact=True)
            if found is None:
                break
            keep(found)
            stopped = _scan(old, f"{select} WHERE rowid > ? ORDER BY rowid", end, keep)
            # Always onwards: a row that seeks but cannot be scanned past is passed over.
            last = None if stopped is None else max(stopped, end)
        new.execute("COMMIT")
    except BaseException:
        new.execute("ROLLBACK")
        raise
    return copied


def _first_from(old: sqlite3.Connection, select: str, rowid: int) -> tuple[Any, ...] | object:
    """The first row at or after `rowid`; None past the last row; _DAMAGED when the seek
    itself meets a damaged page."""
    try:
        row = old.execute(f"{select} WHERE rowid >= ? ORDER BY rowid LIMIT 1", (rowid,)).fetchone()
    except sqlite3.DatabaseError:
        return _DAMAGED
    return tuple(row) if row is not None else None


def _scan(
    old: sqlite3.Connection,
    query: str,
    after: int,
    keep: Callable[[tuple[object, ...]], None],
    *,
    exact: bool = False,
) -> int | None:
    """Keep each row the query reads; the last rowid read when a damaged page stops it (None:
    it read to the end)."""
    last = after
    try:
        for row in old.execute(query, (after + 1 if exact else after,)):
            keep(row)
            last = int(row[0])
    except sqlite3.DatabaseError:
        return None if exact else last
    return None


def move_aside(path: Path, now: datetime.datetime) -> Path:
    """Rename the file (and its -wal/-shm) to progress.sqlite3.corrupt-YYYYmmdd-HHMMSS."""
    base = f"{path.name}.corrupt-{now.astimezone(datetime.UTC):%Y%m%d-%H%M%S}"
    kept = path.with_name(base)
    number = 1
    while kept.exists():
        kept = path.with_name(f"{base}-{number}")
        number += 1
    if path.exists():
        path.rename(kept)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(kept.with_name(kept.name + suffix))
    return kept
