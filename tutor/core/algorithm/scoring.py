"""Scoring: a learner's response to one step -> verdict, points, safety flag, and feedback.

Rules (documented for educators in docs/authoring.md):
- Credit by verdict: preferred 100%, acceptable 50%, suboptimal 0%, harmful 0%.
- Single best answer: the chosen option's credit times the step's points.
- Select all that apply: each preferred option is worth one share and each acceptable option
  half a share; the step's points are divided among the shares of all correct options. Each
  correct option chosen earns its share; each other option chosen takes away one full share;
  the total never goes below zero. Leaving out an acceptable option so costs half of what
  leaving out a preferred one does.
- Numeric: the first band containing the answer decides (bounds inclusive). `tolerance` only
  absorbs rounding: an answer outside every band but within it of a correct band is scored as
  that band (the validator keeps it to rounding, see case_checks).
- Harm is counted apart: any harmful option or band chosen goes on the safety tally, whatever
  the points.
"""

from __future__ import annotations

from tutor.core.algorithm.algorithm import Algorithm, Node
from tutor.core.algorithm.scoring_types import (
    CREDIT,
    WRONG_PICK_SHARES,
    Feedback,
    InvalidResponse,
    Response,
    Scored,
    StepResult,
)
from tutor.core.cases.model import (
    AnyStep,
    MultipleStep,
    NumericBand,
    NumericStep,
    Reveal,
    SingleStep,
)
from tutor.core.cases.vocabulary import Verdict


def score_step(step: AnyStep, response: Response, algorithm: Algorithm | None) -> StepResult:
    node = algorithm.node(step.node) if (algorithm and step.node) else None
    if isinstance(step, NumericStep):
        scored = _score_numeric(step, response)
    elif isinstance(step, MultipleStep):
        scored = _score_multiple(step, response)
    else:
        scored = _score_single(step, response)
    return StepResult(
        step_id=step.id,
        response=response,
        verdict=scored.verdict,
        points=scored.points,
        max_points=float(step.points),
        harmful_choices=scored.harmful_choices,
        feedback=scored.feedback,
        next_step=scored.next_step,
        node=node,
        sources_differ=tuple(step.sources_differ),
        reveals=scored.reveals,
        within_tolerance=scored.within_tolerance,
        answer_text=scored.answer_text,
        disputed=_disputed(step, response, node),
        tally=scored.tally,
        every_option=scored.every_option,
        partial=scored.partial,
    )


def _disputed(step: AnyStep, response: Response, node: Node | None) -> bool:
    """Whether the chosen answer is one the sources disagree about.

    A numeric step that carries a sources-differ note asks for a disputed number (a dose);
    a chosen option is disputed when the algorithm node records a disagreement about one of
    the therapies it stands for.
    """
    if isinstance(step, NumericStep):
        return bool(step.sources_differ)
    if node is None:
        return False
    chosen = [step.options[i] for i in response.choices if 0 <= i < len(step.options)]
    return any(node.disputed(t) is not None for option in chosen for t in option.therapies)


def _choice_feedback(step: SingleStep | MultipleStep, index: int, chosen: bool) -> Feedback:
    option = step.options[index]
    return Feedback(option.text, option.verdict, option.feedback, tuple(option.cite), chosen)


def _every_option(step: SingleStep | MultipleStep, chosen: set[int]) -> tuple[Feedback, ...]:
    return tuple(_choice_feedback(step, i, i in chosen) for i in range(len(step.options)))


def _points_text(points: float, max_points: float) -> str:
    return f"{_fmt(points)} of {_fmt(max_points)} point{'s' if max_points != 1 else ''}"


def _fmt(points: float) -> str:
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_CREDIT_WORDS = {
    Verdict.preferred: "full credit",
    Verdict.acceptable: "half credit",
    Verdict.suboptimal: "no credit",
    Verdict.harmful: "no credit, and it goes on the safety tally",
}


