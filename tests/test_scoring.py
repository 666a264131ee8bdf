"""Scoring rules and their boundaries, the safety tally, branching, and totals."""

from __future__ import annotations

import pytest

from tutor.core.algorithm.scoring import score_step
from tutor.core.algorithm.scoring_types import InvalidResponse, Response
from tutor.core.cases.loader import load_case
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Verdict
from tutor.core.library.library import load_algorithm
from tutor.core.play.session import Session, best_path_points


@pytest.fixture
def case(write_case) -> Case:
    loaded, problems = load_case(write_case())
    assert problems == []
    return loaded.model


@pytest.fixture(scope="module")
def algorithm():
    return load_algorithm()[0]


def single(case: Case, index: int):
    return score_step(case.step("workup"), Response("workup", (index,)), None)


def multiple(case: Case, *indexes: int):
    return score_step(case.step("first-line"), Response("first-line", indexes), None)


def numeric(case: Case, value: float):
    return score_step(case.step("dose"), Response("dose", value=value), None)


# -- single best answer -------------------------------------------------------------------


def test_single_points_follow_the_verdict(case) -> None:
    assert (single(case, 0).verdict, single(case, 0).points) == (Verdict.preferred, 1.0)
    assert (single(case, 2).verdict, single(case, 2).points) == (Verdict.suboptimal, 0.0)


def test_single_needs_exactly_one_valid_choice(case) -> None:
    with pytest.raises(InvalidResponse):
        score_step(case.step("workup"), Response("workup", ()), None)
    with pytest.raises(InvalidResponse):
        score_step(case.step("workup"), Response("workup", (0, 1)), None)
    with pytest.raises(InvalidResponse):
        score_step(case.step("workup"), Response("workup", (7,)), None)


def test_single_feedback_shows_the_choice_and_the_preferred_answer(case) -> None:
    result = single(case, 2)
    assert [(f.label, f.chosen) for f in result.feedback] == [
        ("Wait and see", True),
        ("Muscle biopsy", False),
    ]
    assert "oracle-dm-2025" in result.citations


def test_harmful_choice_goes_on_the_safety_tally(case) -> None:
    result = single(case, 1)
    assert result.harmful and result.harmful_choices == ("Start rituximab now",)
    assert result.points == 0


# -- select all that apply ------------------------------------------------------------------


def test_multiple_partial_credit_and_floor(case) -> None:
    assert multiple(case, 0, 1).points == 1.0  # both correct
    assert multiple(case, 0).points == 0.5  # one of two correct
    assert multiple(case, 0, 3).points == 0.0  # one right, one wrong
    assert multiple(case, 3, 2).points == 0.0  # floored at zero, not negative


def test_multiple_empty_and_all_selected(case) -> None:
    empty = multiple(case)
    assert (empty.points, empty.verdict, empty.harmful) == (0.0, Verdict.suboptimal, False)
    everything = multiple(case, 0, 1, 2, 3)
    assert everything.points == 0.0
    assert everything.harmful_choices == ("No treatment for now",)


def test_multiple_verdicts(case) -> None:
    assert multiple(case, 0, 1).verdict is Verdict.preferred
    assert multiple(case, 1).verdict is Verdict.acceptable
    # A harmful pick is never hidden behind partial credit.
    mixed = multiple(case, 0, 1, 2)
    assert (mixed.verdict, mixed.points, mixed.harmful) == (Verdict.harmful, 0.5, True)


def test_sources_differ_label_only_for_disputed_answers(algorithm) -> None:
    from tutor.core.library.library import load_library

    ild = load_library().find("myositis-ild").model
    step = ild.step("first-line")
    cyclosporine = next(i for i, o in enumerate(step.options) if "cyclosporine" in o.therapies)
    result = score_step(step, Response(step.id, (cyclosporine,)), algorithm)
    assert (result.verdict, result.label) == (Verdict.suboptimal, "suboptimal")
    prednisone_alone = next(i for i, o in enumerate(step.options) if o.therapies == ["prednisone"])
    result = score_step(step, Response(step.id, (prednisone_alone,)), algorithm)
    assert (result.verdict, result.label) == (Verdict.acceptable, "acceptable")
    dose = ild.step("azathioprine-dose")
    high = score_step(dose, Response(dose.id, value=2.5), algorithm)
    assert high.label == "acceptable, sources differ"


