"""Every statement the tutor emits keeps the xAPI 1.0.3 rules for the fields it uses (checked
by tests/xapi_rules.py, written from the specification, not from our own emitter); the real LRS
in test_lrs_ralph.py has the final word."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from xapi_rules import problems

# The whole of refractory-polymyositis in line mode (as in tests/transcripts).
ANSWERS = "1 sure\n1 2 3 4 7\n2 unsure\n60 mg\n1\n1\n1\n1\n1\n1\n1\n"


def tutor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


@pytest.fixture
def statements() -> list[dict[str, Any]]:
    played = tutor(
        "play", "refractory-polymyositis", "--plain", "--seed", "1", "--learner", "Ana Ruiz",
        stdin=ANSWERS,
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    exported = tutor("results", "--format", "xapi")
    assert exported.returncode == 0, exported.stderr
    return json.loads(exported.stdout)


def test_every_emitted_statement_keeps_the_rules(statements: list[dict[str, Any]]) -> None:
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in statements}
    assert {"attempted", "answered", "completed"} <= verbs
    assert sum(s["verb"]["id"].endswith("/answered") for s in statements) >= 10
    for statement in statements:
        assert problems(statement) == [], statement["id"]


def test_the_rules_catch_what_an_lrs_would_refuse(statements: list[dict[str, Any]]) -> None:
    # The checker must be able to fail: break one answered statement in ways the spec forbids.
    answered = next(s for s in statements if s["verb"]["id"].endswith("/answered"))
    for path, value in (
        (("result", "duration"), "90 seconds"),
        (("result", "score", "scaled"), 1.5),
        (("context", "registration"), "not-a-uuid"),
        (("verb", "id"), "answered"),
    ):
        broken = copy.deepcopy(answered)
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert problems(broken), path
    assert problems({k: v for k, v in answered.items() if k != "actor"})
