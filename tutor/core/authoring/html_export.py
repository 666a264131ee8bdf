"""The handout as one self-contained HTML file: the pages of `handout.py`, each in a
`<section>`, with a print stylesheet that starts every page on a new sheet (so the answer key
prints on its own). No scripts, no external files.

The Markdown is turned into HTML by markdown-it with raw HTML switched off, so the only tags are
the ones Markdown formatting makes; case text, already Markdown-escaped, comes out
HTML-escaped (`<` as `&lt;`). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from markdown_it import MarkdownIt

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.authoring.handout import handout_pages
from tutor.core.cases.model import Case, Reference

_STYLE = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #111; }
section.page + section.page { border-top: 1px dashed #999; margin-top: 2.5em; padding-top: 1em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #888; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
blockquote { border-left: 3px solid #888; margin-left: 0; padding-left: 1em; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  section.page + section.page { border-top: none; margin-top: 0; padding-top: 0;
                                break-before: page; page-break-before: always; }
  h3, tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def html_pages(
    case: Case,
    references: Mapping[str, Reference],
    algorithm: Algorithm | None = None,
    *,
    answers: bool = False,
) -> list[str]:
    """Each page of the handout as an HTML fragment."""
    md = _markdown()
    return [
        md.render("\n".join(page))
        for page in handout_pages(case, references, algorithm, answers=answers)
    ]


def render_html(
    case: Case,
    references: Mapping[str, Reference],
    algorithm: Algorithm | None = None,
    *,
    answers: bool = False,
) -> str:
    sections = "\n".join(
        f'<section class="page">\n{page}</section>'
        for page in html_pages(case, references, algorithm, answers=answers)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(case.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{sections}\n</body>\n</html>\n"
    )
