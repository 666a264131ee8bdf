"""The Textual application: one factory (`make_app`) for the command line and the tests alike.

Screens display and route; the session core decides. The app owns the routing between screens,
the exam clock and the `--watch` poll, and nothing that scores or judges.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES
from textual.timer import Timer

from tutor.collector import settle
from tutor.core.cases.diagnostics import Diagnostic, errors
from tutor.core.library.outcome import Listing
from tutor.core.play.modes import mode_of, other_mode
from tutor.exit_codes import EXIT_OK
from tutor.ui.attempt import (
    Attempt,
    Clock,
    Mode,
    SessionFactory,
    default_session_factory,
    leave_question,
    quit_question,
)
from tutor.ui.drill_routes import DrillRoutes
from tutor.ui.progress_routes import ProgressRoutes
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.watch import file_stamp, same_file

# The first frame (the library list) needs none of the models, the YAML reader or the other
# screens: they are imported where they are first used, or loaded in the background.
if TYPE_CHECKING:
    from tutor.core.algorithm.scoring import Response, StepResult
    from tutor.core.cases.loader import LoadedCase
    from tutor.core.library.library import Library
    from tutor.core.play.quiz import QuizSession
    from tutor.core.progress.store import Store
    from tutor.ui.screens.feedback import FeedbackScreen
    from tutor.ui.screens.player import PlayerScreen

WATCH_SECONDS = 0.5
ANSI_ALIAS = "textual-ansi"
QUIT_TOOLTIP = "Quit the tutor (asks first if a case is in progress)"
HELP_TOOLTIP = "The keys of this screen (this list); F1 also works while typing a number"


class TutorApp(DrillRoutes, ProgressRoutes, App[int]):
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

    def __init__(
        self,
        library: Listing,
        *,
        paths: Sequence[Path] | None = None,
        start_case: str | None = None,
        mode: Mode = "practice",
        time_limit: float | None = None,
        seed: int | None = None,
        watch: Path | None = None,
        store: Store | None = None,
        session_factory: SessionFactory | None = None,
        clock: Clock = time.monotonic,
        restart: bool = False,
        quiz: QuizSession | None = None,
        open_store: Callable[[], Store] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        """The library: a listing at first when started from the cache, the full library
        (algorithm, references, cases on demand) once loaded; see `loaded_library`."""
        self._open_store = open_store
        self._pending_case: str | None = None
        self._loader: threading.Thread | None = None
        self._library_ready = asyncio.Event()
        self.paths = list(paths) if paths else None
        self.start_case = start_case
        self.mode: Mode = mode
        self.time_limit = time_limit
        # Watching: one option order for the whole session, so a reload does not reshuffle.
        self.seed = random.randrange(2**31) if (seed is None and watch is not None) else seed
        self.watch_path = watch
        self.store = store
        """The progress store: attempts are recorded and resumed through it. None: not kept."""
        self.session_factory = session_factory or default_session_factory
        # An injected factory (tests) decides alone; otherwise, with a store, attempts are
        # recorded, and a case in progress is resumed.
        self._factory_given = session_factory is not None
        self.restart = restart
        self.quiz = quiz
        self.clock = clock
        self.attempt: Attempt | None = None
        self._clock_timer: Timer | None = None
        self._watch_stamp: tuple[int, int] | None = None
        self._replay: list[Response] = []
        self._feedback: FeedbackScreen | None = None
        # Textual 8 calls its terminal-palette theme "ansi-dark"; earlier releases (and our
        # docs) said "textual-ansi". Accept both, so TEXTUAL_THEME=textual-ansi keeps working.
        if self.get_theme(ANSI_ALIAS) is None:
            self.register_theme(replace(BUILTIN_THEMES["ansi-dark"], name=ANSI_ALIAS))

    def get_default_screen(self) -> Screen:
        return LibraryScreen()

    # -- the library, loaded behind the first frame -----------------------------------------
    @property
    def loaded_library(self) -> Library | None:
        """The full library, or None while it is still loading in the background."""
        # A plain Listing is the quick one; the full Library is a subclass of it. (Checked
        # without importing the library module, which would pull in every model.)
        return None if type(self.library) is Listing else self.library  # type: ignore[return-value]

    def _load_in_background(self) -> None:
        """Loader thread: read (or validate) the library, then hand it to the app's thread.

        A daemon thread rather than a Textual worker: quitting right away must not wait for
        a large library to finish loading, and nothing is written here that could be lost."""
        from tutor.core.library.library import load_library

        if self._open_store is not None:
            import tutor.core.progress.store  # noqa: F401 - warm the import; the store opens on the UI thread
        library = load_library(self.paths, keep_models=False, use_cache=True)
        with contextlib.suppress(RuntimeError):  # the app has already quit
            self.call_from_thread(self._library_loaded, library)

    def _library_loaded(self, library: Library) -> None:
        self.library = library
        settle()  # the library lives as long as the app: keep collections from rescanning it
        self._library_ready.set()
        if self._open_store is not None and self.store is None:
            self.store = self._open_store()
        screen = self.library_screen
        screen.show_store_notice()
        screen.show_library(library)
        pending, self._pending_case = self._pending_case, None
        if pending is not None and self.screen is screen:
            loaded = library.find(pending)
            if loaded is not None:
                self.open_case(loaded)

    def _start_loader(self) -> None:
        self._loader = threading.Thread(
            target=self._load_in_background, name="library-loader", daemon=True
        )
        self._loader.start()

    async def wait_for_library(self) -> None:
        """Until the full library is in place (for tests and scripted runs)."""
        await self._library_ready.wait()

    def open_when_loaded(self, case_id: str) -> None:
        """Open a case chosen before the library finished loading, as soon as it has."""
        self._pending_case = case_id
        self.notify("Loading the case library...", timeout=2)

    def on_mount(self) -> None:
        self.call_after_refresh(settle)
        if self.loaded_library is None:
            # After the first frame: a loader importing the models would compete with the UI
            # thread for the interpreter while that frame is being drawn.
            self.call_after_refresh(self._start_loader)
        else:
            self._library_ready.set()
        notice = self.store.notice if self.store is not None else None
        if notice and (self.start_case is not None or self.quiz is not None):
            self.notify(notice, title="Progress", severity="warning", timeout=15, markup=False)
        if self.quiz is not None:
            self.open_quiz(self.quiz)
            return
        if self.watch_path is not None:
            self._watch_stamp = file_stamp(self.watch_path)
            self.set_interval(WATCH_SECONDS, self.check_watch)
        if self.start_case is not None or self.watch_path is not None:
            loaded = (
                self._watched_case()
                if self.watch_path
                else self._full_library().find(self.start_case or "")
            )
            if loaded is not None:
                self.open_case(loaded, fresh=self.restart)
                return
        if self.watch_path is not None:
            self.show_watch_problems()

    # -- routing ---------------------------------------------------------------------------
    @property
    def library_screen(self) -> LibraryScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, LibraryScreen)
        return screen

    @property
    def records(self) -> bool:
        """Whether attempts are recorded (and resumed) in the progress store."""
        return self.store is not None and not self._factory_given and self.watch_path is None

    def open_case(
        self, loaded: LoadedCase, replay: Sequence[Response] = (), *, fresh: bool = False
    ) -> None:
        """Open a case: its attempt in progress if there is one (unless `fresh`), else a new
        one. `replay` brings an unrecorded attempt back to where a --watch reload found it."""
        mode: Mode = self.mode
        attempt_id = None
        seconds_spent = 0.0
        notice, notice_warning = "", False
        if self.records:
            from tutor.core.play.attempts import open_attempt
            from tutor.ui.progress import told

            assert self.store is not None
            opened = open_attempt(
                self.store,
                loaded.model,
                self._full_library().algorithm,
                mode,
                self.seed,
                fresh=fresh,
            )
            session, attempt_id = opened.session, opened.attempt_id
            seconds_spent = opened.seconds_spent
            mode = mode_of(opened.mode)
            # Said on the player's own message line, not in a toast over the options.
            if (tell := told(opened)) is not None:
                notice, notice_warning = tell.message, tell.warning
        else:
            from tutor.core.algorithm.scoring import InvalidResponse
            from tutor.core.play.session import SessionFinished

            session = self.session_factory(loaded.model, self._full_library().algorithm, self.seed)
            if replay:
                try:
                    session.replay(replay)
                except (InvalidResponse, SessionFinished, KeyError, ValueError):
                    # The edited case no longer takes those answers: start it afresh.
                    session = self.session_factory(
                        loaded.model, self._full_library().algorithm, self.seed
                    )
        self._play(
            Attempt(
                loaded,
                session,
                self._full_library().references,
                self._full_library().algorithm,
                mode=mode,
                time_limit=self.time_limit if mode == "exam" else None,
                clock=self.clock,
                # A resumed exam's clock goes on from the time already spent, not afresh.
                started=self.clock() - seconds_spent,
                attempt_id=attempt_id,
                notice=notice,
                notice_warning=notice_warning,
            )
        )

    def open_quiz(self, session: QuizSession) -> None:
        """A quiz: questions from many cases, not recorded; leaving it ends the program."""
        self._play(
            Attempt(
                None,
                session,
                self._full_library().references,
                self._full_library().algorithm,
                mode=self.mode,
                time_limit=self.time_limit if self.mode == "exam" else None,
                clock=self.clock,
                started=self.clock(),
            )
        )

    def _play(self, attempt: Attempt) -> None:
        self.attempt = attempt
        if attempt.time_limit is not None:
            self._clock_timer = self.set_interval(1.0, self.tick)
        from tutor.ui.screens.player import PlayerScreen

        self.push_screen(PlayerScreen(attempt))

    def player(self) -> PlayerScreen | None:
        from tutor.ui.screens.player import PlayerScreen

        return next((s for s in self.screen_stack if isinstance(s, PlayerScreen)), None)

    def show_feedback(
        self, attempt: Attempt, result: StepResult, number: int, then: Callable[[], None]
    ) -> None:
        """Feedback on answer `number` (practice mode); `then` runs when the learner goes on."""
        from tutor.ui.screens.feedback import FeedbackScreen

        if self._feedback is None:
            # Kept installed, so one screen serves every answer: it appears in a frame.
            self._feedback = FeedbackScreen()
            self.install_screen(self._feedback, "feedback")
        self._feedback.show(attempt, result, number)
        self.push_screen(self._feedback, lambda _: then())

    def show_results(self) -> None:
        """End the attempt: replace the player (and anything above it) with the results."""
        attempt = self.attempt
        player = self.player()
        if attempt is None or player is None:
            return
        self._stop_clock()
        while self.screen is not player:
            self.pop_screen()
        from tutor.ui.screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(attempt))

    def to_library(self) -> None:
        self._record_time_away()
        if self.quiz is not None:
            self.exit(EXIT_OK)  # `tutor quiz` has no library to go back to
            return
        self._stop_clock()
        self.attempt = None
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _record_time_away(self) -> None:
        """Stepping away from a recorded attempt mid-decision keeps the time that decision has
        taken, so a resumed exam's clock counts it too (see `open_case`)."""
        attempt = self.attempt
        if attempt is None or attempt.over or attempt.attempt_id is None or self.store is None:
            return  # nothing recorded (a quiz is never recorded)
        from tutor.core.play.session import Session
        from tutor.core.progress.store import StoreError

        assert isinstance(attempt.session, Session)

        with contextlib.suppress(StoreError):  # the answers are safe; this is a few seconds
            self.store.record_unanswered_time(
                attempt.attempt_id, attempt.session.seconds_on_current
            )

    def in_progress(self) -> bool:
        return self.attempt is not None and not self.attempt.over and self.player() is not None

    def leave_case(self) -> None:
        """Back to the library, asking first when that abandons a case in progress."""
        if not self.in_progress():
            self.to_library()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._replay = []
                self.to_library()

        assert self.attempt is not None
        from tutor.ui.screens.confirm import ConfirmScreen

        question, leave = leave_question(self.attempt)
        self.push_screen(ConfirmScreen(question, leave, "Stay"), answered)

    def show_algorithm(self, node_id: str | None) -> None:
        from tutor.ui.screens.algorithm import AlgorithmScreen

        library = self.loaded_library
        if library is None:
            self.notify("Loading the case library...", timeout=2)
            return
        if library.algorithm is None:
            self.notify("The algorithm could not be loaded.", severity="error")
            return
        self.push_screen(AlgorithmScreen(library.algorithm, library.references, node_id))

    def show_references(self, ids: Iterable[str], title: str) -> None:
        from tutor.ui.screens.references import ReferencesScreen

        library = self.loaded_library
        if library is None:
            self.notify("Loading the case library...", timeout=2)
            return
        self.push_screen(ReferencesScreen(ids, library.references, title))

    def show_problems(self, name: str, diagnostics: Sequence[Diagnostic]) -> None:
        from tutor.ui.screens.problems import ProblemsScreen

        self.push_screen(ProblemsScreen(name, diagnostics, watching=self.watch_path is not None))

    def toggle_mode(self) -> None:
        self.mode = other_mode(self.mode)

    # -- the exam clock --------------------------------------------------------------------
    def tick(self) -> None:
        attempt = self.attempt
        if attempt is None or attempt.over:
            self._stop_clock()
            return
        player = self.player()
        if player is not None:
            player.update_status()
        if attempt.seconds_left() == 0:
            attempt.timed_out = True
            self.end_recorded(attempt)
            self.show_results()

    def _stop_clock(self) -> None:
        if self._clock_timer is not None:
            self._clock_timer.stop()
            self._clock_timer = None

    # -- --watch ---------------------------------------------------------------------------
    def check_watch(self) -> None:
        """Reload when the watched file changes (polled; called directly by tests)."""
        assert self.watch_path is not None
        stamp = file_stamp(self.watch_path)
        if stamp == self._watch_stamp:
            return
        self._watch_stamp = stamp
        self.reload()

    def reload(self) -> None:
        """Load the watched file again and replay the answers given so far onto it."""
        if self.attempt is not None:
            # Kept until the case loads again, however many broken saves come in between.
            self._replay = [r.response for r in self.attempt.session.results]
        from tutor.core.library.library import load_library

        self.library = load_library(self.paths)
        self.to_library()
        self.library_screen.show_library(self.library)
        loaded = self._watched_case()
        if loaded is not None:
            self.open_case(loaded, replay=self._replay)
            self.notify("Case reloaded.", timeout=2)
        else:
            self.show_watch_problems()

    def _watched_case(self) -> LoadedCase | None:
        watched = self.watch_path
        if self.paths and watched is not None and any(same_file(p, watched) for p in self.paths):
            # Watching one file: whatever case it holds now, even if its id changed.
            summaries = self.library.summaries
            return self._full_library().find(summaries[0].id) if summaries else None
        return self._full_library().find(self.start_case) if self.start_case else None

    def show_watch_problems(self) -> None:
        assert self.watch_path is not None
        problems = [f for f in self.library.failed if same_file(f.path, self.watch_path)]
        diagnostics = [d for f in problems for d in f.diagnostics] or errors(
            self.library.diagnostics
        )
        self.show_problems(str(self.watch_path), diagnostics)

    # -- keys and commands -----------------------------------------------------------------
    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen, help_sections

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        sections = help_sections(self.screen.active_bindings.values(), self.get_key_display)
        name = type(self.screen).__name__.removesuffix("Screen").lower() or "screen"
        self.push_screen(HelpScreen(f"the {name} screen", sections))

    async def action_quit(self) -> None:
        """Textual's own quit (the command palette offers it) asks first, like q does."""
        self.action_quit_tutor()

    def action_quit_tutor(self) -> None:
        if not self.in_progress():
            self.exit(EXIT_OK)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._record_time_away()
                self.exit(EXIT_OK)

        assert self.attempt is not None
        from tutor.ui.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(quit_question(self.attempt), "Quit", "Stay"), answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Case library", "Leave this screen for the case library", self.leave_case
        )
        library = self.loaded_library
        if (library is None or library.algorithm is not None) and not (
            self.attempt is not None and self.attempt.exam and self.in_progress()
        ):
            yield SystemCommand(
                "Algorithm", "Browse the treatment algorithm", lambda: self.show_algorithm(None)
            )
        yield SystemCommand(
            "All references",
            "Every reference entry in the library",
            lambda: self.show_references(
                library.references if library is not None else (), "All references"
            ),
        )
        if self.store is not None and self.quiz is None:
            yield SystemCommand(
                "Statistics",
                "Your progress per case and per topic, with accuracy over time",
                self.show_statistics,
            )
            yield SystemCommand(
                "History",
                "Past attempts at every case; open one to see its results again",
                lambda: self.show_history(None, "all cases"),
            )
        yield SystemCommand(
            "Switch mode",
            f"Practice or exam for the next case (now: {self.mode})",
            self._command_toggle_mode,
        )
        yield SystemCommand(
            "Educational use", "What these cases are, and are not, for", self._command_notice
        )

    def _command_toggle_mode(self) -> None:
        self.toggle_mode()
        self.library_screen.show_mode()
        self.notify(f"Next case in {self.mode} mode.", timeout=3)

    def _command_notice(self) -> None:
        from tutor.core.play.describe import DISCLAIMER

        self.notify(DISCLAIMER, title="Educational use", timeout=10, markup=False)


