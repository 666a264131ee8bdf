"""Full reference entries for a set of citation ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tutor.core.cases.model import Reference
from tutor.ui import render
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import KeyScroll
from tutor.ui.widgets.topbar import TopBar


class ReferencesScreen(Screen[None]):
    AUTO_FOCUS = "#references-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="references.back"),
        Binding("enter", "back", "Back", show=False, id="references.close"),
    ]

    def __init__(self, ids: Iterable[str], references: dict[str, Reference], title: str) -> None:
        super().__init__()
        self.ids = list(dict.fromkeys(ids))
        self.references = references
        self.heading = title

    def compose(self) -> ComposeResult:
        yield TopBar(render.line((self.heading, "bold")))
        with KeyScroll(id="references-body"):
            if not self.ids:
                yield Static(Content.styled("No citations.", render.MUTED))
            yield Blocks(render.reference_blocks(self.ids, self.references))
        yield KeyBar()

    def action_back(self) -> None:
        self.dismiss(None)
