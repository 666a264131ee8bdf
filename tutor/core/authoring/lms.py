"""What a Moodle quiz question holds for one decision, in one place for GIFT and Moodle XML.

Each answer gets a Moodle grade (a percentage) and feedback: the verdict in words (harmful
options say so, "counted as a safety concern"), the author's feedback and the citations.

- single -> multiple choice, one answer: preferred 100, acceptable 50, others 0 (harmful
  answers earn nothing, as in the tutor, and the feedback names the harm).
- select-all -> multiple choice, several answers: the correct options (preferred, acceptable)
  share 100 - an acceptable option half a preferred one's share when Moodle's grade list can
  express it, else equal shares; a suboptimal option takes one share away and a harmful one
  -100, so ticking everything never pays.
- numeric -> numerical: each band of the key (checked in order, as Moodle does) as a value
  with a tolerance covering exactly the band; then, when the key has a rounding tolerance, the
  correct bands widened by it at their own grade (the best first, as the tutor scores a
  rounded answer); then anything else at 0 with the key's `otherwise`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from tutor.core.authoring.export import verdict_label
from tutor.core.cases.model import MultipleStep, NumericStep, Reference, SingleStep
from tutor.core.cases.vocabulary import Verdict
from tutor.core.play.describe import cited
from tutor.core.play.quiz import QuizItem

# The grades Moodle accepts for an answer (question/format.php, get_grade_options), in percent.
MOODLE_GRADES = (
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0,
    25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
)  # fmt: skip


@dataclass(frozen=True)
class Choice:
    text: str
    grade: float
    feedback: str


@dataclass(frozen=True)
class Band:
    """A numerical answer: `value` +- `tolerance`, the band min..max."""

    low: float
    high: float
    grade: float
    feedback: str

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2

    @property
    def tolerance(self) -> float:
        return (self.high - self.low) / 2


@dataclass(frozen=True)
class Question:
    name: str
    kind: str  # "single", "multiple" or "numerical"
    item: QuizItem
    choices: tuple[Choice, ...] = ()
    bands: tuple[Band, ...] = ()
    otherwise: str = ""


def _grade(percent: float) -> float:
    """The nearest grade Moodle accepts (negative grades mirror the list), rounded down in
    the fifth decimal so that equal shares never add up to more than 100 (6 x 16.66666)."""
    nearest = min(MOODLE_GRADES, key=lambda g: abs(g - abs(percent)))
    if 0 < nearest - abs(percent) < 1e-4:
        nearest = math.floor(abs(percent) * 100_000) / 100_000
    return nearest if percent >= 0 else -nearest


def _feedback(verdict: Verdict, text: str, cite: list[str], refs: Mapping[str, Reference]) -> str:
    return f"{verdict_label(verdict)}. {' '.join(text.split())} {cited(cite, refs)}".strip()


def _multiple_grades(step: MultipleStep) -> list[float]:
    weight = {Verdict.preferred: 2.0, Verdict.acceptable: 1.0}
    total = sum(weight.get(o.verdict, 0.0) for o in step.options)
    grades = [100 * weight.get(o.verdict, 0.0) / total for o in step.options]
    if any(abs(_grade(g) - g) > 1e-4 for g in grades):
        correct = sum(1 for o in step.options if o.verdict.is_correct)
        grades = [100 / correct if o.verdict.is_correct else 0.0 for o in step.options]
    share = max(grades)
    return [
        _grade(g) if o.verdict.is_correct
        else -100.0 if o.verdict is Verdict.harmful
        else _grade(-share)
        for g, o in zip(grades, step.options, strict=True)
    ]  # fmt: skip


_SINGLE = {Verdict.preferred: 100.0, Verdict.acceptable: 50.0}


def question_for(item: QuizItem, refs: Mapping[str, Reference]) -> Question:
    step = item.step
    name = f"{item.case.id}: {step.id}"
    if isinstance(step, NumericStep):
        numeric = step.numeric
        bands = [
            Band(
                b.min,
                b.max,
                _SINGLE.get(b.verdict, 0.0),
                _feedback(b.verdict, b.feedback, b.cite, refs),
            )
            for b in numeric.bands
        ]
        if numeric.tolerance:
            # Rounding: just outside every band but within `tolerance` of a correct one is
            # scored as that band (the best such band), as the tutor scores it.
            widened = [
                Band(b.low - numeric.tolerance, b.high + numeric.tolerance, b.grade,
                     f"Within rounding ({numeric.tolerance:g} {numeric.unit}) of "
                     f"{b.low:g} to {b.high:g}. {b.feedback}")
                for b in bands if b.grade > 0
            ]  # fmt: skip
            bands += sorted(widened, key=lambda b: -b.grade)
        otherwise = f"No credit. {' '.join(numeric.otherwise.split())} " + cited(
            numeric.otherwise_cite, refs
        )
        return Question(name, "numerical", item, bands=tuple(bands), otherwise=otherwise.strip())
    assert isinstance(step, SingleStep | MultipleStep)
    if isinstance(step, MultipleStep):
        grades = _multiple_grades(step)
    else:
        grades = [_SINGLE.get(o.verdict, 0.0) for o in step.options]
    choices = tuple(
        Choice(o.text, grade, _feedback(o.verdict, o.feedback, o.cite, refs))
        for o, grade in zip(step.options, grades, strict=True)
    )
    kind = "multiple" if isinstance(step, MultipleStep) else "single"
    return Question(name, kind, item, choices=choices)


def questions(items: list[QuizItem], refs: Mapping[str, Reference]) -> list[Question]:
    return [question_for(item, refs) for item in items]
