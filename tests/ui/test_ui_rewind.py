"""Going back in the full-screen tutor: b on the feedback and results screens (practice only),
explored answers shown as such and never scored, and ⚑ on flagged decisions in the results."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import SEED, SIZE, best_keys, screen_text, session_of, shown_numbers, visible_lines

from tutor.core.progress.store import Store
from tutor.ui.app import TutorApp, make_app
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.results import ResultsScreen


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    return folder


def rituximab_keys(app: TutorApp) -> list[str]:
    """The harmful answer at the work-up (it leads to the detour)."""
    session = session_of(app)
    return [*(str(n) for n in shown_numbers(session, session.current, [1])), "enter"]


async def play_to_results(app: TutorApp, pilot) -> None:
    while isinstance(app.screen, PlayerScreen | FeedbackScreen):
        if isinstance(app.screen, FeedbackScreen):
            await pilot.press("enter")
        else:
            await pilot.press(*best_keys(session_of(app)))
        await pilot.pause()


async def test_b_on_the_feedback_goes_back_and_the_first_answer_keeps_its_score(
    mini: Path, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], case="mini-pm", seed=SEED, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*rituximab_keys(app))
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "b Go back" in visible_lines(app)[-1]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        session = session_of(app)
        assert session.current.id == "workup"
        assert "Decision 1" in screen_text(app.screen)
        assert "exploring: not scored" in screen_text(app.screen)
        # Said on the player's message line, not in a toast over the options.
        assert "Back at decision 1" in str(app.screen.query_one("#problem").visual)
        await play_to_results(app, pilot)  # the biopsy this time, and on to the end
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app.screen)
        assert "Decision 1: What next?" in text  # the first answer, scored
        assert "Explored 1: What next?  (explored: not scored)" in text
        assert "Harmful choice at decision 1" in text
        assert [r.step_id for r in session.counted] == ["workup"]
        attempt_id = app.attempt.attempt_id
        assert [a.explored for a in store.answers(attempt_id)][:2] == [False, True]
    store.close()


async def test_b_on_the_results_goes_back_to_the_selected_decision(
    mini: Path, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], case="mini-pm", seed=SEED, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await play_to_results(app, pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "b Go back" in visible_lines(app)[-1]
        score = session_of(app).totals()
        await pilot.press("down", "down")  # the second decision reviewed
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        session = session_of(app)
        assert session.current.id == "first-line" and session.exploring
        assert "Back at decision 2" in str(app.screen.query_one("#problem").visual)
        await play_to_results(app, pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert session.totals() == score
        assert "Explored 2" in screen_text(app.screen)  # first line and the dose, again
    store.close()


async def test_an_exam_has_no_going_back(mini: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], case="mini-pm", seed=SEED, store=store, mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await play_to_results(app, pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "Go back" not in visible_lines(app)[-1]
        await pilot.press("down", "b")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert not session_of(app).exploring and session_of(app).finished
    store.close()


async def test_a_flagged_decision_shows_the_flag_in_the_results(mini: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], case="mini-pm", seed=SEED, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")  # the work-up, flagged while it is at hand
        await pilot.pause()
        await play_to_results(app, pilot)
        text = screen_text(app.screen)
        assert "⚑ Decision 1: What next?" in text
        assert "⚑ Decision 2" not in text
        await pilot.press("down", "down", "f")
        await pilot.pause()
        assert "⚑ Decision 2" in screen_text(app.screen)
        await pilot.press("f")
        await pilot.pause()
        assert "⚑ Decision 2" not in screen_text(app.screen)
    store.close()


async def test_f_on_a_history_row_flags_what_that_attempt_missed(
    mini: Path, tmp_path: Path
) -> None:
    from tutor.core.progress.review import ReviewDeck
    from tutor.ui.screens.history import HistoryScreen

    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], store=store, seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*rituximab_keys(app))  # the one miss
        await pilot.pause()
        await play_to_results(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "⚑" not in screen_text(app.screen)
        assert "f Flag misses" in visible_lines(app)[-1]
        await pilot.press("f")
        await pilot.pause()
        assert ReviewDeck(store).flags() == [("mini-pm", "workup")]
        text = screen_text(app.screen)
        assert "⚑ 1 flagged" in text and "mini-pm: workup" in text
        await pilot.press("f")  # again: unflagged
        await pilot.pause()
        assert ReviewDeck(store).flags() == []
        assert "⚑" not in screen_text(app.screen)
    store.close()
