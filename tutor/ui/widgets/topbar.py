"""The bar at the top of every screen: where you are on the left, mode or clock on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Static


class TopBar(HorizontalGroup):
    def __init__(self, title: Content, right: Content | str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._title = title
        self._right = Content(right) if isinstance(right, str) else right

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="topbar-title")
        yield Static(self._right, id="topbar-right")

    def set_title(self, title: Content) -> None:
        self._title = title
        self._show("#topbar-title", title)

    def set_right(self, right: Content | str) -> None:
        self._right = Content(right) if isinstance(right, str) else right
        self._show("#topbar-right", self._right)

    def _show(self, selector: str, content: Content) -> None:
        # Before the bar has composed its parts, the new text is simply what compose() shows.
        parts = self.query(selector)
        if parts:
            parts.first(Static).update(content)
