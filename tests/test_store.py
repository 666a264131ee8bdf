"""The progress store: schema and migration, the answer log, resume, statistics, a corrupt file,
a process killed mid-case, and two processes writing at once."""

from __future__ import annotations

import datetime
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import platformdirs
import progress_reference as reference
import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Confidence, Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Verdict
from tutor.core.library.library import load_algorithm
from tutor.core.library.outcome import step_topics
from tutor.core.play.attempts import (
    CaseChanged,
    StoreLog,
    resume_session,
    review_session,
    start_logged_session,
)
from tutor.core.play.session import Session
from tutor.core.progress.store import (
    FILE_NAME,
    Store,
    data_dir,
)
from tutor.core.progress.store_schema import SCHEMA_VERSION

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]
DAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)

# A path through the minimal case: biopsy, then first line (with one harmful choice), then a dose.
WORKUP = Response("workup", (0,), confidence=Confidence.sure)
FIRST_LINE = Response("first-line", (0, 1, 2))
DOSE = Response("dose", value=0.75, confidence=Confidence.unsure)


class Clock:
    """A settable clock, so tests control the timestamps the store writes."""

    def __init__(self, now: datetime.datetime = DAY) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        self.now += datetime.timedelta(seconds=1)
        return self.now


def case_text(version: int = 1) -> str:
    return MINIMAL_CASE.replace("version: 1", f"version: {version}")


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# --------------------------------------------------------------------------- schema


def test_new_store_is_created_with_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        assert store.notice is None and store.persistent
        assert store.path == tmp_path / "data" / FILE_NAME
        assert store.schema_version == SCHEMA_VERSION == 12
    conn = raw(tmp_path / "data" / FILE_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"attempts", "answers", "settings"} <= tables


def test_data_dir_is_explicit_then_environment_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "given") == tmp_path / "given"
    assert data_dir() == tmp_path / "env"
    assert Store.open().path == tmp_path / "env" / FILE_NAME
    monkeypatch.delenv("TUTOR_DATA_DIR")
    assert data_dir() == Path(platformdirs.user_data_dir("tutor", appauthor=False))


V1_SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY, case_id TEXT NOT NULL, case_version INTEGER NOT NULL,
    case_title TEXT NOT NULL, mode TEXT NOT NULL, seed INTEGER NOT NULL,
    started_at TEXT NOT NULL, finished_at TEXT);
CREATE INDEX attempts_by_case ON attempts (case_id, started_at);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    seq INTEGER NOT NULL, step_id TEXT NOT NULL, response TEXT NOT NULL,
    answer_text TEXT NOT NULL DEFAULT '', verdict TEXT NOT NULL, points REAL NOT NULL,
    max_points REAL NOT NULL, harmful INTEGER NOT NULL DEFAULT 0, seconds REAL NOT NULL,
    answered_at TEXT NOT NULL, UNIQUE (attempt_id, seq));
CREATE INDEX answers_by_time ON answers (answered_at);
INSERT INTO attempts VALUES
    (1, 'mini-pm', 1, 'A small polymyositis case', 'exam', 42, '2025-01-02T10:00:00.000Z', NULL);
INSERT INTO answers VALUES
    (1, 1, 1, 'workup', '{"choices": [1], "value": null}', 'Start rituximab now', 'harmful',
     0.0, 1.0, 1, 12.5, '2025-01-02T10:00:20.000Z');
