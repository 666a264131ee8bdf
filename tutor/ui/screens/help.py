"""Help generated from the bindings of the screen it was opened from: it cannot drift."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tutor.ui import render
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import KeyScroll

PALETTE_NOTE = (
    "Ctrl+P opens the command palette: the case library, the algorithm, all references, "
    "your statistics and the history of every case, the practice/exam mode, the notice about "
    "educational use, and the theme."
)
SECTIONS = ("On this screen", "Everywhere", "Moving around")

HelpRow = tuple[str, str]


def help_sections(
    bindings: Iterable[ActiveBinding], key_display: Callable[[Binding], str]
) -> list[tuple[str, list[HelpRow]]]:
    """(section, [(keys, what they do)]) from the active bindings, in binding order.

    Keys with the same description and action are merged ("j, down"). The binding's tooltip is
    used when it has one (the footer shows the short description), its description if not.
    """
    grouped: dict[str, dict[tuple[str, str], list[Binding]]] = {name: {} for name in SECTIONS}
    unavailable: set[tuple[str, str]] = set()
    for active in bindings:
        binding = active.binding
        if binding.id is None or not binding.description:
            # Ours all have ids; those without are Textual's own (focus next, scroll left,
            # copy selected text ...), which mean nothing to a learner here.
            continue
        if isinstance(active.node, Screen):
            section = SECTIONS[0]
        elif isinstance(active.node, App):
            section = SECTIONS[1]
        else:
            section = SECTIONS[2]
        action = binding.action.partition("(")[0]
        grouped[section].setdefault((binding.description, action), []).append(binding)
        if not active.enabled:
            unavailable.add((binding.description, action))
    sections = []
    for name in SECTIONS:
        rows = []
        for (description, action), group in grouped[name].items():
            shown = [b.key_display for b in group if b.key_display]
            keys = shown or [key_display(b) for b in group]
            text = next((b.tooltip for b in group if b.tooltip), description)
            if (description, action) in unavailable:
                text = f"{text} (not available right now)"
            rows.append((", ".join(dict.fromkeys(k for k in keys if k)), text))
        if rows:
            sections.append((name, rows))
    return sections


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = "#help-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close help", id="help.close"),
        Binding("question_mark", "close", "Close help", show=False, id="help.toggle"),
    ]

    def __init__(self, title: str, sections: list[tuple[str, list[HelpRow]]]) -> None:
        super().__init__()
        self.title_text = title
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(render.line(("Keys: ", "bold"), self.title_text), id="help-title")
            with KeyScroll(id="help-body"):
                for name, rows in self.sections:
                    yield Static(render.heading(name), classes="help-section")
                    for keys, text in rows:
                        with HorizontalGroup(classes="help-row"):
                            yield Static(Content.styled(keys, "bold"), classes="help-key")
                            yield Static(Content(text), classes="help-text")
                yield Static(Content.styled(PALETTE_NOTE, render.MUTED), id="help-palette")
            yield Static(Content.styled("Esc closes this help.", render.MUTED))
        yield KeyBar()  # this help's keys, not those of the screen behind it

    def action_close(self) -> None:
        self.dismiss(None)
