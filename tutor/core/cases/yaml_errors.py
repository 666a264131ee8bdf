"""The YAML parser's complaints, said in an educator's words with how to fix them.

libyaml reports what its grammar expected ("mapping values are not allowed in this context"),
which names no mistake a person made. The commonest slips in a hand-written case file are a
tab used for indentation, a field indented further or less than the fields beside it, an
unquoted value that holds ": ", and a quote never closed: each gets a sentence that says what
happened on which line and what to do. Anything else keeps the parser's own words.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 32
DEPTH_MESSAGE = f"lists and mappings are nested deeper than {MAX_DEPTH} levels"

_KEY = re.compile(r"\s*(?:-\s+)*([^\s#'\"][^:#]*?):(?:\s|$)")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML 1.1 (and so libyaml's marks) counts as the end of a line, not only '\\n'."""


def yaml_lines(text: str) -> list[str]:
    """The lines of `text` as the parser numbers them, so a mark's line indexes this list."""
    return _LINE_BREAK.split(text)


def explain(exc: Any, text: str) -> str:
    """A plain message for a `yaml.MarkedYAMLError` raised while parsing `text`."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if "nesting depth" in problem:
        # libyaml (PyYAML 6.0.4 and later) stops runaway nesting in its scanner, before our
        # own depth check sees the events; the file is refused either way, in one wording.
        return DEPTH_MESSAGE
    if mark is None:
        return f"YAML syntax error: {problem or context or 'not valid YAML'}"
    lines = yaml_lines(text)
    number = mark.line + 1
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "tab" in problem or line[mark.column : mark.column + 1] == "\t" or _tab_indented(line):
        return f"line {number} is indented with a tab; YAML needs spaces, so indent with spaces"
    if "mapping values are not allowed" in problem:
        return _misplaced_colon(lines, mark.line, mark.column)
    if "expected '-' indicator" in problem:
        return (
            f"line {number} is inside a list but is not an item of it; start it with '- ', or "
            "indent it less to move it out of the list"
        )
    if "did not find expected key" in problem:
        return _out_of_line(lines, mark.line)
    if "end of stream" in problem and "quoted scalar" in context and exc.context_mark is not None:
        opened = exc.context_mark
        return (
            f"the quote opened at line {opened.line + 1}, column {opened.column + 1} is never "
            "closed; end the text with the same quote mark"
        )
    return f"YAML syntax error: {problem or context or 'not valid YAML'}"


def unreadable_character(exc: Any, text: str) -> tuple[str, tuple[int, int]]:
    """A raw control (or other unprintable) character that the reader refused (a
    `yaml.reader.ReaderError`): what it is in the author's terms, and its line and column."""
    before = yaml_lines(text[: exc.position])
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return (
        f"text contains a control character (U+{character:04X}); "
        "only line breaks and tabs are allowed"
    ), (len(before), len(before[-1]) + 1)


def _tab_indented(line: str) -> bool:
    return line[: len(line) - len(line.lstrip())].count("\t") > 0


def _misplaced_colon(lines: list[str], index: int, column: int) -> str:
    number = index + 1
    line = lines[index]
    own_key = _KEY.match(line)
    if own_key is not None and own_key.end(1) < column:
        # The line already has a field name before this colon: the value itself holds ": ".
        return (
            f"line {number}: the value of '{own_key.group(1)}' contains ': ', which YAML reads "
            "as a new field; put the whole value in quotes"
        )
    above = _field_above(lines, index)
    if above is not None:
        name, at = above
        return (
            f"line {number} is indented further than the field above it; line it up with "
            f"'{name}:' at column {at}"
        )
    return f"line {number}: a field is not allowed here; check the indentation of this line"


def _out_of_line(lines: list[str], index: int) -> str:
    number = index + 1
    above = _field_above(lines, index)
    where = f" (the field above, '{above[0]}:', is at column {above[1]})" if above else ""
    return (
        f"line {number} does not line up with the fields around it{where}; indent it to the "
        "same column as the fields it belongs with"
    )


def _field_above(lines: list[str], index: int) -> tuple[str, int] | None:
    """The nearest field name on an earlier line, and the column where it starts."""
    for earlier in reversed(lines[:index]):
        if not earlier.strip() or earlier.lstrip().startswith("#"):
            continue
        match = _KEY.match(earlier)
        if match is not None:
            return match.group(1), match.start(1) + 1
    return None
