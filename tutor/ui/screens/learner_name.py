"""The first screen of a browser session (`tutor serve`): who is this? The name typed here
chooses the progress store this connection records to; nothing is recorded before it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from tutor.core.progress.learners import MAX_NAME, name_problem, normalise_name
from tutor.ui import render
from tutor.ui.widgets.keybar import KeyBar

PROMPT = (
    "Welcome. Type your name and press Enter: your answers are saved under it on this "
    "machine, so use the same name each time. For education only, not patient care."
)


class LearnerNameScreen(Screen[str]):
    AUTO_FOCUS = "#learner-name"

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-box"):
            yield Static(render.plain(PROMPT), id="learner-prompt")
            yield Input(placeholder="Your name", max_length=MAX_NAME, id="learner-name")
            yield Static("", id="learner-problem")
        yield KeyBar()

    @on(Input.Submitted, "#learner-name")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = name_problem(event.value)
        if problem is not None:
            self.query_one("#learner-problem", Static).update(render.line((problem, render.ERROR)))
            return
        self.dismiss(normalise_name(event.value))