# -- numeric ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.5, 0.75, 1.0])
def test_numeric_full_credit_inside_the_range_including_both_edges(case, value) -> None:
    result = numeric(case, value)
    assert (result.verdict, result.points) == (Verdict.preferred, 2.0)


def test_numeric_second_band_is_acceptable_where_sources_differ(case) -> None:
    result = numeric(case, 1.5)
    assert (result.verdict, result.points) == (Verdict.acceptable, 1.0)
    assert result.label == "acceptable, sources differ"


def test_numeric_tolerance_absorbs_rounding_only(case) -> None:
    below = numeric(case, 0.495)
    assert below.within_tolerance and below.points == 2.0  # scored as the band it rounds into
    assert below.label == "preferred, within rounding"
    assert "within rounding" in below.tally and "2 of 2 points" in below.tally
    assert numeric(case, 0.45).points == 0.0  # a dose no source names earns nothing


def test_numeric_outside_tolerance_earns_nothing(case) -> None:
    result = numeric(case, 0.3)
    assert (result.points, result.verdict, result.within_tolerance) == (
        0.0,
        Verdict.suboptimal,
        False,
    )
    assert result.feedback[0].text == "Outside every source's range."
    assert result.feedback[1].label == "0.5-1 mg/kg/day"  # the key is shown with its unit


def test_numeric_harmful_band(case) -> None:
    assert numeric(case, 10).harmful_choices == ("10 mg/kg/day",)


# -- paths and totals -----------------------------------------------------------------------------


def test_branching_follows_the_option_and_changes_the_path_maximum(case, algorithm) -> None:
    expert = Session(case, algorithm, shuffle=False)
    expert.submit(Response("workup", (0,)))
    assert expert.current.id == "first-line"

    detour = Session(case, algorithm, shuffle=False)
    detour.submit(Response("workup", (1,)))
    assert detour.current.id == "detour"
    detour.submit(Response("detour", (0,)))
    assert detour.current.id == "first-line"
    detour.submit(Response("first-line", (0, 1)))
    detour.submit(Response("dose", value=0.75))
    totals = detour.totals()
    assert detour.finished
    assert (totals.points, totals.path_max, totals.best_path_max) == (4.0, 5.0, 4.0)
    assert totals.harmful == (("workup", "Start rituximab now"),)


def test_best_path_follows_preferred_answers(case) -> None:
    assert best_path_points(case) == 4.0  # workup 1 + first-line 1 + dose 2


def test_result_explains_the_algorithm_node(case, algorithm) -> None:
    session = Session(case, algorithm, shuffle=False)
    result = session.submit(Response("workup", (2,)))
    assert result.node.id == "confirm-diagnosis"
    assert "oracle-antibody-2025" in result.citations


def test_reveal_is_shown_after_the_step(case, algorithm) -> None:
    session = Session(case, algorithm, shuffle=False)
    session.submit(Response("workup", (0,)))
    assert session.revealed == []
    session.submit(Response("first-line", (0, 1)))
    assert [r.text for r in session.revealed] == ["Eight weeks later CK is still high."]


def test_select_all_says_what_happened_and_weighs_acceptable_options_half(algorithm) -> None:
    from tutor.core.library.library import load_library

    step = load_library().find("refractory-polymyositis").model.step("work-up")
    index = {o.text: i for i, o in enumerate(step.options)}
    emg_only = score_step(step, Response(step.id, (index["Electromyography (EMG)"],)), algorithm)
    assert emg_only.partial and emg_only.label == "partly right"
    words = " ".join(emg_only.tally.split())
    assert "You chose 1 of the 6 right options (5 preferred, 1 acceptable)." in words
    assert "Missed: CK and aldolase; ESR and CRP; MRI of the thigh muscles; Muscle biopsy." in words
    assert "Also right, left out (costs half as much): Baseline cardiac evaluation." in words
    assert "No wrong picks." in words and "0.18 of 1 point." in words
    preferred = [i for i, o in enumerate(step.options) if o.verdict is Verdict.preferred]
    without_cardiac = score_step(step, Response(step.id, tuple(preferred)), algorithm)
    without_biopsy = score_step(
        step,
        Response(
            step.id,
            (
                *(i for i in preferred if i != index["Muscle biopsy"]),
                index["Baseline cardiac evaluation"],
            ),
        ),
        algorithm,
    )
    assert without_cardiac.points > without_biopsy.points  # half a share against a full one
    assert len(emg_only.every_option) == len(step.options)
    assert [f.chosen for f in emg_only.every_option].count(True) == 1
