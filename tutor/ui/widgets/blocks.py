"""Paragraphs with hanging indents: wrapped lines stay under their first line."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tutor.ui.render import Block

NEWLINE = Content("\n")


def hanging_lines(blocks: Sequence[Block], width: int) -> list[Content]:
    """The paragraphs as lines of at most `width` cells: each wrapped inside its indent, and a
    blank line before each paragraph that asks for a gap."""
    lines: list[Content] = []
    for block in blocks:
        if block.gap:
            lines.append(Content())
        indent = min(block.indent, max(0, width - 1))
        lines.extend(line.pad_left(indent) for line in block.content.wrap(width - indent))
    return lines


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
        self._wrapped: tuple[int, Content] | None = None

    @property
    def text(self) -> str:
        """The paragraphs' plain text, one per line (unwrapped)."""
        return "\n".join(block.content.plain for block in self._blocks)

    def show(self, blocks: Sequence[Block]) -> None:
        """Replace the paragraphs shown."""
        self._blocks = list(blocks)
        self._wrapped = None
        self.refresh(layout=True)

    def _content(self, width: int) -> Content:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, NEWLINE.join(hanging_lines(self._blocks, width)))
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._blocks or width <= 0:
            return 0
        return len(self._content(width).plain.split("\n"))

    def render(self) -> Content:
        return self._content(self.size.width) if self.size.width > 0 else Content()
