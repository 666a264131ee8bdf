"""At 80x24 and 60x20 nothing a learner can choose is out of sight, and a cut story says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import SEED, best_keys, bundled_paths, flat, session_of, visible_lines

from tutor.core.cases.model import NumericStep
from tutor.core.library.library import load_library
from tutor.ui.app import make_app
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.widgets.lists import ChoiceList
from tutor.ui.widgets.vignette import VignetteView

SIZES = [(80, 24), (60, 20)]


def open_case(path: Path):
    library = load_library([path])
    return make_app(library, paths=[path], case=library.cases[0].model.id, seed=SEED)


def option_start(session, step, number: int) -> str:
    """The first words of the option shown as `number`, as its first screen line shows them."""
    index = session.option_order(step)[number - 1]
    return " ".join(step.options[index].text.split()[:3])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", bundled_paths(), ids=lambda p: p.stem)
async def test_no_option_can_be_chosen_while_off_screen(path: Path, size) -> None:
    app = open_case(path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        session = session_of(app)
        while not session.finished:
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            step = session.current
            assert step is not None
            await pilot.pause()
            shown = visible_lines(app)
            # The confidence line and Submit are always in view.
            assert any("Confidence:" in row and "Submit" in row for row in shown), "\n".join(shown)
            if not isinstance(step, NumericStep):
                choices = screen.query_one("#choices", ChoiceList)
                count = choices.option_count
                for number in range(1, count + 1):
                    await pilot.press("down")
                    await pilot.pause()
                    assert choices.highlighted == number - 1
                    shown = visible_lines(app)
                    start = option_start(session, step, number)
                    assert any(
                        f"{number}. " in row and flat(row).find(start) >= 0 for row in shown
                    ), (
                        number,
                        shown,
                    )
                    more = "\n".join(shown)
                    if choices.max_scroll_y > 0:
                        assert "more options" in more, shown
            vignette = screen.query_one("#vignette", VignetteView)
            cut = vignette.scroll_y < vignette.max_scroll_y
            more_line = screen.query_one("#story-more")
            assert cut == any("More of the case below" in row for row in visible_lines(app)), (
                session.step_number,
                vignette.scroll_y,
                vignette.max_scroll_y,
                more_line.display,
                visible_lines(app),
            )
            await pilot.press(*best_keys(session))
            await pilot.pause()
            if not session.finished:
                await pilot.press("enter")  # past the feedback
                await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_algorithm_tree_labels_end_at_a_word_with_an_ellipsis(size) -> None:
    from tutor.ui.screens.algorithm import AlgorithmScreen

    app = make_app(paths=bundled_paths()[:1], seed=SEED)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlgorithmScreen)
        titles = {node.title for node in screen.algorithm.nodes}
        shown = [row.split("│")[0] for row in visible_lines(app)[1:-1]]
        leaves = [row.split("── ", 1)[1].rstrip() for row in shown if "── " in row]
        assert leaves
        for label in leaves:
            label = label.rstrip("▁▂▃▄▅▆▇█ ")  # the scrollbar
            if label.endswith("…"):
                head = label[:-1]
                assert any(t.startswith(head) and t[len(head)] in " ,;:-" for t in titles), label
            else:
                assert label in titles, label


async def test_at_60x20_an_option_below_the_fold_is_announced_and_shown_when_chosen() -> None:
    path = next(p for p in bundled_paths() if p.name == "refractory-polymyositis.yaml")
    app = open_case(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press(*best_keys(session_of(app)), "enter")  # to the seven-option decision
        await pilot.pause()
        await pilot.pause()
        session = session_of(app)
        step = session.current
        shown = visible_lines(app)
        assert not any(row.lstrip().startswith("[ ] 7.") for row in shown), shown
        assert any("more options below" in row for row in shown), shown
        await pilot.press("7")  # chosen by its number: it comes into view, marked
        await pilot.pause()
        await pilot.pause()
        shown = visible_lines(app)
        start = option_start(session, step, 7)
        assert any("[x] 7. " in row and start in flat(row) for row in shown), shown
        assert any("more options above" in row for row in shown), shown
