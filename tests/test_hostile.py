"""Hostile case files and paths: refused at file:line:col, bounded, never raw on the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE, line_of

from tutor.core.loader import load_case


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


def test_huge_integer_through_validate_is_an_error_not_a_traceback(write_case) -> None:
    path = write_case(MINIMAL_CASE.replace("minutes: 5", "minutes: " + "9" * 5000))
    write_case(name="good.yaml")
    result = tutor("validate", str(path.parent))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "the number has 5,000 digits" in result.stdout
    assert "2 case file(s) checked: 1 valid, 1 invalid" in result.stderr
