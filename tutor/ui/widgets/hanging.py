"""Option prompts with hanging indents: a line that wraps carries on under its own text."""

from __future__ import annotations

from typing import Self

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.css.types import TextOverflow
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions

NEWLINE = Content("\n")


def leading_spaces(line: Content) -> int:
    plain = line.plain
    return len(plain) - len(plain.lstrip(" "))


def hang_line(
    line: Content, width: int, hang: int = 0, overflow: TextOverflow = "fold"
) -> list[Content]:
    """One line of a prompt in lines of at most `width` cells: the first as far in as its
    leading spaces, the ones it wraps onto `hang` cells further in (under its text, when `hang`
    is 0, or when the hang would take more than half the width). At least one cell of text per
    line, however narrow."""
    line = line.expand_tabs()  # as Content.wrap does, so that its lines are the line's prefixes
    if line.cell_length <= width:
        return [line]
    indent = min(leading_spaces(line), max(0, width - 1))
    body = line[indent:]
    parts = body.wrap(width - indent, overflow=overflow)
    under = indent + hang if indent + hang <= width // 2 else indent
    first = parts[0]
    if len(parts) == 1 or under == indent or not body.plain.startswith(first.plain):
        # (Not a prefix: a word too long for the line, cut with an ellipsis; it stays put.)
        return [part.pad_left(indent) for part in parts]
    rest = body[len(first.plain) :]
    rest = rest[leading_spaces(rest) :]
    return [first.pad_left(indent)] + [
        part.pad_left(under) for part in rest.wrap(width - under, overflow=overflow)
    ]


class Hanging(Content):
    """A prompt of one or more lines that wraps each line under its own text.

    Content wraps a line that starts with spaces back to column 0, so the continuation of an
    indented line ('  Score ... · Safety: no harmful' / 'choices') reads as a line of its own.
    This keeps each line's continuation under the line's text (and `hang` cells further in).

    It is Content (the same text and spans, so `$variables` in its styles resolve as in any
    prompt, and whatever reads a prompt's text or spans reads it as before), laid out anew for
    the width it is given: an OptionList measures (`get_height`) and renders (`render_strips`)
    each prompt for the width it has, again after a resize. Build it last (`Hanging.of(...)`):
    Content's methods return plain Content.
    """

    def __init__(
        self,
        text: str = "",
        spans: list[Span] | None = None,
        cell_length: int | None = None,
        strip_control_codes: bool = True,
        *,
        hang: int = 0,
    ) -> None:
        super().__init__(text, spans, cell_length, strip_control_codes)
        self.hang = hang
        self._laid: tuple[tuple[int, TextOverflow], list[Content]] | None = None

    @classmethod
    def of(cls, content: Content, hang: int = 0) -> Self:
        """`content`'s text and styles, each line wrapped under its text (and `hang` further)."""
        return cls(content.plain, list(content.spans), strip_control_codes=False, hang=hang)

    def laid_out(self, width: int, overflow: TextOverflow = "fold") -> list[Content]:
        """The lines on screen for `width` cells (at least 1), laid out once per width."""
        width = max(1, width)
        if self._laid is None or self._laid[0] != (width, overflow):
            self._laid = ((width, overflow), self.lay_out(width, overflow))
        return self._laid[1]

    def lay_out(self, width: int, overflow: TextOverflow) -> list[Content]:
        """Each line wrapped under its text."""
        return [
            part
            for line in self.split("\n", allow_blank=True)
            for part in hang_line(line, width, self.hang, overflow)
        ]

    def _lines(self, rules: RulesMap, width: int) -> list[Content] | None:
        """The lines for `width` cells under the widget's rules (None where it does not wrap)."""
        if rules.get("text_wrap", "wrap") == "nowrap":
            return None
        pad = rules.get("line_pad", 0) * 2
        return self.laid_out(width - pad, rules.get("text_overflow", "fold"))

    def get_height(self, rules: RulesMap, width: int) -> int:
        lines = self._lines(rules, width)
        return super().get_height(rules, width) if lines is None else len(lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self._lines(options.rules, width) if width else None
        if lines is None:
            return super().render_strips(width, height, style, options)
        # Every line fits, so Content renders them as they are (styles, alignment, padding).
        return NEWLINE.join(lines).render_strips(width, height, style, options)
