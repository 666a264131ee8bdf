"""Statistics, standings, in-progress marks and history are aggregate SQL (issue 17): on
generated stores they agree exactly with the Python loops they replaced (progress_reference)."""

from __future__ import annotations

import datetime
import json
import random
import sqlite3
import zoneinfo
from pathlib import Path

import progress_reference as reference
import pytest

from tutor.core.algorithm.scoring_types import Response, StepResult
from tutor.core.cases.vocabulary import Verdict
from tutor.core.progress.history import HistoryPage, history_page
from tutor.core.progress.standing import standings_of_store
from tutor.core.progress.stats import Topics
from tutor.core.progress.store import FILE_NAME, AttemptSummary, Store
from tutor.core.progress.store_records import iso_utc

START = datetime.datetime(2026, 3, 7, 0, 0, tzinfo=datetime.UTC)  # the US changes clock on 03-08
CASES = [f"case-{n}" for n in range(6)]
STEPS = [f"s{n}" for n in range(5)]
TOPICS: Topics = {
    (case_id, step): (("PM", "DM")[n % 2], *(("first_line",) if step in ("s1", "s2") else ()))
    for n, case_id in enumerate(CASES[:5])  # the last case has no topics: listed by case only
    for step in STEPS
}
ZONES = [
    datetime.UTC,
    zoneinfo.ZoneInfo("America/New_York"),
    zoneinfo.ZoneInfo("Asia/Kathmandu"),  # +05:45
    zoneinfo.ZoneInfo("Pacific/Chatham"),  # +12:45 / +13:45
    datetime.timezone(datetime.timedelta(hours=-10)),
    None,
]


def generated_store(folder: Path, seed: int, attempts: int = 300) -> Store:
    """Attempts over three weeks at random moments (any minute, so every quarter hour and day
    boundary is crossed): finished, abandoned, in progress or never answered, with scores in
    halves, a few attempts where nothing could be scored (max 0), and explored answers (given
    after going back: never counted, so they must change nothing)."""
    rng = random.Random(seed)
    Store.open(folder).close()
    conn = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    conn.execute("BEGIN")
    for attempt in range(1, attempts + 1):
        started = START + datetime.timedelta(minutes=rng.randrange(21 * 24 * 60))
        case_id = rng.choice(CASES)
        fate = rng.choice(("finished", "finished", "abandoned", "open", "unanswered"))
        answers = 0 if fate == "unanswered" else rng.randint(1, len(STEPS))
        moment = started
        rows = []
        for seq in range(1, answers + 1):
            moment += datetime.timedelta(seconds=rng.randrange(1, 3000))
            max_points = rng.choice((0.0, 1.0, 2.0, 2.0, 3.0)) if attempt % 7 else 0.0
            points = rng.randrange(int(2 * max_points) + 1) / 2
            explored = int(seq > 1 and rng.random() < 0.2)
            step = STEPS[seq - 2 if explored else seq - 1]
            rows.append((attempt, seq, step, points, max_points, iso_utc(moment), explored))
        ended = iso_utc(moment + datetime.timedelta(seconds=1))
        conn.execute(
            "INSERT INTO attempts (id, case_id, case_version, case_title, mode, seed, started_at,"
            " finished_at, abandoned_at, registration) VALUES (?, ?, 1, ?, 'practice', 1, ?, ?,"
            " ?, ?)",
            (
                attempt,
                case_id,
                f"{case_id} as of attempt {attempt}",
                iso_utc(started),
                ended if fate == "finished" else None,
                ended if fate == "abandoned" else None,
                f"r{attempt}",
            ),
        )
        conn.executemany(
            "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict,"
            " points, max_points, harmful, seconds, answered_at, explored)"
            " VALUES (?, ?, ?, ?, 'x', 'preferred', ?, ?, 0, 5, ?, ?)",
            [
                (a, seq, step, json.dumps({"choices": [0], "value": None}), p, m, t, x)
                for a, seq, step, p, m, t, x in rows
            ],
        )
    conn.execute("COMMIT")
    conn.close()
    return Store.open(folder)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_statistics_in_sql_agree_with_the_python_loops(tmp_path: Path, seed: int) -> None:
    with generated_store(tmp_path, seed) as store:
        kept, recount = reference.totals_and_recount(tmp_path / FILE_NAME)
        assert kept == recount  # the trigger kept them as the rows were inserted
        rows = store.answer_rows()
        for zone in ZONES:
            expected = reference.statistics(rows, TOPICS, zone)
            assert store.statistics(TOPICS, zone) == expected, zone
        assert store.statistics(None, datetime.UTC) == reference.statistics(
            rows, None, datetime.UTC
        )
        some = store.statistics(TOPICS, datetime.UTC)
        assert set(some.topics) == {"PM", "DM", "first_line"} and len(some.cases) == len(CASES)


