"""The progress file on disk: opening it safely, its schema, and forward migrations.

The schema version is SQLite's `PRAGMA user_version`. `MIGRATIONS[n]` takes a database from
version n to n + 1; each runs in one `BEGIN IMMEDIATE` transaction together with the version
bump, so a migration is all or nothing and two programs opening the file at once do not both
run it. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30.0

# A version 4 UUID in SQL: random hex with the version nibble 4 and the variant 8, 9, a or b.
_RANDOM_UUID = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)),"
    " 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2)"
    " || '-' || hex(randomblob(6)))"
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v0 -> v1: attempts and their append-only answer log.
    (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            case_version INTEGER NOT NULL,
            case_title TEXT NOT NULL,
            mode TEXT NOT NULL,
            seed INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT
        )""",
        "CREATE INDEX attempts_by_case ON attempts (case_id, started_at)",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES attempts (id),
            seq INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            response TEXT NOT NULL,
            answer_text TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL,
            points REAL NOT NULL,
            max_points REAL NOT NULL,
            harmful INTEGER NOT NULL DEFAULT 0,
            seconds REAL NOT NULL,
            answered_at TEXT NOT NULL,
            UNIQUE (attempt_id, seq)
        )""",
        "CREATE INDEX answers_by_time ON answers (answered_at)",
    ),
    # v1 -> v2: confidence, abandoned attempts, learner settings, and a guarded answer log.
    (
        "ALTER TABLE answers ADD COLUMN confidence TEXT",
        "ALTER TABLE attempts ADD COLUMN abandoned_at TEXT",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers
           BEGIN SELECT RAISE(ABORT, 'the answer log is append-only'); END""",
        """CREATE TRIGGER answers_no_delete BEFORE DELETE ON answers
           BEGIN SELECT RAISE(ABORT, 'the answer log is append-only'); END""",
    ),
    # v2 -> v3: time spent on decisions left unanswered when the learner stepped away, so a
    # resumed timed exam counts it.
    ("ALTER TABLE attempts ADD COLUMN unanswered_seconds REAL NOT NULL DEFAULT 0",),
    # v3 -> v4: review cards (one per decision answered), their review log, and flags. The
    # cards of answers given before this version are made from the answer log on first use
    # (tutor/core/progress/review.py), so an upgraded store loses nothing.
    (
        """CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            case_version INTEGER NOT NULL,
            fingerprint TEXT NOT NULL DEFAULT '',
            scheduler_state TEXT NOT NULL,
            due TEXT NOT NULL,
            last_rating INTEGER NOT NULL,
            last_confidence TEXT,
            attempt_id INTEGER,
            changed INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (case_id, step_id)
        )""",
        "CREATE INDEX cards_by_due ON cards (due)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards (id),
            answer_id INTEGER UNIQUE REFERENCES answers (id),
            source TEXT NOT NULL,
            response TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL,
            points REAL NOT NULL,
            max_points REAL NOT NULL,
            harmful INTEGER NOT NULL DEFAULT 0,
            confidence TEXT,
            rating INTEGER NOT NULL,
            due_after TEXT NOT NULL,
            reviewed_at TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_by_time ON reviews (reviewed_at)",
        """CREATE TABLE flags (
            case_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            flagged_at TEXT NOT NULL,
            PRIMARY KEY (case_id, step_id)
        )""",
    ),
    # v4 -> v5: learning records. Each attempt gets a registration (a random UUID: the xAPI
    # attempt id, filled in here for the attempts already recorded) and the learner who played
    # it (JSON, NULL when unknown); the outbox holds each xAPI statement until a learning
    # record store accepts it. Statements are queued from now on; older answers are exported
    # with `tutor results --format xapi`.
    (
        "ALTER TABLE attempts ADD COLUMN registration TEXT",
        "ALTER TABLE attempts ADD COLUMN learner TEXT",
        f"UPDATE attempts SET registration = {_RANDOM_UUID} WHERE registration IS NULL",
        "CREATE UNIQUE INDEX attempts_by_registration ON attempts (registration)",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            statement_id TEXT NOT NULL UNIQUE,
            attempt_id INTEGER REFERENCES attempts (id),
            body TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            sent_at TEXT,
            tries INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        )""",
        "CREATE INDEX outbox_waiting ON outbox (sent_at, id)",
    ),
    # v5 -> v6: exploration. In practice mode a learner may go back to an earlier decision and
    # try another branch; the answers given after going back are kept, marked explored, and
    # never count for the score, the exports or the review cards (the first answers do).
    # Answers recorded before this version were all first answers (0). The index covers what
    # an attempt's totals read (score, safety, time), so the library's standings and summaries
    # on a store of 100,000 answers read the index alone, not every answer's row.
    (
        "ALTER TABLE answers ADD COLUMN explored INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX answers_totals ON answers"
        " (attempt_id, explored, points, max_points, harmful, seconds, answered_at)",
    ),
    # v6 -> v7: the time on the decision open now, written every few seconds while a timed
    # exam runs, so a process killed mid-decision loses at most that much of the clock.
    ("ALTER TABLE attempts ADD COLUMN open_seconds REAL NOT NULL DEFAULT 0",),
    # v7 -> v8 (issue 17): statistics, history and the library's marks are aggregate queries
    # over the answer log; this index holds every column they read (explored first out), so
    # they scan it instead of the answers themselves (each with its response JSON and text).
    (
        "CREATE INDEX answers_stats ON answers"
        " (attempt_id, explored, step_id, answered_at, points, max_points, harmful, seconds)",
    ),
    # v8 -> v9 (issue 13): a timed exam that ran out of time is marked as such, so its review
    # from the history lists the decisions left unanswered, as the results did at the time.
    ("ALTER TABLE attempts ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0",),
    # v9 -> v10 (issue 17): the history of every case is read a page at a time, newest first;
    # this index (with the rowid after the start) walks the attempts in that order and stops
    # after a page, where without it every attempt was sorted to list the first hundred.
    ("CREATE INDEX attempts_by_start ON attempts (started_at)",),
    # v10 -> v11 (issue 17): per attempt, the totals its statistics read (its counted answers,
    # their points and maximum, the first and last one's time), kept by a trigger as each
    # answer is appended, in the answer's own transaction (whoever writes it: this program,
    # another copy of it, the recovery of a damaged file), and filled here from the answers
    # already recorded. The answer log stays the truth (append-only: a total only grows); the
    # statistics read 12,500 rows instead of 100,000 answers.
    (
        """CREATE TABLE attempt_totals (
            attempt_id INTEGER PRIMARY KEY,
            answers INTEGER NOT NULL,
            points REAL NOT NULL,
            max_points REAL NOT NULL,
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL
        )""",
        "INSERT INTO attempt_totals SELECT attempt_id, COUNT(*), SUM(points), SUM(max_points),"
        " MIN(answered_at), MAX(answered_at) FROM answers WHERE explored = 0 GROUP BY attempt_id",
        """CREATE TRIGGER answers_count AFTER INSERT ON answers WHEN NEW.explored = 0
           BEGIN
             INSERT INTO attempt_totals VALUES (NEW.attempt_id, 1, NEW.points, NEW.max_points,
                 NEW.answered_at, NEW.answered_at)
             ON CONFLICT (attempt_id) DO UPDATE SET answers = answers + 1,
                 points = points + excluded.points, max_points = max_points + excluded.max_points,
                 first_at = min(first_at, excluded.first_at),
                 last_at = max(last_at, excluded.last_at);
           END""",
    ),
    # v11 -> v12 (issue 17): answers_totals (v6) holds the very columns of answers_stats (v8),
    # only in another order after (attempt_id, explored), and every query that could use it
    # reads answers_stats instead (attempt_totals, since v11, serves the statistics). It was
    # written with every answer and read by every opening's quick_check - a sixth of a store of
    # 100,000 answers - for nothing.
    ("DROP INDEX answers_totals",),
)
SCHEMA_VERSION = len(MIGRATIONS)


class Unreadable(Exception):
    """The file is not a usable progress database (corrupt, foreign, or cannot be opened)."""


class TooNew(Exception):
    """The file was written by a newer version of the program; leave it untouched."""


# SQLite result codes that mean "this file cannot be used", as opposed to "try again later"
# (busy, locked) or "the disk is the problem" (full, I/O).
_UNREADABLE_CODES = ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CANTOPEN", "SQLITE_PERM")


def is_unreadable(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(_UNREADABLE_CODES)


SQLITE_HEADER = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Refuse a file that is plainly not SQLite before SQLite opens it (and its -wal/-shm)."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except PermissionError:
        raise  # not a damaged file: never "repaired" by moving it aside
    except OSError as error:
        raise Unreadable(str(error)) from error
    if header and header != SQLITE_HEADER:
        raise Unreadable("not a SQLite database")


def is_busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate a progress database. Raises Unreadable, TooNew or sqlite3.Error.

    Two programs opening a new file at once can each hold a read lock while asking to switch
    it to WAL; SQLite then answers "busy" at once rather than let them wait for each other
    forever. So the whole opening is retried, for as long as the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.005
    while True:
        try:
            return _connect_once(path)
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _connect_once(path: Path) -> sqlite3.Connection:
    check_header(path)
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,  # autocommit: every write names its own transaction
        check_same_thread=False,  # the Store serialises access with a lock
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        # Checked before anything is written: a damaged file is kept aside exactly as it was.
        # (Not memory-mapped for the check, though a quarter faster so: every page of the file
        # would count in the program's memory, which must not grow with the history.)
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise Unreadable("; ".join(str(row[0]) for row in check[:3]))
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed answer survives a power cut, not only a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.Error as error:
        conn.close()
        if is_unreadable(error):
            raise Unreadable(str(error)) from error
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the database to SCHEMA_VERSION, one committed step at a time."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = version_of(conn)  # read under the write lock: another program may have won
            if version > SCHEMA_VERSION:
                raise TooNew(f"schema version {version}, this program knows {SCHEMA_VERSION}")
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            try:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
            except sqlite3.OperationalError as error:
                # e.g. "table attempts already exists": a SQLite file, but not ours.
                if "already exists" in str(error) or "duplicate column" in str(error):
                    raise Unreadable(f"not a progress file ({error})") from error
                raise
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
