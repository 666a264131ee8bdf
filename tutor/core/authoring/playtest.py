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
from tutor.core.authoring.playtest_walk import (  # noqa: F401 - MAX_* are part of the interface
    MAX_LISTED_STEPS,
    MAX_PATHS,
    PathScore,
    count_paths,
    edges_of,
    enumerate_paths,
    graph_of,
    loops_in,
    reachable_steps,
    score_range,
)
from tutor.core.authoring.presumption import Presumption, presumptions
from tutor.core.cases.diagnostics import Diagnostic, Severity
from tutor.core.cases.loader import display_path, find_case_files, load_case
from tutor.core.cases.model import END, Case, MultipleStep, Reference, SingleStep
from tutor.core.library.library import load_library

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DeadEnd:
    step: str
    target: str
    option: int | None = None
    """1-based option number whose `next` goes nowhere; None for the step's own `next`."""


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
    total_paths: int | None
    """Every path through the case, listed or not; None when a loop leaves it uncounted."""
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


def analyse(
    case: Case,
    algorithm: Algorithm | None,
    references: Mapping[str, Reference],
    *,
    max_paths: int = MAX_PATHS,
) -> Analysis:
    index_of = {step.id: i for i, step in enumerate(case.steps)}
    graph = graph_of(case)
    reachable = reachable_steps(graph, index_of)
    paths, truncated = enumerate_paths(case, graph, index_of, max_paths)
    low, high = score_range(graph, index_of)

    dead_ends = []
    for i, step in enumerate(case.steps):
        for edge in edges_of(case, i):
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
        loops=tuple(loops_in(case, graph, index_of)),
        paths=tuple(paths),
        truncated=truncated,
        total_paths=count_paths(graph, index_of) if truncated else len(paths),
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