def _check_indexes(step: SingleStep | MultipleStep, choices: tuple[int, ...]) -> None:
    for index in choices:
        if not 0 <= index < len(step.options):
            raise InvalidResponse(f"There is no option {index + 1}.")
    if len(set(choices)) != len(choices):
        raise InvalidResponse("An option was chosen twice.")


def _reveals(step: AnyStep, *extra: Reveal | None) -> tuple[Reveal, ...]:
    return tuple(r for r in (*extra, step.reveal) if r is not None)


def _score_single(step: SingleStep, response: Response) -> Scored:
    _check_indexes(step, response.choices)
    if len(response.choices) != 1:
        raise InvalidResponse("Choose exactly one option.")
    index = response.choices[0]
    option = step.options[index]
    others = [
        _choice_feedback(step, i, chosen=False)
        for i, o in enumerate(step.options)
        if i != index and o.verdict is Verdict.preferred
    ]
    points = CREDIT[option.verdict] * step.points
    tally = (
        f"You chose an option keyed {option.verdict.value}: {_CREDIT_WORDS[option.verdict]}, "
        f"{_points_text(points, step.points)}."
    )
    return Scored(
        verdict=option.verdict,
        points=points,
        harmful_choices=(option.text,) if option.verdict is Verdict.harmful else (),
        feedback=(_choice_feedback(step, index, chosen=True), *others),
        next_step=option.next or "",
        reveals=_reveals(step, option.reveal),
        answer_text=option.text,
        tally=tally,
        every_option=_every_option(step, {index}),
    )


def _score_multiple(step: MultipleStep, response: Response) -> Scored:
    _check_indexes(step, response.choices)
    chosen = set(response.choices)
    correct = {i for i, o in enumerate(step.options) if o.verdict.is_correct}
    weight = {i: CREDIT[step.options[i].verdict] for i in correct}
    shares = sum(weight.values())
    earned = sum(weight[i] for i in chosen & correct) - WRONG_PICK_SHARES * len(chosen - correct)
    points = max(0.0, earned / shares * step.points)
    if abs(points - step.points) < 1e-9:
        points = float(step.points)
    harmful = tuple(
        step.options[i].text for i in sorted(chosen) if step.options[i].verdict is Verdict.harmful
    )
    if harmful:
        verdict = Verdict.harmful  # whatever the points, the review must not hide it
    elif points >= step.points:
        verdict = Verdict.preferred
    elif points > 0:
        verdict = Verdict.acceptable
    else:
        verdict = Verdict.suboptimal
    feedback = tuple(
        _choice_feedback(step, i, chosen=i in chosen)
        for i in range(len(step.options))
        if i in chosen or i in correct
    )
    answer = "; ".join(step.options[i].text for i in sorted(chosen)) or "(nothing selected)"
    return Scored(
        verdict=verdict,
        points=points,
        harmful_choices=harmful,
        feedback=feedback,
        reveals=_reveals(step),
        answer_text=answer,
        tally=_multiple_tally(step, chosen, correct, points),
        every_option=_every_option(step, chosen),
        partial=0 < points < step.points,
    )


def _multiple_tally(step: MultipleStep, chosen: set[int], correct: set[int], points: float) -> str:
    """'You chose 1 of the 6 right options ... 0.18 of 1 point.'"""
    preferred = [i for i in sorted(correct) if step.options[i].verdict is Verdict.preferred]
    acceptable = [i for i in sorted(correct) if step.options[i].verdict is Verdict.acceptable]
    kinds = f"{len(preferred)} preferred" + (
        f", {len(acceptable)} acceptable" if acceptable else ""
    )
    parts = [f"You chose {len(chosen & correct)} of the {len(correct)} right options ({kinds})."]
    missed_preferred = [step.options[i].text for i in preferred if i not in chosen]
    missed_acceptable = [step.options[i].text for i in acceptable if i not in chosen]
    wrong = [
        f"{step.options[i].text} ({step.options[i].verdict.value})"
        for i in sorted(chosen - correct)
    ]
    if missed_preferred:
        parts.append("Missed: " + "; ".join(missed_preferred) + ".")
    if missed_acceptable:
        parts.append(
            "Also right, left out (costs half as much): " + "; ".join(missed_acceptable) + "."
        )
    parts.append(("Wrong picks: " + "; ".join(wrong) + ".") if wrong else "No wrong picks.")
    parts.append(
        "Each preferred option is worth one share and each acceptable one half a share; each "
        f"wrong pick takes one share away. {_points_text(points, step.points)}."
    )
    return " ".join(parts)


