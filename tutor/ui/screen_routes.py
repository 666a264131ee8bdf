"""The app's routes between screens: the player, feedback, results, the screens any of them can
open (algorithm, references, problems, help), and the questions asked before leaving. Each
pushes a screen; none decides anything.

Mixed into TutorApp next to ProgressRoutes and DrillRoutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from tutor.exit_codes import EXIT_OK
from tutor.ui.attempt import leave_question, quit_question
from tutor.ui.screens.library import LibraryScreen

if TYPE_CHECKING:
    from textual.app import App

    from tutor.core.algorithm.scoring_types import StepResult
    from tutor.core.cases.diagnostics import Diagnostic
    from tutor.core.library.library import Library
    from tutor.ui.attempt import Attempt
    from tutor.ui.exam_clock import ExamClock
    from tutor.ui.screens.feedback import FeedbackScreen
    from tutor.ui.screens.player import PlayerScreen
    from tutor.ui.watch import CaseWatcher

    _AppBase = App[int]
else:
    _AppBase = object

LOADING = "Loading the case library..."


class ScreenRoutes(_AppBase):
    """Mixed into TutorApp, which provides `attempt`, `exam_clock`, `watcher`, `loaded_library`."""

    attempt: Attempt | None
    exam_clock: ExamClock
    watcher: CaseWatcher | None
    _feedback: FeedbackScreen | None = None

    if TYPE_CHECKING:  # provided by TutorApp

        @property
        def loaded_library(self) -> Library | None: ...

        def in_progress(self) -> bool: ...

        def to_library(self) -> None: ...

        def record_time_away(self) -> None: ...

    @property
    def library_screen(self) -> LibraryScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, LibraryScreen)
        return screen

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

    def rewind_to(self, number: int) -> bool:
        """Go back to decision `number` of the attempt at hand to try another branch (practice
        mode; the session refuses otherwise, and the learner is told why)."""
        from tutor.core.play.session import RewindRefused

        attempt = self.attempt
        if attempt is None:
            return False
        try:
            attempt.session.rewind(number, attempt.mode)
        except RewindRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return False
        # Said on the player's message line when it shows the decision again (as a resumed
        # case's notice is), not in a toast over the options.
        attempt.notice = (
            f"Back at decision {number}: answers from here on are exploration; your first "
            "answers keep their score."
        )
        attempt.notice_warning = False
        player = self.player()
        if player is not None:
            player.show_notice_next()
        return True

    def play_on(self) -> None:
        """From the results, after going back: the player again, at the decision gone back to."""
        attempt = self.attempt
        if attempt is None:
            return
        from tutor.ui.screens.player import PlayerScreen

        self.switch_screen(PlayerScreen(attempt))

    def show_results(self) -> None:
        """End the attempt: replace the player (and anything above it) with the results."""
        attempt = self.attempt
        player = self.player()
        if attempt is None or player is None:
            return
        self.exam_clock.stop()
        while self.screen is not player:
            self.pop_screen()
        from tutor.ui.screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(attempt))

    def show_algorithm(self, node_id: str | None) -> None:
        from tutor.ui.screens.algorithm import AlgorithmScreen

        library = self.loaded_library
        if library is None:
            self.notify(LOADING, timeout=2)
            return
        if library.algorithm is None:
            self.notify("The algorithm could not be loaded.", severity="error")
            return
        self.push_screen(AlgorithmScreen(library.algorithm, library.references, node_id))

    def show_references(self, ids: Iterable[str], title: str) -> None:
        from tutor.ui.screens.references import ReferencesScreen

        library = self.loaded_library
        if library is None:
            self.notify(LOADING, timeout=2)
            return
        self.push_screen(ReferencesScreen(ids, library.references, title))

    def show_problems(self, name: str, diagnostics: Sequence[Diagnostic]) -> None:
        from tutor.ui.screens.problems import ProblemsScreen

        self.push_screen(ProblemsScreen(name, diagnostics, watching=self.watcher is not None))

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen, help_sections

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        sections = help_sections(self.screen.active_bindings.values(), self.get_key_display)
        name = type(self.screen).__name__.removesuffix("Screen").lower() or "screen"
        self.push_screen(HelpScreen(f"the {name} screen", sections))

    # -- leaving: asked first while a case is in progress ---------------------------------
    def leave_case(self) -> None:
        """Back to the library, asking first when that abandons a case in progress."""
        if not self.in_progress():
            self.to_library()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                if self.watcher is not None:
                    self.watcher.replay = []
                self.to_library()

        assert self.attempt is not None
        from tutor.ui.screens.confirm import ConfirmScreen

        question, leave = leave_question(self.attempt)
        self.push_screen(ConfirmScreen(question, leave, "Stay"), answered)

    async def action_quit(self) -> None:
        """Textual's own quit (the command palette offers it) asks first, like q does."""
        self.action_quit_tutor()

    def action_help_quit(self) -> None:
        """Ctrl+C with no text selected (with a selection it copies). Textual would only hint at
        its own quit key, which the tutor does not use; a learner pressing Ctrl+C means to quit,
        as in any terminal program, so it does what q does, asking first in a case."""
        from tutor.ui.screens.confirm import ConfirmScreen

        if not isinstance(self.screen, ConfirmScreen):  # already asking
            self.action_quit_tutor()

    def action_quit_tutor(self) -> None:
        if not self.in_progress():
            self.exit(EXIT_OK)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.record_time_away()
                self.exit(EXIT_OK)

        assert self.attempt is not None
        from tutor.ui.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(quit_question(self.attempt), "Quit", "Stay"), answered)
