"""Playtest: walk every path through a case without a learner, and report what an author needs.

A case is a graph: each step leads to the next one written, to its own `next`, or, for a single
best answer, to the `next` of the option chosen. Playtest enumerates the paths through that graph
(each single step's options choose the branch) and reports, per case:

- steps reachable and unreachable from the first step, dead ends (a `next` naming no step) and
  loops (errors);
- for each path, the step ids and the lowest and highest score a learner can reach on it;
- steps whose options all carry the same verdict, steps that name no algorithm node, and text
  after a step that presumes an option the learner did not choose (presumption.py) (warnings);
  options whose citations resolve to nothing in the reference library;
- algorithm coverage: which nodes of algorithm.yaml the case tests, out of those that apply to
  its patient.

Loading goes through the library (every check `tutor validate` runs); a file that fails those
checks is still analysed when it parses, so its flow problems are shown in context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.core.algorithm.algorithm import Algorithm, compatible_with_patient
from tutor.core.algorithm.scoring_types import CREDIT
from tutor.core.authoring.presumption import Presumption, presumptions
from tutor.core.cases.diagnostics import Diagnostic, Severity
from tutor.core.cases.loader import display_path, find_case_files, load_case
from tutor.core.cases.model import END, Case, MultipleStep, NumericStep, Reference, SingleStep
from tutor.core.library.library import load_library

MAX_PATHS = 10_000
"""Paths listed per case; past this the listing stops (score ranges still cover every path)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DeadEnd:
    step: str
    target: str
    option: int | None = None
    """1-based option number whose `next` goes nowhere; None for the step's own `next`."""


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
class SameVerdict:
    step: str
    verdict: str


@dataclass(frozen=True)
class UncitedOption:
    step: str
    option: int
    text: str


@dataclass(frozen=True)
class Coverage:
    tested: tuple[str, ...]
    applicable: tuple[str, ...]

    @property
    def untested(self) -> tuple[str, ...]:
        return tuple(n for n in self.applicable if n not in self.tested)

    @property
    def tested_applicable(self) -> tuple[str, ...]:
        return tuple(n for n in self.tested if n in self.applicable)


@dataclass(frozen=True)
class Analysis:
    steps: tuple[str, ...]
    reachable: tuple[str, ...]
    unreachable: tuple[str, ...]
    dead_ends: tuple[DeadEnd, ...]
    loops: tuple[str, ...]
    paths: tuple[PathScore, ...]
    truncated: bool
    score_min: float
    score_max: float
    same_verdict: tuple[SameVerdict, ...]
    uncited_options: tuple[UncitedOption, ...]
    nodeless_steps: tuple[str, ...]
    coverage: Coverage | None
    presumptions: tuple[Presumption, ...] = ()

    @property
    def errors(self) -> list[str]:
        found = [f"step '{s}' can never be reached" for s in self.unreachable]
        for dead in self.dead_ends:
            where = f"option {dead.option} of " if dead.option else ""
            found.append(f"{where}step '{dead.step}' goes to '{dead.target}', which is no step")
        found += [f"step '{s}' leads back to an earlier step (a loop)" for s in self.loops]
        found += [
            f"option {o.option} of step '{o.step}' cites nothing in the reference library"
            for o in self.uncited_options
        ]
        return found

    @property
    def warnings(self) -> list[str]:
        found = [f"every option of step '{s.step}' is keyed {s.verdict}" for s in self.same_verdict]
        found += [f"step '{s}' names no algorithm node" for s in self.nodeless_steps]
        return found + [p.message() for p in self.presumptions]


@dataclass(frozen=True)
class CaseReport:
    file: str
    case_id: str | None
    title: str | None
    diagnostics: tuple[Diagnostic, ...]
    analysis: Analysis | None

    @property
    def valid(self) -> bool:
        """Loads and passes every check `tutor validate` runs."""
        return not any(d.severity is Severity.error for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        return self.valid and self.analysis is not None and not self.analysis.errors


@dataclass(frozen=True)
class Report:
    cases: tuple[CaseReport, ...]
    problems: tuple[Diagnostic, ...] = ()
    """Diagnostics not about one case file: the algorithm, the references, missing paths."""
    max_paths: int = MAX_PATHS

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.cases) and not any(
            d.severity is Severity.error for d in self.problems
        )


# --------------------------------------------------------------------------- the walk


@dataclass(frozen=True)
class _Edge:
    target: str
    low: float
    high: float
    option: int | None = None  # 1-based, when an option's own `next` says where


def _edges(case: Case, index: int) -> list[_Edge]:
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


def _graph(case: Case) -> dict[int, list[_Edge]]:
    """Each step's successors, one edge per target step (options that agree are merged)."""
    graph: dict[int, list[_Edge]] = {}
    for i in range(len(case.steps)):
        merged: dict[str, _Edge] = {}
        for edge in _edges(case, i):
            seen = merged.get(edge.target)
            merged[edge.target] = (
                edge
                if seen is None
                else _Edge(edge.target, min(seen.low, edge.low), max(seen.high, edge.high))
            )
        graph[i] = list(merged.values())
    return graph


