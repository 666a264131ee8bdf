"""A case as a printable handout that keeps the answers hidden, in Markdown.

Pages, in order: the patient (title, summary, objectives, vignette with its investigations
table); each decision on a page of its own, in the order `route.handout_order` gives (the main
route, then each detour marked with the choices that lead to it); at the top of the page after
a decision, what that decision revealed and where each answer goes. With `answers=True`, the
answer key and the reference list follow, each on its own page. So a reader going page by page
never sees a consequence before the decision it follows from. Other formats (HTML, PDF) print
the same pages. Pure: text in, text out.
"""

from __future__ import annotations

from collections.abc import Mapping

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.authoring.export import (
    FEATURE_WORDS,
    PHENOTYPE_WORDS,
    Citations,
    escape,
    escape_paragraphs,
    investigations_table,
    key,
    reference_list,
    reveal_lines,
    step_kind_hint,
    where,
)
from tutor.core.authoring.route import Entry, Placed, handout_order
from tutor.core.cases.model import END, Case, NumericStep, Reference
from tutor.core.play.describe import DISCLAIMER


def _front_matter(case: Case) -> list[str]:
    patient = PHENOTYPE_WORDS[case.patient.phenotype.value]
    if case.patient.features:
        patient += " with " + ", ".join(FEATURE_WORDS[f] for f in case.patient.features)
    lines = [
        f"# {escape(case.title)}",
        "",
        f"*{escape(DISCLAIMER)}*",
        "",
        escape_paragraphs(case.summary),
        "",
        f"- **Patient:** {escape(patient)}",
        f"- **Difficulty:** {escape(case.difficulty.value)}; about {case.minutes} minutes",
        f"- **Tags:** {escape(', '.join(t.value for t in case.tags))}",
        f"- **Author:** {escape(case.author)}; version {case.version}, "
        f"reviewed {case.reviewed.isoformat()}",
        "",
        "## Learning objectives",
        "",
    ]
    lines += [f"- {escape(objective)}" for objective in case.objectives]
    return [*lines, ""]


def _vignette(case: Case) -> list[str]:
    vignette = case.vignette
    lines = [
        "## The patient",
        "",
        "### Presentation",
        "",
        escape_paragraphs(vignette.presentation),
        "",
        "### Examination",
        "",
        escape_paragraphs(vignette.examination),
        "",
        "### Investigations",
        "",
    ]
    if vignette.investigations:
        lines += [
            *investigations_table(vignette.investigations),
            "",
            "Results outside the reference range are in bold.",
            "",
        ]
    else:
        lines += ["No investigations yet.", ""]
    return lines


def _entry_words(entry: Entry, numbers: Mapping[str, int]) -> str:
    if entry.option:
        return f"option {entry.option} at decision {numbers[entry.step_id]}"
    return f"the path through decision {numbers[entry.step_id]}"


def _decision(placed: Placed, numbers: Mapping[str, int]) -> list[str]:
    step = placed.step
    lines = [f"### Decision {placed.number}", ""]
    if placed.detour:
        if placed.entries:
            how = " or ".join(_entry_words(e, numbers) for e in placed.entries)
            lines += [f"*Only if you chose {how}.*", ""]
        else:
            lines += ["*No answer leads here.*", ""]
    lines += [escape_paragraphs(step.prompt), "", step_kind_hint(step), ""]
    if isinstance(step, NumericStep):
        lines += [f"Answer: ____________ {escape(step.numeric.unit)}", ""]
    else:
        lines += [f"{i}. {escape(option.text)}" for i, option in enumerate(step.options, 1)]
        lines.append("")
    return lines


def _afterwards(placed: Placed, numbers: Mapping[str, int], default: str) -> list[str]:
    """What a decision reveals, and where each answer goes: printed on the page after it."""
    step = placed.step
    lines: list[str] = []
    if not isinstance(step, NumericStep):
        for i, option in enumerate(step.options, 1):
            go = f"go to {where(option.next, numbers)}." if option.next else ""
            if option.reveal is not None:
                lines += reveal_lines(option.reveal, f"If you chose option {i}:")
                if go:
                    lines += [f"Then {go}", ""]
            elif go:
                lines += [f"**If you chose option {i}:** {go}", ""]
    if step.reveal is not None:
        lines += reveal_lines(step.reveal, "Whatever you chose:")
    if placed.detour and default != END:
        lines += [f"Then go on to {where(default, numbers)}.", ""]
    if lines:
        lines = [f"### After decision {placed.number}", "", *lines]
    return lines


def handout_pages(
    case: Case,
    references: Mapping[str, Reference],
    algorithm: Algorithm | None = None,
    *,
    answers: bool = False,
) -> list[list[str]]:
    """The handout as pages of Markdown lines: the patient; each decision on its own page, with
    what the previous one revealed at its top; detours after the main route; what the last one
    revealed; with `answers`, the key and the references. Paper shows no consequence before the
    decision it follows from."""
    order = handout_order(case)
    numbers = {placed.step.id: placed.number for placed in order}
    index = {step.id: i for i, step in enumerate(case.steps)}
    pages = [_front_matter(case) + _vignette(case)]
    before: list[str] = []
    for placed in order:
        page = before + _decision(placed, numbers)
        if placed.number == 1:
            page = ["## Decisions", "", *page]
        pages.append(page)
        before = _afterwards(placed, numbers, case.default_next(index[placed.step.id]))
    if before:
        pages.append(before)
    if answers:
        cites = Citations(references)
        answer_key = [
            "## Answer key",
            "",
            "Credit: preferred earns the decision's points, acceptable half, suboptimal and "
            "harmful nothing; harmful choices are also counted as safety concerns.",
            "",
        ]
        for placed in order:
            answer_key += key(case, index[placed.step.id], numbers, algorithm, cites)
        pages.append(answer_key)
        pages.append(reference_list(cites.order, references))
    for page in pages:
        while page and page[-1] == "":
            page.pop()
    return pages


# A rule for screen readers of the Markdown, and a page break for converters that print it
# (pandoc, most Markdown-to-PDF tools); both are fixed text, never case text.
PAGE_BREAK = '---\n\n<div style="break-after: page; page-break-after: always"></div>'


def render_markdown(
    case: Case,
    references: Mapping[str, Reference],
    algorithm: Algorithm | None = None,
    *,
    answers: bool = False,
) -> str:
    pages = handout_pages(case, references, algorithm, answers=answers)
    return ("\n\n" + PAGE_BREAK + "\n\n").join("\n".join(page) for page in pages) + "\n"
