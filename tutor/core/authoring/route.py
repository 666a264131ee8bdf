"""The order a handout prints a case's decisions in, so that paper never answers a decision early.

The main route is the path every learner takes: from the first step, each step's default next
(its `next:`, or the step below it). A step reached only through an option's `next:` is a
detour: it is printed after the main route, in the order the route first leads to it, marked
with the choices that lead there. Decisions are numbered in that order, so "decision 3" on
paper is the third one printed. Pure: a case in, an order out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.core.cases.model import END, AnyStep, Case, NumericStep


@dataclass(frozen=True)
class Entry:
    """One way into a detour: option `option` (1-based) of the step `step_id`, or with
    `option` 0 any answer to that step (a detour whose `next:` is another detour)."""

    step_id: str
    option: int


@dataclass(frozen=True)
class Placed:
    step: AnyStep
    number: int
    detour: bool
    entries: tuple[Entry, ...] = field(default=())


def _default_next(case: Case) -> dict[str, str]:
    return {step.id: case.default_next(i) for i, step in enumerate(case.steps)}


def _branches(step: AnyStep) -> list[tuple[int, str]]:
    """(option number, target) for each option of `step` that names its own next step."""
    if isinstance(step, NumericStep):
        return []
    return [(i, o.next) for i, o in enumerate(step.options, 1) if o.next]


def handout_order(case: Case) -> list[Placed]:
    """Every step once: the main route first, then the detours in the order first reached."""
    ids = {step.id for step in case.steps}
    default = _default_next(case)
    order: list[str] = []
    current = case.steps[0].id
    while current in ids and current not in order:
        order.append(current)
        current = default[current]
    main = set(order)
    entries: dict[str, list[Entry]] = {}
    # Walk the printed order as it grows, so a detour taken from a detour follows it.
    position = 0
    while position < len(order):
        step = case.step(order[position])
        targets = _branches(step)
        if position >= len(main):
            targets.append((0, default[step.id]))
        for option, target in targets:
            if target == END or target not in ids or target in main:
                continue
            entries.setdefault(target, []).append(Entry(step.id, option))
            if target not in order:
                order.append(target)
        position += 1
    # A step nothing reaches (validation warns about it) is still printed, last.
    order += [step.id for step in case.steps if step.id not in order]
    return [
        Placed(
            case.step(step_id),
            number,
            detour=step_id not in main,
            entries=tuple(entries.get(step_id, ())),
        )
        for number, step_id in enumerate(order, start=1)
    ]
