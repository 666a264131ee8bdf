"""The self-assessment quiz: assembly across the library, answering, and `tutor quiz --plain`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Tag
from tutor.core.library.library import load_algorithm
from tutor.core.play.quiz import QuizSession, assemble_quiz, expert_path

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]


def test_expert_path_carries_what_was_revealed_before_each_step() -> None:
    items = expert_path(CASE, ALGORITHM)
    assert [i.step.id for i in items] == ["workup", "first-line", "dose"]  # no detour
    assert items[2].revealed_before[0].text == "Eight weeks later CK is still high."
    assert items[0].revealed_before == ()


def test_assembly_is_seeded_and_filters_by_tag() -> None:
    first = assemble_quiz([CASE], count=2, seed=5)
    again = assemble_quiz([CASE], count=2, seed=5)
    assert [i.step.id for i in first] == [i.step.id for i in again]
    assert len(assemble_quiz([CASE], count=50, seed=1)) == 3
    assert assemble_quiz([CASE], count=5, tags=[Tag.ILD], seed=1) == []


def test_quiz_session_scores_every_item_once() -> None:
    session = QuizSession(expert_path(CASE, ALGORITHM), ALGORITHM, shuffle=False)
    session.choose([1])
    assert session.revealed == []
    session.choose([1, 2])
    assert [r.text for r in session.revealed] == ["Eight weeks later CK is still high."]
    session.answer_number(0.75)
    assert session.finished
    totals = session.totals()
    assert (totals.points, totals.path_max) == (4.0, 4.0)
    assert all(r.reveals == () for r in session.results)


def test_empty_quiz_is_refused() -> None:
    with pytest.raises(ValueError):
        QuizSession([], ALGORITHM)


def test_quiz_plain_from_a_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "quiz", "--plain", "--count", "4", "--seed", "3"],
        input="1\n" * 10,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Self-assessment quiz: 4 questions")
    assert result.stdout.count("CASE: ") >= 1
    assert "RESULTS" in result.stdout and "Safety:" in result.stdout


def test_quiz_usage_errors() -> None:
    for args in (["--tags", "XYZ"], ["--count", "0"]):
        result = subprocess.run(
            [sys.executable, "-m", "tutor", "quiz", "--plain", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2, args
