"""Each attempt's totals (schema v11: `attempt_totals`, kept by a trigger as answers are
appended, read by the statistics) always equal a recount from the answer log: after writes
through the store and going back to an earlier decision (explored answers), in a store migrated
from version 9, and in a store recovered from a damaged file (rebuilt, never copied)."""

from __future__ import annotations

import datetime
import sqlite3
import zoneinfo
from pathlib import Path

import progress_reference as reference
import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Confidence, Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.library.library import load_algorithm
from tutor.core.play.attempts import resume_session, start_logged_session
from tutor.core.progress.stats import Topics
from tutor.core.progress.store import FILE_NAME, Store, StoreError
from tutor.core.progress.store_schema import MIGRATIONS, SCHEMA_VERSION

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]
TOPICS: Topics = {(CASE.id, "workup"): ("diagnosis",), (CASE.id, "detour"): ("safety",)}
ZONES = (datetime.UTC, zoneinfo.ZoneInfo("America/New_York"), zoneinfo.ZoneInfo("Asia/Kathmandu"))

HARMFUL_WORKUP = Response("workup", (1,), confidence=Confidence.sure)  # to the detour
BIOPSY = Response("workup", (0,), confidence=Confidence.sure)
DETOUR = Response("detour", (0,))


def assert_statistics_agree(store: Store) -> None:
    rows = store.answer_rows()
    for zone in ZONES:
        assert store.statistics(TOPICS, zone) == reference.statistics(rows, TOPICS, zone), zone