def make_app(
    library: Listing | None = None,
    *,
    paths: Sequence[Path] | None = None,
    case: str | None = None,
    mode: Mode = "practice",
    time_limit: float | None = None,
    seed: int | None = None,
    watch: Path | None = None,
    store: Store | None = None,
    session_factory: SessionFactory | None = None,
    clock: Clock = time.monotonic,
    restart: bool = False,
    quiz: QuizSession | None = None,
    open_store: Callable[[], Store] | None = None,
) -> TutorApp:
    """Build the app. `paths` are library folders or case files (default: the bundled cases);
    `library` is the full library, or a listing to show while it loads in the background;
    `case` is the id of a case to open directly (`restart`: afresh, even if one is in
    progress); `store` records and resumes attempts (None: progress is not kept), or
    `open_store` opens it once the library has loaded; `quiz` plays a quiz instead of the
    library; `clock` is injectable so tests never wait."""
    if library is None:
        from tutor.core.library.library import load_library

        library = load_library(paths)
    return TutorApp(
        library,
        paths=paths,
        start_case=case,
        mode=mode,
        time_limit=time_limit,
        seed=seed,
        watch=watch,
        store=store,
        session_factory=session_factory,
        clock=clock,
        restart=restart,
        quiz=quiz,
        open_store=open_store,
    )
