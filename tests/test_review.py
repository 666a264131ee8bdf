"""Review cards: the rating of an answer, FSRS behind our interface, the deck in the store (and
an old store upgraded in place), changed decisions, flags, and `tutor drill --plain`."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Confidence, Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Verdict
from tutor.core.library.library import load_algorithm
from tutor.core.play.attempts import start_logged_session
from tutor.core.play.drill import (
    DrillSession,
    build_items,
    context_before,
    parse_duration,
    select_cards,
)
from tutor.core.progress.review import ReviewDeck, due_sql, step_fingerprint
from tutor.core.progress.scheduler import FsrsScheduler, Rating, Schedule, rating_for
from tutor.core.progress.store import FILE_NAME, Store
from tutor.core.progress.store_schema import MIGRATIONS, SCHEMA_VERSION
from tutor.plain import LineTutor

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]
DAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


class Clock:
    def __init__(self, now: datetime.datetime = DAY) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, delta: datetime.timedelta) -> None:
        self.now += delta


def play_badly(store: Store) -> None:
    """Rituximab at once (harmful, and sure of it), then the detour right, first line right
    and sure, a dose right but unsure."""
    session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=1)
    session.submit(Response("workup", (1,), confidence=Confidence.sure))
    session.submit(Response("detour", (0,)))
    session.submit(Response("first-line", (0, 1), confidence=Confidence.sure))
    session.submit(Response("dose", value=0.75, confidence=Confidence.unsure))


@pytest.mark.parametrize(
    ("verdict", "correct", "harmful", "confidence", "rating"),
    [
        (Verdict.harmful, False, True, Confidence.sure, Rating.again),
        (Verdict.suboptimal, False, False, None, Rating.again),
        (Verdict.acceptable, False, False, Confidence.sure, Rating.hard),
        (Verdict.preferred, True, False, Confidence.guessing, Rating.hard),
        (Verdict.preferred, True, False, Confidence.unsure, Rating.good),
        (Verdict.preferred, True, False, None, Rating.good),
        (Verdict.preferred, True, False, Confidence.sure, Rating.easy),
    ],
)
def test_an_answer_is_rated_from_its_verdict_and_confidence(
    verdict: Verdict, correct: bool, harmful: bool, confidence: Confidence | None, rating: Rating
) -> None:
    assert rating_for(verdict, correct, harmful, confidence) is rating


def test_fsrs_behind_our_interface_is_deterministic_and_spaces_easy_answers_further() -> None:
    scheduler = FsrsScheduler()
    new = scheduler.new(DAY)
    assert new.due == DAY
    again = scheduler.review(new, Rating.again, DAY)
    easy = scheduler.review(new, Rating.easy, DAY)
    assert DAY < again.due < easy.due
    assert scheduler.review(new, Rating.easy, DAY) == easy  # no random fuzz
    later = scheduler.review(easy, Rating.easy, easy.due)
    assert later.due - easy.due > easy.due - DAY


class FixedScheduler:
    """A stand-in scheduler: Again in an hour, anything else in a day per grade."""

    def new(self, now: datetime.datetime) -> Schedule:
        return Schedule(now, "{}")

    def review(self, schedule: Schedule, rating: Rating, now: datetime.datetime) -> Schedule:
        delta = HOUR if rating is Rating.again else datetime.timedelta(days=int(rating))
        return Schedule(now + delta, "{}")


def test_every_answered_decision_becomes_a_card_and_the_confident_miss_comes_first(
    tmp_path: Path,
) -> None:
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        play_badly(store)
        deck = ReviewDeck(store, FixedScheduler(), clock)
        assert deck.sync() == 4 and deck.sync() == 0
        cards = {c.step_id: c for c in deck.cards()}
        assert set(cards) == {"workup", "detour", "first-line", "dose"}
        assert cards["workup"].last_rating is Rating.again
        assert cards["first-line"].last_rating is Rating.easy
        assert deck.due() == []
        clock.advance(HOUR)
        assert [c.step_id for c in deck.due()] == ["workup"]
        clock.advance(datetime.timedelta(days=3))
        assert [c.step_id for c in deck.due()] == ["workup", "detour", "dose"]
        assert deck.due_count() == 3
        assert [c.step_id for c in deck.due(datetime.timedelta(days=1))][-1] == "first-line"


def test_the_due_query_uses_the_index(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        plan = store._read("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM cards WHERE due <= ?", ("x",))
    assert any("cards_by_due" in str(row) for row in plan)


@pytest.mark.parametrize("known", [False, True])
def test_the_due_cards_query_searches_the_due_index(tmp_path: Path, known: bool) -> None:
    params = ("x", "[]") if known else ("x",)
    with Store.open(tmp_path) as store:
        plan = store._read("EXPLAIN QUERY PLAN " + due_sql(known=known), params)
    searches = [
        str(row[3]) for row in plan if str(row[3]).startswith(("SEARCH cards", "SCAN cards"))
    ]
    assert searches == ["SEARCH cards USING INDEX cards_by_due (due<?)"]


def test_a_version_3_store_upgrades_in_place_and_its_answers_become_cards(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:3]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(
        "INSERT INTO attempts (id, case_id, case_version, case_title, mode, seed, started_at)"
        " VALUES (1, 'mini-pm', 1, 'A small polymyositis case', 'practice', 3,"
        " '2026-02-01T10:00:00.000Z')"
    )
    conn.execute(
        "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict, points,"
        " max_points, harmful, seconds, answered_at, confidence) VALUES (1, 1, 'workup',"
        " '{\"choices\": [1], \"value\": null}', 'Start rituximab now', 'harmful', 0, 1, 1,"
        " 4.0, '2026-02-01T10:00:10.000Z', 'sure')"
    )
    conn.close()
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        assert store.notice is None and store.schema_version == SCHEMA_VERSION == 12
        assert len(store.answers(1)) == 1  # nothing lost
        deck = ReviewDeck(store, clock=clock)
        cards = select_cards(deck, {CASE.id: CASE})
        assert [(c.step_id, c.last_rating) for c in cards] == [("workup", Rating.again)]
        assert deck.card(CASE.id, "workup").fingerprint == step_fingerprint(CASE.step("workup"))


def test_a_changed_decision_is_marked_and_learnt_again(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        play_badly(store)
        deck = ReviewDeck(store, FixedScheduler(), clock)
        select_cards(deck, {CASE.id: CASE})
        assert deck.due() == []
        revised = parse_text(
            MINIMAL_CASE.replace("Delays care.", "Delays care, and weakness progresses."),
            Path("mini.yaml"),
            Case,
        )[0].model
        cards = select_cards(deck, {CASE.id: revised})
        assert [(c.step_id, c.changed) for c in cards] == [("workup", True)]
        bumped = revised.model_copy(update={"version": 2})
        assert {c.step_id for c in select_cards(deck, {CASE.id: bumped})} == {
            "workup",
            "detour",
            "first-line",
            "dose",
        }


def test_a_drill_shows_the_context_the_learner_saw_and_reschedules(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        play_badly(store)
        deck = ReviewDeck(store, FixedScheduler(), clock)
        clock.advance(datetime.timedelta(days=3, hours=2))
        cards = select_cards(deck, {CASE.id: CASE})
        items = build_items(deck, cards, {CASE.id: CASE}, ALGORITHM)
        assert [i.step.id for i in items] == ["workup", "detour", "dose"]
        dose = items[-1]
        assert [r.text for r in dose.revealed_before] == ["Eight weeks later CK is still high."]
        session = DrillSession(items, deck, ALGORITHM, shuffle=False)
        session.submit(Response("workup", (0,), confidence=Confidence.sure))
        assert deck.card(CASE.id, "workup").due == clock.now + datetime.timedelta(days=4)
        assert session.rescheduled[0].last_rating is Rating.easy
        reviews = store._read("SELECT source, rating FROM reviews ORDER BY id")
        assert reviews[-1] == ("drill", 4) and len(reviews) == 5
        assert [d.reviews for d in deck.reviews_per_day(datetime.UTC)] == [1]


def test_context_of_a_path_that_no_longer_leads_there_is_none() -> None:
    assert context_before(CASE, "dose", [Response("workup", (0,))], ALGORITHM) is None


def test_flags_toggle_and_drive_a_flagged_drill(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        deck = ReviewDeck(store, FixedScheduler(), clock)
        assert deck.flag(CASE.id, "dose") is True
        assert deck.flags() == [(CASE.id, "dose")]
        cards = select_cards(deck, {CASE.id: CASE}, flagged=True)
        assert [c.step_id for c in cards] == ["dose"]  # never answered, still drilled
        assert deck.flag(CASE.id, "dose") is False and deck.flags() == []


@pytest.mark.parametrize(
    ("text", "delta"),
    [("2d", datetime.timedelta(days=2)), ("12h", 12 * HOUR), ("3", datetime.timedelta(days=3))],
)
def test_durations(text: str, delta: datetime.timedelta) -> None:
    assert parse_duration(text) == delta
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_line_mode_drill_shows_each_decision_in_context(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        play_badly(store)
        deck = ReviewDeck(store, clock=clock)
        clock.advance(datetime.timedelta(days=1))
        items = build_items(deck, select_cards(deck, {CASE.id: CASE}), {CASE.id: CASE}, ALGORITHM)
        session = DrillSession(items, deck, ALGORITHM, shuffle=False)
        feed = iter(["1 sure", "1", "0.75"])
        out = StringIO()
        code = LineTutor(session, {}, lambda: next(feed, None), out).run(title="Review drill")
    text = out.getvalue()
    assert code == 0
    assert text.count("PRESENTATION") == len(items) == 3
    assert "Confirms the diagnosis." in text  # explained, as in practice mode


# --------------------------------------------------------------------------- the command


def tutor(*args: str, data: Path, now: str | None, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "TUTOR_DATA_DIR": str(data)}
    env.pop("TUTOR_NOW", None)
    if now is not None:
        env["TUTOR_NOW"] = now
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_play_badly_then_drill_with_the_clock_moved_forward(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mini-pm.yaml").write_text(MINIMAL_CASE)
    data = tmp_path / "data"
    before = datetime.datetime.now(datetime.UTC)
    played = tutor(
        "play", "mini-pm", "--cases", str(cases), "--plain", "--seed", "1",
        data=data, now=None,
        stdin="\n".join(["2 sure", "2", "2 3 sure", "0.75 sure"]) + "\n",
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    # Nothing is due before the answers were given: when the next one is due is said, exit 0.
    early = tutor("drill", "--plain", "--cases", str(cases), data=data, now=before.isoformat())
    assert early.returncode == 0 and "Nothing is due for review" in early.stdout
    assert "The next decision is due in" in early.stdout
    later = (before + datetime.timedelta(days=1)).isoformat()
    drill = tutor(
        "drill", "--plain", "--cases", str(cases), "--seed", "1",
        data=data, now=later, stdin="1 sure\n",
    )  # fmt: skip
    assert drill.returncode == 1, drill.stderr  # input ended before the drill did
    assert "Review drill: 2 decision(s) due" in drill.stdout
    first = drill.stdout.index("DECISION 1")
    assert drill.stdout.index("What next?") > first  # the confidently missed work-up, first
    assert drill.stdout.index("The biopsy is back") > drill.stdout.index("What next?")
    # Right and sure: not due for days.
    assert "Select all that belong" not in drill.stdout
    assert "Prednisone starting dose" not in drill.stdout


def test_drill_flagged_in_line_mode(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mini-pm.yaml").write_text(MINIMAL_CASE)
    data = tmp_path / "data"
    none = tutor("drill", "--flagged", "--plain", "--cases", str(cases), data=data, now=None)
    assert none.returncode == 0 and "No flagged decisions" in none.stdout
    with Store.open(data) as store:
        ReviewDeck(store).flag("mini-pm", "dose")
    drill = tutor(
        "drill", "--flagged", "--plain", "--cases", str(cases),
        data=data, now=None, stdin="0.75 sure\n",
    )  # fmt: skip
    assert drill.returncode == 0, drill.stderr
    assert "Prednisone starting dose?" in drill.stdout
    assert "Eight weeks later CK is still high." in drill.stdout  # the context before it
    assert "Certainty-based marks: +3 of a possible 3" in drill.stdout


def test_f_at_a_line_mode_prompt_flags_the_decision_for_the_flagged_drill(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mini-pm.yaml").write_text(MINIMAL_CASE)
    data = tmp_path / "data"
    played = tutor(
        "play", "mini-pm", "--cases", str(cases), "--plain", "--seed", "1",
        data=data, now=None,
        stdin="\n".join(["f", "2 sure", "flag", "flag", "2", "2 3 sure", "0.75 sure"]) + "\n",
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    assert played.stdout.count("Flagged for review: tutor drill --flagged plays it.") == 2
    assert "Flag removed." in played.stdout
    review = played.stdout[played.stdout.index("REVIEW") :]
    assert "1. What next? (flagged)" in review
    assert review.count("(flagged)") == 1  # the detour: flagged, then unflagged
    with Store.open(data) as store:
        assert ReviewDeck(store).flags() == [("mini-pm", "workup")]
    drill = tutor(
        "drill", "--flagged", "--plain", "--cases", str(cases), "--seed", "1",
        data=data, now=None, stdin="1 sure\n",
    )  # fmt: skip
    assert drill.returncode == 0, drill.stderr
    assert "Review drill: 1 decision(s) due" in drill.stdout
    assert "What next?" in drill.stdout


def test_quit_in_a_drill_keeps_what_was_rescheduled_and_exits_0(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path, clock=clock) as store:
        play_badly(store)
        deck = ReviewDeck(store, clock=clock)
        clock.advance(datetime.timedelta(days=1))
        items = build_items(deck, select_cards(deck, {CASE.id: CASE}), {CASE.id: CASE}, ALGORITHM)
        session = DrillSession(items, deck, ALGORITHM, shuffle=False)
        feed = iter(["1 sure", "labs", "quit"])
        out = StringIO()
        code = LineTutor(session, {}, lambda: next(feed, None), out).run(title="Review drill")
    flat = " ".join(out.getvalue().split())
    assert code == 0
    assert len(session.rescheduled) == 1
    assert f"Stopped. 1 decision reviewed and rescheduled; {len(items) - 1} decisions" in flat
    assert "tutor drill --plain" in flat
