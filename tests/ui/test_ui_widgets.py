"""The two widgets drawn as text: Blocks (paragraphs with hanging indents) and KeyBar."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from ui_helpers import visible_lines

from tutor.ui.render import Block
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.topbar import TopBar

PARAGRAPH = (
    "Start high-dose prednisone together with methotrexate, azathioprine or mycophenolate, "
    "then taper slowly."
)
BLOCKS = [
    Block(Content("Heading")),
    Block(Content(PARAGRAPH), indent=2),
    Block(Content("After a gap"), gap=True, indent=4),
]


class BlocksApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Blocks(BLOCKS)


async def test_blocks_wrap_under_their_indent_and_take_the_height_they_need() -> None:
    app = BlocksApp()
    async with app.run_test(size=(30, 20)) as pilot:
        blocks = app.query_one(Blocks)
        shown = [line.rstrip() for line in visible_lines(app)][: blocks.size.height]
        assert shown[0] == "Heading"
        assert shown[1] == "  Start high-dose prednisone"
        assert all(line.startswith("  ") and len(line) <= 30 for line in shown[1:6])
        assert shown[-2:] == ["", "    After a gap"], "a blank line before the gap"
        assert blocks.size.height == len(shown) == 8
        blocks.show([Block(Content("One line"))])
        await pilot.pause()
        assert blocks.size.height == 1 and visible_lines(app)[0].rstrip() == "One line"


async def test_copying_from_blocks_gives_the_paragraphs_not_the_screen_lines() -> None:
    app = BlocksApp()
    async with app.run_test(size=(30, 20)):
        blocks = app.query_one(Blocks)
        text, _ = blocks.get_selection(Selection(None, None))
        assert text == f"Heading\n{PARAGRAPH}\n\nAfter a gap"
        part, _ = blocks.get_selection(Selection(Offset(8, 1), Offset(6, 2)))
        assert part == "high-dose prednisone toge"


class BarApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("q", "quit_now", "Quit"),
        ("h", "say('help')", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def action_say(self, what: str) -> None:
        self.said.append(what)

    def action_quit_now(self) -> None:
        self.said.append("quit")


async def test_a_key_bar_cut_short_does_not_press_the_key_behind_its_ellipsis() -> None:
    app = BarApp()
    async with app.run_test(size=(12, 3)) as pilot:
        bottom = visible_lines(app)[-1]
        assert bottom.startswith(" q Quit") and bottom.rstrip().endswith("…")
        await pilot.click(KeyBar, offset=(len(bottom.rstrip()) - 1, 0))
        await pilot.click(KeyBar, offset=(2, 0))
        await pilot.pause()
        assert app.said == ["quit"], "the ellipsis is not a key; q is"


async def test_copying_keeps_a_long_word_whole_and_the_spaces_as_written() -> None:
    url = "https://example.org/a/very/long/address/that/cannot/fit/on/one/line"
    written = f"See  {url} for more."

    class LinkApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Blocks([Block(Content(written), indent=2)])

    app = LinkApp()
    async with app.run_test(size=(30, 10)):
        blocks = app.query_one(Blocks)
        assert blocks.size.height > 2, "the address is folded over several lines"
        text, _ = blocks.get_selection(Selection(None, None))
        assert text == written


async def test_the_top_bar_keeps_a_title_with_line_breaks_on_its_one_line() -> None:
    class BarTitleApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TopBar(Content("A small polymyositis case\nwith two lines\n"), "Exam · 9:59")

    app = BarTitleApp()
    async with app.run_test(size=(40, 3)):
        top = visible_lines(app)[0]
        assert top.startswith("A small polymyositis case …") and top.rstrip().endswith(
            "Exam · 9:59"
        )
