"""Attempts: start, resume and review an attempt recorded in the progress store, and the one
policy that decides which of them a front end gets.

Both front ends (the app and line mode) call `open_attempt`; they only phrase its outcome. The
policy:

- an attempt in progress at the case is carried on, in the mode it was started in, wherever it
  was started (the app or line mode) - unless the learner asks to start afresh;
- starting afresh sets the attempt in progress aside (marked abandoned; its answers stay in the
  history), and `Opened.set_aside` says so, so that a front end never drops answers silently;
- an attempt that no longer fits its revised case file starts again, and `Opened.problem` says
  why;
- one running tutor owns an attempt (`tutor.core.progress.leases`): an attempt in progress that
  another running tutor has open is left to it, and this one starts a new attempt, with
  `Opened.open_elsewhere` saying so;
- a progress file that fails still lets the case open, unsaved, and `Opened.problem` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.scoring_types import StepResult
from tutor.core.cases.model import Case
from tutor.core.play.modes import is_exam
from tutor.core.play.session import Session, SessionFinished
from tutor.core.progress import leases
from tutor.core.progress.certainty import unmarked_level
from tutor.core.progress.store import Store, StoreError
from tutor.core.progress.store_records import AttemptSummary
from tutor.core.records import xapi


class CaseChanged(Exception):
    """A recorded attempt no longer fits its case file (revised, steps renamed or re-keyed).

    `str(error)` is a message for the learner. From `resume_session`, `session` is a fresh,
    logged attempt at the current case and the old attempt is marked abandoned (its answers
    stay in the history); from `review_session`, `session` is None.
    """

    def __init__(self, message: str, session: Session | None, old_attempt_id: int) -> None:
        super().__init__(message)
        self.session = session
        self.old_attempt_id = old_attempt_id


class StoreLog:
    """The session's AttemptLog: writes each answer to the store as it is submitted, with its
    xAPI statements queued in the outbox in the same transaction."""

    def __init__(self, store: Store, attempt_id: int) -> None:
        self.store = store
        self.attempt_id = attempt_id

    def answered(self, session: Session, result: StepResult, seconds: float) -> None:
        statements = xapi.answer_statements(session.case, unmarked_level(self.store))
        self.store.record_answer(
            self.attempt_id, result, seconds, statements, explored=session.exploring
        )

    def finished(self, session: Session) -> None:
        self.store.finish_attempt(self.attempt_id, xapi.end_statements("completed"))
        leases.release(self.store.path, self.attempt_id)


TERMINATED = xapi.end_statements("terminated")
"""What `Store.abandon_attempt` queues when the learner leaves an attempt for good."""


def _case_of(case: Any) -> Case:
    """Accept a Case or a loaded case (anything with the Case as `.model`)."""
    return case if isinstance(case, Case) else case.model


def start_logged_session(
    store: Store,
    case: Case,
    algorithm: Algorithm | None,
    mode: str,
    seed: int | None = None,
) -> Session:
    """A new attempt, recorded from the first answer on."""
    case = _case_of(case)
    session = Session(case, algorithm, seed=seed, exam=is_exam(mode))
    attempt_id = store.start_attempt(case.id, case.version, case.title, mode, session.seed)
    session.log = StoreLog(store, attempt_id)
    return session


def _replayed(
    store: Store, summary: AttemptSummary, case: Case, algorithm: Algorithm | None
) -> tuple[Session, str | None]:
    """The attempt rebuilt from its answers, or the reason it cannot be."""
    if summary.case_id != case.id:
        raise ValueError(f"attempt {summary.id} is of case '{summary.case_id}', not '{case.id}'")
    session = Session(case, algorithm, seed=summary.seed, exam=is_exam(summary.mode))
    recorded = store.answers(summary.id)
    try:
        session.replay(row.response for row in recorded)
    except (KeyError, ValueError, SessionFinished):
        return session, "a step you answered was changed or removed"
    for row, result in zip(recorded, session.counted + session.explored, strict=True):
        if (row.verdict, row.points, row.max_points) != (
            result.verdict,
            result.points,
            result.max_points,
        ):
            return session, f"the answer key of step '{row.step_id}' was changed"
    return session, None


def resume_session(
    store: Store, attempt_id: int, case: Case, algorithm: Algorithm | None
) -> Session:
    """Continue an attempt at the next unanswered step; new answers go to the same attempt.

    Raises CaseChanged (with a fresh logged session in `.session`) when the case file was
    revised since, or the recorded answers no longer replay to the same results.
    """
    case = _case_of(case)
    summary = store.attempt(attempt_id)
    session, problem = _replayed(store, summary, case, algorithm)
    if problem is None and summary.case_version != case.version:
        problem = f"the case was revised (version {summary.case_version} to {case.version})"
    if problem is not None:
        if not summary.finished:
            store.abandon_attempt(attempt_id, TERMINATED)
        fresh = start_logged_session(store, case, algorithm, summary.mode)
        message = (
            f"Your earlier answers to '{case.title}' could not be resumed because {problem}. "
            "They are kept in your history; the case starts again."
        )
        raise CaseChanged(message, fresh, attempt_id)
    session.log = StoreLog(store, attempt_id)
    if session.finished and not summary.finished:
        # killed between the last answer and its end
        store.finish_attempt(attempt_id, xapi.end_statements("completed"))
    return session


def review_session(
    store: Store, attempt_id: int, case: Case, algorithm: Algorithm | None
) -> Session:
    """A past attempt rebuilt for its results screen; nothing more is recorded.

    Raises CaseChanged (`.session` None) when its answers no longer replay to the recorded
    results; `Store.answers` still has what was chosen and how it was scored then.
    """
    case = _case_of(case)
    session, problem = _replayed(store, store.attempt(attempt_id), case, algorithm)
    if problem is not None:
        raise CaseChanged(
            f"This attempt cannot be shown step by step because {problem}.", None, attempt_id
        )
    return session


# --------------------------------------------------------------------------- the one policy


@dataclass(frozen=True)
class Opened:
    """The attempt a front end should play, and what happened to get it (for it to phrase)."""

    session: Session
    mode: str
    attempt_id: int | None
    """The attempt in the store that records it; None when answers are not being saved."""
    carried_on: AttemptSummary | None = None
    """The attempt in progress that this carries on, as it stood; None for a new attempt."""
    set_aside: AttemptSummary | None = None
    """An attempt in progress, with answers, abandoned to start afresh (its answers are kept)."""
    open_elsewhere: AttemptSummary | None = None
    """The attempt in progress that another running tutor has open, left to it."""
    problem: str | None = None
    """Why the attempt is not what was asked for (case revised, progress not saved), or None."""
    seconds_spent: float = 0.0
    """Time already spent in earlier sittings (a resumed exam's clock counts it)."""


def _lease(store: Store, attempt_id: int) -> bool:
    """Take the attempt's lease for this process (always granted for progress in memory)."""
    return not store.persistent or leases.take(store.path, attempt_id)


def attempt_id_of(session: Session) -> int | None:
    return getattr(session.log, "attempt_id", None)


def open_attempt(
    store: Store,
    case: Case,
    algorithm: Algorithm | None,
    mode: str,
    seed: int | None = None,
    *,
    fresh: bool = False,
) -> Opened:
    """The one resume policy (see the module docstring): carry on with the case's attempt in
    progress, in its own mode, or - with `fresh`, or when there is none - start a new recorded
    attempt in `mode`. Never raises for the store."""
    try:
        unfinished = store.in_progress().get(case.id)
        elsewhere = None
        if unfinished is not None and not _lease(store, unfinished.id):
            elsewhere, unfinished = unfinished, None  # not ours to resume, or to set aside
        if unfinished is not None and not fresh:
            try:
                session = resume_session(store, unfinished.id, case, algorithm)
                store.close_open_time(unfinished.id)
            except CaseChanged as changed:
                assert changed.session is not None
                fresh_id = attempt_id_of(changed.session)
                if fresh_id is not None:
                    _lease(store, fresh_id)
                return Opened(changed.session, unfinished.mode, fresh_id, problem=str(changed))
            return Opened(
                session,
                unfinished.mode,
                unfinished.id,
                carried_on=unfinished,
                seconds_spent=unfinished.seconds,
            )
        set_aside = None
        if unfinished is not None:
            store.abandon_attempt(unfinished.id, TERMINATED)
            set_aside = unfinished if unfinished.answered else None
        session = start_logged_session(store, case, algorithm, mode, seed)
        attempt_id = attempt_id_of(session)
        if attempt_id is not None:
            _lease(store, attempt_id)
        return Opened(session, mode, attempt_id, set_aside=set_aside, open_elsewhere=elsewhere)
    except StoreError as error:
        return Opened(
            Session(case, algorithm, seed=seed, exam=is_exam(mode)),
            mode,
            None,
            problem=f"{error} Your answers to this case will not be kept.",
        )
