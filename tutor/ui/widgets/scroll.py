"""A focusable scrolling pane that also moves with j/k."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll


class KeyScroll(VerticalScroll):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="scroll.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="scroll.up"),
    ]

    # A line at a time moves at once: an animated one-line scroll shows its first step a frame
    # late, and reading text that glides a line is no easier than reading it jump.
    def action_scroll_down(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_up(animate=False)


class Pane(VerticalScroll, can_focus=False):
    """Scrolls, but never takes the focus: the screen's keys move through what it holds."""
