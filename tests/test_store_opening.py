"""The app's progress store is opened on a thread of its own beside the library's loading
(`StoreOpening`): handed over once, with what opening raised, closed when the learner quits
before the library has loaded, and a damaged file is still kept aside, recovered and reported."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tutor.core.progress.store import FILE_NAME, Store, StoreError
from tutor.ui.store_opening import StoreOpening


def opener(folder: Path, threads: list[str]):
    def open_store() -> Store:
        threads.append(threading.current_thread().name)
        return Store.open(folder)

    return open_store


def test_the_store_opens_on_its_own_thread_once_and_is_handed_over(tmp_path: Path) -> None:
    threads: list[str] = []
    opening = StoreOpening(opener(tmp_path, threads))
    opening.start()
    store = opening.result()
    assert opening.result() is store and threads == ["store-opener"]
    assert store.persistent and store.notice is None
    store.close()


def test_without_start_the_store_opens_on_the_callers_thread_once(tmp_path: Path) -> None:
    threads: list[str] = []
    opening = StoreOpening(opener(tmp_path, threads))
    store = opening.result()
    assert opening.result() is store
    assert threads == [threading.current_thread().name]
    store.close()


def test_what_opening_raised_is_raised_to_whoever_takes_the_store() -> None:
    def failing() -> Store:
        raise StoreError("Your progress could not be read: disk I/O error.")

    opening = StoreOpening(failing)
    opening.start()
    with pytest.raises(StoreError, match="disk I/O error"):
        opening.result()
    opening.close()  # nothing was opened: nothing to close


def test_a_store_never_taken_is_closed_when_the_learner_quits(tmp_path: Path) -> None:
    opening = StoreOpening(opener(tmp_path, []))
    opening.start()
    opening.close()  # waits for the opening, then closes what it opened
    store = opening.result()
    with pytest.raises(StoreError, match="closed"):
        store.answer_rows()


def test_a_damaged_file_opened_on_the_thread_is_kept_aside_and_reported(tmp_path: Path) -> None:
    damaged = b"this is not a database" * 100
    (tmp_path / FILE_NAME).write_bytes(damaged)
    opening = StoreOpening(opener(tmp_path, []))
    opening.start()
    store = opening.result()
    (kept,) = tmp_path.glob(FILE_NAME + ".corrupt-*")
    assert kept.read_bytes() == damaged  # never repaired in place
    assert store.notice is not None and "Your progress file was damaged" in store.notice
    assert kept.name in store.notice and store.persistent
    store.close()
