"""Hostile case files and paths: refused at file:line:col, bounded, never raw on the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE, line_of

from tutor.core.cases.loader import load_case


def tutor(*args: str, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        input=stdin,
        cwd=cwd,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "number",
    ["9" * 4301, "1" * 101, "1e400", "-1e400", "1.5e999"],
    ids=["4301", "101", "inf", "-inf", "e999"],
)
def test_unrepresentable_numbers_are_refused_at_their_line(write_case, number: str) -> None:
    text = MINIMAL_CASE.replace("minutes: 5", f"minutes: {number}")
    loaded, diagnostics = load_case(write_case(text))
    assert loaded is None
    line = line_of(text, "minutes:")
    assert any(f"case.yaml:{line}:10: minutes:" in str(d) for d in diagnostics), diagnostics
    assert len(diagnostics) == 1


def unknown_keys_case(steps: int, keys: int = 40) -> str:
    """A case of `steps` two-option steps, each carrying `keys` fields no step has."""
    head = MINIMAL_CASE.split("steps:\n")[0]
    extra = "".join(f"    k{k:02d}: 1\n" for k in range(keys))
    options = "".join(
        f"      - text: {t}\n        verdict: {v}\n        feedback: F.\n        cite: [x]\n"
        for t, v in (("A", "preferred"), ("B", "harmful"))
    )
    step = "  - id: s{n}\n    kind: single\n    prompt: Q?\n" + extra + "    options:\n" + options
    return head + "steps:\n" + "".join(step.format(n=n) for n in range(steps))


def test_huge_integer_through_validate_is_an_error_not_a_traceback(write_case) -> None:
    path = write_case(MINIMAL_CASE.replace("minutes: 5", "minutes: " + "9" * 5000))
    write_case(name="good.yaml")
    result = tutor("validate", str(path.parent))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "the number has 5,000 digits" in result.stdout
    assert "2 case file(s) checked: 1 valid, 1 invalid" in result.stderr


ESCAPE_KEY = '"\\e]52;c;SGVsbG8=\\a\\e]0;pwned\\a\\e[2J": x'
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_no_raw_controls(text: str) -> None:
    for raw in RAW_CONTROLS:
        assert raw not in text, repr(raw)


def hostile_folder(tmp_path: Path) -> Path:
    """A case with an escape-sequence key, in a file whose name holds escape bytes too."""
    folder = tmp_path / "lib"
    folder.mkdir()
    text = MINIMAL_CASE.replace("minutes: 5\n", f"minutes: 5\n{ESCAPE_KEY}\n")
    (folder / "evil\x1b]0;title\x07\u202e.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ["validate", "playtest"])
def test_escape_bytes_in_keys_and_file_names_never_reach_the_terminal(
    tmp_path: Path, command: str
) -> None:
    folder = hostile_folder(tmp_path)
    result = tutor(command, str(folder))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert_no_raw_controls(output)
    assert "Traceback" not in output
    assert "evil\\x1b]0;title\\x07\\u202e.yaml" in output
    if command == "validate":
        assert "\\x1b]52;c;SGVsbG8=\\x07" in output


def test_escape_bytes_are_escaped_in_playtest_json(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "evil\x9b\u202e.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    result = tutor("playtest", "--format", "json", str(folder))
    assert_no_raw_controls(result.stdout + result.stderr)
    (case,) = json.loads(result.stdout)["cases"]
    assert case["file"].endswith("evil\\x9b\\u202e.yaml")


def test_printable_escapes_controls_bidi_and_undecodable_bytes() -> None:
    from tutor.printable import printable

    assert printable("a\x1b[2Jb\x07\x9b\u202e\u2066\udce9\nc") == (
        "a\\x1b[2Jb\\x07\\x9b\\u202e\\u2066\\xe9\\x0ac"
    )
    assert printable("line one\n\tline two", newlines=True) == "line one\n\tline two"
    assert printable("Dermatomyositis — é ü 中") == "Dermatomyositis — é ü 中"


def test_library_screen_draws_hostile_file_names_and_keys_escaped() -> None:
    from tutor.core.cases.diagnostics import Diagnostic
    from tutor.core.library.outcome import FailedCase
    from tutor.ui.screens.library import failed_prompt

    failed = FailedCase(
        Path("evil\x1b]0;title\x07.yaml"),
        [Diagnostic("evil\x1b]0;title\x07.yaml", "unknown field", 3, 1, "\x1b]52;c;SGVsbG8=\x07")],
    )
    shown = failed_prompt(failed).plain
    assert_no_raw_controls(shown)
    assert "evil\\x1b]0;title\\x07.yaml" in shown


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", '"Safe \\u202e txet"', "bidirectional control character (U+202E)"),
        ("summary", '"a \\u2066b\\u2069"', "bidirectional control character (U+2066)"),
        ("title", '"\\u200b"', "blank"),
        ("title", "\u200b\u200b", "blank"),
        ("summary", '" "', "blank"),
    ],
)
def test_reordering_and_invisible_text_is_refused(
    write_case, field: str, value: str, expected: str
) -> None:
    original = {"title": "A small polymyositis case", "summary": "Work-up, then first line"}
    text = MINIMAL_CASE.replace(f"{field}: {original[field]}", f"{field}: {value} #", 1)
    loaded, diagnostics = load_case(write_case(text))
    assert loaded is None
    line = line_of(text, f"{field}:")
    (message,) = [str(d) for d in diagnostics]
    assert f"case.yaml:{line}:{len(field) + 3}: {field}: text" in message
    assert expected in message


def test_a_key_with_a_bidi_control_is_refused(write_case) -> None:
    text = MINIMAL_CASE.replace("minutes: 5\n", 'minutes: 5\n"au\\u202ethor": x\n')
    loaded, diagnostics = load_case(write_case(text))
    assert loaded is None
    assert any("key contains a bidirectional control character" in str(d) for d in diagnostics)


def test_thousands_of_unknown_keys_are_listed_in_reading_order_then_counted(write_case) -> None:
    from tutor.core.cases.diagnostics import MAX_DIAGNOSTICS

    text = unknown_keys_case(60)  # 2,400 unknown keys (bench/hostile.py times 1,500 steps)
    result = tutor("validate", str(write_case(text)))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_DIAGNOSTICS + 1
    assert lines[0].endswith(f"case.yaml:{line_of(text, 'k00:')}:5: steps[0]: unknown field 'k00'")
    # The count of the rest closes the list, after every problem shown (it sorted first once).
    assert lines[-1].endswith("more problem(s) in this file, not listed; fix these first")
    assert not any("more problem(s)" in line for line in lines[:-1])


def test_one_file_of_thousands_of_mistakes_reports_a_bounded_list(write_case) -> None:
    from tutor.core.cases.diagnostics import MAX_DIAGNOSTICS

    text = MINIMAL_CASE.replace(
        "objectives:\n  - Confirm the diagnosis before treating.\n",
        "objectives: [" + "{}, " * 5_000 + "{}]\n",
    )
    loaded, diagnostics = load_case(write_case(text))
    assert loaded is None
    assert len(diagnostics) == MAX_DIAGNOSTICS + 1
    assert str(diagnostics[-2]).endswith(
        "objectives[49]: expected text, got a mapping (key: value lines)"
    )
    assert str(diagnostics[-1]).endswith(
        f"and {5_001 - MAX_DIAGNOSTICS:,} more problem(s) in this file, not listed; fix these first"
    )
    result = tutor("validate", str(write_case(text)))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == MAX_DIAGNOSTICS + 1
    assert len(result.stdout.encode()) < 20_000


@pytest.mark.parametrize("field", ["objectives", "steps"])
def test_a_list_of_a_hundred_thousand_items_is_refused_as_it_is_read(
    write_case, field: str
) -> None:
    # ~600 KB of `{}`: validating every item built 150,000 problems (seconds, hundreds of MiB)
    # before the first 50 were shown; the reader now refuses the list at its 10,001st item.
    from tutor.core.cases.yaml_reader import MAX_ITEMS

    start = MINIMAL_CASE.index(f"{field}:")
    end = MINIMAL_CASE.index("\n", start) + 1
    items = "{}, " * 150_000 + "{}"
    text = MINIMAL_CASE[:start] + f"{field}: [{items}]\n" + MINIMAL_CASE[end:]
    if field == "steps":
        text = MINIMAL_CASE[:start] + f"steps: [{items}]\n"
    path = write_case(text)
    assert path.stat().st_size > 600_000
    loaded, diagnostics = load_case(path)
    assert loaded is None
    line = line_of(text, f"{field}:")
    (only,) = diagnostics
    assert str(only).endswith(
        f"case.yaml:{line}:{len(field) + 3}: {field}: "
        f"this list holds more than {MAX_ITEMS:,} items; a case needs far fewer"
    )
    result = tutor("validate", str(path))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert "1 case file(s) checked: 0 valid, 1 invalid; 1 error(s)" in result.stderr


def test_a_folder_named_like_a_case_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    result = tutor("validate", str(tmp_path / "x.yaml"))
    assert result.returncode == 1
    assert "x.yaml: is a folder, not a case file" in result.stdout


def test_a_folder_without_case_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = tutor("validate", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "no case files (*.yaml, *.yml) in this folder" in result.stdout


def test_a_path_that_is_not_a_regular_file_is_an_error(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    result = tutor("validate", str(tmp_path / "pipe.yaml"))
    assert result.returncode == 1
    assert "pipe.yaml: not a case file (not a regular file)" in result.stdout


def test_an_unreadable_subfolder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any folder whatever its mode, so the refusal is simulated where os.walk lists.
    import os

    from tutor.core.cases import files

    (tmp_path / "good.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, problems = files.find_case_files([tmp_path])
    assert [p.name for p in found] == ["good.yaml"]
    (problem,) = problems
    assert str(problem).endswith("locked: cannot read this folder: Permission denied")


def test_play_plain_on_a_missing_file_says_so(tmp_path: Path) -> None:
    result = tutor("play", str(tmp_path / "missing.yaml"), "--plain")
    assert result.returncode == 1
    assert "missing.yaml: no such file or folder" in result.stderr


def test_a_file_name_that_is_not_utf8_is_shown_and_used(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"caf\xe9.yaml")  # Latin-1: a surrogate in Python's view of the name
    (tmp_path / name).write_text(MINIMAL_CASE, encoding="utf-8")
    played = tutor("play", name, "--plain", cwd=tmp_path, stdin="1\n")
    assert "Traceback" not in played.stdout + played.stderr
    assert "Stopped before the end: 1 of the case's decisions answered." in played.stdout
    bad = MINIMAL_CASE.replace("minutes: 5", "minutes: many")
    (tmp_path / name).write_text(bad, encoding="utf-8")
    checked = tutor("validate", name, cwd=tmp_path)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    assert checked.stdout.startswith("caf\\xe9.yaml:")


@pytest.mark.parametrize("text", ["0\x850:", "a: b\u2028 c: d", "id: x\x85title: \x07"])
def test_line_breaks_other_than_newline_are_counted_as_yaml_counts_them(
    write_case, text: str
) -> None:
    # NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for YAML: a syntax error on the
    # line after one was explained from the wrong line (an IndexError, found by Hypothesis).
    loaded, diagnostics = load_case(write_case(text))
    assert loaded is None
    assert diagnostics[0].line == 2, str(diagnostics[0])
