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
from tutor.core.progress.standing import standings_of_store
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
