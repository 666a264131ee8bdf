"""Where each value and key of a YAML document was written, kept beside the data as the
parser's marks and turned into a line and column only when a diagnostic asks for one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


class Positions:
    """Where a list or mapping was written, and each of its values (and, in a mapping, each
    key): the parser's marks, kept as they come and turned into a line and column only when a
    diagnostic asks. A value that is itself a list or mapping has its own `Positions`."""

    __slots__ = ("keys", "mark", "values")

    def __init__(self, mark: Any, values: dict[str, Any] | list[Any], keys: dict[str, Any]) -> None:
        self.mark = mark
        self.values = values
        self.keys = keys


@dataclass
class YamlDocument:
    """The data, and where each value and key was written."""

    data: Any
    positions: Any = None
    """The `Positions` of the top-level list or mapping, or the mark of a top-level scalar."""

    def position_of(self, path: Path, *, key: bool = False) -> Position | None:
        """Where `path` was written (line, column, 1-based): its key's position if `key` and
        it has one, else its value's; falls back to the nearest enclosing value."""
        node = self.positions
        if node is None:
            return None
        for depth, step in enumerate(path):
            if not isinstance(node, Positions):
                break  # a scalar, or an alias: nothing inside it was written here
            if key and depth == len(path) - 1 and step in node.keys:
                return at_mark(node.keys[step])
            found = _child(node.values, step)
            if found is None:
                break
            node = found
        return at_mark(node.mark if isinstance(node, Positions) else node)


def _child(values: dict[str, Any] | list[Any], step: str | int) -> Any:
    if isinstance(values, dict):
        return values.get(step)  # type: ignore[arg-type]
    if isinstance(step, int) and 0 <= step < len(values):
        return values[step]
    return None


def at_mark(mark: Any) -> Position:
    """A parser mark (0-based) as a position (1-based)."""
    return Position(mark.line + 1, mark.column + 1)
