"""The time on the open decision of a recorded attempt, written as it runs.

A timed exam's clock is the time spent in the attempt, and only answers were written as they
happened: a process killed mid-decision (the terminal closed) gave that decision's time back
on resume. The keeper writes it every CHECKPOINT_SECONDS while a decision is open, so a kill
loses at most that much; answering or leaving the decision records it as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.play.session import Session
    from tutor.core.progress.store import Store

CHECKPOINT_SECONDS = 5.0


class OpenTimeKeeper:
    """Call `tick` as often as you like (the exam clock does, each second); it writes when
    CHECKPOINT_SECONDS more have passed on the open decision than were last written."""

    def __init__(
        self, store: Store, attempt_id: int, session: Session, every: float = CHECKPOINT_SECONDS
    ) -> None:
        self.store = store
        self.attempt_id = attempt_id
        self.session = session
        self.every = every
        self._written = 0.0
        self._step = session.step_number

    def tick(self) -> bool:
        """Write the open decision's time if it is due; True when it was written. Raises
        StoreError when the write fails (nothing else is lost: answers are written apart)."""
        if self.session.finished:
            return False
        if self.session.step_number != self._step:
            # Answered since: the answer carries that decision's time, and the store's
            # open time was reset with it.
            self._step, self._written = self.session.step_number, 0.0
        seconds = self.session.seconds_on_current
        if seconds - self._written < self.every:
            return False
        self.store.checkpoint_open_time(self.attempt_id, seconds)
        self._written = seconds
        return True
