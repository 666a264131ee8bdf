"""Feedback after one decision (practice mode): verdict, explanation, algorithm, citations."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from tutor.core.scoring import StepResult
from tutor.ui import render
from tutor.ui.attempt import Attempt
from tutor.ui.widgets.blocks import Blocks
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
            tooltip="Go on with the case (or to the results after the last decision)",
            id="feedback.continue",
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
            "Algorithm node",
            tooltip="Open the algorithm at the node this decision tested",
            id="feedback.algorithm",
        ),
        Binding("escape", "continue", "Back to the case", show=False, id="feedback.back"),
    ]

    def __init__(self, attempt: Attempt, result: StepResult, number: int) -> None:
        super().__init__()
        self.attempt = attempt
        self.result = result
        self.number = number

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        step = self.attempt.step_of(self.number)
        yield TopBar(
            render.line(
                (f"Feedback on decision {self.number}", "bold"),
                " · ",
                self.attempt.case_of(self.number).title,
            ),
            "Practice",
        )
        with KeyScroll(id="feedback-body"):
            yield Static(render.plain(step.prompt), classes="prompt")
            yield Static(
                render.line(("Your answer: ", "bold"), self.result.answer_text), classes="answer"
            )
            yield Blocks(render.feedback_rows(self.result), id="feedback-text")
            yield Static(
                render.line(
                    ("r", "bold"),
                    " shows the full references; ",
                    ("a", "bold"),
                    " opens the algorithm at this decision.",
                ),
                classes="hint",
            )
        with HorizontalGroup(classes="buttons"):
            yield Button("Continue", id="continue", variant="primary", compact=True)
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "algorithm":
            return self.result.node is not None
        return True

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        self.dismiss(None)

    def action_references(self) -> None:
        self.tutor.show_references(self.result.citations, f"References for decision {self.number}")

    def action_algorithm(self) -> None:
        if self.result.node is not None:
            self.tutor.show_algorithm(self.result.node.id)
