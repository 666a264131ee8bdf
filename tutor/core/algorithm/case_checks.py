"""Checks a case must pass beyond its own format: citations, branching, and the algorithm.

Each check returns diagnostics placed at the line where the offending value was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from tutor.core.algorithm.algorithm import Algorithm, Node, compatible_with_patient
from tutor.core.algorithm.key_rules import option_problems, patient_fits_several
from tutor.core.cases.diagnostics import Diagnostic, Severity
from tutor.core.cases.loader import LoadedCase
from tutor.core.cases.model import END, AnyStep, Case, MultipleStep, NumericStep, Option, Reference
from tutor.core.cases.vocabulary import Verdict

FieldPath = tuple[str | int, ...]


def check_case(
    loaded: LoadedCase, references: Mapping[str, Reference], algorithm: Algorithm
) -> list[Diagnostic]:
    return [
        *check_citations(loaded, references),
        *check_flow(loaded),
        *check_against_algorithm(loaded, algorithm),
        *check_tolerance(loaded),
        *check_prompt_unit(loaded),
        *check_next_in_last_option(loaded),
    ]


ROUNDING_SHARE = 0.02
"""A numeric tolerance may absorb rounding only: at most this share of a correct band's bound."""


_SLASH_UNIT = re.compile(r"(?<![\w/])(?:[mµ]?c?g|IU|U|mL)(?:/[A-Za-z0-9²]+)+(?![\w/])")
"""A dose unit written with a slash ("mg/kg/day", "g/kg"): a prompt that names one asks in it."""


def check_prompt_unit(loaded: LoadedCase) -> list[Diagnostic]:
    """A numeric prompt that asks in one unit while the answer is scored in another is a slip
    a learner pays for: warn when it names slash units and none is the step's own."""
    problems = []
    for i, step in enumerate(loaded.model.steps):
        if not isinstance(step, NumericStep):
            continue
        named = {unit.lower() for unit in _SLASH_UNIT.findall(step.prompt)}
        if named and step.numeric.unit.lower() not in named:
            problems.append(
                loaded.diagnostic(
                    ("steps", i, "prompt"),
                    f"the prompt asks in {', '.join(sorted(named))} but the answer is scored in "
                    f"{step.numeric.unit} (numeric.unit); make them the same",
                    severity=Severity.warning,
                )
            )
    return problems


def check_tolerance(loaded: LoadedCase) -> list[Diagnostic]:
    """Tolerance absorbs rounding; it must never credit a dose outside every source's range."""
    problems = []
    for i, step in enumerate(loaded.model.steps):
        if not isinstance(step, NumericStep) or not step.numeric.tolerance:
            continue
        bounds = [
            abs(b)
            for band in step.numeric.bands
            if band.verdict.is_correct
            for b in (band.min, band.max)
            if b
        ]
        limit = ROUNDING_SHARE * min(bounds) if bounds else 0
        if step.numeric.tolerance > limit + 1e-12:
            problems.append(
                loaded.diagnostic(
                    ("steps", i, "numeric", "tolerance"),
                    f"tolerance {step.numeric.tolerance:g} would credit doses no source names; "
                    f"it may only absorb rounding, at most {limit:g} {step.numeric.unit} "
                    f"({ROUNDING_SHARE:.0%} of the smallest bound of a correct band). Where a "
                    "source gives an absolute dose, add a band for it instead",
                )
            )
    return problems


# --------------------------------------------------------------------------- citations


def citations_in(case: Case) -> Iterator[tuple[FieldPath, str]]:
    for i, step in enumerate(case.steps):
        for j, note in enumerate(step.sources_differ):
            for k, ref in enumerate(note.cite):
                yield ("steps", i, "sources_differ", j, "cite", k), ref
        if isinstance(step, NumericStep):
            for j, band in enumerate(step.numeric.bands):
                for k, ref in enumerate(band.cite):
                    yield ("steps", i, "numeric", "bands", j, "cite", k), ref
            for k, ref in enumerate(step.numeric.otherwise_cite):
                yield ("steps", i, "numeric", "otherwise_cite", k), ref
        else:
            for j, option in enumerate(step.options):
                for k, ref in enumerate(option.cite):
                    yield ("steps", i, "options", j, "cite", k), ref


def check_citations(loaded: LoadedCase, references: Mapping[str, Reference]) -> list[Diagnostic]:
    return [
        loaded.diagnostic(path, f"cites '{ref}', which is not in the reference library")
        for path, ref in citations_in(loaded.model)
        if ref not in references
    ]


