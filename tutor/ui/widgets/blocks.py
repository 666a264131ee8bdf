"""Paragraphs with hanging indents: wrapped lines stay under their first line."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tutor.ui.render import Block


class Blocks(Vertical):
    DEFAULT_CSS = """
    Blocks { height: auto; }
    Blocks > .gap { margin-top: 1; }
    Blocks > .indent-2 { padding-left: 2; }
    Blocks > .indent-4 { padding-left: 4; }
    Blocks > .indent-3 { padding-left: 3; }
    Blocks > .indent-5 { padding-left: 5; }
    Blocks > .indent-6 { padding-left: 6; }
    """

    def __init__(self, blocks: Sequence[Block], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks = list(blocks)

    def compose(self) -> ComposeResult:
        for block in self._blocks:
            classes = [f"indent-{min(block.indent, 6)}"] if block.indent else []
            if block.gap:
                classes.append("gap")
            yield Static(block.content, classes=" ".join(classes))

    def show(self, blocks: Sequence[Block]) -> None:
        """Replace the paragraphs shown."""
        self._blocks = list(blocks)
        self.refresh(recompose=True)
