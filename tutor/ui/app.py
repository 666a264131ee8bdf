"""The Textual application: one factory (`make_app`) for the command line and the tests alike.

Screens display and route; the session core decides. The app composes the pieces that keep it
running - the library loader (`loader`), the `--watch` reloader (`watch`), the exam clock
(`exam_clock`), the routes between screens (`screen_routes`, `progress_routes`,
`drill_routes`), the list growing on a first run (`first_run`) - and holds the attempt being
played. Nothing here scores or judges.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from tutor.collector import settle
from tutor.core.library.outcome import Listing
from tutor.core.play.modes import is_exam, mode_of, other_mode, time_limit_in
from tutor.exit_codes import EXIT_OK
from tutor.ui.app_options import AppOptions
from tutor.ui.attempt import Attempt, Mode, default_session_factory
from tutor.ui.drill_routes import DrillRoutes
from tutor.ui.exam_clock import ExamClock
from tutor.ui.first_run import FirstRunRoutes
from tutor.ui.loader import LibraryLoader
from tutor.ui.progress_routes import ProgressRoutes
from tutor.ui.screen_routes import LOADING, ScreenRoutes
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.store_opening import StoreOpening
from tutor.ui.watch import CaseWatcher

# The first frame (the library list) needs none of the models, the YAML reader or the other
# screens: they are imported where they are first used, or loaded in the background.
if TYPE_CHECKING:
    from tutor.core.algorithm.scoring_types import Response
    from tutor.core.cases.loader import LoadedCase
    from tutor.core.library.library import Library
    from tutor.core.play.quiz import QuizSession

WATCH_SECONDS = 0.5
ANSI_ALIAS = "textual-ansi"
QUIT_TOOLTIP = "Quit the tutor (asks first if a case is in progress)"
HELP_TOOLTIP = "The keys of this screen (this list); F1 also works while typing a number"


class TutorApp(ScreenRoutes, DrillRoutes, ProgressRoutes, FirstRunRoutes, App[int]):
    CSS_PATH = "tutor.tcss"
    TITLE = "Myositis tutor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            tooltip=HELP_TOOLTIP,
            id="app.help",
        ),
        Binding(
            "f1",
            "help",
            "Help",
            show=False,
            priority=True,
            tooltip=HELP_TOOLTIP,
            id="app.help-f1",
        ),
        Binding(
            "q",
            "quit_tutor",
            "Quit",
            tooltip=QUIT_TOOLTIP,
            id="app.quit",
        ),
        Binding(
            "ctrl+q",
            "quit_tutor",
            "Quit",
            show=False,
            priority=True,
            tooltip=QUIT_TOOLTIP,
            id="app.quit-ctrl",
        ),
    ]

    def __init__(self, library: Listing, options: AppOptions | None = None) -> None:
        super().__init__()
        self.library = library
        """The library: a listing at first when started from the cache, the full library
        (algorithm, references, cases on demand) once loaded; see `loaded_library`."""
        # Watching: one option order for the whole session, so a reload does not reshuffle.
        options = options or AppOptions()
        if options.seed is None and options.watch is not None:
            options = replace(options, seed=random.randrange(2**31))
        self.options = options
        self.mode: Mode = options.mode
        """The mode of the next case (the palette switches it)."""
        self.store = options.store
        """The progress store: attempts are recorded and resumed through it. None: not kept."""
        self.session_factory = options.session_factory or default_session_factory
        self.loader = LibraryLoader(options.paths)
        self._store_opening = (
            StoreOpening(options.open_store)
            if options.open_store is not None and self.store is None
            else None
        )
        """The store, opened beside the library's loading (see `store_opening`)."""
        self.exam_clock = ExamClock()
        self.watcher: CaseWatcher | None = None
        self.attempt: Attempt | None = None
        # Textual 8 calls its terminal-palette theme "ansi-dark"; earlier releases (and our
        # docs) said "textual-ansi". Accept both, so TEXTUAL_THEME=textual-ansi keeps working.
        if self.get_theme(ANSI_ALIAS) is None:
            self.register_theme(replace(BUILTIN_THEMES["ansi-dark"], name=ANSI_ALIAS))

    @property
    def quiz(self) -> QuizSession | None:
        return self.options.quiz

    @property
    def time_limit(self) -> float | None:
        return self.options.time_limit

    def get_default_screen(self) -> Screen:
        return LibraryScreen()

    # -- the library, loaded behind the first frame -----------------------------------------
    @property
    def loaded_library(self) -> Library | None:
        """The full library, or None while it is still loading in the background."""
        # A listing is the quick one; the full Library is a playable subclass of it. (Checked
        # without importing the library module, which would pull in every model.)
        return self.library if self.library.playable else None  # type: ignore[return-value]

    def _open_store(self) -> None:
        """Take the store opened beside the library's loading (waiting for it if need be)."""
        if self._store_opening is not None and self.store is None:
            self.store = self._store_opening.result()
            self.library_screen.show_store_notice()

    def _library_loaded(self, library: Library) -> None:
        self.library = library
        self.checking = None
        settle()  # the library lives as long as the app: keep collections from rescanning it
        self.loader.ready.set()
        self._open_store()
        screen = self.library_screen
        screen.show_store_notice()
        screen.show_library(library)
        pending = self.loader.take_pending()
        if pending is not None and self.screen is screen:
            loaded = library.find(pending)
            if loaded is not None:
                self.open_case(loaded)

    def close_store(self) -> None:
        """Close the progress store, or the one still being opened if the library never
        finished loading (the learner quit first)."""
        if self.store is not None:
            self.store.close()
        elif self._store_opening is not None:
            self._store_opening.close()

    async def wait_for_library(self) -> None:
        """Until the full library is in place (for tests and scripted runs)."""
        await self.loader.ready.wait()

    def _learner_named(self, name: str | None) -> None:
        """Served mode: from now on this connection records to `name`'s own store."""
        if name is None or self.options.learner_store is None:
            return
        self.store = self.options.learner_store(name)
        self.notify(f"Your answers are saved as {name}.", timeout=4, markup=False)
        screen = self.library_screen
        screen.show_store_notice()
        if self.loaded_library is not None:
            screen.show_library(self.loaded_library)

    def open_when_loaded(self, case_id: str) -> None:
        """Open a case chosen before the library finished loading, as soon as it has."""
        self.loader.pending_case = case_id
        self.notify(LOADING, timeout=2)

    def on_mount(self) -> None:
        self.call_after_refresh(settle)
        if self.loaded_library is None:
            # After the first frame: a loader importing the models would compete with the UI
            # thread for the interpreter while that frame is being drawn.
            self.call_after_refresh(
                self.loader.start, self, self._library_loaded, self._library_checking
            )
            if self._store_opening is not None:
                self.call_after_refresh(self._store_opening.start)
        else:
            self.loader.ready.set()
        options = self.options
        if options.learner_store is not None:
            from tutor.ui.screens.learner_name import LearnerNameScreen

            self.push_screen(LearnerNameScreen(), callback=self._learner_named)
        notice = self.store.notice if self.store is not None else None
        if notice and (options.case is not None or options.quiz is not None):
            self.notify(notice, title="Progress", severity="warning", timeout=15, markup=False)
        if options.quiz is not None:
            self.open_quiz(options.quiz)
            return
        if options.watch is not None:
            self.watcher = CaseWatcher(self, options.watch)
            self.set_interval(WATCH_SECONDS, self.check_watch)
            loaded = self.watcher.watched_case()
        elif options.case is not None:
            loaded = self.full_library().find(options.case)
        else:
            return
        if loaded is not None:
            self.open_case(loaded, fresh=options.restart)
        elif self.watcher is not None:
            self.watcher.show_problems()

    def check_watch(self) -> None:
        """Reload when the watched file changes (polled; called directly by tests)."""
        assert self.watcher is not None
        self.watcher.check()

    # -- the attempt -----------------------------------------------------------------------
    @property
    def records(self) -> bool:
        """Whether attempts are recorded (and resumed) in the progress store: not with an
        injected session factory (tests), which decides alone, nor while watching a file."""
        return (
            self.store is not None
            and self.options.session_factory is None
            and self.options.watch is None
        )

    def open_case(
        self, loaded: LoadedCase, replay: Sequence[Response] = (), *, fresh: bool = False
    ) -> None:
        """Open a case: its attempt in progress if there is one (unless `fresh`), else a new
        one. `replay` brings an unrecorded attempt back to where a --watch reload found it."""
        library = self.openable_library
        assert library is not None, "the library has not loaded"
        seed = self.options.seed
        mode: Mode = self.mode
        attempt_id = None
        seconds_spent = 0.0
        notice, notice_warning = "", False
        if self.records:
            from tutor.core.play.attempts import open_attempt
            from tutor.ui.progress import told

            assert self.store is not None
            opened = open_attempt(
                self.store, loaded.model, library.algorithm, mode, seed, fresh=fresh
            )
            session, attempt_id = opened.session, opened.attempt_id
            seconds_spent = opened.seconds_spent
            mode = mode_of(opened.mode)
            # Said on the player's own message line, not in a toast over the options.
            if (tell := told(opened)) is not None:
                notice, notice_warning = tell.message, tell.warning
        else:
            from tutor.core.algorithm.scoring_types import InvalidResponse
            from tutor.core.play.session import SessionFinished

            session = self.session_factory(loaded.model, library.algorithm, seed)
            session.exam = is_exam(mode)
            if replay:
                try:
                    session.replay(replay)
                except (InvalidResponse, SessionFinished, KeyError, ValueError):
                    # The edited case no longer takes those answers: start it afresh.
                    session = self.session_factory(loaded.model, library.algorithm, seed)
                    session.exam = is_exam(mode)
        self._play(
            self._attempt(
                loaded,
                session,
                mode,
                # A resumed exam's clock goes on from the time already spent, not afresh.
                started=self.options.clock() - seconds_spent,
                attempt_id=attempt_id,
                notice=notice,
                notice_warning=notice_warning,
            )
        )

    def open_quiz(self, session: QuizSession) -> None:
        """A quiz: questions from many cases, not recorded; leaving it ends the program."""
        self._play(self._attempt(None, session, self.mode, started=self.options.clock()))

    def _attempt(self, loaded: LoadedCase | None, session: Any, mode: Mode, **more: Any) -> Attempt:
        library = self.openable_library
        assert library is not None, "the library has not loaded"
        return Attempt(
            loaded,
            session,
            library.references,
            library.algorithm,
            mode=mode,
            time_limit=time_limit_in(mode, self.options.time_limit),
            clock=self.options.clock,
            **more,
        )

    def _play(self, attempt: Attempt) -> None:
        self.attempt = attempt
        if attempt.time_limit is not None:
            self.exam_clock.start(self, self.tick)
        from tutor.ui.screens.player import PlayerScreen

        self.push_screen(PlayerScreen(attempt))

    def tick(self) -> None:
        """The exam clock's second: the status line counts down; at 0 the attempt ends."""
        attempt = self.attempt
        if attempt is None or attempt.over:
            self.exam_clock.stop()
            return
        player = self.player()
        if player is not None:
            # A tick can fall while the player is still composed or already being taken down
            # (as the app quits): its status line is then not there to update.
            with contextlib.suppress(NoMatches):
                player.update_status()
        self.keep_open_time(attempt)
        if attempt.seconds_left() == 0:
            attempt.timed_out = True
            self.end_recorded(attempt)
            self.show_results()

    def to_library(self) -> None:
        self.record_time_away()
        if self.options.quiz is not None:
            self.exit(EXIT_OK)  # `tutor quiz` has no library to go back to
            return
        self.exam_clock.stop()
        self.attempt = None
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def in_progress(self) -> bool:
        return self.attempt is not None and not self.attempt.over and self.player() is not None

    def toggle_mode(self) -> None:
        self.mode = other_mode(self.mode)

    # -- keys and commands -----------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tutor.ui.palette import tutor_commands

        yield from super().get_system_commands(screen)
        yield from tutor_commands(self)


def make_app(
    library: Listing | None = None, options: AppOptions | None = None, **changes: Any
) -> TutorApp:
    """Build the app from `options`, with any of its fields given as keywords (`case=...`).
    `library` is the full library, or a listing to show while it loads in the background
    (default: the library of `options.paths`, loaded now)."""
    options = replace(options or AppOptions(), **changes)
    if library is None:
        from tutor.core.library.library import load_library

        library = load_library(options.paths)
    return TutorApp(library, options)
