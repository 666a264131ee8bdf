"""`tutor export`: a Markdown handout that parses as meant and carries the whole case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tutor.cli import main
from tutor.core.authoring.export import escape
from tutor.core.authoring.handout import PAGE_BREAK, render_markdown
from tutor.core.authoring.route import handout_order
from tutor.core.cases.model import Case, NumericStep
from tutor.core.library.library import load_library

MD = MarkdownIt("commonmark").enable("table")


# --------------------------------------------------------------------------- reading Markdown back


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token (formatting dropped, escapes resolved)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [
        (tok.tag, inline_text(tokens[i + 1]))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]


def ordered_lists(tokens: list[Token], kind: str = "ordered") -> list[list[str]]:
    """The items of every top-level ordered (or bullet) list, as text."""
    lists: list[list[str]] = []
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == f"{kind}_list_open":
            depth += 1
            if depth == 1:
                lists.append([])
        elif tok.type == f"{kind}_list_close":
            depth -= 1
        elif depth == 1 and tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            lists[-1].append(inline_text(tok))
    return lists


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts (the header row first)."""
    found: list[list[list[str]]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            found.append([])
        elif tok.type == "tr_open":
            found[-1].append([])
        elif tok.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            found[-1][-1].append(inline_text(tok))
    return found


def all_text(tokens: list[Token]) -> str:
    return "\n".join(inline_text(t) for t in tokens if t.type == "inline")


def _export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _case(path: Path) -> Case:
    library = load_library([path])
    assert library.cases, library.diagnostics
    return library.cases[0].model


# --------------------------------------------------------------------------- the handout


def test_handout_structure(write_case, capsys) -> None:
    path = write_case()
    code, out, _ = _export(capsys, str(path))
    assert code == 0
    tokens = MD.parse(out)
    heads = headings(tokens)
    assert heads[0] == ("h1", "A small polymyositis case")
    names = [text for _, text in heads]
    for expected in (
        "Learning objectives",
        "The patient",
        "Presentation",
        "Examination",
        "Investigations",
        "Decisions",
        "Decision 1",
        "Decision 4",
    ):
        assert expected in names
    assert "Answer key" not in names and "References" not in names

    table = tables(tokens)[0]
    assert table[0] == ["Investigation", "Result", "Unit", "Reference range"]
    assert table[1] == ["CK", "4000 (high)", "U/L", "30-200"]
    assert any(t.type == "strong_open" for t in _children(tokens))  # the abnormal value

    # Options numbered in the written order, one ordered list per choice decision, in the
    # order the handout prints the decisions (the main route, then the detours).
    case = _case(path)
    lists = ordered_lists(tokens)
    printed = [placed.step for placed in handout_order(case)]
    choice_steps = [s for s in printed if not isinstance(s, NumericStep)]
    assert lists == [[o.text for o in s.options] for s in choice_steps]
    text = all_text(tokens)
    assert "Answer with a number, in mg/kg/day." in text
    assert "Eight weeks later CK is still high." in text
    assert "For education only - not for patient care." in text
    assert "preferred" not in text.lower().replace("preferred or acceptable", "")


def _children(tokens: list[Token]) -> list[Token]:
    return [c for t in tokens if t.children for c in t.children]


def test_handout_round_trip_of_the_whole_case(tmp_path: Path, capsys) -> None:
    """Every option, investigation and reveal of a scaffolded case appears in its export."""
    args = ["new", "round-trip", "--phenotype", "DM", "--feature", "ild", "--dir", str(tmp_path)]
    assert main(args) == 0
    path = tmp_path / "round-trip.yaml"
    case = _case(path)
    code, out, _ = _export(capsys, str(path))
    assert code == 0
    tokens = MD.parse(out)
    text = all_text(tokens)
    cells = {cell for table in tables(tokens) for row in table for cell in row}
    items = {item for lst in ordered_lists(tokens) for item in lst}
    for objective in case.objectives:
        assert objective in text
    assert " ".join(case.vignette.presentation.split()) in text
    investigations = list(case.vignette.investigations)
    for step in case.steps:
        assert " ".join(step.prompt.split()) in text
        if step.reveal:
            assert " ".join(step.reveal.text.split()) in text
            investigations += step.reveal.investigations
        if isinstance(step, NumericStep):
            assert f"Answer with a number, in {step.numeric.unit}." in text
        else:
            for option in step.options:
                assert option.text in items
    for row in investigations:
        assert row.name in cells
        assert any(cell.startswith(row.value_text) for cell in cells)
    assert len(headings(tokens)) >= 5 + len(case.steps)


def test_answer_key_adds_verdicts_feedback_and_references(write_case, capsys) -> None:
    path = write_case()
    code, out, _ = _export(capsys, str(path), "--answers")
    assert code == 0
    tokens = MD.parse(out)
    names = [text for _, text in headings(tokens)]
    assert "Answer key" in names and "References" in names
    assert "Key to decision 1" in names and "Key to decision 4" in names
    text = all_text(tokens)
    case = _case(path)
    library = load_library([path])
    for step in case.steps:
        if isinstance(step, NumericStep):
            for band in step.numeric.bands:
                assert f"{band.min:g} to {band.max:g} mg/kg/day:" in text
                assert band.feedback in text
            assert step.numeric.otherwise in text
        else:
            for option in step.options:
                assert option.feedback in text
                assert f"{option.text}: {option.verdict.value.capitalize()}" in text
    assert "Harmful (no credit, counted as a safety concern)" in text
    assert "Algorithm node tested: confirm-diagnosis: Confirm the diagnosis" in text
    assert "Algorithm node tested: none named" in text  # the detour names no node
    assert "Leads to decision 4." in text  # the detour, printed after the main route
    assert "Sources differ: Sources give 0.5-1 or 1-2 mg/kg/day." in text
    assert "Within 0.01 mg/kg/day of a preferred or acceptable band (rounding)" in text

    references = ordered_lists(tokens, "bullet")[-1]
    cited = ["oracle-antibody-2025", "oracle-dm-2025", "dm-options-article"]
    assert len(references) == len(cited)
    for ref_id in cited:
        ref = library.references[ref_id]
        assert f"[{ref.label}]" in text, "the key cites by the label the learner sees"
        entry = next(r for r in references if r.startswith(f"[{ref.label}] {ref.title}"))
        assert ref.publisher in entry and f"Kind: {ref.kind}." in entry
        if ref.year:
            assert str(ref.year) in entry
        if ref.detail:
            assert ref.detail in entry


def test_case_text_is_escaped(write_case, capsys) -> None:
    hostile = "Give <b>2</b> | *three* [doses](http://x) & _more_ `now`"
    text = (
        MINIMAL_CASE.replace("text: Muscle biopsy", f"text: '{hostile}'")
        .replace("name: CK", "name: 'CK | total'")
        .replace(
            "presentation: A 50-year-old with proximal weakness.",
            "presentation: '# 1. not a heading'",
        )
    )
    code, out, _ = _export(capsys, str(write_case(text)), "--answers")
    assert code == 0
    tokens = MD.parse(out)
    # No HTML and no links: the only formatting is the export's own (bold, italics, and the
    # page breaks).
    found = {t.type for t in _children(tokens) + tokens}
    assert not found & {"html_inline", "link_open", "code_inline"}
    html = {t.content.strip() for t in tokens if t.type == "html_block"}
    assert html == {PAGE_BREAK.split("\n")[-1]}
    assert ordered_lists(tokens)[0][0] == hostile
    table = tables(tokens)[0]
    assert table[1][0] == "CK | total" and len(table[1]) == 4
    assert "# 1. not a heading" in all_text(tokens)
    assert ("h1", "1. not a heading") not in headings(tokens)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("1. first", "1. first"),
        ("- dash", "- dash"),
        ("a | b", "a | b"),
        ("x_y and _z_", "x_y and _z_"),
        ("&amp; &", "&amp; &"),
        ("line\none", "line one"),
    ],
)
def test_escape_prints_exactly_the_text(raw: str, shown: str) -> None:
    tokens = MD.parse(escape(raw))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1]) == shown