def _enumerate_paths(
    case: Case, graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int], limit: int
) -> tuple[list[PathScore], bool]:
    """Every path from the first step, in the order the options are written, up to `limit`."""
    paths: list[PathScore] = []
    # Depth first, iteratively: (step index, ids before it, min, max, points before it).
    stack: list[tuple[int, tuple[str, ...], float, float, float]] = [(0, (), 0.0, 0.0, 0.0)]
    while stack:
        index, ids, low, high, points = stack.pop()
        step = case.steps[index]
        ids = (*ids, step.id)
        points += float(step.points)
        pending = []
        for edge in graph[index]:
            low_here, high_here = low + edge.low, high + edge.high
            if edge.target == END:
                ending = "end"
            elif edge.target not in index_of:
                ending = "dead end"
            elif edge.target in ids:
                ending = "loop"
            else:
                pending.append((index_of[edge.target], ids, low_here, high_here, points))
                continue
            if len(paths) >= limit:
                return paths, True
            paths.append(PathScore(ids, low_here, high_here, points, ending))
        stack.extend(reversed(pending))
    return paths, False


def _score_range(
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


def _reachable(graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int]) -> set[int]:
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


def _loops(case: Case, graph: Mapping[int, list[_Edge]], index_of: Mapping[str, int]) -> list[str]:
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


def analyse(
    case: Case,
    algorithm: Algorithm | None,
    references: Mapping[str, Reference],
    *,
    max_paths: int = MAX_PATHS,
) -> Analysis:
    index_of = {step.id: i for i, step in enumerate(case.steps)}
    graph = _graph(case)
    reachable = _reachable(graph, index_of)
    paths, truncated = _enumerate_paths(case, graph, index_of, max_paths)
    low, high = _score_range(graph, index_of)

    dead_ends = []
    for i, step in enumerate(case.steps):
        for edge in _edges(case, i):
            if edge.target != END and edge.target not in index_of:
                dead_ends.append(DeadEnd(step.id, edge.target, edge.option))

    same_verdict = []
    uncited = []
    for step in case.steps:
        if isinstance(step, SingleStep | MultipleStep):
            verdicts = {o.verdict for o in step.options}
            if len(verdicts) == 1:
                same_verdict.append(SameVerdict(step.id, next(iter(verdicts)).value))
            for j, option in enumerate(step.options, start=1):
                if not any(ref in references for ref in option.cite):
                    uncited.append(UncitedOption(step.id, j, option.text))

    coverage = None
    if algorithm is not None:
        applicable = tuple(
            n.id
            for n in algorithm.nodes
            if compatible_with_patient(n.when, case.patient.phenotype, case.patient.features)
        )
        tested = tuple(
            dict.fromkeys(s.node for s in case.steps if s.node and algorithm.node(s.node))
        )
        coverage = Coverage(tested, applicable)

    return Analysis(
        steps=tuple(s.id for s in case.steps),
        reachable=tuple(s.id for i, s in enumerate(case.steps) if i in reachable),
        unreachable=tuple(s.id for i, s in enumerate(case.steps) if i not in reachable),
        dead_ends=tuple(dead_ends),
        loops=tuple(_loops(case, graph, index_of)),
        paths=tuple(paths),
        truncated=truncated,
        score_min=low,
        score_max=high,
        same_verdict=tuple(same_verdict),
        uncited_options=tuple(uncited),
        nodeless_steps=tuple(s.id for s in case.steps if s.node is None),
        coverage=coverage,
        presumptions=tuple(presumptions(case)),
    )


def playtest(paths: Sequence[Path] | None = None, *, max_paths: int = MAX_PATHS) -> Report:
    """Load case files or folders (default: the bundled library) and analyse every case."""
    library = load_library(paths or None)
    files, _ = find_case_files(list(paths) if paths else [])
    by_path = {display_path(c.path): c for c in library.cases}
    failed = {f.name: f for f in library.failed}
    order = [display_path(p) for p in files] if paths else sorted([*by_path, *failed])
    case_files = [name for name in dict.fromkeys(order) if name in by_path or name in failed]

    reports = []
    for name in case_files:
        diagnostics = tuple(d for d in library.diagnostics if d.file == name)
        loaded = by_path.get(name)
        if loaded is None:
            # Failed the checks: analyse it anyway if it parses, to show the problems in context.
            loaded, _ = load_case(failed[name].path)
        analysis = None
        if loaded is not None:
            analysis = analyse(
                loaded.model, library.algorithm, library.references, max_paths=max_paths
            )
        reports.append(
            CaseReport(
                file=name,
                case_id=loaded.model.id if loaded else None,
                title=loaded.model.title if loaded else None,
                diagnostics=diagnostics,
                analysis=analysis,
            )
        )
    names = set(case_files)
    problems = tuple(d for d in library.diagnostics if d.file not in names)
    return Report(tuple(reports), problems, max_paths)
