"""Decisions as an Anki deck (.apkg), for learners who review in Anki.

One note per decision. The front shows what the case had revealed before the decision (the
vignette and the information that came after earlier decisions), the prompt and the options;
the back the key (each option's verdict, or the numeric bands), the feedback and the
citations. All case text is HTML-escaped: Anki shows fields as HTML, and case text is
untrusted. The deck, the note type and every note have ids derived from the case and step ids,
so importing a newer export updates the notes instead of adding copies.

The .apkg format (a zip holding Anki's SQLite collection) is written by `genanki`.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.authoring.export import verdict_label
from tutor.core.cases.model import Case, Investigation, NumericStep, Reference, Reveal
from tutor.core.play.describe import DISCLAIMER, cited, step_kind_hint
from tutor.core.play.quiz import QuizItem, expert_path

_FIELDS = ["Case", "Context", "Question", "Answer", "Citations"]
_FRONT = (
    '<div class="case">{{Case}}</div><div class="context">{{Context}}</div>'
    '<div class="question">{{Question}}</div>'
)
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '<div class="citations">{{Citations}}</div>'
)
_CSS = ".card { font-family: sans-serif; text-align: left; } .citations { font-size: 0.85em; }"


def stable_id(*parts: str) -> int:
    """A positive 63-bit id from text, the same on every export (Anki ids are SQLite ints)."""
    digest = hashlib.sha256("\x1f".join(("tutor", *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1 or 1


MODEL = genanki.Model(
    stable_id("model", "decision", "1"),
    "tutor decision",
    fields=[{"name": name} for name in _FIELDS],
    templates=[{"name": "Decision", "qfmt": _FRONT, "afmt": _BACK}],
    css=_CSS,
)


def case_items(case: Case, algorithm: Algorithm | None) -> list[QuizItem]:
    """Every decision of `case`, in the written order, each with what the expert's path had
    revealed before it (a decision off that path shows the vignette alone)."""
    before = {item.step.id: item.revealed_before for item in expert_path(case, algorithm)}
    return [QuizItem(case, step, before.get(step.id, ())) for step in case.steps]


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _investigations(reveal_rows: Sequence[Investigation]) -> str:
    rows = "".join(
        f"<tr><td>{escape(r.name)}</td><td>{escape(r.value_text)}</td>"
        f"<td>{escape(r.unit or '')}</td><td>{escape(r.reference_range)}</td></tr>"
        for r in reveal_rows
    )
    return f"<table>{rows}</table>" if rows else ""


def context_html(item: QuizItem) -> str:
    """What the case had shown before the decision, as HTML (case text escaped)."""
    vignette = item.case.vignette
    parts = [
        _paragraphs(vignette.presentation),
        _paragraphs(vignette.examination),
        _investigations(vignette.investigations),
    ]
    for reveal in item.revealed_before:
        parts += [_reveal(reveal)]
    return "".join(parts)


def _reveal(reveal: Reveal) -> str:
    return _paragraphs(reveal.text) + _investigations(reveal.investigations)


def _question(item: QuizItem) -> str:
    step = item.step
    parts = [_paragraphs(step.prompt), f"<p><i>{escape(step_kind_hint(step))}</i></p>"]
    if isinstance(step, NumericStep):
        parts.append(f"<p>Answer in {escape(step.numeric.unit)}</p>")
    else:
        options = "".join(f"<li>{escape(o.text)}</li>" for o in step.options)
        parts.append(f"<ol>{options}</ol>")
    return "".join(parts)


def _brackets(ids: Iterable[str], references: Mapping[str, Reference]) -> str:
    return escape(cited(ids, references))


def _answer(item: QuizItem, references: Mapping[str, Reference]) -> str:
    step = item.step
    lines = []
    if isinstance(step, NumericStep):
        unit = escape(step.numeric.unit)
        for band in step.numeric.bands:
            lines.append(
                f"<li><b>{band.min:g} to {band.max:g} {unit}</b>: "
                f"{escape(verdict_label(band.verdict))}. {escape(band.feedback)} "
                f"{_brackets(band.cite, references)}</li>"
            )
        lines.append(
            f"<li><b>Any other answer</b>: no credit. {escape(step.numeric.otherwise)} "
            f"{_brackets(step.numeric.otherwise_cite, references)}</li>"
        )
    else:
        for option in step.options:
            lines.append(
                f"<li><b>{escape(option.text)}</b>: {escape(verdict_label(option.verdict))}. "
                f"{escape(option.feedback)} {_brackets(option.cite, references)}</li>"
            )
    notes = "".join(
        f"<p><b>Sources differ:</b> {escape(n.note)} {_brackets(n.cite, references)}</p>"
        for n in step.sources_differ
    )
    return f"<ol>{''.join(lines)}</ol>{notes}<p><i>{escape(DISCLAIMER)}</i></p>"


def _all_cited(item: QuizItem) -> list[str]:
    step = item.step
    if isinstance(step, NumericStep):
        groups = [b.cite for b in step.numeric.bands] + [step.numeric.otherwise_cite]
    else:
        groups = [o.cite for o in step.options]
    groups += [n.cite for n in step.sources_differ]
    return list(dict.fromkeys(ref for group in groups for ref in group))


def note_for(item: QuizItem, references: Mapping[str, Reference]) -> genanki.Note:
    fields = [
        escape(item.case.title),
        context_html(item),
        _question(item),
        _answer(item, references),
        _brackets(_all_cited(item), references),
    ]
    return genanki.Note(
        model=MODEL,
        fields=fields,
        guid=genanki.guid_for("tutor", item.case.id, item.step.id),
        tags=[f"tutor::{item.case.id}"],
    )


def build_package(
    name: str, deck_key: str, items: Sequence[QuizItem], references: Mapping[str, Reference]
) -> bytes:
    """The .apkg file for `items`: a deck called `name`, its id derived from `deck_key`."""
    deck = genanki.Deck(stable_id("deck", deck_key), name)
    for item in items:
        deck.add_note(note_for(item, references))
    with tempfile.TemporaryDirectory(prefix="tutor-anki-") as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
