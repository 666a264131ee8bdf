"""Where case files are and how to name them: light enough for the program's first frame."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from tutor.core.cases.diagnostics import Diagnostic

REFERENCES_FILE = "references.yaml"
ALGORITHM_FILE = "algorithm.yaml"
RESERVED_FILES = frozenset({REFERENCES_FILE, ALGORITHM_FILE})
CASE_SUFFIXES = (".yaml", ".yml")


# Folders unpacked from a case pack, shown as the pack they came from (see library.pack).
_SHOWN_AS: dict[Path, str] = {}


def show_folder_as(folder: Path, name: str) -> None:
    """Name the files under `folder` as `name:relative/path` wherever a path is shown, so an
    error in a packed case points into the zip the educator gave, not into the cache."""
    _SHOWN_AS[folder.resolve()] = name


def display_path(path: Path) -> str:
    """Paths relative to the working folder when possible: shorter, and clickable in editors.
    A file unpacked from a case pack is named by the pack and its place in it."""
    resolved = path.resolve()
    for folder, name in _SHOWN_AS.items():
        if resolved == folder:
            return name
        if resolved.is_relative_to(folder):
            return f"{name}:{resolved.relative_to(folder).as_posix()}"
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_case_files(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Case files named directly or found in folders (recursively), in a stable order.

    A named path that is not a readable case file, a folder that holds none, and a subfolder
    that cannot be read are each reported, never skipped in silence.
    """
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        shown = display_path(path)
        if path.is_dir():
            if path.suffix in CASE_SUFFIXES:
                problems.append(Diagnostic(shown, "is a folder, not a case file"))
                continue
            before = len(problems)
            in_folder = sorted(Path(name) for name in walk_case_files(path, problems))
            if not in_folder and len(problems) == before:
                problems.append(Diagnostic(shown, "no case files (*.yaml, *.yml) in this folder"))
            found.extend(in_folder)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            problems.append(Diagnostic(shown, "not a case file (not a regular file)"))
        else:
            problems.append(Diagnostic(shown, "no such file or folder"))
    return found, problems


def library_folders(targets: Sequence[Path]) -> list[Path]:
    """The folders whose library files (references.yaml) apply: each folder named, and the
    folder of each case file named on its own, so `tutor validate my-case.yaml` sees the
    references written beside it exactly as `tutor validate .` would."""
    folders = [t if t.is_dir() else t.parent for t in targets if t.is_dir() or t.is_file()]
    return list(dict.fromkeys(folders))


def is_case_file_name(name: str) -> bool:
    """A name `find_case_files` takes for a case file: a case suffix as `Path.suffix` reads it
    (so not a bare ".yaml"), and not one of the library's own files."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:] in CASE_SUFFIXES and name not in RESERVED_FILES


def walk_case_files(folder: Path, problems: list[Diagnostic]) -> dict[str, os.stat_result]:
    """Every case file under `folder`, named as `str(Path)` names it, with its status, in the
    order the folder is walked (not sorted). One stat a file: it tells a regular file (a link
    to one counts) and, for the library cache, whether the file changed."""

    def unreadable(error: OSError) -> None:
        where = display_path(Path(error.filename)) if error.filename else display_path(folder)
        problems.append(Diagnostic(where, f"cannot read this folder: {error.strerror or error}"))

    files: dict[str, os.stat_result] = {}
    for root, folders, names in os.walk(folder, onerror=unreadable):
        folders.sort()
        prefix = str(Path(root))
        prefix = "" if prefix == "." else prefix.rstrip(os.sep) + os.sep
        for name in names:
            if not is_case_file_name(name):
                continue
            candidate = prefix + name
            try:
                status = os.stat(candidate)
            except (OSError, ValueError):
                continue
            if stat.S_ISREG(status.st_mode):
                files[candidate] = status
    return files
