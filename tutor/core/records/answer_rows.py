"""The rows of `tutor results` (CSV and JSON): one per recorded answer, streamed from the
store's cursor to the file, so memory stays flat however many answers there are.

Most values repeat across a large export (titles, steps, option texts, responses, points,
learners), so each is turned into its cell once and then looked up: a bounded cache, never a
list of the rows. The CSV lines are written here, quoted as csv.writer(quoting=csv.QUOTE_ALL)
quotes (tests/test_csv_lines.py holds them to it), so that what an attempt's answers share is
quoted once for all of them rather than once per row.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import itertools
import json
import operator
from collections.abc import Iterable
from typing import IO, Any

from tutor.core.algorithm.scoring_types import Confidence
from tutor.core.cases.vocabulary import Verdict
from tutor.core.progress.certainty import mark
from tutor.core.records.identity import IdentityError, Learner
from tutor.spreadsheet import cell

COLUMNS = (
    "learner",
    "case_id",
    "case_version",
    "case_title",
    "attempt_id",
    "mode",
    "step_number",
    "step_id",
    "response",
    "answer",
    "verdict",
    "points",
    "max_points",
    "harmful",
    "confidence",
    "seconds",
    "started_at",
    "answered_at",
    "finished_at",
    "certainty_level",
    "certainty_mark",
    "learner_id",
    "registration",
)
CACHED = 65536
"""Distinct values remembered per kind: bounded, so memory stays flat on any export."""


class Rows:
    """Turns the store's export rows (`Store.export_rows`) into the values of COLUMNS."""

    def __init__(self, current: Learner | None, unmarked: Confidence) -> None:
        self.current = current
        self.unmarked = unmarked
        self.learner = functools.lru_cache(maxsize=CACHED)(self._learner)
        self.certainty = functools.lru_cache(maxsize=CACHED)(self._certainty)
        self.grade = functools.lru_cache(maxsize=CACHED)(self._grade)
        self._attempt: int | None = None
        self._head = self._started = self._finished = self._tail = ""

    def _learner(self, stored: str | None) -> tuple[str, str]:
        """(name, id) of who played the attempt; for an attempt recorded before identities,
        whoever the tutor knows as the learner now."""
        learner = self.current
        if stored:
            with contextlib.suppress(ValueError, IdentityError):  # unreadable: who plays now
                learner = Learner.from_data(json.loads(stored))
        if learner is None:
            return "", ""
        return learner.name, learner.email or learner.student_id or ""

    def _certainty(self, verdict: str, harmful: bool, confidence: str | None) -> tuple[str, int]:
        marked = Confidence(confidence) if confidence else None
        level = marked or self.unmarked
        return level.value, mark(Verdict(verdict), harmful, marked, self.unmarked)

    def values(self, row: tuple[Any, ...]) -> dict[str, Any]:
        """One answer as typed values (the JSON export)."""
        learner, case_id, version, title, attempt, mode, seq, step = row[:8]
        response, answer, verdict, points, max_points, harmful, confidence = row[8:15]
        seconds, started, answered, finished, registration = row[15:]
        name, learner_id = self.learner(learner)
        level, certainty = self.certainty(verdict, harmful > 0, confidence)
        data = json.loads(response)
        return {
            "learner": name,
            "case_id": case_id,
            "case_version": version,
            "case_title": title,
            "attempt_id": attempt,
            "mode": mode,
            "step_number": seq,
            "step_id": step,
            "response": {"choices": list(data.get("choices") or ()), "value": data.get("value")},
            "answer": answer,
            "verdict": verdict,
            "points": float(points),
            "max_points": float(max_points),
            "harmful": harmful > 0,
            "confidence": confidence or None,
            "seconds": round(float(seconds), 1),
            "started_at": started,
            "answered_at": answered,
            "finished_at": finished,
            "certainty_level": level,
            "certainty_mark": certainty,
            "learner_id": learner_id,
            "registration": registration,
        }

    def line(self, row: tuple[Any, ...]) -> str:
        """One answer as a line of the CSV export: the same values, each written as `cell`
        does, and quoted as csv.writer(quoting=csv.QUOTE_ALL) quotes them. What an answer
        shares with its attempt (the rows come an attempt at a time), with the answers graded
        alike and with the same decisions is written once, then joined: nothing per row but
        the step number, the time, the moment and the joining."""
        if row[4] != self._attempt:
            self._attempt_fields(row)
        graded, certainty = self.grade(*row[10:15])
        return (
            f"{self._head},{quoted(str(row[6]))},{decision_fields(row[7], row[8], row[9])},"
            f'{graded},"{round(row[15], 1):g}",{self._started},{quoted(row[17])},'
            f"{self._finished},{certainty},{self._tail}\r\n"
        )

    def _attempt_fields(self, row: tuple[Any, ...]) -> None:
        learner, case_id, version, title, attempt, mode = row[:6]
        name, learner_id = self.learner(learner)
        self._attempt = attempt
        self._head = fields(
            text_cell(name),
            text_cell(case_id),
            str(version),
            text_cell(title),
            str(attempt),
            text_cell(mode),
        )
        self._started, self._finished = quoted(row[16]), quoted(row[18] or "")
        self._tail = fields(text_cell(learner_id), text_cell(row[19] or ""))

    def _grade(
        self, verdict: str, points: float, max_points: float, harmful: int, confidence: str | None
    ) -> tuple[str, str]:
        """The fields from verdict to confidence, and the certainty level and mark."""
        level, certainty = self.certainty(verdict, harmful > 0, confidence)
        graded = fields(
            text_cell(verdict),
            number_cell(float(points)),
            number_cell(float(max_points)),
            "1" if harmful > 0 else "0",
            text_cell(confidence or ""),
        )
        return graded, fields(level, str(certainty))


