"""The library opens before the full library has loaded: from the cache, or with a loading
line on a first run; the models, the YAML reader and the store follow in the background."""

from __future__ import annotations

import subprocess
import sys

from conftest import MINIMAL_CASE
from ui_helpers import SIZE, screen_text

from tutor.cli import build_parser
from tutor.core.library.library import Library, load_library
from tutor.launch import app_from_args
from tutor.paths import bundled_cases_dir
from tutor.ui.screens.player import PlayerScreen


def library_app(*argv: str):
    app = app_from_args(build_parser().parse_args(["play", *argv]))
    assert not isinstance(app, int)
    return app


async def test_first_run_shows_loading_then_the_cases_and_the_store() -> None:
    app = library_app()
    assert not isinstance(app.library, Library)  # nothing cached yet: an empty listing
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        assert isinstance(app.library, Library)
        assert app.store is not None
        assert "Refractory polymyositis" in screen_text(app)


async def test_warm_start_lists_the_cases_from_the_cache_at_once() -> None:
    load_library(None, keep_models=False, use_cache=True)  # an earlier run filled the cache
    app = library_app()
    bundled = sorted(
        p.stem
        for p in bundled_cases_dir().glob("*.yaml")
        if p.stem not in ("references", "algorithm")
    )
    assert "refractory-polymyositis" in bundled
    assert [s.id for s in app.library.summaries] == bundled
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Dermatomyositis with dysphagia" in screen_text(app)
        await app.wait_for_library()


async def test_a_case_chosen_while_loading_opens_once_loaded(write_case) -> None:
    folder = write_case(MINIMAL_CASE).parent
    load_library([folder], keep_models=False, use_cache=True)
    app = library_app("--cases", str(folder), "--seed", "1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # before (or just as) the background load finishes
        await app.wait_for_library()
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.attempt.case.id == "mini-pm"


def test_the_first_frame_imports_no_models_yaml_or_sqlite() -> None:
    code = (
        "import sys; import tutor.launch; "
        "heavy = [m for m in ('pydantic', 'yaml', 'sqlite3', 'tutor.core.cases.model') "
        "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


async def test_the_store_opens_beside_the_library_and_a_damaged_one_is_reported(
    tmp_path, monkeypatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    app = library_app()
    assert app.store is None  # not opened before the first frame
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_library()
        await pilot.pause()
        assert app.store is not None and app.store.notice
        assert "Your progress file was damaged" in " ".join(screen_text(app).split())
        assert len(list(data.glob("progress.sqlite3.corrupt-*"))) == 1
    app.close_store()