# --------------------------------------------------------------------------- branching


def check_next_in_last_option(loaded: LoadedCase) -> list[Diagnostic]:
    """A step-level `next:` indented one level too far lands in the last option: only that
    option skips the detour below, and the answers without a `next:` of their own walk into it.
    Warn when the shape says so: the step has no `next:`, its last option has one, another
    option has none, and the step written below goes on to that same target (a detour that
    rejoins it)."""
    case = loaded.model
    problems = []
    for i, step in enumerate(case.steps[:-1]):
        if isinstance(step, NumericStep) or step.next:
            continue
        *others, last = step.options
        if not last.next or all(o.next for o in others):
            continue
        below = case.steps[i + 1]
        if last.next == below.id or case.default_next(i + 1) != last.next:
            continue
        where = ("steps", i, "options", len(others), "next")
        prompt = loaded.document.position_of(("steps", i, "prompt"), key=True)
        column = f" at column {prompt.column}" if prompt else ""
        problems.append(
            loaded.diagnostic(
                where,
                f"'next: {last.next}' is in the last option, so only that option goes to "
                f"'{last.next}' and the answers without their own 'next' go on to '{below.id}'; if "
                f"the step's answers should go to '{last.next}'"
                f", line 'next:' up with 'prompt:'{column}",
                severity=Severity.warning,
                key=True,
            )
        )
    return problems


def successors(case: Case, index: int) -> list[tuple[FieldPath, str]]:
    """Where step `index` can lead, each with the field that says so."""
    step = case.steps[index]
    default = case.default_next(index)
    default_path: FieldPath = ("steps", index, "next") if step.next else ("steps", index)
    if isinstance(step, NumericStep | MultipleStep):
        return [(default_path, default)]
    targets: list[tuple[FieldPath, str]] = []
    for j, option in enumerate(step.options):
        if option.next:
            targets.append((("steps", index, "options", j, "next"), option.next))
        else:
            targets.append((default_path, default))
    return targets


def check_flow(loaded: LoadedCase) -> list[Diagnostic]:
    """Branch targets exist, every step is reachable, and no path loops forever."""
    case = loaded.model
    index_of = {step.id: i for i, step in enumerate(case.steps)}
    problems: list[Diagnostic] = []
    edges: dict[int, list[int]] = {}
    for i in range(len(case.steps)):
        edges[i] = []
        # Every option without its own `next` shares the step's: one written target, one error.
        for path, target in dict.fromkeys(successors(case, i)):
            if target == END:
                continue
            if target not in index_of:
                problems.append(
                    loaded.diagnostic(path, f"goes to step '{target}', but no step has that id")
                )
                continue
            edges[i].append(index_of[target])

    # Depth-first walk from the first step: grey = on the current path (a loop if met again).
    state: dict[int, str] = {}
    reported_loop = False
    stack: list[tuple[int, Iterator[int]]] = [(0, iter(edges[0]))]
    state[0] = "grey"
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            state[node] = "black"
            stack.pop()
        elif state.get(child) == "grey":
            if not reported_loop:
                problems.append(
                    loaded.diagnostic(
                        ("steps", node),
                        f"step '{case.steps[node].id}' leads back to step "
                        f"'{case.steps[child].id}', so the case could never end",
                    )
                )
                reported_loop = True
        elif child not in state:
            state[child] = "grey"
            stack.append((child, iter(edges[child])))
    for i, step in enumerate(case.steps):
        if i not in state:
            problems.append(
                loaded.diagnostic(
                    ("steps", i, "id"),
                    f"step '{step.id}' can never be reached from the first step; "
                    "point an earlier step's or option's 'next' at it, or remove it",
                )
            )
    return problems


# --------------------------------------------------------------------------- algorithm


