"""A strict, bounded YAML reader that remembers where every value came from.

PyYAML's own loaders are too forgiving for hand-written teaching material: they keep the last of
two duplicate keys, read `no` as False and `1:30` as 90, and will expand a few hundred bytes of
nested aliases into gigabytes. They also forget line numbers once the data is built.

This module reads the *event stream* of PyYAML's safe parser (the C one when it is available)
and builds plain Python data itself, iteratively, so that it can
- record the line and column of every key and value (for precise error messages),
- resolve only plain types: str, int, float, true/false, null, and ISO dates,
- refuse duplicate keys, non-standard tags, control characters, deep nesting and alias bombs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from tutor.core.cases.yaml_errors import DEPTH_MESSAGE, MAX_DEPTH, explain, yaml_lines
from tutor.core.cases.yaml_scalars import NumberError, resolve_plain
from tutor.printable import BIDI_CONTROL

MAX_VALUES = 200_000
MAX_ITEMS = 10_000
"""Items in one list. A case's longest list (its steps) runs to hundreds at most; a list of
a hundred thousand `{}` otherwise cost seconds and hundreds of MiB to validate, one problem
per item, before any could be shown. Refused as the reader meets the extra item, so no work
is done on the rest of it."""

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# C0 and C1 controls, DEL; newline and tab are the only ones prose needs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Zero-width characters: text made only of these (and whitespace) shows as nothing.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {None, "!"}
_CONTAINER_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class YamlProblem:
    message: str
    position: Position | None
    path: Path = ()


class YamlError(Exception):
    """The text could not be read as data; carries every problem found."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class YamlDocument:
    """The data, and where each value and key was written: path -> (line, column), 1-based."""

    data: Any
    value_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position_of(self, path: Path, *, key: bool = False) -> Position | None:
        """Where `path` was written; falls back to the nearest enclosing value."""
        if key and path in self.key_positions:
            return Position(*self.key_positions[path])
        probe = tuple(path)
        while probe:
            if probe in self.value_positions:
                return Position(*self.value_positions[probe])
            probe = probe[:-1]
        found = self.value_positions.get(())
        return Position(*found) if found else None


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _where(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def describe_control(text: str) -> str:
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    size: int = 1
    key: str | None = None
    anchor: str | None = None


class _Builder:
    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        self.doc = YamlDocument(None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.total = 0
        self.documents = 0

    # -- helpers -------------------------------------------------------------------
    def problem(self, message: str, mark: Any, path: Path | None = None) -> None:
        self.problems.append(
            YamlProblem(message, _position(mark), self.child_path() if path is None else path)
        )

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, dict):
            return (*top.path, top.key) if top.key is not None else top.path
        return (*top.path, len(top.container))

    def count(self, size: int) -> None:
        self.total += size
        if self.total > MAX_VALUES:
            raise _Abort(
                f"the file expands to more than {MAX_VALUES:,} values; "
                "check anchors and aliases (*name) that repeat large blocks"
            )

    def too_many(self, frame: _Frame) -> _Abort:
        start = self.doc.value_positions.get(frame.path)
        return _Abort(
            f"this list holds more than {MAX_ITEMS:,} items; a case needs far fewer",
            position=Position(*start) if start else None,
            path=frame.path,
        )

    def attach(self, value: Any, size: int) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, dict):
            assert top.key is not None
            top.container[top.key] = value
            top.key = None
        else:
            top.container.append(value)

    # -- events --------------------------------------------------------------------
    def scalar(self, event: Any) -> None:
        # The hot path: most events are scalars, so this avoids helper calls where it can.
        stack = self.stack
        if stack:
            top = stack[-1]
            container = top.container
            if type(container) is dict:
                if top.key is None:
                    self.key(top, event)
                    return
                path = (*top.path, top.key)
            else:
                if len(container) >= MAX_ITEMS:
                    raise self.too_many(top)
                path = (*top.path, len(container))
        else:
            top = None
            path = ()
        value = self.resolve(event, path)
        mark = event.start_mark
        self.doc.value_positions[path] = (mark.line + 1, mark.column + 1)
        self.total += 1
        if self.total > MAX_VALUES:
            self.count(0)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        if top is None:
            self.doc.data = value
        elif type(top.container) is dict:
            top.container[top.key] = value  # type: ignore[index]
            top.key = None
            top.size += 1
        else:
            top.container.append(value)  # type: ignore[union-attr]
            top.size += 1

    def key(self, frame: _Frame, event: Any) -> None:
        key = event.value
        path = (*frame.path, key)
        assert isinstance(frame.container, dict)
        if key in frame.container:
            first = self.doc.key_positions.get(path)
            where = f" (first written on line {first[0]})" if first else ""
            self.problem(f"duplicate key '{key}'{where}", event.start_mark, path)
            key = f"\0duplicate:{key}:{event.start_mark.line}"
        elif event.style == '"' and _CONTROL.search(key):
            self.problem(
                f"key contains a control character ({describe_control(key)})",
                event.start_mark,
                path,
            )
        elif BIDI_CONTROL.search(key):
            self.check_visible(key, event.start_mark, path, what="key")
        else:
            self.doc.key_positions[path] = _where(event.start_mark)
        frame.key = key

    def resolve(self, event: Any, path: Path) -> Any:
        text: str = event.value
        # The parser itself refuses raw control characters; only the escapes of a
        # double-quoted scalar ("\e", "\x07") can produce one.
        if event.style == '"' and _CONTROL.search(text):
            self.problem(
                f"text contains a control character ({describe_control(text)}); "
                "only line breaks and tabs are allowed",
                event.start_mark,
                path,
            )
        if text:
            self.check_visible(text, event.start_mark, path)
        tag = event.tag
        if tag is None:
            if not event.implicit[0]:
                return text
            try:
                return resolve_plain(text)
            except NumberError as exc:
                self.problem(str(exc), event.start_mark, path)
                return None
        if tag == _STR_TAG or tag == "!":
            return text
        self.problem(_tag_message(tag), event.start_mark, path)
        return text

    def check_visible(self, text: str, mark: Any, path: Path, *, what: str = "text") -> None:
        """Refuse characters that reorder what is shown, and text that shows nothing at all."""
        if found := BIDI_CONTROL.search(text):
            self.problem(
                f"{what} contains a bidirectional control character (U+{ord(found.group()):04X}), "
                "which can make text display in a different order than it is read; remove it",
                mark,
                path,
            )
        elif not text.translate(_INVISIBLE).strip():
            self.problem(
                f"{what} is blank: only spaces or invisible characters; write the text or "
                "remove the field",
                mark,
                path,
            )

    def start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            self.problem("a key must be plain text, not a list or mapping", event.start_mark)
            self.stack[-1].key = f"\0complex:{event.start_mark.line}"
        if len(self.stack) >= MAX_DEPTH:
            raise _Abort(DEPTH_MESSAGE, event.start_mark)
        top = self.stack[-1] if self.stack else None
        if top is not None and type(top.container) is list and len(top.container) >= MAX_ITEMS:
            raise self.too_many(top)
        path = self.child_path()
        tag = event.tag
        if tag not in _PLAIN_TAGS and tag not in _CONTAINER_TAGS:
            self.problem(_tag_message(tag), event.start_mark, path)
        self.doc.value_positions[path] = _where(event.start_mark)
        self.count(1)
        self.stack.append(_Frame(container, path, anchor=event.anchor))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict):
            if frame.key is not None:
                frame.container[frame.key] = None
            # Drop the placeholders that stood in for refused keys (already reported).
            for key in [k for k in frame.container if k.startswith("\0")]:
                del frame.container[key]
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, frame.size)
        self.attach(frame.container, frame.size)

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Abort(
                "a case file holds one YAML document; remove the extra '---'", event.start_mark
            )

    def alias(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        if top and isinstance(top.container, dict) and top.key is None:
            self.problem("an alias cannot be used as a key", event.start_mark)
            top.key = f"\0alias:{event.start_mark.line}"
            return
        if event.anchor not in self.anchors:
            self.problem(f"alias '*{event.anchor}' refers to no anchor above it", event.start_mark)
            self.attach(None, 1)
            return
        if top is not None and type(top.container) is list and len(top.container) >= MAX_ITEMS:
            raise self.too_many(top)
        value, size = self.anchors[event.anchor]
        self.count(size)
        self.doc.value_positions.setdefault(self.child_path(), _where(event.start_mark))
        self.attach(value, size)


def _tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tags such as '{short}' are not allowed in case files"


class _Abort(Exception):
    def __init__(
        self, message: str, mark: Any = None, *, position: Position | None = None, path: Path = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = _position(mark) if mark is not None else position
        self.path = path


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlError listing every problem found."""
    builder = _Builder()
    parser = _Parser(text)
    handlers = {
        yaml.ScalarEvent: builder.scalar,
        yaml.MappingStartEvent: lambda event: builder.start(event, {}),
        yaml.SequenceStartEvent: lambda event: builder.start(event, []),
        yaml.MappingEndEvent: builder.end,
        yaml.SequenceEndEvent: builder.end,
        yaml.AliasEvent: builder.alias,
        yaml.DocumentStartEvent: builder.document,
    }
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                break
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        builder.problems.append(YamlProblem(explain(exc, text), _position(mark) if mark else None))
        raise YamlError(builder.problems) from None
    except yaml.reader.ReaderError as exc:
        # A raw control (or other unprintable) character: say where, in the author's terms.
        before = yaml_lines(text[: exc.position])
        line, column = len(before), len(before[-1]) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        builder.problems.append(
            YamlProblem(
                f"text contains a control character (U+{character:04X}); "
                "only line breaks and tabs are allowed",
                Position(line, column),
            )
        )
        raise YamlError(builder.problems) from None
    except yaml.YAMLError as exc:
        builder.problems.append(YamlProblem(f"not readable as YAML: {exc}", None))
        raise YamlError(builder.problems) from None
    except _Abort as exc:
        builder.problems.append(YamlProblem(exc.message, exc.position, exc.path))
        raise YamlError(builder.problems) from None
    finally:
        parser.dispose()
    if builder.problems:
        raise YamlError(builder.problems)
    return builder.doc
