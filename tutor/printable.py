"""One function between text from outside and the terminal: `printable`.

File names, keys, paths, command-line arguments and anything quoted from a case file may hold
bytes a terminal acts on (ESC starts a sequence that can set the window title, write to the
clipboard or clear the screen; C1 controls do the same on some terminals), characters that
reorder what is shown (the bidirectional controls of "Trojan Source"), or, in a file name that
is not UTF-8, lone surrogates that cannot even be encoded for output. `printable` replaces each
of them with a visible escape (`\\x1b`, `\\u202e`, and `\\xe9` for an undecodable byte), so the
text is shown, never obeyed, and never crashes the writer. Everything else is left as written.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (tab and, where allowed, newline excepted), the bidirectional
# embedding, override and isolate controls, the Arabic letter mark and the directional marks,
# the line and paragraph separators, and surrogates (from file names that are not UTF-8).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"
_UNSAFE_INLINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\ud800-\udfff]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\ud800-\udfff]")
BIDI_CONTROL = re.compile(f"[{_BIDI}]")
"""The characters that reorder text on screen; a case file may not contain them."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8 (surrogateescape)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """`text` with every control, reordering and unencodable character shown as an escape.

    With `newlines=True`, line breaks are kept (for multi-line reports); otherwise they are
    escaped too, so one value can never pose as another line of output.
    """
    pattern = _UNSAFE_MULTILINE if newlines else _UNSAFE_INLINE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def printable_strings(data: object) -> object:
    """`data` (JSON-ready lists, dicts and scalars) with `printable` applied to every string."""
    if isinstance(data, str):
        return printable(data, newlines=True)
    if isinstance(data, dict):
        return {printable_strings(key): printable_strings(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [printable_strings(item) for item in data]
    return data
