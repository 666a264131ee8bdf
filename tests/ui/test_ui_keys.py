"""The key contract, the screens a decision leads to, the exam clock and the help."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from textual.binding import Binding
from textual.widgets import OptionList
from ui_helpers import SEED, SIZE, best_keys, flat, screen_text, session_of, visible_lines

import tutor.ui
from tutor.core.algorithm.scoring_types import StepResult
from tutor.core.library.library import load_library
from tutor.core.play.describe import DISCLAIMER, format_reference
from tutor.core.play.session import Session
from tutor.core.progress.store import Store
from tutor.ui.app import TutorApp, make_app
from tutor.ui.screens.algorithm import AlgorithmScreen, AlgorithmTree
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.screens.options import OptionsScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.problems import ProblemsScreen
from tutor.ui.screens.references import ReferencesScreen
from tutor.ui.screens.results import ResultsScreen
from tutor.ui.widgets.keybar import KeyBar


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    return path


def mini_app(path: Path, **options) -> TutorApp:
    return make_app(paths=[path], case="mini-pm", seed=SEED, **options)


def ui_bindings() -> list[tuple[str, Binding]]:
    found = []
    for module in pkgutil.walk_packages(tutor.ui.__path__, "tutor.ui."):
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    found.append((f"{name}:{binding.key}", binding))
    return found


# ------------------------------------------------------------------------- library


async def test_library_lists_cases_moves_with_j_k_and_opens_with_enter() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = flat("\n".join(visible_lines(app)))
        first_sentence = DISCLAIMER.split(". ")[0]
        assert first_sentence in shown, "the educational-use notice is visible at once"
        cases = app.screen.query_one("#cases", OptionList)
        assert cases.highlighted == 0
        await pilot.press("j")
        assert cases.highlighted == 1
        await pilot.press("k", "down")
        assert cases.highlighted == 1
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert session_of(app).case.id == app.library.cases[0].model.id


async def test_library_shows_title_tags_difficulty_minutes_and_failed_cases(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        MINIMAL_CASE.replace("id: mini-pm", "id: bad-pm").replace("minutes: 5", "minutes: -5"),
        encoding="utf-8",
    )
    app = make_app(paths=[tmp_path], seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app.screen)
        assert "A small polymyositis case" in text
        assert "PM" in text and "introductory · about 5 min" in text
        assert "Cannot be played: " in text and "bad.yaml" in text
        failed = app.library.failed[0]
        assert str(failed.diagnostics[0]) in text
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert str(failed.diagnostics[0]) in screen_text(app.screen)
        await pilot.press("escape", "m")
        assert app.mode == "exam"
        assert "Exam mode" in screen_text(app.screen)


async def test_q_in_the_library_quits_at_once() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# ------------------------------------------------------------------------- leaving a case


async def test_q_asks_before_abandoning_a_case(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert visible_lines(app)[-1].split() == ["y", "Yes", "n", "No"], "the dialog's keys"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.is_running
        assert "↵ Submit" in visible_lines(app)[-1]
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_c_without_a_selection_quits_as_q_does(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running, "asks, in a case"
        await pilot.press("ctrl+c")  # pressed again while asking: still the one question
        await pilot.pause()
        assert len(app.screen_stack) == 3 and isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    library = make_app(seed=SEED)
    async with library.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert library.return_code == 0 and not library.is_running


async def test_quit_from_the_command_palette_asks_too(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.run_action("quit")  # what the palette's Quit runs
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running


async def test_escape_goes_back_to_the_library_after_asking(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # Esc on the question means no
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.attempt is None


# ------------------------------------------------------------------------- answering


async def test_enter_without_a_choice_explains_instead_of_submitting(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not session_of(app).results
        assert "Choose an option with 1-9" in screen_text(app.screen)
        await pilot.press("9")
        assert "There is no option 9; choose 1-3." in screen_text(app.screen)


async def test_select_all_with_space_and_an_explicit_none(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        await pilot.press(*best_keys(session))  # the work-up: biopsy
        await pilot.pause()
        await pilot.press("enter")  # continue after the feedback
        await pilot.pause()
        assert session.current.kind == "multiple"
        choices = app.screen.query_one("#choices", OptionList)
        await pilot.press("down", "space")
        assert str(choices.get_option_at_index(0).prompt).startswith("[x] 1.")
        await pilot.press("space")  # unmark
        assert str(choices.get_option_at_index(0).prompt).startswith("[ ] 1.")
        await pilot.press("enter")
        await pilot.pause()
        assert len(session.results) == 1, "an empty answer needs a second Enter"
        assert "Nothing is selected" in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert session.results[-1].answer_text == "(nothing selected)"
        assert isinstance(app.screen, FeedbackScreen)


async def test_a_number_and_enter_arriving_together_are_taken_in_order(mini: Path) -> None:
    """Keys read in one go from the terminal (fast typing, a script, tmux send-keys): the pick
    must not be overtaken by Enter, whose binding has priority."""
    from textual import events

    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        keys = best_keys(session)
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert session.results[0].verdict.value == "preferred"


async def test_a_bad_number_is_explained_inline_and_can_be_corrected(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        while session.current.kind != "numeric":
            await pilot.press(*best_keys(session))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press(*"60 mg", "enter")
        await pilot.pause()
        text = screen_text(app.screen)
        assert "'mg' is a different unit" in text
        assert isinstance(app.screen, PlayerScreen) and app.is_running
        app.screen.query_one("#number").value = ""
        await pilot.press(*"lots", "enter")
        assert "Enter a number in mg/kg/day" in screen_text(app.screen)
        app.screen.query_one("#number").value = ""
        await pilot.press(*"0,75", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert session.results[-1].response.value == 0.75


async def test_the_mouse_marks_an_option_and_submits_with_the_button(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        await pilot.click("#choices", offset=(4, 1))
        await pilot.pause()
        assert not session.results, "a click marks; it does not submit"
        assert app.screen.query_one("#choices", OptionList).highlighted == 1
        await pilot.click("#submit")
        await pilot.pause()
        assert len(session.results) == 1
        written = session.option_order(session.case.steps[0])[1]
        assert session.results[0].response.choices == (written,)


async def test_the_key_bar_shows_the_keys_of_the_step_and_a_click_presses_one(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        bottom = visible_lines(app)[-1]
        for shown in ("↵ Submit", "1-9 Choose", "s u g Confidence", "? Help", "q Quit"):
            assert shown in bottom
        assert "Mark" not in bottom, "space marks options only on select-all steps"
        await pilot.press(*best_keys(session)[:-1])  # choose, but do not submit
        bar = app.screen.query_one(KeyBar)
        submit = visible_lines(app)[-1].index("Submit")
        await pilot.hover(bar, offset=(submit, 0))
        assert bar.tooltip is not None and "Submit the answer" in str(bar.tooltip)
        await pilot.click(bar, offset=(submit, 0))
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen) and len(session.results) == 1
        assert "↵ Continue" in visible_lines(app)[-1]
        await pilot.press("enter")
        await pilot.pause()
        while session.current.kind != "numeric":
            await pilot.press(*best_keys(session))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        bottom = visible_lines(app)[-1]
        assert "Choose" not in bottom and "Confidence" not in bottom, "digits go to the number"
        shown = flat(" ".join(visible_lines(app)))
        assert "type sure, unsure or guessing after the number" in shown
        assert "s sure" not in shown, "s types into the number field: no key is offered"


# ------------------------------------------------------------------------- from feedback


async def test_feedback_opens_the_algorithm_node_and_the_full_references(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        await pilot.press(*best_keys(session))
        await pilot.pause()
        result = session.results[0]
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AlgorithmScreen)
        tree = app.screen.query_one(AlgorithmTree)
        assert tree.cursor_node is not None and tree.cursor_node.data is result.node
        text = screen_text(app.screen)
        for advice in result.node.preferred:
            assert advice.therapy.label in text
        await pilot.press("escape", "r")
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen)
        text = flat(screen_text(app.screen))
        for ref_id in result.citations:
            reference = app.library.references[ref_id]
            assert f"[{reference.label}]" in text
            assert flat(format_reference(reference)) in text
            assert f"Kind: {reference.kind}" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)


async def test_every_option_is_explained_one_key_after_the_answer(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        await pilot.press(*best_keys(session))
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, OptionsScreen)
        text = flat(screen_text(app.screen))
        step = session.case.step(session.results[0].step_id)
        for option in step.options:
            assert flat(option.text) in text and flat(option.feedback) in text
        assert "(your choice)" in text and "1 of 1 point" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)


async def test_results_keys_reach_each_decision(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = session_of(app)
        while not session.finished:
            await pilot.press(*best_keys(session))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("j")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AlgorithmScreen)
        assert app.screen.query_one(AlgorithmTree).cursor_node.data is session.results[0].node
        await pilot.press("escape", "down", "r")
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen)
        assert app.screen.heading == "References for decision 2"
        await pilot.press("escape", "end")
        await pilot.pause()
        pane = app.screen.query_one("#results-body")
        assert pane.scroll_y == pane.max_scroll_y
        assert app.screen.focused.number == len(session.results)
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0 and app.screen.focused is None


# ------------------------------------------------------------------------- exam clock


async def test_exam_countdown_ends_the_attempt_and_shows_what_was_answered(mini: Path) -> None:
    now = [1000.0]
    app = mini_app(mini, mode="exam", time_limit=1, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Exam · 1:00 left" in screen_text(app.screen)
        session = session_of(app)
        await pilot.press(*best_keys(session))
        await pilot.pause()
        now[0] += 30.5
        app.tick()
        assert "Exam · 0:30 left" in screen_text(app.screen)
        now[0] += 30
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = flat(screen_text(app.screen))
        assert "Time ran out: 1 decision answered" in text
        assert len(session.results) == 1
        assert "You chose:" in text, "exam results show the feedback"
        assert app.is_running


# ------------------------------------------------------------------------- help and commands


async def test_help_is_generated_from_the_active_bindings(mini: Path) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        player = app.screen
        ours = [
            active.binding
            for active in player.active_bindings.values()
            if active.enabled and active.binding.description
        ]
        expected = [b.tooltip or b.description for b in ours if b.id is not None]
        internal = [b.description for b in ours if b.id is None]
        assert "Copy selected text" in internal, "Textual's own bindings are active here"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app.screen)
        for description in expected:
            assert description in text
        for description in internal:  # Focus Next, Scroll Left, Copy selected text ...
            assert description not in text.splitlines()
        assert "1-9" in text and "Ctrl+P" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is player


def test_every_binding_has_a_description_and_an_id() -> None:
    bindings = ui_bindings()
    assert len(bindings) > 20
    for where, binding in bindings:
        assert binding.description, where
        assert binding.id, where


async def test_the_command_palette_offers_the_actions_without_a_key() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Case library", "Algorithm", "All references", "Switch mode"} <= titles
        await pilot.press("ctrl+p", *"All references")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen)
        assert len(app.screen.ids) == len(load_library().references)


# ------------------------------------------------------------------------- the session factory


class RecordingLog:
    """An AttemptLog (tutor.core.play.session) that remembers what it was told."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.finishes = 0

    def answered(self, session: Session, result: StepResult, seconds: float) -> None:
        self.steps.append(result.step_id)

    def finished(self, session: Session) -> None:
        self.finishes += 1


