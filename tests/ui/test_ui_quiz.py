"""`tutor quiz` full-screen: questions from the library in exam mode, each with its vignette."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from textual.widgets import Button
from ui_helpers import SIZE, best_keys, flat, screen_text

from tutor.cli import build_parser
from tutor.core.library.library import load_library
from tutor.core.play.describe import score_line
from tutor.core.play.quiz import QuizSession, assemble_quiz
from tutor.ui import app as app_module
from tutor.ui.app import TutorApp, make_app
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.results import ResultsScreen

SEED = 11


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    (tmp_path / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    return tmp_path


def quiz_app(folder: Path, count: int = 3, **options) -> tuple[TutorApp, QuizSession]:
    library = load_library([folder])
    items = assemble_quiz(
        library,
        library.read,
        count=count,
        seed=SEED,
        algorithm=library.algorithm,
    )
    session = QuizSession(items, library.algorithm, seed=SEED)
    options.setdefault("mode", "exam")
    return make_app(library, seed=SEED, quiz=session, **options), session


async def test_a_quiz_plays_to_its_results_with_each_question_in_its_vignette(mini: Path) -> None:
    app, session = quiz_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for number, item in enumerate(session.items, start=1):
            assert isinstance(app.screen, PlayerScreen)
            text = flat(screen_text(app.screen))
            assert f"Question {number} of 3" in text
            assert flat(item.step.prompt) in text
            assert flat(item.case.vignette.presentation) in text
            shown = "Eight weeks later CK is still high." in text
            assert shown == bool(item.revealed_before), "only what was revealed before it"
            await pilot.press(*best_keys(session))
            await pilot.pause()
            assert not isinstance(app.screen, FeedbackScreen), "exam mode: feedback at the end"
        assert isinstance(app.screen, ResultsScreen)
        text = flat(screen_text(app.screen))
        assert score_line(session.totals()) in text
        assert "Question 3:" in text and "From: A small polymyositis case" in text
        assert "Citations:" in text or "You chose:" in text, "exam results carry the feedback"
        assert str(app.screen.query_one("#to-library", Button).label) == "Done"
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0, "the results screen ends the quiz"


async def test_leaving_a_quiz_asks_and_says_answers_are_not_kept(mini: Path) -> None:
    app, _ = quiz_app(mini, count=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Leave the quiz? Your answers in it are not kept." in screen_text(app.screen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_practice_quiz_feedback_names_the_question_not_the_cases_decision(
    mini: Path,
) -> None:
    app, session = quiz_app(mini, mode="practice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for number in range(1, len(session.items) + 1):
            await pilot.press(*best_keys(session))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            text = flat(screen_text(app.screen))
            assert f"Feedback on question {number} · A small polymyositis case" in text
            assert "decision" not in text.split("·")[0]
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_the_quiz_countdown_ends_it(mini: Path) -> None:
    now = [0.0]
    app, session = quiz_app(mini, time_limit=1, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1:00 left" in screen_text(app.screen)
        await pilot.press(*best_keys(session))
        await pilot.pause()
        now[0] = 60.0
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Time ran out: 1 question answered" in flat(screen_text(app.screen))


def test_tutor_quiz_runs_the_quiz_app(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[TutorApp] = []
    monkeypatch.setattr(app_module.TutorApp, "run", lambda self: ran.append(self))
    args = build_parser().parse_args(
        ["quiz", "--count", "2", "--seed", "3", "--cases", str(mini), "--time-limit", "5"]
    )
    assert args.run(args) == 0
    (app,) = ran
    assert app.quiz is not None and len(app.quiz.items) == 2
    assert (app.mode, app.time_limit, app.store) == ("exam", 5, None)


async def test_the_library_palette_starts_a_quiz_and_leaving_it_goes_back(mini: Path) -> None:
    """The quiz without a command line (a browser under `tutor serve`): from the palette."""
    from tutor.ui.screens.library import LibraryScreen

    app = make_app(load_library([mini]), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+p", *"Self-assessment quiz")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.attempt is not None and app.attempt.quiz
        assert "Quiz · A small polymyositis case" in flat(screen_text(app.screen))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen), "back to the library, not out of the app"
    assert app.return_code is None
