"""The building blocks of a printable case, in Markdown: escaping, investigation tables, what a
decision reveals, citations, the key to one decision (each option's verdict and feedback, the
numeric bands, notes where the sources differ, the algorithm node tested, where each answer
leads) and the reference list. `handout.py` puts them on pages.

All case text is escaped, so that characters such as `|`, `*` or `<` print as written instead
of breaking a table or turning into formatting or HTML. Pure: text in, text out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.scoring_types import CREDIT
from tutor.core.cases.model import (
    END,
    AnyStep,
    Case,
    Investigation,
    MultipleStep,
    NumericStep,
    Reference,
    Reveal,
    SingleStep,
)
from tutor.core.cases.vocabulary import Feature, Verdict
from tutor.core.play.describe import VERDICT_WORDS, label, reference_facts
from tutor.markdown_text import escape, escape_paragraphs

FEATURE_WORDS = {
    Feature.ild: "interstitial lung disease",
    Feature.dysphagia: "dysphagia",
    Feature.severe_skin: "prominent skin disease",
    Feature.malignancy: "malignancy",
    Feature.checkpoint_inhibitor: "checkpoint-inhibitor myositis",
    Feature.refractory: "refractory disease",
    Feature.diagnosis_confirmed: "diagnosis confirmed",
}
PHENOTYPE_WORDS = {"PM": "polymyositis (PM)", "DM": "dermatomyositis (DM)"}


def verdict_label(verdict: Verdict) -> str:
    credit = CREDIT[verdict]
    share = "full credit" if credit == 1 else "half credit" if credit else "no credit"
    label = f"{VERDICT_WORDS[verdict]} ({share}"
    if verdict is Verdict.harmful:
        label += ", counted as a safety concern"
    return label + ")"


def _num(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- building blocks


def investigations_table(rows: Sequence[Investigation]) -> list[str]:
    lines = [
        "| Investigation | Result | Unit | Reference range |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        result = escape(row.value_text)
        if row.is_abnormal:
            result = f"**{result}** ({_direction(row)})"
        lines.append(
            f"| {escape(row.name)} | {result} | {escape(row.unit or '')} | "
            f"{escape(row.reference_range)} |"
        )
    return lines


def _direction(row: Investigation) -> str:
    if isinstance(row.value, str) or row.abnormal is not None:
        return "abnormal"
    if row.high is not None and row.value > row.high:
        return "high"
    if row.low is not None and row.value < row.low:
        return "low"
    return "abnormal"


def reveal_lines(reveal: Reveal, lead: str) -> list[str]:
    lines = [f"**{lead}** {escape_paragraphs(reveal.text)}", ""]
    if reveal.investigations:
        lines += [*investigations_table(reveal.investigations), ""]
    return lines


class Citations:
    """Marks citations with the label every front end uses ('[004 Dr.Oracle 2025]') and keeps
    the order in which references are first cited, for the list at the end."""

    def __init__(self, references: Mapping[str, Reference]) -> None:
        self.references = references
        self.order: list[str] = []

    def mark(self, ids: Iterable[str]) -> str:
        for ref in ids:
            if ref not in self.order:
                self.order.append(ref)
        return ", ".join(f"[{escape(label(ref, self.references))}]" for ref in dict.fromkeys(ids))


def step_kind_hint(step: AnyStep) -> str:
    if isinstance(step, NumericStep):
        return f"*Answer with a number, in {escape(step.numeric.unit)}.*"
    if isinstance(step, MultipleStep):
        return "*Select all that apply.*"
    return "*Choose one answer.*"


# --------------------------------------------------------------------------- the answer key


def where(target: str, numbers: Mapping[str, int]) -> str:
    if target == END:
        return "the end of the case"
    if target in numbers:
        return f"decision {numbers[target]}"
    return f"'{escape(target)}' (no such step)"


def key(
    case: Case,
    index: int,
    numbers: Mapping[str, int],
    algorithm: Algorithm | None,
    cites: Citations,
) -> list[str]:
    step = case.steps[index]
    points = _num(step.points)
    lines = [f"### Key to decision {numbers[step.id]}", ""]
    lines.append(f"- **Points:** {points}")
    if step.node:
        node = algorithm.node(step.node) if algorithm else None
        title = f": {escape(node.title)}" if node else ""
        lines.append(f"- **Algorithm node tested:** {escape(step.node)}{title}")
    else:
        lines.append("- **Algorithm node tested:** none named")
    default = case.default_next(index)
    lines += [f"- **Next:** {where(default, numbers)}", ""]

    if isinstance(step, NumericStep):
        numeric = step.numeric
        unit = escape(numeric.unit)
        lines.append("Bands are checked in order; the first that contains the answer decides.")
        lines.append("")
        for band in numeric.bands:
            lines.append(
                f"- **{_num(band.min)} to {_num(band.max)} {unit}:** "
                f"{verdict_label(band.verdict)}. {escape(band.feedback)} {cites.mark(band.cite)}"
            )
        if numeric.tolerance:
            lines.append(
                f"- **Within {_num(numeric.tolerance)} {unit} of a preferred or acceptable "
                "band (rounding):** scored as that band."
            )
        lines.append(
            f"- **Any other answer:** no credit. {escape(numeric.otherwise)} "
            f"{cites.mark(numeric.otherwise_cite)}"
        )
        lines.append("")
    else:
        if isinstance(step, MultipleStep):
            lines.append(
                "Each preferred option chosen earns one share of the points and each acceptable "
                "option half a share; each other option chosen takes one share away (never "
                "below zero). Leaving out an acceptable option costs half as much as leaving "
                "out a preferred one."
            )
            lines.append("")
        for i, option in enumerate(step.options, 1):
            text = (
                f"{i}. **{escape(option.text)}**: {verdict_label(option.verdict)}. "
                f"{escape(option.feedback)} {cites.mark(option.cite)}"
            )
            if isinstance(step, SingleStep) and option.next:
                text += f" Leads to {where(option.next, numbers)}."
            lines.append(text)
        lines.append("")
    for note in step.sources_differ:
        lines += [f"> **Sources differ:** {escape(note.note)} {cites.mark(note.cite)}", ""]
    return lines


def reference_list(ids: Sequence[str], references: Mapping[str, Reference]) -> list[str]:
    """Each reference cited, by its label, with its kind and the papers a document cites."""
    lines = ["## References", ""]
    for ref_id in ids:
        ref = references.get(ref_id)
        if ref is None:
            lines.append(f"- **[{escape(ref_id)}]** not in the reference library.")
            continue
        title = escape(ref.title)
        parts = [
            f"**[{escape(ref.label)}]**",
            f"*{title}*" + ("" if ref.title.endswith((".", "?", "!")) else "."),
            escape(ref.publisher),
        ]
        if ref.year is not None:
            parts[-1] += f", {ref.year}"
        parts[-1] += "."
        if ref.detail:
            detail = escape(ref.detail)
            parts.append(detail if detail.endswith(".") else detail + ".")
        parts.extend(reference_facts(ref, references, lambda text: f"[{escape(text)}]"))
        lines.append("- " + " ".join(parts))
    return [*lines, ""]
