"""How line mode lays out what it says: wrapped for a listener and a narrow terminal, with no
line ending inside a source label, and a normal range said in words."""

from __future__ import annotations

import re
import shutil
import textwrap

from tutor.core.cases.model import Investigation
from tutor.core.play.playable import Playable
from tutor.core.play.wording import plural

_GLUE = "\x00"
"""Holds a source label's words together while wrapping; printed text never holds a NUL (the
sanitiser makes control characters visible), so every one is a glued space."""
_LABEL = re.compile(r"\[[^\[\]\n]{1,60}\]")


def _glue_labels(text: str) -> str:
    """A source label such as "[003 web article]" as one word, so a line never ends inside it."""
    return _LABEL.sub(lambda m: m.group(0).replace(" ", _GLUE), text)


def heard_range(row: Investigation) -> str:
    """A normal range as it is said: "30 to 200", "below 5", "above 10" (not "30-200", "< 5")."""
    low = None if row.low is None else f"{row.low:.10g}"
    high = None if row.high is None else f"{row.high:.10g}"
    if low is not None and high is not None:
        return f"{low} to {high}"
    if high is not None:
        return f"below {high}"
    if low is not None:
        return f"above {low}"
    return row.reference_range


def listening_width() -> int:
    """The width line mode wraps to: the terminal's, less a margin, between 40 and 100."""
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)


def wrap_for_listening(paragraph: str, width: int, indent: int = 0) -> str:
    """One paragraph wrapped to `width`, indented, with every source label kept whole."""
    pad = " " * indent
    wrapped = textwrap.fill(
        _glue_labels(paragraph),
        width,
        initial_indent=pad,
        subsequent_indent=pad,
        break_on_hyphens=False,  # keeps citation keys such as [oracle-dm-2025] whole
    )
    return (wrapped or pad.rstrip()).replace(_GLUE, " ")


def heard_investigation(row: Investigation) -> str:
    """One investigation as a sentence: "CK: 3800 U/L, high (normal 30 to 200 U/L)."."""
    value = f"{row.value_text} {row.unit or ''}".strip()
    flag = ""
    if row.is_abnormal:
        flag = ", abnormal"
        if not isinstance(row.value, str):
            if row.high is not None and row.value > row.high:
                flag = ", high"
            elif row.low is not None and row.value < row.low:
                flag = ", low"
    # The range carries the unit too: a listener cannot glance back at the value's.
    unit = f" {row.unit}" if row.unit else ""
    normal = f" (normal {heard_range(row)}{unit})" if row.reference_range else ""
    return f"{row.name}: {value}{flag}{normal}."


def quit_note(session: Playable, resume_command: str | None) -> tuple[str, str]:
    """What quitting keeps, and the command that carries on: the truth for a case, a drill,
    a quiz."""
    done = len(session.results)
    count = session.count or 0
    if session.kind == "drill":
        left = count - done
        return (
            f"Stopped. {plural(done, 'decision')} reviewed and rescheduled; "
            f"{plural(left, 'decision')} still due. To carry on, run:"
        ), resume_command or "tutor drill --plain"
    if session.kind == "quiz":
        return (
            f"Stopped after {done} of {plural(count, 'question')}. "
            "A quiz's answers are not recorded, so this quiz is not kept. To start a new "
            "quiz, run:"
        ), resume_command or "tutor quiz --plain"
    command = resume_command or f"tutor play {session.case.id} --plain"
    return (
        f"Stopped at decision {session.step_number}. Your attempt is saved answer by "
        f"answer ({plural(done, 'answer')} so far). To carry on where you stopped, run:"
    ), command
