"""Progress in the TUI: recorded as answered, resumed from the library, history, review,
statistics, and what the learner is told when the progress file misbehaves.

A "previous run" is simulated by answering through the core with the store directly, then
opening a new app on the same data folder, as a learner reopening the tutor would.
"""

from __future__ import annotations

import datetime
import itertools
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import MINIMAL_CASE
from textual.notifications import Notify
from textual.widgets import Button
from ui_helpers import SEED, SIZE, best_keys, flat, screen_text, session_of, visible_lines

from tutor.core.library.library import load_library
from tutor.core.play import session as session_module
from tutor.core.play.attempts import start_logged_session
from tutor.core.play.describe import safety_line, score_line
from tutor.core.play.session import Session
from tutor.core.progress.store import Store, StoreError
from tutor.ui.app import TutorApp, make_app
from tutor.ui.progress import HistoryView, StatsView
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.feedback import FeedbackScreen
from tutor.ui.screens.history import HistoryScreen
from tutor.ui.screens.library import LibraryScreen
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.screens.results import ResultsScreen
from tutor.ui.screens.statistics import StatisticsScreen
from tutor.ui.widgets.lists import KeyList

CASE_ID = "mini-pm"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def app_on(cases: Path, data: Path, **options) -> TutorApp:
    return make_app(paths=[cases], store=Store.open(data), seed=SEED, **options)


def earlier_run(cases: Path, data: Path, answers: int, *, finish: bool = False, clock=None):
    """Answer the first `answers` decisions with the best answer, as a previous process would;
    with `finish`, play the case to the end. Returns the attempt id and the session."""
    library = load_library([cases])
    with Store.open(data, clock=clock) as store:
        session = start_logged_session(
            store, library.find(CASE_ID).model, library.algorithm, "practice", seed=SEED
        )
        while not session.finished and (finish or len(session.results) < answers):
            session.submit(expert(session))
        return session.log.attempt_id, session


def seed_answered_attempts(
    data: Path, attempts: list[tuple[str, str, str]], *, step_id: str, response: str
) -> None:
    """Many unfinished attempts, each (case id, title, started at) with one answer, written
    straight into the store: far quicker than playing them, for the lists that page."""
    import sqlite3

    from tutor.core.progress.store import FILE_NAME

    conn = sqlite3.connect(data / FILE_NAME, isolation_level=None)
    for case_id, title, started_at in attempts:
        (attempt,) = conn.execute(
            "INSERT INTO attempts (case_id, case_version, case_title, mode, seed, started_at,"
            " finished_at) VALUES (?, 1, ?, 'practice', 1, ?, NULL) RETURNING id",
            (case_id, title, started_at),
        ).fetchone()
        conn.execute(
            "INSERT INTO answers (attempt_id, seq, step_id, response, verdict, points,"
            " max_points, seconds, answered_at) VALUES (?, 1, ?, ?, 'preferred', 1, 1, 5, ?)",
            (attempt, step_id, response, started_at),
        )
    conn.close()


def expert(session: Session):
    from tutor.core.play.quiz import expert_response

    return expert_response(session.current)


def problem_line(app: TutorApp) -> str:
    line = app.screen.query_one("#problem")
    assert line.display
    return flat(str(line.visual.plain))


def notifications(messages: list) -> list[str]:
    return [m.notification.message for m in messages if isinstance(m, Notify)]


async def open_history(pilot, app: TutorApp) -> None:
    """`h` from the library, and the history read (on its worker) and shown."""
    await pilot.press("h")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)


async def play_to_end(pilot, app: TutorApp) -> None:
    while isinstance(app.screen, PlayerScreen | FeedbackScreen):
        if isinstance(app.screen, FeedbackScreen):
            await pilot.press("enter")
        else:
            await pilot.press(*best_keys(session_of(app)))
        await pilot.pause()


# ------------------------------------------------------------------------- resume


