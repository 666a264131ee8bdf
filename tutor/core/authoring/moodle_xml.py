"""Decisions as Moodle XML, for Question bank > Import > Moodle XML format.

The structure follows Moodle's documented format (docs.moodle.org, "Moodle XML format"): a
`<quiz>` of `<question type="...">`, first a category, then per decision a `multichoice`
(`<single>true</single>` for a single-answer step, `false` for select-all) or a `numerical`
question, each `<answer fraction="...">` with its `<text>` and `<feedback>` (and for numerical
a `<tolerance>`). Grades and feedback come from `lms.py`. Text goes in through ElementTree, so
case text is XML-escaped; HTML fields (question text, feedback) are HTML-escaped first. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape as html_escape
from xml.etree import ElementTree as ET

from tutor.core.authoring.gift import question_html
from tutor.core.authoring.lms import Question, questions
from tutor.core.cases.model import Reference
from tutor.core.play.quiz import QuizItem


def _text(parent: ET.Element, tag: str, text: str, *, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = text
    return element


def _number(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".")


def _question(quiz: ET.Element, question: Question) -> None:
    kind = "numerical" if question.kind == "numerical" else "multichoice"
    element = ET.SubElement(quiz, "question", {"type": kind})
    _text(element, "name", question.name)
    _text(element, "questiontext", question_html(question.item), html=True)
    _text(element, "generalfeedback", "", html=True)
    ET.SubElement(element, "defaultgrade").text = _number(question.item.step.points)
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    if kind == "numerical":
        for band in question.bands:
            answer = ET.SubElement(element, "answer", {"fraction": _number(band.grade)})
            ET.SubElement(answer, "text").text = _number(band.value)
            _text(answer, "feedback", html_escape(band.feedback), html=True)
            ET.SubElement(answer, "tolerance").text = _number(band.tolerance)
        # '*' is Moodle's "any other answer"; it carries the key's `otherwise`.
        answer = ET.SubElement(element, "answer", {"fraction": "0"})
        ET.SubElement(answer, "text").text = "*"
        _text(answer, "feedback", html_escape(question.otherwise), html=True)
        ET.SubElement(answer, "tolerance").text = "0"
        return
    ET.SubElement(element, "single").text = "true" if question.kind == "single" else "false"
    ET.SubElement(element, "shuffleanswers").text = "false"  # the case's order is meant
    ET.SubElement(element, "answernumbering").text = "123"
    for choice in question.choices:
        answer = ET.SubElement(
            element, "answer", {"fraction": _number(choice.grade), "format": "html"}
        )
        ET.SubElement(answer, "text").text = html_escape(choice.text)
        _text(answer, "feedback", html_escape(choice.feedback), html=True)


def render_moodle_xml(items: Sequence[QuizItem], references: Mapping[str, Reference]) -> str:
    quiz = ET.Element("quiz")
    if items:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", f"$course$/tutor/{items[0].case.id}")
    for question in questions(list(items), references):
        _question(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
