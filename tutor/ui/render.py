"""Case text -> Textual Content, never through markup.

Everything a case file says (titles, options, feedback, investigation names) is untrusted: it is
placed into `Content` as plain text, and only the styles chosen here are applied to it. A `[/]`
or `[@click=app.quit]` in a case shows literally and does nothing.

The phrasing comes from `tutor.core.play.describe`, so the screens say what the line mode says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from tutor.core.cases.vocabulary import Verdict
from tutor.core.play.describe import (
    VERDICT_WORDS,
    cited,
    format_reference,
    reference_facts,
    result_headline,
)
from tutor.printable import printable

if TYPE_CHECKING:  # light at run time: the library screen renders before any model is loaded
    from tutor.core.algorithm.algorithm import Advice, Node
    from tutor.core.algorithm.scoring_types import StepResult
    from tutor.core.cases.model import AnyStep, Investigation, Reference

Part = str | Content | tuple[str, str]


@dataclass(frozen=True)
class Block:
    """A paragraph: its content, how far it is indented, and whether a blank line precedes it."""

    content: Content
    indent: int = 0
    gap: bool = False


VERDICT_STYLE: dict[Verdict, str] = {
    Verdict.preferred: "bold $text-success",
    Verdict.acceptable: "bold $text-accent",
    Verdict.suboptimal: "bold $text-warning",
    Verdict.harmful: "bold $text-error",
}
VERDICT_MARK: dict[Verdict, str] = {
    Verdict.preferred: "✔",
    Verdict.acceptable: "≈",
    Verdict.suboptimal: "✘",
    Verdict.harmful: "⚠",
}
HEADING = "bold $text-primary"
# Not $text-muted: that is "auto 60%", which only CSS blends; in text it came out bright.
MUTED = "$foreground-muted"
ERROR = "bold $text-error"
WARNING = "bold $text-warning"


def plain(text: str) -> Content:
    """Untrusted text, shown as written (controls and reordering characters as escapes)."""
    return Content(printable(text, newlines=True))


def line(*parts: Part) -> Content:
    """Join plain strings and (text, style) pairs; strings are never parsed as markup, and
    controls and reordering characters in them are shown as escapes."""
    return Content.assemble(
        *(
            printable(part, newlines=True)
            if isinstance(part, str)
            else (printable(part[0], newlines=True), part[1])
            if isinstance(part, tuple)
            else part
            for part in parts
        )
    )


def lines(rows: Iterable[Content]) -> Content:
    return Content("\n").join(list(rows))


def heading(text: str) -> Content:
    return Content.styled(text, HEADING)


def verdict_text(verdict: Verdict) -> Content:
    return Content.styled(
        f"{VERDICT_MARK[verdict]} {VERDICT_WORDS[verdict]}", VERDICT_STYLE[verdict]
    )


def headline(result: StepResult) -> Content:
    """'✔ Preferred - 1 of 1 point', styled by verdict (the words carry it without colour)."""
    return Content.styled(
        f"{VERDICT_MARK[result.verdict]} {result_headline(result)}", VERDICT_STYLE[result.verdict]
    )


def citations(ids: Sequence[str], references: Mapping[str, Reference]) -> Content:
    """Citation labels ('[004 Dr.Oracle 2025]'), as describe.cited writes them."""
    return Content.styled(cited(ids, references), MUTED) if ids else Content("")


# --------------------------------------------------------------------------- vignette


def abnormal_flag(row: Investigation) -> str:
    """'▲ high', '▼ low' or '● abnormal' (words, so the mark does not rely on colour)."""
    if not row.is_abnormal:
        return ""
    if not isinstance(row.value, str):
        if row.high is not None and row.value > row.high:
            return "▲ high"
        if row.low is not None and row.value < row.low:
            return "▼ low"
    return "● abnormal"


def investigation_cells(row: Investigation) -> tuple[Content, Content, Content, Content]:
    """Test, result with its unit, reference range with its unit, and the abnormal mark."""
    unit = f" {row.unit}" if row.unit else ""
    value = Content.styled(row.value_text, ERROR) if row.is_abnormal else plain(row.value_text)
    reference = plain(row.reference_range + unit) if row.reference_range else plain("")
    return (
        plain(row.name),
        line(value, unit),
        reference,
        Content.styled(abnormal_flag(row), ERROR),
    )


# --------------------------------------------------------------------------- decisions


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width`, broken between words; a word wider than a whole line
    is cut with an ellipsis, never split silently."""
    import textwrap

    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return [cut_at_word(line, width) for line in lines] or [""]


