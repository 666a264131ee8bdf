"""Results: the knowledge score, the safety tally apart, calibration, and a review of each step."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from tutor.core.algorithm.scoring_types import StepResult
from tutor.core.play.describe import DISCLAIMER
from tutor.core.play.session import Session
from tutor.ui import render
from tutor.ui.attempt import Attempt
from tutor.ui.progress import local_time
from tutor.ui.render import Block
from tutor.ui.screens.results_view import review_blocks, summary_blocks
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import Pane
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.core.progress.store import AttemptSummary
    from tutor.ui.app import TutorApp


class ReviewItem(Blocks):
    """One decision in the review; focusable so the keys below act on it."""

    can_focus = True

    def __init__(
        self, number: int, result: StepResult, blocks: list[Block], *, explored: bool = False
    ) -> None:
        super().__init__(blocks, classes="review-item")
        self.number = number
        self.result = result
        self.explored = explored


class ResultsScreen(Screen[None]):
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        # Leaving takes Esc (or the button), not Enter: an Enter pressed once too often after
        # the last feedback must not throw the results away.
        Binding(
            "escape",
            "library",
            "Library",
            tooltip="Back to the case library",
            id="results.library",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back to the list of past attempts",
            id="results.back",
        ),
        Binding("escape", "done", "Done", tooltip="End the quiz", id="results.done"),
        Binding(
            "enter",
            "next_item",
            "Next decision",
            show=False,
            tooltip="Move to the next decision in the review",
            id="results.enter",
        ),
        # Priority: the scrolling pane around the review would take these keys otherwise.
        Binding(
            "down,j", "next_item", "Next decision", show=False, priority=True, id="results.next"
        ),
        Binding(
            "up,k",
            "previous_item",
            "Previous decision",
            show=False,
            priority=True,
            id="results.previous",
        ),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, priority=True, id="results.page-down"
        ),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True, id="results.page-up"),
        Binding(
            "e",
            "every_option",
            "Options",
            tooltip="Why each option of the selected decision is right or wrong",
            id="results.every-option",
        ),
        Binding(
            "home",
            "ends(-1)",
            "Top",
            show=False,
            priority=True,
            tooltip="Go to the top: the score and the safety tally",
            id="results.home",
        ),
        Binding(
            "end",
            "ends(1)",
            "Bottom",
            show=False,
            priority=True,
            tooltip="Go to the end of the review",
            id="results.end",
        ),
        Binding(
            "r",
            "references",
            "References",
            tooltip="Full references of the selected decision (or of the whole case)",
            id="results.references",
        ),
        Binding(
            "a",
            "algorithm",
            "Algorithm",
            tooltip="Open the algorithm at the node the selected decision tested",
            id="results.algorithm",
        ),
        Binding(
            "f",
            "flag",
            "Flag",
            show=False,
            tooltip="Flag the selected decision for later (tutor drill --flagged); f again unflags",
            id="results.flag",
        ),
        Binding(
            "b",
            "rewind",
            "Go back",
            tooltip="Go back to the selected decision (or the last) to try another branch; "
            "your first answers keep their score",
            id="results.rewind",
        ),
    ]

    def __init__(self, attempt: Attempt, review: AttemptSummary | None = None) -> None:
        """`review`: a past attempt, shown read-only; Esc goes back to where it was opened."""
        super().__init__()
        self.attempt = attempt
        self.review = review

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        session = attempt.session
        mode = "Exam" if attempt.exam else "Practice"
        if self.review is not None:
            mode = f"{mode} · {local_time(self.review.started_at)}"
        yield TopBar(render.line(("Results", "bold"), " · ", attempt.title), mode)
        with Pane(id="results-body"):
            yield Blocks(
                summary_blocks(attempt, self.review, getattr(self.app, "store", None)),
                id="summary",
            )
            yield Static(render.heading("Review: your answer against the key"), classes="section")
            flags = self._flags()
            for number, result in enumerate(session.counted, start=1):
                flagged = (attempt.case_of(number).id, result.step_id) in flags
                blocks = review_blocks(attempt, number, result, flagged=flagged)
                yield ReviewItem(number, result, blocks)
            for number, result in enumerate(session.explored, start=1):
                flagged = (attempt.case.id, result.step_id) in flags
                blocks = review_blocks(attempt, number, result, explored=True, flagged=flagged)
                yield ReviewItem(number, result, blocks, explored=True)
            if attempt.timed_out and isinstance(session, Session) and session.steps_left():
                yield Static(render.heading("Unanswered: the time ran out"), classes="section")
                for number, step in enumerate(session.steps_left(), start=len(session.counted) + 1):
                    yield Static(
                        Content(f"{number}. {step.prompt}\n   unanswered"), classes="unanswered"
                    )
            yield Static(Content.styled(DISCLAIMER, render.MUTED), classes="notice")
        with HorizontalGroup(classes="buttons"):
            if self.review is not None:
                label = "Back to the history"
            elif attempt.quiz:
                label = "Done"
            else:
                label = "Back to the library"
            yield Button(label, id="to-library", variant="primary", compact=True)
        yield KeyBar()

    # -- keys ------------------------------------------------------------------------------
    def _focused_item(self) -> ReviewItem | None:
        return self.focused if isinstance(self.focused, ReviewItem) else None

    def _move(self, step: int) -> None:
        items = list(self.query(ReviewItem))
        if not items:
            self.query_one("#results-body", Pane).scroll_relative(y=step, animate=False)
            return
        current = self._focused_item()
        index = items.index(current) + step if current in items else 0
        if index < 0:
            # Above the first decision: the summary, with nothing focused.
            self.set_focus(None)
            self.query_one("#results-body", Pane).scroll_home(animate=False)
            return
        target = items[min(len(items) - 1, index)]
        target.focus()
        target.scroll_visible(animate=False)

    def action_page(self, direction: int) -> None:
        pane = self.query_one("#results-body", Pane)
        if direction > 0:
            pane.scroll_page_down(animate=False)
        else:
            pane.scroll_page_up(animate=False)

    def action_ends(self, direction: int) -> None:
        pane = self.query_one("#results-body", Pane)
        items = list(self.query(ReviewItem))
        if direction > 0:
            if items:
                items[-1].focus(scroll_visible=False)
            pane.scroll_end(animate=False)
        else:
            self.set_focus(None)
            pane.scroll_home(animate=False)
        self.refresh_bindings()

    def action_next_item(self) -> None:
        self._move(1)

    def action_previous_item(self) -> None:
        self._move(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One Esc binding applies: back to the library, to the history, or out of the quiz.
        if action == "library":
            return self.review is None and not self.attempt.quiz
        if action == "done":
            return self.review is None and self.attempt.quiz
        if action == "back":
            return self.review is not None
        if action == "algorithm":
            item = self._focused_item()
            return item is not None and item.result.node is not None
        if action == "references":
            return bool(self._citations())
        if action == "flag":
            return self._focused_item() is not None and self.tutor.store is not None
        if action == "rewind":
            return self.review is None and self.attempt.session.can_rewind(self.attempt.mode)
        return True

    def _flags(self) -> set[tuple[str, str]]:
        from tutor.core.progress.store import StoreError

        deck = self.tutor.review_deck()
        try:
            return set(deck.flags()) if deck is not None else set()
        except StoreError:
            return set()

    def action_flag(self) -> None:
        item = self._focused_item()
        if item is None:
            return
        case = self.attempt.case_of(item.number)
        if self.tutor.toggle_flag(case.id, item.result.step_id) is None:
            return
        flags = self._flags()
        for each in self.query(ReviewItem):  # the same decision may be here twice (explored)
            if each.result.step_id == item.result.step_id:
                flagged = (case.id, each.result.step_id) in flags
                each.show(
                    review_blocks(
                        self.attempt, each.number, each.result, explored=each.explored,
                        flagged=flagged,
                    )
                )  # fmt: skip

    def action_rewind(self) -> None:
        session = self.attempt.session
        walked = [r.step_id for r in session.results]
        item = self._focused_item()
        if item is None:
            number = len(walked)
        elif item.result.step_id in walked:
            number = walked.index(item.result.step_id) + 1
        else:
            self.notify(
                "That decision is not on the path you last took: go back to one on it.",
                severity="warning",
            )
            return
        if self.tutor.rewind_to(number):
            self.tutor.play_on()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def _citations(self) -> list[str]:
        item = self._focused_item()
        if item is not None:
            return item.result.citations
        ids = [c for r in self.attempt.session.results for c in r.citations]
        return list(dict.fromkeys(ids))

    def action_references(self) -> None:
        item = self._focused_item()
        title = (
            f"References for {self.attempt.step_word} {item.number}"
            if item
            else "References for this case"
        )
        self.tutor.show_references(self._citations(), title)

    def action_every_option(self) -> None:
        from tutor.ui.screens.options import OptionsScreen

        item = self._focused_item()
        if item is not None:
            self.app.push_screen(
                OptionsScreen(
                    item.result,
                    self.attempt.references,
                    f"Every option of {self.attempt.step_word} {item.number}",
                )
            )

    def action_algorithm(self) -> None:
        item = self._focused_item()
        if item is not None and item.result.node is not None:
            self.tutor.show_algorithm(item.result.node.id)

    @on(Button.Pressed, "#to-library")
    def _leave(self) -> None:
        if self.review is not None:
            self.action_back()
        else:
            self.action_library()

    def action_library(self) -> None:
        self.tutor.to_library()

    def action_done(self) -> None:
        self.tutor.to_library()  # which ends a quiz

    def action_back(self) -> None:
        self.dismiss(None)