def test_totals_follow_every_answer_written_and_leave_out_the_explored_ones(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path) as store:
        explored = start_logged_session(store, CASE, ALGORITHM, "practice", seed=1)
        explored.submit(HARMFUL_WORKUP)
        explored.submit(DETOUR)
        explored.rewind(1, "practice")
        explored.submit(BIOPSY)  # another branch: kept, never counted
        finished = start_logged_session(store, CASE, ALGORITHM, "practice", seed=2)
        finished.submit(BIOPSY)
        store.finish_attempt(finished.log.attempt_id)  # type: ignore[union-attr]
        start_logged_session(store, CASE, ALGORITHM, "exam", seed=3)  # never answered
        first = explored.log.attempt_id  # type: ignore[union-attr]
        resumed = resume_session(store, first, CASE, ALGORITHM)
        resumed.submit(Response("first-line", (0, 1)))  # still exploring: not counted
        kept, recount = reference.totals_and_recount(tmp_path / FILE_NAME)
        assert kept == recount
        assert [(attempt, answers) for attempt, answers, *_ in kept] == [(first, 2), (2, 1)]
        assert_statistics_agree(store)
        # The log cannot be rewritten under the totals: it is append-only.
        conn = sqlite3.connect(tmp_path / FILE_NAME)
        for change in ("DELETE FROM answers", "UPDATE answers SET points = 0"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(change)
        conn.close()
        assert reference.totals_and_recount(tmp_path / FILE_NAME) == (kept, recount)


def version_9_store(path: Path) -> None:
    """A store as version 9 wrote it: three attempts, one carried on over midnight in New York
    with an explored answer, one finished, one opened and never answered."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:9]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    for attempt, started, finished in (
        (1, "2026-03-10T03:50:00.000Z", None),
        (2, "2026-03-10T12:00:00.000Z", "2026-03-10T12:09:00.000Z"),
        (3, "2026-03-11T08:00:00.000Z", None),
    ):
        conn.execute(
            "INSERT INTO attempts (id, case_id, case_version, case_title, mode, seed, started_at,"
            " finished_at, registration) VALUES (?, ?, 1, 'A small case', 'practice', 1, ?, ?, ?)",
            (attempt, CASE.id, started, finished, f"r-{attempt}"),
        )
    for attempt, seq, step, points, max_points, moment, explored in (
        (1, 1, "workup", 0.0, 1.0, "2026-03-10T03:55:00.000Z", 0),  # 23:55 in New York
        (1, 2, "detour", 0.5, 1.0, "2026-03-10T04:20:00.000Z", 0),  # 00:20 the next day
        (1, 3, "workup", 1.0, 1.0, "2026-03-10T04:25:00.000Z", 1),
        (2, 1, "workup", 1.0, 1.0, "2026-03-10T12:01:00.000Z", 0),
        (2, 2, "first-line", 1.5, 2.0, "2026-03-10T12:08:00.000Z", 0),
    ):
        conn.execute(
            "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict,"
            " points, max_points, harmful, seconds, answered_at, explored) VALUES (?, ?, ?,"
            " '{\"choices\": [0], \"value\": null}', 'x', 'preferred', ?, ?, 0, 5, ?, ?)",
            (attempt, seq, step, points, max_points, moment, explored),
        )
    conn.close()


def test_a_version_9_store_gets_the_totals_of_the_answers_already_recorded(
    tmp_path: Path,
) -> None:
    version_9_store(tmp_path / FILE_NAME)
    with Store.open(tmp_path) as store:
        assert store.notice is None and store.schema_version == SCHEMA_VERSION == 12
        kept, recount = reference.totals_and_recount(tmp_path / FILE_NAME)
        assert kept == recount
        assert kept == [
            (1, 2, 0.5, 2.0, "2026-03-10T03:55:00.000Z", "2026-03-10T04:20:00.000Z"),
            (2, 2, 2.5, 3.0, "2026-03-10T12:01:00.000Z", "2026-03-10T12:08:00.000Z"),
        ]
        assert_statistics_agree(store)
        assert len(store.statistics(None, ZONES[1]).cases[CASE.id].over_time) == 2  # midnight
        # The upgraded store keeps counting: the never-answered attempt gets its first total.
        resume_session(store, 3, CASE, ALGORITHM).submit(BIOPSY)
        kept, recount = reference.totals_and_recount(tmp_path / FILE_NAME)
        assert kept == recount and [row[0] for row in kept] == [1, 2, 3]
        assert_statistics_agree(store)


def damage(path: Path, table: str) -> int:
    """Garbage over the middle leaf page of `table` (the file in rollback mode, whole): how
    many rows were on it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    pages = conn.execute(
        "SELECT pageno, ncell, pgsize FROM dbstat WHERE name = ? AND pagetype = 'leaf'"
        " ORDER BY pageno",
        (table,),
    ).fetchall()
    conn.close()
    number, rows, size = pages[len(pages) // 2]
    data = bytearray(path.read_bytes())
    data[(number - 1) * size : number * size] = bytes(range(256)) * (size // 256)
    path.write_bytes(bytes(data))
    return int(rows)


@pytest.mark.parametrize("table", ["answers", "attempts", "attempt_totals"])
def test_a_recovered_store_rebuilds_its_totals_from_the_answers_it_saved(
    tmp_path: Path, table: str
) -> None:
    with Store.open(tmp_path) as store:
        for seed in range(300):
            session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=seed)
            session.submit(HARMFUL_WORKUP if seed % 3 else BIOPSY)
            if seed % 3:
                session.submit(DETOUR)
            if seed % 5 == 0:
                store.finish_attempt(session.log.attempt_id)  # type: ignore[union-attr]
    lost = damage(tmp_path / FILE_NAME, table)
    with Store.open(tmp_path) as store:
        assert store.recovery is not None and lost > 0
        kept, recount = reference.totals_and_recount(tmp_path / FILE_NAME)
        assert kept == recount
        assert sum(answers for _, answers, *_ in kept) == store.recovery.answers
        if table == "attempt_totals":  # no answer lost: every total is back
            assert len(kept) == 300
        if table == "attempts":  # answers whose attempt was lost: kept, and counted nowhere
            assert len(kept) == 300 > store.recovery.attempts
        assert_statistics_agree(store)


@pytest.mark.parametrize("moment", ["2026-03-10T12:61:00.000Z", "2026-13-10T12:01:00.000Z"])
def test_a_time_the_store_never_writes_is_reported_not_counted(tmp_path: Path, moment: str) -> None:
    version_9_store(tmp_path / FILE_NAME)
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    with conn:
        conn.execute(
            "INSERT INTO answers (attempt_id, seq, step_id, response, verdict, points,"
            " max_points, seconds, answered_at) VALUES (3, 1, 'workup', '{}', 'preferred', 1, 1,"
            " 5, ?)",
            (moment,),
        )
    conn.close()
    with Store.open(tmp_path) as store, pytest.raises(StoreError, match="could not be read"):
        store.statistics(TOPICS, datetime.UTC)
