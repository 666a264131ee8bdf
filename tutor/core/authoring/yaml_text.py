"""YAML written by hand, with comments, that reads back as exactly the data meant.

The starter case is text for people to edit, so it is written line by line (a YAML dumper drops
comments); these helpers quote what needs quoting and fold long text over several lines.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

WIDTH = 96


@dataclass(frozen=True)
class Choice:
    text: str
    verdict: str
    feedback: str
    cite: tuple[str, ...]
    therapies: tuple[str, ...] = ()
    next: str | None = None
    comments: tuple[str, str] | None = None
    """Comments after the `therapies:` and `next:` lines, to explain the format once."""


@dataclass(frozen=True)
class ChoiceStep:
    id: str
    kind: str
    node: str
    prompt: str
    options: tuple[Choice, ...]
    heading: str
    differ: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """sources_differ notes: (note, citations)."""


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly `text`: plain when that is safe, else quoted."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text} and text.strip() == text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def field(key: str, text: str, indent: int, comment: str = "") -> list[str]:
    """`key: value`, folded over several lines (`>-`) when it would be too long.

    `key` may start with '- ' (the first field of a list item); an empty key writes a bare list
    item (`- value`).
    """
    pad = " " * indent
    prefix = f"{key}: " if key not in ("", "-") else "- "
    line = f"{pad}{prefix}{scalar(text)}"
    if comment:
        line += f"  # {comment}"
    if len(line) <= WIDTH:
        return [line]
    head = f"{pad}{prefix}>-" + (f"  # {comment}" if comment else "")
    # The folded text is indented under the key (or under the item, for a bare item).
    body_indent = indent + 2 + (2 if prefix.startswith("- ") and prefix != "- " else 0)
    body = textwrap.wrap(text, WIDTH - body_indent, break_long_words=False, break_on_hyphens=False)
    return [head, *(" " * body_indent + part for part in body)]


def id_list(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def choice_lines(choice: Choice, indent: int) -> list[str]:
    lines = field("- text", choice.text, indent)
    inner = indent + 2
    ipad = " " * inner
    if choice.therapies:
        line = f"{ipad}therapies: {id_list(choice.therapies)}"
        if choice.comments and choice.comments[0]:
            line += f"  # {choice.comments[0]}"
        lines.append(line)
    lines.append(f"{ipad}verdict: {choice.verdict}")
    lines.extend(field("feedback", choice.feedback, inner))
    lines.append(f"{ipad}cite: {id_list(choice.cite)}")
    if choice.next:
        line = f"{ipad}next: {choice.next}"
        if choice.comments and choice.comments[1]:
            line += f"  # {choice.comments[1]}"
        lines.append(line)
    return lines


def step_lines(step: ChoiceStep, extra: Sequence[str] = ()) -> list[str]:
    lines = [f"  # {part}" for part in textwrap.wrap(step.heading, WIDTH - 4)]
    lines.append(f"  - id: {step.id}")
    lines.append(f"    kind: {step.kind}")
    lines.append(f"    node: {step.node}")
    lines.extend(field("prompt", step.prompt, 4))
    lines.append("    options:")
    for choice in step.options:
        lines.extend(choice_lines(choice, 6))
    if step.differ:
        lines.append("    sources_differ:")
        for note, cite in step.differ:
            lines.extend(field("- note", note, 6))
            lines.append(f"        cite: {id_list(cite)}")
    lines.extend(extra)
    return lines
