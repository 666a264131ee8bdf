"""The class report: per case, every attempt, and an item analysis of each decision; then what
the class most often got wrong, with the key and its citations from the case library.

Pure: attempts (from `class_data`) and case models in, a `ClassReport` out; the renderers
(`class_report_text`, `class_report_html`) turn it into Markdown, CSV, HTML or JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from tutor.core.cases.model import AnyStep, Case, NumericStep, Reference
from tutor.core.cases.vocabulary import Verdict
from tutor.core.records.class_data import Answer, Attempt, ClassRecords
from tutor.core.records.item_analysis import ItemStats, item_stats, median
from tutor.core.records.xapi import ext

RULE = (
    "Item analysis counts each learner's first completed attempt at a case (the earliest "
    "started), as Moodle's quiz statistics report does by default; within it, the first answer "
    "to each decision. A decision that learner's path did not reach is left out of that "
    "decision's numbers, not scored 0. Discrimination compares the decision's mark with the "
    "rest of the attempt's marks. Every attempt, finished or not, is listed under Attempts."
)
MOST_WRONG = 10


@dataclass(frozen=True)
class AttemptLine:
    learner: str
    learner_key: str
    mode: str
    date: str
    answered: int
    points: float
    max_points: float
    score: float
    harmful: int
    certainty: int | None
    certainty_max: int
    seconds: float
    completed: bool
    counted: bool


@dataclass(frozen=True)
class OptionCount:
    label: str
    verdict: str
    count: int
    key: bool


@dataclass(frozen=True)
class Decision:
    case_id: str
    case_title: str
    step_id: str
    prompt: str
    stats: ItemStats
    options: list[OptionCount]
    harmful: int
    """Learners whose answer made a harmful choice."""
    wrong: int
    """Learners whose answer was not a supported one (or was harmful)."""
    median_seconds: float | None
    flags: list[str]
    key: list[str]
    citations: list[str]


@dataclass(frozen=True)
class CaseSection:
    case_id: str
    title: str
    attempts: list[AttemptLine]
    decisions: list[Decision]


@dataclass(frozen=True)
class ClassReport:
    rule: str
    learners: int
    read: int
    duplicates: int
    ignored: int
    cases: list[CaseSection] = field(default_factory=list)
    most_wrong: list[Decision] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def _percent(points: float, maximum: float) -> float:
    return 100 * points / maximum if maximum else 0.0


def _attempt_line(attempt: Attempt, counted: bool) -> AttemptLine:
    answers = list(attempt.answers.values())
    points = sum(a.points for a in answers)
    maximum = sum(a.max_points for a in answers)
    marks = [a.certainty_mark for a in answers if a.certainty_mark is not None]
    return AttemptLine(
        learner=attempt.learner.label(),
        learner_key=attempt.learner.key,
        mode=attempt.mode,
        date=attempt.began[:10],
        answered=len(answers),
        points=points,
        max_points=maximum,
        score=_percent(points, maximum),
        harmful=sum(a.harmful for a in answers),
        certainty=sum(marks) if marks else None,
        certainty_max=3 * len(marks),
        seconds=sum(a.seconds for a in answers),
        completed=attempt.completed,
        counted=counted,
    )


def first_attempts(attempts: list[Attempt]) -> dict[str, Attempt]:
    """Per learner (by identity key): their first completed attempt, of one case's attempts."""
    first: dict[str, Attempt] = {}
    for attempt in sorted(attempts, key=lambda a: (a.began, a.key)):
        if attempt.completed:
            first.setdefault(attempt.learner.key, attempt)
    return first


def first_answers(attempt: Attempt) -> dict[str, Answer]:
    """Per decision: the attempt's first answer to it."""
    found: dict[str, Answer] = {}
    for number in sorted(attempt.answers):
        answer = attempt.answers[number]
        found.setdefault(answer.step_id, answer)
    return found


def _label(ref_id: str, references: Mapping[str, Reference]) -> str:
    reference = references.get(ref_id)
    return reference.label if reference is not None else ref_id


def _band_text(low: float, high: float, unit: str) -> str:
    return f"{low:g}-{high:g} {unit}"


def _key_and_cites(step: AnyStep) -> tuple[list[str], list[str]]:
    """The key as xAPI's correctResponsesPattern has it, in words, and what it cites."""
    if isinstance(step, NumericStep):
        bands = [b for b in step.numeric.bands if b.verdict is Verdict.preferred]
        unit = step.numeric.unit
        return [_band_text(b.min, b.max, unit) for b in bands], [c for b in bands for c in b.cite]
    if step.kind == "multiple":
        keyed = [o for o in step.options if o.verdict.is_correct]
    else:
        keyed = [o for o in step.options if o.verdict is Verdict.preferred]
    return [o.text for o in keyed], [c for o in keyed for c in o.cite]


def _numeric_counts(step: NumericStep | None, answers: list[Answer]) -> list[OptionCount]:
    """A numeric decision: how many answers each verdict got, with its bands."""
    counts: dict[str, int] = {}
    for answer in answers:
        counts[answer.verdict] = counts.get(answer.verdict, 0) + 1
    lines = []
    for verdict in Verdict:
        ranges = []
        if step is not None:
            unit = step.numeric.unit
            ranges = [
                _band_text(b.min, b.max, unit) for b in step.numeric.bands if b.verdict is verdict
            ]
        if counts.get(verdict.value) or ranges:
            text = ", ".join(ranges) if ranges else "outside every band"
            preferred = verdict is Verdict.preferred
            lines.append(OptionCount(text, verdict.value, counts.get(verdict.value, 0), preferred))
    return lines


