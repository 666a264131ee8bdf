"""Text as Markdown that prints exactly that text: the one escaping rule of every Markdown the
tutor writes (handouts, answer keys, class reports), for text from outside (case files, names).
"""

from __future__ import annotations

import re

# Characters that can start formatting, code, links, HTML or table cells anywhere in a line; an
# '_' at the edge of a word (inside a word, as in file_name, it is plain text); and an '&' that
# would be read as an entity such as '&amp;'.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<>|#~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;))")
# What can start a block at the start of a line: a list item ('- ', '+ ', '1. ', '1) '), a
# thematic break ('---'), or a setext heading underline ('==='). ('*', '#' and '>' are escaped
# everywhere already.)
_LINE_START = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)](?:\s|$)))")


def escape(text: str) -> str:
    """Case text as Markdown that prints exactly that text, on one line.

    Runs of whitespace (newlines included) become one space, so the text can go into a list
    item, a heading or a table cell.
    """
    flat = " ".join(text.split())
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    match = _LINE_START.match(flat)
    if match and flat[0].isdigit():
        # '1. text' would start a numbered list: escape the '.' or ')' after the number.
        flat = flat[: match.end()] + "\\" + flat[match.end() :]
    elif match:
        flat = "\\" + flat
    return flat


def escape_paragraphs(text: str) -> str:
    """Longer text: paragraphs (separated by a blank line) kept, each escaped."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(escape(p) for p in paragraphs)
