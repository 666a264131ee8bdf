"""Snapshots of the screens whose layout matters. Deterministic: a fixed case, seed and size.

They depend on Textual's rendering (pinned to 8.2.x in pyproject.toml): after a Textual upgrade,
look at the differences and refresh them with `pytest tests/ui --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import SIZE

from tutor.ui.app import TutorApp, make_app


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    (tmp_path / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    return tmp_path


def fixed_app(folder: Path, **options) -> TutorApp:
    return make_app(paths=[folder], seed=1, clock=lambda: 0.0, **options)


def test_library_snapshot(snap_compare, library_folder: Path) -> None:
    assert snap_compare(fixed_app(library_folder), terminal_size=SIZE)


def test_decision_snapshot(snap_compare, library_folder: Path) -> None:
    # The select-all decision, with one option marked and confidence recorded.
    keys = ["enter", "2", "enter", "enter", "2", "enter", "enter", "3", "u"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=SIZE)


def test_feedback_snapshot(snap_compare, library_folder: Path) -> None:
    # A harmful first choice: verdict, safety warning, the key, the algorithm and citations.
    keys = ["enter", "2", "enter"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=SIZE)


def test_results_snapshot(snap_compare, library_folder: Path) -> None:
    keys = ["enter", "2", "enter", "enter", "2", "enter", "enter"]
    keys += ["2", "3", "s", "enter", "enter", *"0.75", "enter", "enter"]
    assert snap_compare(fixed_app(library_folder), press=keys, terminal_size=SIZE)
