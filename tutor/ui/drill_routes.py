"""The app's routes to the review drill: how many decisions are due, and playing them.

Mixed into TutorApp next to ProgressRoutes. The drill is a quiz over the due review cards,
played in practice mode (feedback after each answer); every answer reschedules its card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.ui.attempt import Attempt

if TYPE_CHECKING:
    from textual.app import App

    from tutor.core.cases.model import Case
    from tutor.core.library.library import Library
    from tutor.core.progress.review import ReviewDeck
    from tutor.core.progress.standing import Standing, Standings
    from tutor.core.progress.store import Store

    _AppBase = App[int]
else:
    _AppBase = object


class DrillRoutes(_AppBase):
    """Mixed into TutorApp, which provides `store`, `loaded_library` and `_play`."""

    store: Store | None
    deck: ReviewDeck | None = None
    """Set by tests to inject a scheduler or a clock; made from the store otherwise."""
    _standings: Standings | None = None

    if TYPE_CHECKING:  # provided by TutorApp

        @property
        def loaded_library(self) -> Library | None: ...

        def _play(self, attempt: Attempt) -> None: ...

    def review_deck(self) -> ReviewDeck | None:
        if self.store is None:
            return None
        if self.deck is None or self.deck.store is not self.store:
            from tutor.core.progress.review import ReviewDeck

            self.deck = ReviewDeck(self.store)
        return self.deck

    def toggle_flag(self, case_id: str, step_id: str) -> bool | None:
        """Flag the decision for `tutor drill --flagged` (or unflag it); returns whether it is
        flagged now, or None when progress is not kept."""
        deck = self.review_deck()
        if deck is None:
            self.notify("Progress is not being kept in this session.", severity="warning")
            return None
        from tutor.core.progress.store import StoreError

        try:
            flagged = deck.flag(case_id, step_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return None
        self.notify(
            "Flagged for review (tutor drill --flagged); f again removes the flag."
            if flagged
            else "Flag removed.",
            timeout=3,
        )
        return flagged

    def standings(self) -> dict[str, Standing]:
        """Per case id, best and last score of its finished attempts (empty without a store)."""
        if self.store is None:
            return {}
        from tutor.core.progress.standing import Standings
        from tutor.core.progress.store import StoreError

        if self._standings is None or self._standings.store is not self.store:
            self._standings = Standings(self.store)
        try:
            return self._standings()
        except StoreError:
            return {}

    def due_count(self) -> int:
        """Decisions due for review now (0 without a store, or if it cannot be read)."""
        deck = self.review_deck()
        if deck is None or self.loaded_library is None:
            return 0
        from tutor.core.progress.store import StoreError

        try:
            deck.sync()
            return deck.due_count()
        except StoreError:
            return 0

    def _library_cases(self) -> dict[str, Case]:
        library = self.loaded_library
        assert library is not None
        cases = {}
        for summary in library.summaries:
            loaded = library.find(summary.id)
            if loaded is not None:
                cases[summary.id] = loaded.model
        return cases

    def open_drill(self, *, flagged: bool = False) -> None:
        """Play the decisions due for review (or the flagged ones)."""
        deck = self.review_deck()
        library = self.loaded_library
        if deck is None or library is None:
            self.notify("Progress is not being kept in this session.", severity="warning")
            return
        from tutor.core.play.drill import DrillSession, build_items, select_cards, when_text
        from tutor.core.progress.store import StoreError

        cases = self._library_cases()
        try:
            cards = select_cards(deck, cases, flagged=flagged)
            items = build_items(deck, cards, cases, library.algorithm)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if not items:
            upcoming = deck.next_due()
            message = (
                "Nothing is due for review."
                if upcoming is None
                else f"Nothing is due for review; the next decision is due "
                f"{when_text(upcoming, deck.clock())}."
            )
            self.notify(message, timeout=5)
            return
        session = DrillSession(items, deck, library.algorithm)
        self._play(Attempt(None, session, library.references, library.algorithm, mode="practice"))
