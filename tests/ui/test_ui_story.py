"""The patient's story drawn as one widget: its tables in columns, and new information brought
into view at the decision that reveals it (bench/run.py measures why it is one widget)."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CASE
from textual.content import Content
from textual.style import Style
from ui_helpers import SEED, best_keys, flat, session_of, visible_lines

from tutor.core.cases.model import NumericStep
from tutor.core.library.library import load_library
from tutor.ui.app import make_app
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.widgets.vignette import Story, Table, VignetteView


def mini_app(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    library = load_library([path])
    return make_app(library, paths=[path], case=library.cases[0].model.id, seed=SEED)


def test_a_table_wraps_each_cell_inside_its_column_and_rows_take_their_tallest_cell() -> None:
    cells = (Content("Creatine kinase"), Content("4000 U/L"), Content("30-200 U/L"), Content("▲"))
    lines = [line.plain.rstrip() for line in Table((cells,)).lines(50, Style())]
    # 50 cells: 34 for the first three columns, so the two longest give a cell each.
    assert lines == [
        "Test           Result    Reference",
        "                         range",
        "Creatine       4000 U/L  30-200 U/L     ▲",
        "kinase",
    ]


async def test_enter_on_the_feedback_shows_the_next_decision_with_its_news_in_view(
    tmp_path: Path,
) -> None:
    app = mini_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:  # the story does not fit: it scrolls
        await pilot.pause()
        session = session_of(app)
        for _ in range(2):  # the work-up, then the first line: its answer reveals a new CK
            await pilot.press(*best_keys(session))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            await pilot.press("enter")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        step = session.current
        assert isinstance(step, NumericStep)
        shown = "\n".join(visible_lines(app))
        assert f"Decision {session.step_number}" in shown
        assert flat(step.prompt) in flat(shown)
        assert screen.focused is screen.query_one("#number"), "the number field takes the keys"
        vignette = screen.query_one("#vignette", VignetteView)
        story = vignette.query_one(Story)
        assert "Eight weeks later CK is still high." in story.text
        top = vignette.scroll_y
        assert top > 0, "the story scrolled to what is new"
        assert "New information (1)" in shown and "Eight weeks later CK is still high." in shown
        assert "CK" in shown and "3500 U/L" in shown, "with its table"
        # The learner reading back up lets the new information go.
        await pilot.press("shift+up")
        await pilot.pause()
        assert vignette.scroll_y < top
        await pilot.resize_terminal(60, 22)
        await pilot.pause()
        assert vignette.scroll_y < top, "a resize does not pull the story back down"


async def test_a_decision_with_options_after_the_feedback_has_the_options_focused(
    tmp_path: Path,
) -> None:
    app = mini_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = session_of(app)
        await pilot.press(*best_keys(session))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        step = session.current
        assert step is not None and not isinstance(step, NumericStep)
        assert flat(step.prompt) in flat("\n".join(visible_lines(app)))
        choices = screen.query_one("#choices")
        assert screen.focused is choices and choices.highlighted is None
        assert choices.option_count == len(step.options)
