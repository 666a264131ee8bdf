"""`tutor play` into the app: opening a case directly, failing before the app starts, --watch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import SIZE, best_keys, screen_text, session_of

from tutor.cli import build_parser
from tutor.launch import app_from_args, run_app
from tutor.ui.app import TutorApp
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.problems import ProblemsScreen

BROKEN = MINIMAL_CASE.replace("minutes: 5", "minutes: -5")


def play_args(*argv: str):
    return build_parser().parse_args(["play", *argv])


def rewrite(path: Path, text: str) -> None:
    """Change the file and make sure its modification time moves, as an editor's save does."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before, before + 1_000_000_000))


def test_an_unknown_case_exits_1_before_the_app_starts(capsys: pytest.CaptureFixture) -> None:
    assert run_app(play_args("no-such-case")) == 1
    err = capsys.readouterr().err
    assert "no case 'no-such-case' in the library" in err
    assert "refractory-polymyositis" in err, "the known cases are listed"


def test_an_invalid_case_file_prints_its_diagnostics_and_exits_1(
    write_case, capsys: pytest.CaptureFixture
) -> None:
    path = write_case(BROKEN)
    assert run_app(play_args(str(path))) == 1
    err = capsys.readouterr().err
    assert "case.yaml:9:10: minutes: must be greater than 0" in err


def test_watch_needs_a_case(capsys: pytest.CaptureFixture) -> None:
    assert run_app(play_args("--watch")) == 2
    assert "--watch needs a CASE" in capsys.readouterr().err


@pytest.mark.parametrize("how", ["id", "path"])
async def test_play_case_opens_the_player_directly(how: str, write_case) -> None:
    path = write_case()
    argv = ["mini-pm", "--cases", str(path.parent)] if how == "id" else [str(path)]
    app = app_from_args(play_args(*argv, "--seed", "1"))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert session_of(app).case.id == "mini-pm"
        assert session_of(app).seed == 1
        assert isinstance(app.screen_stack[0], LibraryScreen), "Esc leads to the library"


async def test_watch_reloads_shows_errors_on_screen_and_replays_the_answers(write_case) -> None:
    path = write_case()
    app = app_from_args(play_args(str(path), "--watch"))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*best_keys(session_of(app)), "enter")
        await pilot.pause()
        assert len(session_of(app).results) == 1

        rewrite(path, BROKEN)
        app.check_watch()
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app.screen)
        assert "minutes: must be greater than 0" in text
        assert "reloads by itself" in text
        assert app.is_running

        app.check_watch()  # nothing changed since: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)

        rewrite(path, MINIMAL_CASE.replace("What next?", "What now?"))
        app.check_watch()
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        session = session_of(app)
        assert len(session.results) == 1, "the answers given so far are replayed"
        await pilot.press("escape", "y")
        await pilot.pause()
        rewrite(path, MINIMAL_CASE)
        app.check_watch()
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert "What next?" in "".join(step.prompt for step in session_of(app).case.steps)


async def test_watch_starts_on_a_broken_file_and_waits_for_a_fix(write_case) -> None:
    path = write_case(BROKEN)
    app = app_from_args(play_args(str(path), "--watch"))
    assert isinstance(app, TutorApp), "with --watch, errors are shown on screen, not on exit"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "minutes: must be greater than 0" in screen_text(app.screen)
        rewrite(path, MINIMAL_CASE)
        app.check_watch()
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)


async def test_watch_on_a_file_name_that_is_not_utf8_shows_it_escaped(tmp_path: Path) -> None:
    # b"case-\xff.yaml": no encoding decodes it; Python holds it as a surrogate escape, which
    # cannot be drawn (UnicodeEncodeError) unless it passes the one sanitiser first.
    path = tmp_path / os.fsdecode(b"case-\xff.yaml")
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    app = app_from_args(play_args(str(path), "--watch"))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press(*best_keys(session_of(app)), "enter")
        await pilot.pause()
        rewrite(path, BROKEN)
        app.check_watch()
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app.screen)
        assert "case-\\xff.yaml" in text and "\udcff" not in text
        assert "minutes: must be greater than 0" in text
        await pilot.press("escape")
        await pilot.pause()
        shown = screen_text(app.screen)
        assert "\udcff" not in shown
        rewrite(path, MINIMAL_CASE)
        app.check_watch()
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert len(session_of(app).results) == 1, "the answers given so far are replayed"
        assert app.is_running
