"""What the app is started with: one frozen object from the command line (or a test) to the app.

`make_app` and `TutorApp` both take this instead of repeating a dozen keyword arguments.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.ui.attempt import Clock, Mode, SessionFactory

if TYPE_CHECKING:
    from tutor.core.play.quiz import QuizSession
    from tutor.core.progress.store import Store


@dataclass(frozen=True)
class AppOptions:
    paths: Sequence[Path] | None = None
    """Library folders or case files (None: the bundled cases)."""
    case: str | None = None
    """The id of a case to open directly."""
    mode: Mode = "practice"
    time_limit: float | None = None
    """Minutes per attempt, exam mode only."""
    seed: int | None = None
    watch: Path | None = None
    """A case file to reload whenever it changes (`tutor play PATH --watch`)."""
    store: Store | None = None
    """Records and resumes attempts; None: progress is not kept (unless `open_store`)."""
    session_factory: SessionFactory | None = None
    """Injected by tests; it then decides alone, and nothing is recorded."""
    clock: Clock = time.monotonic
    """Injectable so tests never wait."""
    restart: bool = False
    """Open `case` afresh, even if an attempt at it is in progress."""
    quiz: QuizSession | None = None
    """Play this quiz (or drill) instead of the library."""
    open_store: Callable[[], Store] | None = None
    """Opens the store: on a thread of its own beside the library's loading (behind the first
    frame); the app takes the store once the library has loaded."""
    learner_store: Callable[[str], Store] | None = None
    """Served mode (`tutor serve`): ask this connection's learner for a name first, then
    record to the store this opens for that name; nothing is recorded before."""
