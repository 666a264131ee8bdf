"""Option lists that move with j/k as well as the arrows."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.ui import render

PAGE = 100
"""Rows a long list shows at first, and adds with each "Show more": the list's cost stays that
of a page however much has been recorded."""
MORE_ID = "more:"


def show_more_option(left: int, noun: str) -> Option:
    """The row under a page of a long list; Enter on it (id MORE_ID) lists the next page."""
    more = f"Show {min(PAGE, left):,} more {noun} (of {left:,} not listed)"
    return Option(Content.styled(more, render.MUTED), id=MORE_ID)


class KeyList(OptionList):
    """An OptionList with vim keys: arrows and j/k move, Enter selects."""

    # Priority, as the screens' Enter is: priority bindings run as keys arrive, so "j" typed
    # just before Enter moves the highlight before Enter opens what it highlights.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, priority=True, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, priority=True, id="list.up"),
        Binding("down", "cursor_down", "Down", show=False, priority=True, id="list.down-arrow"),
        Binding("up", "cursor_up", "Up", show=False, priority=True, id="list.up-arrow"),
    ]

    def show_more(self, show: Callable[[], object]) -> None:
        """After "Show more": `show` lists the rows again with the next page added under them;
        the highlight keeps its place, so the rows above stay where they were and the first new
        row takes the place of "Show more"."""
        at = self.highlighted
        show()
        self.highlighted = at


class ChoiceList(KeyList):
    """The options of a decision. A click marks an option; it never submits the answer.

    Submitting stays a deliberate act (Enter, or the Submit button), so a stray click or a double
    Enter cannot lock in an answer by accident.
    """

    class Clicked(Message):
        def __init__(self, choice_list: ChoiceList, index: int) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.index = index

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()
        index = event.style.meta.get("option")
        if index is not None:
            self.focus()
            self.highlighted = index
            self.post_message(self.Clicked(self, index))
