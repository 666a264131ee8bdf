"""Issue 20 item 1: a student handout never shows a consequence before the decision it follows
from. Read back page by page: a decision's reveals, and any detour it leads to, are on later
pages; detours say which choice leads there; the key is on a page of its own."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from tutor.core.authoring.handout import PAGE_BREAK, render_markdown
from tutor.core.authoring.route import handout_order
from tutor.core.cases.model import AnyStep, NumericStep
from tutor.core.library.library import load_library

MD = MarkdownIt("commonmark").enable("table")
LIBRARY = load_library()


def _page_texts(markdown: str) -> list[str]:
    """Each page as the text a reader sees (formatting dropped, escapes resolved)."""
    pages = []
    for page in markdown.split(PAGE_BREAK):
        words = []
        for token in MD.parse(page):
            if token.type == "inline":
                words += [c.content for c in token.children or [] if c.type == "text"]
        pages.append(" ".join(" ".join(words).split()))
    return pages


def _first_page(pages: list[str], text: str) -> int:
    flat = " ".join(text.split())
    found = [i for i, page in enumerate(pages) if flat in page]
    assert found, f"not printed: {flat[:60]}"
    return found[0]


def _reveal_paragraphs(step: AnyStep) -> list[str]:
    """The first paragraph of each reveal of a step: its own, and its options'."""
    reveals = [step.reveal] if step.reveal else []
    if not isinstance(step, NumericStep):
        reveals += [o.reveal for o in step.options if o.reveal]
    return [reveal.text.strip().split("\n\n")[0] for reveal in reveals]


@pytest.mark.parametrize("loaded", LIBRARY.cases, ids=lambda c: c.model.id)
def test_no_reveal_or_detour_before_its_decision(loaded) -> None:
    case = loaded.model
    pages = _page_texts(render_markdown(case, LIBRARY.references, LIBRARY.algorithm))
    order = handout_order(case)
    page_of = {placed.step.id: _first_page(pages, placed.step.prompt) for placed in order}
    # One decision a page, in the printed order.
    assert sorted(page_of.values()) == [page_of[p.step.id] for p in order]
    assert len(set(page_of.values())) == len(order)
    # A sentence two steps reveal alike ("He starts high-dose prednisone.") is first printed
    # after the earlier of them: no reveal is printed before every decision that reveals it.
    owners: dict[str, list[int]] = {}
    for placed in order:
        for paragraph in _reveal_paragraphs(placed.step):
            owners.setdefault(paragraph, []).append(page_of[placed.step.id])
    for paragraph, decision_pages in owners.items():
        assert _first_page(pages, paragraph) > min(decision_pages), paragraph[:40]
    for placed in order:
        step = placed.step
        here = page_of[step.id]
        if placed.detour:
            assert "Only if you chose" in pages[here]
            for entry in placed.entries:
                assert page_of[entry.step_id] < here
        if not isinstance(step, NumericStep):
            for option in step.options:
                if option.next in page_of:
                    assert page_of[option.next] > here
    assert "Answer key" not in " ".join(pages)


def test_branching_cases_are_covered() -> None:
    # The test above means something only if the library has detours and reveals.
    assert any(p.detour for c in LIBRARY.cases for p in handout_order(c.model))


def _reveal_paragraphs(step: AnyStep) -> list[str]:
    """The first paragraph of each reveal of a step: its own, and its options'."""
    reveals = [step.reveal] if step.reveal else []
    if not isinstance(step, NumericStep):
        reveals += [o.reveal for o in step.options if o.reveal]
    return [reveal.text.strip().split("\n\n")[0] for reveal in reveals]


@pytest.mark.parametrize("loaded", LIBRARY.cases, ids=lambda c: c.model.id)
def test_answer_key_and_references_on_pages_of_their_own(loaded) -> None:
    markdown = render_markdown(loaded.model, LIBRARY.references, LIBRARY.algorithm, answers=True)
    pages = markdown.split(PAGE_BREAK)
    assert pages[-2].lstrip().startswith("## Answer key")
    assert pages[-1].lstrip().startswith("## References")
    assert all("Answer key" not in page for page in pages[:-2])
