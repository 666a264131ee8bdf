"""The command palette's entries (Ctrl+P): the tutor's own, after Textual's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


def start_quiz(app: TutorApp) -> None:
    """A quiz drawn from the loaded library: what `tutor quiz` plays, reachable where there is
    no command line (a browser under `tutor serve`)."""
    import random

    from tutor.core.play.quiz import DEFAULT_QUIZ_COUNT, QuizSession, assemble_quiz

    library = app.full_library()
    seed = random.SystemRandom().randrange(2**31)
    items = assemble_quiz(
        library,
        library.read,
        count=DEFAULT_QUIZ_COUNT,
        seed=seed,
        algorithm=library.algorithm,
    )
    if not items:
        app.notify("The library has no decisions to draw a quiz from.", severity="warning")
        return
    app.open_quiz(QuizSession(items, library.algorithm, seed=seed))


def tutor_commands(app: TutorApp) -> Iterator[SystemCommand]:
    yield SystemCommand("Case library", "Leave this screen for the case library", app.leave_case)
    library = app.loaded_library
    if (library is None or library.algorithm is not None) and not (
        app.attempt is not None and app.attempt.exam and app.in_progress()
    ):
        yield SystemCommand(
            "Algorithm", "Browse the treatment algorithm", lambda: app.show_algorithm(None)
        )
    yield SystemCommand(
        "All references",
        "Every reference entry in the library",
        lambda: app.show_references(
            library.references if library is not None else (), "All references"
        ),
    )
    if app.store is not None and app.options.quiz is None:
        yield SystemCommand(
            "Statistics",
            "Your progress per case and per topic, with accuracy over time",
            app.show_statistics,
        )
        yield SystemCommand(
            "History",
            "Past attempts at every case; open one to see its results again",
            lambda: app.show_history(None, "all cases"),
        )

    if library is not None and app.options.quiz is None and app.attempt is None:
        from tutor.core.play.quiz import DEFAULT_QUIZ_COUNT

        yield SystemCommand(
            "Self-assessment quiz",
            f"{DEFAULT_QUIZ_COUNT} decisions drawn from every case, in {app.mode} mode "
            "(as 'tutor quiz'; not recorded)",
            lambda: start_quiz(app),
        )

    def toggle_mode() -> None:
        app.toggle_mode()
        app.library_screen.show_mode()
        app.notify(f"Next case in {app.mode} mode.", timeout=3)

    yield SystemCommand(
        "Switch mode", f"Practice or exam for the next case (now: {app.mode})", toggle_mode
    )

    def notice() -> None:
        from tutor.core.play.describe import DISCLAIMER

        app.notify(DISCLAIMER, title="Educational use", timeout=10, markup=False)

    yield SystemCommand("Educational use", "What these cases are, and are not, for", notice)
