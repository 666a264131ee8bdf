"""Hostile input on screen: a file of thousands of mistakes is one bounded widget."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CASE
from textual.widgets import Static
from ui_helpers import SIZE

from tutor.core.cases.diagnostics import MAX_DIAGNOSTICS, Diagnostic
from tutor.ui.app import make_app
from tutor.ui.screens.problems import ProblemsScreen


async def test_problems_screen_is_one_bounded_widget(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    many = [Diagnostic("x.yaml", "expected text", n, 1, f"objectives[{n}]") for n in range(5000)]
    app = make_app(paths=[tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ProblemsScreen("x.yaml", many))
        await pilot.pause()
        listing = list(app.screen.query(".diagnostic"))
        assert len(listing) == 1 and isinstance(listing[0], Static)
        shown = str(listing[0].visual)
        assert shown.count("expected text") == MAX_DIAGNOSTICS
        assert f"and {5000 - MAX_DIAGNOSTICS:,} more problem(s)" in shown
