"""The attempts service: one resume policy for every front end, never a silent abandon, and one
running tutor per attempt (a lease)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.library.library import load_algorithm
from tutor.core.play.attempts import open_attempt
from tutor.core.progress import leases
from tutor.core.progress.store import Store, StoreError

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
ALGORITHM = load_algorithm()[0]
WORKUP = Response("workup", (0,))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path) as opened:
        yield opened
    for path in list(leases._held):  # this process's leases end with the test
        descriptor = leases._held.pop(path)
        os.close(descriptor)


def test_no_attempt_in_progress_starts_one_in_the_asked_mode(store: Store) -> None:
    opened = open_attempt(store, CASE, ALGORITHM, "exam", seed=3)
    assert opened.attempt_id is not None and opened.mode == "exam"
    assert (opened.carried_on, opened.set_aside, opened.problem) == (None, None, None)
    assert store.attempt(opened.attempt_id).mode == "exam"


@pytest.mark.parametrize("asked", ["practice", "exam"])
def test_an_attempt_in_progress_is_carried_on_in_its_own_mode(store: Store, asked: str) -> None:
    first = open_attempt(store, CASE, ALGORITHM, "practice", seed=3)
    first.session.submit(WORKUP)
    again = open_attempt(store, CASE, ALGORITHM, asked, seed=4)
    assert again.attempt_id == first.attempt_id and again.mode == "practice"
    assert again.carried_on is not None and len(again.session.results) == 1
    assert len(store.answers(first.attempt_id or 0)) == 1  # nothing abandoned


def test_starting_afresh_sets_an_answered_attempt_aside_and_says_so(store: Store) -> None:
    first = open_attempt(store, CASE, ALGORITHM, "practice")
    first.session.submit(WORKUP)
    fresh = open_attempt(store, CASE, ALGORITHM, "exam", fresh=True)
    assert fresh.attempt_id != first.attempt_id and fresh.mode == "exam"
    assert fresh.set_aside is not None and fresh.set_aside.id == first.attempt_id
    assert store.attempt(first.attempt_id or 0).abandoned
    assert len(store.answers(first.attempt_id or 0)) == 1  # kept in the history


def test_starting_afresh_over_nothing_answered_has_nothing_to_say(store: Store) -> None:
    open_attempt(store, CASE, ALGORITHM, "practice")
    assert open_attempt(store, CASE, ALGORITHM, "practice", fresh=True).set_aside is None


def test_a_failing_store_still_opens_the_case_unsaved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> int:
        raise StoreError("Your progress could not be saved: disk full.")

    monkeypatch.setattr(store, "start_attempt", broken)
    opened = open_attempt(store, CASE, ALGORITHM, "practice")
    assert opened.attempt_id is None and opened.problem is not None
    assert "will not be kept" in opened.problem


HOLD = """
import sys, time
from pathlib import Path
from tutor.core.progress import leases
assert leases.take(Path(sys.argv[1]), int(sys.argv[2]))
print("held", flush=True)
time.sleep(60)
"""


def test_an_attempt_open_in_another_tutor_is_left_to_it(store: Store) -> None:
    first = open_attempt(store, CASE, ALGORITHM, "practice")
    first.session.submit(WORKUP)
    assert first.attempt_id is not None
    leases.release(store.path, first.attempt_id)  # as if another process had opened it
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store.path), str(first.attempt_id)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        second = open_attempt(store, CASE, ALGORITHM, "practice")
        assert second.attempt_id != first.attempt_id and second.carried_on is None
        assert second.open_elsewhere is not None and second.open_elsewhere.id == first.attempt_id
        assert not store.attempt(first.attempt_id).abandoned  # not ours to set aside
    finally:
        other.kill()
        other.wait()
    # The other tutor has gone: the attempt is free again.
    assert leases.take(store.path, first.attempt_id)


def test_a_lease_is_held_once_per_process_and_given_back_when_finished(store: Store) -> None:
    assert leases.take(store.path, 7) and leases.take(store.path, 7)
    leases.release(store.path, 7)
    assert leases.lease_path(store.path, 7) not in leases._held


PLAY = [sys.executable, "-m", "tutor", "play", "refractory-polymyositis", "--plain", "--seed", "1"]


def play(data: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PLAY, "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_line_mode_in_exam_mode_carries_on_a_practice_attempt(tmp_path: Path) -> None:
    assert play(tmp_path, stdin="1\n1\n").returncode == 1  # two answers, then input ends
    again = play(tmp_path, "--mode", "exam", stdin="")
    assert "Resuming your attempt" in again.stderr and "in practice mode" in " ".join(
        again.stderr.split()
    )
    with Store.open(tmp_path) as store:
        assert [s.answered for s in store.attempts()] == [2] and not store.attempts()[0].abandoned


def test_line_mode_restart_never_drops_answers_silently(tmp_path: Path) -> None:
    play(tmp_path, stdin="1\n1\n")
    fresh = play(tmp_path, "--restart", stdin="")
    assert "kept in your history" in " ".join(fresh.stderr.split())
