"""Sending the outbox to a learning record store: in batches, oldest first, each batch marked
sent only once the LRS has accepted it. A batch the LRS may or may not have stored (the
connection broke) is sent again later; its statement ids make the second copy a no-op.

Network trouble is retried with a doubling pause; refused credentials are not. Whatever is
not delivered stays queued for the next `tutor sync`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from tutor.core.progress.store import Store
from tutor.core.records.lrs import Lrs, LrsError, Refused

BATCH = 50
TRIES = 4
FIRST_PAUSE_SECONDS = 0.5


@dataclass(frozen=True)
class SyncReport:
    sent: int
    waiting: int
    problem: str | None = None

    def line(self) -> str:
        done = f"{self.sent} statement(s) delivered"
        if not self.waiting:
            return f"{done}; nothing is waiting."
        why = f" ({self.problem})" if self.problem else ""
        return f"{done}; {self.waiting} still waiting{why}. They are kept; run tutor sync again."


def sync(
    store: Store,
    lrs: Lrs,
    *,
    batch: int = BATCH,
    tries: int = TRIES,
    pause: Callable[[float], None] = time.sleep,
) -> SyncReport:
    sent = 0
    while waiting := store.waiting(batch):
        ids = [statement_id for statement_id, _ in waiting]
        statements = [json.loads(body) for _, body in waiting]
        delay = FIRST_PAUSE_SECONDS
        for attempt in range(1, tries + 1):
            try:
                lrs.send(statements)
                break
            except Refused as error:
                store.mark_failed(ids, str(error))
                return SyncReport(sent, store.waiting_count(), str(error))
            except LrsError as error:
                if attempt == tries:
                    store.mark_failed(ids, str(error))
                    return SyncReport(sent, store.waiting_count(), str(error))
                pause(delay)
                delay *= 2
        store.mark_sent(ids)
        sent += len(ids)
    return SyncReport(sent, 0)