# --------------------------------------------------------------------------- the command


def test_export_by_id_from_a_library_folder(write_case, capsys) -> None:
    path = write_case()
    code, out, _ = _export(capsys, "mini-pm", "--cases", str(path.parent))
    assert code == 0 and out.startswith("# A small polymyositis case\n")


def test_writes_a_file_atomically(write_case, tmp_path: Path, capsys) -> None:
    path = write_case()
    target = tmp_path / "out" / "handout.md"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    code, out, err = _export(capsys, str(path), "--answers", "-o", str(target))
    assert code == 0 and out == ""
    assert "Wrote" in err
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# A small polymyositis case") and "## References" in written
    assert sorted(p.name for p in target.parent.iterdir()) == ["handout.md"]


def test_render_is_pure_and_matches_the_command(write_case, capsys) -> None:
    path = write_case()
    library = load_library([path])
    expected = render_markdown(
        library.cases[0].model, library.references, library.algorithm, answers=True
    )
    _, out, _ = _export(capsys, str(path), "--answers")
    assert out == expected


def test_unknown_id_and_invalid_file_exit_1(write_case, capsys) -> None:
    path = write_case()
    code, _, err = _export(capsys, "no-such-case", "--cases", str(path.parent))
    assert code == 1 and "no valid case with id 'no-such-case'" in err and "mini-pm" in err
    bad = write_case(MINIMAL_CASE.replace("next: detour", "next: nowhere"), name="bad.yaml")
    code, out, err = _export(capsys, str(bad))
    assert code == 1 and out == ""
    assert "does not load" in err and "no step has that id" in err
    code, _, err = _export(capsys, str(path.parent / "missing.yaml"))
    assert code == 1


def test_usage_error_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "export", "x", "--format", "docx"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize("loaded", load_library().cases, ids=lambda c: c.model.id)
def test_bundled_cases_export_with_every_option(loaded) -> None:
    library = load_library()
    out = render_markdown(loaded.model, library.references, library.algorithm, answers=True)
    tokens = MD.parse(out)
    items = {item for lst in ordered_lists(tokens) for item in lst}
    for step in loaded.model.steps:
        if not isinstance(step, NumericStep):
            for option in step.options:
                assert " ".join(option.text.split()) in items
    assert "References" in [text for _, text in headings(tokens)]
