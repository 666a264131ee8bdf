"""Problems found in case files, phrased for the educator who wrote them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tutor.printable import printable


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is (file, line, column, field) and what is wrong, in plain words."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    severity: Severity = Severity.error
    rest: bool = False
    """The line that counts the problems not listed (`bounded`): read after the others."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        parts = [where]
        if self.severity is Severity.warning:
            parts.append("warning")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        # The file name, field (a key) and message may quote the file: never raw to a terminal.
        return printable(": ".join(parts))

    @property
    def reading_order(self) -> tuple[str, bool, int, int, str, str]:
        """By file, then place in it; the count of the rest comes last in its file."""
        return (self.file, self.rest, self.line or 0, self.column or 0, self.field, self.message)


def format_field_path(path: Iterable[str | int]) -> str:
    """('steps', 2, 'options', 1) -> 'steps[2].options[1]'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.error]


MAX_DIAGNOSTICS = 50
"""Problems reported per file; past this, one line says how many more there are. A file of
thousands of identical mistakes is fixed by reading the first few, and reporting them all
took tens of megabytes of output (and as many widgets on screen)."""


def bounded(diagnostics: list[Diagnostic], more: int = 0) -> list[Diagnostic]:
    """The first MAX_DIAGNOSTICS of one file's diagnostics, then one that counts the rest."""
    more += max(0, len(diagnostics) - MAX_DIAGNOSTICS)
    if not more:
        return diagnostics
    kept = diagnostics[:MAX_DIAGNOSTICS]
    last = kept[-1]
    return [
        *kept,
        Diagnostic(
            last.file,
            f"and {more:,} more problem(s) in this file, not listed; fix these first",
            last.line,
            last.column,
            rest=True,
        ),
    ]