def _band_feedback(band: NumericBand, label: str) -> Feedback:
    return Feedback(label, band.verdict, band.feedback, tuple(band.cite))


def _score_numeric(step: NumericStep, response: Response) -> Scored:
    if response.value is None:
        raise InvalidResponse(f"Enter a number in {step.numeric.unit}.")
    value = response.value
    unit = step.numeric.unit
    answer = f"{value:g} {unit}"
    correct_bands = [b for b in step.numeric.bands if b.verdict.is_correct]
    best = max(correct_bands, key=lambda b: CREDIT[b.verdict])
    key = Feedback(
        f"{_span(best)} {unit}", best.verdict, best.feedback, tuple(best.cite), chosen=False
    )
    reveals = _reveals(step)
    band = next((b for b in step.numeric.bands if b.min <= value <= b.max), None)
    if band is not None:
        chosen = _band_feedback(band, answer)
        points = CREDIT[band.verdict] * step.points
        return Scored(
            verdict=band.verdict,
            points=points,
            harmful_choices=(answer,) if band.verdict is Verdict.harmful else (),
            feedback=(chosen,) if band is best else (chosen, key),
            reveals=reveals,
            answer_text=answer,
            tally=(
                f"{answer} lies in the band {_span(band)} {unit}, keyed {band.verdict.value}: "
                f"{_CREDIT_WORDS[band.verdict]}, {_points_text(points, step.points)}."
            ),
            every_option=_every_band(step, band),
        )
    tolerance = step.numeric.tolerance
    near = (
        [b for b in correct_bands if b.min - tolerance <= value <= b.max + tolerance]
        if tolerance > 0
        else []
    )
    otherwise = Feedback(
        answer, Verdict.suboptimal, step.numeric.otherwise, tuple(step.numeric.otherwise_cite)
    )
    if near:
        closest = max(near, key=lambda b: CREDIT[b.verdict])
        points = CREDIT[closest.verdict] * step.points
        return Scored(
            verdict=closest.verdict,
            points=points,
            feedback=(_band_feedback(closest, answer), key) if closest is not best else (key,),
            reveals=reveals,
            answer_text=answer,
            within_tolerance=True,
            tally=(
                f"{answer} is within rounding ({tolerance:g} {unit}) of the band "
                f"{_span(closest)} {unit}, keyed {closest.verdict.value}: "
                f"{_CREDIT_WORDS[closest.verdict]}, {_points_text(points, step.points)}."
            ),
            every_option=_every_band(step, closest),
        )
    return Scored(
        verdict=Verdict.suboptimal,
        points=0.0,
        feedback=(otherwise, key),
        reveals=reveals,
        answer_text=answer,
        tally=(
            f"{answer} lies outside every band the sources support: no credit, "
            f"{_points_text(0.0, step.points)}."
        ),
        every_option=_every_band(step, None),
    )


def _span(band: NumericBand) -> str:
    return f"{band.min:g}" if band.min == band.max else f"{band.min:g}-{band.max:g}"


def _every_band(step: NumericStep, chosen: NumericBand | None) -> tuple[Feedback, ...]:
    unit = step.numeric.unit
    bands = tuple(
        Feedback(f"{_span(b)} {unit}", b.verdict, b.feedback, tuple(b.cite), b is chosen)
        for b in step.numeric.bands
    )
    other = Feedback(
        f"any other answer ({unit})",
        Verdict.suboptimal,
        step.numeric.otherwise,
        tuple(step.numeric.otherwise_cite),
        chosen is None,
    )
    return (*bands, other)