@pytest.mark.parametrize("seed", [4, 5])
def test_standings_in_progress_and_history_agree_with_the_python_loops(
    tmp_path: Path, seed: int
) -> None:
    with generated_store(tmp_path, seed) as store:
        assert standings_of_store(store) == reference.standings(store.attempts())
        assert store.in_progress() == reference.in_progress(store)
        assert (
            store.in_progress()
        )  # the generated store has some, so the comparison means something
        assert every_page(store, None, 1000) == reference.history(store, None)
        assert every_page(store, "case-1", 1000) == reference.history(store, "case-1")
        assert store.case_titles() == reference.case_titles(store)


def every_page(store: Store, case_id: str | None, limit: int) -> list[AttemptSummary]:
    """The history read a page of `limit` at a time to the end, each page's count of those
    not listed checked against the pages that follow."""
    listed: list[AttemptSummary] = []
    page = history_page(store, case_id, limit=limit)
    total = len(page.attempts) + page.left
    while True:
        listed += page.attempts
        assert len(listed) + page.left == total
        if not page.left:
            return listed
        assert len(page.attempts) == limit
        page = history_page(store, case_id, limit=limit, after=page.after)


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_the_history_read_a_page_at_a_time_is_the_whole_history(tmp_path: Path, limit: int) -> None:
    """Paging through (attempts started in the same minute included: the id breaks the tie)
    lists the attempts the full read listed, in its order, with the same content."""
    with generated_store(tmp_path, 6) as store:
        whole = reference.history(store, None)
        starts = [summary.started_at for summary in whole]
        assert len(set(starts)) < len(starts), "the store has ties to break"
        assert every_page(store, None, limit) == whole
        for case_id in CASES:
            assert every_page(store, case_id, limit) == reference.history(store, case_id)
        assert history_page(store, "no-such-case", limit=limit) == HistoryPage([], 0, None)


def test_an_empty_store_has_no_statistics(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        result = store.statistics(TOPICS, datetime.UTC)
        assert result.cases == {} and result.topics == {}
        assert standings_of_store(store) == {} and store.in_progress() == {}


class StepClock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime.datetime:
        return self.moment


def answered(step: str, points: float, max_points: float) -> StepResult:
    return StepResult(
        step_id=step,
        response=Response(step, (0,)),
        verdict=Verdict.preferred,
        points=points,
        max_points=max_points,
        harmful_choices=(),
        feedback=(),
        next_step="",
    )


def test_statistics_of_a_store_written_through_its_api_agree_with_a_plain_count(
    tmp_path: Path,
) -> None:
    """Several cases and topics, written as the tutor writes them: attempts finished,
    abandoned, timed out and left open, one of them carried on over the learner's midnight
    (New York), one in another case on the same days, an explored answer, and an attempt
    where nothing could be scored."""
    new_york = zoneinfo.ZoneInfo("America/New_York")
    clock = StepClock(datetime.datetime(2026, 3, 9, 23, 40, tzinfo=new_york))
    plan = [  # case, fate, answers (step, points, max, minutes later, explored)
        ("case-0", "finished", [("s0", 1, 2, 5, 0), ("s1", 2, 2, 30, 0), ("s2", 0, 1, 5, 0)]),
        ("case-0", "timed_out", [("s0", 2, 2, 3, 0), ("s1", 0, 2, 4, 0)]),
        ("case-1", "open", [("s0", 1, 1, 50, 0), ("s1", 0.5, 1, 10, 0)]),
        ("case-1", "finished", [("s3", 1, 3, 1, 0), ("s3", 3, 3, 2, 1), ("s4", 2, 2, 3, 0)]),
        ("case-5", "abandoned", [("s0", 0, 0, 7, 0)]),
        ("case-0", "finished", [("s2", 1, 1, 600, 0), ("s4", 1, 2, 5, 0)]),
    ]
    with Store.open(tmp_path, clock=clock) as store:
        for case_id, fate, answers in plan:
            attempt = store.start_attempt(case_id, 1, case_id, "exam", 1)
            for step, points, max_points, minutes, explored in answers:
                clock.moment += datetime.timedelta(minutes=minutes)
                store.record_answer(
                    attempt, answered(step, points, max_points), 5, explored=bool(explored)
                )
            if fate == "finished":
                store.finish_attempt(attempt)
            elif fate == "abandoned":
                store.abandon_attempt(attempt)
            elif fate == "timed_out":
                store.time_out_attempt(attempt, None)
        rows = store.answer_rows()
        for zone in (new_york, datetime.UTC, zoneinfo.ZoneInfo("Asia/Kathmandu")):
            expected = reference.statistics(rows, TOPICS, zone)
            assert store.statistics(TOPICS, zone) == expected, zone
        result = store.statistics(TOPICS, new_york)
    first = result.cases["case-0"]
    assert (first.attempts, first.finished) == (3, 2)
    assert [day.isoformat() for day, _ in first.over_time] == ["2026-03-09", "2026-03-10"]
    assert result.cases["case-1"].last_percent == 60.0  # explored answer left out: (1 + 2) / 5
    assert result.cases["case-5"].best_percent is None  # abandoned: not a score
    assert {"PM", "DM", "first_line"} <= set(result.topics)
