"""`tutor playtest`: every path walked, scores per path, errors that fail, warnings that do not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.cli import main
from tutor.core.algorithm.algorithm import compatible_with_patient
from tutor.core.authoring.playtest import MAX_PATHS, analyse
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Phenotype
from tutor.core.library.library import load_algorithm, load_references


def _case(text: str = MINIMAL_CASE) -> Case:
    parsed, problems = parse_text(text, Path("case.yaml"), Case)
    assert parsed is not None, problems
    return parsed.model


def _analyse(text: str = MINIMAL_CASE, **kwargs):
    algorithm, _ = load_algorithm()
    return analyse(_case(text), algorithm, load_references().by_id, **kwargs)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["playtest", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- the walk


PRESUMES = (
    "after option 2 of step 'workup', the prompt of step 'detour' names muscle biopsy, which that "
    "option does not give: say what was done, or word it neutrally"
)
"""The minimal case's detour opens "The biopsy is back" after the option that skips the biopsy."""


def test_minimal_case_paths_and_scores() -> None:
    a = _analyse()
    assert a.reachable == ("workup", "detour", "first-line", "dose")
    assert a.unreachable == () and a.dead_ends == () and a.loops == ()
    assert not a.truncated
    by_steps = {p.steps: p for p in a.paths}
    direct = by_steps[("workup", "first-line", "dose")]
    # workup: preferred or suboptimal lead on (0-1); first-line 0-1; dose 0-2 of 2.
    assert (direct.min, direct.max, direct.points, direct.ending) == (0, 4, 4, "end")
    detour = by_steps[("workup", "detour", "first-line", "dose")]
    # Only the harmful option leads to the detour, so workup earns nothing on this path.
    assert (detour.min, detour.max, detour.points) == (0, 4, 5)
    assert (a.score_min, a.score_max) == (0, 4)
    assert len(a.paths) == 2


def test_minimal_case_warnings_and_coverage() -> None:
    a = _analyse()
    assert a.nodeless_steps == ("detour",)
    assert a.same_verdict == () and a.uncited_options == ()
    assert a.errors == []
    assert a.warnings == ["step 'detour' names no algorithm node", PRESUMES]
    algorithm, _ = load_algorithm()
    applicable = {
        n.id for n in algorithm.nodes if compatible_with_patient(n.when, Phenotype.PM, [])
    }
    assert set(a.coverage.applicable) == applicable
    assert a.coverage.tested_applicable == ("confirm-diagnosis", "first-line")
    assert set(a.coverage.untested) == applicable - {"confirm-diagnosis", "first-line"}


def test_same_verdict_steps_are_found() -> None:
    text = MINIMAL_CASE.replace(
        "        verdict: suboptimal\n        feedback: Not first line.",
        "        verdict: preferred\n        feedback: Not first line.",
    )
    a = _analyse(text)
    assert [(s.step, s.verdict) for s in a.same_verdict] == [("detour", "preferred")]
    detour = next(p for p in a.paths if "detour" in p.steps)
    assert detour.min == 1  # whatever is chosen at the detour earns its point


def test_dead_ends_unreachable_steps_and_loops() -> None:
    dead = _analyse(MINIMAL_CASE.replace("next: detour", "next: nowhere"))
    assert [(d.step, d.option, d.target) for d in dead.dead_ends] == [("workup", 2, "nowhere")]
    assert dead.unreachable == ("detour",)
    assert any(p.ending == "dead end" and p.steps == ("workup",) for p in dead.paths)
    assert len(dead.errors) == 2

    looping = _analyse(
        MINIMAL_CASE.replace(
            "  - id: detour\n    kind: single\n",
            "  - id: detour\n    kind: single\n    next: workup\n",
        )
    )
    assert looping.loops == ("detour",)
    assert any(p.ending == "loop" for p in looping.paths)
    assert looping.errors


def test_options_whose_citations_resolve_to_nothing() -> None:
    algorithm, _ = load_algorithm()
    a = analyse(_case(), algorithm, references={})
    assert len(a.uncited_options) == 3 + 2 + 4  # every option of every choice step
    assert a.uncited_options[0].step == "workup" and a.uncited_options[0].option == 1
    assert any("cites nothing" in e for e in a.errors)


def _diamonds(count: int) -> str:
    """A case of `count` diamonds: each branches two ways and joins again (2**count paths)."""
    head, _, _ = MINIMAL_CASE.partition("steps:\n")
    steps = []
    for i in range(count):
        steps.append(
            f"""  - id: fork-{i}
    kind: single
    prompt: Which way?
    options:
      - text: Left
        verdict: preferred
        feedback: Fine.
        cite: [oracle-dm-2025]
        next: left-{i}
      - text: Right
        verdict: suboptimal
        feedback: Fine too.
        cite: [oracle-dm-2025]
        next: right-{i}
"""
        )
        for side in ("left", "right"):
            steps.append(
                f"""  - id: {side}-{i}
    kind: numeric
    prompt: A number?
    next: {"fork-" + str(i + 1) if i + 1 < count else "end"}
    numeric:
      unit: mg
      bands:
        - min: 1
          max: 2
          verdict: preferred
          feedback: Yes.
          cite: [oracle-dm-2025]
      otherwise: No.
      otherwise_cite: [oracle-dm-2025]
"""
            )
    return head + "steps:\n" + "".join(steps)


def test_path_explosion_is_capped_but_scores_cover_every_path() -> None:
    a = _analyse(_diamonds(8), max_paths=100)
    assert a.truncated and len(a.paths) == 100
    assert (a.score_min, a.score_max) == (0, 16)
    complete = _analyse(_diamonds(6), max_paths=100)
    assert not complete.truncated and len(complete.paths) == 64


