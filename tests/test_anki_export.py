"""`tutor export --format anki`: the written .apkg read back as Anki would (a zip holding a
SQLite collection), for a whole case and for the learner's missed decisions."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.cli import main
from tutor.core.algorithm.scoring import Response
from tutor.core.cases.model import MultipleStep
from tutor.core.cases.vocabulary import Verdict
from tutor.core.library.library import load_library
from tutor.core.play.attempts import start_logged_session
from tutor.core.play.describe import label
from tutor.core.progress.store import Store


def notes(apkg: Path, tmp_path: Path) -> list[tuple[str, list[str]]]:
    """(guid, fields) of every note in the deck."""
    with zipfile.ZipFile(apkg) as archive:
        name = next(n for n in archive.namelist() if n.startswith("collection.anki2"))
        archive.extract(name, tmp_path / "unzipped")
    connection = sqlite3.connect(tmp_path / "unzipped" / name)
    try:
        rows = connection.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()
    return [(guid, fields.split("\x1f")) for guid, fields in rows]


def test_a_bundled_case_becomes_one_note_per_decision(tmp_path: Path) -> None:
    library = load_library(None)
    case = library.find("myositis-ild")
    assert case is not None
    deck = tmp_path / "deck.apkg"

    assert main(["export", "myositis-ild", "--format", "anki", "-o", str(deck)]) == 0

    found = notes(deck, tmp_path)
    assert len(found) == len(case.model.steps)
    first = case.model.steps[0]
    assert isinstance(first, MultipleStep)
    _, fields = found[0]
    text = "\x1f".join(fields)
    assert first.prompt.split()[0] in text
    citation = label(first.options[0].cite[0], library.references)
    assert citation in text
    assert "Harmful" in text or "harmful" in text


def test_exporting_again_keeps_the_note_ids(tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert main(["export", "myositis-ild", "--format", "anki", "-o", str(first)]) == 0
    assert main(["export", "myositis-ild", "--format", "anki", "-o", str(second)]) == 0
    guids = [g for g, _ in notes(first, tmp_path / "1")]
    assert guids == [g for g, _ in notes(second, tmp_path / "2")]
    assert len(set(guids)) == len(guids)


def test_html_in_case_text_arrives_escaped(tmp_path: Path) -> None:
    hostile = MINIMAL_CASE.replace("prompt: What next?", "prompt: What <b>next</b> & why?")
    assert hostile != MINIMAL_CASE
    source = tmp_path / "hostile.yaml"
    source.write_text(hostile, encoding="utf-8")
    deck = tmp_path / "deck.apkg"

    assert main(["export", str(source), "--format", "anki", "-o", str(deck)]) == 0

    text = "\x1f".join("\x1f".join(fields) for _, fields in notes(deck, tmp_path))
    assert "What &lt;b&gt;next&lt;/b&gt; &amp; why?" in text
    assert "<b>next</b>" not in text


def test_missed_exports_exactly_the_decision_answered_harmfully(tmp_path: Path) -> None:
    library = load_library(None)
    case = library.find("myositis-ild")
    assert case is not None
    step = case.model.steps[0]
    assert isinstance(step, MultipleStep)
    harmful = [i for i, o in enumerate(step.options) if o.verdict is Verdict.harmful]
    data = tmp_path / "data"
    store = Store.open(data)
    try:
        session = start_logged_session(store, case.model, library.algorithm, "practice", seed=1)
        session.submit(Response(step.id, tuple(harmful[:1])))
    finally:
        store.close()
    deck = tmp_path / "missed.apkg"

    code = main(
        ["export", "--missed", "--format", "anki", "-o", str(deck), "--data-dir", str(data)]
    )

    assert code == 0
    found = notes(deck, tmp_path)
    assert len(found) == 1
    assert step.prompt.split()[0] in "\x1f".join(found[0][1])


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "myositis-ild", "--missed", "--format", "anki", "-o", "x.apkg"],
        ["export", "--format", "anki", "-o", "x.apkg"],
        ["export", "myositis-ild", "--format", "anki"],
        ["export", "--missed", "-o", "x.apkg"],
    ],
)
def test_a_deck_needs_one_source_and_a_file(argv: list[str]) -> None:
    assert main(argv) == 2
