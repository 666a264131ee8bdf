"""The library, loaded behind the first frame on a thread, and handed to the app's thread.

The first frame shows a listing from the cache; the full library (models, algorithm,
references) follows. On a first run the list grows as the worker processes check the files, a
batch at a time. A case chosen before it is listed is opened as soon as the library has loaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from tutor.core.library.library import Library
    from tutor.core.library.progress import Checked


class _Quit(Exception):
    """The app quit while the library was being checked."""


class LibraryLoader:
    def __init__(self, paths: Sequence[Path] | None) -> None:
        self.paths = paths
        self.pending_case: str | None = None
        """A case chosen before the library finished loading, opened once it has."""
        self.ready = asyncio.Event()
        self._thread: threading.Thread | None = None

    def start(
        self,
        app: App[int],
        loaded: Callable[[Library], None],
        checking: Callable[[Checked[Library]], None] | None = None,
    ) -> None:
        """Load on a daemon thread rather than a Textual worker: quitting right away must not
        wait for a large library to finish loading, and nothing is written there that could
        be lost. `loaded` runs on the app's thread, and so does `checking`, with each batch of
        files checked while some were missing from the cache."""

        def checked(step: Checked[Library]) -> None:
            assert checking is not None
            try:
                app.call_from_thread(checking, step)
            except RuntimeError:
                # The app has quit: stop, so that the files still waiting for a worker are
                # dropped (the program would otherwise wait for them all before it exits).
                raise _Quit from None

        def load() -> None:
            from tutor.core.library.library import load_library

            # Both cores (or all) on a first run: the cases not in the cache are checked in
            # worker processes, as `tutor validate` checks them.
            try:
                library = load_library(
                    self.paths,
                    keep_models=False,
                    use_cache=True,
                    workers=os.cpu_count() or 1,
                    threaded=True,
                    progress=checked if checking is not None else None,
                )
            except _Quit:
                return
            with contextlib.suppress(RuntimeError):  # the app has already quit
                app.call_from_thread(loaded, library)

        self._thread = threading.Thread(target=load, name="library-loader", daemon=True)
        self._thread.start()

    def take_pending(self) -> str | None:
        pending, self.pending_case = self.pending_case, None
        return pending