def cut_at_word(text: str, width: int) -> str:
    """`text` cut to `width` at the last whole word that fits, with an ellipsis to say so."""
    if len(text) <= width:
        return text
    room = text[: max(width - 1, 0)]
    if text[len(room)] != " " and " " in room:  # room ends inside a word: drop that word
        room = room.rsplit(" ", 1)[0]
    return room.rstrip(" ,;:-") + "…"


def option_prompt(
    number: int, text: str, mark: str | None = None, width: int | None = None
) -> Content:
    """'1. text' or, for select-all, '[x] 1. text'; given a width, wrapped lines are indented
    under the text (a hanging indent), so the numbers stand out down the left."""
    prefix = f"{mark} " if mark is not None else ""
    head = f"{prefix}{number}. "
    if width is not None and width - len(head) >= 12:
        import textwrap

        wrapped = textwrap.wrap(text, width - len(head), break_on_hyphens=False)
        text = ("\n" + " " * len(head)).join(wrapped) if wrapped else text
    return line((head, "bold"), text)


def recommended(step: AnyStep) -> list[Content]:
    """What the case keys as right: preferred options (and acceptable ones for select-all)."""
    if step.kind == "numeric":
        unit = step.numeric.unit
        return [
            line(
                f"{band.min:g}" if band.min == band.max else f"{band.min:g}-{band.max:g}",
                f" {unit} ",
                verdict_text(band.verdict),
            )
            for band in step.numeric.bands
            if band.verdict.is_correct
        ]
    wanted = (
        (Verdict.preferred,) if step.kind == "single" else (Verdict.preferred, Verdict.acceptable)
    )
    return [
        line(option.text, " ", verdict_text(option.verdict))
        for option in step.options
        if option.verdict in wanted
    ]


# --------------------------------------------------------------------------- feedback


def therapy_list(advice: Sequence[Advice]) -> str:
    return ", ".join(a.therapy.label for a in advice)


def node_summary(node: Node, references: Mapping[str, Reference]) -> list[Block]:
    """The algorithm's recommendation at one node, as the feedback screen shows it."""
    rows = [
        Block(line(("Algorithm: ", HEADING), (node.title, "bold")), gap=True),
        Block(line(node.summary, " ", citations(node.cite, references)), 2),
    ]
    for title, advice, verdict in (
        ("Preferred here: ", node.preferred, Verdict.preferred),
        ("Acceptable: ", node.acceptable, Verdict.acceptable),
        ("Avoid here: ", node.avoid, Verdict.harmful),
    ):
        if advice:
            rows.append(Block(line((title, VERDICT_STYLE[verdict]), therapy_list(advice)), 2))
    return rows


