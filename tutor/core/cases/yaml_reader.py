"""A strict, bounded YAML reader that remembers where every value came from.

PyYAML's own loaders are too forgiving for hand-written teaching material: they keep the last of
two duplicate keys, read `no` as False and `1:30` as 90, and will expand a few hundred bytes of
nested aliases into gigabytes. They also forget line numbers once the data is built.

This module reads the *event stream* of PyYAML's safe parser (the C one when it is available)
and builds plain Python data itself, iteratively, so that it can
- record the line and column of every key and value (for precise error messages), as the
  parser's marks in a tree beside the data, read only when a diagnostic needs a position,
- resolve only plain types: str, int, float, true/false, null, and ISO dates,
- refuse duplicate keys, non-standard tags, control characters, deep nesting and alias bombs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from tutor.core.cases.yaml_errors import DEPTH_MESSAGE, MAX_DEPTH, explain, unreadable_character
from tutor.core.cases.yaml_positions import Path, Position, Positions, YamlDocument, at_mark
from tutor.core.cases.yaml_scalars import TYPED_STARTS, NumberError, resolve_plain
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
_INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARACTERS))
# What `check_visible` refuses, found in one search: a bidirectional control anywhere, or text
# of nothing but whitespace (as `str.strip` counts it, which `\s` matches) and invisibles.
_SUSPECT = re.compile(f"\\A[\\s{_INVISIBLE_CHARACTERS}]*\\Z|{BIDI_CONTROL.pattern}")

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR = yaml.ScalarEvent
_PLAIN_TAGS = {None, "!"}
_CONTAINER_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


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


def describe_control(text: str) -> str:
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    node: Positions
    is_map: bool
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
            YamlProblem(message, at_mark(mark), self.child_path() if path is None else path)
        )

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_map:
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
        return _Abort(
            f"this list holds more than {MAX_ITEMS:,} items; a case needs far fewer",
            position=at_mark(frame.node.mark),
            path=frame.path,
        )

    def place(self, where: Any) -> None:
        """Record the position (a mark, or a container's `Positions`) of the value to come."""
        if not self.stack:
            self.doc.positions = where
            return
        top = self.stack[-1]
        if top.is_map:
            top.node.values[top.key] = where  # type: ignore[index, call-overload]
        else:
            top.node.values.append(where)  # type: ignore[union-attr]

    def attach(self, value: Any, size: int) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        top.size += size
        if top.is_map:
            assert top.key is not None
            top.container[top.key] = value  # type: ignore[index, call-overload]
            top.key = None
        else:
            top.container.append(value)  # type: ignore[union-attr]

    # -- events --------------------------------------------------------------------
    def run(self, get_event: Any) -> None:
        """Read every event. Scalars, most of the events, are handled here without a call
        where nothing is wrong with them; anything unusual goes through the methods below."""
        stack = self.stack
        while True:
            event = get_event()
            kind = type(event)
            if kind is not _SCALAR:
                if event is None or kind is yaml.StreamEndEvent:
                    return
                handler = self.handlers.get(kind)
                if handler is not None:
                    handler(self, event)
                continue
            if not stack:
                self.scalar(event)
                continue
            top = stack[-1]
            text = event.value
            quoted_control = event.style == '"' and _CONTROL.search(text) is not None
            if top.is_map and top.key is None:
                # A key: refused when repeated or holding a control or a bidirectional mark.
                if text in top.container or quoted_control or not text.isascii():
                    self.key(top, event)
                else:
                    top.node.keys[text] = event.start_mark
                    top.key = text
                continue
            # What `check_visible` could refuse: a bidirectional control (never ASCII) or
            # nothing but spaces and invisibles; `isascii` tells most text without reading it.
            if (
                quoted_control
                or event.tag is not None
                or (text and (text.isspace() if text.isascii() else bool(_SUSPECT.search(text))))
            ):
                self.scalar(event)
                continue
            if not top.is_map and len(top.container) >= MAX_ITEMS:
                raise self.too_many(top)
            if not event.implicit[0] or (text and text[0] not in TYPED_STARTS):
                value: Any = text
            else:
                try:
                    value = resolve_plain(text)
                except NumberError:
                    self.scalar(event)
                    continue
            self.total += 1
            if self.total > MAX_VALUES:
                self.count(0)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            top.size += 1
            if top.is_map:
                top.node.values[top.key] = event.start_mark  # type: ignore[index, call-overload]
                top.container[top.key] = value  # type: ignore[index, call-overload]
                top.key = None
            else:
                top.node.values.append(event.start_mark)  # type: ignore[union-attr]
                top.container.append(value)  # type: ignore[union-attr]

    def scalar(self, event: Any) -> None:
        """A value that is unusual (or the whole document): every check, in order."""
        top = self.stack[-1] if self.stack else None
        if top is not None and not top.is_map and len(top.container) >= MAX_ITEMS:
            raise self.too_many(top)
        value = self.resolve(event, self.child_path())
        self.place(event.start_mark)
        self.count(1)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, 1)

    def key(self, frame: _Frame, event: Any) -> None:
        key = event.value
        path = (*frame.path, key)
        assert isinstance(frame.container, dict)
        if key in frame.container:
            first = frame.node.keys.get(key)
            where = f" (first written on line {first.line + 1})" if first else ""
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
            frame.node.keys[key] = event.start_mark
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

    def start(self, event: Any) -> None:
        """A list or mapping begins (called for every one: its steps are written out)."""
        stack = self.stack
        top = stack[-1] if stack else None
        if top is not None and top.is_map and top.key is None:
            self.problem("a key must be plain text, not a list or mapping", event.start_mark)
            top.key = f"\0complex:{event.start_mark.line}"
        if len(stack) >= MAX_DEPTH:
            raise _Abort(DEPTH_MESSAGE, event.start_mark)
        is_map = type(event) is yaml.MappingStartEvent
        container: dict[str, Any] | list[Any] = {} if is_map else []
        node = Positions(event.start_mark, {} if is_map else [], {})
        if top is None:
            path: Path = ()
            self.doc.positions = node
        elif top.is_map:
            path = (*top.path, top.key)  # type: ignore[arg-type]
            top.node.values[top.key] = node  # type: ignore[index, call-overload]
        else:
            if len(top.container) >= MAX_ITEMS:
                raise self.too_many(top)
            path = (*top.path, len(top.container))
            top.node.values.append(node)  # type: ignore[union-attr]
        tag = event.tag
        if tag is not None and tag not in _PLAIN_TAGS and tag not in _CONTAINER_TAGS:
            self.problem(_tag_message(tag), event.start_mark, path)
        self.count(1)
        stack.append(_Frame(container, path, node, is_map, anchor=event.anchor))

    def end(self, event: Any) -> None:
        # Keys refused above left placeholders in their mapping; a file with a problem is
        # refused whole, so they are never seen.
        frame = self.stack.pop()
        if frame.is_map and frame.key is not None:
            frame.container[frame.key] = None  # type: ignore[index, call-overload]
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
        if top and top.is_map and top.key is None:
            self.problem("an alias cannot be used as a key", event.start_mark)
            top.key = f"\0alias:{event.start_mark.line}"
            return
        if event.anchor not in self.anchors:
            self.problem(f"alias '*{event.anchor}' refers to no anchor above it", event.start_mark)
            self.attach(None, 1)
            return
        if top is not None and not top.is_map and len(top.container) >= MAX_ITEMS:
            raise self.too_many(top)
        value, size = self.anchors[event.anchor]
        self.count(size)
        self.place(event.start_mark)  # the alias's own position: its contents were written above
        self.attach(value, size)

    handlers: ClassVar[dict[type, Callable[[_Builder, Any], None]]] = {
        yaml.MappingStartEvent: start,
        yaml.SequenceStartEvent: start,
        yaml.MappingEndEvent: end,
        yaml.SequenceEndEvent: end,
        yaml.AliasEvent: alias,
        yaml.DocumentStartEvent: document,
    }


def _tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tags such as '{short}' are not allowed in case files"


class _Abort(Exception):
    def __init__(
        self, message: str, mark: Any = None, *, position: Position | None = None, path: Path = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = at_mark(mark) if mark is not None else position
        self.path = path


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlError listing every problem found."""
    builder = _Builder()
    parser = _Parser(text)
    try:
        builder.run(parser.get_event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        builder.problems.append(YamlProblem(explain(exc, text), at_mark(mark) if mark else None))
        raise YamlError(builder.problems) from None
    except yaml.reader.ReaderError as exc:
        message, (line, column) = unreadable_character(exc, text)
        builder.problems.append(YamlProblem(message, Position(line, column)))
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
