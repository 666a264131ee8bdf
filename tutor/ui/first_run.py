"""A first run: the library list grows as the files are checked, and a checked case opens.

Mixed into TutorApp. The loader hands each batch of checked files to `_library_checking` on
the app's thread; the full library replaces the growing listing once every file is checked.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tutor.core.library.outcome import Listing

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from tutor.core.cases.loader import LoadedCase
    from tutor.core.library.library import Library
    from tutor.core.library.progress import Checked
    from tutor.ui.loader import LibraryLoader
    from tutor.ui.screens.library import LibraryScreen

    _AppBase = App[int]
else:
    _AppBase = object

REDRAW_SECONDS = 1.0
"""While a first run checks the files, the library list is redrawn at most this often (each
redraw of a 1,000-case first run cost some 20 ms of a core the workers need)."""


class FirstRunRoutes(_AppBase):
    """Mixed into TutorApp, which provides `library`, `loader`, `library_screen`,
    `loaded_library`, `open_case` and `_open_store`."""

    checking: Checked[Library] | None = None
    """On a first run, the files checked so far (None once the full library is in)."""
    _redraw: Timer | None = None
    _redrawn_at: float | None = None

    if TYPE_CHECKING:  # provided by TutorApp
        library: Listing
        loader: LibraryLoader

        @property
        def loaded_library(self) -> Library | None: ...

        @property
        def library_screen(self) -> LibraryScreen: ...

        def open_case(self, loaded: LoadedCase) -> None: ...

        def _open_store(self) -> None: ...

    @property
    def openable_library(self) -> Library | None:
        """The library cases open from: the full one, or on a first run, while the files are
        being checked, the one of those checked so far (the same algorithm and references)."""
        if self.loaded_library is None and self.checking is not None:
            return self.checking.library
        return self.loaded_library

    def _library_checking(self, step: Checked[Library]) -> None:
        """A batch of files checked on a first run: the list grows, and a listed case opens."""
        self.checking = step
        known = step.library
        # Shown as a listing: the full library (due cards, statistics) is still to come.
        self.library = Listing(known.failed, known.diagnostics)
        self.library.summaries = known.summaries
        self._open_store()
        if self._redraw is None:
            # The first cases at once, then the batches that arrived meanwhile every so often.
            last = self._redrawn_at
            wait = 0.0 if last is None else last + REDRAW_SECONDS - time.monotonic()
            if wait > 0:
                self._redraw = self.set_timer(wait, self._show_checked)
            else:
                self._show_checked()

    def _show_checked(self) -> None:
        self._redraw = None
        screen = self.library_screen
        if self.checking is None or self.screen is not screen:
            return  # loaded (and shown), or a case is open: redrawn on coming back to it
        known = self.checking.library
        screen.show_library(self.library)
        if known.summaries:
            self._redrawn_at = time.monotonic()
        pending = self.loader.pending_case  # chosen from the cache's listing, now checked
        if pending is not None and any(summary.id == pending for summary in known.summaries):
            self.loader.take_pending()
            if (loaded := known.find(pending)) is not None:
                self.open_case(loaded)
