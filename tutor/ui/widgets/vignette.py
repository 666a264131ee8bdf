"""The patient's story: presentation, examination, investigations, and what was revealed since."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style

from tutor.core.cases.model import Investigation, Reveal, Vignette
from tutor.ui import render
from tutor.ui.render import Block
from tutor.ui.widgets.blocks import NEWLINE, Blocks, Wrapped, wrap_blocks

COLUMNS = ("Test", "Result", "Reference range", "")
FLAG_WIDTH = len("● abnormal")
GUTTER = 2
NARROWEST = 8
PROSE_INDENT = 2  # prose and tables sit under their section headings


def fit_widths(natural: Sequence[int], room: int) -> list[int]:
    """Shrink the widest column a cell at a time until the columns fit in `room`.

    Cells wrap inside their column, so a long name or result costs lines, not the table.
    """
    widths = list(natural)
    while sum(widths) > room and max(widths) > NARROWEST:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths


@dataclass(frozen=True)
class Table:
    """Investigations with units and reference ranges; abnormal values marked in words.

    Laid out as text in columns rather than as a DataTable or a grid of widgets: long results
    wrap inside their column instead of being cut, the table never takes the focus away from
    the decision, and the story stays one widget however many tests it lists (bench/run.py).
    """

    rows: tuple[tuple[Content, Content, Content, Content], ...]

    @classmethod
    def of(cls, investigations: Sequence[Investigation]) -> Table:
        return cls(tuple(render.investigation_cells(row) for row in investigations))

    def lines(self, width: int, heading: Style) -> list[Content]:
        """The heading row and a row per test, each row as tall as its tallest cell."""
        natural = [
            max([len(COLUMNS[column]), *(row[column].cell_length for row in self.rows)])
            for column in range(3)
        ]
        widths = fit_widths(natural, width - FLAG_WIDTH - GUTTER * 3)
        widths.append(max(1, width - sum(widths) - GUTTER * 3))  # the flags have the rest
        labels = tuple(Content.styled(label, "bold").stylize_before(heading) for label in COLUMNS)
        lines: list[Content] = []
        for row in (labels, *self.rows):
            cells = [cell.wrap(room) for cell, room in zip(row, widths, strict=True)]
            for number in range(max(1, *map(len, cells))):
                parts = [cell[number] if number < len(cell) else Content() for cell in cells]
                padded = [
                    part.pad_right(room - part.cell_length) if column < 3 else part
                    for column, (part, room) in enumerate(zip(parts, widths, strict=True))
                ]
                lines.append(Content(" " * GUTTER).join(padded).truncate(width))
        return lines


Part = Block | Table


def story_parts(vignette: Vignette) -> list[Part]:
    parts: list[Part] = [
        Block(render.heading("Presentation"), gap=True),
        Block(render.plain(vignette.presentation), PROSE_INDENT),
        Block(render.heading("Examination"), gap=True),
        Block(render.plain(vignette.examination), PROSE_INDENT),
    ]
    if vignette.investigations:
        parts.append(Block(render.heading("Investigations"), gap=True))
        parts.append(Table.of(vignette.investigations))
    return parts


def reveal_parts(reveal: Reveal, number: int) -> list[Part]:
    parts: list[Part] = [
        Block(render.heading(f"New information ({number})"), gap=True),
        Block(render.plain(reveal.text), PROSE_INDENT),
    ]
    if reveal.investigations:
        parts.append(Table.of(reveal.investigations))
    return parts


class Story(Blocks):
    """The story's sections, prose and tables as one widget, laid out here for its width: a
    screen's cost to lay out and draw grows with its widget count, and the story is redrawn
    after every decision."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"story--table-heading"}
    DEFAULT_CSS = """
    Story > .story--table-heading { color: $text-muted; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__([], **kwargs)
        self._parts: list[Part] = []
        self._starts: list[int] = []  # the first line of each part, in the last layout

    @property
    def text(self) -> str:
        """The story's plain text, a paragraph or a table row per line (unwrapped)."""
        return "\n".join(
            " ".join(cell.plain for cell in row) if isinstance(part, Table) else part.content.plain
            for part in self._parts
            for row in (part.rows if isinstance(part, Table) else [()])
        )

    def show(self, blocks: Sequence[Part]) -> None:
        """Replace the story shown."""
        self._parts = list(blocks)
        super().show([part for part in self._parts if isinstance(part, Block)])

    def extend(self, parts: Sequence[Part]) -> None:
        """Add to the end of the story."""
        self.show([*self._parts, *parts])

    @property
    def part_count(self) -> int:
        return len(self._parts)

    def line_of(self, part: int) -> int:
        """The line where a part starts (its blank line before, if it has one)."""
        self._layout(self.size.width)
        return self._starts[part] if part < len(self._starts) else 0

    def _wrap(self, width: int) -> Wrapped:
        heading = Style.from_rich_style(self.get_component_rich_style("story--table-heading"))
        pieces: list[Content] = []
        indents: list[int] = []
        joins: list[str | None] = []
        self._starts = []
        for part in self._parts:
            self._starts.append(len(indents))
            if isinstance(part, Table):
                rows = [
                    row.pad_left(PROSE_INDENT) for row in part.lines(width - PROSE_INDENT, heading)
                ]
                pieces.append(NEWLINE.join(rows))
                indents.extend([PROSE_INDENT] * len(rows))
                joins.extend([None] * len(rows))
            else:
                wrapped = wrap_blocks([part], width)
                pieces.append(wrapped.content)
                indents.extend(wrapped.indents)
                joins.extend(wrapped.joins)
        return Wrapped(width, NEWLINE.join(pieces), indents, joins)