def write_csv(out: IO[str], rows: Iterable[tuple[Any, ...]], values: Rows) -> int:
    """Write the header and every row; returns how many rows."""
    csv.writer(out).writerow(COLUMNS)  # our own names: plain
    # Every field quoted, so a separator inside a cell stays inside. The lines are written in
    # writelines' own loop; zip counts them (it stops after the last row, taking no number).
    counted = itertools.count()
    out.writelines(map(values.line, map(operator.itemgetter(0), zip(rows, counted, strict=False))))
    return next(counted)


def quoted(text: str) -> str:
    """One field as csv.writer(quoting=csv.QUOTE_ALL) writes it (the excel dialect: in double
    quotes, a double quote inside doubled)."""
    return '"' + text.replace('"', '""') + '"'


def fields(*cells: str) -> str:
    return ",".join(map(quoted, cells))


def write_json(out: IO[str], rows: Iterable[tuple[Any, ...]], values: Rows) -> int:
    """A JSON array of objects, as `json.dumps(rows, indent=2)` would write it, one row at a
    time; returns how many rows."""
    count = 0
    for row in rows:
        text = json.dumps(values.values(row), indent=2, ensure_ascii=False)
        out.write(("[\n" if count == 0 else ",\n") + "  " + text.replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


@functools.lru_cache(maxsize=CACHED)
def text_cell(value: str) -> str:
    """Text that a spreadsheet would run as a formula is quoted off (tutor.spreadsheet's rule)."""
    return cell(value)


def number_cell(value: float) -> str:
    return f"{value:g}"


@functools.lru_cache(maxsize=CACHED)
def decision_fields(step: str, response: str, answer: str) -> str:
    """The step, response and answer fields of an answer (the same decision often repeats)."""
    return fields(text_cell(step), response_cell(response), text_cell(answer))


@functools.lru_cache(maxsize=CACHED)
def response_cell(stored: str) -> str:
    """The response as stored, compact: option indexes as written in the case, or a number."""
    data = json.loads(stored)
    response = {"choices": list(data.get("choices") or ()), "value": data.get("value")}
    return json.dumps(response, separators=(",", ":"))