def _option_counts(
    step: AnyStep | None, definition: Mapping[str, Any], answers: list[Answer]
) -> list[OptionCount]:
    """How many chose each option: labelled from the case file, else from the statements'
    activity definition, else by the option's number."""
    if isinstance(step, NumericStep) or (
        step is None and any(a.value is not None for a in answers)
    ):
        return _numeric_counts(step if isinstance(step, NumericStep) else None, answers)
    chosen: dict[int, int] = {}
    for answer in answers:
        for index in answer.choices:
            chosen[index] = chosen.get(index, 0) + 1
    if step is not None:
        key, _ = _key_and_cites(step)
        return [
            OptionCount(o.text, o.verdict.value, chosen.get(i, 0), o.text in key)
            for i, o in enumerate(step.options)
        ]
    choices = [c for c in definition.get("choices") or [] if isinstance(c, dict)]
    patterns = definition.get("correctResponsesPattern") or []
    keyed = {part for pattern in patterns for part in str(pattern).split("[,]")}
    lines = []
    for index in range(max([len(choices), *(i + 1 for i in chosen)])):
        ident = f"option-{index + 1}"
        words = choices[index].get("description") if index < len(choices) else None
        text = next(iter(words.values()), ident) if isinstance(words, dict) else ident
        lines.append(OptionCount(str(text), "", chosen.get(index, 0), ident in keyed))
    return lines


def _decision(
    case_id: str,
    title: str,
    step_id: str,
    counted: list[tuple[Answer, float]],
    case: Case | None,
    definition: Mapping[str, Any],
    references: Mapping[str, Reference],
) -> Decision:
    """One decision's numbers from (first answer, rest of that attempt's marks) pairs."""
    answers = [answer for answer, _ in counted]
    stats = item_stats(
        [a.points for a in answers], [a.max_points for a in answers], [r for _, r in counted]
    )
    step = None
    if case is not None:
        step = next((s for s in case.steps if s.id == step_id), None)
    if step is not None:
        key, cites = _key_and_cites(step)
        prompt = step.prompt
    else:
        key = []
        cites = list((definition.get("extensions") or {}).get(ext("citations"), []))
        prompt = next(iter((definition.get("description") or {}).values()), "")
    return Decision(
        case_id=case_id,
        case_title=title,
        step_id=step_id,
        prompt=str(prompt),
        stats=stats,
        options=_option_counts(step, definition, answers),
        harmful=sum(a.harmful for a in answers),
        wrong=sum(not a.right for a in answers),
        median_seconds=median([a.seconds for a in answers]),
        flags=stats.flags(),
        key=key,
        citations=[_label(c, references) for c in dict.fromkeys(map(str, cites))],
    )


def _section(
    case_id: str,
    attempts: list[Attempt],
    records: ClassRecords,
    case: Case | None,
    references: Mapping[str, Reference],
) -> CaseSection:
    first = first_attempts(attempts)
    counted_keys = {a.key for a in first.values()}
    title = (
        case.title
        if case is not None
        else next((a.case_title for a in attempts if a.case_title), case_id)
    )
    per_step: dict[str, list[tuple[Answer, float]]] = {}
    for attempt in first.values():
        answers = first_answers(attempt)
        total = sum(a.points for a in answers.values())
        for step_id, answer in answers.items():
            per_step.setdefault(step_id, []).append((answer, total - answer.points))
    order = [s.id for s in case.steps] if case is not None else []
    step_ids = [s for s in order if s in per_step] + sorted(set(per_step) - set(order))
    decisions = [
        _decision(
            case_id, title, step_id, per_step[step_id], case,
            records.definitions.get((case_id, step_id), {}), references,
        )
        for step_id in step_ids
    ]  # fmt: skip
    lines = [
        _attempt_line(a, a.key in counted_keys)
        for a in sorted(attempts, key=lambda a: (a.learner.label().casefold(), a.began))
    ]
    return CaseSection(case_id, title, lines, decisions)


def build_report(
    records: ClassRecords,
    cases: Mapping[str, Case],
    references: Mapping[str, Reference],
) -> ClassReport:
    by_case: dict[str, list[Attempt]] = {}
    for attempt in records.attempts.values():
        by_case.setdefault(attempt.case_id, []).append(attempt)
    sections = [
        _section(case_id, by_case[case_id], records, cases.get(case_id), references)
        for case_id in sorted(by_case)
    ]
    decisions = [d for section in sections for d in section.decisions if d.wrong]
    most = sorted(decisions, key=lambda d: (-d.wrong / d.stats.n, -d.wrong))[:MOST_WRONG]
    return ClassReport(
        rule=RULE,
        learners=len({a.learner.key for a in records.attempts.values()}),
        read=records.read,
        duplicates=records.duplicates,
        ignored=records.ignored,
        cases=sections,
        most_wrong=most,
    )
