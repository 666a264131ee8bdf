"""A large library (issue 17): one line per case, a page at a time, and a filter (/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from ui_helpers import SIZE, screen_text

from tutor.core.library.library import load_library
from tutor.core.library.outcome import CaseSummary, matches
from tutor.ui.app import make_app
from tutor.ui.screens.library import PAGE
from tutor.ui.screens.player import PlayerScreen

COUNT = PAGE + 5


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    for number in range(COUNT):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: case-{number:03d}")
        text = text.replace("title: A small polymyositis case", f"title: Case number {number:03d}")
        if number == 7:
            text = text.replace("tags: [PM]", "tags: [PM, ILD]")
        (folder / f"case-{number:03d}.yaml").write_text(text)
    return folder


def test_the_filter_matches_every_word_in_the_title_or_tags() -> None:
    summary = CaseSummary(
        Path("x.yaml"), "x", "Refractory Polymyositis", "", ("PM", "ILD"), "", 5, "PM", 1, 3
    )
    assert matches(summary, "")
    assert matches(summary, "polymyositis ild")
    assert matches(summary, "REFRACT")
    assert not matches(summary, "polymyositis DM")


async def test_a_large_library_lists_one_line_per_case_a_page_at_a_time(large: Path) -> None:
    library = load_library([large])
    app = make_app(library, paths=[large], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cases = app.screen.query_one("#cases")
        assert cases.option_count == PAGE + 1  # a page of cases, then "Show 5 more"
        text = screen_text(app.screen)
        assert "Case number 000  PM" in text and "Work-up, then first line" not in text
        assert f"{COUNT} cases. Enter opens; / filters by title or tag." in text
        cases.highlighted = PAGE
        assert cases.highlighted_option.id == "more:"
        await pilot.press("enter")
        await pilot.pause()
        assert cases.option_count == COUNT
        assert cases.highlighted_option.id == f"case:case-{PAGE:03d}"  # the first case added


async def test_slash_filters_by_title_or_tag_and_esc_clears_it(large: Path) -> None:
    library = load_library([large])
    app = make_app(library, paths=[large], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"number 30")
        await pilot.pause()
        cases = app.screen.query_one("#cases")
        ids = [option.id for option in cases.options]
        wanted = [n for n in range(COUNT) if "30" in f"{n:03d}"]  # 030, 130, 230, 300 ...
        assert ids == [f"case:case-{n:03d}" for n in wanted] and len(wanted) == 8
        assert f"8 of {COUNT} cases match. Enter opens; Esc clears the filter." in screen_text(
            app.screen
        )
        await pilot.press("escape")
        await pilot.pause()
        assert cases.option_count == PAGE + 1 and cases.has_focus
        await pilot.press("slash", *"ild")  # a tag
        await pilot.pause()
        assert [option.id for option in cases.options] == ["case:case-007"]
        await pilot.press("backspace", "backspace", "backspace", *"no such case")
        await pilot.pause()
        assert "No case matches the filter." in screen_text(app.screen)
        await pilot.press("escape", "slash", *"007", "enter")  # Enter opens the first match
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.attempt is not None and app.attempt.loaded.model.id == "case-007"


async def test_a_warm_start_shows_the_cached_listing_as_the_full_library_would(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the full library has loaded, the listing from the index lists its first page,
    counts every case and filters across all of them, as the full library does after."""
    from tutor.core.library.library_cache import cached_listing
    from tutor.ui.app import TutorApp
    from tutor.ui.app_options import AppOptions
    from tutor.ui.loader import LibraryLoader

    load_library([large], keep_models=False, use_cache=True)  # an earlier run: cache and index
    listing = cached_listing([large])
    assert listing is not None and listing.indexed
    monkeypatch.setattr(LibraryLoader, "start", lambda *args: None)  # the full load waits
    app = TutorApp(listing, AppOptions(paths=[large], seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.loaded_library is None
        cases = app.screen.query_one("#cases")
        assert cases.option_count == PAGE + 1
        assert [o.id for o in cases.options][:2] == ["case:case-000", "case:case-001"]
        text = screen_text(app.screen)
        assert "Case number 000  PM" in text
        assert f"{COUNT} cases. Enter opens; / filters by title or tag." in text
        await pilot.press("slash", *"number 30")
        await pilot.pause()
        wanted = [n for n in range(COUNT) if "30" in f"{n:03d}"]
        assert [o.id for o in cases.options] == [f"case:case-{n:03d}" for n in wanted]
        await pilot.press("escape")
        await pilot.pause()
        cases.highlighted = PAGE
        await pilot.press("enter")  # "Show 5 more", from the listing alone
        await pilot.pause()
        assert cases.option_count == COUNT
