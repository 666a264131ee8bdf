"""Between the progress store and the screens: which session to open, and what to show of it.

No Textual here, and nothing is scored: the store and the session core decide, this module only
picks the calls (resume or start, review) and phrases their outcome for the learner.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.describe import format_points
from tutor.core.session import Session
from tutor.core.vocabulary import Stage, Tag

if TYPE_CHECKING:
    from tutor.core.algorithm import Algorithm
    from tutor.core.library import Library
    from tutor.core.model import Case
    from tutor.core.stats import ScoreStats
    from tutor.core.store import AttemptSummary, Store


@dataclass(frozen=True)
class Opened:
    """A session to play, and what the learner should be told about it."""

    session: Session
    mode: str
    attempt_id: int | None
    """The attempt in the store that records it; None when answers are not being saved."""
    resumed: bool = False
    message: str | None = None
    warning: bool = False
    seconds_spent: float = 0.0
    """Time already spent in earlier sittings (a resumed exam's clock counts it)."""


def attempt_id_of(session: Session) -> int | None:
    return getattr(session.log, "attempt_id", None)


def open_session(
    store: Store,
    case: Case,
    algorithm: Algorithm | None,
    mode: str,
    seed: int | None,
    *,
    fresh: bool = False,
) -> Opened:
    """Carry on with the case's attempt in progress (in the mode it was started in), or - with
    `fresh`, or when there is none - start a new recorded attempt. Never raises for the store:
    when it fails, the case still opens, unsaved, with a message saying so."""
    from tutor.core.store import CaseChanged, StoreError, resume_session, start_logged_session

    try:
        unfinished = store.in_progress().get(case.id)
        if unfinished is not None and not fresh:
            try:
                session = resume_session(store, unfinished.id, case, algorithm)
            except CaseChanged as changed:
                assert changed.session is not None
                fresh_session = changed.session
                return Opened(
                    fresh_session,
                    unfinished.mode,
                    attempt_id_of(fresh_session),
                    message=str(changed),
                    warning=True,
                )
            count = len(session.results)
            return Opened(
                session,
                unfinished.mode,
                unfinished.id,
                resumed=True,
                seconds_spent=unfinished.seconds,
                message=(
                    f"Carrying on where you left off ({unfinished.mode} mode): "
                    f"{count} decision{'s' if count != 1 else ''} already answered."
                ),
            )
        if unfinished is not None:
            store.abandon_attempt(unfinished.id)
        session = start_logged_session(store, case, algorithm, mode, seed)
        return Opened(session, mode, attempt_id_of(session))
    except StoreError as error:
        return Opened(
            Session(case, algorithm, seed=seed),
            mode,
            None,
            message=f"{error} Your answers to this case will not be kept.",
            warning=True,
        )


# --------------------------------------------------------------------------- phrasing


def local_time(moment: datetime.datetime) -> str:
    """A stored (UTC) moment in the learner's local time, to the minute."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def percent_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def attempt_state(summary: AttemptSummary) -> str:
    if summary.finished:
        return "finished"
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


def history(store: Store, case_id: str | None = None) -> list[AttemptSummary]:
    """Past attempts, newest first, leaving out those opened and left without an answer."""
    return [summary for summary in store.attempts(case_id) if summary.answered]


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class StatsRow:
    key: str
    label: str
    stats: ScoreStats


@dataclass(frozen=True)
class StatsView:
    cases: list[StatsRow]
    topics: list[StatsRow]

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


def topics_lookup(library: Library) -> Callable[[str, str], Iterable[str]]:
    """Topics of (case id, step id), reading each case at most once and only when asked."""
    from tutor.core.stats import topics_of

    known: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}

    def lookup(case_id: str, step_id: str) -> Iterable[str]:
        if case_id not in known:
            loaded = library.find(case_id)
            known[case_id] = (
                topics_of([loaded.model], library.algorithm) if loaded is not None else {}
            )
        return known[case_id].get((case_id, step_id), ())

    return lookup


def statistics_view(store: Store, library: Library) -> StatsView:
    """Per case (by title) and per topic (tags first, then algorithm stages)."""
    statistics = store.statistics(topics_lookup(library))
    titles = {summary.id: summary.title for summary in library.summaries}
    for summary in store.attempts():
        titles.setdefault(summary.case_id, summary.case_title)
    cases = [
        StatsRow(case_id, titles.get(case_id, case_id), score)
        for case_id, score in statistics.cases.items()
    ]
    cases.sort(key=lambda row: row.label.lower())
    topics = [
        StatsRow(name, topic_label(name), statistics.topics[name])
        for name in sorted(statistics.topics, key=_topic_order)
    ]
    return StatsView(cases, topics)