def check_against_algorithm(loaded: LoadedCase, algorithm: Algorithm) -> list[Diagnostic]:
    case = loaded.model
    problems: list[Diagnostic] = []
    for i, step in enumerate(case.steps):
        if step.node is None:
            problems.extend(_missing_node_warning(loaded, i, step, algorithm))
            continue
        node = algorithm.node(step.node)
        if node is None:
            problems.append(
                loaded.diagnostic(
                    ("steps", i, "node"),
                    f"names algorithm node '{step.node}', which algorithm.yaml does not have",
                )
            )
            continue
        if not compatible_with_patient(node.when, case.patient.phenotype, case.patient.features):
            problems.append(
                loaded.diagnostic(
                    ("steps", i, "node"),
                    f"node '{node.id}' ({node.title}) does not apply to this case's patient "
                    f"({case.patient.phenotype}"
                    + (f" with {', '.join(case.patient.features)}" if case.patient.features else "")
                    + ")",
                )
            )
            continue
        problems.extend(_unnoted_overlaps(loaded, i, step, node))
        if isinstance(step, NumericStep):
            continue
        for j, option in enumerate(step.options):
            message = verdict_conflict(option, node)
            if message:
                problems.append(loaded.diagnostic(("steps", i, "options", j, "verdict"), message))
            for message in option_problems(
                option, node, case.patient.phenotype, case.patient.features
            ):
                problems.append(loaded.diagnostic(("steps", i, "options", j, "verdict"), message))
    return problems


def _unnoted_overlaps(
    loaded: LoadedCase, index: int, step: AnyStep, node: Node
) -> list[Diagnostic]:
    """A disagreement marked `case_must_note` that this patient fits twice needs a note."""
    patient = loaded.model.patient
    cited = {ref for note in step.sources_differ for ref in note.cite}
    problems = []
    for d in node.disagreements:
        if not d.case_must_note:
            continue
        fitting = patient_fits_several(d, patient.phenotype, patient.features)
        if len(fitting) < 2:
            continue
        missing = [ref for p in fitting for ref in p.cite if ref not in cited]
        if not step.sources_differ or missing:
            problems.append(
                loaded.diagnostic(
                    ("steps", index, "node"),
                    f"this patient fits {len(fitting)} positions of '{d.topic}' in '{node.id}'; "
                    "add a sources_differ note that says so and cites "
                    + ", ".join(dict.fromkeys(ref for p in fitting for ref in p.cite)),
                )
            )
    return problems


def verdict_conflict(option: Option, node: Node) -> str | None:
    """Why this option's verdict contradicts the algorithm node, or None if it does not."""
    if not option.therapies:
        return None
    names = ", ".join(t.label for t in option.therapies)
    avoided = [t for t in option.therapies if node.ranking(t) == "avoid"]
    for therapy in avoided:
        if option.verdict is Verdict.preferred:
            return f"keyed preferred, but '{node.id}' says to avoid {therapy.label}"
        if option.verdict is Verdict.acceptable and node.disputed(therapy) is None:
            return (
                f"keyed acceptable, but '{node.id}' says to avoid {therapy.label} "
                "and records no source that supports it"
            )
    if option.verdict is Verdict.acceptable:
        for therapy in option.therapies:
            if node.ranking(therapy) is None and node.disputed(therapy) is None:
                return (
                    f"keyed acceptable, but '{node.id}' does not list {therapy.label} for this "
                    "decision (the sources place it elsewhere); key it suboptimal, or test "
                    "the node that lists it"
                )
    if option.verdict is Verdict.preferred:
        best = [a.therapy.label for a in node.preferred]
        for therapy in option.therapies:
            rank = node.ranking(therapy)
            if rank != "preferred":
                where = "ranks it only acceptable" if rank == "acceptable" else "does not list it"
                return (
                    f"keyed preferred, but for this patient '{node.id}' {where}; "
                    f"it prefers {', '.join(best) or 'nothing'} ({names} chosen)"
                )
    if option.verdict is Verdict.harmful and all(
        node.ranking(t) in ("preferred", "acceptable") for t in option.therapies
    ):
        return f"keyed harmful, but '{node.id}' supports {names}"
    return None


def _missing_node_warning(
    loaded: LoadedCase, index: int, step: AnyStep, algorithm: Algorithm
) -> list[Diagnostic]:
    if isinstance(step, NumericStep):
        return []
    case = loaded.model
    therapies = {t for option in step.options for t in option.therapies}
    candidates = [
        node.id
        for node in algorithm.nodes
        if therapies & node.therapies()
        and compatible_with_patient(node.when, case.patient.phenotype, case.patient.features)
    ]
    if not candidates:
        return []
    return [
        loaded.diagnostic(
            ("steps", index, "id"),
            f"names no algorithm node, but its options are covered by {', '.join(candidates)}; "
            "add 'node:' so the answer key is checked",
            severity=Severity.warning,
        )
    ]
