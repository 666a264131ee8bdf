"""Turn pydantic's validation errors into sentences an educator understands."""

from __future__ import annotations

import datetime
import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from tutor.core.cases.yaml_reader import Path


def known_field_names(*models: type[BaseModel]) -> set[str]:
    """Every field name of these models and the models nested in them (for 'did you mean')."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = list(models)
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            pending.extend(_models_in(info.annotation))
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found.extend(_models_in(meta))
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        found.extend(_models_in(origin))
    return found


def describe_value(value: Any) -> str:
    """How a YAML value reads to its author."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return type(value).__name__


def _suggest(word: str, choices: set[str] | list[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def data_path(loc: tuple[str | int, ...], data: Any, *, names_a_field: bool) -> Path:
    """Follow pydantic's error location through the data, dropping union tags it inserts.

    `names_a_field`: the last element is a field that is absent from the data (a missing or an
    unknown field) and belongs in the path.
    """
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, dict) and part in current:  # noqa: SIM114 - narrows each type
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif last and names_a_field:
            path.append(part)
        # otherwise: a discriminator tag such as 'single' that is not in the data
    return tuple(path)


def explain(error: ErrorDetails, field_names: set[str]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = error["loc"][-1] if error["loc"] else ""
    got = describe_value(value)
    match kind:
        case "missing":
            return f"missing required field '{name}'"
        case "extra_forbidden":
            return f"unknown field '{name}'{_suggest(str(name), field_names)}"
        case "string_type":
            hint = "; put it in quotes" if isinstance(value, bool | int | float) else ""
            return f"expected text, got {got}{hint}"
        case "int_type" | "int_parsing" | "int_from_float":
            return f"expected a whole number, got {got}"
        case "float_type" | "float_parsing":
            return f"expected a number, got {got}"
        case "bool_type" | "bool_parsing":
            return f"expected true or false, got {got}"
        case "date_type" | "date_parsing" | "date_from_datetime_parsing":
            return f"expected a date written as YYYY-MM-DD without quotes, got {got}"
        case "list_type":
            return f"expected a list (one '- ' line per item), got {got}"
        case "model_type" | "dict_type" | "model_attributes_type":
            return f"expected a mapping of fields (name: value lines), got {got}"
        case "enum" | "literal_error":
            expected = str(ctx.get("expected", ""))
            choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
            return (
                f"{got} is not one of: {', '.join(c for c in choices if c)}"
                f"{_suggest(str(value), choices)}"
            )
        case "string_pattern_mismatch":
            return (
                f"{got} is not a valid id: use lower-case letters, digits and hyphens, "
                "starting with a letter or digit"
            )
        case "string_too_short":
            return "must not be empty"
        case "string_too_long":
            return f"is too long (at most {ctx.get('max_length')} characters)"
        case "too_short":
            return f"needs at least {ctx.get('min_length')} item(s)"
        case "too_long":
            return f"allows at most {ctx.get('max_length')} items, got {ctx.get('actual_length')}"
        case "greater_than":
            return f"must be greater than {ctx.get('gt')}, got {got}"
        case "greater_than_equal":
            return f"must be at least {ctx.get('ge')}, got {got}"
        case "less_than_equal":
            return f"must be at most {ctx.get('le')}, got {got}"
        case "union_tag_invalid":
            return (
                f"kind {describe_value(ctx.get('tag'))} is not one of: "
                f"{str(ctx.get('expected_tags', '')).replace(chr(39), '')}"
            )
        case "union_tag_not_found":
            return (
                f"missing required field {ctx.get('discriminator')} (single, multiple or numeric)"
            )
        case "value_error" | "assertion_error":
            return (
                str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
            )
        case _:
            return str(error["msg"])