async def test_resume_from_the_library_after_answering_some_steps(mini: Path, data: Path) -> None:
    attempt_id, before = earlier_run(mini, data, answers=2)
    app = app_on(mini, data)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "▶ In progress: 2 decisions answered (practice)" in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        session = session_of(app)
        assert [r.response for r in session.results] == [r.response for r in before.results]
        assert session.current.id == "dose", "the next unanswered step"
        text = flat(screen_text(app.screen))
        assert "Decision 3" in text
        assert "Eight weeks later CK is still high." in text, "what was revealed is shown again"
        # Said on the player's message line, not in a toast over the options.
        assert "Carrying on where you left off" in problem_line(app)
        assert not any("Carrying on" in n for n in notifications(messages))
        await play_to_end(pilot, app)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "In progress" not in screen_text(app.screen), "finished: no longer marked"
    with Store.open(data) as store:
        assert len(store.answers(attempt_id)) == 3, "the new answer joined the same attempt"
        assert store.attempt(attempt_id).finished
        assert store.in_progress() == {}


async def test_back_in_the_library_a_case_shows_its_new_standing(mini: Path, data: Path) -> None:
    """The library keeps the standings between visits (issue 17) and reads again what a new
    answer changed: the case just finished, and one finished by another program meanwhile."""
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Done:" not in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        await play_to_end(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "✓ Done: 100%" in screen_text(app.screen)
        await pilot.press("s")  # away and back: nothing changed, the same standing
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "✓ Done: 100%" in screen_text(app.screen)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        earlier_run(mini, data, answers=0, finish=True)  # another program finishes it again
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Best 100% · last 100%" in screen_text(app.screen)
        assert "· 2 attempts" in screen_text(app.screen)