class VignetteView(VerticalScroll):
    """Scrolls when the story is longer than the screen; new information is appended."""

    class Moved(Message):
        """The story scrolled, or its size changed: whether more of it is below may differ."""

    def __init__(
        self, vignette: Vignette, revealed: Sequence[Reveal] = (), **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.vignette = vignette
        self._initial = list(revealed)
        self._reveals_shown = 0
        self._story = Story()
        self._new_part: int | None = None  # the first part of the newest reveals, to keep on top

    @property
    def more_below(self) -> bool:
        return self.scroll_y < self.max_scroll_y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.post_message(self.Moved())

    # When the pane's height changes (the decision below grown or shrunk) or the story's (a
    # reveal added): the newest reveal is kept on top until the learner scrolls.
    def on_resize(self) -> None:
        self._scroll_to_new()
        self.post_message(self.Moved())

    def watch_virtual_size(self) -> None:
        self._scroll_to_new()
        self.post_message(self.Moved())

    # The learner scrolling the story (the wheel, or keys once it has the focus) lets it go.
    def on_mouse_scroll_down(self) -> None:
        self._new_part = None

    def on_mouse_scroll_up(self) -> None:
        self._new_part = None

    def on_key(self) -> None:
        self._new_part = None

    def read_on(self, lines: int) -> None:
        """Scroll by the learner's keys."""
        self._new_part = None
        self.scroll_relative(y=lines, animate=False)

    def compose(self) -> ComposeResult:
        self._story.show([*story_parts(self.vignette), *self._reveal_parts(self._initial)])
        yield self._story

    def reset(self, vignette: Vignette, revealed: Sequence[Reveal]) -> None:
        """Show another story (a quiz moves between cases), with what was revealed before."""
        self.vignette = vignette
        self._reveals_shown = 0
        self._new_part = None
        self._story.show([*story_parts(vignette), *self._reveal_parts(revealed)])
        self.scroll_home(animate=False)

    def show_reveals(self, revealed: Sequence[Reveal]) -> None:
        """Append the reveals not yet shown, the first new line scrolled to the top."""
        new = list(revealed[self._reveals_shown :])
        if not new:
            self._new_part = None  # the story stays where it is
            return
        first = self._story.part_count
        self._story.extend(self._reveal_parts(new))
        self._new_part = first
        # Once laid out (the scroll range grows with the story): the first new line on top.
        self.call_after_refresh(self._scroll_to_new)

    def _scroll_to_new(self) -> None:
        if self._new_part is not None:
            self.scroll_to(y=self._story.line_of(self._new_part), animate=False, immediate=True)

    def _reveal_parts(self, reveals: Sequence[Reveal]) -> list[Part]:
        parts: list[Part] = []
        for reveal in reveals:
            self._reveals_shown += 1
            parts.extend(reveal_parts(reveal, self._reveals_shown))
        return parts
