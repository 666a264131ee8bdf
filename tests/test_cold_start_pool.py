"""A first run checks the cases not in the cache in a pool of worker processes, one per core,
as `tutor validate --jobs 2` does (issue 17): on a 2-core machine, a pool of two."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import MINIMAL_CASE

from tutor.core.library import library as library_module
from tutor.ui.loader import LibraryLoader


class RecordingPool:
    """Stands in for ProcessPoolExecutor: records how it was made, runs the work in-process."""

    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, **options: Any) -> None:
        RecordingPool.made.append(options)
        options["initializer"](*options["initargs"])

    def __enter__(self) -> RecordingPool:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def map(
        self, work: Callable[[Path], Any], items: Iterable[Path], chunksize: int
    ) -> Iterator[Any]:
        return map(work, items)


class ImmediateApp:
    def call_from_thread(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


def test_the_first_run_checks_cases_in_one_worker_per_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = library_module.PARALLEL_MIN_FILES
    for number in range(count):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: case-{number:03d}")
        (tmp_path / f"case-{number:03d}.yaml").write_text(text)
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(library_module, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.setattr(library_module, "_WORKER_CONTEXT", library_module._WORKER_CONTEXT)
    monkeypatch.setattr(RecordingPool, "made", [])
    done = threading.Event()
    loaded: list[Any] = []

    def keep(library: Any) -> None:
        loaded.append(library)
        done.set()

    LibraryLoader([tmp_path]).start(ImmediateApp(), keep)  # type: ignore[arg-type]
    assert done.wait(60)
    assert [pool["max_workers"] for pool in RecordingPool.made] == [2]
    assert len(loaded[0].summaries) == count


class QuitApp:
    """An app that has quit: handing it anything fails, as Textual's does."""

    def call_from_thread(self, callback: Callable[[Any], None], value: Any) -> None:
        raise RuntimeError("App is not running")


def test_quitting_during_a_first_run_stops_the_checking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(40):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: case-{number:03d}")
        (tmp_path / f"case-{number:03d}.yaml").write_text(text)
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    read: list[Path] = []
    real = library_module.check_file
    monkeypatch.setattr(
        library_module, "check_file", lambda path, *a: read.append(path) or real(path, *a)
    )
    loaded: list[Any] = []
    loader = LibraryLoader([tmp_path])
    loader.start(QuitApp(), loaded.append, loaded.append)  # type: ignore[arg-type]
    assert loader._thread is not None
    loader._thread.join(60)
    assert not loader._thread.is_alive()
    assert loaded == [] and read == []  # it stopped before the first file
