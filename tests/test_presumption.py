"""`tutor playtest` flags text after a decision that presumes an option the learner did not choose."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL_CASE

from tutor.cli import main
from tutor.core.authoring.presumption import names, presumptions
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Therapy

BRANCH = """\
  - id: choose
    kind: single
    prompt: Which antibody?
    options:
      - text: Rituximab
        therapies: [rituximab]
        verdict: preferred
        feedback: Right.
        cite: [oracle-antibody-2025]
      - text: IVIG
        therapies: [ivig]
        verdict: acceptable
        feedback: Supported.
        cite: [oracle-antibody-2025]
{own}
{step_reveal}
  - id: regimen
    kind: single
    prompt: {prompt}
    options:
      - text: Two doses
        verdict: preferred
        feedback: Right.
        cite: [oracle-antibody-2025]
      - text: One dose
        verdict: suboptimal
        feedback: No.
        cite: [oracle-antibody-2025]
"""


def _case(own: str = "", step_reveal: str = "", prompt: str = "What next?") -> Case:
    head = MINIMAL_CASE.split("steps:\n")[0]
    text = head + "steps:\n" + BRANCH.format(own=own, step_reveal=step_reveal, prompt=prompt)
    parsed, problems = parse_text(text, Path("case.yaml"), Case)
    assert parsed is not None, problems
    return parsed.model


def test_a_next_prompt_naming_another_options_therapy_is_flagged() -> None:
    found = presumptions(_case(prompt="How is the first course of rituximab given?"))
    assert [(p.step, p.option, p.therapy, p.where) for p in found] == [
        ("choose", 2, Therapy.rituximab, "the prompt of step 'regimen'")
    ]
    assert "option 2 of step 'choose'" in found[0].message()


def test_a_step_reveal_naming_one_options_therapy_is_flagged_for_the_others() -> None:
    found = presumptions(_case(step_reveal="    reveal:\n      text: IVIG is given over 2 days."))
    assert [(p.option, p.therapy, p.where) for p in found] == [
        (1, Therapy.ivig, "the step's reveal")
    ]


def test_neutral_text_and_an_options_own_reveal_are_not_flagged() -> None:
    assert presumptions(_case(prompt="How is the first antibody given?")) == []
    # The IVIG option says what was done instead; the prompt that follows may then name it.
    own = "        reveal:\n          text: The team gives rituximab instead."
    assert presumptions(_case(own=own, prompt="How is rituximab given?")) == []


def test_therapies_every_option_gives_are_not_contested() -> None:
    case = _case(prompt="How is prednisone given alongside?")
    assert presumptions(case) == []  # no option gives prednisone: nothing is contested
    text = MINIMAL_CASE.split("steps:\n")[0] + "steps:\n"
    text += (
        BRANCH.format(own="", step_reveal="", prompt="How is prednisone given?")
        .replace("therapies: [rituximab]", "therapies: [rituximab, prednisone]")
        .replace("therapies: [ivig]", "therapies: [ivig, prednisone]")
    )
    parsed, problems = parse_text(text, Path("case.yaml"), Case)
    assert parsed is not None, problems
    assert presumptions(parsed.model) == []


def test_names_are_whole_words_ignoring_case() -> None:
    assert names(Therapy.ivig, "a course of ivig")
    assert names(Therapy.tnf_alpha_inhibitor, "Infliximab is started")
    assert not names(Therapy.prednisone, "IV methylprednisolone")
    assert not names(Therapy.no_change, "no change in treatment")  # never looked for


def test_playtest_reports_it_as_a_warning_in_text_and_json(tmp_path: Path, capsys) -> None:
    path = tmp_path / "c.yaml"
    text = MINIMAL_CASE.split("steps:\n")[0] + "steps:\n"
    text += BRANCH.format(own="", step_reveal="", prompt="How is rituximab given?")
    path.write_text(text, encoding="utf-8")
    assert main(["playtest", str(path)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "text that presumes an option not chosen: choose option 2 (rituximab)" in out
    assert "after option 2 of step 'choose', the prompt of step 'regimen' names rituximab" in out
    assert main(["playtest", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cases"][0]["analysis"]["presumptions"] == [
        {
            "step": "choose",
            "option": 2,
            "therapy": "rituximab",
            "where": "the prompt of step 'regimen'",
        }
    ]
