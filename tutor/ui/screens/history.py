"""Past attempts, newest first: date, mode, score and safety tally; Enter replays the results."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets.option_list import Option

from tutor.core.play.wording import plural
from tutor.ui import render
from tutor.ui.progress import (
    HistoryView,
    attempt_score,
    attempt_state,
    local_time,
    safety_tally,
)
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.lists import KeyList
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.core.progress.store import AttemptSummary
    from tutor.ui.app import TutorApp


def attempt_prompt(summary: AttemptSummary, *, with_case: bool) -> Content:
    """'2026-05-01 14:32 · Practice · finished' over the score and the safety tally."""
    state_style = "$text-success" if summary.finished else "$text-warning"
    rows = [
        render.line(
            (local_time(summary.started_at), "bold"),
            " · ",
            summary.mode.capitalize(),
            " · ",
            (attempt_state(summary), state_style),
        )
    ]
    if with_case:
        rows.append(render.line("  ", summary.case_title))
    safety_style = render.ERROR if summary.harmful else render.MUTED
    rows.append(
        render.line(
            "  ",
            attempt_score(summary),
            " · ",
            ("Safety: " + safety_tally(summary.harmful), safety_style),
        )
    )
    return render.lines(rows)


HINT = (
    "Enter shows an attempt's results; Esc goes back. Attempts left without an answer are not"
    " listed."
)


class HistoryScreen(Screen[None]):
    AUTO_FOCUS = "#attempts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Review",
            key_display="↵",
            priority=True,
            tooltip="Show the results of the highlighted attempt, decision by decision",
            id="history.open",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the case library", id="history.back"),
    ]

    def __init__(
        self, load: Callable[[], HistoryView], title: str, *, all_cases: bool = False
    ) -> None:
        """`load` reads the attempts (raising StoreError when it cannot); it runs on a thread,
        so the screen is drawn, and Esc works, while a long history is read."""
        super().__init__()
        self.load = load
        self.attempts: list[AttemptSummary] = []
        self.heading = title
        self.all_cases = all_cases

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TopBar(render.line(("History", "bold"), " · ", self.heading))
        yield KeyList(
            Option(Content.styled("Reading your progress...", render.MUTED), disabled=True),
            id="attempts",
            markup=False,
        )
        yield Static(Content.styled(HINT, render.MUTED), id="history-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exit_on_error=False)
    def _read(self) -> None:
        from tutor.core.progress.store import StoreError

        try:
            view = self.load()
        except StoreError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self.show, view)

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)
        if self.is_attached:
            self.dismiss(None)

    def show(self, view: HistoryView) -> None:
        """The attempts, once read (on the app's thread)."""
        if not self.is_attached:
            return  # the learner left before they were ready
        self.attempts = view.attempts
        self.query_one(TopBar).set_right(plural(len(self.attempts), "attempt"))
        self._show_flags(view.flags)
        attempts = self.query_one("#attempts", KeyList)
        attempts.clear_options()
        if not self.attempts:
            attempts.add_option(
                Option(
                    Content.styled("No attempts yet: answer a decision and it is kept here."),
                    disabled=True,
                )
            )
            return
        attempts.add_options(
            Option(attempt_prompt(s, with_case=self.all_cases), id=str(index))
            for index, s in enumerate(self.attempts)
        )
        attempts.highlighted = 0
        self.refresh_bindings()

    def _show_flags(self, flags: list[tuple[str, str]]) -> None:
        """The decisions flagged (of this case, or of all), under the list."""
        case_ids = {s.case_id for s in self.attempts}
        shown = [f"{case_id}: {step_id}" for case_id, step_id in flags if case_id in case_ids]
        if self.all_cases:
            shown = [f"{case_id}: {step_id}" for case_id, step_id in flags]
        if shown:
            self.query_one("#history-hint", Static).update(
                Content.styled(
                    f"⚑ Flagged ({len(shown)}; tutor drill --flagged plays them): "
                    + ", ".join(shown)
                    + ". Enter shows an attempt's results; Esc goes back.",
                    render.MUTED,
                )
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.attempts)
        return True

    @on(KeyList.OptionSelected, "#attempts")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        option = self.query_one("#attempts", KeyList).highlighted_option
        if option is not None and option.id is not None:
            self.tutor.show_review(self.attempts[int(option.id)])

    def action_back(self) -> None:
        self.dismiss(None)
