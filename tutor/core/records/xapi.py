"""xAPI 1.0.3 statements of the learner's work, built from what the progress store recorded.

Per answer, `answered`: the decision as a `cmi.interaction` activity (its options and, from the
case's key, `correctResponsesPattern`), the score, success, response and time, and our own facts
as extensions under `EXTENSION`. Per attempt, `attempted` (queued with the first answer) and
`completed` or `terminated`, all with `context.registration` = the attempt's UUID.

Statement ids are UUID5s of the attempt's registration and the step, so a statement queued,
exported or sent twice is the same statement: an LRS stores it once.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from tutor.core.cases.model import AnyStep, Case, NumericStep
from tutor.core.cases.vocabulary import Verdict
from tutor.core.progress.certainty import DEFAULT_UNMARKED, mark
from tutor.core.progress.store_records import AnswerRow, AttemptSummary, iso_utc
from tutor.core.records.identity import Learner

PROJECT_IRI = "https://myositis-tutor.example/xapi"
EXTENSION = f"{PROJECT_IRI}/extensions"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROJECT_IRI)
VERBS = {
    name: f"http://adlnet.gov/expapi/verbs/{name}"
    for name in ("answered", "attempted", "completed", "terminated")
}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
LANGUAGE = "en-US"


def case_iri(case_id: str) -> str:
    return f"{PROJECT_IRI}/cases/{case_id}"


def step_iri(case_id: str, step_id: str) -> str:
    return f"{case_iri(case_id)}/steps/{step_id}"


def ext(name: str) -> str:
    return f"{EXTENSION}/{name}"


def statement_id(registration: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join([registration, *map(str, parts)])))


def duration(seconds: float) -> str:
    """ISO 8601 duration, to the hundredth of a second xAPI keeps."""
    return f"PT{max(0.0, seconds):.2f}S"


def option_id(index: int) -> str:
    """An option's id in the statement: its place in the case file, from 1."""
    return f"option-{index + 1}"


def learner_of(learner_json: str | None, registration: str) -> Learner:
    """The attempt's learner; an attempt played before anyone gave a name is its own learner."""
    if learner_json:
        return Learner.from_data(json.loads(learner_json))
    return Learner("Unnamed learner", student_id=f"unnamed-{registration}")


def _lang(text: str) -> dict[str, str]:
    return {LANGUAGE: text}


def _verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": _lang(name)}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def correct_patterns(step: AnyStep) -> list[str]:
    """From the key: each preferred option (single best answer), every supported option
    together (select all), each preferred band as `min[:]max` (numeric)."""
    if isinstance(step, NumericStep):
        return [
            f"{_number(band.min)}[:]{_number(band.max)}"
            for band in step.numeric.bands
            if band.verdict is Verdict.preferred
        ]
    if step.kind == "multiple":
        ids = [option_id(i) for i, o in enumerate(step.options) if o.verdict.is_correct]
        return ["[,]".join(ids)]
    return [option_id(i) for i, o in enumerate(step.options) if o.verdict is Verdict.preferred]


def interaction(case_id: str, step_id: str, case: Case | None) -> dict[str, Any]:
    """The decision as an activity; without its case file, only its id and type."""
    definition: dict[str, Any] = {"type": INTERACTION, "name": _lang(step_id)}
    step = None
    if case is not None:
        try:
            step = case.step(step_id)
        except KeyError:
            step = None
    if step is not None and case is not None:
        definition["name"] = _lang(f"{case.title}: {step_id}")
        definition["description"] = _lang(step.prompt)
        definition["correctResponsesPattern"] = correct_patterns(step)
        cite: list[str] = []
        if isinstance(step, NumericStep):
            definition["interactionType"] = "numeric"
            for band in step.numeric.bands:
                cite += band.cite if band.verdict is Verdict.preferred else []
        else:
            definition["interactionType"] = "choice"
            definition["choices"] = [
                {"id": option_id(i), "description": _lang(option.text)}
                for i, option in enumerate(step.options)
            ]
            harmful = [
                option_id(i) for i, o in enumerate(step.options) if o.verdict.value == "harmful"
            ]
            definition["extensions"] = {ext("harmful-options"): harmful}
            for option in step.options:
                cite += option.cite if option.verdict is Verdict.preferred else []
        definition.setdefault("extensions", {})[ext("citations")] = list(dict.fromkeys(cite))
    return {"objectType": "Activity", "id": step_iri(case_id, step_id), "definition": definition}


def _case_activity(case_id: str, title: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": case_iri(case_id),
        "definition": {"type": ASSESSMENT, "name": _lang(title)},
    }


def _context(registration: str, case_id: str, title: str, parent: bool) -> dict[str, Any]:
    context: dict[str, Any] = {"registration": registration, "platform": "myositis-tutor"}
    if parent:
        context["contextActivities"] = {"parent": [_case_activity(case_id, title)]}
    return context


def response_text(row: AnswerRow, step: AnyStep | None) -> str:
    if row.response.value is not None or isinstance(step, NumericStep):
        return "" if row.response.value is None else f"{_number(row.response.value)}"
    return "[,]".join(option_id(i) for i in sorted(row.response.choices))


