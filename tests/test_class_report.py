"""`tutor class-report`: an item analysis whose numbers are worked out by hand for a class of
four, the first-attempt rule, each format parsed back, hostile text kept as text, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.cli import main
from tutor.core.records.class_data import ClassRecords, SourceError, add_source, seconds_of

MAX = {"workup": 1.0, "first-line": 1.0, "dose": 2.0}
TEXT = {
    "workup": ["Muscle biopsy", "Start rituximab now", "Wait and see"],
    "first-line": ["Prednisone", "Methotrexate", "No treatment for now", "Wait and see"],
}


def answers(learner: str, attempt: int, day: int, plan: list[tuple], finished: bool = True):
    """Rows as `tutor results --format json` writes them: plan items are (step, choices or
    value, verdict, points, harmful, seconds)."""
    rows = []
    started = f"2026-03-{day:02d}T09:00:00.000Z"
    for number, (step, response, verdict, points, harmful, seconds) in enumerate(plan, start=1):
        choices, value = (response, None) if isinstance(response, list) else ([], response)
        rows.append({
            "learner": learner, "learner_id": f"{learner.lower()}@example.org",
            "case_id": "mini-pm", "case_version": 1, "case_title": "A small polymyositis case",
            "attempt_id": attempt, "mode": "exam", "step_number": number, "step_id": step,
            "response": {"choices": choices, "value": value},
            "answer": ", ".join(TEXT[step][c] for c in choices) if choices else f"{value}",
            "verdict": verdict, "points": points, "max_points": MAX[step],
            "harmful": harmful, "confidence": "sure", "seconds": seconds,
            "started_at": started, "answered_at": f"2026-03-{day:02d}T09:0{number}:00.000Z",
            "finished_at": f"2026-03-{day:02d}T09:30:00.000Z" if finished else None,
            "certainty_level": "sure", "certainty_mark": 3 if points == MAX[step] else -6,
        })  # fmt: skip
    return rows


# Four learners' first attempts. Marks (workup, first-line, dose): A 1,1,2; B 1,0,2; C 0,1,0;
# D 0,0,1. Then A plays again (all wrong) and E leaves an attempt unfinished: neither counts.
CLASS = [
    *answers("Ada", 1, 1, [
        ("workup", [0], "preferred", 1.0, False, 10.0),
        ("first-line", [0, 1], "preferred", 1.0, False, 30.0),
        ("dose", 0.75, "preferred", 2.0, False, 12.0)]),
    *answers("Ben", 1, 2, [
        ("workup", [0], "preferred", 1.0, False, 20.0),
        ("first-line", [3], "suboptimal", 0.0, False, 40.0),
        ("dose", 1.0, "preferred", 2.0, False, 14.0)]),
    *answers("Cy", 1, 3, [
        ("workup", [2], "suboptimal", 0.0, False, 30.0),
        ("first-line", [0, 1], "preferred", 1.0, False, 50.0),
        ("dose", 10.0, "harmful", 0.0, True, 16.0)]),
    *answers("Dee", 1, 4, [
        ("workup", [2], "suboptimal", 0.0, False, 40.0),
        ("first-line", [2], "harmful", 0.0, True, 60.0),
        ("dose", 1.5, "acceptable", 1.0, False, 18.0)]),
    *answers("Ada", 2, 9, [
        ("workup", [1], "harmful", 0.0, True, 5.0),
        ("first-line", [2], "harmful", 0.0, True, 5.0)]),
    *answers("Eve", 1, 5, [("workup", [1], "harmful", 0.0, True, 99.0)], finished=False),
]  # fmt: skip


@pytest.fixture
def class_file(tmp_path: Path, write_case) -> tuple[Path, Path]:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    source = tmp_path / "class.json"
    source.write_text(json.dumps(CLASS), encoding="utf-8")
    return source, cases


def report_of(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["class-report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_item_analysis_equals_the_numbers_worked_out_by_hand(class_file, capsys) -> None:
    source, cases = class_file
    code, out, err = report_of(capsys, str(source), "--cases", str(cases), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["learners"] == 5
    (section,) = report["cases"]
    attempts = {(a["learner"], a["date"]): a for a in section["attempts"]}
    assert len(attempts) == 6
    assert [a["counted"] for a in section["attempts"]] == [True, False, True, True, True, False]
    ada = attempts[("Ada (ada@example.org)", "2026-03-01")]
    assert (ada["score"], ada["harmful"], ada["certainty"], ada["certainty_max"]) == (100, 0, 9, 9)
    assert attempts[("Dee (dee@example.org)", "2026-03-04")]["score"] == 25.0  # 1 of 4 points
    assert not attempts[("Eve (eve@example.org)", "2026-03-05")]["completed"]
    decisions = {d["step_id"]: d for d in section["decisions"]}
    assert list(decisions) == ["workup", "first-line", "dose"]  # the case's order
    # workup: x = 1,1,0,0; rest of the attempt X = 3,2,1,1. Mean x 0.5: facility 50%.
    # Sample variances (n - 1 = 3): V(x) = 1/3, V(X) = 2.75/3, C(x,X) = 1.5/3 = 0.5.
    # D = 100 * 0.5 / sqrt(1/3 * 2.75/3) = 90.45%. Sorted and paired, C_max is also 0.5: 100%.
    workup = decisions["workup"]["stats"]
    assert workup["n"] == 4
    assert workup["facility"] == pytest.approx(50.0)
    assert workup["sd"] == pytest.approx(57.735, abs=1e-3)  # 100 * sqrt(1/3)
    assert workup["discrimination"] == pytest.approx(90.453, abs=1e-3)
    assert workup["efficiency"] == pytest.approx(100.0)
    assert [o["count"] for o in decisions["workup"]["options"]] == [2, 0, 2]
    assert decisions["workup"]["harmful"] == 0 and decisions["workup"]["wrong"] == 2
    assert decisions["workup"]["median_seconds"] == pytest.approx(25.0)  # 10, 20, 30, 40
    assert decisions["workup"]["flags"] == []
    # first-line: x = 1,0,1,0; X = 3,3,0,1. C(x,X) = -0.5/3, V(x) = 1/3, V(X) = 6.75/3:
    # D = 100 * (-1/6) / sqrt(0.75) = -19.25%. Sorted: C_max = 2.5/3, so efficiency -20%.
    first = decisions["first-line"]
    assert first["stats"]["facility"] == pytest.approx(50.0)
    assert first["stats"]["discrimination"] == pytest.approx(-19.245, abs=1e-3)
    assert first["stats"]["efficiency"] == pytest.approx(-20.0)
    assert first["flags"] == [
        "negative discrimination (-19.2%)",
        "low discriminative efficiency (-20.0% < 15%)",
    ]
    assert [o["count"] for o in first["options"]] == [2, 2, 1, 1]
    assert (first["harmful"], first["wrong"]) == (1, 2)
    # dose: shares 1, 1, 0, 0.5: facility 62.5%; x = 2,2,0,1 and X = 2,1,1,0:
    # C(x,X) = 1/3, V(x) = 2.75/3, V(X) = 2/3: D = 100 * (1/3) / sqrt(2.75/3 * 2/3) = 42.64%.
    # Sorted, x = 0,1,2,2 with X = 0,1,1,2: C_max = 2/3, so efficiency 50%.
    dose = decisions["dose"]
    assert dose["stats"]["facility"] == pytest.approx(62.5)
    assert dose["stats"]["discrimination"] == pytest.approx(42.640, abs=1e-3)
    assert dose["stats"]["efficiency"] == pytest.approx(50.0)
    assert dose["flags"] == []
    assert {o["verdict"]: o["count"] for o in dose["options"]} == {
        "preferred": 2, "acceptable": 1, "harmful": 1,
    }  # fmt: skip
    assert dose["options"][0]["label"] == "0.5-1 mg/kg/day" and dose["options"][0]["key"]
    assert (dose["harmful"], dose["wrong"]) == (1, 1)
    wrong = [(d["step_id"], d["wrong"], d["key"]) for d in report["most_wrong"]]
    assert wrong == [
        ("workup", 2, ["Muscle biopsy"]),
        ("first-line", 2, ["Prednisone", "Methotrexate"]),
        ("dose", 1, ["0.5-1 mg/kg/day"]),
    ]
    assert report["most_wrong"][0]["citations"]  # the key's sources, by their labels
    assert "first completed attempt" in report["rule"]


def test_each_format_parses_and_says_the_rule(class_file, capsys) -> None:
    source, cases = class_file
    code, out, _ = report_of(capsys, str(source), "--cases", str(cases), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["record"] for r in rows].count("attempt") == 6
    decision = next(r for r in rows if r["step_id"] == "first-line")
    assert (decision["n"], decision["facility"], decision["discrimination"]) == (
        "4",
        "50",
        "-19.25",
    )
    code, out, _ = report_of(capsys, str(source), "--cases", str(cases))
    assert code == 0 and out.startswith("# Class report")
    assert "first completed attempt" in out and "## Most often wrong" in out
    assert "negative discrimination (-19.2%)" in out
    code, out, _ = report_of(capsys, str(source), "--cases", str(cases), "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "</html>" in out


HOSTILE = "<script>alert(1)</script> [red]x[/red] | *b* =1+1"


def test_case_text_and_names_stay_text_in_html_markdown_and_csv(tmp_path: Path, capsys) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mini.yaml").write_text(
        MINIMAL_CASE.replace("prompt: What next?", f'prompt: "{HOSTILE}"'), encoding="utf-8"
    )
    rows = answers("Mallory", 1, 1, [("workup", [2], "suboptimal", 0.0, False, 1.0)])
    rows[0]["learner"] = "<b>Mallory</b>"
    source = tmp_path / "x.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    base = [str(source), "--cases", str(cases), "--format"]
    _, html_text, _ = report_of(capsys, *base, "html")
    assert "<script>" not in html_text and "<b>Mallory" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [red]x[/red] | *b* =1+1" in html_text
    _, markdown, _ = report_of(capsys, *base, "markdown")
    assert "<script>" not in markdown and r"\<script\>" in markdown and r"\| \*b\*" in markdown
    _, table, _ = report_of(capsys, *base, "csv")
    prompts = [r["prompt"] for r in csv.DictReader(io.StringIO(table)) if r["prompt"]]
    assert prompts == [HOSTILE]  # starts with '<', no formula to quote off


def test_a_statement_read_twice_counts_once_and_durations_parse() -> None:
    statement = {
        "id": "5f8e0c1a-0000-5000-8000-000000000001",
        "actor": {"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "https://myositis-tutor.example/xapi/cases/mini-pm/steps/workup"},
        "result": {
            "score": {"raw": 1, "max": 1},
            "response": "option-1",
            "duration": "PT1M2.5S",
            "extensions": {
                "https://myositis-tutor.example/xapi/extensions/verdict": "preferred",
                "https://myositis-tutor.example/xapi/extensions/step-number": 1,
            },
        },
        "context": {"registration": "0d6b8a7e-3f0e-4c55-9a3e-2b1f7c9d4e10"},
        "timestamp": "2026-03-01T09:01:00+00:00",
    }
    records = ClassRecords()
    add_source(records, [statement])
    add_source(records, {"statements": [statement, {"verb": {"id": "x"}, "object": {}}]})
    (attempt,) = records.attempts.values()
    assert len(attempt.answers) == 1 and records.duplicates == 1 and records.ignored == 1
    assert attempt.answers[1].seconds == 62.5 and attempt.answers[1].choices == (0,)
    assert attempt.answers[1].answered_at == "2026-03-01T09:01:00.000Z"
    assert seconds_of("P1DT1H") == 90000
    with pytest.raises(SourceError, match=r"statement 1: result\.score is missing"):
        add_source(ClassRecords(), [{**statement, "result": {}}])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "x.json: cannot read it"),
        ("[{", "x.json:1:3: not JSON"),
        ('{"a": 1}', "x.json: not an export of the tutor"),
        ("learner,case_id\n", "x.json: a CSV export"),
        ('[{"step_id": "workup"}]', "x.json: row 1: case_id is missing"),
    ],
)
def test_an_unreadable_source_is_one_plain_line_and_exit_1(
    tmp_path: Path, capsys, content: str | None, message: str
) -> None:
    source = tmp_path / "x.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    code, out, err = report_of(capsys, str(source))
    assert code == 1 and out == ""
    assert err.startswith(f"tutor class-report: {source.parent}/{message}")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert report_of(capsys)[0] == 2
    with pytest.raises(SystemExit) as raised:
        main(["class-report", "x.json", "--format", "pdf"])
    assert raised.value.code == 2
    assert report_of(capsys, "x.json", "-o", str(tmp_path / "no" / "r.md"))[0] == 2
    assert report_of(capsys, "--lrs", "ftp://lrs")[0] == 2


def test_an_older_json_export_and_the_statements_of_the_same_attempt_merge(
    tmp_path: Path, capsys
) -> None:
    """A JSON export made before rows carried the registration still matches the LRS's
    statements answer by answer, and the two copies become one attempt."""
    from test_results_cli import CASE, Clock

    from tutor.core.algorithm.scoring_types import Response
    from tutor.core.play.attempts import start_logged_session
    from tutor.core.progress.store import Store

    data = tmp_path / "data"
    with Store.open(data, clock=Clock()) as store:
        store.learner = '{"name": "Ada", "email": "ada@example.org"}'
        session = start_logged_session(store, CASE, None, "exam", seed=1)
        for response in (
            Response("workup", (0,)), Response("first-line", (0, 1)), Response("dose", value=0.75)
        ):  # fmt: skip
            session.submit(response)
    exports = {}
    for kind in ("json", "xapi"):
        assert main(["results", "--data-dir", str(data), "--format", kind]) == 0
        exports[kind] = json.loads(capsys.readouterr().out)
    for row in exports["json"]:
        del row["registration"]
    records = ClassRecords()
    add_source(records, exports["json"])
    add_source(records, exports["xapi"])
    (attempt,) = records.attempts.values()
    assert sorted(attempt.answers) == [1, 2, 3] and records.duplicates == 3
    assert attempt.completed and attempt.learner.email == "ada@example.org"
