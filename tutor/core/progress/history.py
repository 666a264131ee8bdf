"""The history, a page at a time: the attempts with at least one answer, newest first.

A page is one query for its attempts' ids (a walk down the `attempts_by_start` index, or
`attempts_by_case` for one case, that stops after the page), the summaries of those attempts
alone, and a count of those after it. Pages follow each other by key (the last attempt's start
and id), not by offset, so an attempt recorded meanwhile by another tutor shifts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.core.progress.store_records import NEWEST, SUMMARY_SQL, AttemptSummary, summary_of

if TYPE_CHECKING:
    from tutor.core.progress.store import Store

Cursor = tuple[str, int]
"""Where a page ended: its last attempt's start (as stored) and id."""

ANSWERED = (
    "SELECT a.id FROM attempts AS a WHERE EXISTS"
    " (SELECT 1 FROM answers AS n WHERE n.attempt_id = a.id AND n.explored = 0)"
)
"""Attempts with at least one answer that counts (those opened and left without one, or with
explored answers alone, are not history)."""


@dataclass(frozen=True)
class HistoryPage:
    attempts: list[AttemptSummary]
    """Newest first."""
    left: int
    """Attempts after this page (not listed yet)."""
    after: Cursor | None
    """Where the next page starts (None when this one is empty)."""


def _where(case_id: str | None, after: Cursor | None) -> tuple[str, tuple[Any, ...]]:
    sql = ""
    params: tuple[Any, ...] = ()
    if case_id is not None:
        sql, params = " AND a.case_id = ?", (case_id,)
    if after is not None:
        sql, params = sql + " AND (a.started_at, a.id) < (?, ?)", (*params, *after)
    return sql, params


def page_sql(case_id: str | None, after: Cursor | None) -> tuple[str, tuple[Any, ...]]:
    """The summaries of one page (its size the last parameter to add), newest first."""
    where, params = _where(case_id, after)
    ids = ANSWERED + where + NEWEST + " LIMIT ?"
    summaries = SUMMARY_SQL.replace("LEFT JOIN", "JOIN") + " WHERE a.id IN (" + ids + ")"
    return summaries + " GROUP BY a.id" + NEWEST, params


def history_page(
    store: Store, case_id: str | None = None, *, limit: int, after: Cursor | None = None
) -> HistoryPage:
    """Up to `limit` attempts (of one case, or of all) after `after` (None: the newest)."""
    sql, params = page_sql(case_id, after)
    rows = store._read(sql, (*params, limit))
    if not rows:
        return HistoryPage([], 0, None)
    end: Cursor = (rows[-1][6], rows[-1][0])
    left = 0
    if len(rows) == limit:
        where, params = _where(case_id, end)
        left = int(store._read("SELECT COUNT(*) FROM (" + ANSWERED + where + ")", params)[0][0])
    return HistoryPage([summary_of(row) for row in rows], left, end)
