"""Watching a case file (`tutor play PATH --watch`): polled, no dependency, no threads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.algorithm.scoring_types import Response
    from tutor.core.cases.loader import LoadedCase
    from tutor.ui.app import TutorApp

Stamp = tuple[int, int]


def file_stamp(path: Path) -> Stamp | None:
    """Modification time and size; None while the file is missing (mid-save, or deleted)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class CaseWatcher:
    """`--watch`: reload the case when its file changes and replay the answers given so far,
    or show the file's problems until the author fixes them."""

    def __init__(self, app: TutorApp, path: Path) -> None:
        self.app = app
        self.path = path
        self.stamp = file_stamp(path)
        self.replay: list[Response] = []
        """Kept until the case loads again, however many broken saves come in between."""

    def check(self) -> None:
        """Reload when the watched file changes (polled)."""
        stamp = file_stamp(self.path)
        if stamp == self.stamp:
            return
        self.stamp = stamp
        self.reload()

    def reload(self) -> None:
        """Load the watched file again and replay the answers given so far onto it."""
        app = self.app
        if app.attempt is not None:
            # Every answer in the order given: replaying them goes back where the learner did.
            session = app.attempt.session
            self.replay = [r.response for r in session.counted + session.explored]
        from tutor.core.library.library import load_library

        app.library = load_library(app.options.paths)
        app.to_library()
        app.library_screen.show_library(app.library)
        loaded = self.watched_case()
        if loaded is not None:
            app.open_case(loaded, replay=self.replay)
            app.notify("Case reloaded.", timeout=2)
        else:
            self.show_problems()

    def watched_case(self) -> LoadedCase | None:
        app = self.app
        paths = app.options.paths
        if paths and any(same_file(p, self.path) for p in paths):
            # Watching one file: whatever case it holds now, even if its id changed.
            summaries = app.library.summaries
            return app.full_library().find(summaries[0].id) if summaries else None
        case = app.options.case
        return app.full_library().find(case) if case else None

    def show_problems(self) -> None:
        from tutor.core.cases.diagnostics import errors

        library = self.app.library
        problems = [f for f in library.failed if same_file(f.path, self.path)]
        diagnostics = [d for f in problems for d in f.diagnostics] or errors(library.diagnostics)
        self.app.show_problems(str(self.path), diagnostics)
