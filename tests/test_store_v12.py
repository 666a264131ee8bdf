"""Schema v12 drops `answers_totals`, an index with the very columns of `answers_stats`: a store
of version 11 with a history migrates with every answer, total and summary as it was, and
nothing the store reads needs the index (every plan already chose answers_stats)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import progress_reference as reference
from test_store_queries import generated_store

from tutor.core.progress.standing import standings_of_store
from tutor.core.progress.store import FILE_NAME, Store
from tutor.core.progress.store_records import NEWEST, SUMMARY_SQL, summary_of
from tutor.core.progress.store_schema import MIGRATIONS, SCHEMA_VERSION

(ANSWERS_TOTALS,) = (s for s in MIGRATIONS[5] if "INDEX answers_totals" in s)


def indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            name for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")
        }
    finally:
        conn.close()


def version_11_store(folder: Path) -> list[tuple[object, ...]]:
    """A generated history as version 11 kept it (its index back, its version number), and
    every attempt's summary read from it as version 11 read them."""
    generated_store(folder, seed=7).close()
    conn = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    conn.execute(ANSWERS_TOTALS)
    conn.execute("PRAGMA user_version = 11")
    summaries = conn.execute(SUMMARY_SQL + " GROUP BY a.id" + NEWEST).fetchall()
    conn.close()
    return summaries


def test_a_version_11_store_migrates_to_12_with_its_history_unchanged(tmp_path: Path) -> None:
    before = version_11_store(tmp_path)
    path = tmp_path / FILE_NAME
    assert "answers_totals" in indexes(path) and len(before) == 300
    with Store.open(tmp_path) as store:
        assert store.notice is None and store.schema_version == SCHEMA_VERSION == 12
        assert "answers_totals" not in indexes(path) and "answers_stats" in indexes(path)
        summaries = [summary_of(row) for row in before]
        assert store.attempts() == summaries
        assert standings_of_store(store) == reference.standings(summaries)
        assert store.in_progress() == reference.in_progress(store)
        kept, recount = reference.totals_and_recount(path)
        assert kept == recount and kept


def test_a_new_store_never_has_the_index(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    assert "answers_totals" not in indexes(tmp_path / FILE_NAME)
    assert {"answers_stats", "answers_by_time"} <= indexes(tmp_path / FILE_NAME)
