"""Decisions as Moodle GIFT text, for Question bank > Import > GIFT format.

One question a decision (see `lms.py` for the grades and feedback). The question text is HTML
(`[html]`, which answers and feedback share): what the case had shown before the decision,
then the prompt; case text is HTML-escaped, then every character GIFT treats as syntax
(~ = # { } : and the backslash) is escaped with a backslash, so an option such as
"dose = 1 mg/kg" stays one option. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape as html_escape

from tutor.core.authoring.anki import context_html
from tutor.core.authoring.lms import Question, questions
from tutor.core.cases.model import Reference
from tutor.core.play.describe import DISCLAIMER
from tutor.core.play.quiz import QuizItem

_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Text GIFT reads back as exactly that text, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _html(text: str) -> str:
    # Answers and feedback take the question's format, [html]: case text is escaped for both.
    return gift_escape(html_escape(text, quote=False))


def _grade(grade: float) -> str:
    return f"{grade:.5f}".rstrip("0").rstrip(".")


def _answers(question: Question) -> list[str]:
    if question.kind == "numerical":
        lines = ["{#"]
        for band in question.bands:
            lines.append(
                f"    =%{_grade(band.grade)}%{band.low:g}..{band.high:g}#{_html(band.feedback)}"
            )
        # GIFT has no catch-all numerical answer: the general feedback carries `otherwise`.
        lines.append(f"    ####{_html(question.otherwise)}")
        return [*lines, "}"]
    lines = ["{"]
    for choice in question.choices:
        if question.kind == "single" and choice.grade == 100:
            mark = "="  # Moodle makes a question single-answer when an answer starts with '='
        else:
            mark = f"~%{_grade(choice.grade)}%"
        lines.append(f"    {mark}{_html(choice.text)}#{_html(choice.feedback)}")
    return [*lines, "}"]


def question_html(item: QuizItem) -> str:
    """The question as HTML: the case, what it had shown, the prompt (case text escaped)."""
    return (
        f"<p><b>{html_escape(item.case.title, quote=False)}</b></p>{context_html(item)}"
        + "".join(
            f"<p>{html_escape(p.strip(), quote=False)}</p>" for p in item.step.prompt.split("\n\n")
        )
        + f"<p><i>{html_escape(DISCLAIMER, quote=False)}</i></p>"
    )


def _text(question: Question) -> str:
    html = question_html(question.item)
    return f"::{gift_escape(question.name)}::[html]{gift_escape(html)}"


def render_gift(items: Sequence[QuizItem], references: Mapping[str, Reference]) -> str:
    blocks = []
    for question in questions(list(items), references):
        blocks.append(
            "\n".join([f"// {gift_escape(question.name)}", _text(question), *_answers(question)])
        )
    category = gift_escape(f"tutor/{items[0].case.id}") if items else "tutor"
    return f"$CATEGORY: {category}\n\n" + "\n\n".join(blocks) + "\n"
