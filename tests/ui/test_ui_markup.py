"""Case text is untrusted: markup in it must show literally and do nothing, on every screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from textual.content import Content
from textual.widgets import OptionList, Static
from ui_helpers import SEED, SIZE, flat, screen_text, session_of, shown_numbers, visible_lines

from tutor.ui.app import make_app
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.problems import ProblemsScreen
from tutor.ui.screens.references import ReferencesScreen
from tutor.ui.screens.results import ResultsScreen

EVIL = "[/] [red]x[/red] [link=http://x]y[/link] [@click=app.quit]z"


def evil(label: str) -> str:
    return f"{label} {EVIL}"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_CASE = (
    MINIMAL_CASE.replace("title: A small polymyositis case", f"title: {quoted(evil('Title'))}")
    .replace("summary: Work-up, then", f"summary: {quoted(evil('Summary'))} #")
    .replace("presentation: A 50-year-old", f"presentation: {quoted(evil('Story'))} #")
    .replace(
        "    - name: CK\n      value: 4000", f"    - name: {quoted(evil('CK'))}\n      value: 4000"
    )
    .replace("prompt: What next?", f"prompt: {quoted(evil('Prompt'))}")
    .replace("- text: Muscle biopsy", f"- text: {quoted(evil('Biopsy'))}")
    .replace("- text: Start rituximab now", f"- text: {quoted(evil('Rituximab'))}")
    .replace("feedback: Antibody therapy before a diagnosis.", f"feedback: {quoted(evil('Why'))}")
    .replace(
        "        feedback: Confirms the diagnosis.\n        cite: [oracle-antibody-2025]",
        f"        feedback: {quoted(evil('Confirms'))}\n        cite: [evil-ref]",
    )
    .replace("text: Eight weeks later CK is still high.", f"text: {quoted(evil('Later'))}")
    .replace("- note: Sources give", f"- note: {quoted(evil('Note'))} #")
    .replace("unit: mg/kg/day", f"unit: {quoted(evil('mg/kg/day'))}")
)

HOSTILE_REFERENCES = f"""\
references:
  - id: evil-ref
    title: {quoted(evil("Reference"))}
    publisher: {quoted(evil("Publisher"))}
    year: 2024
    source: evil.txt
"""

BROKEN_CASE = MINIMAL_CASE.replace("id: mini-pm", "id: broken-pm").replace(
    "difficulty: introductory", 'difficulty: introductory\n"[@click=app.quit]z": 1'
)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    (tmp_path / "evil.yaml").write_text(HOSTILE_CASE, encoding="utf-8")
    (tmp_path / "references.yaml").write_text(HOSTILE_REFERENCES, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN_CASE, encoding="utf-8")
    return tmp_path


def assert_literal(app, *labels: str) -> None:
    """Each label, followed by the hostile text, is held and shown character for character."""
    text = flat(screen_text(app.screen))
    for label in labels:
        assert evil(label) in text, label
    assert app.is_running
    for widget in app.screen.query("*"):
        contents = []
        if isinstance(widget, Static) and isinstance(widget.visual, Content):
            contents.append(widget.visual)
        if isinstance(widget, OptionList):
            contents.extend(o.prompt for o in widget.options if isinstance(o.prompt, Content))
        for content in contents:
            for span in content.spans:
                style = str(span.style)
                assert "@click" not in style and "link" not in style, (widget, style)
                assert "red" not in style, "case text cannot pick a colour"


async def test_markup_in_case_text_is_shown_literally_on_every_screen(
    hostile_folder: Path,
) -> None:
    app = make_app(paths=[hostile_folder], seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.library.cases and app.library.failed
        assert isinstance(app.screen, LibraryScreen)
        assert_literal(app, "Title", "Summary")
        assert "unknown field '[@click=app.quit]z'" in screen_text(app.screen)
        assert any(evil("Title") in line for line in visible_lines(app))

        # The broken file: its diagnostics quote the hostile key, literally.
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "'[@click=app.quit]z'" in screen_text(app.screen)
        await pilot.press("escape", "k", "enter")
        await pilot.pause()

        assert isinstance(app.screen, PlayerScreen)
        assert_literal(app, "Story", "CK", "Prompt", "Biopsy", "Rituximab")
        assert any("[@click=app.quit]z" in line for line in visible_lines(app))
        await pilot.click("#topbar")  # clicking the hostile title does nothing
        await pilot.click("#prompt")
        assert app.is_running

        session = session_of(app)
        step = session.current
        harmful = next(i for i, o in enumerate(step.options) if o.verdict.value == "harmful")
        (number,) = shown_numbers(session, step, [harmful])
        await pilot.click("#choices", offset=(4, number - 1))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert_literal(app, "Rituximab", "Why", "Biopsy", "Confirms")

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen)
        assert_literal(app, "Reference", "Publisher")
        await pilot.press("escape", "enter")
        await pilot.pause()

        saw_note = saw_reveal = False
        while not session.finished:
            assert isinstance(app.screen, PlayerScreen)
            if session.revealed:
                assert_literal(app, "Later")
                saw_reveal = True
            numeric = session.current.kind == "numeric"
            if numeric:
                assert_literal(app, "mg/kg/day")
            await pilot.press(*([*"0.75", "enter"] if numeric else ["1", "enter"]))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            if session.results[-1].sources_differ:
                assert_literal(app, "Note")
                saw_note = True
            await pilot.press("enter")
            await pilot.pause()
        assert saw_note and saw_reveal
        assert isinstance(app.screen, ResultsScreen)
        assert_literal(app, "Prompt", "Rituximab")
        text = flat(screen_text(app.screen))
        assert f"Harmful choice at decision 1: {evil('Rituximab')}" in text
        assert app.is_running


async def test_markup_in_case_text_is_literal_in_history_statistics_and_the_quiz(
    hostile_folder: Path, tmp_path: Path
) -> None:
    from tutor.core.play.quiz import QuizSession, expert_path
    from tutor.core.progress.store import Store
    from tutor.ui.screens.confirm import ConfirmScreen
    from tutor.ui.screens.history import HistoryScreen
    from tutor.ui.screens.statistics import StatisticsScreen

    app = make_app(paths=[hostile_folder], seed=SEED, store=Store.open(tmp_path / "data"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1", "enter", "enter", "escape", "y")  # one answer, kept
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "In progress" in screen_text(app.screen)
        assert_literal(app, "Title")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert_literal(app, "Title")
        await pilot.press("escape")
        app.show_history(None, "all cases")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert_literal(app, "Title")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert_literal(app, "Title", "Prompt")
        await pilot.press("escape", "escape", "s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        chart = app.screen.query_one("#stats-chart", Static).visual
        assert isinstance(chart, Content) and evil("Title")[:20] in chart.plain
        assert app.is_running

    library = app.library
    session = QuizSession(expert_path(library.cases[0].model, library.algorithm), shuffle=False)
    quiz = make_app(library, seed=SEED, mode="exam", quiz=session)
    async with quiz.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_literal(quiz, "Story", "Prompt")
        while not session.finished:
            numeric = session.current.kind == "numeric"
            await pilot.press(*([*"0.75", "enter"] if numeric else ["1", "enter"]))
            await pilot.pause()
        assert isinstance(quiz.screen, ResultsScreen)
        assert_literal(quiz, "Prompt", "Title")
