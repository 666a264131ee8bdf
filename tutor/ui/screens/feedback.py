"""Feedback after one decision (practice mode): verdict, explanation, algorithm, citations."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button

from tutor.core.algorithm.scoring_types import StepResult
from tutor.ui import render
from tutor.ui.attempt import Attempt
from tutor.ui.render import Block
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import KeyScroll
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class FeedbackScreen(Screen[None]):
    AUTO_FOCUS = "#feedback-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "continue",
            "Continue",
            key_display="↵",
            tooltip="Go on (after the last answer, to the results)",
            id="feedback.continue",
        ),
        Binding(
            "e",
            "every_option",
            "Options",
            tooltip="Why each option is right or wrong, with its citations",
            id="feedback.every-option",
        ),
        Binding(
            "r",
            "references",
            "References",
            tooltip="Show the full entries of the references cited here",
            id="feedback.references",
        ),
        Binding(
            "a",
            "algorithm",
            "Algorithm",
            tooltip="Open the algorithm at the node this answer tested",
            id="feedback.algorithm",
        ),
        Binding(
            "b",
            "rewind",
            "Go back",
            tooltip="Answer this decision again to try another branch (your first answer "
            "keeps its score; what follows is exploration)",
            id="feedback.rewind",
        ),
        Binding("escape", "continue", "Back to the case", show=False, id="feedback.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.attempt: Attempt | None = None
        self.result: StepResult | None = None
        self.number = 0

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TopBar(Content(), "Practice")
        with KeyScroll(id="feedback-body"):
            # One widget for all of it (the fewer widgets, the sooner the screen is up).
            yield Blocks([], id="feedback-text")
        with HorizontalGroup(classes="buttons"):
            yield Button("Continue", id="continue", variant="primary", compact=True)
        yield KeyBar()

    def show(self, attempt: Attempt, result: StepResult, number: int) -> None:
        """The feedback on answer `number`. One screen serves every answer of a session: its
        widgets get new text rather than being built afresh, so it appears within a frame."""
        self.attempt, self.result, self.number = attempt, result, number
        if self.is_mounted:
            self._fill()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        attempt, result, number = self.attempt, self.result, self.number
        assert attempt is not None and result is not None
        self.query_one(TopBar).set_title(
            render.line(
                (f"Feedback on {attempt.step_word} {number}", "bold"),
                " · ",
                attempt.case_of(number).title,
            )
        )
        rows = render.feedback_rows(result, attempt.references)
        if rows:
            rows[0] = replace(rows[0], gap=True)
        hint = render.line(
            ("e", "bold"),
            " explains every option; ",
            ("r", "bold"),
            " shows the full references; ",
            ("a", "bold"),
            f" opens the algorithm at this {attempt.step_word}",
            *(
                ("; ", ("b", "bold"), " goes back to try another answer (not scored).")
                if attempt.session.can_rewind(attempt.mode)
                else (".",)
            ),
        )
        self.query_one("#feedback-text", Blocks).show(
            [
                Block(
                    render.plain(attempt.step_of(number).prompt).stylize_before("bold"), gap=True
                ),
                Block(render.line(("Your answer: ", "bold"), result.answer_text)),
                *rows,
                Block(hint.stylize_before(render.MUTED), gap=True),
            ]
        )
        body = self.query_one("#feedback-body", KeyScroll)
        body.scroll_home(animate=False, immediate=True)
        body.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "algorithm":
            return self.result is not None and self.result.node is not None
        if action == "rewind":
            attempt = self.attempt
            return attempt is not None and attempt.session.can_rewind(attempt.mode)
        return True

    def action_rewind(self) -> None:
        # The player shows the session's current step when this screen closes: the one gone
        # back to.
        if self.tutor.rewind_to(self.number):
            self.dismiss(None)

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        self.dismiss(None)

    def action_every_option(self) -> None:
        from tutor.ui.screens.options import OptionsScreen

        if self.result is not None and self.attempt is not None:
            self.app.push_screen(
                OptionsScreen(
                    self.result,
                    self.attempt.references,
                    f"Every option of {self.attempt.step_word} {self.number}",
                )
            )

    def action_references(self) -> None:
        if self.result is not None and self.attempt is not None:
            self.tutor.show_references(
                self.result.citations, f"References for {self.attempt.step_word} {self.number}"
            )

    def action_algorithm(self) -> None:
        if self.result is not None and self.result.node is not None:
            self.tutor.show_algorithm(self.result.node.id)