PRAGMA user_version = 1;
"""


def test_a_version_1_file_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    raw(tmp_path / FILE_NAME).executescript(V1_SCHEMA)
    with Store.open(tmp_path) as store:
        assert store.notice is None
        assert store.schema_version == SCHEMA_VERSION
        (old,) = store.attempts()
        assert (old.id, old.mode, old.seed, old.answered, old.harmful) == (1, "exam", 42, 1, 1)
        assert old.started_at == datetime.datetime(2025, 1, 2, 10, tzinfo=datetime.UTC)
        assert store.responses(1) == [Response("workup", (1,))]
        assert store.answers(1)[0].confidence is None  # a column version 1 did not have
        # What version 2 added works on the migrated file, and the old attempt resumes.
        store.set_learner_name("Ana")
        assert store.learner_name() == "Ana"
        session = resume_session(store, 1, CASE, ALGORITHM)
        # An exam keeps to the main line after a harmful answer (docs/authoring.md, "Exam mode").
        assert session.current.id == "first-line"
        session.submit(Response("first-line", (0,), confidence=Confidence.guessing))
        assert [r.confidence for r in store.answers(1)] == [None, Confidence.guessing]
    with Store.open(tmp_path) as again:  # opening a current file migrates nothing
        assert again.schema_version == SCHEMA_VERSION and len(again.answers(1)) == 2


def test_the_answer_log_is_append_only(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    conn = raw(tmp_path / FILE_NAME)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE answers SET points = 99")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM answers")


# --------------------------------------------------------------------------- the log


def test_answers_are_recorded_as_submitted_and_summaries_recomputed(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock=Clock())
    session = start_logged_session(store, CASE, ALGORITHM, "practice", seed=5)
    assert isinstance(session.log, StoreLog) and session.seed == 5
    attempt_id = session.log.attempt_id
    session.submit(WORKUP)
    # Written when submitted: another connection sees it before the case ends.
    assert raw(store.path).execute("SELECT COUNT(*) FROM answers").fetchone() == (1,)
    session.submit(FIRST_LINE)
    summary = store.attempt(attempt_id)
    assert (summary.answered, summary.points, summary.max_points) == (2, 1.5, 2.0)
    assert summary.harmful == 1 and not summary.finished and summary.percent == 75.0
    session.submit(DOSE)
    summary = store.attempt(attempt_id)
    assert summary.finished and summary.finished_at > summary.started_at
    assert (summary.points, summary.max_points, summary.harmful) == (3.5, 4.0, 1)
    assert (summary.case_id, summary.case_version, summary.mode, summary.seed) == (
        "mini-pm",
        1,
        "practice",
        5,
    )
    assert summary.date == DAY.date()
    assert store.responses(attempt_id) == [WORKUP, FIRST_LINE, DOSE]
    rows = store.answers(attempt_id)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].verdict is Verdict.harmful and rows[1].answer_text.count(";") == 2
    assert rows[1].response_data == {"choices": [0, 1, 2], "value": None}
    assert all(r.seconds >= 0 for r in rows)
    # The same totals as the session computed.
    assert summary.points == session.totals().points


def test_attempts_are_newest_first_and_filtered_by_case(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock=Clock())
    first = store.start_attempt("mini-pm", 1, "A", "practice", 1)
    other = store.start_attempt("other", 1, "B", "exam", 2)
    last = store.start_attempt("mini-pm", 1, "A", "exam", 3)
    assert [a.id for a in store.attempts()] == [last, other, first]
    assert [a.id for a in store.attempts("mini-pm")] == [last, first]
    assert store.attempt(other).answered == 0 and store.attempt(other).percent == 0.0
    with pytest.raises(KeyError):
        store.attempt(999)


def test_the_store_can_be_written_without_a_session_log(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    attempt_id = store.start_attempt(CASE.id, CASE.version, CASE.title, "exam", 8)
    result = Session(CASE, ALGORITHM, seed=8).submit(WORKUP)
    store.record_answer(attempt_id, result, 3.25)
    store.finish_attempt(attempt_id)
    (row,) = store.answers(attempt_id)
    assert (row.seconds, row.points, row.confidence) == (3.25, 1.0, Confidence.sure)
    assert store.attempt(attempt_id).finished
    with pytest.raises(KeyError):
        store.record_answer(999, result, 1.0)


def test_in_progress_is_the_latest_answered_unfinished_attempt_per_case(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock=Clock())
    done = start_logged_session(store, CASE, ALGORITHM, "practice")
    for response in (WORKUP, FIRST_LINE, DOSE):
        done.submit(response)
    assert store.in_progress() == {}
    half = start_logged_session(store, CASE, ALGORITHM, "exam")
    half.submit(WORKUP)
    assert store.in_progress()["mini-pm"].id == half.log.attempt_id
    start_logged_session(store, CASE, ALGORITHM, "practice")  # opened, never answered
    assert store.in_progress()["mini-pm"].id == half.log.attempt_id
    store.abandon_attempt(half.log.attempt_id)
    assert store.in_progress() == {}
    assert store.attempt(half.log.attempt_id).abandoned
    assert not store.attempt(half.log.attempt_id).timed_out


def test_an_exam_that_ran_out_of_time_is_over_and_says_so(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock=Clock())
    exam = start_logged_session(store, CASE, ALGORITHM, "exam")
    exam.submit(WORKUP)
    store.time_out_attempt(exam.log.attempt_id, None)
    summary = store.attempt(exam.log.attempt_id)
    assert summary.abandoned and summary.timed_out and not summary.finished
    assert store.in_progress() == {}, "not offered for resuming"
    assert len(store.answers(exam.log.attempt_id)) == 1, "its answer stays"


def test_resume_continues_at_the_next_step_and_logs_to_the_same_attempt(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    session = start_logged_session(store, CASE, ALGORITHM, "exam", seed=9)
    session.submit(WORKUP)
    session.submit(FIRST_LINE)
    attempt_id = session.log.attempt_id
    store.close()

    store = Store.open(tmp_path)
    resumed = resume_session(store, attempt_id, CASE, ALGORITHM)
    assert resumed.seed == 9 and resumed.current.id == "dose"
    assert [r.response for r in resumed.results] == [WORKUP, FIRST_LINE]
    assert resumed.option_order(CASE.step("first-line")) == session.option_order(
        CASE.step("first-line")
    )
    resumed.submit(DOSE)
    assert store.attempt(attempt_id).finished and len(store.attempts()) == 1
    assert store.responses(attempt_id) == [WORKUP, FIRST_LINE, DOSE]


def test_resume_finishes_an_attempt_killed_between_its_last_answer_and_its_end(
    tmp_path: Path,
) -> None:
    class KilledBeforeTheEnd(StoreLog):
        def finished(self, session: Session) -> None:
            pass

    store = Store.open(tmp_path)
    attempt_id = store.start_attempt(CASE.id, CASE.version, CASE.title, "practice", 1)
    session = Session(CASE, ALGORITHM, seed=1, log=KilledBeforeTheEnd(store, attempt_id))
    for response in (WORKUP, FIRST_LINE, DOSE):
        session.submit(response)
    assert not store.attempt(attempt_id).finished
    assert resume_session(store, attempt_id, CASE, ALGORITHM).finished
    assert store.attempt(attempt_id).finished


# Biopsy is now only acceptable, and waiting is preferred: same steps, a different answer key.
REKEYED = MINIMAL_CASE.replace(
    "verdict: preferred\n        feedback: Confirms",
    "verdict: acceptable\n        feedback: Confirms",
).replace(
    "verdict: suboptimal\n        feedback: Delays", "verdict: preferred\n        feedback: Delays"
)


@pytest.mark.parametrize(
    ("changed_text", "reason"),
    [
        (case_text(version=2), "revised"),
        (MINIMAL_CASE.replace("id: first-line", "id: first-line-renamed"), "changed or removed"),
        (REKEYED, "answer key"),
    ],
)
def test_resume_after_the_case_changed_starts_again_and_says_why(
    tmp_path: Path, changed_text: str, reason: str
) -> None:
    changed = parse_text(changed_text, Path("x.yaml"), Case)[0].model
    store = Store.open(tmp_path)
    session = start_logged_session(store, CASE, ALGORITHM, "exam")
    session.submit(WORKUP)
    session.submit(FIRST_LINE)
    old = session.log.attempt_id
    with pytest.raises(CaseChanged, match=reason) as raised:
        resume_session(store, old, changed, ALGORITHM)
    fresh = raised.value.session
    assert raised.value.old_attempt_id == old
    assert fresh.results == [] and fresh.current.id == "workup"
    assert store.attempt(old).abandoned and len(store.responses(old)) == 2  # kept in history
    fresh.submit(WORKUP)
    new = store.in_progress()["mini-pm"]
    assert new.id == fresh.log.attempt_id != old
    assert (new.mode, new.case_version) == ("exam", changed.version)


def test_review_rebuilds_a_past_attempt_without_recording(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    session = start_logged_session(store, CASE, ALGORITHM, "practice")
    for response in (WORKUP, FIRST_LINE, DOSE):
        session.submit(response)
    attempt_id = session.log.attempt_id
    review = review_session(store, attempt_id, CASE, ALGORITHM)
    assert review.finished and review.log is None
    assert [r.points for r in review.results] == [r.points for r in session.results]
    renamed = parse_text(MINIMAL_CASE.replace("id: dose", "id: dosing"), Path("x.yaml"), Case)
    with pytest.raises(CaseChanged) as raised:
        review_session(store, attempt_id, renamed[0].model, ALGORITHM)
    assert raised.value.session is None and not store.attempt(attempt_id).abandoned


# --------------------------------------------------------------------------- reports


def test_answer_rows_since_a_date(tmp_path: Path) -> None:
    clock = Clock()
    store = Store.open(tmp_path, clock=clock)
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    clock.now += datetime.timedelta(days=2)
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    assert len(store.answer_rows()) == 2
    later = store.answer_rows(since=DAY.date() + datetime.timedelta(days=1))
    assert [r.answered_at.date() for r in later] == [DAY.date() + datetime.timedelta(days=2)]
    assert store.answer_rows(since=DAY.date()) == store.answer_rows()


def test_learner_name_is_stored_once(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        assert store.learner_name() is None
        store.set_learner_name("A. Learner")
        store.set_learner_name("B. Learner")
    assert Store.open(tmp_path).learner_name() == "B. Learner"


def test_statistics_per_case_and_topic(tmp_path: Path) -> None:
    clock = Clock()
    store = Store.open(tmp_path, clock=clock)
    first = start_logged_session(store, CASE, ALGORITHM, "practice")
    for response in (Response("workup", (2,)), Response("first-line", (0,)), DOSE):
        first.submit(response)  # 0 + 0.5 + 2 of 1 + 1 + 2
    clock.now += datetime.timedelta(days=1)
    second = start_logged_session(store, CASE, ALGORITHM, "practice")
    for response in (WORKUP, Response("first-line", (0, 1)), DOSE):
        second.submit(response)  # everything right
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(Response("workup", (2,)))

    topics = {(CASE.id, step): names for step, names in step_topics(CASE, ALGORITHM)}
    assert topics[("mini-pm", "workup")] == ("PM", "diagnosis")
    assert topics[("mini-pm", "dose")] == ("PM", "first_line")
    assert topics[("mini-pm", "detour")] == ("PM",)

    result = store.statistics(topics, zone=datetime.UTC)
    case = result.cases["mini-pm"]
    assert (case.attempts, case.finished) == (3, 2)
    assert (case.best_percent, case.last_percent) == (100.0, 100.0)
    day1, day2 = DAY.date(), DAY.date() + datetime.timedelta(days=1)
    assert case.over_time == [(day1, 62.5), (day2, 80.0)]  # day 2: 4 of 4, then 0 of 1

    assert set(result.topics) == {"PM", "diagnosis", "first_line"}
    diagnosis = result.topics["diagnosis"]
    assert (diagnosis.best_percent, diagnosis.last_percent) == (100.0, 100.0)
    assert diagnosis.over_time == [(day1, 0.0), (day2, 50.0)]
    first_line = result.topics["first_line"]
    assert first_line.attempts == 2 and first_line.over_time[0] == (day1, pytest.approx(250 / 3))
    # No topics gives no topic statistics.
    assert store.statistics().topics == {}


def test_accuracy_over_time_goes_by_the_learners_calendar_day(tmp_path: Path) -> None:
    clock = Clock(DAY.replace(hour=3))  # 03:00 UTC: still the evening before, in Honolulu
    store = Store.open(tmp_path, clock=clock)
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    honolulu = datetime.timezone(datetime.timedelta(hours=-10))
    [(day, _)] = store.statistics(zone=honolulu).cases["mini-pm"].over_time
    assert day == DAY.date() - datetime.timedelta(days=1)
    [(day, _)] = store.statistics(zone=datetime.UTC).cases["mini-pm"].over_time
    assert day == DAY.date()


# --------------------------------------------------------------------------- bad files


def test_garbage_in_the_database_path_is_kept_aside_and_a_new_store_started(
    tmp_path: Path,
) -> None:
    garbage = b"this is not a database\x00\xff" * 100
    (tmp_path / FILE_NAME).write_bytes(garbage)
    (tmp_path / f"{FILE_NAME}-wal").write_bytes(b"stale")
    store = Store.open(tmp_path, clock=Clock())
    assert store.notice is not None and "no answers could be recovered" in store.notice
    assert store.persistent
    kept = tmp_path / f"{FILE_NAME}.corrupt-20260301-090001"
    assert kept.name in store.notice
    assert kept.read_bytes() == garbage
    assert (tmp_path / f"{kept.name}-wal").read_bytes() == b"stale"
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    store.close()
    with Store.open(tmp_path) as again:
        assert again.notice is None and len(again.answer_rows()) == 1


def _damaged(path: Path) -> bool:
    try:
        return raw(path).execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError:
        return True


def _answers_table(path: Path) -> list[tuple[object, ...]]:
    conn = raw(path)
    try:
        return conn.execute("SELECT * FROM answers ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_damaged_database_is_kept_aside_and_its_readable_answers_recovered(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path) as store:
        for _ in range(400):
            start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    conn = raw(tmp_path / FILE_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = _answers_table(tmp_path / FILE_NAME)
    # The middle one of the pages that hold answers, and how many answers are on it.
    conn = raw(tmp_path / FILE_NAME)
    pages = conn.execute(
        "SELECT pageno, ncell, pgsize FROM dbstat WHERE name = 'answers' AND pagetype = 'leaf'"
        " ORDER BY pageno"
    ).fetchall()
    conn.close()
    number, lost, size = pages[len(pages) // 2]
    data = bytearray((tmp_path / FILE_NAME).read_bytes())
    data[(number - 1) * size : number * size] = bytes(range(256)) * (size // 256)  # garbage
    (tmp_path / FILE_NAME).write_bytes(bytes(data))
    assert _damaged(tmp_path / FILE_NAME)  # really damaged, as SQLite itself sees it

    store = Store.open(tmp_path, clock=Clock())
    kept = tmp_path / f"{FILE_NAME}.corrupt-20260301-090001"
    assert kept.read_bytes() == bytes(data)  # the damaged file is kept as it was
    assert store.recovery is not None and store.persistent
    recovered = _answers_table(tmp_path / FILE_NAME)
    # Every answer but those on the damaged page is saved, unchanged.
    assert lost > 0 and len(recovered) == len(before) - lost
    assert set(recovered) <= set(before)
    assert store.recovery.answers == len(recovered)
    assert len(store.answer_rows()) == len(recovered)  # back in the learner's history
    assert store.notice == (
        f"Your progress file was damaged: {len(recovered):,} answer(s) in "
        f"{store.recovery.attempts:,} attempt(s) were recovered into a new one. "
        f"The damaged file was kept as {kept.name} in {tmp_path}."
    )
    assert store.schema_version == SCHEMA_VERSION
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    store.close()
    with Store.open(tmp_path) as again:
        assert again.notice is None and len(again.answer_rows()) == len(recovered) + 1


def test_a_truncated_database_keeps_the_answers_before_the_cut(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for _ in range(200):
            start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)
    conn = raw(tmp_path / FILE_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = _answers_table(tmp_path / FILE_NAME)
    data = (tmp_path / FILE_NAME).read_bytes()
    cut = data[: len(data) * 19 // 20 + 100]  # a copy stopped part-way through a page
    (tmp_path / FILE_NAME).write_bytes(cut)
    store = Store.open(tmp_path, clock=Clock())
    assert store.recovery is not None
    assert (tmp_path / f"{FILE_NAME}.corrupt-20260301-090001").read_bytes() == cut
    recovered = _answers_table(tmp_path / FILE_NAME)
    assert len(recovered) > 0 and store.recovery.answers == len(recovered)
    assert set(recovered) <= set(before)
    assert f"{len(recovered):,} answer(s)" in (store.notice or "")
    store.close()


def test_a_sqlite_file_that_is_not_ours_is_kept_aside(tmp_path: Path) -> None:
    raw(tmp_path / FILE_NAME).execute("CREATE TABLE attempts (something TEXT)")
    store = Store.open(tmp_path)
    assert store.notice and "no answers could be recovered" in store.notice
    store.start_attempt("c", 1, "t", "practice", 1)


def test_a_file_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    raw(tmp_path / FILE_NAME).execute("PRAGMA user_version = 99")
    before = (tmp_path / FILE_NAME).read_bytes()
    store = Store.open(tmp_path)
    assert not store.persistent and "newer version" in (store.notice or "")
    start_logged_session(store, CASE, ALGORITHM, "practice").submit(WORKUP)  # still works
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


# --------------------------------------------------------------------------- processes

CRASH_SCRIPT = """
import sys
from pathlib import Path
from tutor.core.library.library import load_algorithm
from tutor.core.cases.loader import load_case
from tutor.core.algorithm.scoring import Response
from tutor.core.play.attempts import start_logged_session
from tutor.core.progress.store import Store

