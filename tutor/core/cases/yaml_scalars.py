"""Plain (unquoted) YAML scalars and what type they are: YAML 1.2 core-schema style, so `no` stays
text and `1:30` is not ninety; a number that cannot be represented is refused, never guessed."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
TYPED_STARTS = frozenset("0123456789+-.~nNtTfF")
"""What every plain scalar that is not text starts with: one that starts otherwise is text."""


MAX_NUMBER_DIGITS = 100
"""A number written with more digits than this is refused: no case needs one, and Python will
not even convert an integer of 4,301 digits."""


class NumberError(ValueError):
    """An unquoted number that cannot be represented as a finite int or float."""


def _number(text: str, kind: type[int] | type[float]) -> int | float:
    # Counted only when the text is long enough to matter: most numbers are a few characters.
    digits = sum(c.isdigit() for c in text) if len(text) > MAX_NUMBER_DIGITS else 0
    if digits > MAX_NUMBER_DIGITS:
        raise NumberError(
            f"the number has {digits:,} digits; the limit is {MAX_NUMBER_DIGITS} "
            "(put it in quotes if it is meant as text)"
        )
    value = kind(text)
    if not math.isfinite(value):
        raise NumberError(
            f"the number {text} is too large to represent (put it in quotes if it is meant as text)"
        )
    return value


def resolve_plain(text: str) -> Any:
    """The type of an unquoted scalar, YAML 1.2 core schema style (no yes/no, no 1:30).

    Raises NumberError for a number that cannot be represented (too many digits, or a float
    that overflows to infinity).
    """
    if text and text[0] not in TYPED_STARTS:
        return text  # prose: the common case, decided by its first character
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.match(text):
        return _number(text, int)
    if _FLOAT.match(text):
        return _number(text, float)
    if _DATE.match(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    return text
