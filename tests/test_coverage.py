"""`tutor coverage`: which cases and decisions teach each algorithm node and each reference."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL_CASE

from tutor.cli import main
from tutor.core.library.library import load_algorithm, load_references


def _json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["coverage", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_bundled_library_teaches_every_node(capsys) -> None:
    code, report = _json(capsys)
    assert code == 0
    algorithm, _ = load_algorithm()
    assert algorithm is not None
    assert [n["id"] for n in report["nodes"]] == [n.id for n in algorithm.nodes]
    assert report["untaught_nodes"] == []
    malignancy = next(n for n in report["nodes"] if n["id"] == "malignancy")
    assert {"case": "dermatomyositis-malignancy", "step": "follow-up"} in malignancy["decisions"]
    assert malignancy["cases"] == ["dermatomyositis-malignancy"]
    references = {r["id"]: r for r in report["references"]}
    assert set(references) == set(load_references().by_id)
    # Cited only by other references' documents, never by a decision, so far.
    assert "jaad-2008" in report["uncited_references"]
    assert references["jaad-2008"]["decisions"] == []
    # A numeric band's citation counts, and so does a sources-differ note's.
    skin = references["isn-ivig-skin-2014"]["decisions"]
    assert {"case": "dermatomyositis-skin", "step": "ivig-dose"} in skin


def test_a_small_library_lists_what_nothing_teaches(tmp_path: Path, capsys) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL_CASE)
    code, report = _json(capsys, "--cases", str(tmp_path))
    assert code == 0
    assert report["cases"] == ["mini-pm"]
    taught = {n["id"]: n for n in report["nodes"]}
    assert [d["step"] for d in taught["first-line"]["decisions"]] == ["first-line", "dose"]
    assert "confirm-diagnosis" not in report["untaught_nodes"]
    assert "antibody-pm" in report["untaught_nodes"]
    assert "dm-options-article" not in report["uncited_references"]
    assert "isn-tacrolimus-2015" in report["uncited_references"]

    assert main(["coverage", "--cases", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "first-line: 2 decision(s) in mini-pm (first-line, dose)" in text
    assert "antibody-pm: taught by nothing" in text
    assert "Taught by nothing:" in text


def test_an_invalid_case_is_reported_and_the_rest_still_counted(tmp_path: Path, capsys) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL_CASE)
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    code, report = _json(capsys, "--cases", str(tmp_path))
    assert code == 1
    assert report["cases"] == ["mini-pm"]


def test_usage_errors(tmp_path: Path, capsys) -> None:
    assert main(["coverage", "--cases", str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err
    try:
        main(["coverage", "--format", "xml"])
    except SystemExit as exit_info:
        assert exit_info.code == 2
    else:  # pragma: no cover
        raise AssertionError("--format xml was accepted")
