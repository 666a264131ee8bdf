"""At 80x24 the player stays readable: the decision and every option can be seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import SEED, best_keys, bundled_paths, session_of, visible_lines

from tutor.core.model import NumericStep
from tutor.ui.app import make_app
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.results import ResultsScreen

SMALL = (80, 24)


def visible(app) -> str:
    return "\n".join(visible_lines(app))


@pytest.mark.parametrize("path", bundled_paths(), ids=lambda p: p.stem)
async def test_every_decision_and_option_can_be_seen_at_80x24(path: Path) -> None:
    app = make_app(paths=[path], case=path.stem, seed=SEED)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        session = session_of(app)
        while not session.finished:
            assert isinstance(app.screen, PlayerScreen)
            step = session.current
            assert f"Decision {session.step_number}" in visible(app)
            if not isinstance(step, NumericStep):
                order = session.option_order(step)
                for number, index in enumerate(order, start=1):
                    await pilot.press(str(number))  # highlights (and scrolls to) the option
                    await pilot.pause()
                    start = step.options[index].text[:30]
                    assert f"{number}. {start}" in visible(app), start
                    if step.kind == "multiple":
                        await pilot.press(str(number))  # unmark again
            app.screen.query_one("#choices").highlighted = None
            await pilot.press(*best_keys(session))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Score:" in visible(app)
        assert "Safety:" in visible(app)
