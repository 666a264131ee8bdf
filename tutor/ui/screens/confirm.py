"""A yes/no question, answerable with y/n, Esc, or the mouse."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tutor.ui import render
from tutor.ui.widgets.keybar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    AUTO_FOCUS = "#no"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "no_key", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "No", show=False, id="confirm.cancel"),
    ]

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "No", *, n_key: bool = True
    ) -> None:
        """`n_key=False` when `n` opened the question (the library's start over): a second `n`
        then does nothing rather than answer no; Esc still does."""
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.n_key = n_key

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.n_key if action == "no_key" else True

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(render.plain(self.question), id="confirm-question")
            with HorizontalGroup(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error", compact=True)
                no_key = "n" if self.n_key else "Esc"
                yield Button(f"{self.no} ({no_key})", id="no", variant="primary", compact=True)
        yield KeyBar()  # this dialog's keys, not those of the screen behind it

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_no_key(self) -> None:
        if self.n_key:
            self.dismiss(False)
