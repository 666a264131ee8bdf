"""Garbage collection around the app's start (tutor.collector). Each check runs in a fresh
interpreter: the collector is process-wide state that the test run must not inherit."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> str:
    prelude = "import gc; from tutor.collector import paused_for_start, settle\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_start_pauses_collection_and_settling_freezes_what_exists_then_resumes() -> None:
    code = (
        "with paused_for_start():\n"
        "    paused = not gc.isenabled(); settle()\n"
        "    print(paused, gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    assert run(code) == "True True True"


def test_collection_is_back_on_however_the_start_ends() -> None:
    code = (
        "try:\n"
        "    with paused_for_start():\n"
        "        raise SystemExit('the app never started')\n"
        "except SystemExit:\n"
        "    pass\n"
        "settle()  # a later app in the same process (a test) leaves the collector alone\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
    )
    assert run(code) == "True 0"


def test_without_a_paused_start_settling_changes_nothing() -> None:
    assert run("settle(); print(gc.isenabled(), gc.get_freeze_count())") == "True 0"


def test_a_command_that_does_not_start_the_app_leaves_collection_on() -> None:
    code = (
        "from tutor.cli import main\n"
        "code = main(['play', 'no-such-case'])\n"
        "print(code, gc.isenabled())\n"
    )
    assert run(code).splitlines()[-1] == "1 True"
