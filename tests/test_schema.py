"""The published JSON Schemas match the models, and every bundled file points editors at them."""

from __future__ import annotations

import json

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
