"""The patient's story: presentation, examination, investigations, and what was revealed since."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tutor.core.cases.model import Investigation, Reveal, Vignette
from tutor.ui import render

COLUMNS = ("Test", "Result", "Reference range", "")
FLAG_WIDTH = len("● abnormal")
GUTTER = 2
NARROWEST = 8


def fit_widths(natural: Sequence[int], room: int) -> list[int]:
    """Shrink the widest column a cell at a time until the columns fit in `room`.

    Cells wrap inside their column, so a long name or result costs lines, not the table.
    """
    widths = list(natural)
    while sum(widths) > room and max(widths) > NARROWEST:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths


class InvestigationTable(Grid):
    """Investigations with units and reference ranges; abnormal values marked in words.

    A grid of text cells rather than a DataTable: long results wrap instead of being cut, the
    table never takes the focus away from the decision, and every cell is plain Content.
    """

    def __init__(self, rows: Sequence[Investigation], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._cells = [render.investigation_cells(row) for row in rows]
        self._natural = [
            max([len(COLUMNS[column]), *(row[column].cell_length for row in self._cells)])
            for column in range(3)
        ]

    def compose(self) -> ComposeResult:
        for label in COLUMNS:
            yield Static(Content.styled(label, "bold"), classes="cell heading")
        for row in self._cells:
            for column, cell in enumerate(row):
                yield Static(cell, classes=f"cell column-{column}")

    def on_resize(self) -> None:
        room = self.content_size.width - FLAG_WIDTH - GUTTER * 3
        widths = fit_widths(self._natural, room)
        columns = " ".join([*map(str, widths), "1fr"])
        if self.styles.grid_columns is None or str(self.styles.grid_columns) != columns:
            self.styles.grid_columns = columns


class VignetteView(VerticalScroll):
    """Scrolls when the story is longer than the screen; new information is appended."""

    class Moved(Message):
        """The story scrolled, or its size changed: whether more of it is below may differ."""

    @property
    def more_below(self) -> bool:
        return self.scroll_y < self.max_scroll_y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.post_message(self.Moved())

    def on_resize(self) -> None:
        # Sent when the pane or the story's height changes (content mounted, a reveal added).
        self.post_message(self.Moved())

    def __init__(
        self, vignette: Vignette, revealed: Sequence[Reveal] = (), **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.vignette = vignette
        self._initial = list(revealed)
        self._reveals_shown = 0

    @property
    def shown(self) -> int:
        """How many reveals are shown."""
        return self._reveals_shown

    def compose(self) -> ComposeResult:
        yield from self._story_widgets()
        yield from self._reveal_widgets(self._initial)

    def reset(self, vignette: Vignette, revealed: Sequence[Reveal]) -> None:
        """Show another story (a quiz moves between cases), with what was revealed before."""
        self.vignette = vignette
        self._reveals_shown = 0
        self.remove_children()
        self.mount_all([*self._story_widgets(), *self._reveal_widgets(revealed)])
        self.scroll_home(animate=False)

    def _story_widgets(self) -> list[Widget]:
        vignette = self.vignette
        widgets: list[Widget] = [
            Static(render.heading("Presentation"), classes="section"),
            Static(render.plain(vignette.presentation), classes="prose"),
            Static(render.heading("Examination"), classes="section"),
            Static(render.plain(vignette.examination), classes="prose"),
        ]
        if vignette.investigations:
            widgets.append(Static(render.heading("Investigations"), classes="section"))
            widgets.append(InvestigationTable(vignette.investigations, classes="investigations"))
        return widgets

    def show_reveals(self, revealed: Sequence[Reveal], *, scroll: bool = True) -> bool:
        """Append reveals not yet shown; True when there was something new."""
        new = list(revealed[self._reveals_shown :])
        if not new:
            return False
        widgets = self._reveal_widgets(new)
        mounted = self.mount_all(widgets)
        if scroll:

            async def scroll_to_new() -> None:
                await mounted
                self.call_after_refresh(self.scroll_to_widget, widgets[0], top=True, animate=False)

            self.call_later(scroll_to_new)
        return True

    def _reveal_widgets(self, reveals: Sequence[Reveal]) -> list[Widget]:
        widgets: list[Widget] = []
        for reveal in reveals:
            self._reveals_shown += 1
            widgets.append(
                Static(
                    render.heading(f"New information ({self._reveals_shown})"),
                    classes="section reveal",
                )
            )
            widgets.append(Static(render.plain(reveal.text), classes="prose reveal"))
            if reveal.investigations:
                widgets.append(
                    InvestigationTable(reveal.investigations, classes="investigations reveal")
                )
        return widgets
