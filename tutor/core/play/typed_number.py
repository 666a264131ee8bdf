"""A number a learner types for a dose question, read without guessing.

`0.75`, `0,75` (a decimal comma) and `1,000.5` (a grouping comma beside a decimal point) each
mean one thing. `1,000` alone does not: it is one thousand to some readers and one to others,
so it is refused with the two readings rather than silently taken as either. A unit may follow
the number, written as people write it (`60 mg/d`, `60 mg a day`, `2 g/kg`); a daily dose may
leave out its "/day". A different unit is refused, never converted.
"""

from __future__ import annotations

import re

from tutor.core.algorithm.scoring_types import InvalidResponse

_NUMBER = re.compile(r"^\s*([-+]?[\d.,]*\d[\d.,]*|[-+]?[.,]\d+)\s*(.*?)\s*$")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

# How people write the same unit: every spelling on the left reads as the word on the right.
_UNIT_WORDS = (
    (re.compile(r"\s*\bdaily\b"), "/day"),
    (re.compile(r"\s*\bweekly\b"), "/week"),
    (re.compile(r"\b(?:per|a|an|every)\s+"), "/"),
    (re.compile(r"\b(?:d|days)\b"), "day"),
    (re.compile(r"\b(?:wk|weeks)\b"), "week"),
    (re.compile(r"m²"), "m2"),
)


def parse_number(text: str, unit: str) -> float:
    """The value typed in `text` for a question asked in `unit`; raise InvalidResponse, with
    what to type instead, when it is not a number, is ambiguous, or names another unit."""
    match = _NUMBER.match(text)
    if not match:
        raise InvalidResponse(f"Enter a number in {unit}, for example '{_example(unit)}'.")
    written, written_unit = match.groups()
    if written_unit and not same_unit(written_unit, unit):
        raise InvalidResponse(
            f"This answer is asked in {unit}; '{written_unit}' is a different unit. "
            f"Enter the number in {unit}."
        )
    return _read(written, unit)


def same_unit(written: str, asked: str) -> bool:
    """Whether a unit as a learner wrote it is the unit asked for (a daily dose's "/day" may
    be left out: `60 mg` answers a question asked in mg/day)."""
    ours, theirs = _unit_key(asked), _unit_key(written)
    return theirs == ours or (ours.endswith("/day") and theirs == ours.removesuffix("/day"))


def _read(written: str, unit: str) -> float:
    if "," in written and "." in written:
        if not _GROUPED.match(written):
            raise InvalidResponse(_unreadable(written, unit))
        return float(written.replace(",", ""))
    if written.count(",") > 1 or written.count(".") > 1:
        if _GROUPED.match(written):
            return float(written.replace(",", ""))
        raise InvalidResponse(_unreadable(written, unit))
    if "," in written:
        whole, _, fraction = written.partition(",")
        if len(fraction) == 3 and whole.lstrip("+-") not in ("", "0"):
            raise InvalidResponse(
                f"'{written}' could mean {whole}{fraction} or {whole}.{fraction}; type it without "
                f"the comma ({whole}{fraction}) or with a decimal point ({whole}.{fraction})."
            )
        return float(written.replace(",", "."))
    return float(written)


def _unreadable(written: str, unit: str) -> str:
    return f"'{written}' is not a number; enter a number in {unit}, for example '{_example(unit)}'."


def _example(unit: str) -> str:
    return f"1.5 {unit}"


def _unit_key(unit: str) -> str:
    key = unit.strip().lower()
    for pattern, word in _UNIT_WORDS:
        key = pattern.sub(word, key)
    key = re.sub(r"\s+", "", key)
    return re.sub(r"/+", "/", key)
