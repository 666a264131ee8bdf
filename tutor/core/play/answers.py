"""One typed answer -> option numbers or a value, plus an optional confidence word.

Shared by the line mode and the TUI's number field, so both read answers the same way:
a number for a single best answer; several numbers (`1 3` or `1,3`) or `none` for select-all;
a value (optionally followed by its unit) for numeric steps. A trailing word `sure`, `unsure`
or `guessing` records confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.core.algorithm.scoring_types import Confidence, InvalidResponse
from tutor.core.cases.model import AnyStep, NumericStep
from tutor.core.play.typed_number import parse_number

_CONFIDENCE_LETTER = re.compile(r"(?:^|[\d\s])[su]$")
"""A lone s or u after a number ('2s', '2 u'): confidence keys of the other questions (not g,
which after a dose more likely means grams, and gets the unit's own explanation)."""
_CONFIDENCE_WORDS = {c.value: c for c in Confidence} | {"guess": Confidence.guessing}


@dataclass(frozen=True)
class Answer:
    numbers: tuple[int, ...] = ()
    value: float | None = None
    confidence: Confidence | None = None


def parse_answer(text: str, step: AnyStep) -> Answer:
    """Read one line of input for `step`; raise InvalidResponse with a hint to re-ask."""
    words = text.replace(",", " ").split() if not isinstance(step, NumericStep) else text.split()
    confidence = None
    if words and words[-1].lower() in _CONFIDENCE_WORDS:
        confidence = _CONFIDENCE_WORDS[words.pop().lower()]
    if isinstance(step, NumericStep):
        try:
            value = parse_number(" ".join(words), step.numeric.unit)
        except InvalidResponse:
            if _CONFIDENCE_LETTER.search(text.strip().lower()):
                # s, u and g mark confidence on the other questions; here they are typed.
                raise InvalidResponse(
                    "To mark your confidence on a number, type the word after it: sure, unsure "
                    "or guessing (for example '0.75 sure')."
                ) from None
            raise
        return Answer(value=value, confidence=confidence)
    if step.kind == "multiple" and [w.lower() for w in words] == ["none"]:
        return Answer((), confidence=confidence)
    if not words:
        raise InvalidResponse(
            "Type the number of your answer"
            + (" (or several numbers, or 'none')." if step.kind == "multiple" else ".")
        )
    try:
        numbers = tuple(int(w) for w in words)
    except ValueError:
        raise InvalidResponse(f"'{text.strip()}' is not an option number.") from None
    if step.kind == "single" and len(numbers) != 1:
        raise InvalidResponse("Choose one option: type a single number.")
    return Answer(numbers, confidence=confidence)
