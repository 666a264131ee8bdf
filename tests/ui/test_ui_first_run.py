"""A first run lists the cases as they are checked (issue 17): the list grows a batch at a time,
the learner's place is kept, and a case already listed opens before the rest are checked.

The checker is gated: the test lets the background loader check one batch of files at a time."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from textual.pilot import Pilot
from ui_helpers import SIZE, screen_text

from tutor.cli import build_parser
from tutor.core.library import library as library_module
from tutor.core.library.progress import BATCH
from tutor.launch import app_from_args
from tutor.ui.app import TutorApp
from tutor.ui.screens.player import PlayerScreen
from tutor.ui.widgets.lists import KeyList

COUNT = 2 * BATCH + 3


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Semaphore]:
    """Each release lets the loader check one more file (files read on the app's own thread,
    to open a case, pass freely)."""
    permits = threading.Semaphore(0)
    real = library_module.check_file

    def gated(path: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "library-loader":
            assert permits.acquire(timeout=60), "the test never let this file be checked"
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module, "check_file", gated)
    yield permits
    permits.release(COUNT)  # never leave the loader waiting


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    cases = tmp_path / "cases"
    cases.mkdir()
    for number in range(COUNT):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: case-{number:03d}")
        (cases / f"case-{number:03d}.yaml").write_text(text)
    return cases


async def until(pilot: Pilot[int], condition: Callable[[], bool]) -> None:
    for _ in range(3000):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


def listed(app: TutorApp) -> list[str]:
    return [o.id or "" for o in app.library_screen.query_one("#cases", KeyList).options]


def highlighted(app: TutorApp) -> str | None:
    option = app.library_screen.query_one("#cases", KeyList).highlighted_option
    return option.id if option else None


def checked(app: TutorApp, count: int) -> Callable[[], bool]:
    return lambda: app.checking is not None and app.checking.checked == count


async def test_the_list_grows_batch_by_batch_and_a_listed_case_opens(
    gate: threading.Semaphore, folder: Path
) -> None:
    app = app_from_args(build_parser().parse_args(["play", "--cases", str(folder), "--seed", "1"]))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, checked(app, 0))
        assert f"0 of {COUNT} files checked" in screen_text(app.screen)
        assert not [key for key in listed(app) if key.startswith("case:")]

        gate.release(BATCH)
        await until(pilot, checked(app, BATCH))
        assert listed(app) == [f"case:case-{n:03d}" for n in range(BATCH)]
        assert f"{BATCH} of {COUNT} files checked" in screen_text(app.screen)
        await pilot.press("down", "down")
        assert highlighted(app) == "case:case-002"

        gate.release(BATCH)
        # Drawn at once or a moment later (the list is redrawn at most a few times a second).
        await until(pilot, lambda: listed(app) == [f"case:case-{n:03d}" for n in range(2 * BATCH)])
        assert app.checking is not None and app.checking.checked == 2 * BATCH
        assert highlighted(app) == "case:case-002"  # the learner's place, kept

        await pilot.press("enter")  # before the last files are checked
        await pilot.pause()
        assert app.loaded_library is None
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.attempt.case.id == "case-002"
        assert app.store is not None and app.records  # the answers are kept

        gate.release(COUNT - 2 * BATCH)
        await app.wait_for_library()
        await pilot.pause()
        assert app.checking is None
        assert [s.id for s in app.library.summaries] == [f"case-{n:03d}" for n in range(COUNT)]
        assert isinstance(app.screen, PlayerScreen)  # the case stays open


async def test_a_changed_file_takes_its_place_and_the_highlight_stays_on_its_case(
    gate: threading.Semaphore, folder: Path
) -> None:
    from tutor.core.library.library import load_library

    load_library([folder], keep_models=False, use_cache=True)  # an earlier run filled the cache
    changed = folder / "case-000.yaml"
    changed.write_text(changed.read_text().replace("title: A small", "title: A changed"))
    os.utime(changed, ns=(1, 1))
    app = app_from_args(build_parser().parse_args(["play", "--cases", str(folder)]))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The first frame lists what the cache still knows; the highlight is on its first case.
        assert listed(app)[:2] == ["case:case-001", "case:case-002"]
        assert highlighted(app) == "case:case-001"
        await until(pilot, checked(app, COUNT - 1))
        assert f"{COUNT - 1} of {COUNT} files checked" in screen_text(app.screen)
        gate.release(1)
        await app.wait_for_library()
        await pilot.pause()
        assert listed(app)[:2] == ["case:case-000", "case:case-001"]
        assert highlighted(app) == "case:case-001"


async def test_a_case_chosen_from_a_partly_stale_listing_opens_before_the_load_ends(
    gate: threading.Semaphore, folder: Path
) -> None:
    from tutor.core.library.library import load_library

    load_library([folder], keep_models=False, use_cache=True)
    changed = folder / f"case-{COUNT - 1:03d}.yaml"
    changed.write_text(changed.read_text().replace("title: A small", "title: A changed"))
    os.utime(changed, ns=(1, 1))
    app = app_from_args(build_parser().parse_args(["play", "--cases", str(folder)]))
    assert isinstance(app, TutorApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # on the first case the cache knows
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        assert app.loaded_library is None  # the changed file is still waiting to be checked
        assert app.screen.attempt.case.id == "case-000"
        gate.release(1)
        await app.wait_for_library()