async def test_sessions_come_from_the_factory_so_a_store_can_log_them(mini: Path) -> None:
    """The seam the progress store plugs into: the app never builds a Session itself."""
    log = RecordingLog()
    made: list[Session] = []

    def factory(case, algorithm, seed) -> Session:
        made.append(Session(case, algorithm, seed=seed, log=log))
        return made[-1]

    app = mini_app(mini, session_factory=factory, store=Store.open(mini.parent / "data"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert made and session_of(app) is made[0]
        while not session_of(app).finished:
            await pilot.press(*best_keys(session_of(app)))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
    assert log.steps == [r.step_id for r in made[0].results]
    assert log.finishes == 1


async def test_the_references_screen_lists_each_sources_kind_and_the_papers_it_cites(
    mini: Path,
) -> None:
    app = mini_app(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_references(["oracle-antibody-2025", "isn-rituximab-2014"], "Some references")
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen)
        text = flat(screen_text(app.screen))
        assert "[004 Dr.Oracle 2025]" in text and "[oracle-antibody-2025]" not in text
        assert "Kind: guideline-style summary." in text
        assert (
            "Cites: [001: Autoimmunity Reviews 2011], [004: Praxis Medical Insights 2025]." in text
        )
        assert "[000: Rheumatology 2014]" in text
        assert "Kind: primary paper, cited in [000 sclero.org 2017]." in text
        assert "5f618ce1a7719c8e" not in text, "the label, not the file name"
