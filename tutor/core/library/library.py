"""A case library: the algorithm, the references, and every case that loads, plus diagnostics.

One broken file never hides the others: it is listed with its diagnostics and the rest load.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

from tutor.collector import paused
from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.case_checks import check_case
from tutor.core.algorithm.expert import expert_walk
from tutor.core.algorithm.key_rules import algorithm_problems
from tutor.core.cases.diagnostics import Diagnostic, errors
from tutor.core.cases.files import library_folders
from tutor.core.cases.loader import (
    ALGORITHM_FILE,
    REFERENCES_FILE,
    LoadedCase,
    References,
    find_case_files,
    load_case,
    parse_file,
)
from tutor.core.cases.model import Reference
from tutor.core.cases.yaml_reader import YamlDocument
from tutor.core.library.outcome import (  # noqa: F401 - FailedCase is part of the library's interface
    CaseSummary,
    FailedCase,
    FileOutcome,
    Listing,
    step_topics,
)
from tutor.core.library.progress import BATCH, Progress, reported
from tutor.paths import bundled_cases_dir


@dataclass
class Library(Listing):
    """A listing plus what playing needs: the algorithm, the references, and the cases kept."""

    algorithm: Algorithm | None = None
    references: dict[str, Reference] = field(default_factory=dict)
    cases: list[LoadedCase] = field(default_factory=list)
    # references.yaml files read besides the bundled one (a library folder's own, or that of
    # the folder holding a case file named on its own), for the commands to name.
    extra_reference_files: list[Path] = field(default_factory=list)
    playable: ClassVar[bool] = True

    def find(self, case_id: str) -> LoadedCase | None:
        """The case with this id: kept in memory, or read again from its file."""
        summary = next((s for s in self.summaries if s.id == case_id), None)
        return None if summary is None else self.read(summary)

    def read(self, summary: CaseSummary) -> LoadedCase | None:
        """The case a listed summary stands for: kept in memory, or read again from its file."""
        kept = next((c for c in self.cases if c.model.id == summary.id), None)
        if kept is not None:
            return kept
        outcome = check_file(summary.path, self.references, self.algorithm)
        if outcome.loaded is None or errors(outcome.problems):
            return None  # changed on disk since the library was listed
        return outcome.loaded


def load_algorithm(folder: Path | None = None) -> tuple[Algorithm | None, list[Diagnostic]]:
    parsed, problems = parse_file((folder or bundled_cases_dir()) / ALGORITHM_FILE, Algorithm)
    if parsed is not None:
        problems.extend(
            parsed.diagnostic(path, message) for path, message in algorithm_problems(parsed.model)
        )
    return (parsed.model if parsed else None), problems


def load_references(folders: Sequence[Path] = ()) -> References:
    """The bundled references, plus those of any other library folder being loaded."""
    references = References()
    bundled = bundled_cases_dir()
    references.add_file(bundled / REFERENCES_FILE)
    seen = {(bundled / REFERENCES_FILE).resolve()}
    for folder in folders:
        extra = folder / REFERENCES_FILE
        if extra.is_file() and extra.resolve() not in seen:
            seen.add(extra.resolve())
            references.add_file(extra)
    return references


_WORKER_CONTEXT: tuple[dict[str, Reference], Algorithm | None, bool] = ({}, None, True)


def _init_worker(
    references: dict[str, Reference], algorithm: Algorithm | None, keep_model: bool
) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = (references, algorithm, keep_model)


def _check_in_worker(path: Path) -> FileOutcome:
    return check_file(path, *_WORKER_CONTEXT)


def check_file(
    path: Path,
    references: dict[str, Reference],
    algorithm: Algorithm | None,
    keep_model: bool = True,
) -> FileOutcome:
    """Load one case and run every single-file check. Positions are dropped afterwards: they
    are only needed for these diagnostics, and a large library would hold them all in memory."""
    with paused():  # loading builds objects that all stay alive: see tutor.collector
        # Checked in a call of its own, so that what only the checks needed (the positions,
        # and the case when it is not kept) is freed before collection resumes: the first
        # collection after it would otherwise scan every object of it, about 1 ms a case.
        return _check_file(path, references, algorithm, keep_model)


def _check_file(
    path: Path, references: dict[str, Reference], algorithm: Algorithm | None, keep_model: bool
) -> FileOutcome:
    loaded, problems = load_case(path)
    if loaded is None:
        return FileOutcome(path, None, None, problems, None)
    if algorithm is not None:
        problems.extend(check_case(loaded, references, algorithm))
    summary = CaseSummary.of(
        loaded.model,
        path,
        len(expert_walk(loaded.model, algorithm)),
        step_topics(loaded.model, algorithm),
    )
    id_diagnostic = loaded.diagnostic(("id",), "")
    kept = replace(loaded, document=_NO_POSITIONS) if keep_model else None
    return FileOutcome(path, summary, kept, problems, id_diagnostic)


_NO_POSITIONS = YamlDocument(None)


def _outcomes(
    files: list[Path],
    references: dict[str, Reference],
    algorithm: Algorithm | None,
    workers: int,
    keep_models: bool,
    threaded: bool = False,
) -> Iterator[FileOutcome]:
    """Check every file, in order; with several workers, in parallel processes."""
    if workers <= 1 or len(files) < PARALLEL_MIN_FILES:
        for path in files:
            yield check_file(path, references, algorithm, keep_models)
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(threaded),
        initializer=_init_worker,
        initargs=(references, algorithm, keep_models),
    ) as pool:
        # Small chunks, handed back in order: the first titles can be listed after a few files.
        yield from pool.map(_check_in_worker, files, chunksize=BATCH)


PARALLEL_MIN_FILES = 64


def _context(threaded: bool) -> multiprocessing.context.BaseContext:
    """Fork from a single-threaded program (the commands): the workers start at once. A
    program with threads (the app) must not fork itself, since a lock another thread holds
    would stay held in the child for ever: its workers fork from a clean server process
    instead, which imports the loader once for all of them."""
    methods = multiprocessing.get_all_start_methods()
    if not threaded and "fork" in methods:
        return multiprocessing.get_context("fork")
    if threaded:
        _start_resource_tracker()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tutor.core.library.library"])
        return context
    return multiprocessing.get_context("spawn")


def _start_resource_tracker() -> None:
    """multiprocessing's helper process is handed the descriptor of `sys.stderr`, and a
    program that captures `sys.stderr` (the app does) has none to hand: it fails with "bad
    value(s) in fds_to_keep". So the helper starts with the null device for its errors (on
    the app's terminal they would be drawn over the screen)."""
    from multiprocessing import resource_tracker

    saved = sys.stderr
    with open(os.devnull, "w") as null:
        try:
            sys.stderr = null
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _checked(
    files: list[Path],
    targets: Sequence[Path],
    library: Library,
    workers: int,
    keep_models: bool,
    use_cache: bool,
    threaded: bool,
    progress: Progress[Library] | None = None,
) -> list[FileOutcome]:
    """The outcome of every file, in order: from the cache where still valid, else checked
    (and, with `progress`, handed to it in batches as they are checked)."""
    check = library.references, library.algorithm, workers

    def fresh() -> Library:
        return replace(library, failed=[], diagnostics=list(library.diagnostics))

    if not use_cache or keep_models:
        every = _outcomes(files, *check, keep_models, threaded)
        return list(reported(every, dict.fromkeys(files), fresh, progress))
    from tutor.core.library.library_cache import OutcomeCache, cache_inputs

    cache = OutcomeCache(targets, cache_inputs(targets))
    cached = {path: cache.get(path) for path in files}
    stale = [path for path, outcome in cached.items() if outcome is None]
    for outcome in reported(_outcomes(stale, *check, False, threaded), cached, fresh, progress):
        cache.put(outcome)
        cached[outcome.path] = outcome
    outcomes = [outcome for outcome in cached.values() if outcome is not None]
    cache.save(files, outcomes)
    return outcomes


