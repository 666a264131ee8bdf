"""The app's routes to progress: the cases in progress, the history, a past attempt's results,
the statistics. Each reads the store, and tells the learner, never crashes, when it cannot."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from tutor.core.play.modes import mode_of
from tutor.ui.attempt import Attempt

if TYPE_CHECKING:
    from textual.app import App

    from tutor.core.library.library import Library
    from tutor.core.library.outcome import Listing
    from tutor.core.play.open_time import OpenTimeKeeper
    from tutor.core.progress.review import ReviewDeck
    from tutor.core.progress.store import AttemptSummary, Store

    _AppBase = App[int]
else:
    _AppBase = object

NOT_KEPT = "Progress is not being kept in this session."


class ProgressRoutes(_AppBase):
    """Mixed into TutorApp, which provides `store` and `library`."""

    store: Store | None
    library: Listing
    attempt: Attempt | None
    open_time: OpenTimeKeeper | None = None

    if TYPE_CHECKING:  # provided by TutorApp

        @property
        def loaded_library(self) -> Library | None: ...

        def review_deck(self) -> ReviewDeck | None: ...

    def full_library(self) -> Library:
        # History and statistics need the store, which opens only once the library has loaded.
        library = self.loaded_library
        assert library is not None, "the library has not finished loading"
        return library

    def progress(self) -> dict[str, AttemptSummary]:
        """Per case id, the attempt in progress (none without a store or if it cannot be read)."""
        if self.store is None:
            return {}
        from tutor.core.progress.store import StoreError

        try:
            return self.store.in_progress()
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return {}

    def show_history(self, case_id: str | None, title: str) -> None:
        """Past attempts at one case (or at every case, when `case_id` is None)."""
        from tutor.ui.progress import HistoryView, history_view
        from tutor.ui.screens.history import HistoryScreen
        from tutor.ui.widgets.lists import PAGE

        store = self.store
        if store is None:
            self.notify(NOT_KEPT, severity="warning")
            return
        deck = self.review_deck()

        def load(more: HistoryView | None) -> HistoryView:
            return history_view(store, case_id, deck, limit=PAGE, more=more)

        self.push_screen(HistoryScreen(load, title, all_cases=case_id is None))

    def show_review(self, summary: AttemptSummary) -> None:
        """A past attempt's results screen, rebuilt from its recorded answers (read-only)."""
        from tutor.core.play.attempts import CaseChanged, review_session
        from tutor.core.progress.store import StoreError

        assert self.store is not None
        loaded = self.full_library().find(summary.case_id)
        if loaded is None:
            self.notify(
                f"'{summary.case_title}' is no longer in the library, so this attempt cannot be "
                "shown.",
                severity="warning",
                markup=False,
            )
            return
        try:
            session = review_session(
                self.store, summary.id, loaded.model, self.full_library().algorithm
            )
        except (CaseChanged, StoreError) as problem:
            self.notify(str(problem), severity="warning", timeout=10, markup=False)
            return
        attempt = Attempt(
            loaded,
            session,
            self.full_library().references,
            self.full_library().algorithm,
            mode=mode_of(summary.mode),
            attempt_id=summary.id,
            timed_out=summary.timed_out,
        )
        from tutor.ui.screens.results import ResultsScreen

        self.push_screen(ResultsScreen(attempt, review=summary))

    def show_statistics(self) -> None:
        from tutor.ui.progress import statistics_view
        from tutor.ui.screens.statistics import StatisticsScreen

        store = self.store
        if store is None:
            self.notify(NOT_KEPT, severity="warning")
            return
        library, deck = self.full_library(), self.review_deck()
        self.push_screen(StatisticsScreen(lambda: statistics_view(store, library, deck)))

    def end_recorded(self, attempt: Attempt) -> None:
        """Time ran out: the attempt is over and no longer offered for resuming (its answers
        stay in the history; statistics score finished attempts only)."""
        if self.store is None or attempt.attempt_id is None:
            return
        from tutor.core.play.attempts import TERMINATED
        from tutor.core.progress.store import StoreError

        try:
            self.store.time_out_attempt(attempt.attempt_id, TERMINATED)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)

    def record_time_away(self) -> None:
        """Stepping away from a recorded attempt mid-decision keeps the time that decision has
        taken, so a resumed exam's clock counts it too (see `open_case`)."""
        attempt = self.attempt
        if attempt is None or attempt.over or attempt.attempt_id is None or self.store is None:
            return  # nothing recorded (a quiz is never recorded)
        from tutor.core.play.session import Session
        from tutor.core.progress.store import StoreError

        assert isinstance(attempt.session, Session)

        with contextlib.suppress(StoreError):  # the answers are safe; this is a few seconds
            self.store.record_unanswered_time(
                attempt.attempt_id, attempt.session.seconds_on_current
            )

    def keep_open_time(self, attempt: Attempt) -> None:
        """Each second of a recorded timed exam: the open decision's time is written every few
        seconds (`OpenTimeKeeper`), so a killed terminal gives no time back on resume."""
        if self.store is None or attempt.attempt_id is None or attempt.quiz:
            return
        from tutor.core.play.open_time import OpenTimeKeeper
        from tutor.core.play.session import Session
        from tutor.core.progress.store import StoreError

        assert isinstance(attempt.session, Session)
        keeper = self.open_time
        if keeper is None or keeper.session is not attempt.session:
            keeper = self.open_time = OpenTimeKeeper(
                self.store, attempt.attempt_id, attempt.session
            )
        with contextlib.suppress(StoreError):  # the answers are safe; this is a few seconds
            keeper.tick()
