"""Between the progress store and the screens: what to show of attempts and statistics.

No Textual here, and nothing is scored or decided: which attempt opens is decided by
`tutor.core.play.attempts.open_attempt`; this module only phrases outcomes for the learner.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.cases.vocabulary import Stage, Tag
from tutor.core.play.wording import format_points, percent_text, plural  # noqa: F401

if TYPE_CHECKING:
    from tutor.core.library.outcome import Listing
    from tutor.core.play.attempts import Opened
    from tutor.core.progress.history import Cursor
    from tutor.core.progress.review import DayReviews, ReviewDeck
    from tutor.core.progress.stats import ScoreStats
    from tutor.core.progress.store import AttemptSummary, Store


@dataclass(frozen=True)
class Told:
    """What the app tells the learner about the attempt it opened."""

    message: str
    warning: bool = False


def told(opened: Opened) -> Told | None:
    """The app's phrasing of `tutor.core.play.attempts.open_attempt`'s outcome, if any."""
    if opened.problem is not None:
        return Told(opened.problem, warning=True)
    if opened.carried_on is not None:
        count = len(opened.session.results)
        return Told(
            f"Carrying on where you left off ({opened.mode} mode): "
            f"{plural(count, 'decision')} already answered."
        )
    if opened.set_aside is not None:
        return Told(
            f"Starting afresh: your earlier attempt ({set_aside_line(opened.set_aside)}) "
            "is kept in your history."
        )
    if opened.open_elsewhere is not None:
        return Told(
            "This case is open in another tutor, so this is a new attempt; the other one "
            f"({set_aside_line(opened.open_elsewhere)}) carries on there."
        )
    return None


def set_aside_line(summary: AttemptSummary) -> str:
    return f"{plural(summary.answered, 'decision')} answered, {local_time(summary.started_at)}"


# --------------------------------------------------------------------------- phrasing


def local_time(moment: datetime.datetime) -> str:
    """A stored (UTC) moment in the learner's local time, to the minute."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def attempt_state(summary: AttemptSummary) -> str:
    if summary.finished:
        return "finished"
    if summary.timed_out:
        return f"time ran out after {plural(summary.answered, 'decision')}"
    if summary.abandoned:
        return f"stopped after {plural(summary.answered, 'decision')}"
    return f"in progress, {plural(summary.answered, 'decision')} answered"


def attempt_score(summary: AttemptSummary) -> str:
    """'Score 5 of 6 points (83%)', or '... so far' for an attempt that did not finish."""
    if summary.finished:
        return (
            f"Score {format_points(summary.points)} of {format_points(summary.max_points)} "
            f"points ({summary.percent:.0f}%)"
        )
    # Same wording as the results of the same attempt: the base is the decisions answered.
    return (
        f"Score {format_points(summary.points)} of the {format_points(summary.max_points)} "
        f"points of the decisions answered so far ({summary.percent:.0f}%)"
    )


def safety_tally(harmful: int) -> str:
    if harmful == 0:
        return "no harmful choices"
    return plural(harmful, "harmful choice")


def in_progress_line(summary: AttemptSummary) -> str:
    return f"{plural(summary.answered, 'decision')} answered ({summary.mode})"


@dataclass(frozen=True)
class HistoryView:
    attempts: list[AttemptSummary]
    """The attempts listed so far (a page or more), newest first, leaving out those opened and
    left without an answer."""
    left: int
    """Attempts after those, not listed yet."""
    after: Cursor | None
    """Where the next page starts."""
    flags: list[tuple[str, str]]
    """Flagged decisions, (case id, step id), of every case."""

    @property
    def total(self) -> int:
        return len(self.attempts) + self.left


def history_view(
    store: Store,
    case_id: str | None = None,
    deck: ReviewDeck | None = None,
    *,
    limit: int,
    more: HistoryView | None = None,
) -> HistoryView:
    """What the history shows: the newest `limit` attempts, or with `more`, its attempts and
    the `limit` after them. Raises StoreError when the store cannot be read."""
    from tutor.core.progress.history import history_page
    from tutor.core.progress.store import StoreError

    flags = []
    if deck is not None:
        with contextlib.suppress(StoreError):  # the attempts matter; the flags are a hint
            flags = deck.flags()
    listed, after = (more.attempts, more.after) if more is not None else ([], None)
    page = history_page(store, case_id, limit=limit, after=after)
    return HistoryView([*listed, *page.attempts], page.left, page.after, flags)


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class StatsRow:
    key: str
    label: str
    stats: ScoreStats


@dataclass(frozen=True)
class ReviewFigures:
    """Review cards: how many are due, how many in all, drill reviews per day."""

    due: int
    cards: int
    days: list[DayReviews]


@dataclass(frozen=True)
class StatsView:
    cases: list[StatsRow]
    topics: list[StatsRow]
    review: ReviewFigures | None = None

    @property
    def empty(self) -> bool:
        return not self.cases


def topic_label(name: str) -> str:
    """'first_line' -> 'first line'; tags (PM, ILD ...) stay as written."""
    return Stage(name).label if name in Stage.__members__ else name


def _topic_order(name: str) -> tuple[int, int, str]:
    tags, stages = list(Tag.__members__), list(Stage.__members__)
    if name in tags:
        return (0, tags.index(name), name)
    if name in stages:
        return (1, stages.index(name), name)
    return (2, 0, name)


def library_topics(library: Listing) -> dict[tuple[str, str], tuple[str, ...]]:
    """(case id, step id) -> topics, from the listing (the library cache holds them)."""
    return {
        (summary.id, step_id): names
        for summary in library.summaries
        for step_id, names in summary.topics
    }


def review_figures(deck: ReviewDeck | None) -> ReviewFigures | None:
    """None without a deck, without cards, or when the store cannot be read."""
    if deck is None:
        return None
    from tutor.core.progress.store import StoreError

    try:
        deck.sync()
        cards, due = deck.card_count(), deck.due_count()
        days = deck.reviews_per_day()[-7:]
    except StoreError:
        return None
    return ReviewFigures(due, cards, days) if cards else None


def statistics_view(store: Store, library: Listing, deck: ReviewDeck | None = None) -> StatsView:
    """Per case (by title) and per topic (tags first, then algorithm stages), and the review
    cards. Raises StoreError when the store cannot be read."""
    statistics = store.statistics(library_topics(library))
    titles = store.case_titles()
    titles.update({summary.id: summary.title for summary in library.summaries})
    cases = [
        StatsRow(case_id, titles.get(case_id, case_id), score)
        for case_id, score in statistics.cases.items()
    ]
    cases.sort(key=lambda row: row.label.lower())
    topics = [
        StatsRow(name, topic_label(name), statistics.topics[name])
        for name in sorted(statistics.topics, key=_topic_order)
    ]
    return StatsView(cases, topics, review_figures(deck))
