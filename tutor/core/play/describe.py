"""Plain-text phrasings shared by every front end (line mode, TUI, exports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from tutor.core.cases.vocabulary import Verdict
from tutor.core.play.wording import format_points, plural, word_for
from tutor.notice import DISCLAIMER  # noqa: F401 - re-exported for the front ends

if TYPE_CHECKING:  # light at run time: the library screen imports this before any model
    from tutor.core.algorithm.scoring import StepResult, Totals
    from tutor.core.cases.model import AnyStep, Reference

VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.preferred: "Preferred",
    Verdict.acceptable: "Acceptable",
    Verdict.suboptimal: "Suboptimal",
    Verdict.harmful: "Harmful",
}


def step_kind_hint(step: AnyStep) -> str:
    if step.kind == "numeric":
        return f"enter a number in {step.numeric.unit}"
    if step.kind == "multiple":
        return "select all that apply"
    return "single best answer"


def result_headline(result: StepResult) -> str:
    """'Acceptable, sources differ - 1 of 2 points' and the like."""
    label = result.label
    if label == result.verdict.value:
        label = VERDICT_WORDS[result.verdict]
    else:
        label = label[0].upper() + label[1:]
    return (
        f"{label} - {format_points(result.points)} of {format_points(result.max_points)} "
        f"{word_for(result.max_points, 'point')}"
    )


def score_line(totals: Totals) -> str:
    line = (
        f"Score: {format_points(totals.points)} of {format_points(totals.path_max)} points "
        f"on your path ({totals.percent:.0f}%)"
    )
    answered = totals.answered_max
    if answered is not None and answered < totals.path_max:
        share = 100.0 * totals.points / answered if answered else 0.0
        line += (
            f"; {format_points(totals.points)} of the {format_points(answered)} points of the "
            f"decisions answered so far ({share:.0f}%)"
        )
    return line


def best_path_note(totals: Totals) -> str:
    """Why the best path is worth a different number of points from the path taken ('' if not)."""
    if totals.best_path_max == totals.path_max:
        return ""
    return (
        f"The best path through the case is worth {format_points(totals.best_path_max)} points. "
        "Yours differs because some answers lead to extra decisions (a detour), each with its "
        "own points."
    )


def safety_line(totals: Totals) -> str:
    count = len(totals.harmful)
    if count == 0:
        return "Safety: no harmful choices."
    return f"Safety: {plural(count, 'harmful choice')} - review below."


def format_reference(reference: Reference) -> str:
    parts = [reference.title, reference.publisher]
    if reference.year:
        parts.append(str(reference.year))
    text = " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)
    if reference.detail:
        text += f" {reference.detail}"
    return f"{text} [source document {reference.source}]"


def cited(ids: Iterable[str]) -> str:
    return ", ".join(f"[{i}]" for i in ids)


def reference_lines(ids: Iterable[str], references: Mapping[str, Reference]) -> list[str]:
    lines = []
    for ref_id in dict.fromkeys(ids):
        reference = references.get(ref_id)
        lines.append(f"[{ref_id}] {format_reference(reference) if reference else '(unknown)'}")
    return lines
