"""The keys of the screen, on one line at the bottom: what Textual's Footer shows, drawn as text.

Textual's Footer is a widget per key, and it rebuilds them all whenever the screen's bindings
change (every screen switch, focus change and step). While playing a case that cost 10-20 ms
of every submit and continue (bench/run.py). KeyBar draws the same line - keys, descriptions,
binding groups, disabled keys dimmed, the command palette key on the right - as one piece of
text, redrawn when the bindings change. Clicking a key presses it; hovering shows its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
PALETTE_RULE = "▏"


@dataclass(frozen=True)
class _Key:
    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    group: Binding.Group | None


@dataclass(frozen=True)
class _Region:
    start: int
    end: int
    key: str
    tooltip: str


class KeyBar(Widget):
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._regions: list[_Region] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def _keys(self) -> tuple[list[_Key], _Key | None]:
        """The keys to show, in binding order (one per action), and the palette key."""
        app = self.app
        shown: dict[str, _Key] = {}
        palette: _Key | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            entry = _Key(
                key=binding.key,
                display=app.get_key_display(binding),
                description=binding.description,
                enabled=active.enabled,
                tooltip=active.tooltip or binding.tooltip or binding.description,
                group=binding.group,
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
        return list(shown.values()), palette

    def render(self) -> Content:
        keys, palette = self._keys()
        parts: list[tuple[str, str]] = []
        regions: list[_Region] = []
        at = 0

        def add(text: str, style: str, key: _Key | None = None) -> None:
            nonlocal at
            parts.append((text, style if key is None or key.enabled else f"{style} dim"))
            if key is not None:
                regions.append(_Region(at, at + len(text), key.key, key.tooltip))
            at += len(text)

        for group, members in groupby(keys, lambda k: k.group):
            grouped = list(members)
            if group is not None and len(grouped) > 1:
                add(" ", "")
                for key in grouped:
                    add(key.display, KEY_STYLE, key)
                    add(" ", "")
                add(group.description + " ", DESCRIPTION_STYLE)
            else:
                for key in grouped:
                    add(f" {key.display} ", KEY_STYLE, key)
                    add(f"{key.description} ", DESCRIPTION_STYLE, key)
        if palette is not None:
            right = f"{palette.display} {palette.description} "
            room = self.size.width - at - len(PALETTE_RULE) - len(right)
            if room >= 1:
                add(" " * room, "")
                add(PALETTE_RULE, DESCRIPTION_STYLE)
                add(f"{palette.display} ", KEY_STYLE, palette)
                add(f"{palette.description} ", DESCRIPTION_STYLE, palette)
        if at > self.size.width:
            # Cut short with an ellipsis (its last cell): only keys wholly in view are clickable.
            regions = [region for region in regions if region.end < self.size.width]
        self._regions = regions
        return Content.assemble(*parts)

    def _region_at(self, x: int) -> _Region | None:
        return next((r for r in self._regions if r.start <= x < r.end), None)

    def on_click(self, event: events.Click) -> None:
        region = self._region_at(event.x)
        if region is not None:
            self.app.simulate_key(region.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        region = self._region_at(event.x)
        tooltip = region.tooltip if region is not None else None
        if tooltip != self.tooltip:  # set only on a change: setting it redraws the tooltip
            self.tooltip = tooltip
