"""`tutor serve` in headless Chromium (Debian's chromium and chromium-driver), via Selenium."""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import MINIMAL_CASE

from tutor.core.library.library import load_library
from tutor.core.play.attempts import start_logged_session
from tutor.core.play.quiz import expert_response
from tutor.core.progress.learners import learner_folder
from tutor.core.progress.review import ReviewDeck
from tutor.core.progress.store import Store

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="Chromium could not be installed (apt-get install chromium chromium-driver)",
)
# textual.js keeps its xterm.js Terminal in a closure: catch it as it is assigned.
HOOK = """window.__terms = [];
Object.defineProperty(Object.prototype, 'terminal', {configurable: true, set(value) {
  if (value && value.buffer) window.__terms.push(value);
  Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true});
}});"""
READ = """const t = window.__terms[0]; if (!t) return ''; const b = t.buffer.active; const rows = [];
for (let i = 0; i < t.rows; i++) { const l = b.getLine(b.viewportY + i);
rows.push(l ? l.translateToString(true) : ''); } return rows.join('\\n');"""
T = TypeVar("T")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    data: Path, *extra: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tutor",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data),
            *extra,
        ],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/xterm.css", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    return server, port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    server, port = start_server(tmp_path)
    yield port, tmp_path / "learners"
    server.terminate()
    server.wait(10)