def feedback_rows(
    result: StepResult, references: Mapping[str, Reference], *, with_headline: bool = True
) -> list[Block]:
    """Verdict, explanation, algorithm node, sources-differ notes and citations of one answer."""
    rows: list[Block] = []
    if with_headline:
        rows.append(Block(headline(result)))
    if result.tally:
        rows.append(Block(plain(result.tally), 2))
    if result.harmful:
        rows.append(Block(Content.styled("SAFETY: this choice could harm a patient.", ERROR)))
    for item in result.feedback:
        who = "You chose" if item.chosen else "Key"
        rows.append(
            Block(
                line((f"{who}: ", "bold"), item.label, " - ", verdict_text(item.verdict)), gap=True
            )
        )
        rows.append(Block(line(item.text, " ", citations(item.cite, references)), 2))
    if result.node is not None:
        rows.extend(node_summary(result.node, references))
    for note in result.sources_differ:
        rows.append(
            Block(
                line(
                    ("Sources differ: ", "bold $text-warning"),
                    note.note,
                    " ",
                    citations(note.cite, references),
                ),
                gap=True,
            )
        )
    if result.citations:
        rows.append(
            Block(line(("Citations: ", HEADING), citations(result.citations, references)), gap=True)
        )
    return rows


# --------------------------------------------------------------------------- references


def reference_blocks(ids: Iterable[str], references: Mapping[str, Reference]) -> list[Block]:
    """Each cited source by its label in bold, its entry (describe.format_reference) indented
    below it, then its kind and the papers it cites or the documents that cite it."""
    blocks = []
    for ref_id in dict.fromkeys(ids):
        reference = references.get(ref_id)
        if reference is None:
            blocks.append(Block(Content.styled(f"[{ref_id}]", "bold"), gap=True))
            blocks.append(Block(Content.styled("(not in the reference library)", ERROR), 2))
            continue
        blocks.append(Block(Content.styled(f"[{reference.label}]", "bold"), gap=True))
        blocks.append(Block(plain(format_reference(reference)), 2))
        blocks.extend(
            Block(Content.styled(fact, MUTED), 2) for fact in reference_facts(reference, references)
        )
    return blocks


# --------------------------------------------------------------------------- algorithm


def node_detail(node: Node, references: Mapping[str, Reference]) -> list[Block]:
    """Everything a node says: summary, therapies by rank with rationale, disagreements."""
    rows = [
        Block(Content.styled(node.title, "bold")),
        Block(line(("Stage: ", MUTED), node.stage.label)),
        Block(line(node.summary, " ", citations(node.cite, references)), gap=True),
    ]
    when = _when_text(node)
    if when:
        rows.append(Block(line(("Applies when: ", MUTED), when)))
    for title, advice, verdict in (
        ("Preferred", node.preferred, Verdict.preferred),
        ("Acceptable", node.acceptable, Verdict.acceptable),
        ("Avoid", node.avoid, Verdict.harmful),
    ):
        if not advice:
            continue
        rows.append(Block(Content.styled(title, VERDICT_STYLE[verdict]), gap=True))
        for item in advice:
            rows.append(
                Block(
                    line(
                        ("• ", ""),
                        (item.therapy.label, "bold"),
                        " - ",
                        item.rationale,
                        " ",
                        citations(item.cite, references),
                    ),
                    2,
                )
            )
    if node.disagreements:
        rows.append(
            Block(Content.styled("Where the sources differ", "bold $text-warning"), gap=True)
        )
        for disagreement in node.disagreements:
            rows.append(Block(line((disagreement.topic, "bold")), 2))
            for position in disagreement.positions:
                rows.append(
                    Block(line("- ", position.says, " ", citations(position.cite, references)), 4)
                )
    return rows


def _when_text(node: Node) -> str:
    when = node.when
    parts = []
    if when.phenotype:
        parts.append("/".join(p.value for p in when.phenotype))
    if when.requires:
        parts.append("with " + ", ".join(f.value.replace("_", " ") for f in when.requires))
    if when.requires_any:
        parts.append(
            "with any of " + ", ".join(f.value.replace("_", " ") for f in when.requires_any)
        )
    if when.excludes:
        parts.append("without " + ", ".join(f.value.replace("_", " ") for f in when.excludes))
    if when.failed_all:
        parts.append("after " + ", ".join(t.label for t in when.failed_all) + " failed")
    if when.failed_none:
        parts.append("before " + ", ".join(t.label for t in when.failed_none) + " failed")
    return "; ".join(parts)