def test_cli_says_when_the_path_listing_stopped(write_case, capsys) -> None:
    path = write_case(_diamonds(14))  # 16,384 paths
    code, out, _ = _run(capsys, str(path))
    assert code == 0
    code, out, _ = _run(capsys, "--format", "json", str(path))
    data = json.loads(out)["cases"][0]["analysis"]["paths"]
    listed = data["count"]
    assert data["truncated"] is True and data["total"] == 16_384 and listed <= MAX_PATHS
    assert data["not_explored"] == f"{16_384 - listed:,} more paths not explored"
    code, out, _ = _run(capsys, str(path))
    assert f"paths: {listed:,} listed of 16,384; {16_384 - listed:,} more paths not explored" in out


def test_thousands_of_two_way_branches_are_listed_within_a_budget(write_case, capsys) -> None:
    # 1,000 forks in a row (924 KB): 2**1000 paths of 2,000 steps each. Listing 10,000 of them wrote
    # hundreds of MB; the listing now stops at a budget of step ids and says what it cut.
    from tutor.core.authoring.playtest import MAX_LISTED_STEPS

    path = write_case(_diamonds(1000))
    code, out, _ = _run(capsys, "--format", "json", str(path))
    assert code == 0 and len(out) < 5_000_000
    paths = json.loads(out)["cases"][0]["analysis"]["paths"]
    assert paths["total"] == 2**1000 and paths["truncated"] is True
    assert sum(len(p["steps"]) for p in paths["list"]) <= MAX_LISTED_STEPS
    assert paths["count"] == MAX_LISTED_STEPS // 2_000
    assert paths["not_explored"] == "about 10^301 more paths not explored"
    code, out, _ = _run(capsys, str(path))
    assert code == 0 and len(out.splitlines()) < 200 and len(out) < 100_000
    assert "listed of about 10^301; about 10^301 more paths not explored" in out
    assert "fork-0 > left-0 > fork-1" in out and "more steps ... >" in out


# --------------------------------------------------------------------------- the command


def test_clean_case_exits_0_and_reports_everything(write_case, capsys) -> None:
    path = write_case()
    code, out, _ = _run(capsys, str(path))
    assert code == 0
    for expected in (
        "mini-pm (A small polymyositis case)",
        "steps: 4; reachable 4; unreachable: none",
        "dead ends: none",
        "paths: 2; score over all paths 0-4",
        "score 0-4 of 5: workup > detour > first-line > dose",
        "same verdict on every option: none",
        "options without a citation: none",
        "steps that name no algorithm node: detour",
        "algorithm coverage: 2 of",
        "not tested:",
        "text that presumes an option not chosen: workup option 2 (muscle_biopsy)",
        "1 case file(s) playtested: 1 without errors, 0 with errors; 2 warning(s)",
    ):
        assert expected in out, expected


def test_warnings_do_not_fail(write_case, capsys) -> None:
    text = MINIMAL_CASE.replace(
        "        verdict: suboptimal\n        feedback: Not first line.",
        "        verdict: preferred\n        feedback: Not first line.",
    )
    code, out, _ = _run(capsys, str(write_case(text)))
    assert code == 0
    assert "every option of step 'detour' is keyed preferred" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("next: detour", "next: nowhere"), "goes to step 'nowhere', but no step has that id"),
        (("next: detour", "next: first-line"), "step 'detour' can never be reached"),
        (("cite: [oracle-dm-2025]", "cite: [no-such-ref]"), "cites 'no-such-ref'"),
    ],
)
def test_errors_fail_with_exit_1(write_case, capsys, change, expected) -> None:
    code, out, _ = _run(capsys, str(write_case(MINIMAL_CASE.replace(*change, 1))))
    assert code == 1
    assert expected in out
    assert "1 with errors" in out


def test_invalid_file_is_reported_with_its_diagnostics(write_case, capsys) -> None:
    write_case(name="good.yaml")
    bad = write_case("id: [\n", name="bad.yaml")
    code, out, _ = _run(capsys, str(bad.parent))
    assert code == 1
    assert "bad.yaml: (does not load): 1 error(s)" in out
    assert "bad.yaml:2:1: YAML syntax error" in out
    assert "2 case file(s) playtested: 1 without errors, 1 with errors" in out


def test_json_for_scripts(write_case, capsys) -> None:
    good = write_case(name="good.yaml")
    write_case(MINIMAL_CASE.replace("id: mini-pm", "id: dead").replace("next: detour", "next: x"))
    code, out, _ = _run(capsys, "--format", "json", str(good.parent))
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["max_paths"] == MAX_PATHS
    cases = {c["id"]: c for c in data["cases"]}
    assert cases["mini-pm"]["ok"] is True
    assert cases["mini-pm"]["warnings"] == ["step 'detour' names no algorithm node", PRESUMES]
    analysis = cases["mini-pm"]["analysis"]
    assert analysis["steps"]["unreachable"] == []
    assert analysis["score"] == {"min": 0, "max": 4}
    assert {tuple(p["steps"]) for p in analysis["paths"]["list"]} == {
        ("workup", "first-line", "dose"),
        ("workup", "detour", "first-line", "dose"),
    }
    assert analysis["coverage"]["tested"] == ["confirm-diagnosis", "first-line"]
    dead = cases["dead"]
    assert dead["ok"] is False and dead["valid"] is False
    assert dead["analysis"]["dead_ends"] == [{"step": "workup", "option": 2, "target": "x"}]
    assert dead["analysis"]["steps"]["unreachable"] == ["detour"]
    assert dead["diagnostics"][0]["line"] is not None


def test_missing_path_fails(tmp_path: Path, capsys) -> None:
    code, out, _ = _run(capsys, str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "no such file or folder" in out


def test_bundled_library_passes_as_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "playtest"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 with errors" in result.stdout
