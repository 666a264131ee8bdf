"""The case library: every case that loads, and every one that does not, with its errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets.option_list import Option

from tutor.core.describe import DISCLAIMER
from tutor.core.library import FailedCase, Library
from tutor.core.outcome import CaseSummary
from tutor.ui import render
from tutor.ui.widgets.lists import KeyList
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

SHOWN_DIAGNOSTICS = 2


def case_prompt(case: CaseSummary) -> Content:
    tags = " · ".join(case.tags)
    return render.lines(
        [
            render.line((case.title, "bold")),
            render.line("  ", case.summary),
            render.line(
                "  ",
                (tags, "$text-accent"),
                (f"   {case.difficulty} · about {case.minutes} min", render.MUTED),
            ),
        ]
    )


def failed_prompt(failed: FailedCase) -> Content:
    rows = [render.line(("⚠ Cannot be played: ", render.ERROR), (failed.name, "bold"))]
    for diagnostic in failed.diagnostics[:SHOWN_DIAGNOSTICS]:
        rows.append(render.line("  ", str(diagnostic)))
    hidden = len(failed.diagnostics) - SHOWN_DIAGNOSTICS
    if hidden > 0:
        rows.append(Content.styled(f"  ... and {hidden} more (Enter shows all)", render.MUTED))
    return render.lines(rows)


class LibraryScreen(Screen[None]):
    AUTO_FOCUS = "#cases"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            key_display="↵",
            priority=True,
            tooltip="Open the highlighted case (or see why it cannot be played)",
            id="library.open",
        ),
        Binding(
            "m",
            "toggle_mode",
            "Mode",
            tooltip="Switch the next case between practice (feedback each step) and exam mode",
            id="library.mode",
        ),
        Binding(
            "a",
            "algorithm",
            "Algorithm",
            tooltip="Browse the treatment algorithm the cases are keyed to",
            id="library.algorithm",
        ),
    ]

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TopBar(Content.styled("Myositis tutor · case library", "bold"), id="topbar")
        yield Static(Content.styled(DISCLAIMER, "$text-warning"), id="notice")
        yield KeyList(id="cases", markup=False)
        yield Static(id="library-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.show_library(self.tutor.library)
        self.show_mode()

    def show_library(self, library: Library) -> None:
        cases = self.query_one("#cases", KeyList)
        cases.clear_options()
        options: list[Option | None] = []
        if not library.summaries:
            options.append(
                Option(Content.styled("No cases could be loaded.", render.ERROR), disabled=True)
            )
        for summary in library.summaries:
            options.append(Option(case_prompt(summary), id=f"case:{summary.id}"))
        if library.failed:
            options.append(None)
            for index, failed in enumerate(library.failed):
                options.append(Option(failed_prompt(failed), id=f"failed:{index}"))
        cases.add_options(options)
        if library.summaries:
            cases.highlighted = 0
        count = len(library.summaries)
        hint = f"{count} case{'s' if count != 1 else ''}"
        if library.failed:
            hint += f", {len(library.failed)} that could not be loaded"
        self.query_one("#library-hint", Static).update(
            Content.styled(hint + ". Enter opens; arrows or j/k move.", render.MUTED)
        )

    def show_mode(self) -> None:
        tutor = self.tutor
        mode = "Exam mode" if tutor.mode == "exam" else "Practice mode"
        if tutor.mode == "exam" and tutor.time_limit:
            mode += f", {tutor.time_limit:g} min"
        self.query_one(TopBar).set_right(f"{mode} (m switches)")

    @on(KeyList.OptionSelected, "#cases")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        cases = self.query_one("#cases", KeyList)
        option = cases.highlighted_option
        if option is None or option.id is None:
            return
        kind, _, key = option.id.partition(":")
        library = self.tutor.library
        if kind == "case":
            loaded = library.find(key)
            if loaded is not None:
                self.tutor.open_case(loaded)
        else:
            failed = library.failed[int(key)]
            self.tutor.show_problems(failed.name, failed.diagnostics)

    def action_toggle_mode(self) -> None:
        self.tutor.toggle_mode()
        self.show_mode()

    def action_algorithm(self) -> None:
        self.tutor.show_algorithm(None)
