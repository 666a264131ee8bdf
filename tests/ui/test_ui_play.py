"""Play every bundled case to the results screen, in practice and exam mode, through the keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import (
    SEED,
    SIZE,
    best_keys,
    bundled_paths,
    flat,
    screen_text,
    session_of,
    visible_lines,
    worst_keys,
)

from tutor.core.cases.model import NumericStep
from tutor.core.library.library import load_library
from tutor.core.play.describe import cited, result_headline, safety_line, score_line
from tutor.ui.app import make_app
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.results import ResultsScreen

SMALL = (80, 24)


@pytest.fixture(params=[*(p.name for p in bundled_paths()), "minimal"])
def case_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "minimal":
        path = tmp_path / "mini.yaml"
        path.write_text(MINIMAL_CASE, encoding="utf-8")
        return path
    return next(p for p in bundled_paths() if p.name == request.param)


def open_app(path: Path, **options):
    library = load_library([path])
    assert library.cases, [str(d) for f in library.failed for d in f.diagnostics]
    return make_app(library, paths=[path], case=library.cases[0].model.id, seed=SEED, **options)


async def test_practice_mode_shows_feedback_after_every_decision(case_path: Path) -> None:
    app = open_app(case_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        while not session.finished:
            assert isinstance(app.screen, PlayerScreen)
            await pilot.press(*best_keys(session))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen), "practice mode gives feedback"
            result = session.results[-1]
            text = flat(screen_text(app.screen))
            assert result_headline(result) in text
            assert result.verdict.value == "preferred"
            assert "Citations: " + cited(result.citations, app.library.references) in text
            if result.node is not None:
                assert result.node.title in text
            for note in result.sources_differ:
                assert flat(note.note) in text
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        totals = session.totals()
        text = flat(screen_text(app.screen))
        assert score_line(totals) in text
        assert totals.points == totals.path_max, "the best answers earn every point"
        assert safety_line(totals) == "Safety: no harmful choices."
        assert safety_line(totals) in text
        for result in session.results:
            assert cited(result.citations, app.library.references) in text
        await pilot.press("enter", "enter")  # an Enter too many does not lose the results
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "LibraryScreen"
        assert app.return_code is None, "still running"


async def test_exam_mode_at_80x24_holds_feedback_back_until_the_results(case_path: Path) -> None:
    """Also the small-terminal check: every decision and every option can be seen at 80x24."""
    app = open_app(case_path, mode="exam")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        session = session_of(app)
        answered = 0
        while not session.finished:
            assert isinstance(app.screen, PlayerScreen), "no feedback between exam questions"
            shown = "\n".join(visible_lines(app))
            assert "Exam" in shown and f"Decision {session.step_number}" in shown
            await assert_options_can_be_seen(pilot, app)
            await pilot.press(*worst_keys(session))
            await pilot.pause()
            assert len(session.results) == answered + 1, "each answer is taken once, and kept"
            answered += 1
        assert isinstance(app.screen, ResultsScreen)
        totals = session.totals()
        assert score_line(totals) in "\n".join(visible_lines(app))
        text = flat(screen_text(app.screen))
        assert score_line(totals) in text
        assert safety_line(totals) in text
        assert totals.harmful, "the worst answers include harmful ones"
        numbers = {r.step_id: n for n, r in reversed(list(enumerate(session.results, 1)))}
        for step_id, choice in totals.harmful:
            assert f"Harmful choice at decision {numbers[step_id]}: {flat(choice)}" in text
        for result in session.results:
            assert result_headline(result) in text
            for item in result.feedback:
                assert flat(item.text) in text, "all the feedback is shown at the end"
            assert cited(result.citations, app.library.references) in text


async def assert_options_can_be_seen(pilot, app) -> None:
    """Each option's start is on screen, or comes into view when its number is pressed."""
    session = session_of(app)
    step = session.current
    if isinstance(step, NumericStep):
        assert f"enter a number in {step.numeric.unit}" in "\n".join(visible_lines(app))
        return
    for number, index in enumerate(session.option_order(step), start=1):
        start = f"{number}. {step.options[index].text[:30]}"
        if start not in "\n".join(visible_lines(app)):
            await pilot.press(str(number))  # scrolls the list to it
            assert start in "\n".join(visible_lines(app)), start
            if step.kind == "multiple":
                await pilot.press(str(number))  # unmark it again
    app.screen.query_one("#choices").highlighted = None


async def test_confidence_marks_reach_the_calibration(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        marks = iter(["s", "u"])
        while not session.finished:
            keys = best_keys(session)
            if session.current.kind == "numeric":
                # In the number field letters are typed; the confidence word goes after it.
                keys = [*keys[:-1], *" sure", "enter"]
                await pilot.press(*keys)
            else:
                await pilot.press(next(marks), *keys)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        levels = [r.response.confidence.value for r in session.results]
        assert levels == ["sure", "unsure", "sure"]  # single, select-all, numeric
        text = screen_text(app.screen)
        assert "Confidence against correctness" in text
        assert "sure: 2 of 2 correct" in text


async def test_a_mark_pressed_twice_is_taken_back(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "s", *best_keys(session_of(app)))
        await pilot.pause()
        assert session_of(app).results[0].response.confidence is None
