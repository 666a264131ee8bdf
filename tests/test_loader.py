"""The loader: every rejection rule, each with the exact line and field it reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE, line_of

from tutor.core.cases.loader import MAX_FILE_BYTES, load_case
from tutor.core.cases.model import Case


def problems(path: Path) -> list[str]:
    loaded, diagnostics = load_case(path)
    assert loaded is None, "expected the file to be rejected"
    return [str(d) for d in diagnostics]


def test_minimal_case_loads(write_case) -> None:
    loaded, diagnostics = load_case(write_case())
    assert diagnostics == []
    assert isinstance(loaded.model, Case)
    assert loaded.model.steps[3].numeric.unit == "mg/kg/day"


def test_unknown_field_names_line_column_field_and_suggestion(write_case) -> None:
    text = MINIMAL_CASE.replace("        verdict: preferred\n", "        verdikt: preferred\n", 1)
    line = line_of(text, "verdikt:")
    (message,) = [p for p in problems(write_case(text)) if "verdikt" in p]
    assert message.endswith(
        f"case.yaml:{line}:9: steps[0].options[0]: unknown field 'verdikt' "
        "(did you mean 'verdict'?)"
    )


def test_duplicate_keys_are_rejected_with_both_lines(write_case) -> None:
    text = MINIMAL_CASE.replace("minutes: 5\n", "minutes: 5\nminutes: 6\n")
    first, second = line_of(text, "minutes:"), line_of(text, "minutes:", 2)
    (message,) = problems(write_case(text))
    assert (
        f":{second}:1: minutes: duplicate key 'minutes' (first written on line {first})" in message
    )


def test_yes_no_is_not_silently_a_boolean(write_case) -> None:
    text = MINIMAL_CASE.replace("author: tests", "author: no")
    assert load_case(write_case(text))[0].model.author == "no"
    text = MINIMAL_CASE.replace(
        "    - name: CK\n      value: 4000\n",
        "    - name: CK\n      value: 4000\n      abnormal: yes\n",
    )
    line = line_of(text, "abnormal: yes")
    (message,) = problems(write_case(text))
    assert f":{line}:17: vignette.investigations[0].abnormal: expected true or false" in message


def test_sexagesimal_numbers_are_not_silently_converted(write_case) -> None:
    text = MINIMAL_CASE.replace("minutes: 5", "minutes: 1:30")
    (message,) = problems(write_case(text))
    assert (
        f":{line_of(text, 'minutes:')}:10: minutes: expected a whole number, got '1:30'" in message
    )


def test_number_where_text_belongs_suggests_quotes(write_case) -> None:
    text = MINIMAL_CASE.replace("author: tests", "author: 1.5")
    (message,) = problems(write_case(text))
    assert "author: expected text, got the number 1.5; put it in quotes" in message


@pytest.mark.parametrize("escape", ["\\e[31m", "\\x07", "\\x9b", "\\r"])
def test_control_characters_in_text_are_rejected(write_case, escape: str) -> None:
    text = MINIMAL_CASE.replace("author: tests", f'author: "te{escape}sts"')
    (message,) = problems(write_case(text))
    assert f":{line_of(text, 'author:')}:9: author: text contains a control character" in message


def test_python_tags_are_never_constructed(write_case) -> None:
    text = MINIMAL_CASE.replace("author: tests", "author: !!python/object/apply:os.system [echo]")
    (message,) = problems(write_case(text))
    assert "YAML tags such as '!!python/object/apply:os.system' are not allowed" in message


def test_syntax_error_names_its_line(write_case) -> None:
    text = MINIMAL_CASE.replace("tags: [PM]", "tags: [PM")
    (message,) = problems(write_case(text))
    assert "YAML syntax error" in message
    assert f"case.yaml:{line_of(text, 'objectives:')}:" in message


def test_empty_file(write_case) -> None:
    (message,) = problems(write_case(""))
    assert "the file is empty" in message


def test_list_where_a_mapping_belongs(write_case) -> None:
    (message,) = problems(write_case("- id: x\n"))
    assert ":1:1: expected a mapping of fields" in message and "holds a list" in message


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    (message,) = problems(path)
    assert ":2:11: not valid UTF-8 text (byte 0xe9)" in message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_FILE_BYTES)
    (message,) = problems(path)
    assert "the limit is" in message


@pytest.mark.parametrize("depth", [40, 5000])
def test_deep_nesting_is_refused_in_our_words(write_case, depth: int) -> None:
    # 40 levels reach our own depth check; 5,000 reach libyaml's scanner limit first (PyYAML
    # 6.0.4 and later). Either way one problem, on line 1, in the same plain words.
    text = "id: " + "[" * depth + "]" * depth + "\n"
    (message,) = problems(write_case(text))
    assert re.search(r":1:\d+: lists and mappings are nested deeper than 32 levels", message)
    assert "YAML syntax error" not in message


def test_alias_bomb_is_refused_before_it_expands(write_case) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\n"
    assert len(text) < 1000
    (message,) = problems(write_case(text))
    assert "expands to more than" in message


def test_every_error_of_a_file_is_reported_at_once(write_case) -> None:
    text = (
        MINIMAL_CASE.replace("minutes: 5", "minutes: five")
        .replace("difficulty: introductory", "difficulty: easy")
        .replace("phenotype: PM", "phenotype: IBM")
    )
    messages = problems(write_case(text))
    assert len(messages) == 3
    assert any("minutes: expected a whole number" in m for m in messages)
    assert any("difficulty: 'easy' is not one of" in m for m in messages)
    assert any("patient.phenotype: 'IBM' is not one of: PM, DM" in m for m in messages)


def test_missing_field_is_reported_at_its_mapping(write_case) -> None:
    text = MINIMAL_CASE.replace("        feedback: Confirms the diagnosis.\n", "")
    (message,) = problems(write_case(text))
    line = line_of(text, "- text: Muscle biopsy")
    assert f":{line}:9: steps[0].options[0]: missing required field 'feedback'" in message


def test_wrong_step_kind(write_case) -> None:
    text = MINIMAL_CASE.replace("kind: multiple", "kind: many")
    (message,) = problems(write_case(text))
    assert "kind 'many' is not one of: single, multiple, numeric" in message


def test_single_best_answer_needs_a_preferred_option(write_case) -> None:
    text = MINIMAL_CASE.replace(
        "      - text: Go on to first line\n        verdict: preferred",
        "      - text: Go on to first line\n        verdict: acceptable",
    )
    (message,) = problems(write_case(text))
    assert "steps[1]: a single-best-answer step needs one option keyed preferred" in message


def test_numeric_band_bounds_must_be_ordered(write_case) -> None:
    text = MINIMAL_CASE.replace(
        "        - min: 0.5\n          max: 1\n", "        - min: 3\n          max: 1\n"
    )
    (message,) = problems(write_case(text))
    assert "steps[3].numeric.bands[0]: min (3) is greater than max (1)" in message


@pytest.mark.parametrize("raw", ["\x07", "\x1b", "\x9b"])
def test_raw_control_characters_are_placed_exactly(write_case, raw: str) -> None:
    text = MINIMAL_CASE.replace("author: tests", f"author: te{raw}sts")
    (message,) = problems(write_case(text))
    assert (
        f":{line_of(text, 'author:')}:11: text contains a control character (U+{ord(raw):04X})"
        in message
    )


def test_select_all_options_cannot_reveal(write_case) -> None:
    text = MINIMAL_CASE.replace(
        "        feedback: Steroid sparing.\n",
        "        feedback: Steroid sparing.\n        reveal:\n          text: Never shown.\n",
    )
    (message,) = problems(write_case(text))
    assert "steps[2]: options of a select-all step cannot reveal information" in message


def test_escaped_control_character_in_a_list_is_reported_not_raised(write_case) -> None:
    text = MINIMAL_CASE.replace("tags: [PM]", 'tags: [PM, "\\0"]')
    messages = problems(write_case(text))
    assert any("tags[1]: text contains a control character (U+0000)" in m for m in messages)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "  presentation: A 50",
            "\tpresentation: A 50",
            "is indented with a tab; YAML needs spaces",
        ),
        (
            "        feedback: Confirms the diagnosis.",
            "            feedback: Confirms the diagnosis.",
            "is indented further than the field above it; line it up with 'verdict:' at column 9",
        ),
        (
            "title: A small polymyositis case",
            "title: Polymyositis: a small case",
            "the value of 'title' contains ': ', which YAML reads as a new field; put the whole value in quotes",
        ),
        (
            "title: A small polymyositis case",
            'title: "A small polymyositis case',
            "the quote opened at line",
        ),
    ],
)
def test_syntax_slips_are_explained_in_plain_words(write_case, before, after, expected) -> None:
    assert before in MINIMAL_CASE
    text = MINIMAL_CASE.replace(before, after, 1)
    (message,) = problems(write_case(text))
    assert expected in message
    assert "YAML syntax error" not in message
    assert "mapping values are not allowed" not in message
