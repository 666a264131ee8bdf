"""The xAPI 1.0.3 rules for the statement properties the tutor writes (and the class report
reads), checked without a learning record store: required properties, IRIs, UUIDs, language
maps, ISO 8601 durations and timestamps, score bounds, interaction choices and patterns.

`problems(statement)` lists what is wrong, as `path: what`; an empty list means the statement
keeps these rules. A real LRS (Ralph, in the tests) has the final word.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
DURATION = re.compile(
    r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$"
)
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}  # fmt: skip
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                     "sequencing", "likert", "numeric", "other"}  # fmt: skip
IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _is_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.tzinfo is not None


def _language_map(value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, dict) or not value:
        out.append(f"{path}: must be a language map")
        return
    for tag, text in value.items():
        if not LANGUAGE_TAG.match(str(tag)) or not isinstance(text, str):
            out.append(f"{path}: '{tag}' is not a language tag with a text")


def _iri(value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, str) or not IRI.match(value):
        out.append(f"{path}: must be an IRI, not {value!r}")


def _extensions(value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        out.append(f"{path}: must be an object")
        return
    for key in value:
        _iri(key, f"{path} key", out)


def _actor(actor: Any, out: list[str]) -> None:
    if not isinstance(actor, dict):
        out.append("actor: required")
        return
    if actor.get("objectType", "Agent") != "Agent":
        out.append("actor.objectType: must be Agent")
    found = [key for key in IDENTIFIERS if key in actor]
    if len(found) != 1:
        out.append(f"actor: needs exactly one of {', '.join(IDENTIFIERS)}, has {found}")
    if "mbox" in actor and not str(actor["mbox"]).startswith("mailto:"):
        out.append("actor.mbox: must be a mailto: IRI")
    if "account" in actor:
        account = actor["account"]
        if not isinstance(account, dict) or not isinstance(account.get("name"), str):
            out.append("actor.account: needs a name")
        else:
            _iri(account.get("homePage"), "actor.account.homePage", out)


def _activity(activity: Any, path: str, out: list[str]) -> None:
    if not isinstance(activity, dict):
        out.append(f"{path}: must be an Activity")
        return
    if activity.get("objectType", "Activity") != "Activity":
        out.append(f"{path}.objectType: must be Activity")
    _iri(activity.get("id"), f"{path}.id", out)
    definition = activity.get("definition")
    if definition is None:
        return
    where = f"{path}.definition"
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key], f"{where}.{key}", out)
    if "type" in definition:
        _iri(definition["type"], f"{where}.type", out)
    if "extensions" in definition:
        _extensions(definition["extensions"], f"{where}.extensions", out)
    kind = definition.get("interactionType")
    if kind is None:
        return
    if kind not in INTERACTION_TYPES:
        out.append(f"{where}.interactionType: unknown '{kind}'")
    patterns = definition.get("correctResponsesPattern", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        out.append(f"{where}.correctResponsesPattern: must be a list of strings")
        patterns = []
    if kind == "choice":
        choices = definition.get("choices")
        if not isinstance(choices, list) or not choices:
            out.append(f"{where}.choices: a choice interaction lists its choices")
            return
        ids = [choice.get("id") for choice in choices if isinstance(choice, dict)]
        if len(ids) != len(choices) or len(set(ids)) != len(ids):
            out.append(f"{where}.choices: each needs a unique id")
        for index, choice in enumerate(choices):
            _language_map(choice.get("description"), f"{where}.choices[{index}].description", out)
        for pattern in patterns:
            if any(part not in ids for part in pattern.split("[,]")):
                out.append(f"{where}.correctResponsesPattern: '{pattern}' names no choice")
    elif kind == "numeric":
        for pattern in patterns:
            low, _, high = pattern.partition("[:]")
            try:
                if low and high and float(low) > float(high):
                    out.append(f"{where}.correctResponsesPattern: '{pattern}' is backwards")
            except ValueError:
                out.append(f"{where}.correctResponsesPattern: '{pattern}' is not a range")


def _result(result: Any, out: list[str]) -> None:
    if not isinstance(result, dict):
        out.append("result: must be an object")
        return
    score = result.get("score")
    if score is not None:
        scaled, raw = score.get("scaled"), score.get("raw")
        low, high = score.get("min"), score.get("max")
        if scaled is not None and not -1 <= scaled <= 1:
            out.append(f"result.score.scaled: {scaled} is outside -1..1")
        if low is not None and high is not None and not low < high:
            out.append(f"result.score: min {low} must be below max {high}")
        if raw is not None and (
            (low is not None and raw < low) or (high is not None and raw > high)
        ):
            out.append(f"result.score.raw: {raw} is outside min..max")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            out.append(f"result.{key}: must be true or false")
    if "response" in result and not isinstance(result["response"], str):
        out.append("result.response: must be a string")
    if "duration" in result and not DURATION.match(str(result["duration"])):
        out.append(f"result.duration: '{result['duration']}' is not an ISO 8601 duration")
    if "extensions" in result:
        _extensions(result["extensions"], "result.extensions", out)


def problems(statement: Any) -> list[str]:
    out: list[str] = []
    if not isinstance(statement, dict):
        return ["statement: must be an object"]
    for key in sorted(set(statement) - STATEMENT_KEYS):
        out.append(f"{key}: not a statement property")
    if "id" in statement and not _is_uuid(statement["id"]):
        out.append("id: must be a UUID")
    _actor(statement.get("actor"), out)
    verb = statement.get("verb")
    if not isinstance(verb, dict):
        out.append("verb: required")
    else:
        _iri(verb.get("id"), "verb.id", out)
        if "display" in verb:
            _language_map(verb["display"], "verb.display", out)
    if "object" not in statement:
        out.append("object: required")
    else:
        _activity(statement["object"], "object", out)
    if "result" in statement:
        _result(statement["result"], out)
    context = statement.get("context")
    if context is not None:
        if "registration" in context and not _is_uuid(context["registration"]):
            out.append("context.registration: must be a UUID")
        parents = context.get("contextActivities", {}).get("parent", [])
        for index, parent in enumerate(parents):
            _activity(parent, f"context.contextActivities.parent[{index}]", out)
    if "timestamp" in statement and not _is_time(statement["timestamp"]):
        out.append("timestamp: must be an ISO 8601 time with a time zone")
    return out
