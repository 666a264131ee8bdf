"""A timed exam's open decision: its time is written as it runs, so a kill gives none back."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.play import session as session_module
from tutor.core.play.attempts import open_attempt, start_logged_session
from tutor.core.play.open_time import CHECKPOINT_SECONDS, OpenTimeKeeper
from tutor.core.progress.store import Store

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The session's clock, moved by hand."""
    clock = [0.0]
    monkeypatch.setattr(session_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    return clock


def seconds_recorded(data: Path) -> float:
    """What a new process finds: the attempt's time as the file holds it."""
    with Store.open(data) as store:
        (summary,) = store.attempts()
        return summary.seconds


def test_the_open_decision_is_written_every_few_seconds(tmp_path: Path, now: list[float]) -> None:
    store = Store.open(tmp_path)
    session = start_logged_session(store, CASE, None, "exam", seed=1)
    attempt_id = session.log.attempt_id  # type: ignore[union-attr]
    keeper = OpenTimeKeeper(store, attempt_id, session)
    written = []
    for second in range(13):
        now[0] = float(second)
        written.append(keeper.tick())
    assert [s for s, w in enumerate(written) if w] == [5, 10]
    # Killed at 12 s: a new process finds 10 of them, at most CHECKPOINT_SECONDS lost.
    assert seconds_recorded(tmp_path) == 10.0
    assert 12 - seconds_recorded(tmp_path) < CHECKPOINT_SECONDS

    now[0] = 20.0
    session.submit(Response("workup", (0,)))  # the answer carries all 20 s of its decision
    assert seconds_recorded(tmp_path) == 20.0
    now[0] = 26.0
    assert keeper.tick()  # the next decision, 6 s open
    assert seconds_recorded(tmp_path) == 26.0
    store.close()  # killed: no time recorded on leaving

    again = Store.open(tmp_path)
    opened = open_attempt(again, CASE, None, "exam")
    assert opened.seconds_spent == 26.0
    # The new sitting's own checkpoints add to what the killed one left, never replace it.
    keeper = OpenTimeKeeper(again, attempt_id, opened.session)
    now[0] += CHECKPOINT_SECONDS
    assert keeper.tick()
    assert seconds_recorded(tmp_path) == 26.0 + CHECKPOINT_SECONDS
    again.close()


def test_leaving_the_decision_records_its_time_once(tmp_path: Path, now: list[float]) -> None:
    store = Store.open(tmp_path)
    session = start_logged_session(store, CASE, None, "exam", seed=1)
    attempt_id = session.log.attempt_id  # type: ignore[union-attr]
    keeper = OpenTimeKeeper(store, attempt_id, session)
    now[0] = 7.0
    assert keeper.tick()
    now[0] = 9.0
    store.record_unanswered_time(attempt_id, session.seconds_on_current)  # quit at 9 s
    assert seconds_recorded(tmp_path) == 9.0
    store.close()


def test_the_steps_left_follow_the_case_from_the_open_decision(now: list[float]) -> None:
    session = session_module.Session(CASE, None, seed=1)
    assert [s.id for s in session.steps_left()] == ["workup", "first-line", "dose"]
    session.submit(Response("workup", (0,)))
    assert [s.id for s in session.steps_left()] == ["first-line", "dose"]
