"""Fitting the decision to the screen: the options get the rows the decision has left, and a
"more" line says when some are out of view, so no option is ever hidden silently.

Mixed into PlayerScreen, whose compose makes the widgets queried here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from tutor.ui import render
from tutor.ui.widgets.lists import ChoiceList
from tutor.ui.widgets.vignette import VignetteView

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object

DECISION_SHARE = 0.65  # of the body, at most; the story has the rest
MAX_CHOICE_ROWS = 14


class DecisionFit(_ScreenBase):
    _option_width: int | None
    """The options' width, known once laid out: they wrap to it (set by PlayerScreen)."""

    if TYPE_CHECKING:  # provided by PlayerScreen

        def _numbers(self) -> list[int]: ...

        def _prompt(self, number: int) -> Content: ...

    def _fit(self) -> None:
        """Give the options the rows the decision has left, so none is cut off silently.

        The decision takes at most DECISION_SHARE of the body; its title, prompt and confidence
        line are always in view, and the options scroll in the rest, with a "more" line saying
        so. The highlighted option is scrolled into view by the list itself.
        """
        if not self.is_mounted:
            return
        body = self.query_one("#player-body")
        decision = self.query_one("#decision", Vertical)
        choices = self.query_one("#choices", ChoiceList)
        more = self.query_one("#more-options", Static)
        if not choices.display:
            more.display = False
            self._story_moved()
            return
        width = choices.scrollable_content_region.width - 1  # a scrollbar may come
        if width > 0 and width != self._option_width:
            self._option_width = width
            for number in self._numbers():
                choices.replace_option_prompt_at_index(number - 1, self._prompt(number))
            self.call_after_refresh(self._fit)  # the options' heights changed
            return
        used = decision.styles.gutter.top
        inner = decision.content_size.width
        for child in decision.children:
            if child in (choices, more) or not child.display:
                continue
            margin = child.styles.margin
            if child.id in ("prompt", "problem"):
                # Measured from their text: their laid-out size may still be the last step's.
                room_size = Size(inner, body.size.height)
                height = child.get_content_height(room_size, room_size, inner)
            else:
                height = child.outer_size.height
            used += height + margin.top + margin.bottom
        # On a short screen the decision may take all but a few rows of story (and its line).
        cap = max(int(body.size.height * DECISION_SHARE), min(body.size.height - 6, 12))
        if decision.styles.max_height is None or decision.styles.max_height.value != cap:
            decision.styles.max_height = cap
        room = max(2, min(MAX_CHOICE_ROWS, cap - used))
        needed = sum(  # the options are wrapped to the list's width: one row a line
            len(option.prompt.plain.split("\n"))
            for option in choices.options
            if isinstance(option.prompt, Content)
        )
        overflow = needed > room
        if overflow:
            room = max(2, room - 1)  # the "more" line
        if choices.styles.max_height is None or choices.styles.max_height.value != room:
            choices.styles.max_height = room
        more.display = overflow
        # After the new heights are laid out: until then the list's scroll range is the old one.
        self.call_after_refresh(self._choices_moved)
        self._story_moved()

    def _choices_moved(self) -> None:
        choices = self.query_one("#choices", ChoiceList)
        more = self.query_one("#more-options", Static)
        if not more.display:
            return
        below = choices.scroll_y < choices.max_scroll_y
        above = choices.scroll_y > 0
        if below and above:
            text = "▲▼ more options above and below (↑ ↓ move to them)"
        elif above:
            text = "▲ more options above (↑ moves to them)"
        else:  # at the top, before the scroll range is known: the rest are below
            text = "▼ more options below (↓ moves to them)"
        shown = more.content
        if not (isinstance(shown, Content) and shown.plain == text):  # else no new layout
            more.update(Content.styled(text, render.MUTED))

    def _story_moved(self) -> None:
        """Say when the story goes on below its pane, and how to read on."""
        self.query_one("#story-more", Static).display = self.query_one(
            "#vignette", VignetteView
        ).more_below
