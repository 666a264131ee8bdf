"""Snapshots of the screens whose layout matters, at 80x24 (most terminals' default) and 60x20.
Deterministic: a fixed case, seed and size.

They depend on Textual's rendering (pinned to 8.2.x in pyproject.toml): after a Textual upgrade,
look at the differences and refresh them with `pytest tests/ui --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import best_keys, bundled_paths, session_of

from tutor.ui.app import TutorApp, make_app

SIZES = [(80, 24), (60, 20)]
sizes = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
LONG_CASE = "refractory-polymyositis.yaml"  # decision 2: seven options to select from


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    (tmp_path / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    return tmp_path


def fixed_app(folder: Path, **options) -> TutorApp:
    return make_app(paths=[folder], seed=1, clock=lambda: 0.0, **options)


def long_case_app() -> TutorApp:
    path = next(p for p in bundled_paths() if p.name == LONG_CASE)
    return make_app(paths=[path], case="refractory-polymyositis", seed=1, clock=lambda: 0.0)


async def to_the_long_decision(pilot) -> None:
    """Past decision 1 (its best answer and its feedback) to the long select-all decision."""
    await pilot.pause()
    await pilot.press(*best_keys(session_of(pilot.app)), "enter")
    await pilot.pause()


@sizes
def test_library_snapshot(snap_compare, library_folder: Path, size) -> None:
    assert snap_compare(fixed_app(library_folder), terminal_size=size)


@sizes
def test_long_decision_snapshot(snap_compare, size) -> None:
    # Seven options: at 60x20 some are below the fold, and a "more" line says so.
    assert snap_compare(long_case_app(), run_before=to_the_long_decision, terminal_size=size)


@sizes
def test_long_decision_highlighted_below_the_fold_snapshot(snap_compare, size) -> None:
    # The last option highlighted: it is scrolled into view, and the line says what is above.
    keys = ["end"]
    assert snap_compare(
        long_case_app(), run_before=to_the_long_decision, press=keys, terminal_size=size
    )


@sizes
def test_empty_select_all_snapshot(snap_compare, size) -> None:
    # Enter with nothing marked: the whole hint is shown, with every option still reachable.
    assert snap_compare(
        long_case_app(), run_before=to_the_long_decision, press=["enter"], terminal_size=size
    )


@sizes
def test_select_all_snapshot(snap_compare, library_folder: Path, size) -> None:
    # The select-all decision, with one option marked and confidence recorded.
    keys = ["enter", "2", "enter", "enter", "2", "enter", "enter", "3", "u"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=size)


@sizes
def test_dose_snapshot(snap_compare, library_folder: Path, size) -> None:
    # The dose question, a number half typed: the confidence words are typed after it.
    keys = ["enter", "2", "enter", "enter", "2", "enter", "enter"]
    keys += ["2", "3", "s", "enter", "enter", *"0.7"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=size)


@sizes
def test_feedback_snapshot(snap_compare, library_folder: Path, size) -> None:
    # A harmful first choice: verdict, safety warning, the key, the algorithm and citations.
    keys = ["enter", "2", "enter"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=size)


@sizes
def test_results_snapshot(snap_compare, library_folder: Path, size) -> None:
    keys = ["enter", "2", "enter", "enter", "2", "enter", "enter"]
    keys += ["2", "3", "s", "enter", "enter", *"0.75", "enter", "enter"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=size)
