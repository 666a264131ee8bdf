"""The rows of `tutor results` (CSV and JSON): one per recorded answer, streamed from the
store's cursor to the file, so memory stays flat however many answers there are.

Most values repeat across a large export (titles, steps, option texts, responses, points,
learners), so each is turned into its cell once and then looked up: a bounded cache, never a
list of the rows.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
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

    def cells(self, row: tuple[Any, ...]) -> list[str]:
        """One answer as CSV cells (the CSV export): the same values, written as `cell` does."""
        learner, case_id, version, title, attempt, mode, seq, step = row[:8]
        response, answer, verdict, points, max_points, harmful, confidence = row[8:15]
        seconds, started, answered, finished, registration = row[15:]
        name, learner_id = self.learner(learner)
        level, certainty = self.certainty(verdict, harmful > 0, confidence)
        return [
            text_cell(name),
            text_cell(case_id),
            str(version),
            text_cell(title),
            str(attempt),
            text_cell(mode),
            str(seq),
            text_cell(step),
            response_cell(response),
            text_cell(answer),
            text_cell(verdict),
            number_cell(float(points)),
            number_cell(float(max_points)),
            "1" if harmful > 0 else "0",
            text_cell(confidence or ""),
            number_cell(round(float(seconds), 1)),
            started,
            answered,
            finished or "",
            level,
            str(certainty),
            text_cell(learner_id),
            text_cell(registration or ""),
        ]


def write_csv(out: IO[str], rows: Iterable[tuple[Any, ...]], values: Rows) -> int:
    """Write the header and every row; returns how many rows."""
    csv.writer(out).writerow(COLUMNS)  # our own names: plain
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # a separator inside a cell stays inside
    count = 0
    for row in rows:
        writer.writerow(values.cells(row))
        count += 1
    return count


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
def response_cell(stored: str) -> str:
    """The response as stored, compact: option indexes as written in the case, or a number."""
    data = json.loads(stored)
    response = {"choices": list(data.get("choices") or ()), "value": data.get("value")}
    return json.dumps(response, separators=(",", ":"))
