"""One label per source, the same everywhere: feedback, line mode, the references and the export."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from pydantic import ValidationError

from tutor.cli import main
from tutor.core.authoring.handout import render_markdown
from tutor.core.cases.loader import References, parse_text
from tutor.core.cases.model import Case, Reference
from tutor.core.library.library import load_algorithm, load_references
from tutor.core.play.describe import cited, reference_facts, reference_lines
from tutor.core.play.session import Session
from tutor.plain import LineTutor

REFERENCES = load_references().by_id
CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
LABEL = "[004 Dr.Oracle 2025]"  # oracle-antibody-2025, which the minimal case's first step cites


def test_documents_and_the_papers_they_cite_have_short_readable_labels() -> None:
    assert REFERENCES["oracle-antibody-2025"].label == "004 Dr.Oracle 2025"
    assert REFERENCES["ytterberg-2006"].label == "002 Ytterberg 2006"
    assert REFERENCES["dm-options-article"].label == "003 web article"  # undated
    assert REFERENCES["isn-rituximab-2014"].label == "000: Rheumatology 2014"
    labels = [r.label for r in REFERENCES.values()]
    assert len(set(labels)) == len(labels), "no two sources share a label"
    for reference in REFERENCES.values():
        assert reference.kind is not None, reference.id
        assert reference.label.startswith(reference.source[:3]) or reference.is_primary


def test_the_feedback_the_line_mode_and_the_export_show_the_same_label() -> None:
    session = Session(CASE, load_algorithm()[0], shuffle=False)
    result = session.choose([1])  # muscle biopsy, citing oracle-antibody-2025
    assert result.citations == ["oracle-antibody-2025"]
    feedback = cited(result.citations, REFERENCES)
    assert feedback == LABEL

    feed = iter(["1", "1", "1 2", "0.75"])
    out = StringIO()
    line_session = Session(CASE, load_algorithm()[0], shuffle=False)
    LineTutor(line_session, REFERENCES, lambda: next(feed, None), out, exam=False).run()
    said = out.getvalue()
    assert f"Confirms the diagnosis. {LABEL}" in " ".join(said.split())
    assert f"{LABEL} Best immunosuppressive agents" in said  # the entry after the feedback

    markdown = render_markdown(CASE, REFERENCES, load_algorithm()[0], answers=True)
    assert f"Confirms the diagnosis. {LABEL}" in markdown
    assert f"- **{LABEL}** *Best immunosuppressive agents" in markdown
    for text in (feedback, said, markdown):
        assert "[oracle-antibody-2025]" not in text, "the id is for authors, not learners"
        assert "5f618ce1a7719c8e" not in text, "nor is the file name"


def test_export_cli_lists_kind_and_cited_papers(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    assert main(["export", str(path), "--answers"]) == 0
    out = capsys.readouterr().out
    assert "Kind: guideline-style summary." in out
    assert "Cites: [001: Autoimmunity Reviews 2011], [004: Praxis Medical Insights 2025]." in out


def test_a_document_lists_the_papers_it_cites_and_a_paper_its_documents() -> None:
    assert reference_facts(REFERENCES["oracle-antibody-2025"], REFERENCES) == [
        "Kind: guideline-style summary.",
        "Cites: [001: Autoimmunity Reviews 2011], [004: Praxis Medical Insights 2025].",
    ]
    assert reference_facts(REFERENCES["autoimmun-rev-2011"], REFERENCES) == [
        "Kind: primary paper, cited in [001 Dr.Oracle 2025], [004 Dr.Oracle 2025]."
    ]
    assert reference_facts(REFERENCES["dm-options-article"], REFERENCES) == [
        "Kind: consumer health article."
    ]
    (line,) = reference_lines(["isn-treatments"], REFERENCES)
    assert line.startswith("[000 sclero.org 2017] Treatments for Dermatomyositis")
    assert "Kind: patient-education digest." in line and "[000: Rheumatology 2014]" in line


def test_an_entry_without_a_short_name_is_labelled_by_its_id() -> None:
    bare = Reference(id="our-notes", title="Notes", publisher="Us", source="our-notes.txt")
    assert bare.label == "our-notes"
    assert cited(["our-notes", "not-there"], {"our-notes": bare}) == "[our-notes], [not-there]"
    assert reference_facts(bare, {"our-notes": bare}) == []


def test_a_primary_paper_names_the_documents_that_cite_it() -> None:
    fields = {"id": "p", "title": "T", "publisher": "J", "source": "001_x.txt", "short": "J"}
    with pytest.raises(ValidationError, match="cited_in"):
        Reference(**fields, kind="primary paper")
    with pytest.raises(ValidationError, match="cited_in"):
        Reference(**fields, kind="review abstract", cited_in=["001"])


def test_two_entries_with_one_label_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "references.yaml"
    path.write_text(
        "references:\n"
        "  - {id: a-one, title: A, publisher: P, year: 2020, source: 005_a.txt, short: Same}\n"
        "  - {id: a-two, title: B, publisher: P, year: 2020, source: 005_b.txt, short: Same}\n",
        encoding="utf-8",
    )
    references = References()
    references.add_file(path)
    assert any("005 Same 2020" in d.message for d in references.diagnostics)
