"""A cache of checked case files, so that opening a large library does not re-read every case.

Each entry is the outcome of checking one file (its summary and diagnostics, never the case
itself), kept with the file's modification time and size. An entry is used only while both are
unchanged, and the whole cache only while the program version, the references and the algorithm
are unchanged. The cache is an optimisation: any problem reading it means starting afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tutor import __version__
from tutor.core.cases.diagnostics import Diagnostic, Severity
from tutor.core.cases.files import (
    ALGORITHM_FILE,
    REFERENCES_FILE,
    find_case_files,
    library_folders,
)
from tutor.core.library.outcome import CaseSummary, FileOutcome, Listing
from tutor.fileio import write_text_atomic
from tutor.paths import bundled_cases_dir, cache_dir

FORMAT = 4  # 2: each summary counts the case's decisions; 3: and each step's topics;
# 4: the listing index holds a line's topics as one JSON string
Stamp = tuple[int, int]


def stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def cache_inputs(targets: Sequence[Path]) -> list[Path]:
    """The files every case's outcome depends on besides itself."""
    bundled = bundled_cases_dir()
    inputs = [bundled / ALGORITHM_FILE, bundled / REFERENCES_FILE]
    return inputs + [folder / REFERENCES_FILE for folder in library_folders(targets)]


def cached_listing(targets: Sequence[Path]) -> Listing | None:
    """The library listing straight from the cache: every file's, if all are unchanged since
    they were checked; else the files the cache still knows, in order (those new or changed
    since are listed once the full load has checked them); None if it knows none. Needs no
    YAML parser and no models, so it is fast enough for the program's first frame: read from
    the listing index where it holds (see listing_index), else from the cache's entries."""
    quick = indexed_listing(targets)
    if quick is not None:
        return quick
    files, missing = find_case_files(targets)
    cache = OutcomeCache(targets, cache_inputs(targets))
    known = [outcome for outcome in map(cache.get, files) if outcome is not None]
    if not known:
        return None
    listing = Listing(diagnostics=list(missing))
    listing.add(known)
    return listing


def indexed_listing(targets: Sequence[Path]) -> Listing | None:
    """The listing in the index written beside the cache, if it still holds (see
    listing_index); None otherwise."""
    from tutor.core.library.listing_index import read_index

    key = OutcomeCache.key_of(targets)
    fingerprint = _jsonable(_fingerprint(cache_inputs(targets)))
    return read_index(key.with_suffix(".listing"), fingerprint, targets, _diagnostic_from)


def _fingerprint(inputs: Sequence[Path]) -> list[Any]:
    # Diagnostics name files relative to the working folder, so it is part of the key too.
    return [__version__, FORMAT, str(Path.cwd()), *[[str(p), stamp(p)] for p in inputs]]


class OutcomeCache:
    def __init__(self, targets: Sequence[Path], inputs: Sequence[Path]) -> None:
        self.file = self.key_of(targets)
        self.index = self.file.with_suffix(".listing")
        self.fingerprint = _fingerprint(inputs)
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        self._read()

    @staticmethod
    def key_of(targets: Sequence[Path]) -> Path:
        """The cache's file for these targets (the listing index is beside it)."""
        key = "\n".join(str(p.resolve()) for p in targets)
        # os.fsencode: a file name that is not UTF-8 (held as surrogates) hashes as its bytes.
        return cache_dir() / f"library-{hashlib.sha256(os.fsencode(key)).hexdigest()[:16]}.json"

    def _read(self) -> None:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("fingerprint") == _jsonable(self.fingerprint):
            entries = data.get("entries")
            if isinstance(entries, dict):
                self.entries = entries

    def get(self, path: Path) -> FileOutcome | None:
        entry = self.entries.get(str(path))
        current = stamp(path)
        if entry is None or current is None or entry.get("stamp") != list(current):
            return None
        try:
            return _outcome_from(path, entry)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, outcome: FileOutcome) -> None:
        current = stamp(outcome.path)
        if current is None:
            return
        self.entries[str(outcome.path)] = {"stamp": list(current), **_outcome_to(outcome)}
        self.changed = True

    def save(self, keep: Sequence[Path], outcomes: Sequence[FileOutcome]) -> None:
        """Write the cache (atomically) with entries for `keep` only, and the listing index of
        `keep` and their `outcomes`; never fail the caller."""
        from tutor.core.library.listing_index import write_index

        wanted = {str(p) for p in keep}
        if not self.changed and set(self.entries) == wanted and self.index.exists():
            return
        entries = {k: v for k, v in self.entries.items() if k in wanted}
        fingerprint = _jsonable(self.fingerprint)
        text = json.dumps({"fingerprint": fingerprint, "entries": entries})
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.file, text)
        listing = Listing()
        listing.add(outcomes)
        stamps = {name: entry["stamp"] for name, entry in entries.items()}
        write_index(self.index, fingerprint, keep, stamps, listing, _diagnostic_to)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _diagnostic_to(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file,
        "message": d.message,
        "line": d.line,
        "column": d.column,
        "field": d.field,
        "severity": d.severity.value,
    }


def _diagnostic_from(data: dict[str, Any]) -> Diagnostic:
    return Diagnostic(
        file=data["file"],
        message=data["message"],
        line=data["line"],
        column=data["column"],
        field=data["field"],
        severity=Severity(data["severity"]),
    )


def _outcome_to(outcome: FileOutcome) -> dict[str, Any]:
    summary = outcome.summary
    return {
        "summary": None
        if summary is None
        else {
            "id": summary.id,
            "title": summary.title,
            "summary": summary.summary,
            "tags": list(summary.tags),
            "difficulty": summary.difficulty,
            "minutes": summary.minutes,
            "phenotype": summary.phenotype,
            "version": summary.version,
            "decisions": summary.decisions,
            "topics": [[step, list(names)] for step, names in summary.topics],
        },
        "problems": [_diagnostic_to(d) for d in outcome.problems],
        "id_diagnostic": None
        if outcome.id_diagnostic is None
        else _diagnostic_to(outcome.id_diagnostic),
    }


def _outcome_from(path: Path, entry: dict[str, Any]) -> FileOutcome:
    data = entry["summary"]
    summary = (
        None
        if data is None
        else CaseSummary(
            path=path,
            id=data["id"],
            title=data["title"],
            summary=data["summary"],
            tags=tuple(data["tags"]),
            difficulty=data["difficulty"],
            minutes=data["minutes"],
            phenotype=data["phenotype"],
            version=data["version"],
            decisions=data["decisions"],
            topics=tuple((step, tuple(names)) for step, names in data["topics"]),
        )
    )
    id_diagnostic = entry["id_diagnostic"]
    return FileOutcome(
        path=path,
        summary=summary,
        loaded=None,
        problems=[_diagnostic_from(d) for d in entry["problems"]],
        id_diagnostic=None if id_diagnostic is None else _diagnostic_from(id_diagnostic),
    )
