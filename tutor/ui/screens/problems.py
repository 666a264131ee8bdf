"""Why a case cannot be played: its diagnostics, file:line:col first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tutor.core.cases.diagnostics import Diagnostic, bounded
from tutor.core.play.wording import plural
from tutor.ui import render
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import KeyScroll
from tutor.ui.widgets.topbar import TopBar


class ProblemsScreen(Screen[None]):
    AUTO_FOCUS = "#problems-body"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="problems.back")]

    def __init__(
        self, name: str, diagnostics: Sequence[Diagnostic], *, watching: bool = False
    ) -> None:
        super().__init__()
        self.case_name = name
        self.diagnostics = list(diagnostics)
        self.watching = watching

    def compose(self) -> ComposeResult:
        yield TopBar(
            render.line(("Cannot load ", "bold"), self.case_name),
            "watching for changes" if self.watching else "",
        )
        with KeyScroll(id="problems-body"):
            count = len(self.diagnostics)
            yield Static(
                Content.styled(f"{plural(count, 'problem')} in this case file:", render.ERROR)
            )
            # One widget for all of them, and never more than the bounded list: a file of
            # thousands of mistakes had made a widget each.
            shown = bounded(self.diagnostics)
            yield Static(
                Content("\n\n").join([render.plain(str(d)) for d in shown]),
                classes="diagnostic",
            )
            if self.watching:
                yield Static(
                    Content.styled(
                        "Fix the file and save it: the case reloads by itself.", render.MUTED
                    ),
                    classes="hint",
                )
        yield KeyBar()

    def action_back(self) -> None:
        self.dismiss(None)
