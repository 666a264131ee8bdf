"""The published JSON Schemas match the models, and every bundled file points editors at them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.paths import bundled_cases_dir
from tutor.schema import MODELS, json_schema, schema_file_name


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_published_schema_matches_the_models(kind: str) -> None:
    published = json.loads((bundled_cases_dir() / schema_file_name(kind)).read_text())
    assert published == json_schema(kind), (
        f"cases/{schema_file_name(kind)} is stale: run 'tutor schema {kind} > "
        f"cases/{schema_file_name(kind)}'"
    )


def test_every_bundled_yaml_file_carries_the_schema_modeline() -> None:
    for path in sorted(bundled_cases_dir().glob("*.yaml")):
        first_line = path.read_text().splitlines()[0]
        kind = path.stem if path.stem in ("references", "algorithm") else "case"
        assert first_line == f"# yaml-language-server: $schema={schema_file_name(kind)}", path.name


def test_schema_lists_the_vocabularies_for_autocompletion() -> None:
    text = json.dumps(json_schema("case"))
    for word in ("rituximab", "tnf_alpha_inhibitor", "preferred", "harmful", "numeric"):
        assert word in text


def _check_jsonschema(schema: Path, case: Path) -> subprocess.CompletedProcess[str]:
    """The published schema as a standard validator (not ours, not pydantic) reads it."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(case)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        (None, None),
        (
            ("kind: single", "kind: singel"),
            "'singel' is not one of ['multiple', 'numeric', 'single']",
        ),
        (("verdict: preferred", "verdikt: preferred"), "'verdikt' was unexpected"),
        (("verdict: preferred", "verdict: best"), "'best' is not one of"),
    ],
)
def test_a_standard_validator_points_at_the_mistake_inside_a_step(
    tmp_path: Path, mistake: tuple[str, str] | None, expected: str | None
) -> None:
    text = (bundled_cases_dir() / "refractory-polymyositis.yaml").read_text(encoding="utf-8")
    if mistake is not None:
        assert mistake[0] in text
        text = text.replace(*mistake, 1)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = _check_jsonschema(bundled_cases_dir() / "case.schema.json", case)
    if expected is None:
        assert result.returncode == 0, result.stdout + result.stderr
        return
    assert result.returncode == 1
    assert expected in result.stdout
    assert "is not valid under any of the given schemas" not in result.stdout
