"""Past attempts, newest first: date, mode, score and safety tally; Enter replays the results."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
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
from tutor.ui.screens.read_on_thread import ReadOnThreadScreen
from tutor.ui.widgets.hanging import Hanging
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.lists import MORE_ID, PAGE, KeyList, show_more_option
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.core.progress.store import AttemptSummary
    from tutor.ui.app import TutorApp


def attempt_prompt(summary: AttemptSummary, *, with_case: bool, flagged: int = 0) -> Hanging:
    """'2026-05-01 14:32 · Practice · finished' over the score and the safety tally; with
    `flagged`, '⚑ 2 flagged' (decisions answered in it that are flagged). Each line wraps
    under its own text."""
    state_style = "$text-success" if summary.finished else "$text-warning"
    rows = [
        render.line(
            (local_time(summary.started_at), "bold"),
            " · ",
            summary.mode.capitalize(),
            " · ",
            (attempt_state(summary), state_style),
            (f"  ⚑ {flagged:,} flagged", render.WARNING) if flagged else "",
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
    return Hanging.of(render.lines(rows))


HINT = (
    "Enter shows an attempt's results; f flags what it missed; Esc goes back. Attempts left "
    "without an answer are not listed."
)


class HistoryScreen(ReadOnThreadScreen[HistoryView]):
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
        Binding(
            "f",
            "flag",
            "Flag misses",
            tooltip="Flag the decisions the highlighted attempt missed, for tutor drill "
            "--flagged (f again unflags them; Enter, then f, flags any one decision)",
            id="history.flag",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the case library", id="history.back"),
    ]

    def __init__(
        self,
        load: Callable[[HistoryView | None], HistoryView],
        title: str,
        *,
        all_cases: bool = False,
    ) -> None:
        """`load(None)` reads the first page of attempts, `load(view)` the view with the next
        page added (each raising StoreError when it cannot); both run on a thread, so the
        screen is drawn, and Esc works, while the store is read."""
        super().__init__(lambda: load(None))
        self.load_page = load
        self.heading = title
        self.all_cases = all_cases
        self._view: HistoryView | None = None
        self._reading_more = False

    @property
    def attempts(self) -> list[AttemptSummary]:
        """The attempts listed (a page or more), newest first."""
        return self._view.attempts if self._view is not None else []

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
        self.read()

    def show(self, view: HistoryView) -> None:
        """The attempts, once read (on the app's thread)."""
        self._view = view
        self.query_one(TopBar).set_right(plural(view.total, "attempt"))
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
        flagged = self._flagged()
        attempts.add_options(
            Option(
                attempt_prompt(s, with_case=self.all_cases, flagged=flagged.get(s.id, 0)),
                id=str(index),
            )
            for index, s in enumerate(self.attempts)
        )
        if view.left:
            attempts.add_option(show_more_option(view.left, "attempts"))
        attempts.highlighted = 0
        self.refresh_bindings()

    def _flagged(self) -> dict[int, int]:
        from tutor.core.progress.flags import flagged_per_attempt
        from tutor.core.progress.store import StoreError

        store = self.tutor.store
        try:
            ids = [s.id for s in self.attempts]
            return flagged_per_attempt(store, ids) if store is not None else {}
        except StoreError:
            return {}

    def _show_flags(self, flags: list[tuple[str, str]]) -> None:
        """The decisions flagged (of this case, or of all), under the list."""
        case_ids = {s.case_id for s in self.attempts}
        shown = [f"{case_id}: {step_id}" for case_id, step_id in flags if case_id in case_ids]
        if self.all_cases:
            shown = [f"{case_id}: {step_id}" for case_id, step_id in flags]
        text = HINT
        if shown:
            text = (
                f"⚑ Flagged ({len(shown):,}; tutor drill --flagged plays them): "
                + ", ".join(shown)
                + ". Enter shows an attempt's results; f flags what it missed; Esc goes back."
            )
        self.query_one("#history-hint", Static).update(Content.styled(text, render.MUTED))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.attempts)
        if action == "flag":
            return bool(self.attempts) and self.tutor.store is not None
        return True

    def action_flag(self) -> None:
        from tutor.core.progress.flags import toggle_missed
        from tutor.core.progress.store import StoreError

        attempts = self.query_one("#attempts", KeyList)
        option = attempts.highlighted_option
        deck = self.tutor.review_deck()
        if option is None or option.id in (None, MORE_ID) or deck is None:
            return
        summary = self.attempts[int(option.id)]
        try:
            missed, on = toggle_missed(deck, summary.id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if not missed:
            self.notify("Nothing missed in this attempt: Enter, then f, flags any decision.")
            return
        count = plural(len(missed), "missed decision")
        self.notify(f"Flagged {count} (tutor drill --flagged)." if on else f"Unflagged {count}.")
        flagged = self._flagged()
        for index, each in enumerate(self.attempts):
            prompt = attempt_prompt(each, with_case=self.all_cases, flagged=flagged.get(each.id, 0))
            attempts.replace_option_prompt_at_index(index, prompt)
        try:
            self._show_flags(deck.flags())
        except StoreError:
            return

    @on(KeyList.OptionSelected, "#attempts")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        attempts = self.query_one("#attempts", KeyList)
        option = attempts.highlighted_option
        if option is None or option.id is None:
            return
        if option.id == MORE_ID:
            if self._view is not None and not self._reading_more:
                self._reading_more = True
                reading = f"Reading the next {plural(min(PAGE, self._view.left), 'attempt')}..."
                attempts.replace_option_prompt(MORE_ID, Content.styled(reading, render.MUTED))
                self._read_more(self._view)
            return
        self.tutor.show_review(self.attempts[int(option.id)])

    @work(thread=True, exit_on_error=False)
    def _read_more(self, view: HistoryView) -> None:
        """The next page, read on a thread (the screen stays usable), then listed under the
        rows already there."""
        from tutor.core.progress.store import StoreError

        try:
            more = self.load_page(view)
        except StoreError as error:
            self.app.call_from_thread(self._more_failed, str(error))
            return
        self.app.call_from_thread(self._more_arrived, more)

    def _more_arrived(self, view: HistoryView) -> None:
        self._reading_more = False
        if self.is_attached:  # else the learner left before it was ready
            self.query_one("#attempts", KeyList).show_more(lambda: self.show(view))

    def _more_failed(self, message: str) -> None:
        """The rows listed stay; "Show more" is offered again."""
        self._reading_more = False
        self.notify(message, severity="error", markup=False)
        if self.is_attached and self._view is not None:
            offer = show_more_option(self._view.left, "attempts").prompt
            self.query_one("#attempts", KeyList).replace_option_prompt(MORE_ID, offer)

    def action_back(self) -> None:
        self.dismiss(None)
