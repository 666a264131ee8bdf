"""Every option of one decision, with its verdict, explanation and citations (the chosen marked).

Opened with `e` from the feedback on an answer and from the results review, so that the reason
behind each option, not only the chosen one and the key, is one key away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tutor.core.algorithm.scoring_types import StepResult
from tutor.core.cases.model import Reference
from tutor.ui import render
from tutor.ui.render import Block
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import KeyScroll
from tutor.ui.widgets.topbar import TopBar


def option_blocks(result: StepResult, references: Mapping[str, Reference]) -> list[Block]:
    """What happened in words, then each option: label, verdict, your choice, why, citations."""
    blocks: list[Block] = []
    if result.tally:
        blocks.append(Block(render.plain(result.tally), gap=True))
    for item in result.every_option:
        blocks.append(
            Block(
                render.line(
                    (item.label, "bold"),
                    " - ",
                    render.verdict_text(item.verdict),
                    ("  (your choice)", "bold") if item.chosen else "",
                ),
                gap=True,
            )
        )
        blocks.append(
            Block(render.line(item.text, " ", render.citations(item.cite, references)), 2)
        )
    return blocks


class OptionsScreen(Screen[None]):
    AUTO_FOCUS = "#options-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="options.back"),
        Binding("enter", "back", "Back", show=False, id="options.close"),
    ]

    def __init__(self, result: StepResult, references: Mapping[str, Reference], title: str) -> None:
        super().__init__()
        self.result = result
        self.references = references
        self.heading = title

    def compose(self) -> ComposeResult:
        yield TopBar(render.line((self.heading, "bold")))
        with KeyScroll(id="options-body"):
            if not self.result.every_option:
                yield Static(Content.styled("No options recorded for this answer.", render.MUTED))
            yield Blocks(option_blocks(self.result, self.references))
        yield KeyBar()

    def action_back(self) -> None:
        self.dismiss(None)
