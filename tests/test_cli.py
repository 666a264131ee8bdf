"""The command line: exit codes, output, help on every command. Run as a real subprocess."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor import commands
from tutor.commands import SUMMARIES


def tutor(*args: str, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_validate_bundled_library_passes() -> None:
    result = tutor("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_validate_reports_precise_errors_and_exits_1(write_case) -> None:
    path = write_case(MINIMAL_CASE.replace("verdict: preferred", "verdikt: preferred", 1))
    result = tutor("validate", str(path))
    assert result.returncode == 1
    assert "unknown field 'verdikt' (did you mean 'verdict'?)" in result.stdout
    assert "1 invalid" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_folder_with_good_and_bad_files(write_case) -> None:
    write_case(name="good.yaml")
    bad = write_case(b"\xff\xfe".decode("latin-1"), name="bad.yaml")
    bad.write_bytes(b"id: \xff\n")
    result = tutor("validate", str(bad.parent))
    assert result.returncode == 1
    assert "bad.yaml:1:5: not valid UTF-8" in result.stdout
    assert "1 valid, 1 invalid" in result.stderr


def test_validate_missing_path_is_invalid_input(tmp_path: Path) -> None:
    result = tutor("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert "no such file or folder" in result.stdout


def test_usage_errors_exit_2() -> None:
    result = tutor("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Try 'tutor --help'" in result.stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["play", "refractory-polymyositis", "--time-limit", "5"], "applies to --mode exam"),
        (
            ["play", "refractory-polymyositis", "--plain", "--mode", "exam", "--time-limit", "5"],
            "line mode shows no countdown",
        ),
        (["quiz", "--plain", "--time-limit", "5"], "line mode shows no countdown"),
    ],
)
def test_a_time_limit_that_cannot_apply_is_a_usage_error(args: list[str], why: str) -> None:
    result = tutor(*args)
    assert result.returncode == 2 and why in result.stderr


def test_options_of_play_without_a_command_mean_play(tmp_path: Path) -> None:
    # `tutor` alone means `tutor play`, so `tutor --cases DIR ...` does too.
    (tmp_path / "mini.yaml").write_text(MINIMAL_CASE)
    result = tutor("--cases", str(tmp_path), "mini-pm", "--plain", "--data-dir", str(tmp_path))
    assert "invalid choice" not in result.stderr
    assert "A small polymyositis case" in result.stdout
    assert tutor("--help").returncode == 0


def test_quiz_help_names_exam_as_its_default_mode() -> None:
    result = tutor("quiz", "--help")
    assert "exam (the default)" in " ".join(result.stdout.split())


def test_a_zero_time_limit_says_what_is_allowed() -> None:
    result = tutor("play", "refractory-polymyositis", "--mode", "exam", "--time-limit", "0")
    assert result.returncode == 2
    assert "more than 0 and at most 1440 minutes" in result.stderr


OWN_REFERENCES = """\
references:
  - id: my-own-note-2026
    title: A teaching note of our own
    publisher: Our department
    year: 2026
    source: our-teaching-notes.txt
"""


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_case_file_named_alone_sees_the_references_beside_it(write_case, command) -> None:
    # The README's workflow: a case in a folder with its own references.yaml, named by file.
    text = MINIMAL_CASE.replace("cite: [oracle-antibody-2025]", "cite: [my-own-note-2026]", 1)
    case = write_case(text, name="my-case.yaml")
    (case.parent / "references.yaml").write_text(OWN_REFERENCES, encoding="utf-8")
    args = [command, str(case)] + (["--format", "markdown"] if command == "export" else [])
    result = tutor(*args, cwd=case.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not in the reference library" not in result.stdout + result.stderr
    if command == "validate":
        assert "Citations also resolved against references.yaml" in result.stdout


def test_schema_prints_json_schema() -> None:
    result = tutor("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Myositis tutor case file"
    assert tutor("schema", "nonsense").returncode == 2


@pytest.mark.parametrize("command", [[], *[[name] for name in SUMMARIES]])
def test_help_on_every_command(command: list[str]) -> None:
    result = tutor(*command, "--help")
    assert result.returncode == 0
    assert "usage: tutor" in result.stdout


def test_every_command_module_is_listed_and_every_listed_command_has_a_module() -> None:
    modules = {m.name.replace("_", "-") for m in pkgutil.iter_modules(commands.__path__)}
    modules -= {"common"}
    assert modules == set(SUMMARIES)


def test_a_command_imports_no_other_command_module() -> None:
    code = (
        "import sys; from tutor.cli import build_parser; build_parser('play'); "
        "print(sorted(m for m in sys.modules if m.startswith('tutor.commands.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "['tutor.commands.common', 'tutor.commands.play']"


def test_works_from_any_folder(tmp_path: Path) -> None:
    assert tutor("validate", cwd=tmp_path).returncode == 0


def test_parallel_validation_prints_exactly_what_serial_validation_prints(write_case) -> None:
    for index in range(70):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: mini-{index}")
        if index % 9 == 0:
            text = text.replace("minutes: 5", "minutes: five").replace(
                "verdict: preferred", "verdikt: x", 1
            )
        if index % 13 == 0:
            text = text.replace(f"id: mini-{index}", "id: mini-1")  # duplicate ids
        write_case(text, name=f"case-{index:02d}.yaml")
    folder = str(write_case(name="case-00.yaml").parent)
    serial = tutor("validate", "--jobs", "1", folder)
    parallel = tutor("validate", "--jobs", "2", folder)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout and serial.stderr == parallel.stderr
    assert "already used by" in serial.stdout and "unknown field 'verdikt'" in serial.stdout
