"""Garbage collection around the app's start (tutor.ui.collector). Each check runs in a fresh
interpreter: the collector is process-wide state that the test run must not inherit."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> str:
    prelude = "import gc; from tutor.ui.collector import pause_for_start, settle; "
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_start_pauses_collection_and_settling_freezes_what_exists_then_resumes() -> None:
    code = (
        "pause_for_start(); paused = not gc.isenabled(); settle(); "
        "print(paused, gc.isenabled(), gc.get_freeze_count() > 1000)"
    )
    assert run(code) == "True True True"


def test_without_a_paused_start_settling_changes_nothing() -> None:
    assert run("settle(); print(gc.isenabled(), gc.get_freeze_count())") == "True 0"
