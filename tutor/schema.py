"""JSON Schemas of the three kinds of file in a case library, generated from the models."""

from __future__ import annotations

import json

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
    schema = MODELS[kind].model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": TITLES[kind],
    }


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
