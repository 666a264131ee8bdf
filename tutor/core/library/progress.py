"""A library being checked, batch by batch: what a first run can list before every file is read.

`load_library(progress=...)` hands each batch of checked files to its callback as a `Checked`:
the batch itself, and the library of every file known so far (from the cache, or checked), in
the order the files are found, so the list can grow while the workers read the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from tutor.core.library.outcome import FileOutcome, Listing

BATCH = 16
"""Files per batch: the chunk each worker process checks at a time, so the first titles come
back after a few files, not after a worker's share of the library."""

L = TypeVar("L", bound=Listing)


@dataclass(frozen=True)
class Checked(Generic[L]):
    """One step of a load: the files just checked, and the library as far as it is known."""

    batch: tuple[FileOutcome, ...]
    """The outcomes that arrived in this step, in file order (none in the first step)."""
    library: L
    """Every file known so far (cached or checked), in file order; a copy the caller keeps."""
    checked: int
    """Files known so far (from the cache or checked)."""
    total: int
    """Files in the library."""


Progress = Callable[[Checked[L]], None]


class GrowingListing(Generic[L]):
    """The library of the files known so far, kept in file order as batches arrive.

    Batches that come after every file known so far (a first run: all of them) are appended;
    one that lands between known files (a partly stale cache) rebuilds the listing, so that it
    is always what `Listing.add` makes of the known files in order, duplicate ids included."""

    def __init__(self, known: dict[Path, FileOutcome | None], fresh: Callable[[], L]) -> None:
        self._known = dict(known)
        self._position = {path: index for index, path in enumerate(known)}
        self._fresh = fresh
        self._listing: L
        self._tail: int
        """The place of the last file known, in file order."""
        self._checked = sum(outcome is not None for outcome in self._known.values())
        self._rebuild()

    def _rebuild(self) -> None:
        self._listing = self._fresh()
        known = [outcome for outcome in self._known.values() if outcome is not None]
        self._listing.add(known)
        self._tail = max((self._position[o.path] for o in known), default=-1)

    def add(self, batch: Sequence[FileOutcome]) -> Checked[L]:
        for outcome in batch:
            self._checked += self._known[outcome.path] is None
            self._known[outcome.path] = outcome
        first = min((self._position[o.path] for o in batch), default=self._tail + 1)
        if first > self._tail:
            self._listing.add(batch)
            self._tail = max(self._position[o.path] for o in batch) if batch else self._tail
        else:
            self._rebuild()
        library = self._fresh()
        library.summaries = list(self._listing.summaries)
        library.failed = list(self._listing.failed)
        library.diagnostics = list(self._listing.diagnostics)
        return Checked(tuple(batch), library, self._checked, len(self._known))


def reported(
    outcomes: Iterable[FileOutcome],
    known: dict[Path, FileOutcome | None],
    fresh: Callable[[], L],
    progress: Progress[L] | None,
) -> Iterator[FileOutcome]:
    """`outcomes` (those of the files `known` has as None), each passed on as it comes; with
    `progress`, also handed to it a batch at a time: first the files already known (an empty
    batch), then every `BATCH` outcomes, then the rest. Nothing to check, nothing to report."""
    if progress is None or None not in known.values():
        yield from outcomes
        return
    growing = GrowingListing(known, fresh)
    progress(growing.add(()))
    batch: list[FileOutcome] = []
    for outcome in outcomes:
        yield outcome
        batch.append(outcome)
        if len(batch) == BATCH:
            progress(growing.add(batch))
            batch = []
    if batch:
        progress(growing.add(batch))
