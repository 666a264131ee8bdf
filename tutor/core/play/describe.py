"""Plain-text phrasings shared by every front end (line mode, TUI, exports)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from tutor.core.cases.vocabulary import Verdict
from tutor.core.play.wording import format_points, plural, word_for
from tutor.notice import DISCLAIMER  # noqa: F401 - re-exported for the front ends

if TYPE_CHECKING:  # light at run time: the library screen imports this before any model
    from tutor.core.algorithm.scoring_types import StepResult, Totals
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


def label(ref_id: str, references: Mapping[str, Reference]) -> str:
    """The short name a learner sees for a citation ('004 Dr.Oracle 2025'); an id the library
    does not hold shows as itself."""
    reference = references.get(ref_id)
    return reference.label if reference is not None else ref_id


def cited(ids: Iterable[str], references: Mapping[str, Reference]) -> str:
    """Citation brackets, the one format every front end uses: '[004 Dr.Oracle 2025]'."""
    return ", ".join(f"[{label(i, references)}]" for i in ids)


def format_reference(reference: Reference) -> str:
    """The entry itself: title, publisher, year and detail."""
    parts = [reference.title, reference.publisher]
    if reference.year:
        parts.append(str(reference.year))
    text = " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)
    if reference.detail:
        text += f" {reference.detail}"
    return text


def _bracket(text: str) -> str:
    return f"[{text}]"


def citing_documents(
    reference: Reference,
    references: Mapping[str, Reference],
    bracket: Callable[[str], str] = _bracket,
) -> list[str]:
    """Labels of the documents that cite a primary paper (its `cited_in` numbers)."""
    documents = {r.document: r for r in references.values() if not r.is_primary and r.document}
    return [
        bracket(documents[n].label) if n in documents else f"document {n}"
        for n in reference.cited_in
    ]


def cited_papers(
    reference: Reference,
    references: Mapping[str, Reference],
    bracket: Callable[[str], str] = _bracket,
) -> list[str]:
    """Labels of the primary papers a document cites."""
    if reference.is_primary or reference.document is None:
        return []
    return [
        bracket(r.label)
        for r in references.values()
        if r.is_primary and reference.document in r.cited_in
    ]


def reference_facts(
    reference: Reference,
    references: Mapping[str, Reference],
    bracket: Callable[[str], str] = _bracket,
) -> list[str]:
    """What kind of source this is and how it relates to the others, so a learner can weigh
    it: 'Kind: guideline-style summary.' and 'Cites: [004: Praxis Medical Insights 2025].', or
    'Kind: primary paper, cited in [001 Dr.Oracle 2025].'"""
    if reference.kind is None:
        return []
    if reference.is_primary:
        documents = ", ".join(citing_documents(reference, references, bracket))
        return [f"Kind: primary paper, cited in {documents}."]
    facts = [f"Kind: {reference.kind}."]
    papers = cited_papers(reference, references, bracket)
    if papers:
        facts.append(f"Cites: {', '.join(papers)}.")
    return facts


def reference_lines(ids: Iterable[str], references: Mapping[str, Reference]) -> list[str]:
    lines = []
    for ref_id in dict.fromkeys(ids):
        reference = references.get(ref_id)
        if reference is None:
            lines.append(f"[{ref_id}] (unknown)")
            continue
        entry = " ".join([format_reference(reference), *reference_facts(reference, references)])
        lines.append(f"[{reference.label}] {entry}")
    return lines
