"""The answers a class report counts, read from learners' exports and a learning record store.

Two kinds of source: xAPI statements (`tutor results --format xapi`, or what an LRS returns) and
results rows (`tutor results --format json`). Both become `Answer`s grouped into `Attempt`s.

The same answer read twice counts once: a statement id already seen is skipped, and so is an
answer with the identity of one already read (learner, case, step number, step, moment), which
is how a row of a JSON export matches the statement an LRS holds for it. When one answer is
found under two attempt keys (a JSON export without registrations and the LRS's statements),
the two are the same attempt and are merged.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tutor.core.progress.store_records import iso_utc
from tutor.core.records.identity import IdentityError, Learner, make_learner
from tutor.core.records.xapi import PROJECT_IRI, VERBS, ext

RIGHT_VERDICTS = frozenset({"preferred", "acceptable"})
_STEP_IRI = re.compile(re.escape(PROJECT_IRI) + r"/cases/([^/]+)/steps/([^/]+)\Z")
_CASE_IRI = re.compile(re.escape(PROJECT_IRI) + r"/cases/([^/]+)\Z")
_OPTION = re.compile(r"option-([1-9][0-9]*)\Z")
_DURATION = re.compile(
    r"P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?\Z"
)


class SourceError(ValueError):
    """A source that cannot be read as statements or results rows; the message says what."""


@dataclass(frozen=True)
class Answer:
    learner: Learner
    case_id: str
    case_title: str
    step_id: str
    step_number: int
    choices: tuple[int, ...]
    """Option indexes as written in the case file (empty for a numeric answer)."""
    value: float | None
    answer_text: str
    verdict: str
    points: float
    max_points: float
    harmful: bool
    certainty_mark: int | None
    seconds: float
    answered_at: str
    mode: str

    @property
    def identity(self) -> tuple[str, str, int, str, str]:
        return (self.learner.key, self.case_id, self.step_number, self.step_id, self.answered_at)

    @property
    def right(self) -> bool:
        """As the certainty-based marks count it: a supported answer with no harmful choice."""
        return self.verdict in RIGHT_VERDICTS and not self.harmful


@dataclass
class Attempt:
    key: str
    learner: Learner
    case_id: str
    case_title: str
    mode: str = ""
    started_at: str | None = None
    ended_at: str | None = None
    completed: bool = False
    answers: dict[int, Answer] = field(default_factory=dict)
    """By step number."""

    @property
    def began(self) -> str:
        """When it started: its start, or failing that its first answer."""
        moments = [a.answered_at for a in self.answers.values()]
        return self.started_at or min(moments, default="")


def _moment(value: Any, what: str) -> str:
    """A timestamp in the tutor's one form (UTC, milliseconds, Z), however an LRS wrote it."""
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise SourceError(f"{what} is not an ISO 8601 timestamp: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return iso_utc(moment)


def seconds_of(duration: Any) -> float:
    """An ISO 8601 duration (as xAPI writes one: `PT1M2.5S`) in seconds."""
    match = _DURATION.match(str(duration)) if duration else None
    if match is None or duration == "P":
        raise SourceError(f"result.duration is not an ISO 8601 duration: {duration!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return (
        parts.get("d", 0) * 86400 + parts.get("h", 0) * 3600 + parts.get("m", 0) * 60
    ) + parts.get("s", 0)


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SourceError(f"{what} is not a number: {value!r}")
    return float(value)


def _text(data: dict[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise SourceError(f"{what} is missing")
    return value


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    """`data[key]` when it is a JSON object, else an empty one."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _name(definition: Any) -> str:
    if isinstance(definition, dict) and isinstance(definition.get("name"), dict):
        return next((str(v) for v in definition["name"].values()), "")
    return ""


def _choices(response: str, numeric: bool) -> tuple[tuple[int, ...], float | None]:
    parts = [p for p in response.split("[,]") if p]
    found = [_OPTION.match(p) for p in parts]
    if not numeric and all(found):
        return tuple(sorted(int(m.group(1)) - 1 for m in found if m)), None
    try:
        return (), (float(response) if response else None)
    except ValueError:
        raise SourceError(
            f"result.response is neither options nor a number: {response!r}"
        ) from None


class ClassRecords:
    """Every attempt read so far, each answer once."""

    def __init__(self) -> None:
        self.attempts: dict[str, Attempt] = {}
        self.definitions: dict[tuple[str, str], dict[str, Any]] = {}
        """Per (case, step): the activity definition last read (labels when a case is gone)."""
        self.read = 0
        self.duplicates = 0
        self.ignored = 0
        self._statement_ids: set[str] = set()
        self._homes: dict[tuple[str, str, int, str, str], str] = {}
        self._merged: dict[str, str] = {}

    # -- attempts ----------------------------------------------------------------------
    def _key(self, key: str) -> str:
        while key in self._merged:
            key = self._merged[key]
        return key

    def _attempt(self, key: str, learner: Learner, case_id: str, title: str) -> Attempt:
        key = self._key(key)
        found = self.attempts.get(key)
        if found is None:
            found = self.attempts[key] = Attempt(key, learner, case_id, title)
        found.case_title = found.case_title or title
        return found

    def _merge(self, keep: str, other: str) -> None:
        keep, other = self._key(keep), self._key(other)
        if keep == other:
            return
        gone = self.attempts.pop(other)
        kept = self.attempts[keep]
        for number, answer in gone.answers.items():
            kept.answers.setdefault(number, answer)
        kept.started_at = kept.started_at or gone.started_at
        kept.ended_at = kept.ended_at or gone.ended_at
        kept.completed = kept.completed or gone.completed
        kept.mode = kept.mode or gone.mode
        self._merged[other] = keep

    def _add_answer(self, key: str, answer: Answer) -> None:
        attempt = self._attempt(key, answer.learner, answer.case_id, answer.case_title)
        home = self._homes.get(answer.identity)
        if home is not None:
            self.duplicates += 1
            self._merge(home, attempt.key)
            return
        self._homes[answer.identity] = attempt.key
        attempt.answers.setdefault(answer.step_number, answer)
        attempt.mode = attempt.mode or answer.mode

    # -- xAPI statements ---------------------------------------------------------------
    def add_statements(self, statements: Iterable[Any]) -> None:
        """Raises SourceError naming the statement at fault (by its place, from 1)."""
        for place, statement in enumerate(statements, start=1):
            try:
                self._statement(statement)
            except (SourceError, IdentityError) as error:
                raise SourceError(f"statement {place}: {error}") from None

    def _statement(self, statement: Any) -> None:
        if not isinstance(statement, dict):
            raise SourceError("is not a JSON object")
        target = _object(statement, "object")
        target_id = target.get("id", "")
        verb = statement.get("verb")
        verb_id = verb.get("id") if isinstance(verb, dict) else None
        if verb_id not in VERBS.values() or not str(target_id).startswith(PROJECT_IRI):
            self.ignored += 1  # another tool's statement in the same LRS
            return
        statement_id = _text(statement, "id", "id")
        if statement_id in self._statement_ids:
            self.duplicates += 1
            return
        self._statement_ids.add(statement_id)
        self.read += 1
        context = _object(statement, "context")
        registration = _text(context, "registration", "context.registration")
        learner = Learner.from_actor(statement.get("actor"))
        moment = _moment(statement.get("timestamp"), "timestamp")
        if verb_id == VERBS["answered"]:
            self._answered(statement, target, context, learner, moment, registration)
            return
        case = _CASE_IRI.match(str(target_id))
        if case is None:
            raise SourceError(f"object.id is not a case of the tutor: {target_id!r}")
        attempt = self._attempt(
            f"reg:{registration}", learner, case.group(1), _name(target.get("definition"))
        )
        if verb_id == VERBS["attempted"]:
            attempt.started_at = moment
        else:
            attempt.ended_at = moment
            attempt.completed = attempt.completed or verb_id == VERBS["completed"]

    def _answered(
        self,
        statement: dict[str, Any],
        target: dict[str, Any],
        context: dict[str, Any],
        learner: Learner,
        moment: str,
        registration: str,
    ) -> None:
        step = _STEP_IRI.match(str(target.get("id")))
        if step is None:
            raise SourceError(f"object.id is not a decision of the tutor: {target.get('id')!r}")
        case_id, step_id = step.groups()
        definition = _object(target, "definition")
        if "interactionType" in definition:
            self.definitions[(case_id, step_id)] = definition
        result = statement.get("result")
        if not isinstance(result, dict) or not isinstance(result.get("score"), dict):
            raise SourceError("result.score is missing")
        extensions = result.get("extensions")
        if not isinstance(extensions, dict):
            raise SourceError("result.extensions is missing")
        number = extensions.get(ext("step-number"))
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise SourceError("the step-number extension is missing")
        verdict = extensions.get(ext("verdict"))
        if not isinstance(verdict, str):
            raise SourceError("the verdict extension is missing")
        mark = extensions.get(ext("certainty-mark"))
        response = result.get("response", "")
        choices, value = _choices(str(response), definition.get("interactionType") == "numeric")
        parents = (context.get("contextActivities") or {}).get("parent") or [{}]
        answer = Answer(
            learner=learner,
            case_id=case_id,
            case_title=_name(parents[0].get("definition")) if isinstance(parents[0], dict) else "",
            step_id=step_id,
            step_number=number,
            choices=choices,
            value=value,
            answer_text=str(extensions.get(ext("answer-text"), response)),
            verdict=verdict,
            points=_number(result["score"].get("raw"), "result.score.raw"),
            max_points=_number(result["score"].get("max"), "result.score.max"),
            harmful=extensions.get(ext("harmful")) is True,
            certainty_mark=mark if isinstance(mark, int) and not isinstance(mark, bool) else None,
            seconds=seconds_of(result.get("duration", "PT0S")),
            answered_at=moment,
            mode=str(extensions.get(ext("mode"), "")),
        )
        self._add_answer(f"reg:{registration}", answer)

    # -- results rows ------------------------------------------------------------------
    def add_rows(self, rows: Iterable[Any]) -> None:
        """Rows of `tutor results --format json`. Raises SourceError naming the row at fault."""
        for place, row in enumerate(rows, start=1):
            try:
                self._row(row)
            except (SourceError, IdentityError) as error:
                raise SourceError(f"row {place}: {error}") from None

    def _row(self, row: Any) -> None:
        if not isinstance(row, dict):
            raise SourceError("is not a JSON object")
        case_id = _text(row, "case_id", "case_id")
        started = _moment(row.get("started_at"), "started_at")
        name, extra = str(row.get("learner") or ""), str(row.get("learner_id") or "")
        if not name:  # as in xAPI: an attempt nobody named is its own learner
            learner = Learner("Unnamed learner", student_id=f"unnamed-{row.get('registration')}")
            if not row.get("registration"):
                learner = Learner("Unnamed learner", student_id=f"unnamed-{case_id}-{started}")
        elif "@" in extra:
            learner = make_learner(name, email=extra)
        else:
            learner = make_learner(name, student_id=extra or None)
        key = (
            f"reg:{row['registration']}"
            if row.get("registration")
            else f"row:{learner.key}|{case_id}|{row.get('attempt_id')}|{started}"
        )
        response = _object(row, "response")
        raw_choices = response.get("choices") or []
        if not isinstance(raw_choices, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in raw_choices
        ):
            raise SourceError("response.choices is not a list of option numbers")
        value = response.get("value")
        number = row.get("step_number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise SourceError("step_number is missing")
        mark = row.get("certainty_mark")
        self.read += 1
        answer = Answer(
            learner=learner,
            case_id=case_id,
            case_title=str(row.get("case_title") or ""),
            step_id=_text(row, "step_id", "step_id"),
            step_number=number,
            choices=tuple(sorted(raw_choices)),
            value=None if value is None else _number(value, "response.value"),
            answer_text=str(row.get("answer") or ""),
            verdict=_text(row, "verdict", "verdict"),
            points=_number(row.get("points"), "points"),
            max_points=_number(row.get("max_points"), "max_points"),
            harmful=row.get("harmful") is True,
            certainty_mark=mark if isinstance(mark, int) and not isinstance(mark, bool) else None,
            seconds=_number(row.get("seconds", 0), "seconds"),
            answered_at=_moment(row.get("answered_at"), "answered_at"),
            mode=str(row.get("mode") or ""),
        )
        self._add_answer(key, answer)
        attempt = self.attempts[self._key(key)]
        attempt.started_at = attempt.started_at or started
        if row.get("finished_at"):
            attempt.ended_at = attempt.ended_at or _moment(row["finished_at"], "finished_at")
            attempt.completed = True


def add_source(records: ClassRecords, data: Any) -> None:
    """A parsed JSON source: an array of statements or of results rows, or an LRS's answer
    (`{"statements": [...]}`). Raises SourceError when it is none of these."""
    if isinstance(data, dict) and isinstance(data.get("statements"), list):
        data = data["statements"]
    if not isinstance(data, list):
        raise SourceError(
            "not an export of the tutor: expected a JSON array from "
            "'tutor results --format xapi' or '--format json'"
        )
    statements = [item for item in data if isinstance(item, dict) and "verb" in item]
    if len(statements) == len(data):
        records.add_statements(data)
    elif not statements:
        records.add_rows(data)
    else:
        raise SourceError("mixes xAPI statements with results rows")
