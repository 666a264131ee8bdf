"""The session: shuffled but reproducible option order, answering by shown number, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.core.algorithm.scoring_types import Confidence, InvalidResponse
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case, NumericStep
from tutor.core.library.library import load_algorithm
from tutor.core.play.session import Session, SessionFinished

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]


def test_option_order_is_seeded_and_recorded() -> None:
    first = Session(CASE, ALGORITHM, seed=7)
    again = Session(CASE, ALGORITHM, seed=7)
    step = CASE.step("first-line")
    assert first.option_order(step) == again.option_order(step)
    orders = {tuple(Session(CASE, ALGORITHM, seed=s).option_order(step)) for s in range(20)}
    assert len(orders) > 1


def test_pinned_order_is_kept() -> None:
    text = MINIMAL_CASE.replace(
        "    prompt: Select all", "    pin_order: true\n    prompt: Select all"
    )
    case = parse_text(text, Path("x.yaml"), Case)[0].model
    for seed in range(10):
        assert Session(case, ALGORITHM, seed=seed).option_order(case.step("first-line")) == [
            0,
            1,
            2,
            3,
        ]


def test_choose_maps_shown_numbers_to_options() -> None:
    session = Session(CASE, ALGORITHM, seed=3)
    order = session.option_order(CASE.step("workup"))
    shown = order.index(0) + 1  # where "Muscle biopsy" was shown
    result = session.choose([shown], Confidence.sure)
    assert result.response.choices == (0,)
    assert result.points == 1.0


def test_invalid_answers_do_not_advance() -> None:
    session = Session(CASE, ALGORITHM, seed=1)
    with pytest.raises(InvalidResponse):
        session.choose([9])
    assert session.current.id == "workup" and session.results == []


def test_answers_after_the_end_are_refused() -> None:
    session = Session(CASE, ALGORITHM, shuffle=False)
    session.choose([1])
    session.choose([1, 2])
    session.answer_number(1)
    assert session.finished
    with pytest.raises(SessionFinished):
        session.choose([1])


def test_calibration_counts_confidence_against_correctness() -> None:
    session = Session(CASE, ALGORITHM, shuffle=False)
    session.choose([1], Confidence.sure)
    session.choose([1], Confidence.sure)  # half credit only: not correct
    session.answer_number(0.7, Confidence.guessing)
    rows = {row.confidence: (row.answered, row.correct) for row in session.calibration()}
    assert rows == {Confidence.sure: (2, 1), Confidence.guessing: (1, 1)}


answers = st.lists(
    st.one_of(
        st.lists(st.integers(min_value=-1, max_value=10), max_size=5),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(answers, st.integers(min_value=0, max_value=2**31))
def test_any_answers_keep_the_score_in_range_and_the_session_ends(script, seed) -> None:
    session = Session(CASE, ALGORITHM, seed=seed)
    for answer in script:
        if session.finished:
            break
        try:
            if isinstance(session.current, NumericStep):
                session.answer_number(answer if isinstance(answer, float) else 1.0)
            else:
                session.choose(answer if isinstance(answer, list) else [1])
        except InvalidResponse:
            session.choose([1]) if not isinstance(session.current, NumericStep) else None
    # Whatever happened so far, answering option 1 / value 1 from here must finish the case.
    for _ in range(len(CASE.steps) + 1):
        if session.finished:
            break
        if isinstance(session.current, NumericStep):
            session.answer_number(1.0)
        else:
            session.choose([1])
    assert session.finished
    totals = session.totals()
    assert 0 <= totals.points <= totals.path_max
    assert len(session.results) <= len(CASE.steps)
