"""The progress store, opened on a thread of its own while the library loads behind the first
frame, and handed to the app once the library is in place.

Opening checks the whole file (`PRAGMA quick_check`, a read of every page: about 80 ms with
100,000 answers) before anything is written to it. SQLite lets go of the interpreter while it
reads, so on this thread the check runs beside the library's loading instead of after it, and
the app's thread never waits for it. What it finds is the same either way: a damaged file is
moved aside and recovered (`Store.open`), and the library says so when it shows the store.

The thread is not a daemon: a recovery under way when the learner quits runs to its end
before the program exits, so the rows saved from a damaged file are never cut short.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.progress.store import Store


class StoreOpening:
    """`open_store` run once, on a thread started by `start`; `result` waits for its store."""

    def __init__(self, open_store: Callable[[], Store]) -> None:
        self._open_store = open_store
        self._store: Store | None = None
        self._error: BaseException | None = None
        self._started = False
        self._done = False
        self._thread = threading.Thread(target=self._open, name="store-opener")

    def _open(self) -> None:
        try:
            self._store = self._open_store()
        except BaseException as error:  # handed to the thread that asks for the store
            self._error = error
        finally:
            self._done = True

    def start(self) -> None:
        self._started = True
        self._thread.start()

    def result(self) -> Store:
        """The store, once open (raising what opening raised); opened here, on the caller's
        thread, if `start` was never called."""
        if self._started:
            self._thread.join()
        elif not self._done:
            self._open()
        if self._error is not None:
            raise self._error
        assert self._store is not None
        return self._store

    def close(self) -> None:
        """Close the store if it was opened (waiting for it, if it is being opened now)."""
        if self._started:
            self._thread.join()
        if self._store is not None:
            self._store.close()
