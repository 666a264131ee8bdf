"""A screen whose content is read from the progress store on a thread: drawn at once (with a
"Reading your progress..." line), usable meanwhile (Esc works), filled in when the read is done.
History and statistics share it, so a long history never freezes the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import work
from textual.screen import Screen

View = TypeVar("View")


class ReadOnThreadScreen(Screen[None], Generic[View]):
    def __init__(self, load: Callable[[], View]) -> None:
        """`load` reads the view (raising StoreError when it cannot); it runs on a thread."""
        super().__init__()
        self.load = load

    def read(self) -> None:
        """Start reading (call from on_mount, once the screen's widgets exist)."""
        self._read()

    @work(thread=True, exit_on_error=False)
    def _read(self) -> None:
        from tutor.core.progress.store import StoreError

        try:
            view = self.load()
        except StoreError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._arrived, view)

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)
        if self.is_attached:
            self.dismiss(None)

    def _arrived(self, view: View) -> None:
        if self.is_attached:  # else the learner left before it was ready
            self.show(view)

    def show(self, view: View) -> None:
        """Fill the screen with what was read (on the app's thread)."""
        raise NotImplementedError
