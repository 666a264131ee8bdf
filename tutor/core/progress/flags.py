"""Flags seen from the history: which attempts hold flagged decisions, and flagging the
decisions an attempt missed in one go (the flags themselves are kept by the review deck)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.progress.review import ReviewDeck
    from tutor.core.progress.store import Store


def flagged_per_attempt(store: Store, attempt_ids: Iterable[int]) -> dict[int, int]:
    """Per attempt of `attempt_ids` (those listed: only their answers are read), how many of
    the decisions it answered (first answers) are flagged; an attempt with none is left out."""
    rows = store._read(
        "SELECT n.attempt_id, COUNT(DISTINCT n.step_id) FROM answers AS n"
        " JOIN attempts AS a ON a.id = n.attempt_id"
        " JOIN flags AS f ON f.case_id = a.case_id AND f.step_id = n.step_id"
        " WHERE n.explored = 0 AND n.attempt_id IN (SELECT value FROM json_each(?))"
        " GROUP BY n.attempt_id",
        (json.dumps(list(attempt_ids)),),
    )
    return {int(attempt_id): int(count) for attempt_id, count in rows}


def missed_in(store: Store, attempt_id: int) -> list[str]:
    """The decisions the attempt did not get fully right (first answers), in order."""
    missed = [
        row.step_id
        for row in store.answers(attempt_id)
        if not row.explored and row.points < row.max_points
    ]
    return list(dict.fromkeys(missed))


def toggle_missed(deck: ReviewDeck, attempt_id: int) -> tuple[list[str], bool]:
    """Flag the decisions the attempt missed; when they are all flagged already, unflag them.
    Returns those decisions and whether they are flagged now (nothing missed: [], False)."""
    store = deck.store
    case_id = store.attempt(attempt_id).case_id
    missed = missed_in(store, attempt_id)
    if not missed:
        return [], False
    flagged = set(deck.flags())
    on = not all((case_id, step_id) in flagged for step_id in missed)
    for step_id in missed:
        deck.flag(case_id, step_id, on)
    return missed, on
