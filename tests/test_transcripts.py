"""Whole line-mode sessions, replayed and compared with their recorded transcripts exactly.

A transcript (tests/transcripts/*.txt) is what `tutor play CASE --plain --seed 1` printed:
lines starting with "> " are what the learner typed, everything else the tutor's output. When a
case's text or line mode's wording changes, regenerate them with
`python tests/transcripts/record.py` and read the diff before committing.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent / "transcripts"


def _recorder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("transcript_recorder", HERE / "record.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


record = _recorder()


@pytest.mark.parametrize("name", sorted(record.SESSIONS))
def test_transcript_replays_exactly(name: str, tmp_path: Path) -> None:
    expected = record.transcript_path(name).read_text(encoding="utf-8")
    case_id, inputs = record.SESSIONS[name]
    assert record.inputs_of(expected) == inputs, "record.py and the transcript disagree"
    result = record.replay(case_id, record.inputs_of(expected), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected, (
        f"line mode no longer prints tests/transcripts/{name}.txt; if the change is meant, "
        "run `python tests/transcripts/record.py` and read the diff"
    )


def test_the_whole_case_uses_every_listener_command() -> None:
    typed = {line.lower() for line in record.SESSIONS["refractory-polymyositis"][1]}
    assert {"help", "repeat", "labs", "case"} <= typed
    assert record.SESSIONS["refractory-polymyositis-quit"][1][-1] == "quit"


@pytest.mark.parametrize("name", sorted(record.SESSIONS))
def test_transcript_reads_well_to_a_listener(name: str) -> None:
    """No line a screen reader would shout or spell out, no source file names, no symbols for
    words in the test results."""
    text = record.transcript_path(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        words = line.strip()
        assert words not in {"ABNORMAL", "HIGH", "LOW"}
        assert not re.search(r"MG/KG|\bMM/H\b|\bMIU/L\b", line), line
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", line), line
        assert "(normal <" not in line and "(normal >" not in line, line
    assert "refractory-polymyositis" not in text.split("\n", 1)[0]  # the title, not the id


def test_quit_keeps_the_attempt_and_the_same_command_resumes_it(tmp_path: Path) -> None:
    case_id = "refractory-polymyositis"
    quit_at_two = record.replay(case_id, ["1", "quit"], tmp_path)
    assert quit_at_two.returncode == 0
    assert "tutor play refractory-polymyositis --plain" in quit_at_two.stdout
    again = record.replay(case_id, ["Quit"], tmp_path)
    assert again.returncode == 0
    assert "1 decision already answered" in " ".join(again.stderr.split())  # wrapped
    assert "DECISION 2 " in again.stdout and "Stopped at decision 2." in again.stdout
