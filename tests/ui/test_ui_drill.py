"""The review drill in the full-screen tutor: the library's first entry says how many decisions
are due, Enter plays them in practice mode, and each answer reschedules its card."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import SEED, SIZE, best_keys, screen_text, session_of

from tutor.core.library.library import load_library
from tutor.core.play.attempts import start_logged_session
from tutor.core.progress.review import ReviewDeck
from tutor.core.progress.store import Store
from tutor.ui.app import make_app
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.results import ResultsScreen

NOW = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    return folder


def played_days_ago(cases: Path, data: Path) -> None:
    """The expert's answers, two days before NOW."""
    from tutor.core.play.quiz import expert_response

    library = load_library([cases])
    with Store.open(data, clock=lambda: NOW - datetime.timedelta(days=2)) as store:
        session = start_logged_session(
            store, library.find("mini-pm").model, library.algorithm, "practice", seed=SEED
        )
        while not session.finished:
            session.submit(expert_response(session.current))


async def test_the_library_offers_the_due_decisions_first_and_enter_drills_them(
    mini: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    played_days_ago(mini, data)
    store = Store.open(data, clock=lambda: NOW)
    app = make_app(paths=[mini], store=store, seed=SEED)
    app.deck = ReviewDeck(store, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        cases = app.screen.query_one("#cases")
        assert cases.highlighted_option.id == "drill:"
        assert "3 decisions due for review" in screen_text(app.screen)
        assert "✓ Done: 100% on 2026-03-03" in screen_text(app.screen)  # the case's standing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.attempt.title == "Review drill"
        assert "Review drill · A small polymyositis case" in screen_text(app.screen)
        assert session_of(app).current.id == "workup"
        for _ in range(3):
            await pilot.press(*best_keys(session_of(app)))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)  # practice mode: explained at once
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app.screen)
        # Right three times, unmarked (counted as guessing): +1 each, beside score and safety.
        assert "Certainty-based marks: +3 of a possible 9" in text
        assert text.index("Safety:") < text.index("Certainty-based marks")
        assert "Calibration: guessing 3 of 3 right" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "due for review" not in screen_text(app.screen)
        assert app.screen.query_one("#cases").highlighted_option.id == "case:mini-pm"
        await pilot.press("s")  # the statistics count cards due and reviews per day
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app.screen)
        assert "0 decisions due now · 3 cards in all" in text
        assert "2026-03-05: 3 reviews" in text
    assert [c.due > NOW for c in ReviewDeck(store, clock=lambda: NOW).cards()] == [True] * 3
    store.close()


async def test_no_entry_when_nothing_is_due(mini: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], store=store, seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        assert "due for review" not in screen_text(app.screen)
        assert "Not started" in screen_text(app.screen)
    store.close()


async def test_f_flags_the_decision_at_hand_and_one_in_the_results(
    mini: Path, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "data")
    app = make_app(paths=[mini], store=store, seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("f")
        await pilot.pause()
        deck = ReviewDeck(store)
        assert deck.flags() == [("mini-pm", "workup")]
        await pilot.press("f")  # again: unflagged
        await pilot.pause()
        assert deck.flags() == []
        while isinstance(app.screen, PlayerScreen | FeedbackScreen):
            if isinstance(app.screen, FeedbackScreen):
                await pilot.press("enter")
            else:
                await pilot.press(*best_keys(session_of(app)))
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("down", "down")  # select the second decision reviewed
        await pilot.pause()
        item = app.screen._focused_item()
        assert item is not None
        await pilot.press("f")
        await pilot.pause()
        assert deck.flags() == [("mini-pm", item.result.step_id)]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("h")  # the history shows the flag
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (
            f"⚑ Flagged (1; tutor drill --flagged plays them): mini-pm: {item.result.step_id}"
            in (screen_text(app.screen))
        )
    store.close()