def _listed(targets: Sequence[Path]) -> Listing | None:
    """The listing index's listing while no case file and no input has changed since the last
    full load wrote it: exactly what checking from the cache would list, read without the
    cache's entries (the cost of a warm start, or of a quiz, then does not grow with them)."""
    from tutor.core.library.library_cache import indexed_listing

    return indexed_listing(targets)


def load_library(
    paths: Sequence[Path] | None = None,
    *,
    workers: int = 1,
    keep_models: bool = True,
    use_cache: bool = False,
    threaded: bool = False,
    progress: Progress[Library] | None = None,
) -> Library:
    """Load case files and folders (default: the bundled library) with every check applied.

    `workers` > 1 checks files in that many processes (only worth it for large libraries, and
    only from a single-threaded program such as the command line). With `keep_models` False
    only the summaries and diagnostics are kept; `library.find` then rereads a case on demand.
    `use_cache` (with `keep_models` False) reuses the outcome of every file unchanged since the
    last load (see library_cache), so a large library opens without re-reading its cases.
    `threaded`: the caller has other threads running (the app), so workers are not forked
    from it (see `_context`). `progress` is called with each batch of files checked, and the
    library as far as it is known then (see progress.py): first with the files the cache
    already knows, then every few files as they are checked, in order."""
    targets = list(paths) if paths else [bundled_cases_dir()]
    algorithm, diagnostics = load_algorithm()
    bundled = bundled_cases_dir()
    references = load_references(library_folders(targets))
    diagnostics.extend(references.diagnostics)
    library = Library(
        diagnostics=diagnostics,
        algorithm=algorithm,
        references=references.by_id,
        extra_reference_files=[
            f for f in references.files if f.resolve() != (bundled / REFERENCES_FILE).resolve()
        ],
    )
    if use_cache and not keep_models and (listed := _listed(targets)) is not None:
        library.list_as(listed)
        return library
    files, missing = find_case_files(targets)
    library.diagnostics.extend(missing)
    checked = _checked(files, targets, library, workers, keep_models, use_cache, threaded, progress)
    library.cases = library.add(checked)
    return library