async def test_leaving_keeps_the_answers_and_the_library_offers_to_carry_on(
    mini: Path, data: Path
) -> None:
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*best_keys(session_of(app)), "enter")  # answer, then continue
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Your answers so far are saved" in screen_text(app.screen)
        assert "not kept" not in screen_text(app.screen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "▶ In progress: 1 decision answered" in screen_text(app.screen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0, "nothing is lost, so the library quits at once"
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(session_of(app).results) == 1
        await pilot.press("q")
        await pilot.pause()
        assert "Your answers so far are saved" in screen_text(app.screen)


async def test_start_over_leaves_the_unfinished_attempt_in_the_history(
    mini: Path, data: Path
) -> None:
    old_id, _ = earlier_run(mini, data, answers=1)
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(app.screen.query_one("#no").label) == "Cancel (Esc)"
        await pilot.press("n")  # n opened the question; a second n does not answer it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert session_of(app).results == []
        assert app.attempt.attempt_id != old_id
        await pilot.press(*best_keys(session_of(app)))
        await pilot.pause()
    with Store.open(data) as store:
        assert store.attempt(old_id).abandoned
        assert len(store.answers(old_id)) == 1
        assert store.in_progress()[CASE_ID].id == app.attempt.attempt_id


async def test_start_over_is_offered_only_for_a_case_in_progress(mini: Path, data: Path) -> None:
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = {b.binding.action: b.enabled for b in app.screen.active_bindings.values()}
        assert keys["history"] and keys["statistics"]
        assert keys["start_over"] is False, "listed in the help as not available, not enabled"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Start the highlighted case afresh" in flat(screen_text(app.screen))
        assert "(not available right now)" in flat(screen_text(app.screen))


async def test_a_revised_case_starts_afresh_and_says_why(mini: Path, data: Path) -> None:
    old_id, _ = earlier_run(mini, data, answers=2)
    (mini / "mini.yaml").write_text(
        MINIMAL_CASE.replace("version: 1", "version: 2"), encoding="utf-8"
    )
    app = app_on(mini, data)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert session_of(app).results == []
        assert "could not be resumed" in problem_line(app)
        assert app.attempt.attempt_id not in (None, old_id)


# ------------------------------------------------------------------------- history and review


async def test_a_past_attempt_opens_from_the_history_and_shows_its_results(
    mini: Path, data: Path
) -> None:
    _, finished = earlier_run(mini, data, answers=0, finish=True)
    earlier_run(mini, data, answers=1)
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_history(pilot, app)
        text = screen_text(app.screen)
        assert "Practice · in progress, 1 decision answered" in text
        assert "Practice · finished" in text
        assert "Score 4 of 4 points (100%) · Safety: no harmful choices" in text
        await pilot.press("j", "enter")  # the older, finished attempt
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.review is not None
        text = flat(screen_text(app.screen))
        assert score_line(finished.totals()) in text
        assert safety_line(finished.totals()) in text
        assert str(app.screen.query_one("#to-library", Button).label) == "Back to the history"
        assert "not finished" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen), "Esc goes back to the history"
        await pilot.press("k", "enter")
        await pilot.pause()
        assert "This attempt was not finished: 1 decision answered." in screen_text(app.screen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


# ------------------------------------------------------------------------- statistics


async def test_the_statistics_screen_shows_cases_topics_and_a_chart(mini: Path, data: Path) -> None:
    day = datetime.datetime(2026, 3, 2, 12, 0).astimezone()  # noon where the test runs
    earlier_run(mini, data, answers=0, finish=True, clock=lambda: day)
    later = day + datetime.timedelta(days=2)
    earlier_run(mini, data, answers=1, clock=lambda: later)
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        text = screen_text(app.screen)
        assert "By case" in text and "By topic" in text
        case_row = next(line for line in text.splitlines() if "A small polymyositis" in line)
        assert "2 attempts" in flat(case_row)
        assert "best 100%" in flat(case_row) and "last 100%" in flat(case_row)
        for topic in ("PM", "diagnosis", "first line"):
            assert any(line.startswith(topic + " ") for line in text.splitlines()), topic
        chart = app.screen.query_one("#stats-chart").visual.plain
        assert "Accuracy by day: A small polymyositis case" in chart
        assert "100% ┤" in chart and "03-02" in chart and "03-04" in chart
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_statistics_list_a_page_of_cases_and_show_more_on_request(
    mini: Path, data: Path
) -> None:
    """150 cases played: the first 100 are listed, then "Show 50 more"; Enter on it lists them
    all, the first new case in its place, and the topics still follow."""
    earlier_run(mini, data, answers=1, finish=True)
    seed_answered_attempts(
        data,
        [(f"c{n:03d}", f"Case {n:03d}", "2026-03-01T09:00:00.000Z") for n in range(149)],
        step_id="s",
        response="{}",
    )
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stats = app.screen.query_one("#stats")
        ids = [stats.get_option_at_index(i).id for i in range(stats.option_count)]
        cases = [i for i in ids if i and i.startswith("case:")]
        assert len(cases) == 100 and "more:" in ids
        assert any(i and i.startswith("topic:") for i in ids), "the topics follow the page"
        more = ids.index("more:")
        assert "Show 50 more cases (of 50 not listed)" in str(
            stats.get_option_at_index(more).prompt
        )
        stats.highlighted = more
        await pilot.press("enter")
        await pilot.pause()
        before, ids = ids, [stats.get_option_at_index(i).id for i in range(stats.option_count)]
        assert len([i for i in ids if i and i.startswith("case:")]) == 150 and "more:" not in ids
        assert ids[:more] == before[:more], "the rows above stay where they were"
        assert stats.highlighted == more and ids[more] not in cases, "on the first new case"
        assert str(ids[more]).startswith("case:")


async def test_a_long_history_lists_a_page_and_shows_more_on_request(
    mini: Path, data: Path
) -> None:
    """150 attempts at one case: the newest 100 are listed, then "Show 50 more"; Enter on it
    lists them all with the first new attempt in its place, and Enter on that opens it."""
    earlier_run(mini, data, answers=1, finish=True)
    seed_answered_attempts(
        data,
        [(CASE_ID, "Mini", f"2026-02-01T09:{n // 60:02d}:{n % 60:02d}.000Z") for n in range(149)],
        step_id="workup",
        response='{"choices": [0], "value": null}',
    )
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_history(pilot, app)
        listed = app.screen.query_one("#attempts", KeyList)
        ids = [listed.get_option_at_index(i).id for i in range(listed.option_count)]
        assert ids[-1] == "more:" and len(ids) == 101
        assert "Show 50 more attempts (of 50 not listed)" in str(
            listed.get_option_at_index(100).prompt
        )
        assert "150 attempts" in screen_text(app.screen), "the count is of all, not of the page"
        listed.highlighted = 100
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        ids = [listed.get_option_at_index(i).id for i in range(listed.option_count)]
        assert len(ids) == 150 and "more:" not in ids and listed.highlighted == 100
        history = app.screen
        assert history.attempts == [s for s in app.store.attempts(CASE_ID) if s.answered]
        assert "150 attempts" in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.review is not None
        assert app.screen.review.id == history.attempts[100].id


async def test_show_more_reads_the_next_page_on_a_thread_and_the_list_stays_usable(
    mini: Path, data: Path
) -> None:
    """250 attempts: Enter on "Show 100 more" says the page is being read, the list moves
    meanwhile, and the page arrives under the rows there; a page that cannot be read leaves
    the rows listed and offers "Show more" again; the last page lists the last 50."""
    import threading

    from tutor.core.progress.store import StoreError
    from tutor.ui.progress import history_view

    earlier_run(mini, data, answers=1, finish=True)
    seed_answered_attempts(
        data,
        [(CASE_ID, "Mini", f"2026-02-01T{n // 60:02d}:{n % 60:02d}:00.000Z") for n in range(249)],
        step_id="workup",
        response='{"choices": [0], "value": null}',
    )
    app, messages = app_on(mini, data), []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        store = app.store
        assert store is not None
        ready, fail = threading.Event(), [False]

        def slow_pages(more: HistoryView | None) -> HistoryView:
            if more is not None:
                ready.wait()
                if fail[0]:
                    raise StoreError("Your progress could not be read: disk I/O error.")
            return history_view(store, limit=100, more=more)

        app.push_screen(HistoryScreen(slow_pages, "all cases", all_cases=True))
        await app.workers.wait_for_complete()
        await pilot.pause()
        listed = app.screen.query_one("#attempts", KeyList)

        def rows() -> list[str]:
            return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]

        assert "Show 100 more attempts (of 150 not listed)" in rows()[100]
        listed.highlighted = 100
        fail[0] = True
        await pilot.press("enter")
        await pilot.pause()
        assert "Reading the next 100 attempts..." in rows()[100]
        await pilot.press("up")
        assert listed.highlighted == 99, "the list is usable while the page is read"
        ready.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "disk I/O error" in " ".join(notifications(messages))
        assert len(rows()) == 101 and "Show 100 more attempts (of 150 not listed)" in rows()[100]
        fail[0] = False
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(rows()) == 201 and listed.highlighted == 100
        assert "Show 50 more attempts (of 50 not listed)" in rows()[200]
        await pilot.press("end", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(rows()) == 250 and listed.highlighted == 200
        whole = [s for s in store.attempts() if s.answered]
        assert app.screen.attempts == whole, "page by page, the list the full read gave"
        assert "250 attempts" in screen_text(app.screen)


async def test_statistics_and_history_are_in_the_command_palette(mini: Path, data: Path) -> None:
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Statistics", "History"} <= titles
        await pilot.press("ctrl+p", *"Statistics")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        assert "No answers recorded yet" in screen_text(app.screen)


# ------------------------------------------------------------------------- when the store fails


async def test_a_store_notice_is_shown_in_the_library(mini: Path, data: Path) -> None:
    data.mkdir()
    (data / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = app_on(mini, data)
    assert app.store.notice
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = flat(screen_text(app.screen))
        assert "Your progress file was damaged: no answers could be recovered" in text
        assert app.screen.query_one("#store-notice").display


async def test_a_damaged_store_says_on_screen_how_many_answers_were_recovered(
    mini: Path, data: Path
) -> None:
    import sqlite3

    earlier_run(mini, data, 2)
    path = data / "progress.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    (number, size), *_ = conn.execute(
        "SELECT pageno, pgsize FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf'"
    ).fetchall()
    conn.close()
    damaged = bytearray(path.read_bytes())
    damaged[(number - 1) * size : number * size] = b"\xff" * size
    path.write_bytes(bytes(damaged))
    app = app_on(mini, data)
    (kept,) = data.glob("progress.sqlite3.corrupt-*")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = flat(screen_text(app.screen))
        assert "Your progress file was damaged: 2 answer(s) in 1 attempt(s) were recovered" in text
        assert f"kept as {kept.name}" in text
        assert len(app.store.answer_rows()) == 2


async def test_a_failed_save_is_explained_and_the_answer_can_be_retried(
    mini: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        session = session_of(app)
        keys = best_keys(session)
        real = Store.record_answer

        def full_disk(self, *args, **kwargs):
            raise StoreError("Your progress could not be saved: database or disk is full.")

        monkeypatch.setattr(Store, "record_answer", full_disk)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen), "the session does not advance"
        assert session.results == []
        problem = flat(screen_text(app.screen))
        assert "could not be saved: database or disk is full" in problem
        assert "press Enter to try again" in problem
        monkeypatch.setattr(Store, "record_answer", real)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert len(session.results) == 1
    with Store.open(data) as store:
        assert len(store.answers(app.attempt.attempt_id)) == 1


async def test_without_a_store_the_case_still_plays_and_says_answers_are_not_kept(
    mini: Path,
) -> None:
    app = make_app(paths=[mini], case=CASE_ID, seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.attempt is not None and not app.attempt.saved
        await pilot.press("escape")
        await pilot.pause()
        assert "not kept" in screen_text(app.screen)


async def test_running_out_of_time_ends_the_recorded_attempt(mini: Path, data: Path) -> None:
    now = [0.0]
    app = app_on(mini, data, mode="exam", time_limit=1, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*best_keys(session_of(app)))
        await pilot.pause()
        now[0] = 61.0
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        attempt_id = app.attempt.attempt_id
    with Store.open(data) as store:
        assert store.attempt(attempt_id).abandoned, "not offered for resuming"
        assert store.in_progress() == {}


async def test_a_timed_out_review_lists_the_decisions_left_unanswered(
    mini: Path, data: Path
) -> None:
    now = [0.0]
    app = app_on(mini, data, mode="exam", time_limit=1, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        session = session_of(app)
        await pilot.press(*best_keys(session))  # one decision answered, then time runs out
        await pilot.pause()
        left = [step.prompt for step in session.steps_left()]
        assert left
        now[0] = 61.0
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        live = flat(screen_text(app.screen))
        assert "Unanswered: the time ran out" in live
        for number, prompt in enumerate(left, start=2):
            assert f"{number}. {flat(prompt)} unanswered" in live
        app.to_library()
        await pilot.pause()
        await open_history(pilot, app)  # the same attempt, later, from the history
        assert "time ran out after 1 decision" in flat(screen_text(app.screen))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        review = flat(screen_text(app.screen))
        assert "Time ran out: 1 decision answered" in review
        assert "was not finished" not in review, "it ended on time, not by the learner"
        assert "Unanswered: the time ran out" in review
        for number, prompt in enumerate(left, start=2):
            assert f"{number}. {flat(prompt)} unanswered" in review


async def test_the_exam_clock_writes_the_open_decision_time_as_it_runs(
    mini: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    monkeypatch.setattr(session_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    app = app_on(mini, data, mode="exam", time_limit=10, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for second in range(1, 48):  # the exam clock's ticks, 47 s into the first decision
            now[0] = float(second)
            app.tick()
        # What a new process would find if this one were killed now: 45 of the 47 s.
        with Store.open(data) as other:
            (summary,) = other.attempts()
            assert summary.seconds == 45.0


async def test_a_clock_tick_while_the_player_is_taken_down_still_keeps_the_time(
    mini: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exam clock can tick as the app quits, its player half taken down: no crash, and
    the open decision's time is still written."""
    from tutor.ui.widgets.topbar import TopBar

    now = [0.0]
    monkeypatch.setattr(session_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    app = app_on(mini, data, mode="exam", time_limit=10, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await app.screen.query_one(TopBar).remove()
        now[0] = 20.0
        app.tick()
        with Store.open(data) as other:
            (summary,) = other.attempts()
            assert summary.seconds == 20.0


async def test_a_resumed_timed_exam_goes_on_from_the_time_already_spent(
    mini: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quitting must not buy more time: the clock restarts from what the answers took."""
    library = load_library([mini])
    with monkeypatch.context() as patch, Store.open(data) as store:
        seconds = itertools.count(0, 150)  # each decision takes two and a half minutes
        patch.setattr(time, "monotonic", lambda: float(next(seconds)))
        session = start_logged_session(
            store, library.find(CASE_ID).model, library.algorithm, "exam", seed=SEED
        )
        session.submit(expert(session))
        session.submit(expert(session))
    now = [1000.0]
    app = app_on(mini, data, mode="exam", time_limit=10, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # carry on with the case in progress
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen) and len(session_of(app).results) == 2
        assert app.attempt.seconds_left() == 10 * 60 - 300
        assert "Exam · 5:00" in visible_lines(app)[0]
    app.store.close()


async def test_time_on_a_decision_left_open_counts_when_the_exam_resumes(
    mini: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    monkeypatch.setattr(session_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    app = app_on(mini, data, mode="exam", time_limit=10, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # open the case
        await pilot.pause()
        now[0] = 100.0  # a hundred seconds on the first decision
        await pilot.press(*best_keys(session_of(app)))
        await pilot.pause()
        now[0] = 150.0  # fifty on the second, then quit without answering it
        await pilot.press("q", "y")
        await pilot.pause()
    app.store.close()
    later = app_on(mini, data, mode="exam", time_limit=10, clock=lambda: now[0])
    async with later.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(session_of(later).results) == 1
        assert later.attempt.seconds_left() == 10 * 60 - 150
    later.store.close()


@pytest.mark.parametrize("restart", [False, True])
async def test_tutor_play_case_resumes_unless_restart(
    mini: Path, data: Path, restart: bool
) -> None:
    from tutor.cli import build_parser
    from tutor.launch import app_from_args

    old_id, _ = earlier_run(mini, data, answers=2)
    argv = ["play", CASE_ID, "--cases", str(mini), "--data-dir", str(data)]
    app = app_from_args(build_parser().parse_args(argv + (["--restart"] if restart else [])))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert len(session_of(app).results) == (0 if restart else 2)
        assert (app.attempt.attempt_id == old_id) is not restart
    app.store.close()


async def test_statistics_and_history_show_a_loading_state_then_the_figures(
    mini: Path, data: Path
) -> None:
    """The figures are read on a thread: the screen is drawn (and Esc works) meanwhile."""
    import threading

    from tutor.ui.progress import history_view, statistics_view

    earlier_run(mini, data, answers=0, finish=True)
    app = app_on(mini, data)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        store, library = app.store, app.full_library()
        assert store is not None
        ready = threading.Event()

        def slow_statistics() -> StatsView:
            ready.wait()
            return statistics_view(store, library)

        app.push_screen(StatisticsScreen(slow_statistics))
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Reading your progress..." in text and "By case" not in text
        ready.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Reading your progress..." not in text
        assert "By case" in text and "1 attempt" in text

        await pilot.press("escape")  # leaving before the figures arrive is fine
        later = threading.Event()

        def slow_history(more: HistoryView | None) -> HistoryView:
            later.wait()
            return history_view(store, limit=100, more=more)

        app.push_screen(HistoryScreen(slow_history, "all cases", all_cases=True))
        await pilot.pause()
        assert "Reading your progress..." in screen_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        later.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and app.is_running
