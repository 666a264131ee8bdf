"""A large progress store for the benchmark: 100,000 recorded answers and 5,000 review cards.

Written with plain SQL in one transaction (fast), through the real schema and the real
scheduler's card state, and marked as synced, as a store used for months would be.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path

from tutor.core.library.outcome import CaseSummary
from tutor.core.progress.review import SYNCED_THROUGH
from tutor.core.progress.scheduler import FsrsScheduler
from tutor.core.progress.store import FILE_NAME, Store
from tutor.core.progress.store_records import iso_utc

START = datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.UTC)


def seeded_topics(
    summaries: Sequence[CaseSummary], *, cases: int = 1000, per_attempt: int = 8
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Topics for the steps `fill` writes, as a library would file them: seeded case n takes
    the steps' topics of library case n (cyclically), step by step. (The library's own topics
    name none of the seeded cases, so with them the statistics would have no topic to count.)"""
    topics = {}
    for number in range(cases):
        steps = summaries[number % len(summaries)].topics
        for seq in range(1, per_attempt + 1):
            topics[(f"case-{number:04d}", f"s{seq}")] = steps[(seq - 1) % len(steps)][1]
    return topics


def fill(folder: Path, *, answers: int = 100_000, cards: int = 5_000, per_attempt: int = 8) -> Path:
    """Create the store in `folder` (its progress file must not exist yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    Store.open(folder).close()  # create and migrate
    import sqlite3

    conn = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    conn.execute("BEGIN")
    scheduler = FsrsScheduler()
    attempts = answers // per_attempt
    response = json.dumps({"choices": [0], "value": None})
    for attempt in range(1, attempts + 1):
        when = START + datetime.timedelta(minutes=attempt)
        case_id = f"case-{attempt % 1000:04d}"
        conn.execute(
            "INSERT INTO attempts (id, case_id, case_version, case_title, mode, seed, started_at,"
            " finished_at) VALUES (?, ?, 1, ?, 'practice', 1, ?, ?)",
            (attempt, case_id, f"Case {case_id}", iso_utc(when), iso_utc(when)),
        )
        conn.executemany(
            "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict,"
            " points, max_points, harmful, seconds, answered_at, confidence)"
            " VALUES (?, ?, ?, ?, 'x', 'preferred', 1, 1, 0, 5, ?, 'sure')",
            [
                (attempt, seq, f"s{seq}", response, iso_utc(when))
                for seq in range(1, per_attempt + 1)
            ],
        )
    state = scheduler.new(START)
    for number in range(cards):
        due = START + datetime.timedelta(hours=number)
        conn.execute(
            "INSERT INTO cards (case_id, step_id, case_version, fingerprint, scheduler_state, due,"
            " last_rating, last_confidence, attempt_id, created_at)"
            " VALUES (?, ?, 1, '', ?, ?, ?, 'sure', ?, ?)",
            (
                f"case-{number // 5:04d}",
                f"s{number % 5 + 1}",
                state.data,
                iso_utc(due),
                1 + number % 4,
                1 + number % attempts,
                iso_utc(START),
            ),
        )
    (last,) = conn.execute("SELECT MAX(id) FROM answers").fetchone()
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (SYNCED_THROUGH, str(last)))
    conn.execute("COMMIT")
    conn.close()
    return folder
