"""A case's standing in the library: best and last score of its finished attempts, with date."""

from __future__ import annotations

import datetime
from pathlib import Path

import progress_reference
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.play.attempts import start_logged_session
from tutor.core.progress.standing import Standings, standings_of_store
from tutor.core.progress.store import Store

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
DAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def test_best_and_last_score_with_the_date(tmp_path: Path) -> None:
    clock = [DAY]
    with Store.open(tmp_path, clock=lambda: clock[0]) as store:
        for workup in ((0,), (2,)):  # right, then wrong on the work-up
            session = start_logged_session(store, CASE, None, "practice", seed=1)
            session.submit(Response("workup", workup))
            session.submit(Response("first-line", (0, 1)))
            session.submit(Response("dose", value=0.75))
            clock[0] += datetime.timedelta(days=2)
        start_logged_session(store, CASE, None, "practice", seed=1).submit(Response("workup", (0,)))
        standing = standings_of_store(store)[CASE.id]
        assert standings_of_store(store) == progress_reference.standings(store.attempts())
    assert standing.finished == 2
    assert (standing.best_percent, standing.last_percent) == (100, 75)
    assert standing.last_date == datetime.date(2026, 3, 3)
    assert standing.text() == "Best 100% · last 75% on 2026-03-03 · 2 attempts"


def _finish(store: Store, case: Case, workup: tuple[int, ...] = (0,)) -> None:
    session = start_logged_session(store, case, None, "practice", seed=1)
    session.submit(Response("workup", workup))
    session.submit(Response("first-line", (0, 1)))
    session.submit(Response("dose", value=0.75))
    assert session.finished


def test_kept_standings_are_read_again_after_every_change_only(tmp_path: Path) -> None:
    other = CASE.model_copy(update={"id": "mini-other"})
    with Store.open(tmp_path, clock=lambda: DAY) as store:
        kept = Standings(store)
        assert kept() == {}
        _finish(store, CASE)
        first = kept()
        assert first == standings_of_store(store) and first[CASE.id].finished == 1
        assert kept() is first  # nothing written since: the same standings, not read again
        begun = start_logged_session(store, other, None, "practice", seed=1)
        begun.submit(Response("workup", (2,)))
        assert kept() == first  # an answer, but no attempt finished: the same figures
        store.finish_attempt(begun.log.attempt_id)  # finished with no new answer
        second = kept()
        assert second is not first and second == standings_of_store(store)
        assert set(second) == {CASE.id, other.id} and second[CASE.id] is first[CASE.id]
        with Store.open(tmp_path, clock=lambda: DAY) as elsewhere:  # another program
            _finish(elsewhere, CASE, workup=(2,))
        third = kept()
        assert third == standings_of_store(store) and third[CASE.id].finished == 2
        assert third[CASE.id].last_percent < first[CASE.id].last_percent