data, case_file, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
store = Store.open(data)
case = load_case(case_file)[0].model
session = start_logged_session(store, case, load_algorithm()[0], "practice", seed=11)
answers = [
    Response("workup", (1,)),
    Response("detour", (0,)),
    Response("first-line", (0, 1)),
    Response("dose", value=0.8),
]
for response in answers[:count]:
    session.submit(response)
    print("answered", response.step_id, flush=True)
sys.stdin.read()  # wait, holding the store open, until killed
"""

WRITER_SCRIPT = """
import sys
from pathlib import Path
from tutor.core.cases.loader import load_case
from tutor.core.algorithm.scoring import Response
from tutor.core.play.attempts import start_logged_session
from tutor.core.progress.store import Store

data, case_file, count, mode = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = Store.open(data)
assert store.notice is None, store.notice
case = load_case(case_file)[0].model
answers = [Response("workup", (0,)), Response("first-line", (0, 1)), Response("dose", value=0.7)]
print("ready", flush=True)
sys.stdin.readline()  # start together
done = 0
while done < count:
    session = start_logged_session(store, case, None, mode, seed=done)
    for response in answers[: count - done]:
        session.submit(response)
        done += 1
store.close()
print("done", done, flush=True)
"""


def spawn(script: Path, *args: object) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    """Start a script; its output lines arrive on a queue (so a test never blocks forever)."""
    process = subprocess.Popen(
        [sys.executable, str(script), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line.strip())
        lines.put("<eof>")

    threading.Thread(target=pump, daemon=True).start()
    return process, lines


def next_line(process: subprocess.Popen[str], lines: queue.Queue[str]) -> str:
    line = lines.get(timeout=60)
    if line == "<eof>":
        pytest.fail(f"the script ended early: {process.wait()}\n{process.stderr.read()}")  # type: ignore[union-attr]
    return line


def test_answers_survive_a_killed_process_and_resume_at_the_next_step(
    tmp_path: Path, write_case
) -> None:
    case_file = write_case()
    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT, encoding="utf-8")
    data = tmp_path / "data"
    process, lines = spawn(script, data, case_file, 3)
    seen = [next_line(process, lines) for _ in range(3)]
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert seen == ["answered workup", "answered detour", "answered first-line"]

    store = Store.open(data)
    assert store.notice is None
    (attempt,) = store.in_progress().values()
    assert attempt.answered == 3 and attempt.seed == 11 and not attempt.finished
    session = resume_session(store, attempt.id, CASE, ALGORITHM)
    assert [r.step_id for r in session.results] == ["workup", "detour", "first-line"]
    assert session.current.id == "dose" and session.totals().harmful
    session.submit(Response("dose", value=0.8))
    assert store.attempt(attempt.id).finished and [r.seq for r in store.answers(attempt.id)] == [
        1,
        2,
        3,
        4,
    ]


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, write_case) -> None:
    case_file = write_case()
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT, encoding="utf-8")
    data = tmp_path / "data"  # does not exist yet: both processes create and migrate it
    count = 300
    writers = [spawn(script, data, case_file, count, mode) for mode in ("left", "right")]
    for process, lines in writers:
        assert next_line(process, lines) == "ready"
    for process, _ in writers:
        process.stdin.write("go\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
    for process, lines in writers:
        assert next_line(process, lines) == f"done {count}"
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == ""  # type: ignore[union-attr]

    store = Store.open(data)
    assert store.notice is None
    rows = store.answer_rows()
    assert len(rows) == 2 * count
    for mode in ("left", "right"):
        attempts = [a for a in store.attempts() if a.mode == mode]
        assert len(attempts) == count // 3 and all(a.finished for a in attempts)
        assert sum(a.answered for a in attempts) == count
        assert all(a.points == a.max_points == 4.0 for a in attempts)
    for attempt_id in {r.attempt_id for r in rows}:
        assert [r.seq for r in store.answers(attempt_id)] == [1, 2, 3]
    kept, recount = reference.totals_and_recount(data / FILE_NAME)
    assert kept == recount and len(kept) == 2 * count // 3  # both writers' totals, whole


def test_time_left_on_an_unanswered_decision_counts_in_the_attempts_time(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    session = start_logged_session(store, CASE, ALGORITHM, "exam")
    session.submit(WORKUP)
    attempt_id = session.log.attempt_id
    answered = store.attempt(attempt_id).seconds
    store.record_unanswered_time(attempt_id, 40.0)
    store.record_unanswered_time(attempt_id, 2.5)
    assert store.attempt(attempt_id).seconds == pytest.approx(answered + 42.5)


def test_a_store_we_may_not_read_is_reported_never_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any file whatever its mode, so the refusal is simulated where the file is opened.
    from tutor.core.progress.store import FILE_NAME, Store

    with Store.open(tmp_path) as store:
        assert store.persistent
    database = tmp_path / FILE_NAME
    before = sorted(p.name for p in tmp_path.iterdir())
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == FILE_NAME:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    store = Store.open(tmp_path)
    monkeypatch.undo()
    assert not store.persistent
    assert store.notice is not None and "Permission denied" in store.notice
    assert "left as it is" in store.notice
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert database.exists()
