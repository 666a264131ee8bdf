"""Going back to an earlier decision (practice mode): the first answers count, the rest is
exploration - in the session, in the store (schema v6), in resume, exports and review cards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Confidence, Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.library.library import load_algorithm
from tutor.core.play.attempts import resume_session, start_logged_session
from tutor.core.play.session import RewindRefused, Session
from tutor.core.progress.review import ReviewDeck
from tutor.core.progress.store import FILE_NAME, Store
from tutor.core.progress.store_schema import MIGRATIONS, SCHEMA_VERSION

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]

HARMFUL_WORKUP = Response("workup", (1,), confidence=Confidence.sure)  # rituximab: to the detour
BIOPSY = Response("workup", (0,), confidence=Confidence.sure)
DETOUR = Response("detour", (0,))


def test_going_back_keeps_the_first_answer_for_the_score() -> None:
    session = Session(CASE, ALGORITHM, seed=1)
    session.submit(HARMFUL_WORKUP)
    session.submit(DETOUR)
    before = session.totals()
    session.rewind(1, "practice")
    assert session.current.id == "workup" and session.results == [] and session.exploring
    session.submit(BIOPSY)  # the other branch: straight to first line
    assert session.current.id == "first-line"
    assert [r.step_id for r in session.counted] == ["workup", "detour"]
    assert [r.response for r in session.explored] == [BIOPSY]
    assert session.totals() == before  # exploring changes nothing in the score
    assert session.totals().harmful  # the rituximab still counts against safety
    assert [row.answered for row in session.calibration()] == [1]


def test_rewind_goes_to_any_decision_on_the_path_and_nowhere_else() -> None:
    session = Session(CASE, ALGORITHM, seed=1)
    with pytest.raises(RewindRefused, match="no decision 1"):
        session.rewind(1, "practice")
    session.submit(HARMFUL_WORKUP)
    session.submit(DETOUR)
    assert session.can_rewind("practice") and not session.can_rewind("exam")
    session.rewind(2, "practice")
    assert session.current.id == "detour" and len(session.results) == 1
    with pytest.raises(RewindRefused, match="no decision 3"):
        session.rewind(3, "practice")


def test_an_exam_refuses_to_go_back() -> None:
    session = Session(CASE, ALGORITHM, seed=1)
    session.submit(HARMFUL_WORKUP)
    with pytest.raises(RewindRefused, match="exam"):
        session.rewind(1, "exam")
    assert session.current.id == "detour" and not session.exploring


def test_going_back_from_the_end_reopens_the_case() -> None:
    session = Session(CASE, ALGORITHM, seed=1)
    for response in (BIOPSY, Response("first-line", (0, 1)), Response("dose", value=0.75)):
        session.submit(response)
    assert session.finished
    score = session.totals()
    session.rewind(3, "practice")
    assert not session.finished and session.current.id == "dose"
    session.submit(Response("dose", value=2.0))
    assert session.finished and session.totals() == score


def test_explored_answers_are_stored_marked_and_left_out_of_scores_and_exports(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path) as store:
        session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=1)
        session.submit(HARMFUL_WORKUP)
        session.submit(DETOUR)
        session.rewind(1, "practice")
        session.submit(BIOPSY)
        attempt_id = session.log.attempt_id  # type: ignore[union-attr]
        rows = store.answers(attempt_id)
        assert [(r.step_id, r.explored) for r in rows] == [
            ("workup", False),
            ("detour", False),
            ("workup", True),
        ]
        summary = store.attempt(attempt_id)
        assert summary.answered == 2 and summary.harmful == 1
        assert [r.explored for r in store.answer_rows()] == [False, False]  # the exports
        # Statements for the learning record store: none for the explored answer.
        # (attempted, then one answered statement for each of the first two answers)
        assert store.waiting_count() == 3
        # Review cards come from the first answers only: the miss stays a miss.
        deck = ReviewDeck(store)
        assert deck.sync() == 2
        assert deck.card(CASE.id, "workup").missed  # type: ignore[union-attr]


def test_a_resumed_attempt_replays_its_exploration(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=1)
        session.submit(HARMFUL_WORKUP)
        session.submit(DETOUR)
        session.rewind(1, "practice")
        session.submit(BIOPSY)
        attempt_id = session.log.attempt_id  # type: ignore[union-attr]
        again = resume_session(store, attempt_id, CASE, ALGORITHM)
        assert again.current.id == "first-line" and again.exploring
        assert [r.step_id for r in again.counted] == ["workup", "detour"]
        assert [r.response for r in again.explored] == [BIOPSY]
        assert again.totals() == session.totals()
        again.submit(Response("first-line", (0, 1)))  # still exploration after resuming
        assert store.answers(attempt_id)[-1].explored


def test_a_version_5_store_upgrades_in_place_and_keeps_its_answers(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:5]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(
        "INSERT INTO attempts (id, case_id, case_version, case_title, mode, seed, started_at,"
        " registration) VALUES (1, 'mini-pm', 1, 'A small polymyositis case', 'practice', 1,"
        " '2026-02-01T10:00:00.000Z', 'r-1')"
    )
    conn.execute(
        "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict, points,"
        " max_points, harmful, seconds, answered_at) VALUES (1, 1, 'workup',"
        " '{\"choices\": [1], \"value\": null}', 'Start rituximab now', 'harmful', 0, 1, 1,"
        " 4.0, '2026-02-01T10:00:10.000Z')"
    )
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is None and store.schema_version == SCHEMA_VERSION == 12
        (row,) = store.answers(1)
        assert (row.step_id, row.verdict.value, row.explored) == ("workup", "harmful", False)
        assert store.attempt(1).answered == 1
        # The upgraded attempt resumes, and going back in it is recorded as exploration.
        session = resume_session(store, 1, CASE, ALGORITHM)
        session.rewind(1, "practice")
        session.submit(BIOPSY)
        assert [r.explored for r in store.answers(1)] == [False, True]


def test_flagging_an_attempts_misses_from_the_history(tmp_path: Path) -> None:
    from tutor.core.progress.flags import flagged_per_attempt, missed_in, toggle_missed

    with Store.open(tmp_path) as store:
        session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=1)
        session.submit(HARMFUL_WORKUP)
        session.submit(DETOUR)
        session.rewind(2, "practice")
        session.submit(Response("detour", (1,)))  # explored, and wrong: not a miss that counts
        attempt_id = session.log.attempt_id  # type: ignore[union-attr]
        deck = ReviewDeck(store)
        assert missed_in(store, attempt_id) == ["workup"]
        assert flagged_per_attempt(store, [attempt_id]) == {}
        assert toggle_missed(deck, attempt_id) == (["workup"], True)
        assert deck.flags() == [(CASE.id, "workup")]
        assert flagged_per_attempt(store, [attempt_id]) == {attempt_id: 1}
        assert flagged_per_attempt(store, [attempt_id + 1]) == {}, "only the attempts asked for"
        assert toggle_missed(deck, attempt_id) == (["workup"], False)  # again: unflagged
        assert deck.flags() == []


def test_the_library_standing_scores_the_first_answers_only(tmp_path: Path) -> None:
    from tutor.core.progress.standing import standings_of_store

    with Store.open(tmp_path) as store:
        session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=1)
        for response in (BIOPSY, Response("first-line", (0, 1)), Response("dose", value=0.75)):
            session.submit(response)
        first = standings_of_store(store)[CASE.id].last_percent
        session.rewind(3, "practice")
        session.submit(Response("dose", value=3.0))  # wrong, while exploring
        assert standings_of_store(store)[CASE.id].last_percent == first == 100
