"""A focusable scrolling pane that also moves with j/k."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll


class KeyScroll(VerticalScroll):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="scroll.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="scroll.up"),
    ]


class Pane(VerticalScroll, can_focus=False):
    """Scrolls, but never takes the focus: the screen's keys move through what it holds."""