def answered(row: AnswerRow, case: Case | None, unmarked: Any = None) -> dict[str, Any]:
    """The `answered` statement of one recorded answer."""
    unmarked = unmarked or DEFAULT_UNMARKED
    activity = interaction(row.case_id, row.step_id, case)
    step = None
    if case is not None and "interactionType" in activity["definition"]:
        step = case.step(row.step_id)
    harmful = row.harmful > 0
    scaled = row.points / row.max_points if row.max_points else 0.0
    extensions = {
        ext("verdict"): row.verdict.value,
        ext("harmful"): harmful,
        ext("confidence"): row.confidence.value if row.confidence else None,
        ext("certainty-mark"): mark(row.verdict, harmful, row.confidence, unmarked),
        ext("algorithm-node"): step.node if step is not None else None,
        ext("case-version"): row.case_version,
        ext("step-number"): row.seq,
        ext("mode"): row.mode,
        ext("answer-text"): row.answer_text,
    }
    return {
        "id": statement_id(row.registration, "answered", row.seq, row.step_id),
        "actor": learner_of(row.learner, row.registration).actor(),
        "verb": _verb("answered"),
        "object": activity,
        "result": {
            "score": {
                "scaled": round(scaled, 4),
                "raw": _number(row.points),
                "min": 0,
                "max": _number(row.max_points),
            },
            "success": row.points >= row.max_points and not harmful,
            "response": response_text(row, step),
            "duration": duration(row.seconds),
            "extensions": {k: v for k, v in extensions.items() if v is not None},
        },
        "context": _context(row.registration, row.case_id, row.case_title, parent=True),
        "timestamp": iso_utc(row.answered_at),
    }


def attempted(row: AnswerRow) -> dict[str, Any]:
    """The attempt began (sent with its first answer: an attempt never answered says nothing)."""
    return {
        "id": statement_id(row.registration, "attempted"),
        "actor": learner_of(row.learner, row.registration).actor(),
        "verb": _verb("attempted"),
        "object": _case_activity(row.case_id, row.case_title),
        "context": _context(row.registration, row.case_id, row.case_title, parent=False),
        "timestamp": iso_utc(row.started_at),
    }


def ended(summary: AttemptSummary, moment: str, verb: str) -> dict[str, Any]:
    """`completed` (every decision answered) or `terminated` (the learner left it)."""
    scaled = summary.points / summary.max_points if summary.max_points else 0.0
    result: dict[str, Any] = {
        "score": {
            "scaled": round(scaled, 4),
            "raw": _number(summary.points),
            "min": 0,
            "max": _number(summary.max_points),
        },
        "completion": verb == "completed",
        "duration": duration(summary.seconds),
        "extensions": {
            ext("harmful-choices"): summary.harmful,
            ext("answered"): summary.answered,
            ext("case-version"): summary.case_version,
            ext("mode"): summary.mode,
        },
    }
    return {
        "id": statement_id(summary.registration, verb),
        "actor": learner_of(summary.learner, summary.registration).actor(),
        "verb": _verb(verb),
        "object": _case_activity(summary.case_id, summary.case_title),
        "result": result,
        "context": _context(summary.registration, summary.case_id, summary.case_title, False),
        "timestamp": moment,
    }


def encoded(statement: dict[str, Any]) -> tuple[str, str]:
    """(id, JSON) for the outbox."""
    return statement["id"], json.dumps(statement, ensure_ascii=False, separators=(",", ":"))


def answer_statements(case: Case | None, unmarked: Any = None) -> Any:
    """For `Store.record_answer`: the answer's statement, after `attempted` for the first."""

    def build(row: AnswerRow) -> list[tuple[str, str]]:
        first = [encoded(attempted(row))] if row.seq == 1 else []
        return [*first, encoded(answered(row, case, unmarked))]

    return build


def end_statements(verb: str) -> Any:
    """For `Store.finish_attempt` / `abandon_attempt`: the attempt's last statement (an
    attempt with no answer never began, as far as the LRS knows, so it does not end)."""

    def build(summary: AttemptSummary, moment: str) -> list[tuple[str, str]]:
        return [encoded(ended(summary, moment, verb))] if summary.answered else []

    return build


def history(
    rows: list[AnswerRow],
    summaries: dict[int, AttemptSummary],
    cases: dict[str, Case],
    unmarked: Any,
) -> list[dict[str, Any]]:
    """Every statement of the recorded answers, in order (for `tutor results --format xapi`)."""
    statements: list[dict[str, Any]] = []
    last: dict[int, AnswerRow] = {}
    for row in rows:
        if row.seq == 1:
            statements.append(attempted(row))
        statements.append(answered(row, cases.get(row.case_id), unmarked))
        last[row.attempt_id] = row
    for attempt_id in last:
        summary = summaries.get(attempt_id)
        if summary is None:
            continue
        if summary.finished_at is not None:
            statements.append(ended(summary, iso_utc(summary.finished_at), "completed"))
        elif summary.abandoned_at is not None:
            statements.append(ended(summary, iso_utc(summary.abandoned_at), "terminated"))
    return statements
