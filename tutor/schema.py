"""JSON Schemas of the three kinds of file in a case library, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.cases.model import Case, ReferenceLibrary

MODELS: dict[str, type[BaseModel]] = {
    "case": Case,
    "references": ReferenceLibrary,
    "algorithm": Algorithm,
}

TITLES = {
    "case": "Myositis tutor case file",
    "references": "Myositis tutor reference library",
    "algorithm": "Myositis tutor treatment algorithm",
}


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def json_schema(kind: str) -> dict[str, object]:
    schema = _without_discriminators(MODELS[kind].model_json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": TITLES[kind],
    }


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def _without_discriminators(node: Any) -> Any:
    """The schema with each pydantic discriminated union (`oneOf` plus an OpenAPI
    `discriminator`, which standard JSON Schema validators ignore) written as `if`/`then` on
    the discriminating field. A validator then checks a step against its own kind's schema
    and reports the field that is wrong, instead of "is not valid under any of the given
    schemas"; a misspelt kind is told every kind there is."""
    if isinstance(node, list):
        return [_without_discriminators(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_discriminators(value) for key, value in node.items()}
    discriminator = node.get("discriminator")
    if not (isinstance(discriminator, dict) and "oneOf" in node):
        return node
    field = discriminator["propertyName"]
    mapping: dict[str, str] = discriminator["mapping"]
    rest = {k: v for k, v in node.items() if k not in ("discriminator", "oneOf")}
    return {
        **rest,
        "type": "object",
        "required": [field],
        "properties": {field: {"enum": sorted(mapping)}},
        "allOf": [
            {
                "if": {"properties": {field: {"const": value}}, "required": [field]},
                "then": {"$ref": reference},
            }
            for value, reference in sorted(mapping.items())
        ],
    }
