"""The expert's way through a case: the best answer at each decision, and where it leads.

The library counts each case's decisions on this path when it checks the file (so a quiz can
draw from the listing alone), and the quiz asks the decisions on it."""

from __future__ import annotations

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.scoring import score_step
from tutor.core.algorithm.scoring_types import CREDIT, Response, StepResult
from tutor.core.cases.model import END, AnyStep, Case, MultipleStep, NumericStep


def expert_response(step: AnyStep) -> Response:
    """The answer an expert gives: the best option(s), or the middle of the best band."""
    if isinstance(step, NumericStep):
        band = max(step.numeric.bands, key=lambda b: CREDIT[b.verdict])
        return Response(step.id, value=(band.min + band.max) / 2)
    if isinstance(step, MultipleStep):
        return Response(
            step.id, tuple(i for i, o in enumerate(step.options) if o.verdict.is_correct)
        )
    best = max(range(len(step.options)), key=lambda i: CREDIT[step.options[i].verdict])
    return Response(step.id, (best,))


def expert_walk(case: Case, algorithm: Algorithm | None) -> list[tuple[AnyStep, StepResult]]:
    """Each step on the expert's path with the expert's scored answer, moving on as a session
    does (the answer's next step, else the step's default). A path never visits a step twice;
    a case that loops or names a missing step (an invalid case) ends the walk there."""
    walk: list[tuple[AnyStep, StepResult]] = []
    current = case.steps[0].id if case.steps else END
    seen: set[str] = set()
    while current != END and current not in seen:
        seen.add(current)
        try:
            step = case.step(current)
        except KeyError:
            break
        result = score_step(step, expert_response(step), algorithm)
        walk.append((step, result))
        current = result.next_step or case.default_next(case.step_indexes[step.id])
    return walk
