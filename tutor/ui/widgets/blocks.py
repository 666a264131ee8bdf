"""Paragraphs with hanging indents: wrapped lines stay under their first line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.selection import Selection
from textual.widget import Widget

from tutor.ui.render import Block

NEWLINE = Content("\n")


@dataclass(frozen=True)
class Wrapped:
    """The paragraphs laid out for one width: the text on screen, and for each of its lines the
    indent the layout added and what joins it to the line above in the paragraph as written
    (None where a paragraph starts: a line break)."""

    width: int
    content: Content
    indents: list[int]
    joins: list[str | None]


def wrap_blocks(blocks: Sequence[Block], width: int) -> Wrapped:
    """Each paragraph wrapped inside its indent, with a blank line before each that asks for a
    gap; every line at most `width` cells."""
    lines: list[Content] = []
    indents: list[int] = []
    joins: list[str | None] = []
    for block in blocks:
        if block.gap:
            lines.append(Content())
            indents.append(0)
            joins.append(None)
        indent = min(block.indent, max(0, width - 1))
        written = block.content.plain
        at = 0  # how far into the paragraph as written the lines so far reach
        for number, line in enumerate(block.content.wrap(width - indent)):
            start = written.find(line.plain, at) if line.plain else -1
            start = at if start < 0 else start
            # A break at spaces joins with those spaces; a word folded mid-way, with nothing.
            joins.append(None if number == 0 else written[at:start])
            at = start + len(line.plain)
            lines.append(line.pad_left(indent))
            indents.append(indent)
    return Wrapped(width, NEWLINE.join(lines), indents, joins)


class Blocks(Widget):
    """The paragraphs as one widget, wrapped here for the width it has.

    One widget rather than one per paragraph: a screen's cost to appear grows with its widget
    count, and the feedback after every answer is a dozen paragraphs or more (bench/run.py)."""

    DEFAULT_CSS = """
    Blocks { height: auto; text-wrap: nowrap; }
    """

    def __init__(self, blocks: Sequence[Block], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks = list(blocks)
        self._wrapped: Wrapped | None = None

    @property
    def text(self) -> str:
        """The paragraphs' plain text, one per line (unwrapped)."""
        return "\n".join(block.content.plain for block in self._blocks)

    def show(self, blocks: Sequence[Block]) -> None:
        """Replace the paragraphs shown."""
        self._blocks = list(blocks)
        self._wrapped = None
        self.refresh(layout=True)

    def _wrap(self, width: int) -> Wrapped:
        return wrap_blocks(self._blocks, width)

    def _layout(self, width: int) -> Wrapped:
        if self._wrapped is None or self._wrapped.width != width:
            self._wrapped = self._wrap(width)
        return self._wrapped

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._blocks or width <= 0:
            return 0
        return len(self._layout(width).indents)

    def render(self) -> Content:
        return self._layout(self.size.width).content if self.size.width > 0 else Content()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text as written: a paragraph's wrapped lines joined up again, without
        the indent the layout added (what is copied is the text, not the screen)."""
        if self.size.width <= 0 or not self._blocks:
            return None
        layout = self._layout(self.size.width)
        first_row = selection.start.y if selection.start is not None else 0
        parts: list[str] = []
        for row, line in enumerate(selection.extract(layout.content.plain).split("\n"), first_row):
            if row >= len(layout.indents):
                break
            text = line[: layout.indents[row]].lstrip(" ") + line[layout.indents[row] :]
            if parts:
                join = layout.joins[row]
                parts.append("\n" if join is None else join)
            parts.append(text)
        return "".join(parts), "\n"