@pytest.fixture
def served_mini(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """The server on a one-case library: the small case of tests/conftest.py (3 decisions)."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    server, port = start_server(tmp_path, "--cases", str(cases))
    yield port, tmp_path / "learners"
    server.terminate()
    server.wait(10)


@pytest.fixture
def browsers() -> Iterator[Callable[[], Any]]:
    """Opens headless Chromium windows on demand; each is closed, and its profile removed,
    when the test ends, however it ends. Name it after the server's fixture: fixtures end in
    reverse order, and a server stopping waits for the sessions still open."""
    opened: list[Any] = []

    def open_one() -> Any:
        opened.append(browser())
        return opened[-1]

    yield open_one
    for driver in opened:
        driver.quit()
        shutil.rmtree(driver.profile_dir, ignore_errors=True)


def browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS.split(), "--window-size=1100,800"]:
        options.add_argument(flag)
    profile = tempfile.mkdtemp()
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    driver.profile_dir = profile
    return driver


def until(condition: Callable[[], T | None], what: str, then: Callable[[], str] = str) -> T:
    """The first true value of `condition`, polled every tenth of a second (the server and
    the browser run on their own); after 30 s, an AssertionError naming `what`, with
    what `then` says of the state by then."""
    for _ in range(300):
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} never happened{then()}")


def screen_of(driver) -> str:  # type: ignore[no-untyped-def]
    return str(driver.execute_script(READ))


def wait_for(driver, text: str) -> str:  # type: ignore[no-untyped-def]
    def shown() -> str | None:
        screen = screen_of(driver)
        return screen if text in screen else None

    return until(shown, f"{text!r} on the page", lambda: f"; it shows:\n{screen_of(driver)}")


def type_keys(driver, keys: str) -> None:  # type: ignore[no-untyped-def]
    driver.find_element("css selector", ".xterm-helper-textarea").send_keys(keys)


def answer_first_decision(driver, port: int, name: str) -> None:  # type: ignore[no-untyped-def]
    driver.get(f"http://127.0.0.1:{port}/")
    wait_for(driver, "Type your name")
    type_keys(driver, name + "\n")
    wait_for(driver, "case library")  # the list, whichever case it starts with
    wait_for(driver, "Not started")
    type_keys(driver, "\n")  # opens the first case
    wait_for(driver, "Decision 1")
    type_keys(driver, "1\n")


def answers_of(learners: Path, name: str) -> int:
    store = Store.open(learner_folder(learners, name))
    try:
        return sum(len(store.answers(a.id)) for a in store.attempts())
    finally:
        store.close()


def attempts_of(learners: Path, name: str) -> list[tuple[str, bool, int]]:
    """Each attempt of the learner as (mode, finished, answers)."""
    store = Store.open(learner_folder(learners, name))
    try:
        return [
            (a.mode, a.finished_at is not None, len(store.answers(a.id))) for a in store.attempts()
        ]
    finally:
        store.close()


def open_library(driver, port: int, name: str) -> None:  # type: ignore[no-untyped-def]
    driver.get(f"http://127.0.0.1:{port}/")
    wait_for(driver, "Type your name")
    type_keys(driver, name + "\n")
    wait_for(driver, "A small polymyositis case")


def step(driver) -> bool:  # type: ignore[no-untyped-def]
    """One move through the case, as a learner who always takes the first option: answer a
    decision, or go on from its feedback. False once the results are on screen. Returns once
    the screen has changed, so the next step never reads the one it has just left."""
    screen = until(
        lambda: next((s for s in [screen_of(driver)] if any(w in s for w in MOVES)), None),
        "a decision, its feedback or the results",
    )
    if "Results · " in screen:
        return False
    type_keys(driver, "\n" if "Feedback on decision" in screen else "1\n")
    until(lambda: screen_of(driver) != screen, "the screen changing after the key")
    return True


MOVES = ("Results · ", "Feedback on decision", "Decision ")


def test_two_learners_play_a_case_to_its_results_at_once(
    served_mini: tuple[int, Path], browsers: Callable[[], Any]
) -> None:
    port, learners = served_mini
    first, second = browsers(), browsers()
    open_library(first, port, "Ann B")
    open_library(second, port, "Bo C")
    for driver in (first, second):
        type_keys(driver, "\n")  # opens the case
    playing = [first, second]
    for _ in range(30):  # turn about, as two students in one room would
        playing = [driver for driver in playing if step(driver)]
        if not playing:
            break
    assert not playing, "both reached their results"
    for driver in (first, second):
        assert "Score:" in wait_for(driver, "Results · A small polymyositis case")
    for name in ("Ann B", "Bo C"):
        [(mode, finished, answered)] = attempts_of(learners, name)
        assert (mode, finished) == ("practice", True)
        assert answered >= 3


def test_an_exam_is_played_in_the_browser(
    served_mini: tuple[int, Path], browsers: Callable[[], Any]
) -> None:
    port, learners = served_mini
    driver = browsers()
    open_library(driver, port, "Cy D")
    type_keys(driver, "m")
    wait_for(driver, "Exam mode")
    type_keys(driver, "\n")
    wait_for(driver, "Decision 1")
    type_keys(driver, "1\n")
    wait_for(driver, "Decision 2")  # an exam gives no feedback between decisions
    [(mode, finished, answered)] = until(
        lambda: attempts_of(learners, "Cy D"), "the exam's attempt in her store"
    )
    assert (mode, finished, answered) == ("exam", False, 1)
    for _ in range(30):  # on to the end, where an exam shows its feedback
        if not step(driver):
            break
    wait_for(driver, "Results · A small polymyositis case")
    [(mode, finished, answered)] = attempts_of(learners, "Cy D")
    assert (mode, finished) == ("exam", True) and answered >= 3


def played_days_ago(cases: Path, folder: Path) -> None:
    """The small case played right through, ten days ago, into the learner's own store: each
    decision is a review card that is due now."""
    library = load_library([cases])
    moment = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=10)
    with Store.open(folder, clock=lambda: moment) as store:
        session = start_logged_session(
            store, library.find("mini-pm").model, library.algorithm, "practice"
        )
        while not session.finished:
            session.submit(expert_response(session.current))


def cards_not_due(folder: Path) -> int:
    with Store.open(folder) as store:
        deck = ReviewDeck(store)
        now = deck.clock()
        return sum(card.due > now for card in deck.cards())


def test_a_drill_of_the_decisions_due_is_played_in_the_browser(
    served_mini: tuple[int, Path], browsers: Callable[[], Any]
) -> None:
    port, learners = served_mini
    folder = learner_folder(learners, "Di E")
    played_days_ago(learners.parent / "cases", folder)
    other = learner_folder(learners, "Ed F")
    driver = browsers()
    open_library(driver, port, "Di E")
    wait_for(driver, "3 decisions due for review")  # the library's first entry
    type_keys(driver, "\n")
    wait_for(driver, "Review drill · A small polymyositis case")
    wait_for(driver, "Question 1 of 3")
    type_keys(driver, "1\n")
    wait_for(driver, "Feedback on question 1")  # practice: explained at once
    rescheduled = until(lambda: cards_not_due(folder), "the answer rescheduling its card")
    assert rescheduled == 1, "the answer rescheduled its card, in her store"
    assert not other.exists()


def test_two_browsers_record_to_two_learners(
    served: tuple[int, Path], browsers: Callable[[], Any]
) -> None:
    port, learners = served
    first, second = browsers(), browsers()
    answer_first_decision(first, port, "Ann B")
    answer_first_decision(second, port, "Bo C")
    until(
        lambda: answers_of(learners, "Ann B") and answers_of(learners, "Bo C"),
        "both answers in their stores",
    )
    assert answers_of(learners, "Ann B") == 1
    assert answers_of(learners, "Bo C") == 1


def test_a_connection_without_the_token_is_refused(tmp_path: Path) -> None:
    server, port = start_server(tmp_path, "--token", "s3cret")
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as refused_socket:
            urllib.request.urlopen(
                urllib.request.Request(
                    f"http://127.0.0.1:{port}/ws",
                    headers={
                        "Connection": "Upgrade",
                        "Upgrade": "websocket",
                        "Sec-WebSocket-Version": "13",
                        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                    },
                ),
                timeout=5,
            )
        assert refused_socket.value.code == 403
        driver = browser()  # closed before the server stops: it waits for its sessions
        try:
            driver.get(f"http://127.0.0.1:{port}/?token=s3cret")
            wait_for(driver, "Type your name")
        finally:
            driver.quit()
            shutil.rmtree(driver.profile_dir, ignore_errors=True)
    finally:
        server.terminate()
        server.wait(10)


def test_the_token_may_come_from_the_environment_out_of_sight_of_ps(tmp_path: Path) -> None:
    server, port = start_server(tmp_path, env={"TUTOR_SERVE_TOKEN": "from-env"})
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert refused.value.code == 403
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/?token=from-env", timeout=5)
        assert page.status == 200
        assert "from-env" not in " ".join(server.args)
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    banner = out.decode()
    assert "?token=from-env" in banner and "--token" not in banner


def test_a_quiz_is_played_in_the_browser_and_leaves_the_record_alone(
    served_mini: tuple[int, Path], browsers: Callable[[], Any]
) -> None:
    """The quiz, from the command palette as a learner finds it, is answered with feedback;
    as the palette says, it is not recorded: her earlier attempt and due cards stay as they
    were."""
    from selenium.webdriver.common.keys import Keys

    port, learners = served_mini
    folder = learner_folder(learners, "Fa G")
    played_days_ago(learners.parent / "cases", folder)
    before = attempts_of(learners, "Fa G")
    driver = browsers()
    open_library(driver, port, "Fa G")
    type_keys(driver, Keys.CONTROL + "p")
    wait_for(driver, "Search for commands")
    type_keys(driver, "Self-assessment quiz")
    wait_for(driver, "not recorded")
    type_keys(driver, "\n")
    wait_for(driver, "Quiz · A small polymyositis case")
    type_keys(driver, "1\n")
    wait_for(driver, "Feedback on question 1")
    type_keys(driver, "\n")
    wait_for(driver, "Question 2")
    assert attempts_of(learners, "Fa G") == before
    assert cards_not_due(folder) == 0, "her due cards are untouched"
