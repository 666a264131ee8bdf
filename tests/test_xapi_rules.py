"""Every statement the tutor emits keeps the xAPI 1.0.3 rules for the fields it uses (checked
by tests/xapi_rules.py, written from the specification, not from our own emitter); the real LRS
in test_lrs_ralph.py has the final word."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from tutor_process import WHOLE_CASE_ANSWERS, run_tutor
from xapi_rules import problems


@pytest.fixture
def statements() -> list[dict[str, Any]]:
    played = run_tutor(
        "play", "refractory-polymyositis", "--plain", "--seed", "1", "--learner", "Ana Ruiz",
        stdin=WHOLE_CASE_ANSWERS,
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    exported = run_tutor("results", "--format", "xapi")
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
