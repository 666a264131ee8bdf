"""The history read a page at a time (issue 17): pages by key on an index, a count of those
not listed, and the migration that adds the index. (That paging through gives the whole
history, as the full read did, is in test_store_queries.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tutor.core.progress.history import history_page, page_sql
from tutor.core.progress.store import FILE_NAME, Store
from tutor.core.progress.store_schema import MIGRATIONS, SCHEMA_VERSION


def add_attempt(conn: sqlite3.Connection, case_id: str, started_at: str, *answers: int) -> int:
    """An attempt with one answer per entry of `answers` (1: explored, 0: counted)."""
    (attempt,) = conn.execute(
        "INSERT INTO attempts (case_id, case_version, case_title, mode, seed, started_at)"
        " VALUES (?, 1, ?, 'practice', 1, ?) RETURNING id",
        (case_id, f"Case {case_id}", started_at),
    ).fetchone()
    for seq, explored in enumerate(answers, start=1):
        conn.execute(
            "INSERT INTO answers (attempt_id, seq, step_id, response, verdict, points,"
            " max_points, seconds, answered_at, explored)"
            " VALUES (?, ?, 's', '{}', 'preferred', 1, 1, 5, ?, ?)",
            (attempt, seq, started_at, explored),
        )
    return int(attempt)


def at(minute: int) -> str:
    return f"2026-02-01T09:{minute:02d}:00.000Z"


@pytest.mark.parametrize("case_id", [None, "c1"])
@pytest.mark.parametrize("after", [None, ("2026-02-01T09:00:00.000Z", 5)])
def test_a_page_walks_an_index_and_sorts_nothing(
    tmp_path: Path, case_id: str | None, after: tuple[str, int] | None
) -> None:
    """Its cost is that of the page, not of the whole history: the page's attempts are picked
    in the order of an index, with no sort of every attempt (a temporary B-tree); only the
    page itself is sorted."""
    sql, params = page_sql(case_id, after)
    with Store.open(tmp_path) as store:
        plan = store._read("EXPLAIN QUERY PLAN " + sql, (*params, 100))
    (picking,) = [row[0] for row in plan if str(row[3]).startswith("LIST SUBQUERY")]
    picked = [str(row[3]) for row in plan if row[1] == picking]
    index = "attempts_by_case" if case_id else "attempts_by_start"
    assert picked[0].startswith(
        ("SEARCH a USING COVERING INDEX " + index, "SCAN a USING COVERING INDEX " + index)
    ), picked
    assert not any("TEMP B-TREE" in row for row in picked), picked


def test_the_count_of_those_not_listed_leaves_out_attempts_without_a_counted_answer(
    tmp_path: Path,
) -> None:
    Store.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    counted = [add_attempt(conn, "c1", at(minute), 0) for minute in range(5)]
    add_attempt(conn, "c1", at(10))  # opened and left without an answer
    add_attempt(conn, "c1", at(11), 1)  # explored answers alone count for nothing
    conn.close()
    with Store.open(tmp_path) as store:
        first = history_page(store, limit=2)
        assert [s.id for s in first.attempts] == counted[:-3:-1] and first.left == 3
        rest = history_page(store, limit=3, after=first.after)
        assert [s.id for s in rest.attempts] == counted[2::-1] and rest.left == 0


def test_an_attempt_recorded_between_two_pages_shifts_nothing(tmp_path: Path) -> None:
    """Pages follow by key: a newer attempt (another tutor playing meanwhile) neither repeats
    a row of the next page nor pushes one out of it; it is listed when the history is read
    again."""
    Store.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    ids = [add_attempt(conn, "c1", at(minute), 0) for minute in range(4)]
    with Store.open(tmp_path) as store:
        first = history_page(store, limit=2)
        newer = add_attempt(conn, "c2", at(30), 0)
        rest = history_page(store, limit=2, after=first.after)
        listed = [s.id for s in [*first.attempts, *rest.attempts]]
        assert listed == ids[::-1] and rest.left == 0
        assert history_page(store, limit=1).attempts[0].id == newer
    conn.close()


def test_a_version_9_store_gains_the_index_and_lists_its_history(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:9]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    ids = [add_attempt(conn, "c1", at(minute), 0) for minute in range(3)]
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is None and store.schema_version == SCHEMA_VERSION == 12
        indexes = store._read("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert ("attempts_by_start",) in indexes
        page = history_page(store, limit=100)
        assert [s.id for s in page.attempts] == ids[::-1] and page.left == 0
