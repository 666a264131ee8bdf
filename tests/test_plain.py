"""Line mode (`tutor play CASE --plain`), fed from a pipe as a screen reader or script would."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Confidence, InvalidResponse
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.library.library import load_algorithm
from tutor.core.play.session import Session
from tutor.paths import bundled_cases_dir
from tutor.plain import LineTutor, parse_answer
from tutor.plain_text import listening_width

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
BUNDLED = sorted(
    p.stem for p in bundled_cases_dir().glob("*.yaml") if p.stem not in ("references", "algorithm")
)


def play(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "play", *args, "--plain", "--seed", "1"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_line_tutor(lines: list[str], exam: bool = False) -> tuple[int, str]:
    feed = iter(lines)
    out = StringIO()
    session = Session(CASE, load_algorithm()[0], shuffle=False)
    code = LineTutor(session, {}, lambda: next(feed, None), out, exam=exam).run()
    return code, out.getvalue()


def test_parse_answer_forms() -> None:
    single, multiple, numeric = CASE.step("workup"), CASE.step("first-line"), CASE.step("dose")
    assert parse_answer("2", single).numbers == (2,)
    assert parse_answer("1, 3 sure", multiple).numbers == (1, 3)
    assert parse_answer("1 3 sure", multiple).confidence is Confidence.sure
    assert parse_answer("none", multiple).numbers == ()
    assert parse_answer("0.75 mg/kg/day guessing", numeric).value == 0.75
    for bad, step in [("", single), ("1 2", single), ("two", single), ("60 mg", numeric)]:
        with pytest.raises(InvalidResponse):
            parse_answer(bad, step)


def test_a_confidence_key_typed_after_a_dose_is_explained_as_one() -> None:
    # s and u mark confidence on the other questions; in a number they are typed (`2s`).
    numeric = CASE.step("dose")
    for typed in ("0.75s", "0.75 u", "s"):
        with pytest.raises(InvalidResponse, match="type the word after it: sure, unsure"):
            parse_answer(typed, numeric)
    with pytest.raises(InvalidResponse, match="'g' is a different unit"):  # grams, maybe
        parse_answer("0.75 g", numeric)
    assert parse_answer("0.75 sure", numeric).confidence is Confidence.sure


def test_full_practice_run_shows_feedback_score_and_safety() -> None:
    code, out = run_line_tutor(["2", "1", "1 2", "0.75"])
    assert code == 0
    assert "Harmful - 0 of 1 point" in out
    assert "SAFETY: this choice could harm a patient." in out
    assert "Sources differ: Sources give 0.5-1 or 1-2 mg/kg/day." in out
    assert "Score: 4 of 5 points on your path (80%)" in out
    assert "The best path through the case is worth 4 points. Yours differs" in " ".join(
        out.split()
    )
    assert (
        "Safety: 1 harmful choice" in out
        and "Harmful choice at decision 1: Start rituximab now" in out
    )
    # Heard in order: the safety warning before the explanation, not after it.
    assert out.index("SAFETY: this choice could harm a patient.") < out.index(
        "Harmful - 0 of 1 point"
    )
    assert "ABNORMAL" not in out and "MG/KG/DAY" not in out
    assert "DECISION 4 (enter a number in mg/kg/day)" in out


def test_invalid_answers_are_asked_again() -> None:
    code, out = run_line_tutor(["7", "", "banana", "1", "1 2", "60 mg", "1"])
    assert code == 0
    flat = " ".join(out.split())
    assert "There is no option 7" in flat
    assert "This answer is asked in mg/kg/day; 'mg' is a different unit." in flat


def test_exam_mode_holds_feedback_until_the_end() -> None:
    code, out = run_line_tutor(["1", "1 2", "0.75"], exam=True)
    assert code == 0
    before, after = out.split("RESULTS")
    assert "Preferred - 1 of 1 point" not in before
    assert "Preferred - 1 of 1 point" in after and "Confirms the diagnosis." in after


def test_end_of_input_before_the_end_exits_non_zero() -> None:
    code, out = run_line_tutor(["1"])
    assert code == 1
    assert "Stopped before the end: 1 of the case's decisions answered." in out


@pytest.mark.parametrize("case_id", BUNDLED)
def test_each_bundled_case_plays_to_the_end_from_a_pipe(case_id: str) -> None:
    result = play(case_id, stdin="1\n" * 40)
    assert result.returncode == 0, result.stderr
    assert "For education only" in result.stdout
    assert "RESULTS" in result.stdout and "Safety:" in result.stdout and "Score:" in result.stdout


def test_case_file_path_and_end_of_input(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE)
    result = play(str(path), stdin="1\n")
    assert result.returncode == 1
    assert "Stopped before the end" in result.stdout


def test_unknown_case_and_usage_errors() -> None:
    unknown = play("no-such-case", stdin="")
    assert unknown.returncode == 1 and "no case 'no-such-case'" in unknown.stderr
    no_case = subprocess.run(
        [sys.executable, "-m", "tutor", "play", "--plain"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert no_case.returncode == 2 and "--plain needs a CASE" in no_case.stderr


def test_plain_mode_never_imports_textual(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE)
    code = (
        "import sys; from tutor.cli import main; "
        f"rc = main(['play', {str(path)!r}, '--plain', '--seed', '1']); "
        "sys.exit(10 if 'textual' in sys.modules else rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input="1\n1 2\n1\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_mode_records_answers_and_resumes_where_it_stopped(tmp_path: Path) -> None:
    first = play("refractory-polymyositis", "--data-dir", str(tmp_path), stdin="1\n1\n")
    assert first.returncode == 1
    again = play("refractory-polymyositis", "--data-dir", str(tmp_path), stdin="1\n" * 40)
    assert again.returncode == 0
    assert "Resuming your attempt" in again.stderr and "2 decisions already answered" in " ".join(
        again.stderr.split()
    )
    # Wrapped as the case is, so no word is split at the terminal's edge.
    assert all(len(row) <= listening_width() for row in again.stderr.splitlines()), again.stderr
    exported = subprocess.run(
        [sys.executable, "-m", "tutor", "results", "--format", "json", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert exported.returncode == 0
    assert exported.stdout.count('"step_id"') >= 6  # every answer of the single attempt


def test_restart_starts_a_fresh_attempt(tmp_path: Path) -> None:
    play("refractory-polymyositis", "--data-dir", str(tmp_path), stdin="1\n")
    fresh = play("refractory-polymyositis", "--data-dir", str(tmp_path), "--restart", stdin="1\n")
    assert "Resuming" not in fresh.stderr
    assert "DECISION 1 " in fresh.stdout


def test_wrapping_never_splits_a_citation_key_at_its_hyphens() -> None:
    out = StringIO()
    tutor = LineTutor(Session(CASE, None, shuffle=False), {}, lambda: None, out)
    tutor.width = 40
    tutor.say("Biopsy before any antibody [oracle-antibody-2025]", 2)
    assert "[oracle-antibody-2025]" in out.getvalue()
    assert all(len(line) <= 40 for line in out.getvalue().splitlines())


def test_listener_commands_are_answered_and_never_count_as_answers() -> None:
    code, out = run_line_tutor(["HELP", " Repeat ", "case", "labs", "2", "1", "1 2", "0.75"])
    assert code == 0
    assert "not an option" not in out and "Try again" not in out
    assert "Commands at any prompt: help, repeat, case, labs, flag (or f), quit." in out
    assert "To answer this decision, type the number of the one best option" in out
    assert out.count("DECISION 1 ") == 2  # asked, then repeated
    assert out.count("PRESENTATION") == 2 and "CASE: A small polymyositis case" in out
    assert "Score: 4 of 5 points" in out  # four answers, none of them a command


def test_flag_without_a_kept_progress_says_so_and_is_never_an_answer() -> None:
    code, out = run_line_tutor(["f", "2", "1", "1 2", "0.75"])
    assert code == 0
    assert "Progress is not being kept, so a flag cannot be kept either." in out
    assert "Score: 4 of 5 points" in out


def test_labs_gives_the_results_as_sentences_and_help_fits_the_step() -> None:
    code, out = run_line_tutor(["1", "1 2", "help", "labs", "quit"])
    assert code == 0
    assert "type a number in mg/kg/day" in out  # help for the dose asked, not for a list
    assert "type every number you choose" not in out
    labs = out.rsplit("INVESTIGATIONS", 1)[1]
    assert "At presentation:" in labs and "(normal 30 to 200 U/L)." in labs


def test_quit_in_a_case_says_the_attempt_is_kept_and_how_to_resume() -> None:
    code, out = run_line_tutor(["1", "QUIT"])
    assert code == 0
    flat = " ".join(out.split())
    assert (
        "Stopped at decision 2. Your attempt is saved answer by answer (1 answer so far)." in flat
    )
    assert "tutor play mini-pm --plain" in flat
    assert "RESULTS" not in out


def test_quit_in_a_quiz_says_its_answers_are_not_kept() -> None:
    from tutor.core.play.quiz import QuizSession, expert_path

    session = QuizSession(expert_path(CASE, load_algorithm()[0]), shuffle=False)
    feed = iter(["1", "quit"])
    out = StringIO()
    code = LineTutor(session, {}, lambda: next(feed, None), out, exam=True).run(title="Quiz")
    assert code == 0
    flat = " ".join(out.getvalue().split())
    assert "Stopped after 1 of 3 questions. A quiz's answers are not recorded" in flat
    assert "tutor quiz --plain" in flat


def test_quit_from_the_command_line_exits_0_with_the_command_to_resume(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_CASE)
    result = play(str(path), "--data-dir", str(tmp_path / "d"), stdin="quit\n")
    assert result.returncode == 0, result.stderr
    assert f"tutor play {path} --plain --data-dir {tmp_path / 'd'}" in result.stdout


def test_a_source_label_is_never_split_across_lines() -> None:
    # A listener heard "[003 web" at the end of one line and "article]" at the start of the next.
    from tutor.plain_text import wrap_for_listening

    text = (
        "Speech therapy helps when swallowing is affected. [003 web article], [004 Dr.Oracle 2025]"
    )
    for width in range(30, 90):
        lines = wrap_for_listening(text, width, indent=4).splitlines()
        assert all(line.count("[") == line.count("]") for line in lines), (width, lines)
        assert " ".join(line.strip() for line in lines) == text
