"""Library coverage: for each algorithm node and each reference, the cases and decisions that
teach it, and what nothing in the library teaches.

A decision teaches a node when its step names the node (`node:`); it teaches a reference when
the step cites it anywhere: an option, a numeric band, the feedback for an answer outside every
band, or a sources-differ note. This module is pure: it takes a loaded library and returns data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.cases.model import Case, MultipleStep, NumericStep, Reference, SingleStep, Step


@dataclass(frozen=True)
class Decision:
    case: str
    step: str


@dataclass
class Taught:
    id: str
    title: str
    decisions: list[Decision] = field(default_factory=list)

    @property
    def cases(self) -> list[str]:
        return list(dict.fromkeys(d.case for d in self.decisions))


@dataclass
class Coverage:
    cases: list[str]
    nodes: list[Taught]
    references: list[Taught]

    @property
    def untaught_nodes(self) -> list[str]:
        return [n.id for n in self.nodes if not n.decisions]

    @property
    def uncited_references(self) -> list[str]:
        return [r.id for r in self.references if not r.decisions]


def step_citations(step: Step) -> list[str]:
    """Every reference id a step cites, in the order written, each once."""
    cites: list[str] = []
    if isinstance(step, SingleStep | MultipleStep):
        for option in step.options:
            cites.extend(option.cite)
    elif isinstance(step, NumericStep):
        for band in step.numeric.bands:
            cites.extend(band.cite)
        cites.extend(step.numeric.otherwise_cite)
    for note in step.sources_differ:
        cites.extend(note.cite)
    return list(dict.fromkeys(cites))


def coverage(
    cases: Sequence[Case], algorithm: Algorithm | None, references: Iterable[Reference]
) -> Coverage:
    nodes = {n.id: Taught(n.id, n.title) for n in (algorithm.nodes if algorithm else [])}
    refs = {r.id: Taught(r.id, r.title) for r in references}
    for case in cases:
        for step in case.steps:
            decision = Decision(case.id, step.id)
            if step.node is not None and step.node in nodes:
                nodes[step.node].decisions.append(decision)
            for cite in step_citations(step):
                if cite in refs:
                    refs[cite].decisions.append(decision)
    return Coverage([c.id for c in cases], list(nodes.values()), list(refs.values()))


def coverage_dict(report: Coverage) -> dict[str, object]:
    def entry(item: Taught) -> dict[str, object]:
        return {
            "id": item.id,
            "title": item.title,
            "cases": item.cases,
            "decisions": [{"case": d.case, "step": d.step} for d in item.decisions],
        }

    return {
        "cases": report.cases,
        "nodes": [entry(n) for n in report.nodes],
        "references": [entry(r) for r in report.references],
        "untaught_nodes": report.untaught_nodes,
        "uncited_references": report.uncited_references,
    }


def render_text(report: Coverage) -> str:
    lines = [f"Coverage of {len(report.cases)} case(s): {', '.join(report.cases) or 'none'}", ""]
    for heading, items in (("Algorithm nodes", report.nodes), ("References", report.references)):
        taught = sum(1 for i in items if i.decisions)
        lines.append(f"{heading}: {taught} of {len(items)} taught")
        for item in items:
            if not item.decisions:
                lines.append(f"  {item.id}: taught by nothing")
                continue
            by_case: dict[str, list[str]] = {}
            for d in item.decisions:
                by_case.setdefault(d.case, []).append(d.step)
            where = "; ".join(f"{case} ({', '.join(steps)})" for case, steps in by_case.items())
            lines.append(f"  {item.id}: {len(item.decisions)} decision(s) in {where}")
        lines.append("")
    lines.append("Taught by nothing:")
    lines.append(f"  nodes: {', '.join(report.untaught_nodes) or 'none'}")
    lines.append(f"  references: {', '.join(report.uncited_references) or 'none'}")
    return "\n".join(lines) + "\n"
