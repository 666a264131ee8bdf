"""The case library: every case that loads, and every one that does not, with its errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from tutor.core.library.outcome import CaseSummary, Listing, matches
from tutor.core.play.modes import mode_text
from tutor.notice import DISCLAIMER
from tutor.ui import render
from tutor.ui.screens.library_rows import (
    case_line,
    case_prompt,
    due_prompt,
    empty_prompt,
    failed_prompt,
    hint_line,
    library_hint,
    more_prompt,
)
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.lists import KeyList
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.core.progress.standing import Standing
    from tutor.core.progress.store import AttemptSummary
    from tutor.ui.app import TutorApp

COMPACT_FROM = 100
"""From this many cases on, each is one line (title, tags, a mark) instead of three."""
PAGE = 300
"""Cases listed at once: more are a "show more" away, or a filter (/) away. The list's cost
then stays the same however large the library."""


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
        Binding(
            "h",
            "history",
            "History",
            tooltip="Past attempts at the highlighted case; open one to see its results again",
            id="library.history",
        ),
        Binding(
            "s",
            "statistics",
            "Stats",  # short: the footer must fit 80 columns
            tooltip="Your progress per case and per topic, with accuracy over time",
            id="library.statistics",
        ),
        Binding(
            "n",
            "start_over",
            "Start over",
            show=False,  # the case's "in progress" line says so, and the footer is full
            tooltip="Start the highlighted case afresh instead of carrying on (the unfinished "
            "attempt stays in the history)",
            id="library.start-over",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            show=False,
            tooltip="List only the cases whose title or tags hold the words you type",
            id="library.filter",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            tooltip="Clear the filter and list every case again",
            id="library.clear-filter",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._in_progress: dict[str, AttemptSummary] = {}
        self._due = 0
        self._standing: dict[str, Standing] = {}
        self._filter = ""
        self._limit = PAGE
        self._listed: dict[str, CaseSummary] = {}
        """The cases on the list now, by id (the highlighted one is among them)."""
        self._more_listed = False
        self._failed = 0
        self._drawn: Listing | None = None

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TopBar(Content.styled("Myositis tutor · case library", "bold"), id="topbar")
        yield Static(Content.styled(DISCLAIMER, "$text-warning"), id="notice")
        yield Static(id="store-notice")
        yield Input(placeholder="Filter by title or tag", id="filter")
        yield KeyList(id="cases", markup=False)
        yield Static(id="library-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.show_store_notice()
        self.show_library(self.tutor.library)
        self.show_mode()

    def show_store_notice(self) -> None:
        store = self.tutor.store
        notice = self.query_one("#store-notice", Static)
        if store is not None and store.notice:
            notice.update(render.line(("Progress: ", render.ERROR), store.notice))
            notice.display = True
        else:
            notice.display = False

    def on_screen_resume(self) -> None:
        if self._drawn is not self.tutor.library:
            self.show_library(self.tutor.library)  # it grew while a case was open
        else:
            self.show_progress()

    def show_library(self, library: Listing) -> None:
        self._drawn = library
        if self.tutor.checking is not None and self._only_counts_changed(library):
            return
        cases = self.query_one("#cases", KeyList)
        highlighted = cases.highlighted_option.id if cases.highlighted_option else None
        # A learner still on the first row has not chosen a place: the new first row (the due
        # drill, once the full library can count it) is theirs, not the case that was first.
        moved = bool(cases.highlighted)
        cases.clear_options()
        self._in_progress = self.tutor.progress()
        self._standing = self.tutor.standings()
        known = self.tutor.store is not None and self.tutor.openable_library is not None
        options: list[Option | None] = []
        count = library.count()
        if not count:
            options.append(Option(empty_prompt(self.tutor.loaded_library is None), disabled=True))
        self._due = self.tutor.due_count()
        if self._due:
            options.append(Option(due_prompt(self._due), id="drill:"))
        shown, page = self._shown(library)
        compact = self._compact(library)
        self._listed = {summary.id: summary for summary in page}
        for summary in page:
            progress = self._in_progress.get(summary.id)
            standing = self._standing.get(summary.id)
            prompt = (
                case_line(summary, progress, standing)
                if compact
                else case_prompt(summary, progress, standing, known=known)
            )
            options.append(Option(prompt, id=f"case:{summary.id}"))
        self._more_listed = shown > self._limit
        if self._more_listed:
            more = shown - self._limit
            options.append(Option(more_prompt(min(PAGE, more), more), id="more:"))
        elif self._filter and not shown:
            options.append(
                Option(Content.styled("No case matches the filter.", render.MUTED), disabled=True)
            )
        self._failed = len(library.failed)
        if library.failed:
            options.append(None)
            for index, failed in enumerate(library.failed):
                options.append(Option(failed_prompt(failed), id=f"failed:{index}"))
        cases.add_options(options)
        if count:
            # Keep the learner's place (the highlighted case, wherever it lands: a file checked
            # late may land above it), unless the due drill now heads the list and they had
            # not moved from the first row.
            ids = [o.id for o in options if o is not None]
            keep = moved or not self._due
            cases.highlighted = ids.index(highlighted) if keep and highlighted in ids else 0
        self._show_hint(library, shown, compact)
        self.refresh_bindings()

    def _show_hint(self, library: Listing, shown: int, compact: bool) -> None:
        checking = self.tutor.checking
        counts = (checking.checked, checking.total) if checking is not None else None
        filtered = shown if self._filter else None
        hint = library_hint(library.count(), filtered, len(library.failed), counts)
        self.query_one("#library-hint", Static).update(hint_line(hint, bool(self._filter), compact))

    def _only_counts_changed(self, library: Listing) -> bool:
        """While a first run checks the files, once a page is full only the counts under it
        change (the rows stay as they are): redraw just those, not every row."""
        shown, page = self._shown(library)
        if not (self._more_listed and shown > self._limit):
            return False
        if len(library.failed) != self._failed or [s.id for s in page] != list(self._listed):
            return False
        more = shown - self._limit
        self.query_one("#cases", KeyList).replace_option_prompt(
            "more:", more_prompt(min(PAGE, more), more)
        )
        self._show_hint(library, shown, compact=self._compact(library))
        return True

    def _compact(self, library: Listing) -> bool:
        """One line per case: in a large library, or one a first run is still checking."""
        checking = self.tutor.checking
        return (checking.total if checking is not None else library.count()) >= COMPACT_FROM

    def _shown(self, library: Listing) -> tuple[int, list[CaseSummary]]:
        """How many cases the filter lets through, and the ones listed (up to the limit).
        Unfiltered, a cached listing builds only the summaries it lists."""
        if not self._filter:
            return library.count(), library.first(self._limit)
        shown = [summary for summary in library.summaries if matches(summary, self._filter)]
        return len(shown), shown[: self._limit]

    def show_progress(self) -> None:
        """Mark the cases with an attempt in progress (after playing, only those that changed)."""
        if self.tutor.due_count() != self._due or self.tutor.standings() != self._standing:
            self.show_library(self.tutor.library)
            return
        progress = self.tutor.progress()
        if progress == self._in_progress:
            return
        if self._compact(self.tutor.library) or self._filter:
            self._in_progress = progress
            self.show_library(self.tutor.library)  # a page of rows: cheap to redraw
            return
        cases = self.query_one("#cases", KeyList)
        for summary in self.tutor.library.summaries:
            if progress.get(summary.id) != self._in_progress.get(summary.id):
                prompt = case_prompt(
                    summary,
                    progress.get(summary.id),
                    self._standing.get(summary.id),
                    known=self.tutor.store is not None,
                )
                cases.replace_option_prompt(f"case:{summary.id}", prompt)
        self._in_progress = progress
        self.refresh_bindings()

    def _highlighted_case(self) -> CaseSummary | None:
        option = self.query_one("#cases", KeyList).highlighted_option
        if option is None or option.id is None or not option.id.startswith("case:"):
            return None
        return self._listed.get(option.id.partition(":")[2])

    def show_mode(self) -> None:
        tutor = self.tutor
        mode = mode_text(tutor.mode, tutor.time_limit)
        self.query_one(TopBar).set_right(f"{mode} (m switches)")

    @on(KeyList.OptionSelected, "#cases")
    def _selected(self) -> None:
        self.action_open()

    @on(KeyList.OptionHighlighted, "#cases")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("history", "statistics"):
            return self.tutor.store is not None
        if action == "clear_filter":
            return self.query_one("#filter", Input).display if self.is_mounted else False
        if action == "start_over":
            case = self._highlighted_case() if self.is_mounted else None
            # None (not False): the key stays in the help, marked as not available now.
            return True if case is not None and case.id in self._in_progress else None
        return True

    def action_open(self) -> None:
        cases = self.query_one("#cases", KeyList)
        option = cases.highlighted_option
        if option is None or option.id is None:
            return
        kind, _, key = option.id.partition(":")
        library = self.tutor.library
        if kind == "drill":
            self.tutor.open_drill()
        elif kind == "more":
            at = cases.highlighted  # the rows above stay: the first new case takes its place
            self._limit += PAGE
            self.show_library(library)
            cases.highlighted = at
        elif kind == "case":
            full = self.tutor.openable_library
            if full is None:
                self.tutor.open_when_loaded(key)
                return
            loaded = full.find(key)
            if loaded is not None:
                self.tutor.open_case(loaded)
        else:
            failed = library.failed[int(key)]
            self.tutor.show_problems(failed.name, failed.diagnostics)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.query_one("#cases", KeyList).focus()
        self._set_filter("")
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._set_filter(event.value)

    def _set_filter(self, text: str) -> None:
        if text.strip() == self._filter:
            return
        self._filter, self._limit = text.strip(), PAGE
        self.show_library(self.tutor.library)
        cases = self.query_one("#cases", KeyList)
        ids = [option.id or "" for option in cases.options]
        first = next((i for i, key in enumerate(ids) if key.startswith("case:")), None)
        cases.highlighted = first

    def action_toggle_mode(self) -> None:
        self.tutor.toggle_mode()
        self.show_mode()

    def action_algorithm(self) -> None:
        self.tutor.show_algorithm(None)

    def action_history(self) -> None:
        case = self._highlighted_case()
        if case is None:
            self.tutor.show_history(None, "all cases")
        else:
            self.tutor.show_history(case.id, case.title)

    def action_statistics(self) -> None:
        self.tutor.show_statistics()

    def action_start_over(self) -> None:
        case = self._highlighted_case()
        if case is None or case.id not in self._in_progress:
            return

        def answered(yes: bool | None) -> None:
            full = self.tutor.loaded_library
            loaded = full.find(case.id) if (yes and full is not None) else None
            if loaded is not None:
                self.tutor.open_case(loaded, fresh=True)

        from tutor.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                f"Start '{case.title}' again from the beginning? Your unfinished attempt stays "
                "in the history, but can no longer be carried on.",
                "Start over",
                "Cancel",
                n_key=False,  # n opened this question: a second n must not answer it
            ),
            answered,
        )
