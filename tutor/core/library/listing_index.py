"""The library listing as the last full load left it, for the program's first frame.

Written beside the cache of checked files (library_cache) whenever the library loads with it:
the case files in the order they were found, each with its stamp (modification time and size),
then the listing those files made (`Listing.add` over their outcomes). It is used only while
the fingerprint and every file's stamp are unchanged, so it says exactly what a full load would.

Reading it costs one stat a file and no model, YAML parser or per-case object: each case's
summary is one line of JSON, decoded when it is first asked for (the first page at once, the
rest only if the learner filters or pages on before the full library has loaded, or a quiz
draws it).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tutor.core.cases.diagnostics import Diagnostic
from tutor.core.cases.files import walk_case_files
from tutor.core.library.outcome import CaseSummary, FailedCase, Listing, QuizFacts
from tutor.fileio import write_text_atomic

_SUMMARY_FIELDS = (
    "id",
    "title",
    "summary",
    "tags",
    "difficulty",
    "minutes",
    "phenotype",
    "version",
    "decisions",
    "topics",
)

ToJson = Callable[[Diagnostic], dict[str, Any]]
FromJson = Callable[[dict[str, Any]], Diagnostic]


class IndexRows:
    """The index's summary lines, each decoded when first asked for. A line's step topics (most
    of its bytes) are one JSON string inside it, decoded only when its summary is built, so a
    quiz reads every case's tags and decisions at a fraction of the cost of the summaries."""

    def __init__(self, files: list[str], lines: list[str]) -> None:
        self._files = files
        self._lines = lines
        self._built: list[CaseSummary | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def at(self, index: int) -> CaseSummary:
        built = self._built[index]
        if built is None:
            row = json.loads(self._lines[index])
            data = dict(zip(_SUMMARY_FIELDS, row[1:], strict=True))
            built = CaseSummary(
                path=Path(self._files[row[0]]),
                tags=tuple(data.pop("tags")),
                topics=tuple(
                    (step, tuple(names)) for step, names in json.loads(data.pop("topics"))
                ),
                **data,
            )
            self._built[index] = built
        return built

    def quiz_facts(self) -> list[QuizFacts]:
        tags, decisions = _SUMMARY_FIELDS.index("tags") + 1, _SUMMARY_FIELDS.index("decisions") + 1
        facts = []
        for line in self._lines:
            row = json.loads(line)
            facts.append((tuple(row[tags]), row[decisions]))
        return facts


def write_index(
    file: Path,
    fingerprint: Any,
    files: Sequence[Path],
    stamps: dict[str, Any],
    listing: Listing,
    to_json: ToJson,
) -> None:
    """Write the index of `files` (stamps from the cache's entries) and the `listing` they
    made; never fail the caller. A file without a stamp leaves no index at all."""
    names = [str(path) for path in files]
    if any(name not in stamps for name in names):
        with contextlib.suppress(OSError):
            file.unlink(missing_ok=True)
        return
    place = {name: index for index, name in enumerate(names)}
    header = {
        "fingerprint": fingerprint,
        "files": names,
        "stamps": [part for name in names for part in stamps[name]],
        "failed": [
            [place[str(failed.path)], [to_json(d) for d in failed.diagnostics]]
            for failed in listing.failed
        ],
        "diagnostics": [to_json(d) for d in listing.diagnostics],
    }
    lines = [json.dumps(header)]
    for summary in listing.summaries:
        fields = [getattr(summary, name) for name in _SUMMARY_FIELDS[:-1]]
        # The topics (last) are decoded only with the summary (see IndexRows).
        lines.append(json.dumps([place[str(summary.path)], *fields, json.dumps(summary.topics)]))
    with contextlib.suppress(OSError):
        write_text_atomic(file, "\n".join(lines))


def read_index(
    file: Path, fingerprint: Any, targets: Sequence[Path], from_json: FromJson
) -> Listing | None:
    """The listing in the index if the fingerprint and every case file under `targets` are as
    it recorded them (no file more, none fewer, none changed); None otherwise."""
    try:
        text = file.read_text(encoding="utf-8")
        head, _, body = text.partition("\n")
        header = json.loads(head)
        if header["fingerprint"] != fingerprint:
            return None
        files: list[str] = header["files"]
        stamps: list[int] = header["stamps"]
        found = _found(targets)
        if found is None or sorted(found) != sorted(files):
            return None
        now = [part for s in map(found.__getitem__, files) for part in (s.st_mtime_ns, s.st_size)]
        if now != stamps:
            return None
        failed = [
            FailedCase(Path(files[index]), [from_json(d) for d in diagnostics])
            for index, diagnostics in header["failed"]
        ]
        diagnostics = [from_json(d) for d in header["diagnostics"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    listing = Listing(failed, diagnostics)
    listing.read_rows(IndexRows(files, body.split("\n") if body else []))
    return listing


def _found(targets: Sequence[Path]) -> dict[str, os.stat_result] | None:
    """Every case file the targets name or hold, with its status; None where finding them
    reports a problem (a folder that cannot be read, a path that is gone), which only the
    full load puts into words."""
    found: dict[str, os.stat_result] = {}
    problems: list[Diagnostic] = []
    for target in targets:
        if target.is_dir():
            found.update(walk_case_files(target, problems))
        elif target.is_file():
            found[str(target)] = target.stat()
        else:
            return None
    return None if problems else found
