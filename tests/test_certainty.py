"""Certainty-based marks (Gardner-Medwin / Moodle): +3/+2/+1 right, -6/-2/0 wrong."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Confidence
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Verdict
from tutor.core.library.library import load_algorithm
from tutor.core.play.session import Session
from tutor.core.progress.certainty import CertaintyMarks, mark, marks_of
from tutor.plain import LineTutor

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model


@pytest.mark.parametrize(
    ("confidence", "right", "wrong"),
    [(Confidence.sure, 3, -6), (Confidence.unsure, 2, -2), (Confidence.guessing, 1, 0)],
)
def test_marks_by_level(confidence: Confidence, right: int, wrong: int) -> None:
    assert mark(Verdict.preferred, False, confidence) == right
    assert mark(Verdict.acceptable, False, confidence) == right  # a supported answer is right
    assert mark(Verdict.suboptimal, False, confidence) == wrong
    assert mark(Verdict.harmful, True, confidence) == wrong


def test_an_unmarked_answer_counts_as_guessing_or_as_the_learner_chooses() -> None:
    assert mark(Verdict.preferred, False, None) == 1
    assert mark(Verdict.suboptimal, False, None, Confidence.sure) == -6


def test_totals_and_calibration_line() -> None:
    marks = CertaintyMarks()
    for verdict in (Verdict.preferred, Verdict.preferred, Verdict.suboptimal):
        marks.add(verdict, False, Confidence.sure)
    marks.add(Verdict.preferred, False, Confidence.guessing)
    marks.add(Verdict.preferred, False, None)
    assert (marks.total, marks.maximum) == (3 + 3 - 6 + 1 + 1, 15)
    assert marks.line() == (
        "Certainty-based marks: +2 of a possible 15 (0.40 an answer; "
        "1 unmarked counted as guessing)."
    )
    line = marks.calibration_line()
    assert "sure 2 of 3 right (67%; pays above 80%)" in line
    assert "guessing 2 of 2 right (100%; pays below 67%)" in line
    assert "you were overconfident when sure" in line
    assert "you could have been surer when guessing" in line


def test_line_mode_results_show_the_marks_beside_score_and_safety() -> None:
    session = Session(CASE, load_algorithm()[0], shuffle=False)
    feed = iter(["2 sure", "1", "1 2 unsure", "0.75 guessing"])
    out = StringIO()
    assert LineTutor(session, {}, lambda: next(feed, None), out).run() == 0
    text = " ".join(out.getvalue().split())
    results = text[text.index("RESULTS") :]
    assert results.index("Score:") < results.index("Safety:") < results.index("Certainty-based")
    expected = marks_of(session.results)
    assert expected.total == -6 + 1 + 2 + 1  # the unmarked detour counts as guessing
    assert f"Certainty-based marks: {expected.total:+d} of a possible 12" in results
    assert "Calibration: sure 0 of 1 right" in results
