"""Playtest's walk: a case as a graph of steps, and the paths, score range, reachable steps
and loops found in it. Pure; `playtest.py` turns what it finds into a report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tutor.core.algorithm.scoring_types import CREDIT
from tutor.core.cases.model import END, Case, MultipleStep, NumericStep

MAX_PATHS = 10_000
"""Paths listed per case; past this the listing stops (score ranges still cover every path)."""
MAX_LISTED_STEPS = 100_000
"""Step ids listed over all of a case's paths. A case of thousands of two-way branches has
paths thousands of steps long: 10,000 of them took a minute, 611 MiB and 864 MB of JSON."""


@dataclass(frozen=True)
class PathScore:
    steps: tuple[str, ...]
    min: float
    max: float
    points: float
    """Points available on this path (the denominator of the learner's score)."""
    ending: str = "end"
    """'end', 'dead end' (a `next` that names no step) or 'loop'."""


@dataclass(frozen=True)
class _Edge:
    target: str
    low: float
    high: float
    option: int | None = None  # 1-based, when an option's own `next` says where


def edges_of(case: Case, index: int) -> list[_Edge]:
    """Where step `index` can lead, with the range of points the answers that go there earn."""
    step = case.steps[index]
    default = case.default_next(index)
    points = float(step.points)
    if isinstance(step, NumericStep):
        best = max(CREDIT[b.verdict] for b in step.numeric.bands)
        # Any number is accepted, and one outside every band earns nothing.
        return [_Edge(default, 0.0, best * points)]
    if isinstance(step, MultipleStep):
        return [_Edge(default, 0.0, points)]
    groups: dict[tuple[str, int | None], list[float]] = {}
    for j, option in enumerate(step.options):
        key = (option.next, j + 1) if option.next else (default, None)
        groups.setdefault(key, []).append(CREDIT[option.verdict] * points)
    return [
        _Edge(target, min(credits), max(credits), option)
        for (target, option), credits in groups.items()
    ]


def graph_of(case: Case) -> dict[int, list[_Edge]]:
    """Each step's successors, one edge per target step (options that agree are merged)."""
    graph: dict[int, list[_Edge]] = {}
    for i in range(len(case.steps)):
        merged: dict[str, _Edge] = {}
        for edge in edges_of(case, i):
            seen = merged.get(edge.target)
            merged[edge.target] = (
                edge
                if seen is None
                else _Edge(edge.target, min(seen.low, edge.low), max(seen.high, edge.high))
            )
        graph[i] = list(merged.values())
    return graph


def enumerate_paths(
    case: Case,
    graph: Mapping[int, list[_Edge]],
    index_of: Mapping[str, int],
    limit: int,
    budget: int = MAX_LISTED_STEPS,
) -> tuple[list[PathScore], bool]:
    """Every path from the first step, in the order the options are written, until `limit`
    paths or `budget` step ids in all are listed (True: the listing stopped there)."""
    paths: list[PathScore] = []
    listed = 0
    # Depth first, iteratively, over one current path (its ids and a set of them): memory
    # grows with the case, not with the length times the number of paths walked.
    ids: list[str] = []
    on_path: set[str] = set()
    frames: list[tuple[Iterator[_Edge], float, float, float]] = []

    def enter(index: int, low: float, high: float, points: float) -> None:
        step = case.steps[index]
        ids.append(step.id)
        on_path.add(step.id)
        frames.append((iter(graph[index]), low, high, points + float(step.points)))

    enter(0, 0.0, 0.0, 0.0)
    while frames:
        edges, low, high, points = frames[-1]
        edge = next(edges, None)
        if edge is None:
            frames.pop()
            on_path.discard(ids.pop())
            continue
        low_here, high_here = low + edge.low, high + edge.high
        if edge.target == END:
            ending = "end"
        elif edge.target not in index_of:
            ending = "dead end"
        elif edge.target in on_path:
            ending = "loop"
        else:
            enter(index_of[edge.target], low_here, high_here, points)
            continue
        if len(paths) >= limit or listed + len(ids) > budget:
            return paths, True
        paths.append(PathScore(tuple(ids), low_here, high_here, points, ending))
        listed += len(ids)
    return paths, False


def count_paths(graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int]) -> int | None:
    """How many paths there are from the first step, without walking them (memoised over a
    graph without loops; None when a loop makes the count depend on the path taken)."""
    memo: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:
        node, expanded = stack.pop()
        if node in memo:
            continue
        if not expanded:
            if node in on_path:
                return None
            on_path.add(node)
            stack.append((node, True))
            for edge in graph[node]:
                child = index_of.get(edge.target)
                if child is not None and child not in memo:
                    if child in on_path:
                        return None
                    stack.append((child, False))
            continue
        total = 0
        for edge in graph[node]:
            child = index_of.get(edge.target)
            total += 1 if child is None else memo[child]
        memo[node] = total
        on_path.discard(node)
    return memo[0]


def score_range(
    graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int]
) -> tuple[float, float]:
    """Lowest and highest score over every path, without listing them (memoised, iterative)."""
    memo: dict[int, tuple[float, float]] = {}
    on_path: set[int] = set()
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:
        node, expanded = stack.pop()
        if node in memo or (not expanded and node in on_path):
            continue
        if not expanded:
            on_path.add(node)
            stack.append((node, True))
            for edge in graph[node]:
                child = index_of.get(edge.target)
                if child is not None and child not in memo and child not in on_path:
                    stack.append((child, False))
            continue
        low = high = None
        for edge in graph[node]:
            child = index_of.get(edge.target)
            # The end, a dead end, or a step met again on this path (a loop) adds nothing more.
            rest = memo.get(child, (0.0, 0.0)) if child is not None else (0.0, 0.0)
            lo, hi = edge.low + rest[0], edge.high + rest[1]
            low = lo if low is None else min(low, lo)
            high = hi if high is None else max(high, hi)
        memo[node] = (low or 0.0, high or 0.0)
        on_path.discard(node)
    return memo.get(0, (0.0, 0.0))


def reachable_steps(graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int]) -> set[int]:
    seen = {0}
    todo = [0]
    while todo:
        node = todo.pop()
        for edge in graph[node]:
            child = index_of.get(edge.target)
            if child is not None and child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def loops_in(
    case: Case, graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int]
) -> list[str]:
    """Steps with a `next` back to a step already on the path from the first step."""
    found: list[str] = []
    state: dict[int, str] = {0: "grey"}
    stack = [(0, iter(graph[0]))]
    while stack:
        node, edges = stack[-1]
        edge = next(edges, None)
        if edge is None:
            state[node] = "black"
            stack.pop()
            continue
        child = index_of.get(edge.target)
        if child is None:
            continue
        if state.get(child) == "grey":
            if case.steps[node].id not in found:
                found.append(case.steps[node].id)
        elif child not in state:
            state[child] = "grey"
            stack.append((child, iter(graph[child])))
    return found
