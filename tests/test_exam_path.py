"""Exam mode: an option's own reveal and a wrong answer's detour wait for the end; the step's
own reveal and a sound answer's branch are played as in practice."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.library.library import load_algorithm
from tutor.core.play.session import Session

ALGORITHM = load_algorithm()[0]
# The harmful option of 'workup' says what follows it, and leads to the detour.
TEXT = MINIMAL_CASE.replace(
    "        feedback: Antibody therapy before a diagnosis.\n",
    "        feedback: Antibody therapy before a diagnosis.\n"
    "        reveal:\n          text: The pharmacist refuses the rituximab order.\n",
).replace(
    "    next: first-line\n  - id: detour",
    "    next: first-line\n    reveal:\n      text: The work-up is arranged.\n  - id: detour",
)
CASE: Case = parse_text(TEXT, Path("mini.yaml"), Case)[0].model


def _answer(exam: bool, option: int) -> tuple[Session, list[str]]:
    session = Session(CASE, ALGORITHM, seed=1, exam=exam)
    result = session.submit(Response("workup", (option,)))
    return session, [r.text for r in result.reveals]


def test_practice_plays_the_consequence_and_the_detour() -> None:
    session, shown = _answer(False, 1)
    assert shown == ["The pharmacist refuses the rituximab order.", "The work-up is arranged."]
    assert session.current is not None and session.current.id == "detour"


def test_an_exam_holds_back_the_consequence_and_keeps_to_the_main_line() -> None:
    session, shown = _answer(True, 1)
    assert shown == ["The work-up is arranged."]
    assert session.current is not None and session.current.id == "first-line"
    assert [r.text for r in session.revealed] == ["The work-up is arranged."]
    # The answer is still scored as harmful; the verdict waits for the end.
    assert session.results[0].harmful_choices


def test_an_exam_follows_a_sound_answers_branch() -> None:
    case = parse_text(
        TEXT.replace(
            "        verdict: preferred\n        feedback: Confirms the diagnosis.\n",
            "        verdict: preferred\n        feedback: Confirms the diagnosis.\n"
            "        next: dose\n",
        ),
        Path("mini.yaml"),
        Case,
    )[0].model
    session = Session(case, ALGORITHM, seed=1, exam=True)
    session.submit(Response("workup", (0,)))
    assert session.current is not None and session.current.id == "dose"


def test_an_exam_recorded_along_a_detour_still_replays() -> None:
    # Before exams kept to the main line, a harmful answer led an exam into the detour; the
    # answers recorded there must still bring the attempt back, never lose it.
    session = Session(CASE, ALGORITHM, seed=1, exam=True)
    session.replay([Response("workup", (1,)), Response("detour", (0,))])
    assert [r.step_id for r in session.results] == ["workup", "detour"]
    assert session.current is not None and session.current.id == "first-line"
    # Newly answered, the same exam skips it.
    fresh = Session(CASE, ALGORITHM, seed=1, exam=True)
    fresh.replay([Response("workup", (1,))])
    assert fresh.current is not None and fresh.current.id == "first-line"
