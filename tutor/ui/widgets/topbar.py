"""The bar at the top of every screen: where you are on the left, mode or clock on the right.

One widget drawn as one line of text (as KeyBar is at the bottom), styled in tutor.tcss: the
title is cut with an ellipsis where it would run into the right-hand text, which always shows
in full.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

RIGHT_STYLE = "bold $text-accent"
GAP = 2


def one_line(content: Content) -> Content:
    """Line breaks (a case title may have them) as spaces: the bar is one line high."""
    return Content(" ").join(part for part in content.split("\n") if part.plain.strip())


class TopBar(Widget):
    def __init__(self, title: Content, right: Content | str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._title = title
        self._right = self._styled(right)

    @staticmethod
    def _styled(right: Content | str) -> Content:
        """Accented and bold under any style of its own (a countdown turns red near the end)."""
        return (Content(right) if isinstance(right, str) else right).stylize_before(RIGHT_STYLE)

    @property
    def title(self) -> Content:
        return self._title

    @property
    def right(self) -> Content:
        return self._right

    def set_title(self, title: Content) -> None:
        self._title = title
        self.refresh()

    def set_right(self, right: Content | str) -> None:
        self._right = self._styled(right)
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        right = one_line(self._right)
        room = width - right.cell_length - (GAP if right.cell_length else 0)
        if room < 1:
            return right.truncate(width, ellipsis=True)
        title = one_line(self._title).truncate(room, ellipsis=True)
        return Content.assemble(title, " " * (width - title.cell_length - right.cell_length), right)
