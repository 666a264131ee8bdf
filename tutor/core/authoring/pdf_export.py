"""The handout as PDF, written by fpdf2: pure Python, installs from the package index with no
system libraries (Pillow, fontTools and defusedxml come as wheels), and it lays out the
handout's HTML (headings, paragraphs, lists, tables) itself, so HTML and PDF print the same
pages. Every page of the handout starts a new PDF page, so the answer key is on its own.

Fonts: fpdf2 ships no Unicode font and we do not depend on the system's, so the text is set in
the PDF core font Helvetica, which covers Latin-1 (µ, °, ±, × and accented letters print as
they are). Other characters are transliterated, as stated in `TRANSLITERATION`: dashes to '-',
curly quotes to straight ones, ≥ to '>=', Greek letters to their names; anything else to its
decomposed Latin-1 form or, failing that, '?'. Pure: a case in, bytes out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from fpdf import FPDF

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.authoring.html_export import html_pages
from tutor.core.cases.model import Case, Reference

TRANSLITERATION = {
    "\u2013": "-", "\u2014": "--", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
    "\u2265": ">=", "\u2264": "<=", "\u2260": "!=", "\u2248": "~", "\u2192": "->",
    "\u2190": "<-", "\u2022": "*", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u03b1": "alpha", "\u03b2": "beta", "\u03b3": "gamma", "\u03b4": "delta",
    "\u03ba": "kappa", "\u03bb": "lambda",
}  # fmt: skip


def latin1(text: str) -> str:
    """`text` in characters the core font can print (see the module's note)."""
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
        elif char in TRANSLITERATION:
            out.append(TRANSLITERATION[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            kept = "".join(c for c in decomposed if ord(c) < 256 and not unicodedata.combining(c))
            out.append(kept or "?")
    return "".join(out)


_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain_cells(html: str) -> str:
    """fpdf2 cannot nest tags in a table cell: keep a cell's text, drop its bold (the cell
    still says "(high)" or "(abnormal)"). Case text is escaped, so every '<' is a tag."""
    return _CELL.sub(lambda m: f"<{m[1]}{m[2]}>{_TAG.sub('', m[3])}</{m[1]}>", html)


def render_pdf(
    case: Case,
    references: Mapping[str, Reference],
    algorithm: Algorithm | None = None,
    *,
    answers: bool = False,
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(case.title))
    pdf.set_creator("tutor")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_font("helvetica", size=10)
    for page in html_pages(case, references, algorithm, answers=answers):
        pdf.add_page()
        pdf.write_html(latin1(_plain_cells(page)))
    return bytes(pdf.output())
